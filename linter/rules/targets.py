"""Targets: the people, organizations, products and accounts a statement can be about.

A target comes from the parse (person/organization/place entities and other proper names), from
the patterns of rules/targets.yaml (honorifics like さん/氏/社長, relations like "my old boss",
company-like names like "X Corp" or "X工業"), from the config (the organization's names, products
and official accounts, marked `own`), is an @handle, or is the person a reply speaks to ("you",
お前: kind addressee). Found once per draft and shared by every rule that asks "does this phrase
concern someone?".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..nlp.segments import MODEL_CHOICES, data_dir
from .loader import expand_word_lists
from .units import units
from .wording import phrase
from .yamlfile import read_yaml

if TYPE_CHECKING:
    from ..config import Organization
    from .base import Context

KINDS = ("person", "relation", "organization", "product", "handle", "place", "name", "addressee")
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
_LETTER = re.compile(r"[^\W\d_]")
_CONNECTOR = re.compile(r"(?:(?:'s|’s)?[ \t]+(?:of|at|from)[ \t]+(?:the[ \t]+)?|(?:'s|’s)[ \t]+|の|・|[ \t]*)")
# katakana or Latin, as brand names are written (hiragana and kanji words the parser does not know
# are slang and typos more often than names)
_NAME_SCRIPT = re.compile(r"[\u30a1-\u30faA-Za-z][\u30a1-\u30fa\u30fcA-Za-z0-9&.-]{2,}")
_POSSESSIVE_END = re.compile(r"(?:'s|’s|')$")
MAX_NAME = 40
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
SUBJECT_CLIMB = 4
CLAUSE_DEPS = ("advcl", "ccomp", "acl", "relcl", "parataxis", "csubj", "dislocated")
# what picks out particular people from a word for anyone ("the people at Zephyr", "those guys")
_PICKED_OUT = ("det", "poss", "compound", "nmod", "prep", "relcl", "appos", "acl", "nummod")


@dataclass(frozen=True)
class Target:
    """A span of the draft naming someone or something a statement can concern."""

    start: int
    end: int
    kind: str
    own: bool = False


def targets(ctx: "Context") -> list[Target]:
    """Every target of the draft, in order (computed once per draft)."""
    return ctx.memo("targets", lambda: finder_for(ctx.config.organization).find(ctx))


def targets_between(ctx: "Context", start: int, end: int, kinds: Iterable[str] = KINDS,
                    own: str = "include", outside: tuple[int, int] | None = None) -> list[Target]:
    """Targets within start..end of the given kinds; own: include, exclude or only the organization's.
    A target crossing an edge counts (a parser may cut a sentence inside a name: "ミナト|証券の…").

    outside: a span (e.g. the phrase itself) that the target must not overlap, unless it is a
    relation the phrase names ("クソ上司", "useless boss": the boss is the target).
    """
    wanted = set(kinds)
    found = []
    for t in targets(ctx):
        if t.end <= start or t.start >= end or t.kind not in wanted:
            continue
        if (own == "exclude" and t.own) or (own == "only" and not t.own):
            continue
        if outside and t.start < outside[1] and outside[0] < t.end and not _named_within(t, outside):
            continue
        found.append(t)
    return found


def _named_within(target: Target, span: tuple[int, int]) -> bool:
    """A relation or the addressee the phrase itself names ("useless boss", "you idiot")."""
    return target.kind in ("relation", "addressee") and span[0] <= target.start and target.end <= span[1]


def target_in_reach(ctx: "Context", start: int, end: int, kinds: Iterable[str] = KINDS,
                    own: str = "include") -> Target | None:
    """A target the phrase start..end concerns: one named in its sentence, or in the sentence
    before when the sentence points back to it ("they", "those guys"; always in Japanese), else
    the person the sentence speaks to ("you're a clown", お前…) when kinds has addressee."""
    sentence = units(ctx).sentence(start)
    found = targets_between(ctx, *sentence, kinds=kinds, own=own, outside=(start, end))
    named = [t for t in found if t.kind != "addressee"]
    if named:
        return _nearest(named, start)
    previous = units(ctx).previous_sentence(start)
    if previous and finder_for(ctx.config.organization).points_back(ctx, *sentence):
        before = [t for t in targets_between(ctx, *previous, kinds=kinds, own=own) if t.kind != "addressee"]
        if before:
            return before[-1]
    return _nearest(found, start) if found else None


def addressee_of_dropped_subject(ctx: "Context", start: int, end: int) -> Target | None:
    """The person addressed, as the target of a phrase whose clause has no subject, in a
    language that drops the subject of a remark made to someone (「いやバカじゃん」, 「無能」:
    rules/targets.yaml `dropped_subject`); None when the clause has a subject of its own
    that names no one (「この映画はゴミ」)."""
    finder = finder_for(ctx.config.organization)
    for segment in ctx.segments:
        if not segment.start <= start < segment.end:
            continue
        if segment.language not in finder.dropped_subject:
            return None
        span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
        subject = clause_subject(span) if span is not None else None
        if subject is not None and not finder.names_someone(subject):
            return None
        return Target(start, start, "addressee")
    return None


def subject_target(ctx: "Context", start: int, end: int, kinds: Iterable[str] = KINDS,
                   own: str = "include", required: bool = True) -> Target | None:
    """The target a phrase is said of: the grammatical subject of its clause when the parse has
    one. A "place" subject counts: what does or is something is an organization the parser took
    for a place ("Zephyr Mobile is scamming…"). A subject that is anyone at all ("someone stole
    my bike", "people are lazy") clears the phrase, and so does, when required, one that is a
    thing ("this is disgusting", "it's garbage").

    required: a subject that is no target clears the phrase ("Our manager is useless" but not
    "Zephyr's app is useless"), unless it is a word for people ("Brightwave's staff are…",
    "those guys"); otherwise such a phrase falls back to target_in_reach. A pronoun subject, a
    passive one (the doer is elsewhere: "rigged by Karen Li"), the phrase itself, a word the
    parser took for a subject that is no name ("Got ripped off by…") or none at all ("what a
    clown", dropped Japanese subjects) always fall back to target_in_reach."""
    found = _subject(ctx, start, end)
    if found is None:
        return target_in_reach(ctx, start, end, kinds, own)
    subject, offset = found
    head = (offset + subject.idx, offset + subject.idx + len(subject.text))
    finder = finder_for(ctx.config.organization)
    if finder.says_of_no_one(subject, required):
        return None
    if (subject.pos_ == "PRON" or subject.dep_ == "nsubjpass"
            or (subject.pos_ == "PROPN" and subject.lower_ in finder.not_names)
            or (head[0] < end and start < head[1])):
        return target_in_reach(ctx, start, end, kinds, own)
    sentence = units(ctx).sentence(start)
    on_head = [t for t in targets_between(ctx, *sentence, kinds=(*kinds, "place"), own=own, outside=(start, end))
               if t.start < head[1] and head[0] < t.end]
    if on_head:
        return max(on_head, key=lambda t: (t.kind != "place", t.end - t.start))
    people = finder.people_heads
    if required and subject.lemma_.casefold() not in people and subject.lower_ not in people:
        return None
    right = subject.right_edge
    inside = targets_between(ctx, offset + subject.left_edge.idx, offset + right.idx + len(right.text),
                             kinds=kinds, own=own, outside=(start, end))
    # "those guys", "the staff": people named elsewhere in the sentence or the one before
    return inside[0] if inside else target_in_reach(ctx, start, end, kinds, own)


def _subject(ctx: "Context", start: int, end: int):
    """(subject token, its segment's offset) of the clause holding start..end, climbing at most
    SUBJECT_CLIMB heads from the phrase and never out of its clause; None when the parse has no
    subject there or the language's subjects are too often dropped to tell (subject_languages)."""
    languages = finder_for(ctx.config.organization).subject_languages
    for segment in ctx.segments:
        if not segment.start <= start < segment.end or segment.language not in languages:
            continue
        span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
        subject = clause_subject(span) if span is not None else None
        return (subject, segment.start) if subject is not None else None
    return None


def clause_subject(span):
    """The subject token of the clause a parsed span is in, climbing at most SUBJECT_CLIMB heads
    from its root and never out of its clause ("…but the founder harassed…": the founder, not
    the "I" of the clause before); None when the parse has none."""
    token = span.root
    for _ in range(SUBJECT_CLIMB):
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return subject
        if token.head.i == token.i or token.dep_ in CLAUSE_DEPS:
            return None
        token = token.head
    return None


def _nearest(found: list[Target], start: int) -> Target:
    """The target a phrase most likely concerns: the closest one before it (the subject usually
    comes first), else the closest one after it."""
    before = [t for t in found if t.start < start]
    if before:
        return max(before, key=lambda t: (t.end, t.end - t.start))
    return min(found, key=lambda t: (t.start, -t.end))


def target_name(ctx: "Context", target: Target | None) -> str | dict[str, str]:
    """How a message names a target: the whole name it belongs to ("the CFO of Norland Bank",
    "オリオン物流の社長", "田中部長"), or "a person or company" when there is none."""
    if target is None:
        return phrase("unnamed_target")
    if target.kind == "addressee":
        return phrase("addressee_target")
    start, end = _grown(ctx, target.start, target.end)
    return _POSSESSIVE_END.sub("", ctx.text[start:end]) or ctx.text[start:end]


def _grown(ctx: "Context", start: int, end: int) -> tuple[int, int]:
    """start..end widened over the targets overlapping it or joined to it by a connector
    ("'s", "of", "at", "from", "の", "・"), up to MAX_NAME characters."""
    every = targets(ctx)
    grew = True
    while grew:
        grew = False
        for t in every:
            joined = (t.start < end and start < t.end) or _CONNECTOR.fullmatch(ctx.view, end, t.start) \
                or _CONNECTOR.fullmatch(ctx.view, t.end, start)
            if joined and (t.start < start or t.end > end) and max(end, t.end) - min(start, t.start) <= MAX_NAME:
                start, end, grew = min(start, t.start), max(end, t.end), True
    return start, end


@lru_cache(maxsize=16)
def finder_for(org: "Organization") -> "TargetFinder":
    """One compiled TargetFinder per organization."""
    return TargetFinder(load_target_data(), org)


@lru_cache(maxsize=1)
def load_target_data() -> dict:
    """rules/targets.yaml, its {words:NAME} references replaced by the word lists beside it."""
    path = data_dir("rules") / "targets.yaml"
    data = read_yaml(path, "target lexicon")
    return expand_word_lists(data, path)


class TargetFinder:
    """Compiled target patterns for one organization."""

    def __init__(self, data: dict, org: "Organization"):
        self.not_targets = {lang: frozenset(labels) for lang, labels in data["not_targets"].items()}
        self.proper_noun_pos = {lang: frozenset(tags) for lang, tags in data["proper_noun_pos"].items()}
        self.label_kinds = {lang: dict(labels) for lang, labels in data["label_kinds"].items()}
        self.group_labels = {lang: frozenset(labels) for lang, labels in data["group_labels"].items()}
        self.place_heads = frozenset(w.casefold() for w in data["place_heads"])
        self.not_names = frozenset(w.casefold() for w in data["not_names"])
        self.subject_languages = frozenset(data["subject_languages"])
        self.unknown_word_names = frozenset(data["unknown_word_names"])
        self.people_heads = frozenset(w.casefold() for ws in data["people_heads"].values() for w in ws)
        self.addressee = {lang: frozenset(w.casefold() for w in words) for lang, words in data["addressee"].items()}
        self.dropped_subject = frozenset(data["dropped_subject"])
        self.thing_subjects = frozenset(w.casefold() for w in data["thing_subjects"])
        self.anyone_subjects = frozenset(w.casefold() for w in data["anyone_subjects"])
        self.patterns = [
            (kind, lang, re.compile(p))
            for kind, by_lang in data["patterns"].items() for lang, ps in by_lang.items() for p in ps
        ]
        self.back = {lang: re.compile(p) for lang, p in data["points_back"].items()}
        self.own_names = _alternation(org.names)
        self.own_products = _alternation(org.products)
        self.official = {h.lstrip("@").casefold() for h in org.official_accounts}

    def points_back(self, ctx: "Context", start: int, end: int) -> bool:
        """Whether the sentence start..end is about what the one before named: it says "they",
        "that company"…, or it has no subject of its own ("Crooks.", "Wage theft, plain and
        simple.")."""
        language = ctx.language_at(start)
        pattern = self.back.get(language)
        if pattern is not None and pattern.search(ctx.view, start, end):
            return True
        return language in self.subject_languages and not _has_subject(ctx, start, end)

    def says_of_no_one(self, subject, required: bool) -> bool:
        """Whether a clause subject makes its clause a statement about no one in particular:
        anyone at all ("someone", "nobody", bare "people": "people are lazy") or, when the
        subject is required to be a target, a thing ("it", "this", "that")."""
        lower = subject.lower_
        if lower in self.anyone_subjects and not any(c.dep_ in _PICKED_OUT for c in subject.children):
            return True
        return required and lower in self.thing_subjects and subject.pos_ in ("PRON", "DET")

    def names_someone(self, token) -> bool:
        """Whether a (Japanese) clause subject can be a person: a pronoun, a word for people or
        a name (not 映画, アプリ)."""
        return (token.pos_ in ("PRON", "PROPN") or token.lemma_.casefold() in self.people_heads
                or token.text.casefold() in self.people_heads)

    def find(self, ctx: "Context") -> list[Target]:
        own_spans = [(m.start(), m.end(), "organization") for m in self._finditer(self.own_names, ctx.view)]
        own_spans += [(m.start(), m.end(), "product") for m in self._finditer(self.own_products, ctx.view)]
        found = [Target(s, e, kind, own=True) for s, e, kind in own_spans]
        for m in HANDLE.finditer(ctx.view):
            found.append(Target(m.start(), m.end(), "handle", own=m.group()[1:].casefold() in self.official))
        found += self._entities(ctx)
        found += self._pattern_targets(ctx)
        found += self._addressees(ctx)
        return sorted(_mark_own(found, own_spans), key=lambda t: (t.start, t.end))

    def _addressees(self, ctx: "Context") -> list[Target]:
        """The words for the person spoken to ("you", "u", お前, あんた)."""
        found = []
        for segment in ctx.segments:
            words = self.addressee.get(segment.language, frozenset())
            found += [Target(segment.start + t.idx, segment.start + t.idx + len(t.text), "addressee")
                      for t in segment.doc if t.lower_ in words]
        return found

    @staticmethod
    def _finditer(pattern: re.Pattern | None, text: str):
        return pattern.finditer(text) if pattern else ()

    def _entities(self, ctx: "Context") -> list[Target]:
        found = []
        for segment in ctx.segments:
            labels = MODEL_CHOICES[segment.language].labels
            kinds = {label: kind for kind, purpose in (("person", "person"), ("organization", "organization"), ("place", "place"))
                     for label in labels.get(purpose, ())}
            skip = self.not_targets.get(segment.language, frozenset())
            groups = self.group_labels.get(segment.language, frozenset())
            words = _dictionary(ctx.pipelines.get(segment.language)) if ctx.pipelines else frozenset()
            covered = set()
            for ent in segment.doc.ents:
                if ent.label_ in skip or (ent.label_ in groups and _known_words(ent, words)):
                    continue
                covered.update(range(ent.start, ent.end))
                name = self._without_not_names(ent)
                if name is None or not _LETTER.search(name.text):
                    continue
                start, end = _trimmed(ctx.view, segment.start + name.start_char, segment.start + name.end_char)
                found.append(Target(start, end, self._entity_kind(name, ent.label_, kinds, segment.language)))
            found += [Target(segment.start + t.idx, segment.start + t.idx + len(t.text), "name")
                      for t in segment.doc if t.i not in covered and self._is_name(t, segment.language)
                      and not _capitalised_word(t, words)]
        return found

    def _entity_kind(self, name, label: str, kinds: dict, language: str) -> str:
        """The target kind of an entity: from the label map, unless targets.yaml overrides the
        label ("Golden Wok" is a named facility, a business, but "Pine Street" stays a place)."""
        override = self.label_kinds.get(language, {}).get(label)
        if override and name[-1].lower_ not in self.place_heads:
            return override
        return kinds.get(label, "name")

    def _is_name(self, token, language: str) -> bool:
        """A word outside the entities that names someone: a proper noun, or (where the pipeline's
        vocabulary is trusted) a katakana or Latin noun it has never seen."""
        if token.lower_ in self.not_names or not _LETTER.search(token.text) or token.text.startswith(("@", "#", "http")):
            return False
        if token.pos_ in self.proper_noun_pos.get(language, frozenset()):
            return True
        return (language in self.unknown_word_names and token.is_oov and token.pos_ == "NOUN"
                and bool(_NAME_SCRIPT.fullmatch(token.text)))

    def _without_not_names(self, span):
        """An entity without the words at its edges that are no names ("Heard Raj", "Rumour")."""
        start, end = span.start, span.end
        while start < end and span.doc[start].lower_ in self.not_names:
            start += 1
        while end > start and span.doc[end - 1].lower_ in self.not_names:
            end -= 1
        return span.doc[start:end] if end > start else None

    def _pattern_targets(self, ctx: "Context") -> list[Target]:
        found = []
        for segment in ctx.segments:
            for kind, lang, pattern in self.patterns:
                if lang == segment.language:
                    found += [Target(m.start(), m.end(), kind)
                              for m in pattern.finditer(ctx.view, segment.start, segment.end)]
        return found


def _alternation(names: Iterable[str]) -> re.Pattern | None:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    # ASCII edges only: between kana/kanji and a name there is no word boundary to look for
    return re.compile(r"(?<![A-Za-z0-9_@.-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z0-9_]|-[A-Za-z])")


def _mark_own(found: list[Target], own_spans: list[tuple[int, int, str]]) -> list[Target]:
    """Entities and pattern matches overlapping the organization's own names or products are
    own targets of that kind too (the parser's "name" ホッパーX2 is the own product)."""
    marked = []
    for t in found:
        own = None if t.own else next((kind for s, e, kind in own_spans if s < t.end and t.start < e), None)
        marked.append(Target(t.start, t.end, own, own=True) if own else t)
    return marked


@lru_cache(maxsize=8)
def _dictionary(nlp) -> frozenset[str]:
    """The common words the pipeline's lemmatizer knows (English: its WordNet index), if any;
    read once per pipeline."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, AttributeError, ValueError):
        return frozenset()
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in table.get(pos, ()))


def _known_words(span, words: frozenset[str]) -> bool:
    """Whether every word of an entity is a common word (or, without a dictionary: Japanese, any
    entity): "Liberals", "Muslims" are; "Voltra" is not."""
    if not words:
        return True
    return all(t.lower_ in words or t.lower_.removesuffix("s") in words or not _LETTER.search(t.text)
               for t in span)


def _capitalised_word(token, words: frozenset[str]) -> bool:
    """A common word the parser took for a proper noun only because it starts the sentence and
    comes right before its verb ("Coffee is…", "Fireworks can…"); a name of several words
    ("Zap Money", "Harlow Bank") stays."""
    if not token.is_sent_start or not words or token.i + 1 >= len(token.doc):
        return False
    if token.nbor(1).pos_ not in ("AUX", "VERB"):
        return False
    lower = token.lower_
    return lower in words or (lower.endswith("s") and lower[:-1] in words)


def _trimmed(view: str, start: int, end: int) -> tuple[int, int]:
    """start..end without the spaces and line breaks an entity may carry at its edges."""
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return start, end


def _has_subject(ctx: "Context", start: int, end: int) -> bool:
    for segment in ctx.segments:
        if segment.start <= start < segment.end:
            span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
            return span is None or any(t.dep_ in SUBJECT_DEPS or t.dep_ == "expl" for t in span)
    return True
