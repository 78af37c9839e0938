"""Kind `sensitive`: special care-required information about an identifiable person.

A rule file holds one topic (health, religion, criminal record…) as pattern sets per language
(see patterns.py). A phrase it finds is tied to the person it is about (linter.rules.people): a
name, "my coworker", a pronoun, 〇〇さん; about a third person it is flagged at the rule's
severity, about the author it is left alone, about no one in particular it is an info hint.
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
from .people import SELF, Mention, people_for

_CLAUSE_BREAK = re.compile(r"[,.;:!?。、！？;\n]")


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
                          message=f"{self.spec.message}? Fine about yourself; about someone else, leave it out")
            elif self._concerns(subject):
                yield Hit(start, end)

    def subjects(self, ctx: Context) -> list[Mention]:
        """The people this topic's flagged phrases are about."""
        return [subject for _, _, subject in self.tied(ctx) if subject is not None and self._concerns(subject)]

    def tied(self, ctx: Context) -> list[tuple[int, int, Mention | None]]:
        """(start, end, subject) of every phrase of the topic in the draft (computed once per draft)."""
        def compute():
            return [(start, end, self.people.subject_of(ctx, start, end) if self.people else None)
                    for start, end in self._phrases(ctx)]

        return ctx.memo(("sensitive", self.spec.id), compute)

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
