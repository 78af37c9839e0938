"""Kind `person`: names of private persons in a private context.

A name is flagged at the rule's severity when something shows it is a private person: a cue
(my neighbour …, … from QA, 同僚の…, …さん), contact data in its sentence, or special care-required
information tied to it (the sensitive-info rules). A full name with no cue either way is an info
hint; public figures in a public role, [allow] terms and the organization's own names are not
flagged. The cue words are this rule's params, read through linter.rules.people.
"""
from __future__ import annotations

from dataclasses import replace

from ..finding import Severity
from .base import Context, Hit, Rule, build_rule, kind
from .people import NAME, People, link_same_people, specs_of_kind
from .sensitive import SensitiveRule
from .wording import phrase

MIN_PARTS_FOR_HINT = 2


@kind("person")
class PersonRule(Rule):
    """Flags the names of private persons the draft talks about."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        self.people = People(spec, config)
        self._topics: list[SensitiveRule] | None = None

    @property
    def topics(self) -> list[SensitiveRule]:
        """The sensitive-info rules of the config (selected or not), built on first use."""
        if self._topics is None:
            self._topics = [build_rule(s, self.config) for s in specs_of_kind("sensitive", self.config)]
        return self._topics

    def check(self, ctx: Context):
        names = [m for m in self.people.mentions(ctx) if m.kind == NAME]
        tied = {(m.start, m.end) for topic in self.topics for m in topic.subjects(ctx) if m.kind == NAME}
        names = link_same_people([replace(m, private=True) if (m.start, m.end) in tied and not m.public else m
                                  for m in names])
        for name in names:
            if name.private and _fuller_mention(name, names):
                yield Hit(name.start, name.end, severity=Severity.INFO,
                          message=phrase("named_in_full_elsewhere", message=self.spec.wording("message")))
            elif name.private:
                yield Hit(name.start, name.end)
            elif not name.public and len(name.parts) >= MIN_PARTS_FOR_HINT:
                yield Hit(name.start, name.end, severity=Severity.INFO,
                          message=phrase("maybe_private_person", message=self.spec.wording("message")))


def _fuller_mention(name, names) -> bool:
    """Whether the draft names the same person more fully elsewhere ("Sam" after "Sam Whitfield")."""
    return any(other.same_person(name) and name.parts < other.parts for other in names)
