"""The Linter: parse a draft once, run the rules, post-process their hits into a Report.

Post-processing, in order: allow-listed terms, inline suppression comments, severity overrides,
merging of overlapping findings of one category, sorting. The engine never prints.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from .config import Config, find_config, load_config
from .draft import Draft, fold_width
from .errors import ConfigError, UsageError
from .finding import Finding, Severity
from .nlp.segments import LANGUAGES, Pipelines, parse_segments, parse_segments_many
from .nlp.presidio_adapter import PresidioAdapter
from .rules import Context, Hit, Rule, RuleSpec, build_rule
from .rules.base import WORDING_LANGUAGES
from .rules.loader import builtin_rules_dir, load_specs
from .rules.wording import in_language

_SUPPRESS = re.compile(r"<!--\s*postlint-(disable|enable)\b([^>]*?)-->")


@dataclass(frozen=True)
class Report:
    """The findings for one draft."""

    draft: Draft
    language: str
    findings: tuple[Finding, ...]

    def at_least(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= severity.rank]

    def to_dict(self) -> dict:
        return {"path": self.draft.name, "language": self.language,
                "findings": [f.to_dict() for f in self.findings]}


class Linter:
    """Checks drafts against the rules of a config. Thread-safe: one Linter can serve a server."""

    def __init__(self, config: Config | None = None, select: Iterable[str] = (), ignore: Iterable[str] = (),
                 lang: str | None = None):
        """lang: the language of the findings' wording ("en", "ja"); None or "auto": the config's
        [output] language, else each finding in the language of its sentence."""
        self.config = config or Config()
        self.lang = _wording_language(lang) or self.config.output_language
        self.specs = load_specs([builtin_rules_dir(), *self.config.extra_rules])
        self.rules: list[Rule] = [build_rule(s, self.config) for s in self._selected(select, ignore)]
        self.pipelines = Pipelines(self.config.model_overrides)
        pii_rules = [rule for rule in self.rules if hasattr(rule, "recognizers")]
        recognizers = [r for rule in pii_rules for r in rule.recognizers()]
        self.presidio = PresidioAdapter(self.pipelines, recognizers) if recognizers else None
        self._allow = [re.compile(re.escape(fold_width(t)), re.IGNORECASE) for t in self.config.allow_terms if t.strip()]

    @classmethod
    def from_config(cls, path: str | Path | None = None, start: Path | None = None, **kwargs) -> "Linter":
        """A Linter for the config at path, or the one found from start (a draft's folder) upward."""
        found = Path(path) if path else find_config(start or Path.cwd())
        return cls(load_config(found), **kwargs)

    # ------------------------------------------------------------------ selection

    def _selected(self, select: Iterable[str], ignore: Iterable[str]) -> list[RuleSpec]:
        self._check_config_rule_names()
        select = [*self.config.select, *select]
        ignore = [*self.config.ignore, *ignore]
        for name in [*select, *ignore]:
            self.resolve_rule_names(name)
        return [s for s in self.specs
                if (not select or _matches(s, select)) and not _matches(s, ignore)]

    def _check_config_rule_names(self) -> None:
        """Rule names in [rules] must exist: the error names the config file and the key."""
        for key, names in (("select", self.config.select), ("ignore", self.config.ignore),
                           ("severity", self.config.severity_overrides),
                           ("threshold", self.config.threshold_overrides)):
            for name in names:
                if not any(name in (s.id, s.category) for s in self.specs):
                    raise ConfigError(f"{self.config.source}: 'rules.{key}' names unknown rule or category '{name}' (see `postlint rules`)")

    def resolve_rule_names(self, name: str) -> list[RuleSpec]:
        """The specs a rule id or category names; an unknown name is a usage error."""
        found = [s for s in self.specs if name in (s.id, s.category)]
        if not found:
            raise UsageError(f"unknown rule or category '{name}' (see `postlint rules`)")
        return found

    # ------------------------------------------------------------------ checking

    def check(self, text: str | Draft, language: str | None = None,
              select: Iterable[str] = (), ignore: Iterable[str] = (), lang: str | None = None) -> Report:
        """Check a draft (or its text). language: "en", "ja", or None/"auto" to detect.
        select/ignore narrow this one check to some of the Linter's rules (ids or categories);
        lang sets the language of the findings' wording for this check (see __init__)."""
        draft = text if isinstance(text, Draft) else Draft(text=text)
        language = _language(language)
        rules = self._narrowed(list(select), list(ignore))
        segments = parse_segments(draft.analysis_text, self.pipelines, language) if draft.text.strip() else []
        return self._report(draft, segments, language, rules, _wording_language(lang) or self.lang)

    def check_many(self, drafts: Iterable[str | Draft], language: str | None | list[str | None] = None) -> list[Report]:
        """Check many drafts, each language's text parsed in batches (nlp.pipe): the same Reports
        as check() on each. language: one for all drafts, or a list with one per draft."""
        drafts = [d if isinstance(d, Draft) else Draft(text=d) for d in drafts]
        languages = [_language(lang) for lang in (language if isinstance(language, list) else [language] * len(drafts))]
        texts = [d.analysis_text if d.text.strip() else "" for d in drafts]
        parsed = parse_segments_many(texts, self.pipelines, languages)
        return [self._report(draft, segments, lang, self.rules, self.lang)
                for draft, segments, lang in zip(drafts, parsed, languages)]

    def _report(self, draft: Draft, segments: list, language: str | None, rules: list[Rule],
                lang: str | None = None) -> Report:
        """Run rules over a parsed draft and post-process their hits into its Report, worded in
        `lang` (None: the language of each finding's sentence)."""
        ctx = Context(draft=draft, segments=segments, config=self.config, presidio=self.presidio,
                      pipelines=self.pipelines)
        findings = []
        for rule in rules:
            if ctx.languages & set(rule.spec.languages):
                findings.extend(self._finding(draft, rule.spec, hit, lang or language_at(segments, hit.start))
                                for hit in rule.check(ctx))
        findings = self._post_process(draft, findings)
        return Report(draft=draft, language=_dominant_language(segments, language), findings=tuple(findings))

    def _narrowed(self, select: list[str], ignore: list[str]) -> list[Rule]:
        """The rules of this Linter that a check's select/ignore leave; unknown names are usage errors."""
        if not select and not ignore:
            return self.rules
        for name in [*select, *ignore]:
            self.resolve_rule_names(name)
        return [r for r in self.rules if (not select or _matches(r.spec, select)) and not _matches(r.spec, ignore)]

    def _finding(self, draft: Draft, spec: RuleSpec, hit: Hit, lang: str) -> Finding:
        """A Hit as the user sees it, worded in `lang` (a rule without that wording: English)."""
        start, end = trim_to_prose(draft.analysis_text, hit.start, hit.end)
        line, column = draft.line_col(start)
        message = in_language(hit.message, lang) if hit.message else spec.text("message", lang)
        suggestion = in_language(hit.suggestion, lang) if hit.suggestion else spec.text("instead", lang)
        worded = lang if lang in spec.translations or lang == "en" else "en"
        return Finding(
            rule=spec.id, category=spec.category, severity=hit.severity or spec.severity,
            start=start, end=end, line=line, column=column, text=draft.text[start:end],
            message=message, why=spec.text("why", lang), suggestion=suggestion,
            fixes=tuple(replace(fix, label=in_language(fix.label, lang)) for fix in hit.fixes), lang=worded,
            score=None if hit.score is None else round(hit.score, 3),
        )

    def _post_process(self, draft: Draft, findings: list[Finding]) -> list[Finding]:
        allowed = self._allowed_spans(draft)
        suppressed = suppression_regions(draft)
        overrides = self.config.severity_overrides
        kept = []
        for f in findings:
            if any(s <= f.start and f.end <= e or (f.category == "personal-info" and f.start < e and s < f.end)
                   for s, e in allowed):
                continue
            if any(s <= f.start < e and (not names or f.rule in names or f.category in names)
                   for s, e, names in suppressed):
                continue
            level = overrides.get(f.rule) or overrides.get(f.category)
            kept.append(replace(f, severity=Severity.parse(level)) if level else f)
        return merge_overlaps(kept)

    def _allowed_spans(self, draft: Draft) -> list[tuple[int, int]]:
        """Where allow-listed terms occur, case- and width-insensitively (the view keeps offsets)."""
        return [m.span() for term in self._allow for m in term.finditer(draft.analysis_text)]


def _wording_language(lang: str | None) -> str | None:
    """None for auto (each finding in its sentence's language), else a wording language."""
    if lang in (None, "auto"):
        return None
    if lang not in WORDING_LANGUAGES:
        raise UsageError(f"unknown language of messages '{lang}' (expected auto, {', '.join(WORDING_LANGUAGES)})")
    return lang


def language_at(segments, offset: int) -> str:
    """The language of the segment holding `offset` (the nearest one before it between segments)."""
    found = "en"
    for segment in segments:
        if segment.start > offset:
            break
        found = segment.language
    return found


def _language(language: str | None) -> str | None:
    """None to detect per sentence, or a known language; anything else is a usage error."""
    if language in (None, "auto"):
        return None
    if language not in LANGUAGES:
        raise UsageError(f"unknown language '{language}' (expected auto, {', '.join(LANGUAGES)})")
    return language


def trim_to_prose(view: str, start: int, end: int) -> tuple[int, int]:
    """A span without the blanks at its edges in the analysis view (spaces, or Markdown blanked
    out like the `tel:` of a link), so a finding starts and ends on what the rules read."""
    trimmed_start, trimmed_end = start, end
    while trimmed_start < trimmed_end and view[trimmed_start].isspace():
        trimmed_start += 1
    while trimmed_end > trimmed_start and view[trimmed_end - 1].isspace():
        trimmed_end -= 1
    return (trimmed_start, trimmed_end) if trimmed_start < trimmed_end else (start, end)


def _matches(spec: RuleSpec, names: Iterable[str]) -> bool:
    return any(n in (spec.id, spec.category) for n in names)


def _dominant_language(segments, forced: str | None) -> str:
    if forced:
        return forced
    sizes = Counter()
    for s in segments:
        sizes[s.language] += s.end - s.start
    return sizes.most_common(1)[0][0] if sizes else "en"


def suppression_regions(draft: Draft) -> list[tuple[int, int, frozenset[str]]]:
    """Regions between `<!-- postlint-disable [ids] -->` and `<!-- postlint-enable -->` (Markdown)."""
    if draft.format != "markdown" or "postlint-" not in draft.text:
        return []
    regions, open_at = [], None
    for m in _SUPPRESS.finditer(draft.text):
        if m.group(1) == "disable" and open_at is None:
            open_at = (m.end(), frozenset(m.group(2).replace(",", " ").split()))
        elif m.group(1) == "enable" and open_at is not None:
            regions.append((open_at[0], m.start(), open_at[1]))
            open_at = None
    if open_at is not None:
        regions.append((open_at[0], len(draft.text), open_at[1]))
    return regions


def merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per overlapping group of a category: the most severe, then a rule's over a
    learned scorer's (its message says more), then the longest."""
    ranked = sorted(findings, key=lambda f: (-f.severity.rank, f.score is not None, -(f.end - f.start), f.start, f.rule))
    kept: list[Finding] = []
    for f in ranked:
        if not any(k.category == f.category and k.start < f.end and f.start < k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))
