"""Who a draft talks about: the names of people, words that refer to a person, and the author.

Shared by the `person` and `sensitive` kinds. The cue words are the params of the rule of kind
`person` (rules/personal-info/private-person.yaml), found whether or not that rule is selected, so
a sensitive-info rule can tie what it finds to a person on its own.

A name is a run of name tokens the pipeline recognises (English PERSON entities; Japanese tokens
tagged 名詞-固有名詞-人名, with a kanji the dictionary does not know before them, as 𠮷 in 𠮷田) or
a run of capitalised proper nouns (English, also in capitals: "SAMUEL O'CONNOR") that a cue or
contact data beside it confirms. A name is private when a cue says so (my neighbour …, … from QA,
同僚の…, …さん), or when it is the name nearest to someone's contact data, ID or address in its
sentence (or in the sentence before, when the data's sentence points back with "her", "them");
public when a cue shows a public role (CEO …, … 選手, — …) or it is an [allow] term; no person's
name at all when a cue shows a business (… Ltd, 株式会社…). Contact data the pii rules find to
be public (a business line, an office's address) ties no one. Mentions of one person (Sam
Whitfield … Sam) share what is known about them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.attrs import IDX
from spacy.strings import get_string_id

from ..draft import fold_width
from .loader import specs_of_kind
from .patterns import PatternSet
from .pii import public_pii_results

if TYPE_CHECKING:
    from ..config import Config
    from .base import Context, RuleSpec

NAME, PRONOUN, REFERENCE, SELF = "name", "pronoun", "reference", "self"
SIDES = ("private", "person", "public", "organization")
SPAN_GROUPS = {"pronouns": PRONOUN, "references": REFERENCE, "public_references": REFERENCE, "self": SELF}
WINDOW = 100            # characters before/after a name that its cue patterns read
MIN_CONTACT_SCORE = 0.4  # Presidio results that count as contact data next to a name (the pii rules' lowest minimum)
MAX_NAME_TOKENS = 4
JA_NAME_TAG = "名詞-固有名詞-人名"

_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_JA_NAME_CHARS = re.compile(f"[\u3041-\u3096\u30a1-\u30fa\u30fc{_KANJI}々]+")
_UNKNOWN_KANJI = re.compile(f"[{_KANJI}]+")
# A word of a name: capitalised (any script's letters), in capitals, or an initial.
_EN_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*['’]?|[A-Z]\.")
_FILLER = re.compile(r"[\s,、・:：(（「『\"“]*")
# Sentence ends; a full stop after an abbreviation ("passport no. 123", "Dr. Lee") is none.
_SENTENCE_END = re.compile(
    r"[。！？!?]+[」』）)”\"]*|(?<!\bno)(?<!\bNo)(?<!\bNO)(?<!\bnr)(?<!\bNr)(?<!\b[Mm]r)(?<!\b[Mm]s)(?<!\bMrs)(?<!\bDr)(?<!\bSt)"
    r"(?<!\bApt)(?<!\bTel)(?<!\btel)(?<!\bext)(?<!\b[A-Z])\.(?=\s|$)|\n|[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?(?=\s)")
# Words that point back to a person named in the sentence before ("…found by Ann Lee. Reach
# them on …", 「…田中さん。彼女の番号は…」).
_POINTS_BACK = re.compile(r"(?i)\b(?:her|him|them|his|their|she|he|they)\b|彼女|彼(?!氏|ら)|本人")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


@dataclass(frozen=True)
class Mention:
    """A span of the draft that refers to a person: a NAME, a PRONOUN ("she"), another REFERENCE
    ("my sister", "their CEO") or the author (SELF). `parts` are a name's words, to recognise the
    same person again."""

    start: int
    end: int
    kind: str
    public: bool = False
    private: bool = False
    parts: frozenset[str] = frozenset()

    def same_person(self, other: "Mention") -> bool:
        return self.kind == other.kind == NAME and bool(self.parts & other.parts)


# ---------------------------------------------------------------- finding the lexicon

@lru_cache(maxsize=16)
def people_for(config: "Config") -> "People | None":
    """The People of a config, built from the (first) rule of kind `person`."""
    specs = specs_of_kind("person", config)
    return People(specs[0], config) if specs else None


# ---------------------------------------------------------------- sentences

def sentence_spans(ctx: "Context") -> list[tuple[int, int]]:
    """(start, end) of every sentence of the draft: cut at 。！？!? and '. ', line ends and emoji."""
    def compute():
        spans, start = [], 0
        for m in _SENTENCE_END.finditer(ctx.view):
            spans.append((start, m.end()))
            start = m.end()
        if start < len(ctx.view):
            spans.append((start, len(ctx.view)))
        return spans

    return ctx.memo(("people", "sentences"), compute)


def sentence_index(ctx: "Context", offset: int) -> int:
    spans = sentence_spans(ctx)
    return max(0, bisect.bisect_right([s for s, _ in spans], offset) - 1)


# ---------------------------------------------------------------- people

class People:
    """Finds the mentions of people in a draft with the cue words of a `person` rule."""

    def __init__(self, spec: "RuleSpec", config: "Config"):
        params, org = spec.params, config.organization
        self.config = config
        self.key = ("people", spec.path)
        self.gap = int(params.get("gap", 3))
        groups = [f"{side}_{where}" for side in SIDES for where in ("before", "after")] + list(SPAN_GROUPS)
        self.cues = {group: PatternSet(params.get(group, {}), org, f"{spec.path}: {group}") for group in groups}
        own = (*org.names, *org.products, *(h.lstrip("@") for h in org.official_accounts), *org.confidential_terms)
        self.not_names = [fold_width(t).casefold() for t in own if t.strip()]
        self.public_names = [fold_width(t).casefold() for t in config.allow_terms if t.strip()]

    def mentions(self, ctx: "Context") -> list[Mention]:
        """Every mention of a person in the draft, in text order (computed once per draft)."""
        return ctx.memo(self.key, lambda: self._find(ctx))

    def subject_of(self, ctx: "Context", start: int, end: int) -> Mention | None:
        """Whom the words at start..end are about: the nearest mention before them in their
        sentence, else the first name or reference after them in it (a pronoun after them
        points back to someone before), else the last one of the sentences before (same
        paragraph; Japanese leaves the subject out). None when no one is mentioned."""
        mentions = self.mentions(ctx)
        spans = sentence_spans(ctx)
        index = sentence_index(ctx, start)
        s_start, s_end = spans[index]
        before = [m for m in mentions if s_start <= m.start and m.end <= start]
        if before:
            return max(before, key=lambda m: m.end)
        after = [m for m in mentions if end <= m.start and m.end <= s_end and m.kind != PRONOUN]
        if after:
            return min(after, key=lambda m: m.start)
        for i in range(index - 1, max(-1, index - 3), -1):
            p_start, p_end = spans[i]
            if _PARAGRAPH_BREAK.search(ctx.view, p_end - 1, s_start + 1):
                break
            earlier = [m for m in mentions if p_start <= m.start and m.end <= p_end]
            if earlier:
                return max(earlier, key=lambda m: m.end)
        return None

    # ------------------------------------------------------------ names

    def _find(self, ctx: "Context") -> list[Mention]:
        found = [r for r in ctx.pii_results() if r.score >= MIN_CONTACT_SCORE and not ctx.in_url(r.start, r.end)]
        contacts = [(r.start, r.end) for r in found]
        public = {(r.start, r.end) for r in public_pii_results(ctx, self.config)}
        candidates = [c for c in self._candidates(ctx) if not _overlaps(c[1], c[2], contacts)]
        eligible = [c[1:3] for c in candidates if c[4] or c[0] == "en" and len(c[3]) >= 2]
        tied = _tied_to_contacts(ctx, eligible, [c for c in contacts if c not in public])
        names = [self._judge(ctx, language, start, end, parts, strong, (start, end) in tied)
                 for language, start, end, parts, strong in candidates]
        names = link_same_people([n for n in names if n is not None])
        taken = [(n.start, n.end) for n in names]
        others = []
        for group, kind in SPAN_GROUPS.items():
            for start, end in self.cues[group].find(ctx):
                if not _overlaps(start, end, taken):
                    others.append(Mention(start, end, kind, public=group == "public_references"))
                    taken.append((start, end))
        return sorted(names + others, key=lambda m: (m.start, m.end))

    def _candidates(self, ctx: "Context"):
        """(language, start, end, parts, strong) of every possible name; strong: the pipeline
        says it is a person's name, otherwise a cue must confirm that it is one."""
        for segment in ctx.segments:
            if segment.language == "ja":
                spans = _ja_names(segment)
            else:
                spans = _en_names(segment, _dictionary_words(ctx.pipelines.get("en")) if ctx.pipelines
                                  else (frozenset(), frozenset()))
            for span, strong in spans:
                parts = frozenset(t.text.casefold() for t in span if len(t.text) > 1 or segment.language == "ja")
                yield segment.language, segment.start + span.start_char, segment.start + span.end_char, parts, strong

    def _judge(self, ctx: "Context", language: str, start: int, end: int, parts, strong: bool, tied: bool) -> Mention | None:
        """The Mention of a candidate name, or None when it is not a private person's name.
        tied: the name is the one nearest to someone's contact data, ID or address."""
        text = fold_width(ctx.view[start:end]).casefold()
        if start and ctx.view[start - 1] in "@#＠＃" or ctx.in_url(start, end):
            return None
        if any(_names_one(own, text) for own in self.not_names) or self._cue(ctx, language, start, end, "organization"):
            return None
        allowed = any(_names_one(a, text) or _starts_with_name(a, text) for a in self.public_names)
        # Someone's own contact data outweighs a cue of a public role ("found by Ann Lee. Reach
        # them on …"); an [allow] term stays public.
        public = allowed or not tied and self._cue(ctx, language, start, end, "public")
        private = self._cue(ctx, language, start, end, "private")
        strong = strong or private or public or self._cue(ctx, language, start, end, "person") or tied
        if not strong:
            return None
        private = private or tied
        return Mention(start, end, NAME, public=public, private=private and not public, parts=parts)

    def _cue(self, ctx: "Context", language: str, start: int, end: int, side: str) -> bool:
        """Whether a cue of a side (private, person, public) ends right before the name or starts
        right after it."""
        before = ctx.view[max(0, start - WINDOW):start]
        for regex in self.cues[f"{side}_before"].regexes.get(language, []):
            for m in regex.finditer(before):
                if len(before) - m.end() <= self.gap and _FILLER.fullmatch(before, m.end()):
                    return True
        after = ctx.view[end:end + WINDOW]
        return any(regex.match(after) for regex in self.cues[f"{side}_after"].regexes.get(language, []))



def _tied_to_contacts(ctx: "Context", names: list[tuple[int, int]], contacts) -> set[tuple[int, int]]:
    """The names that contact data belongs to: for each piece of data, the nearest name in its
    sentence, else the last name of the sentence before when the data's sentence points back to
    someone ("her", "them") before the data. names: the candidates that may be a person's."""
    if not names or not contacts:
        return set()
    spans = sentence_spans(ctx)
    tied = set()
    for c_start, c_end in contacts:
        index = sentence_index(ctx, c_start)
        s_start, s_end = spans[index]
        same = [n for n in names if s_start <= n[0] < s_end]
        if same:
            tied.add(min(same, key=lambda n: c_start - n[1] if n[1] <= c_start else n[0] - c_end))
        elif index and _POINTS_BACK.search(ctx.view, s_start, c_start):
            p_start, p_end = spans[index - 1]
            before = [n for n in names if p_start <= n[0] < p_end]
            if before and not _PARAGRAPH_BREAK.search(ctx.view, p_end - 1, s_start + 1):
                tied.add(max(before))
    return tied


def link_same_people(names: list[Mention]) -> list[Mention]:
    """Share what is known between mentions of one person: public wins, then private."""
    linked = []
    for name in names:
        same = [n for n in names if n.same_person(name)]
        public = any(n.public for n in same)
        linked.append(replace(name, public=public, private=not public and any(n.private for n in same)))
    return linked


def _names_one(term: str, text: str) -> bool:
    """Whether a candidate name is a configured term or one of its words (casefolded)."""
    return term in text or text in term.split()


def _starts_with_name(term: str, text: str) -> bool:
    """Whether a term begins with the candidate as a whole word: "ken aoyama" with "ken", 青山健
    with 青山 (Japanese names run on without spaces), not "kenji" with "ken"."""
    if not term.startswith(text) or len(term) == len(text):
        return term == text
    following = term[len(text)]
    return not following.isascii() or not following.isalnum()


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


@lru_cache(maxsize=4)
def _dictionary_words(nlp) -> tuple[frozenset[str], frozenset[str]]:
    """The nouns, and the verbs, adjectives and adverbs, of the English pipeline's lemmatizer
    index (WordNet's), to tell a shouted phrase ("FREE PIZZA", "GARAGE SALE") from a name in
    capitals ("SAMUEL O'CONNOR"); empty when the pipeline has none."""
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, AttributeError):
        return frozenset(), frozenset()
    noun = get_string_id("noun")  # the table's keys are string ids
    others = frozenset(w for pos, words in index.items() if pos != noun for w in words)
    return frozenset(index.get(noun, ())), others


def _en_names(segment, dictionary: tuple[frozenset[str], frozenset[str]]):
    """(Span, strong) of English names: PERSON entities, then runs of capitalised proper nouns
    that are not places or one-word organizations (the tagger often calls a name ORG); a run in
    capitals needs two words or more, one of them no dictionary word."""
    doc = segment.doc
    found, covered = [], set()
    for ent in segment.entities("person"):
        run = _longest_name_run(ent)
        if run is not None:
            found.append((run, True))
            covered.update(range(run.start, run.end))
    for ent in [*segment.entities("place"), *(e for e in segment.entities("organization") if len(e) == 1)]:
        covered.update(range(ent.start, ent.end))
    capitalised = _capitalised_tokens(segment)
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in covered and j in capitalised and _name_word(doc[j]):
            j += 1
        if 1 <= j - i <= MAX_NAME_TOKENS and (not doc[i:j].text.isupper() or _caps_name(doc[i:j], dictionary)):
            found.append((doc[i:j], False))
        i = max(j, i + 1)
    return found


def _capitalised_tokens(segment) -> set[int]:
    """The indices of the tokens whose first character is upper case, the first thing _name_word
    asks (read from the Doc's offsets, without a Token object per word)."""
    text = segment.text
    return {i for i, at in enumerate(segment.doc.to_array(IDX).tolist()) if text[at].isupper()}


def _name_word(token) -> bool:
    """A proper noun written as a name's word ("Ann", "Döhn", "O'Connor"); in capitals, also a
    word the tagger takes for a noun or adjective ("SAMUEL O'CONNOR")."""
    text = token.text
    if not _EN_NAME_TOKEN.fullmatch(text) or not text[0].isupper():
        return False
    if not text.isupper() or len(text) == 2 and text.endswith("."):
        return token.pos_ == "PROPN"
    return len(text) > 1 and token.pos_ in ("PROPN", "NOUN", "ADJ", "X") and not token.is_stop


def _caps_name(span, dictionary: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether a run in capitals can be a name: two words or more, none a verb, adjective or
    adverb, and one no noun of the dictionary or shaped like a surname (O'CONNOR, SMITH-JONES).
    Capitalised first names are in it as nouns, many surnames are not."""
    nouns, others = dictionary
    words = [t.lower_ for t in span if len(t) > 1]
    return (len(span) >= 2 and not any(w in others for w in words)
            and any(w not in nouns or "'" in w or "’" in w or "-" in w for w in words))


def _longest_name_run(span):
    """The longest run of name-like tokens in an entity ('🎗️ Strongest' has none worth keeping)."""
    best, start = None, None
    for i, token in enumerate([*span, None]):
        if token is not None and token.text[:1].isupper() and _EN_NAME_TOKEN.fullmatch(token.text):
            start = i if start is None else start
            continue
        if start is not None and (best is None or i - start > len(best)):
            best = span[start:i]
        start = None
    return best


def _unknown_kanji(token) -> bool:
    """A kanji the dictionary does not know, tagged as a symbol (𠮷 of 𠮷田, outside the BMP)."""
    return token.tag_.startswith("補助記号") and bool(_UNKNOWN_KANJI.fullmatch(token.text))


def _ja_names(segment):
    """(Span, strong) of Japanese names: runs of tokens the dictionary tags as parts of a name
    (strong), then Person entities made of kanji and kana only (a cue must confirm them)."""
    doc = segment.doc
    found, covered, i = [], set(), 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].tag_.startswith(JA_NAME_TAG):
            j += 1
        if j > i:
            first = i - 1 if i and _unknown_kanji(doc[i - 1]) else i
            found.append((doc[first:j], True))
            covered.update(range(first, j))
        i = max(j, i + 1)
    for ent in segment.entities("person"):
        if not covered.intersection(range(ent.start, ent.end)) and _JA_NAME_CHARS.fullmatch(ent.text):
            found.append((ent, False))
    return found
