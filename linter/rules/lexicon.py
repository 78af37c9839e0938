"""Kind `lexicon`: phrases and patterns, optionally about someone, in the right context.

A rule file declares, under `params`:

    patterns: {en: {phrases, tokens, regex}, ja: {...}}   # what to find (see patterns.py)
    target:                          # optional: the phrase must concern someone
      kinds: [person, organization, name, handle, addressee]  # see targets.py (default: all)
      own: include | exclude | only  # the organization's own names, products, accounts
      subject: required | preferred  # the clause's subject, if it has one, must be / is
                                     # preferred as the target (see targets.subject_target)
      dropped_subject: true          # with no target in reach, a phrase without a subject is
                                     # aimed at the person addressed, in the languages that
                                     # drop it (rules/targets.yaml)
    context:                         # optional: conditions that must all hold
      - {scope: post, patterns: {...}}
    unless:                          # optional: any condition that holds clears the phrase
      - {scope: sentence, patterns: {...}}
      - {scope: post, link: true}    # a web link in scope (e.g. the public announcement)
    not_self: {en: [i, we], ja: [私]}  # the phrase's grammatical subject must not be the author
    asserted: true                   # the parse must not read the phrase as denied, supposed or
                                     # someone else's name for them (stance.py)
    aimed: true                      # a name-calling phrase must be aimed at someone (stance.aimed);
                                     # or a list: only phrases turning on one of these words
    merge_gap: 40                    # phrases of one sentence this close become one finding
    fix: {en: [...], ja: [...]}      # optional: phrases one click adds to the post (fixes.py)

Scopes are sentence, paragraph or post, around the phrase. A message may say `{target}`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .base import Context, Hit, Rule, kind
from .fixes import AddedText
from .patterns import PatternSet
from .stance import aimed, negated, predicate, reported, supposed
from .targets import (KINDS, addressee_of_dropped_subject, clause_subject, load_target_data, subject_target,
                      target_in_reach, target_name, targets)
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
    dropped_subject: bool = False

    @classmethod
    def parse(cls, data: dict | None, where: str) -> "TargetRequirement | None":
        if data is None:
            return None
        kinds = tuple(data.get("kinds", KINDS))
        own = data.get("own", "include")
        subject = data.get("subject")
        dropped = data.get("dropped_subject", False)
        if (set(kinds) - set(KINDS) or own not in OWN_CHOICES or subject not in SUBJECT_CHOICES
                or not isinstance(dropped, bool) or (dropped and "addressee" not in kinds)):
            raise ConfigError(f"{where}: target kinds must be of {', '.join(KINDS)}, own one of "
                              f"{', '.join(OWN_CHOICES)}, subject required or preferred, and "
                              "dropped_subject true or false (true needs the kind addressee)")
        return cls(kinds, own, subject, dropped)

    def find(self, ctx: Context, start: int, end: int):
        """The target the phrase start..end concerns, or None."""
        if self.subject:
            found = subject_target(ctx, start, end, self.kinds, self.own, required=self.subject == "required")
        else:
            found = target_in_reach(ctx, start, end, self.kinds, self.own)
        if found is None and self.dropped_subject:
            return addressee_of_dropped_subject(ctx, start, end)
        return found


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
        self.asserted = bool(params.get("asserted", False))
        aimed_words = params.get("aimed", False)
        self.aimed = bool(aimed_words)
        self.aimed_words = frozenset(w.casefold() for w in aimed_words) if isinstance(aimed_words, list) else None
        self.fix = AddedText(params.get("fix"), where)

    def check(self, ctx: Context):
        kept = []
        for start, end in _outermost(self.patterns.find(ctx)):
            if (ctx.in_url(start, end) or not self._in_context(ctx, start) or self._by_author(ctx, start, end)
                    or not self._said_so(ctx, start, end)):
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

    def _said_so(self, ctx: Context, start: int, end: int) -> bool:
        """Whether the parse reads the phrase as the rule needs it: asserted (not denied,
        supposed or someone else's name for them) and aimed at someone (stance.py)."""
        if not (self.asserted or self.aimed):
            return True
        words = stance_words()
        for segment in ctx.segments:
            if not segment.start <= start < segment.end:
                continue
            if segment.language not in words["languages"]:
                return True
            span = segment.doc.char_span(start - segment.start, end - segment.start, alignment_mode="expand")
            if span is None:
                return True
            if self.asserted and (negated(span, words["belief_verbs"]) or supposed(span, words["condition_marks"])
                                  or reported(span, words["naming_verbs"])):
                return False
            if not self.aimed or not self._name_calling(span):
                return True
            kinds = self.target.kinds if self.target else KINDS
            named = [(t.start - segment.start, t.end - segment.start) for t in targets(ctx)
                     if t.kind in kinds and t.kind != "place"]
            return aimed(span, lambda tok: any(s <= tok.idx < e for s, e in named), strict=self.aimed_words is not None)
        return True

    def _name_calling(self, span) -> bool:
        """Whether `aimed` applies to a phrase: always, or when it turns on one of its words."""
        if self.aimed_words is None:
            return True
        word = predicate(span)
        return bool({word.lemma_.casefold(), word.lower_, span.text.casefold()} & self.aimed_words)

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
            return (any(c.dep_ in ("nsubj", "csubj") and c.lower_ in words for h in heads for c in h.children)
                    or self._about_author(span, words))
        return False

    def _about_author(self, span, words: set[str]) -> bool:
        """A phrase without a subject in a rule whose target may be the person addressed is about
        the author when the author is named in its sentence or the one before and no one else
        is spoken to (「自分のミスで遅れた。本当に無能だったと反省」)."""
        if not (self.target and self.target.dropped_subject):
            return False
        sentence = span.sent
        start = sentence.start
        if start > 0:
            start = span.doc[start - 1].sent.start
        near = span.doc[start:sentence.end]
        addressed = addressee_words()
        return (any(t.lower_ in words for t in near)
                and not any(t.lower_ in addressed or t.text.startswith("@") for t in near))

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


@lru_cache(maxsize=1)
def addressee_words() -> frozenset[str]:
    """The words for the person spoken to, in every language (rules/targets.yaml `addressee`)."""
    return frozenset(w.casefold() for words in load_target_data()["addressee"].values() for w in words)


@lru_cache(maxsize=1)
def stance_words() -> dict:
    """The word lists stance.py reads (rules/targets.yaml `stance`), as sets."""
    data = load_target_data()["stance"]
    return {key: frozenset(value) for key, value in data.items()}


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans inside a longer one; keep the order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], end))
        else:
            kept.append((start, end))
    return kept
