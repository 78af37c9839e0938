"""Kind `sensitive`: special care-required information about an identifiable person.

A rule file holds one topic (health, religion, criminal record…) as pattern sets per language
(see patterns.py). A phrase it finds is tied to the person it is about (linter.rules.people): a
name, "my coworker", a pronoun, 〇〇さん; when those name no one but the author, the grammatical
subject of the phrase's clause may still be a third person the lexicon missed ("I heard Raj is
HIV positive", "Ana's husband has cancer"). About a third person the phrase is flagged at the
rule's severity, about the author it is left alone, about no one in particular it is an info hint.
Params:

    patterns:        the topic's phrases per language
    public_figures:  false when the topic is fair to report about people in a public role
                     (e.g. an investigation of a CEO); default true (their health is private)
    join_gap:        phrases of the topic this close (characters, no punctuation between) are
                     one finding ("six rounds of chemo" + "for breast cancer")
"""
from __future__ import annotations

import re

from ..finding import Severity
from .base import Context, Hit, Rule, kind
from .patterns import PatternSet
from .people import NAME, REFERENCE, SELF, Mention, people_for
from .wording import phrase

_CLAUSE_BREAK = re.compile(r"[,.;:!?。、！？;\n]")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
THIRD_PERSON_POSSESSIVES = frozenset({"his", "her", "their"})
MAX_CLIMB = 4


@kind("sensitive")
class SensitiveRule(Rule):
    """Flags a topic's phrases when they are about an identifiable third person."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        params = spec.params
        self.topic = PatternSet(params.get("patterns", {}), config.organization, f"{spec.path}: patterns")
        self.public_figures = bool(params.get("public_figures", True))
        self.join_gap = int(params.get("join_gap", 12))
        self.people = people_for(config)

    def check(self, ctx: Context):
        for start, end, subject in self.tied(ctx):
            if subject is None:
                yield Hit(start, end, severity=Severity.INFO,
                          message=phrase("about_no_one", message=self.spec.wording("message")))
            elif self._concerns(subject):
                yield Hit(start, end)

    def subjects(self, ctx: Context) -> list[Mention]:
        """The people this topic's flagged phrases are about."""
        return [subject for _, _, subject in self.tied(ctx) if subject is not None and self._concerns(subject)]

    def tied(self, ctx: Context) -> list[tuple[int, int, Mention | None]]:
        """(start, end, subject) of every phrase of the topic in the draft (computed once per draft)."""
        def compute():
            return [(start, end, self._subject(ctx, start, end)) for start, end in self._phrases(ctx)]

        return ctx.memo(("sensitive", self.spec.id), compute)

    def _subject(self, ctx: Context, start: int, end: int) -> Mention | None:
        """Whom the phrase is about: the people lexicon's answer, unless that is no one or the
        author while the clause's own subject is a third person."""
        subject = self.people.subject_of(ctx, start, end) if self.people else None
        if subject is None or subject.kind == SELF:
            return clause_subject(ctx, start, end) or subject
        return subject

    def _concerns(self, subject: Mention) -> bool:
        """Whether a phrase about this subject is to be flagged."""
        return subject.kind != SELF and (self.public_figures or not subject.public)

    def _phrases(self, ctx: Context) -> list[tuple[int, int]]:
        """The topic's matches, overlapping or nearby ones joined into one phrase."""
        joined: list[list[int]] = []
        for start, end in self.topic.find(ctx):
            if joined and start - joined[-1][1] <= self.join_gap and not _CLAUSE_BREAK.search(ctx.view, joined[-1][1], max(start, joined[-1][1])):
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        return [(s, e) for s, e in joined]


def clause_subject(ctx: Context, start: int, end: int) -> Mention | None:
    """The subject of the English clause around start..end when it is a third person: a proper
    noun that is no organization or place ("Priya is a union member") or a noun someone else
    possesses ("Ana's husband", "his wife"). Climbs from the phrase to the verbs above it."""
    for segment in ctx.segments:
        if segment.language != "en" or not (segment.start <= start < segment.end):
            continue
        span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
        if span is None:
            return None
        head = span.root
        for _ in range(MAX_CLIMB):
            subject = _subject_child(head, span)
            if subject is not None:
                return _third_person(segment, subject)
            if head.head is head:
                return None
            head = head.head
    return None


def _subject_child(head, span):
    """A child left of head, outside the phrase, that is its subject (the small parser sometimes
    labels a name before its verb otherwise: "heard Raj is…")."""
    for child in head.lefts:
        if span.start <= child.i < span.end:
            continue
        if child.dep_ in SUBJECT_DEPS or (child.pos_ == "PROPN" and child.dep_ not in ("compound", "poss")):
            return child
    return None


def _third_person(segment, token) -> Mention | None:
    not_people = {t.i for kind in ("organization", "place") for ent in segment.entities(kind) for t in ent}
    if token.pos_ == "PROPN" and token.i not in not_people:
        words = [t for t in token.subtree if t.i <= token.i and (t.i == token.i or t.dep_ == "compound")]
        first = min(words, key=lambda t: t.i)
        return Mention(segment.start + first.idx, segment.start + token.idx + len(token), NAME,
                       parts=frozenset(t.text.casefold() for t in words))
    owners = [c for c in token.children if c.dep_ == "poss"]
    if token.pos_ == "NOUN" and owners and (owners[0].pos_ == "PROPN" or owners[0].lower_ in THIRD_PERSON_POSSESSIVES):
        return Mention(segment.start + owners[0].idx, segment.start + token.idx + len(token), REFERENCE)
    return None
