"""Targets: the people, organizations, products and accounts a statement can be about.

A target comes from the parse (person/organization/place entities and other proper names), from
the patterns of rules/targets.yaml (honorifics like さん/氏/社長, relations like "my old boss",
company-like names like "X Corp" or "X工業"), from the config (the organization's names, products
and official accounts, marked `own`) or is an @handle. Found once per draft and shared by every
rule that asks "does this phrase concern someone?".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import yaml

from ..errors import ConfigError
from ..nlp import MODEL_CHOICES, data_dir
from .units import units

if TYPE_CHECKING:
    from ..config import Organization
    from .base import Context

KINDS = ("person", "relation", "organization", "product", "handle", "place", "name")
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
_LETTER = re.compile(r"[^\W\d_]")


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
    """Targets inside start..end of the given kinds; own: include, exclude or only the organization's.

    outside: a span (e.g. the phrase itself) that the target must not overlap.
    """
    wanted = set(kinds)
    found = []
    for t in targets(ctx):
        if t.start < start or t.end > end or t.kind not in wanted:
            continue
        if (own == "exclude" and t.own) or (own == "only" and not t.own):
            continue
        if outside and t.start < outside[1] and outside[0] < t.end:
            continue
        found.append(t)
    return found


def target_in_reach(ctx: "Context", start: int, end: int, kinds: Iterable[str] = KINDS,
                    own: str = "include") -> Target | None:
    """A target the phrase start..end concerns: in its sentence, or in the sentence before when the
    sentence points back to it ("they", "those guys"; always in Japanese)."""
    sentence = units(ctx).sentence(start)
    found = targets_between(ctx, *sentence, kinds=kinds, own=own, outside=(start, end))
    if found:
        return min(found, key=lambda t: abs(t.start - start))
    previous = units(ctx).previous_sentence(start)
    if previous and finder_for(ctx.config.organization).points_back(ctx, *sentence):
        found = targets_between(ctx, *previous, kinds=kinds, own=own)
        if found:
            return found[-1]
    return None


@lru_cache(maxsize=16)
def finder_for(org: "Organization") -> "TargetFinder":
    """One compiled TargetFinder per organization."""
    return TargetFinder(load_target_data(), org)


@lru_cache(maxsize=1)
def load_target_data() -> dict:
    path = data_dir("rules") / "targets.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read target lexicon ({exc})") from None


class TargetFinder:
    """Compiled target patterns for one organization."""

    def __init__(self, data: dict, org: "Organization"):
        self.not_targets = {lang: frozenset(labels) for lang, labels in data["not_targets"].items()}
        self.proper_noun_pos = {lang: frozenset(tags) for lang, tags in data["proper_noun_pos"].items()}
        self.patterns = [
            (kind, lang, re.compile(p))
            for kind, by_lang in data["patterns"].items() for lang, ps in by_lang.items() for p in ps
        ]
        self.back = {lang: re.compile(p) for lang, p in data["points_back"].items()}
        self.own_names = _alternation(org.names)
        self.own_products = _alternation(org.products)
        self.official = {h.lstrip("@").casefold() for h in org.official_accounts}

    def points_back(self, ctx: "Context", start: int, end: int) -> bool:
        language = _language_at(ctx, start)
        pattern = self.back.get(language)
        return pattern is not None and bool(pattern.search(ctx.view, start, end))

    def find(self, ctx: "Context") -> list[Target]:
        own_spans = [(m.start(), m.end(), "organization") for m in self._finditer(self.own_names, ctx.view)]
        own_spans += [(m.start(), m.end(), "product") for m in self._finditer(self.own_products, ctx.view)]
        found = [Target(s, e, kind, own=True) for s, e, kind in own_spans]
        for m in HANDLE.finditer(ctx.view):
            found.append(Target(m.start(), m.end(), "handle", own=m.group()[1:].casefold() in self.official))
        found += self._entities(ctx)
        found += self._pattern_targets(ctx)
        return sorted(_mark_own(found, own_spans), key=lambda t: (t.start, t.end))

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
            covered = set()
            for ent in segment.doc.ents:
                if ent.label_ in skip or not _LETTER.search(ent.text):
                    continue
                start, end = _trimmed(ctx.view, segment.start + ent.start_char, segment.start + ent.end_char)
                found.append(Target(start, end, kinds.get(ent.label_, "name")))
                covered.update(range(ent.start, ent.end))
            proper = self.proper_noun_pos.get(segment.language, frozenset())
            found += [Target(segment.start + t.idx, segment.start + t.idx + len(t.text), "name")
                      for t in segment.doc if t.pos_ in proper and t.i not in covered
                      and _LETTER.search(t.text) and not t.text.startswith(("@", "#", "http"))]
        return found

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


def _trimmed(view: str, start: int, end: int) -> tuple[int, int]:
    """start..end without the spaces and line breaks an entity may carry at its edges."""
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return start, end


def _language_at(ctx: "Context", offset: int) -> str | None:
    for segment in ctx.segments:
        if segment.start <= offset < segment.end:
            return segment.language
    return None
