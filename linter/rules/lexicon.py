"""Kind `lexicon`: phrases and patterns, optionally about someone, in the right context.

A rule file declares, under `params`:

    patterns: {en: {phrases, tokens, regex}, ja: {...}}   # what to find (see patterns.py)
    target:                          # optional: the phrase must concern someone
      kinds: [person, organization, name, handle]         # see targets.py (default: all)
      own: include | exclude | only  # the organization's own names, products, accounts
      subject: required | preferred  # the clause's subject, if it has one, must be / is
                                     # preferred as the target (see targets.subject_target)
    context:                         # optional: conditions that must all hold
      - {scope: post, patterns: {...}}
    unless:                          # optional: any condition that holds clears the phrase
      - {scope: sentence, patterns: {...}}
      - {scope: post, link: true}    # a web link in scope (e.g. the public announcement)
    not_self: {en: [i, we], ja: [私]}  # the phrase's grammatical subject must not be the author
    merge_gap: 40                    # phrases of one sentence this close become one finding
    fix: {en: [...], ja: [...]}      # optional: phrases one click adds to the post (fixes.py)

Scopes are sentence, paragraph or post, around the phrase. A message may say `{target}`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .base import Context, Hit, Rule, kind
from .fixes import AddedText
from .patterns import PatternSet
from .targets import KINDS, clause_subject, subject_target, target_in_reach, target_name
from .units import SCOPES, units
from .wording import in_language

if TYPE_CHECKING:
    from ..config import Config
    from .base import RuleSpec

OWN_CHOICES = ("include", "exclude", "only")
SUBJECT_CHOICES = (None, "required", "preferred")


@dataclass(frozen=True)
class TargetRequirement:
    kinds: tuple[str, ...]
    own: str
    subject: str | None = None

    @classmethod
    def parse(cls, data: dict | None, where: str) -> "TargetRequirement | None":
        if data is None:
            return None
        kinds = tuple(data.get("kinds", KINDS))
        own = data.get("own", "include")
        subject = data.get("subject")
        if set(kinds) - set(KINDS) or own not in OWN_CHOICES or subject not in SUBJECT_CHOICES:
            raise ConfigError(f"{where}: target kinds must be of {', '.join(KINDS)}, own one of "
                              f"{', '.join(OWN_CHOICES)} and subject required or preferred")
        return cls(kinds, own, subject)

    def find(self, ctx: Context, start: int, end: int):
        """The target the phrase start..end concerns, or None."""
        if self.subject:
            return subject_target(ctx, start, end, self.kinds, self.own, required=self.subject == "required")
        return target_in_reach(ctx, start, end, self.kinds, self.own)


class Condition:
    """Patterns (and/or a web link) looked for in the sentence, paragraph or post of a phrase."""

    def __init__(self, data: dict, config: "Config", where: str):
        self.scope = data.get("scope", "sentence")
        if self.scope not in SCOPES:
            raise ConfigError(f"{where}: scope must be one of {', '.join(SCOPES)}")
        self.patterns = PatternSet(data.get("patterns"), config.organization, where) if data.get("patterns") else None
        self.link = bool(data.get("link"))
        if not self.patterns and not self.link:
            raise ConfigError(f"{where}: a condition needs patterns or link: true")

    def holds(self, ctx: Context, start: int, key: str) -> bool:
        lo, hi = units(ctx).scope(self.scope, start)
        spans = ctx.memo(key, lambda: self.patterns.find(ctx)) if self.patterns else []
        if any(lo <= s and e <= hi for s, e in spans):
            return True
        return self.link and any(lo <= s < hi for s, _ in ctx.draft.url_spans)


@kind("lexicon")
class LexiconRule(Rule):
    """Flags the phrases of its lexicon that concern a target and fit their context."""

    def __init__(self, spec: "RuleSpec", config: "Config"):
        super().__init__(spec, config)
        params = spec.params
        where = spec.path
        if not params.get("patterns"):
            raise ConfigError(f"{where}: a lexicon rule needs params.patterns")
        self.patterns = PatternSet(params["patterns"], config.organization, where)
        self.target = TargetRequirement.parse(params.get("target"), where)
        self.context = [Condition(c, config, where) for c in params.get("context", [])]
        self.unless = [Condition(c, config, where) for c in params.get("unless", [])]
        self.not_self = {lang: {w.casefold() for w in words} for lang, words in (params.get("not_self") or {}).items()}
        self.merge_gap = int(params.get("merge_gap", 40))
        self.fix = AddedText(params.get("fix"), where)

    def check(self, ctx: Context):
        kept = []
        for start, end in _outermost(self.patterns.find(ctx)):
            if ctx.in_url(start, end) or not self._in_context(ctx, start) or self._by_author(ctx, start, end):
                continue
            target = None
            if self.target:
                target = self.target.find(ctx, start, end)
                if target is None:
                    continue
            kept.append((start, end, target))
        for start, end, target in self._merged(ctx, kept):
            name = target_name(ctx, target)
            yield Hit(start, end, message={lang: text.replace("{target}", in_language(name, lang))
                                           for lang, text in self.spec.wording("message").items()},
                      fixes=self.fix.at(ctx, start))

    def _in_context(self, ctx: Context, start: int) -> bool:
        key = self.spec.id
        if not all(c.holds(ctx, start, (key, "context", i)) for i, c in enumerate(self.context)):
            return False
        return not any(c.holds(ctx, start, (key, "unless", i)) for i, c in enumerate(self.unless))

    def _by_author(self, ctx: Context, start: int, end: int) -> bool:
        """True when the phrase's subject is the author ("I lied", "私が盗んだ")."""
        for segment in ctx.segments:
            words = self.not_self.get(segment.language)
            if not words or not (segment.start <= start < segment.end):
                continue
            span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
            if span is None:
                return False
            subject = clause_subject(span)
            if subject is not None:
                return subject.dep_ in ("nsubj", "csubj") and subject.lower_ in words
            heads = {t for t in span} | {t.head for t in span}
            return any(c.dep_ in ("nsubj", "csubj") and c.lower_ in words
                       for h in heads for c in h.children)
        return False

    def _merged(self, ctx: Context, hits: list):
        """Join the hits of one sentence that are close together into one finding."""
        merged: list[list] = []
        for start, end, target in hits:
            last = merged[-1] if merged else None
            if (last and start - last[1] <= self.merge_gap
                    and units(ctx).sentence_index(start) == units(ctx).sentence_index(last[0])):
                last[1] = max(last[1], end)
                last[2] = last[2] or target
            else:
                merged.append([start, end, target])
        return merged


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans inside a longer one; keep the order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], end))
        else:
            kept.append((start, end))
    return kept
