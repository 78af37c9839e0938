"""Kind `quote`: quotations of someone else's words, and whether they name their source.

A quotation is text in quotation marks (“…”, "…", '…', 「…」, 『…』…) or a Markdown block quote
that reads as someone's words: long enough, with a predicate, and not a title, a name from the
config, an emphasised word or the author's own motto (rules/quotations.yaml says how to tell).
Nor are words the author uses rather than reports, unless they are a claim about someone: a
short phrase that is the subject or topic of the author's sentence (「たぶん大丈夫」は…), words
describing the noun after them (「…」ものづくり, a “…” mindset), a slogan without a verb that no
speech verb or noun reports, words a sign, a screen or a recording shows (things.<language>.txt),
and words whose speech verb has the author as its subject ("I told my team that “…”").
It is attributed when a link is near it, a dash or parenthesis after it names a source
("— Alan Kay", "（週刊ロジスティクス より）"), a source introduces it ("Alan Kay: “…”") or opens
its block quote ("> @someone: …"), a channel of the author's own organization introduces it
("from our team chat:", 社内チャットに), a reporting word has a named source close to it in its
sentence ("according to Robotics Weekly", 「…」と青山さんが語った; not a speech verb whose
speaker the parse finds unnamed, nor the handles a reply opens with), or the parse gives it a
speaker:

- a speech verb (rules/unattributed-quote/speech-verbs.<language>.txt) in its sentence or the
  next, whose subject, passive agent or described noun names someone ("Raj Patel told reporters
  that …"), or points back at someone the post names earlier: a pronoun ("“…,” she said",
  彼女は「…」と語った, 同氏は), a description ("the founder said"), a noun for words a pronoun
  owns ("Her line that “…”") or, in Japanese, no subject at all (田中社長に会った。「…」と話していた);
- (English) a clause holding the quotation whose subject does ("Tribe likened the rules to “…”"),
  or a sentence ending in a colon right before it ("Trump issued the following statement:");
- the speaker of the quotation before it in its paragraph, or of the paragraph before when it
  opens its paragraph (newswriting's quotation that runs on over paragraphs left open).

A speaker who is not named ("a friend told me", "the guy at the counter", ある役員) is no
source, and a quotation that has one does not carry on the speaker before it.

Rule params: `report: unattributed` flags quotations without a source; `report: dominant` gives
a hint for a quotation that makes up most of the post (quotation must stay subordinate to one's
own text), with `dominant_share` and `dominant_min_chars`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..nlp.segments import data_dir
from .base import Context, Hit, Rule, kind
from .loader import expand_parts, expand_word_lists, word_list
from .targets import targets, targets_between
from .units import units
from .yamlfile import read_yaml

if TYPE_CHECKING:
    from ..config import Config, Organization
    from .base import RuleSpec

REPORTS = ("unattributed", "dominant")
_EN_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_WORD_CHARS = re.compile(r"[^\W_]")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z’'-]*[a-z]")
_NOT_PROSE = re.compile(r"(?i)\b(?:https?://|www\.)\S+|[@#][\w.-]+")
_TRIM = " \t.,!?;:…。、！？"
_REPLY_HANDLES = re.compile(r"\s*(?:[@＠][\w.]+[\s,:]*)+")
_LATIN_ONLY = re.compile(r"[\x00-\u024f\u2018-\u201f\s]+")
JA_PROPER_NOUN = "名詞-固有名詞"
JA_NOUN = "名詞-"
MAX_QUOTE_CHARS = 400
APOSTROPHES = ("’",)
# The speaker of a speech verb: its subject, climbing to the clause it is part of at most
# SPEAKER_CLIMB heads through these relations ("…, adding that", "before asking", "and vowed").
SPEAKER_DEPS = ("nsubj",)
CLAUSE_SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLIMB_DEPS = ("xcomp", "advcl", "conj", "pcomp", "prep")
SPEAKER_CLIMB = 4
PASSIVE_AUX = ("れる", "られる")
# A speaker's phrase is its words and modifiers, not clauses about it ("a woman who met Obama").
PHRASE_STOP_DEPS = ("relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "conj", "cc", "punct")
# How far past a source an unnamed speaker's words may run ("a Kitefin user| told me").
GENERIC_REACH = 20
# How far before a quotation the source introducing it ends ("Alan Kay once said: “…”").
INTRO_REACH = 60
# How many heads above a quotation a subject naming its speaker may be ("Tribe likened … to “…”").
MAX_GOVERNING = 6
# How many paragraphs a quotation may run on over (newswriting leaves each one open).
MAX_RUN_ON = 8


@dataclass(frozen=True)
class Quotation:
    """Quoted words: start/end are the words, open_at/close_at include the marks."""

    start: int
    end: int
    open_at: int
    close_at: int
    block: bool = False


@lru_cache(maxsize=1)
def load_quotation_data() -> dict:
    path = data_dir("rules") / "quotations.yaml"
    data = read_yaml(path, "the quotation lexicon")
    parts = data.pop("parts", None)
    return expand_word_lists(expand_parts(data, parts, path), path)


class QuotationLexicon:
    """rules/quotations.yaml compiled, with the organization's names (never quotations)."""

    def __init__(self, data: dict, org: "Organization"):
        self.pairs = [_pair_pattern(o, c) for o, c in data["marks"]]
        self.open_marks = frozenset(o for o, _ in data["marks"])
        self.close_marks = frozenset(c for _, c in data["marks"])
        self.block = re.compile(data["block"], re.M)
        self.min_size = data["min_size"]
        self.sure_size = data.get("sure_size", {})
        self.predicate_pos = _sets_by_language(data["predicate_pos"])
        self.subject_particles = _sets_by_language(data.get("subject_particles", {}))
        self.set_phrases = {lang: re.compile(p) for lang, p in data.get("set_phrases", {}).items()}
        reported = data.get("reported", {})
        self.reported_after = {lang: re.compile(p) for lang, p in reported.get("after", {}).items()}
        self.reported_min_size = reported.get("min_size", {})
        self.not_before = _compile_by_language(data["not_quote_before"])
        self.not_after = _compile_by_language(data["not_quote_after"])
        self.dash = re.compile(data["dash_source"])
        self.paren = re.compile(data["paren_source"])
        self.reporting = _compile_by_language(data["reporting"])
        self.speakers = _compile_by_language(data["speakers"])
        self.generic = _compile_by_language(data["generic_speakers"])
        self.intro = {lang: re.compile(p) for lang, p in data["source_intro"].items()}
        self.source_kinds = tuple(data["source_kinds"])
        self.window = int(data["source_window"])
        speech = data["speech"]
        self.speech_verbs = {lang: _word_list(path) for lang, path in speech["verbs"].items()}
        self.pronouns = _sets_by_language(speech["pronouns"])
        self.dropped_subject = frozenset(speech["dropped_subject"])
        self.governing_subject = frozenset(speech["governing_subject"])
        self.titles = frozenset(w.casefold() for w in speech["titles"])
        self.definite = _sets_by_language(speech["definite"])
        self.unnamed_heads = _sets_by_language(speech["unnamed_heads"])
        self.agent_particles = _sets_by_language(speech["agent_particles"])
        self.possessive = _sets_by_language(speech["possessive"])
        self.not_untagged_names = _sets_by_language(speech["not_untagged_names"])
        in_use = data["in_use"]
        self.mention_max = in_use["max_size"]
        self.mention_particles = _sets_by_language(in_use["particles"])
        self.subject_deps = _sets_by_language(in_use["subject_deps"])
        self.modifier_before = _sets_by_language(in_use["modifier_before"])
        self.verbless_pos = _sets_by_language(in_use["verbless_pos"])
        self.first_person = _sets_by_language(in_use["first_person"])
        self.thing_deps = _sets_by_language(in_use["thing_deps"])
        self.thing_particles = _sets_by_language(in_use["thing_particles"])
        self.speech_nouns = {lang: _word_list(path) for lang, path in in_use["nouns"].items()}
        self.things = {lang: _word_list(path) for lang, path in in_use["things"].items()}
        channels = data["own_channels"]
        self.own_channels = {lang: _channel_pattern(channels["owner"].get(lang), _word_list(path))
                             for lang, path in channels["lists"].items()}
        self.role_owners = _sets_by_language(data["role_owners"])
        self.block_source = re.compile(data["block_source"])
        self.names = {n.casefold() for n in (*org.names, *org.products, *org.official_accounts) if n}
        self.names |= {n.lstrip("@") for n in self.names}


@lru_cache(maxsize=16)
def lexicon_for(org: "Organization") -> QuotationLexicon:
    return QuotationLexicon(load_quotation_data(), org)


def _pair_pattern(open_mark: str, close_mark: str) -> re.Pattern:
    o, c = re.escape(open_mark), re.escape(close_mark)
    if open_mark == close_mark:
        # Latin letters around a straight mark make it an apostrophe or inch mark; kana and kanji
        # do not (部長が"…"と言った).
        return re.compile(rf"(?<![A-Za-z0-9_{o}]){o}(?=\S)([^{o}\n]+?)(?<=\S){c}(?![A-Za-z0-9_])")
    if close_mark in APOSTROPHES:
        # ’ between letters is an apostrophe (doesn’t, Clinton’s), not the closing mark
        return re.compile(rf"(?<![A-Za-z0-9]){o}((?:[^{o}{c}]|{c}(?=[A-Za-z])){{1,{MAX_QUOTE_CHARS}}}){c}(?![A-Za-z])")
    # Distinct marks may span lines (「\n…\n」), within a short post's reach.
    return re.compile(rf"{o}([^{o}{c}]{{1,{MAX_QUOTE_CHARS}}}){c}")


def _sets_by_language(lists: dict) -> dict[str, frozenset]:
    """{language: its words as a set} of a mapping of lists."""
    return {lang: frozenset(words) for lang, words in lists.items()}


def _word_list(name: str) -> frozenset[str]:
    """A word list of rules/, case-folded."""
    return frozenset(w.casefold() for w in word_list(data_dir("rules") / name))


def _channel_pattern(owner: str | None, channels: frozenset[str]) -> re.Pattern:
    """A channel of the list after its owner ("our team chat"), or alone where the word itself
    says whose it is (社内チャット)."""
    words = "|".join(re.escape(w) for w in sorted(channels, key=len, reverse=True))
    return re.compile(f"{owner}(?:{words})(?![\\w-])" if owner else f"(?:{words})", re.I)


def _compile_by_language(data: dict) -> dict[str, list[re.Pattern]]:
    return {lang: [re.compile(p) for p in patterns] for lang, patterns in data.items()}


# ---------------------------------------------------------------- finding quotations

def quotations(ctx: Context) -> list[Quotation]:
    """The draft's quotations of someone's words, in order (computed once per draft)."""
    return ctx.memo("quotations", lambda: _find_quotations(ctx, lexicon_for(ctx.config.organization)))


def _find_quotations(ctx: Context, lex: QuotationLexicon) -> list[Quotation]:
    candidates = [Quotation(m.start(1), m.end(1), m.start(), m.end())
                  for pattern in lex.pairs for m in pattern.finditer(ctx.view)]
    candidates = _outermost(candidates) + _block_quotes(ctx.view, lex)
    ctx.memo("quote_marks", lambda: [(q.start, q.end) for q in candidates])
    return sorted((q for q in candidates if _is_someones_words(ctx, lex, q)), key=lambda q: q.start)


def _outermost(found: list[Quotation]) -> list[Quotation]:
    """Drop quotations nested in (or overlapping) an earlier, longer one."""
    kept: list[Quotation] = []
    for q in sorted(found, key=lambda q: (q.open_at, -q.close_at)):
        if not any(k.open_at <= q.open_at < k.close_at for k in kept):
            kept.append(q)
    return kept


def _block_quotes(view: str, lex: "QuotationLexicon") -> list[Quotation]:
    """Markdown block quotes: runs of lines starting with '>'. Last lines that start with a
    dash ("> — Name") name the source and are not part of the quoted words."""
    found, run = [], []
    for line in re.finditer(r"(?m)^[^\n]*", view):
        marker = lex.block.match(view, line.start(), line.end())
        if marker and marker.end() < line.end():
            run.append((marker.end(), line.end(), line.start()))
            continue
        if run:
            found.append(_block_quotation(view, lex, run))
            run = []
    if run:
        found.append(_block_quotation(view, lex, run))
    return found


def _block_quotation(view: str, lex: "QuotationLexicon", run: list[tuple[int, int, int]]) -> Quotation:
    words = run
    while len(words) > 1 and lex.dash.match(view, words[-1][0]):
        words = words[:-1]
    return Quotation(words[0][0], words[-1][1], run[0][2], run[-1][1], block=True)


def _is_someones_words(ctx: Context, lex: QuotationLexicon, q: Quotation) -> bool:
    language = ctx.language_at(q.start)
    if language is None or ctx.in_url(q.start, q.end):
        return False
    words = ctx.view[q.start:q.end].strip(_TRIM)
    if words.casefold() in lex.names or _set_phrase(lex, language, words) or _not_a_quote_here(ctx, lex, q, language):
        return False
    # English quoted in a Japanese sentence: its words are counted, the Japanese parse of them is not read
    measure = "en" if language != "en" and _LATIN_ONLY.fullmatch(words) else language
    size = len(_EN_WORD.findall(words)) if measure == "en" else len(re.sub(r"\s", "", words))
    if size >= lex.reported_min_size.get(measure, size + 1) and _reported_by_someone(ctx, lex, q, language):
        return True
    if size < lex.min_size[measure] or (measure == "en" and _looks_like_title(words)):
        return False
    if _in_use(ctx, lex, q, language, size, parsed=measure == language):
        return False
    return (measure != language or size >= lex.sure_size.get(language, size + 1)
            or _has_predicate(ctx, lex, q, language))


def _in_use(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str, size: int, parsed: bool) -> bool:
    """Quoted words the author uses rather than reports: words a thing shows or plays, a short
    phrase used as a noun of the sentence, a description of the noun after it, or a slogan or
    label without a verb. A claim about someone, or words a speech verb or noun reports, stay
    someone's words."""
    if _about_someone(ctx, lex, q):
        return False
    if _shown_by_a_thing(ctx, lex, q, language):
        return True
    span = _quoted_span(ctx, q) if parsed else None
    if span is None:
        return False
    # the quotation is a noun of the author's sentence, not what a verb reports, or the author says it
    if (size <= lex.mention_max.get(language, 0) and _used_as_a_noun(lex, span, language)) \
            or _describes_the_noun_after(lex, span, language) or _said_by_the_author(lex, span, language):
        return True
    return _verbless(lex, span, language) and not _reported_in_reach(ctx, lex, q, language)


def _about_someone(ctx: Context, lex: QuotationLexicon, q: Quotation) -> bool:
    """Whether the quoted words name a person, an organization, a name or a handle."""
    return any(t.kind != "person" or _names_someone(ctx, t.start, t.end)
               for t in targets_between(ctx, q.start, q.end, kinds=lex.source_kinds))


def _quoted_span(ctx: Context, q: Quotation):
    """The quoted words as a span of their segment's Doc (None across segments)."""
    for segment in ctx.segments:
        if segment.start <= q.start < segment.end:
            if q.end > segment.end:
                return None
            return segment.doc.char_span(q.start - segment.start, q.end - segment.start, alignment_mode="expand")
    return None


def _shown_by_a_thing(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    """"The sign reads “…”", 自動音声で「…」と流れた: a thing (things.<language>.txt) that shows or
    plays words is around the quotation, and no person is the speaker of a speech verb there."""
    verbs = lex.speech_verbs.get(language, frozenset())
    shown = False
    for lo, hi in _regions(ctx, q):
        for token, offset in _tokens_between(ctx, lo, hi, marked=True):
            if _is_thing(lex, token, language) and _shows_words(lex, token, language):
                shown = True
            elif token.pos_ == "VERB" and token.lemma_.casefold() in verbs:
                speaker = _speaker_of(token, lex, language, lambda t, o=offset: _marked(ctx, o + t.idx))
                if speaker is not None and not _is_thing(lex, speaker, language):
                    return False
    return shown


def _is_thing(lex: QuotationLexicon, token, language: str) -> bool:
    """A noun of things.<language>.txt, alone or at the end of a compound ("error message", 自動音声)."""
    if not _is_noun(token):
        return False
    things = lex.things.get(language, frozenset())
    first = token
    while first.i > 0 and _compound_part(first.nbor(-1), language):
        first = first.nbor(-1)
    compound = token.doc[first.i:token.i + 1].text.casefold()
    separator = "" if language == "ja" else " "
    return token.lemma_.casefold() in things or any(compound == t or compound.endswith(separator + t) for t in things)


def _compound_part(token, language: str) -> bool:
    if not _is_noun(token):
        return False
    return not token.whitespace_ if language == "ja" else token.dep_ == "compound"


def _is_noun(token) -> bool:
    """A noun by its part of speech, or (Japanese) by its tag: GiNZA gives some nouns the part of
    speech of their role in the sentence (自動音声で: ADJ)."""
    return token.pos_ in ("NOUN", "PROPN") or token.tag_.startswith(JA_NOUN)


def _shows_words(lex: QuotationLexicon, token, language: str) -> bool:
    """Whether a thing is where the words are: the subject, object or place of its sentence
    ("the sign reads", "on the label"), or (ja) marked by a case particle (看板に, アナウンスが)."""
    particles = lex.thing_particles.get(language)
    if particles is not None:
        after = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return after is not None and after.text in particles
    return token.dep_ in lex.thing_deps.get(language, frozenset())


def _reported_in_reach(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    """A speech verb, a noun for someone's words or a reporting word around the quotation (its
    sentence, the one before when it opens its sentence, and the one after)."""
    verbs = lex.speech_verbs.get(language, frozenset())
    nouns = lex.speech_nouns.get(language, frozenset())
    for lo, hi in _regions(ctx, q):
        if any(p.search(ctx.view, lo, hi) for p in lex.reporting.get(language, [])):
            return True
        if any(t.lemma_.casefold() in verbs or t.lemma_.casefold() in nouns
               for t, _ in _tokens_between(ctx, lo, hi, marked=True)):
            return True
    return False


def _used_as_a_noun(lex: QuotationLexicon, span, language: str) -> bool:
    """「たぶん大丈夫」は大丈夫じゃない, "“Works on my machine” is no test plan": the quotation is the
    subject or topic of the author's sentence (ja: a particle right after the marks)."""
    particles = lex.mention_particles.get(language)
    if particles is not None:
        after = _word_after(span, lex.close_marks)
        return after is not None and after.pos_ == "ADP" and after.text in particles
    deps = lex.subject_deps.get(language, frozenset())
    return span.root.dep_ in deps and span.root.head.i >= span.end


def _describes_the_noun_after(lex: QuotationLexicon, span, language: str) -> bool:
    """「食べた人が笑顔になる」ものづくり, a “ship it and see” culture: the quotation modifies the
    noun right after its marks (a noun for words, 「…」発言, makes them someone's words)."""
    after = _word_after(span, lex.close_marks)
    if after is None or after.pos_ != "NOUN" or after.lemma_.casefold() in lex.speech_nouns.get(language, ()):
        return False
    wanted_before = lex.modifier_before.get(language)
    if wanted_before is None:
        return True
    before = _word_before(span, lex.open_marks)
    return before is not None and before.pos_ in wanted_before and (before.pos_ != "PRON" or before.dep_ == "poss")


def _said_by_the_author(lex: QuotationLexicon, span, language: str) -> bool:
    """"I told my whole team at standup that “…”", "Told my team “…”", 「…」と僕は答えた: the speech
    verb the quotation hangs from has a first-person subject, or (en) none and opens its sentence."""
    verbs = lex.speech_verbs.get(language, frozenset())
    head = span.root
    for _ in range(MAX_GOVERNING):
        if head.head.i == head.i:
            return False
        head = head.head
        if span.start <= head.i < span.end:
            continue
        if head.pos_ != "VERB" or head.lemma_.casefold() not in verbs:
            return False
        subjects = [c for c in head.children if c.dep_ in SPEAKER_DEPS and not span.start <= c.i < span.end]
        if subjects:
            return subjects[0].lower_ in lex.first_person.get(language, ())
        if any(c.dep_ == "agent" for c in head.children) or language in lex.dropped_subject:
            return False
        return all(t.pos_ in ("ADV", "INTJ", "PUNCT", "SPACE") for t in head.doc[head.sent.start:head.i])
    return False


def _verbless(lex: QuotationLexicon, span, language: str) -> bool:
    """A slogan, a label or a name: no verb (ja: nor adjective) in the words, and (en) no
    sentence end ("Payroll, the hidden tax of small business")."""
    wanted = lex.verbless_pos.get(language, frozenset())
    if language == "en" and span.text.rstrip().endswith((".", "!", "?")):
        return False
    return not any(t.pos_ in wanted for t in span)


def _word_after(span, marks: frozenset[str]):
    """The word right after the quotation's closing mark, on its line (None for punctuation)."""
    doc, i = span.doc, span.end
    while i < len(doc) and doc[i].text and all(c in marks for c in doc[i].text):
        i += 1
    if i == span.end or i >= len(doc) or "\n" in doc[i - 1].whitespace_ or doc[i].is_punct or doc[i].is_space:
        return None
    return doc[i]


def _word_before(span, marks: frozenset[str]):
    """The word right before the quotation's opening mark (None for punctuation)."""
    doc, i = span.doc, span.start - 1
    while i >= 0 and doc[i].text and all(c in marks for c in doc[i].text):
        i -= 1
    if i == span.start - 1 or i < 0 or doc[i].is_punct or doc[i].is_space:
        return None
    return doc[i]


def _set_phrase(lex: QuotationLexicon, language: str, words: str) -> bool:
    set_phrase = lex.set_phrases.get(language)
    return bool(set_phrase and set_phrase.fullmatch(words))


def _not_a_quote_here(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    """A title, a motto or the author's own words, by the text right before or after the marks."""
    line_start = ctx.view.rfind("\n", 0, q.open_at) + 1
    before = ctx.view[max(line_start, q.open_at - 80):q.open_at]
    after = ctx.view[q.close_at:q.close_at + 40]
    return (any(p.search(before) for p in lex.not_before.get(language, []))
            or any(p.search(after) for p in lex.not_after.get(language, [])))


def _reported_by_someone(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    """Short words reported as someone else's: 「辞めたい」って部下に言われた, “no way,” my boss said."""
    pattern = lex.reported_after.get(language)
    return bool(pattern and pattern.match(ctx.view, q.close_at, min(len(ctx.view), q.close_at + 40)))


def _looks_like_title(words: str) -> bool:
    """"The Goal", "Thinking, Fast and Slow": every longer word capitalised, no sentence end."""
    tokens = _EN_WORD.findall(words)
    if not tokens or len(tokens) > 8 or words.rstrip().endswith((".", "!", "?")):
        return False
    significant = [t for t in tokens if len(t) > 3] or tokens[:1]
    return all(t[0].isupper() or t[0].isdigit() for t in significant)


def _has_predicate(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    wanted = lex.predicate_pos.get(language, frozenset())
    particles = lex.subject_particles.get(language)
    for segment in ctx.segments:
        lo, hi = max(q.start, segment.start), min(q.end, segment.end)
        if lo >= hi:
            continue
        span = segment.doc.char_span(lo - segment.start, hi - segment.start, alignment_mode="expand")
        if span is None:
            continue
        if particles is not None:
            return _reads_as_clause(span, wanted, particles)
        if any(t.pos_ in wanted for t in span):
            return True
    return False


def _reads_as_clause(span, predicate_pos: frozenset, particles: frozenset) -> bool:
    """A Japanese clause ends in its predicate (言われた, 厳しいぞ) or states something of a subject
    or topic (現金の方が安心); a noun phrase (ちょっとした修正, 働き方改革) is emphasis or a name."""
    words = [t for t in span if t.pos_ not in ("PUNCT", "SYM", "SPACE")]
    if not words:
        return False
    return words[-1].pos_ in predicate_pos or any(t.pos_ == "ADP" and t.text in particles for t in words)


# ---------------------------------------------------------------- attribution

def is_attributed(ctx: Context, q: Quotation) -> bool:
    """True when a link, a named source, a speaker or the previous speaker goes with q."""
    return attributions(ctx)[q]


def attributions(ctx: Context) -> dict[Quotation, bool]:
    """Whether each quotation of the draft has a source (computed once per draft, in order: a
    quotation may continue the speaker of the one before)."""
    return ctx.memo("quote_attributions", lambda: _attribute_all(ctx, lexicon_for(ctx.config.organization)))


def _attribute_all(ctx: Context, lex: QuotationLexicon) -> dict[Quotation, bool]:
    done: dict[Quotation, bool] = {}
    for q in quotations(ctx):
        language = ctx.language_at(q.start) or "en"
        if (_link_near(ctx, q) or _dash_or_paren_source(ctx, lex, q) or _introduced_by_source(ctx, lex, q)
                or _source_opens_block(ctx, lex, q) or _from_own_channel(ctx, lex, q, language)):
            done[q] = True
            continue
        verdicts = _speech_verdicts(ctx, lex, q, language)
        # a speech verb whose speaker is unnamed ("somebody once said", "their supervisor told")
        # is no reporting word for a name elsewhere in the sentence (a reply's @handle, a company)
        unnamed = [at for at, named in verdicts if named is False]
        if any(named for _, named in verdicts) or _reported(ctx, lex, q, language, skip=unnamed):
            done[q] = True
            continue
        speaker = False if unnamed else None
        if not speaker and (_governed_by_named_subject(ctx, lex, q, language)
                            or _introduced_by_named_subject(ctx, lex, q, language)):
            speaker = True
        done[q] = speaker if speaker is not None else _continues_speaker(ctx, q, done)
    return done


def _sources(ctx: Context, lex: QuotationLexicon, start: int, end: int) -> list[tuple[int, int]]:
    """Named sources (and links) between start and end, outside any quotation's words and not
    merely where an unnamed speaker was ("a friend at Raijin")."""
    found = [(t.start, t.end) for t in targets_between(ctx, start, end, kinds=lex.source_kinds)
             if (t.kind != "person" or _names_someone(ctx, t.start, t.end))
             and not (t.kind == "name" and _owned_role(ctx, lex, t.start))]
    found = [s for s in found if not _addressee(ctx, lex, *s)]
    found += [(s, e) for s, e in ctx.draft.url_spans if start <= s < end]
    language = ctx.language_at(start)
    found += [m.span() for p in lex.speakers.get(language, []) for m in p.finditer(ctx.view, start, end)]
    found += [(s, e) for s, e in _surname_mentions(ctx, lex) if start <= s < end]
    unnamed = _unnamed_spans(ctx, lex, language, start, end)
    return [s for s in found if not any(q.start <= s[0] < q.end for q in quotations(ctx))
            and not any(g0 <= s[0] <= g1 for g0, g1 in unnamed)]


def _addressee(ctx: Context, lex: QuotationLexicon, start: int, end: int) -> bool:
    """A handle of the run that opens a reply ("@jpgirard like somebody once said …"): whom the
    post answers, not a source, unless a speech verb follows the run ("@jpgirard said …")."""
    opening = ctx.memo("quote_reply_handles", lambda: _REPLY_HANDLES.match(ctx.view))
    if opening is None or not (opening.start() <= start and end <= opening.end()):
        return False
    verbs = lex.speech_verbs.get(ctx.language_at(start) or "", frozenset())
    following = next(_tokens_between(ctx, opening.end(), opening.end() + 30), (None, 0))[0]
    return following is None or following.lemma_.casefold() not in verbs


def _owned_role(ctx: Context, lex: QuotationLexicon, start: int) -> bool:
    """"Our VP", "their Head of Ops": a proper noun owned by a possessive is a role, not a name."""
    before = ctx.view[max(0, start - 12):start].split()
    owners = lex.role_owners.get(ctx.language_at(start) or "", frozenset())
    return bool(before) and before[-1].casefold() in owners and ctx.view[start - 1].isspace()


def _surname_mentions(ctx: Context, lex: QuotationLexicon) -> list[tuple[int, int]]:
    """Where a word of a person the post names ("Brett O’Donnell": O’Donnell) stands alone and the
    parser found no target there: such a mention names the person too ("O’Donnell said", "Trump
    shot back", a headline's "Trump: '…'")."""
    def compute():
        words = {w for t in targets(ctx) if t.kind == "person" and not _quoted(ctx, t.start)
                 for w in ctx.view[t.start:t.end].split()
                 if _NAME_WORD.fullmatch(w) and len(w) > 2 and w.casefold() not in lex.titles}
        if not words:
            return []
        pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?![\w’'-])")
        return [m.span() for m in pattern.finditer(ctx.view) if not targets_between(ctx, *m.span())]
    return ctx.memo("quote_surnames", compute)


def _unnamed_spans(ctx: Context, lex: QuotationLexicon, language: str | None, start: int, end: int) -> list[tuple[int, int]]:
    """Unnamed speakers ("someone in the Q&A", "a friend at Raijin", ある役員) from the start of
    start's sentence on; their words may run on past end ("a Kitefin user| told", "金融庁の担当者|が")."""
    sentence_start = units(ctx).sentence(start)[0]
    reach = min(len(ctx.view), end + GENERIC_REACH)
    return [m.span() for p in lex.generic.get(language, []) for m in p.finditer(ctx.view, min(start, sentence_start), reach)]


def _names_someone(ctx: Context, start: int, end: int) -> bool:
    """Whether a person target holds a name: 岡部さん does, a role with an honorific (店員さん,
    運転手さん, お客さん) does not. Only Japanese needs the check: the dictionary tags names."""
    for segment in ctx.segments:
        if segment.language != "ja" or not (segment.start <= start < segment.end):
            continue
        span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
        return span is None or any(t.tag_.startswith(JA_PROPER_NOUN) for t in span)
    return True


def _link_near(ctx: Context, q: Quotation) -> bool:
    """A web link in the quotation's paragraph (for a block quote: in it or the line after it)."""
    if q.block:
        lo, hi = q.open_at, _line_end(ctx.view, q.close_at + 1)
    else:
        lo, hi = units(ctx).paragraph(q.start)
    return any(lo <= s < hi and not (q.start <= s < q.end) for s, _ in ctx.draft.url_spans)


def _dash_or_paren_source(ctx: Context, lex: QuotationLexicon, q: Quotation) -> bool:
    """“…” — Alan Kay / “…” — via @someone / 「…」（週刊ロジスティクス より） / a block quote's '> — Name'."""
    view = ctx.view
    for at in _dash_positions(view, lex, q):
        dash = lex.dash.match(view, at) if at < len(view) else None
        if dash and any(s <= dash.end() + 3 for s, _ in _sources(ctx, lex, dash.end(), _line_end(view, dash.end()))):
            return True
    paren = lex.paren.match(view, q.close_at)
    return bool(paren and _sources(ctx, lex, paren.start(1), paren.end(1)))


def _dash_positions(view: str, lex: QuotationLexicon, q: Quotation) -> list[int]:
    """Where a dash would introduce the source: right after the marks, or (block quotes) at the
    start of a later line of the block or of the line after it."""
    if not q.block:
        return [q.close_at]
    line_starts = [q.end + m.end() for m in re.finditer("\n", view[q.end:q.close_at])]
    after = [q.close_at + 1] if q.close_at < len(view) else []
    return [_skip_block_marker(view, s, lex) for s in line_starts + after]


def _line_end(view: str, offset: int) -> int:
    end = view.find("\n", offset)
    return len(view) if end < 0 else end


def _skip_block_marker(view: str, at: int, lex: QuotationLexicon) -> int:
    marker = lex.block.match(view, at)
    return marker.end() if marker else at


def _introduced_by_source(ctx: Context, lex: QuotationLexicon, q: Quotation) -> bool:
    """"Alan Kay: “…”", "@someone wrote “…”", 父が「…」: a named source right before the quote."""
    language = ctx.language_at(q.start)
    intro = lex.intro.get(language)
    if intro is None:
        return False
    # the line, not the sentence: a parser may end a sentence at the name (山本さん|曰く「…」)
    lo = max(ctx.view.rfind("\n", 0, q.open_at) + 1, q.open_at - INTRO_REACH)
    return any(e <= q.open_at and intro.fullmatch(ctx.view, e, q.open_at)
               for _, e in _sources(ctx, lex, lo, q.open_at))


def _source_opens_block(ctx: Context, lex: QuotationLexicon, q: Quotation) -> bool:
    """"> @someone: …", "> Jane Doe: …": a block quote whose first words name its source, as a
    reply quotes the post it answers."""
    if not q.block:
        return False
    opening = lex.block_source.match(ctx.view, q.start, q.end)
    if opening is None:
        return False
    lo, hi = opening.span(1)
    return ctx.view.startswith("@", lo) or any(
        t.kind != "person" or _names_someone(ctx, t.start, t.end)
        for t in targets_between(ctx, lo, hi, kinds=lex.source_kinds))


def _from_own_channel(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    """"Screenshot from our team chat: “…”", 社内チャットに流れてきた：『…』: a channel of the
    author's own organization on the quotation's line before it (or the line before, if the
    quotation opens its line)."""
    pattern = lex.own_channels.get(language)
    if pattern is None:
        return False
    line_start = ctx.view.rfind("\n", 0, q.open_at) + 1
    if not ctx.view[line_start:q.open_at].strip():
        previous = _previous_line(ctx, q.open_at)
        line_start = previous[0] if previous else line_start
    return bool(pattern.search(ctx.view, max(line_start, q.open_at - 2 * INTRO_REACH), q.open_at))


def _reported(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str, skip: list[int] = ()) -> bool:
    """A reporting word with a named source near it, on one side of the quotation in its sentence
    (not one at skip: speech verbs whose speaker the parse found unnamed)."""
    for lo, hi in _regions(ctx, q):
        cues = [m.span() for p in lex.reporting.get(language, []) for m in p.finditer(ctx.view, lo, hi)
                if not any(m.start() <= at < m.end() for at in skip)]
        if not cues:
            continue
        sources = _sources(ctx, lex, lo, hi)
        if any(_gap(c, s) <= lex.window for c in cues for s in sources):
            return True
    return False


def _regions(ctx: Context, q: Quotation) -> list[tuple[int, int]]:
    """The text before the quotation in its sentence (or the sentence before, if the quotation
    opens its sentence) and the text after it to the end of the sentence that follows."""
    u = units(ctx)
    paragraph = u.paragraph(q.open_at)
    sentence_start = u.sentence(q.open_at)[0]
    before = (sentence_start, q.open_at)
    if not ctx.view[sentence_start:q.open_at].strip(_TRIM + "\n"):
        previous = (u.previous_sentence(q.open_at) or _previous_line(ctx, q.open_at)
                    or _introducing_paragraph_end(ctx, paragraph))
        before = (previous[0], q.open_at) if previous else before
    after_from = q.close_at
    while after_from < paragraph[1] and ctx.view[after_from] in " \t\n":
        after_from += 1
    after = (q.close_at, u.sentence(after_from)[1]) if after_from < paragraph[1] else (q.close_at, q.close_at)
    return [before, after]


def _introducing_paragraph_end(ctx: Context, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    """The last sentence of the paragraph before, for a quotation that opens its paragraph: it
    may introduce the speaker ("Caddell continued:", "Trump was quick to add that …")."""
    u = units(ctx)
    previous = _previous_paragraph(u, paragraph)
    return u.sentence(previous[1] - 1) if previous else None


def _previous_line(ctx: Context, offset: int) -> tuple[int, int] | None:
    line_start = ctx.view.rfind("\n", 0, offset)
    if line_start <= 0:
        return None
    previous_start = ctx.view.rfind("\n", 0, line_start) + 1
    return (previous_start, line_start) if ctx.view[previous_start:line_start].strip() else None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


# ---------------------------------------------------------------- speakers from the parse

def _speech_verdicts(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> list[tuple[int, bool]]:
    """(offset, named) of each speech verb near q with a speaker: named when the speaker is
    named or pointed back at ("…” he said" with someone named before), not when unnamed ("a
    friend told me “…”")."""
    verbs = lex.speech_verbs.get(language, frozenset())
    found = []
    for lo, hi in _regions(ctx, q):
        for token, offset in _tokens_between(ctx, lo, hi):
            if token.pos_ != "VERB" or token.lemma_.casefold() not in verbs:
                continue
            named = _speaker_verdict(ctx, lex, q, token, offset, language)
            if named is not None:
                found.append((offset + token.idx, named))
    return found


def _tokens_between(ctx: Context, lo: int, hi: int, marked: bool = False):
    """(token, its segment's offset) for the parsed words in lo..hi outside every quotation (or,
    marked: outside all words in quotation marks, while quotations are being found)."""
    quoted = ctx.memo("quote_marks", list) if marked else [(p.start, p.end) for p in quotations(ctx)]
    for segment in ctx.segments:
        a, b = max(lo, segment.start), min(hi, segment.end)
        if a >= b:
            continue
        span = segment.doc.char_span(a - segment.start, b - segment.start, alignment_mode="contract")
        for token in span if span is not None else ():
            at = segment.start + token.idx
            if not any(s <= at < e for s, e in quoted):
                yield token, segment.start


def _speaker_verdict(ctx: Context, lex: QuotationLexicon, q: Quotation, verb, offset: int,
                     language: str) -> bool | None:
    speaker = _speaker_of(verb, lex, language, lambda token: _quoted(ctx, offset + token.idx))
    if speaker is None:
        if language in lex.dropped_subject and not _quoted(ctx, offset + verb.idx):
            return _named_before(ctx, lex, q.open_at)
        return True if _untagged_name_before(ctx, lex, verb, offset, language) else None
    return _names_speaker(ctx, lex, q, speaker, offset, language)


def _names_speaker(ctx: Context, lex: QuotationLexicon, q: Quotation, speaker, offset: int,
                   language: str) -> bool | None:
    """True when the speaker's phrase names a source or points back at one named before the
    quotation (he, 彼女, 同氏, "the senator"), False when it is an unnamed one ("a friend at
    Raijin", "one user") or names no one, None when it is part of the quoted words."""
    at = offset + speaker.idx
    if _quoted(ctx, at):
        return None
    if speaker.lower_ in lex.pronouns.get(language, ()) or _owned_by_pronoun(lex, speaker, language):
        return _named_before(ctx, lex, min(at, q.open_at))
    lo, hi = (offset + i for i in _phrase(speaker))
    if _sources(ctx, lex, lo, hi):
        return True
    if any(g0 < hi and lo < g1 for g0, g1 in _unnamed_spans(ctx, lex, language, lo, hi)):
        return False
    # a proper noun the target list leaves out ("…, Nefzi said": taken for a place), unless it
    # is a product, an acronym ("the CEO") or a common word capitalised at a sentence start
    # ("Client told me")
    if (speaker.pos_ == "PROPN" and not speaker.text.isupper() and not speaker.is_sent_start
            and not targets_between(ctx, at, at + len(speaker.text), kinds=("product",))):
        return True
    return _definite(speaker, lex, language) and _named_before(ctx, lex, min(at, q.open_at))


def _governed_by_named_subject(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    """"Tribe likened the rules to “…”", "He anticipated that … would be “…”": the quotation is
    part of a clause whose subject (or a subject further up its sentence) names a source or
    points back at one (ja: not read, subjects are dropped and topics loose)."""
    if language not in lex.governing_subject:
        return False
    for segment in ctx.segments:
        if not segment.start <= q.start < segment.end:
            continue
        span = segment.doc.char_span(q.start - segment.start, min(q.end, segment.end) - segment.start,
                                     alignment_mode="expand")
        if span is None:
            return False
        return any(_names_speaker(ctx, lex, q, subject, segment.start, language)
                   for head in list(span.root.ancestors)[:MAX_GOVERNING]
                   for subject in head.children if subject.dep_ in SPEAKER_DEPS)
    return False


def _introduced_by_named_subject(ctx: Context, lex: QuotationLexicon, q: Quotation, language: str) -> bool:
    """"Trump issued the following statement: “…”", "The board was conclusive in its findings:
    “…”": a sentence ending in a colon right before the quotation, whose subject names a source."""
    if language not in lex.governing_subject:
        return False
    colon = len(ctx.view[:q.open_at].rstrip()) - 1
    if colon < 0 or ctx.view[colon] not in ":：":
        return False
    for segment in ctx.segments:
        if segment.start <= colon < segment.end:
            token = segment.doc.char_span(colon - segment.start, colon + 1 - segment.start, alignment_mode="expand")
            root = token.root.sent.root if token is not None else None
            return root is not None and any(_names_speaker(ctx, lex, q, c, segment.start, language)
                                            for c in root.children if c.dep_ in SPEAKER_DEPS)
    return False


def _owned_by_pronoun(lex: QuotationLexicon, speaker, language: str) -> bool:
    """"Her line that “…”", "his words": a noun for someone's words owned by a pronoun."""
    return (speaker.lemma_.casefold() in lex.speech_nouns.get(language, ())
            and any(c.dep_ == "poss" and c.lower_ in lex.possessive.get(language, ()) for c in speaker.children))


def _untagged_name_before(ctx: Context, lex: QuotationLexicon, verb, offset: int, language: str) -> bool:
    """"Sully said “…”": a capitalised word right before a speech verb the parser gave no subject
    is the name it did not tag (the parser read "Sully" as an adverb)."""
    if verb.i == 0 or language not in lex.not_untagged_names:
        return False
    word = verb.nbor(-1)
    return (word.text.istitle() and word.is_alpha and word.lower_ not in lex.not_untagged_names[language]
            and word.pos_ not in ("PRON", "DET", "AUX", "CCONJ", "SCONJ") and not _quoted(ctx, offset + word.idx))


def _definite(speaker, lex: QuotationLexicon, language: str) -> bool:
    """"the senator", "the ad's narrator": a description of someone the text has introduced."""
    if speaker.lemma_.casefold() in lex.unnamed_heads.get(language, ()):
        return False
    articles = lex.definite.get(language, frozenset())
    owners = [speaker] + [c for c in speaker.children if c.dep_ == "poss"]
    return any(c.dep_ == "det" and c.lower_ in articles for o in owners for c in o.children)


def _speaker_of(verb, lex: QuotationLexicon, language: str, quoted):
    """Who does the speaking of a speech verb: its subject, the agent of a passive ("was told by
    X", 「…」と部長に言われた), or the noun a participle or relative clause describes ("footage of
    Clinton asking", 書いてる人); climbing to the clause a verb is part of ("…, adding that",
    "before asking"). A subject the parser found inside the quoted words leaves the word right
    before or after the verb ("“One …,” he said")."""
    token = verb
    for _ in range(SPEAKER_CLIMB):
        # a clause the verb hangs from may be passive: "After saying …, she was whisked off"
        deps = SPEAKER_DEPS if token is verb else CLAUSE_SUBJECT_DEPS
        subjects = [c for c in token.children if c.dep_ in deps]
        if subjects and all(quoted(c) for c in subjects):
            return _next_to(verb, quoted)
        if subjects:
            return next(c for c in subjects if not quoted(c))
        for child in token.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        agent = _agent_by_particle(token, lex.agent_particles.get(language))
        if agent is not None:
            return agent
        if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return token.head
        if token.dep_ not in CLIMB_DEPS or token.head.i == token.i:
            return None
        token = token.head
    return None


def _next_to(verb, quoted):
    """The noun or pronoun right before the verb ("he said") or right after it ("said Obama")."""
    doc = verb.doc
    for i in (verb.i - 1, verb.i + 1):
        if 0 <= i < len(doc) and doc[i].pos_ in ("PRON", "PROPN", "NOUN") and not quoted(doc[i]):
            return doc[i]
    return None


def _agent_by_particle(verb, particles: frozenset | None):
    """The に/から-marked speaker of a passive speech verb (言われた), if any."""
    if not particles or not any(c.lemma_ in PASSIVE_AUX for c in verb.children if c.dep_ == "aux"):
        return None
    for child in verb.children:
        if child.dep_ == "obl" and any(c.dep_ == "case" and c.text in particles for c in child.children):
            return child
    return None


def _phrase(token) -> tuple[int, int]:
    """Character span (in its Doc) of a speaker with its modifiers but not its clauses."""
    words = [token]
    stack = [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ not in PHRASE_STOP_DEPS:
                words.append(child)
                stack.append(child)
    return min(w.idx for w in words), max(w.idx + len(w.text) for w in words)


def _quoted(ctx: Context, offset: int) -> bool:
    return any(p.start <= offset < p.end for p in quotations(ctx))


def _marked(ctx: Context, offset: int) -> bool:
    """Whether offset is in words in quotation marks (quotations or not)."""
    return any(s <= offset < e for s, e in ctx.memo("quote_marks", list))


def _named_before(ctx: Context, lex: QuotationLexicon, offset: int) -> bool:
    """Whether someone is named before offset in the post (outside quotations; a link names no
    one): the person a pronoun, a description or a dropped subject stands for."""
    named = ctx.memo("quote_named", lambda: [s for s in _sources(ctx, lex, 0, len(ctx.view))
                                             if s not in ctx.draft.url_spans])
    return any(start < offset for start, _ in named)


def _continues_speaker(ctx: Context, q: Quotation, done: dict[Quotation, bool]) -> bool:
    """Quotations that carry on the speaker of an attributed one: a later quotation in its
    paragraph ("“…,” he said. “…”"), or a paragraph that opens with a quotation after a paragraph
    of that speaker's quoted words, closed or left open as newswriting does for a quotation that
    runs on."""
    u = units(ctx)
    paragraph = u.paragraph(q.open_at)
    if any(done.get(p) for p in done if paragraph[0] <= p.open_at < q.open_at):
        return True
    if ctx.view[paragraph[0]:q.open_at].strip() or q.block:
        return False
    for _ in range(MAX_RUN_ON):
        previous = _previous_paragraph(u, paragraph)
        if previous is None:
            return False
        said = [done[p] for p in done if previous[0] <= p.open_at < previous[1]]
        if said:
            return said[-1]
        if not _opens_with_mark(ctx, previous):
            return False
        paragraph = previous
    return False


def _previous_paragraph(u, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    i = u.paragraphs.index(paragraph) if paragraph in u.paragraphs else 0
    return u.paragraphs[i - 1] if i > 0 else None


def _opens_with_mark(ctx: Context, paragraph: tuple[int, int]) -> bool:
    return ctx.view[paragraph[0]] in lexicon_for(ctx.config.organization).open_marks


# ---------------------------------------------------------------- the rule kind

@kind("quote")
class QuoteRule(Rule):
    """Flags quotations without a source, or hints at one that dominates the post."""

    def __init__(self, spec: "RuleSpec", config: "Config"):
        super().__init__(spec, config)
        self.report = spec.params.get("report", "unattributed")
        if self.report not in REPORTS:
            raise ConfigError(f"{spec.path}: params.report must be one of {', '.join(REPORTS)}")
        self.share = float(spec.params.get("dominant_share", 0.6))
        self.min_chars = int(spec.params.get("dominant_min_chars", 40))

    def check(self, ctx: Context):
        found = quotations(ctx)
        if self.report == "unattributed":
            for q in found:
                if not is_attributed(ctx, q):
                    yield Hit(q.start, q.end)
            return
        total = _prose_chars(ctx.view)
        for q in found:
            quoted = len(_WORD_CHARS.findall(ctx.view[q.start:q.end]))
            if quoted >= self.min_chars and total and quoted / total >= self.share:
                yield Hit(q.start, q.end)


def _prose_chars(text: str) -> int:
    """Letters and digits of the post, without links, handles and hashtags."""
    return len(_WORD_CHARS.findall(_NOT_PROSE.sub(" ", text)))
