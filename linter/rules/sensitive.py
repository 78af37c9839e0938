"""Kind `sensitive`: special care-required information about an identifiable person.

A rule file holds one topic (health, religion, criminal record…) as pattern sets per language
(see patterns.py). A phrase it finds is tied to the person it is about (linter.rules.people): a
name, "my coworker", a pronoun, 〇〇さん; when those name no one but the author, the grammatical
subject of the phrase's clause may still be a third person the lexicon missed ("I heard Raj is
HIV positive", "Ana's husband has cancer"). About a third person the phrase is flagged at the
rule's severity, about the author it is left alone, about no one in particular it is an info hint.
A clause subject is a third person when it is a name, a noun someone else possesses ("Ana's
husband", "a customer's"), a noun before a "who" clause ("the FA who got pulled off…"), the name
praised "for V-ing", or a singular person noun with a determiner ("our only engineer"): the person
nouns are the lemmas of `person-nouns.en.txt` beside the rule file. In Japanese, a person noun of
`person-nouns.ja.txt`, a job the pipeline names (助役) or anyone called …さん that opens the
phrase's sentence as its topic (「305号室の入居者、…」), or the person the phrase describes right
after it (「痴漢被害の女の子」), is one. The author's own noun ("my cancer") is the author's.
Params:

    patterns:        the topic's phrases per language
    public_figures:  false when the topic is fair to report about people in a public role
                     (e.g. an investigation of a CEO); default true (their health is private)
    public_roles:    {en: regex, ja: regex}: with public_figures false, only people whose role,
                     in the 40 characters before the mention or in it, matches are exempt (a
                     politician's party is public, a CFO's is not)
    join_gap:        phrases of the topic this close (characters, no punctuation between) are
                     one finding ("six rounds of chemo" + "for breast cancer")
"""
from __future__ import annotations

import re
from pathlib import Path

from ..finding import Severity
from .base import Context, Hit, Rule, kind
from .loader import word_list
from .patterns import PatternSet, compile_regex
from .people import NAME, REFERENCE, SELF, Mention, people_for, sentence_spans, sentence_index
from .wording import phrase

_CLAUSE_BREAK = re.compile(r"[,.;:!?。、！？;\n]")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
THIRD_PERSON_POSSESSIVES = frozenset({"his", "her", "their"})
DEFINITE = frozenset({"the", "this", "that", "our", "my", "his", "her", "their", "your"})
RELATIVE_WHO = frozenset({"who", "whom", "whose"})
MAX_CLIMB = 4
ROLE_WINDOW = 40
# what may stand between a Japanese topic and the sentence's phrase: no other clause's subject
# anyone called …さん at the head of a clause: 「隣のカウンターのBAさん、…」
JA_HONORIFIC_TOPIC = re.compile(r"(?<![ぁ-ゖ])([^\s、。，,！？!?「」『』（）()\u3041-\u3096]{1,12}?(?:さん|くん|ちゃん|さま|様|氏))(?=[はがも、,\s]|って)")
JA_DESCRIBED = re.compile(r"(?:に遭った|にあった|された|した|中の|の)")
JA_TOPIC_MARK = re.compile(r"(?:さん|くん|君|ちゃん|様)?(?:は|が|も|って|、|,|\s)")


@kind("sensitive")
class SensitiveRule(Rule):
    """Flags a topic's phrases when they are about an identifiable third person."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        params = spec.params
        self.topic = PatternSet(params.get("patterns", {}), config.organization, f"{spec.path}: patterns")
        self.public_figures = bool(params.get("public_figures", True))
        self.public_roles = {lang: compile_regex(p, spec.path) for lang, p in (params.get("public_roles") or {}).items()}
        self.join_gap = int(params.get("join_gap", 12))
        self.people = people_for(config)
        self.person_nouns = person_nouns(Path(spec.path).parent)

    def check(self, ctx: Context):
        for start, end, subject in self.tied(ctx):
            if subject is None:
                yield Hit(start, end, severity=Severity.INFO,
                          message=phrase("about_no_one", message=self.spec.wording("message")))
            elif self._concerns(subject, ctx):
                yield Hit(start, end)

    def subjects(self, ctx: Context) -> list[Mention]:
        """The people this topic's flagged phrases are about."""
        return [subject for _, _, subject in self.tied(ctx) if subject is not None and self._concerns(subject, ctx)]

    def tied(self, ctx: Context) -> list[tuple[int, int, Mention | None]]:
        """(start, end, subject) of every phrase of the topic in the draft (computed once per draft)."""
        def compute():
            return [(start, end, self._subject(ctx, start, end)) for start, end in self._phrases(ctx)]

        return ctx.memo(("sensitive", self.spec.id), compute)

    def _subject(self, ctx: Context, start: int, end: int) -> Mention | None:
        """Whom the phrase is about: the people lexicon's answer, unless that is no one or the
        author while the clause's own subject is a third person."""
        if _owned_by_author(ctx, start, end, self.person_nouns.get("en", frozenset())):
            return Mention(start, end, SELF)
        subject = self.people.subject_of(ctx, start, end) if self.people else None
        if subject is None or subject.kind == SELF:
            return (clause_subject(ctx, start, end, self.person_nouns.get("en", frozenset()))
                    or topic_person(ctx, start, self.person_nouns.get("ja", ()), end) or subject)
        return subject

    def _concerns(self, subject: Mention, ctx: Context) -> bool:
        """Whether a phrase about this subject is to be flagged."""
        if subject.kind == SELF:
            return False
        if self.public_figures or not subject.public:
            return True
        return bool(self.public_roles) and not self._in_public_role(subject, ctx)

    def _in_public_role(self, subject: Mention, ctx: Context) -> bool:
        language = ctx.language_at(subject.start)
        role = self.public_roles.get(language)
        return bool(role and role.search(ctx.view, max(0, subject.start - ROLE_WINDOW), subject.end))

    def _phrases(self, ctx: Context) -> list[tuple[int, int]]:
        """The topic's matches, overlapping or nearby ones joined into one phrase."""
        joined: list[list[int]] = []
        for start, end in self.topic.find(ctx):
            if joined and start - joined[-1][1] <= self.join_gap and not _CLAUSE_BREAK.search(ctx.view, joined[-1][1], max(start, joined[-1][1])):
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        return [(s, e) for s, e in joined]


def person_nouns(folder: Path) -> dict[str, frozenset[str] | tuple[str, ...]]:
    """The person nouns of person-nouns.<lang>.txt in a rule folder, per language."""
    found = {}
    for lang in ("en", "ja"):
        path = folder / f"person-nouns.{lang}.txt"
        if path.is_file():
            words = word_list(path)
            found[lang] = frozenset(w.casefold() for w in words) if lang == "en" else tuple(words)
    return found


def _owned_by_author(ctx: Context, start: int, end: int, nouns: frozenset[str]) -> bool:
    """Whether the phrase's noun is the author's own ("treating my cancer"; not "our engineer")."""
    for segment in ctx.segments:
        if segment.language != "en" or not (segment.start <= start < segment.end):
            continue
        span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
        return span is not None and not _person_noun(span.root, nouns) and any(
            c.dep_ == "poss" and c.lower_ in ("my", "our") for c in span.root.children)
    return False


def clause_subject(ctx: Context, start: int, end: int, nouns: frozenset[str] = frozenset()) -> Mention | None:
    """The subject of the English clause around start..end when it is a third person: a proper
    noun that is no organization or place ("Priya is a union member"), a noun someone else
    possesses ("Ana's husband", "his wife"), or a person noun (see the module docstring). Climbs
    from the phrase to the verbs above it."""
    for segment in ctx.segments:
        if segment.language != "en" or not (segment.start <= start < segment.end):
            continue
        span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
        if span is None:
            return None
        head = span.root
        if _person_noun(head, nouns) and _picked_out(head):
            return _third_person(segment, head, nouns)
        if any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in head.children):
            return None
        owner = _owner(head, span, segment, nouns)
        if owner is not None:
            return owner
        for _ in range(MAX_CLIMB):
            subject = _subject_child(head, span)
            if subject is not None:
                return _third_person(segment, _antecedent(subject), nouns)
            if head.tag_ == "VBG" and head.dep_ == "pcomp" and head.head.lower_ == "for":
                return _praised(segment, head)
            if head.head is head:
                return None
            head = head.head
    return None


def _subject_child(head, span):
    """The nearest child left of head, outside the phrase, that is its subject (the small parser sometimes
    labels a name before its verb otherwise: "heard Raj is…")."""
    for child in reversed(list(head.lefts)):
        if span.start <= child.i < span.end:
            continue
        if child.dep_ in SUBJECT_DEPS or (child.pos_ == "PROPN" and child.dep_ not in ("compound", "poss")):
            return child
    return None


def _owner(head, span, segment, nouns: frozenset[str]) -> Mention | None:
    """Whose the phrase's noun is, when someone else owns it ("a customer's pregnancy")."""
    for child in head.children:
        if child.dep_ == "poss" and not (span.start <= child.i < span.end):
            if child.pos_ == "PROPN" or _person_noun(child, nouns):
                return Mention(segment.start + child.idx, segment.start + child.idx + len(child), REFERENCE)
    return None


def _praised(segment, gerund) -> Mention | None:
    """Who does what "for V-ing" says in "shoutout to / proud of / thanks to NAME for V-ing": the
    name that is the object of to/of before it (the small model sometimes calls it a place)."""
    sentence = gerund.sent
    for token in reversed(sentence[:gerund.i - sentence.start]):
        if token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.lower_ in ("to", "of"):
            words = [t for t in token.subtree if t.i <= token.i and (t.i == token.i or t.dep_ == "compound")]
            first = min(words, key=lambda t: t.i)
            return Mention(segment.start + first.idx, segment.start + token.idx + len(token), NAME,
                           parts=frozenset(t.text.casefold() for t in words))
    return None


def _antecedent(token):
    """The noun a relative "who" stands for ("the FA who…" -> FA), else the token."""
    if token.lower_ in RELATIVE_WHO and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _third_person(segment, token, nouns: frozenset[str] = frozenset()) -> Mention | None:
    not_people = {t.i for kind in ("organization", "place") for ent in segment.entities(kind) for t in ent}
    if token.pos_ == "PROPN" and token.i not in not_people and not _person_noun(token, nouns):
        words = [t for t in token.subtree if t.i <= token.i and (t.i == token.i or t.dep_ == "compound")]
        first = min(words, key=lambda t: t.i)
        return Mention(segment.start + first.idx, segment.start + token.idx + len(token), NAME,
                       parts=frozenset(t.text.casefold() for t in words))
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    owners = [c for c in token.children if c.dep_ == "poss"]
    if owners and (owners[0].pos_ == "PROPN" or owners[0].lower_ in THIRD_PERSON_POSSESSIVES
                   or _person_noun(owners[0], nouns)):
        return Mention(segment.start + owners[0].idx, segment.start + token.idx + len(token), REFERENCE)
    if _person_noun(token, nouns) and _picked_out(token):
        first = min((t for t in token.subtree if t.i <= token.i), key=lambda t: t.i)
        return Mention(segment.start + first.idx, segment.start + token.idx + len(token), REFERENCE)
    return None


def _person_noun(token, nouns: frozenset[str]) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and (token.lemma_.casefold() in nouns or token.lower_ in nouns)


def _picked_out(token) -> bool:
    """A singular person noun that points at one person: with a definite determiner or
    possessive ("the driver", "our only engineer") or a "who" clause ("a guy who…")."""
    if token.tag_ in ("NNS", "NNPS"):
        return False
    if any(c.dep_ == "relcl" and any(g.lower_ in RELATIVE_WHO for g in c.children) for c in token.children):
        return True
    return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in token.children)


def topic_person(ctx: Context, start: int, nouns: tuple[str, ...], end: int | None = None) -> Mention | None:
    """A Japanese person noun (or a job the pipeline names, 助役, 班長) that opens the sentence of
    start as its topic or subject, before the phrase (「305号室の入居者、…」), or that the phrase
    describes right after it (「痴漢被害の女の子」)."""
    segment = next((s for s in ctx.segments if s.start <= start < s.end), None)
    if segment is None or segment.language != "ja":
        return None
    lo, _ = sentence_spans(ctx)[sentence_index(ctx, start)]
    lo = max(lo, segment.start)
    candidates = [(lo + m.start(), lo + m.end()) for noun in nouns for m in re.finditer(re.escape(noun), ctx.view[lo:start])]
    candidates += [(segment.start + ent.start_char, segment.start + ent.end_char) for ent in segment.entities("role")
                   if lo <= segment.start + ent.start_char and segment.start + ent.end_char <= start]
    candidates += [(lo + m.start(1), lo + m.end()) for m in JA_HONORIFIC_TOPIC.finditer(ctx.view[lo:start])]
    for c_start, c_end in sorted(candidates):
        if JA_TOPIC_MARK.match(ctx.view, c_end) and not _preceded_by_self(ctx.view[lo:c_start]):
            return Mention(c_start, c_end, REFERENCE)
    if end is not None:
        after = JA_DESCRIBED.match(ctx.view, end)
        if after:
            tail = ctx.view[after.end():after.end() + 8]
            noun = next((n for n in nouns if tail.startswith(n)), None)
            if noun:
                return Mention(after.end(), after.end() + len(noun), REFERENCE)
    return None


def _preceded_by_self(text: str) -> bool:
    return text.endswith(("私の", "僕の", "俺の", "自分の", "わたしの", "うちの子の"))
