"""Rule specs (loaded from rules/*.yaml), the Context rules read, and the registry of rule kinds.

A rule *kind* is code (one module each in this package); a rule *instance* is a YAML file in
rules/<category>/<name>.yaml that names its kind and carries its wording, patterns and examples.
Kinds are pure: they read a Context and yield Hits; the engine turns Hits into Findings.
"""
from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Iterable

from ..finding import Fix, Severity

if TYPE_CHECKING:
    from ..config import Config
    from ..draft import Draft
    from ..nlp.segments import Pipelines, Segment
    from ..nlp.presidio_adapter import PresidioAdapter

# The languages rule wording is written in; English is the one every rule has.
WORDING_LANGUAGES = ("en", "ja")

CATEGORIES = (
    "personal-info", "sensitive-info", "unattributed-quote", "defamation", "official-statement",
    "confidential", "undisclosed-endorsement", "lookalike-account", "pii-solicitation",
)


@dataclass(frozen=True)
class RuleSpec:
    """One rule instance as written in its YAML file."""

    id: str
    kind: str
    category: str
    severity: Severity
    languages: tuple[str, ...]
    summary: str
    message: str
    why: str
    instead: str
    params: dict
    examples: dict
    path: str
    translations: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]

    def text(self, key: str, lang: str) -> str:
        """The rule's `key` (message, why, instead, summary) in `lang`, else in English."""
        return self.translations.get(lang, {}).get(key) or getattr(self, key)

    def wording(self, key: str) -> dict[str, str]:
        """The rule's `key` in every wording language: {"en": …, "ja": …}."""
        return {lang: self.text(key, lang) for lang in WORDING_LANGUAGES}


@dataclass(frozen=True)
class Hit:
    """What a rule found: a span of the draft and, optionally, wording for this occurrence
    (a str, or {language: str} so that the finding can be shown in the reader's language;
    fixes' labels likewise)."""

    start: int
    end: int
    message: str | dict[str, str] | None = None
    suggestion: str | dict[str, str] | None = None
    severity: Severity | None = None
    fixes: tuple[Fix, ...] = ()
    score: float | None = None  # a learned scorer's score of the span (kind scorer)


@dataclass
class Context:
    """Everything a rule may read about one draft: its text, parsed segments and the config."""

    draft: "Draft"
    segments: list["Segment"]
    config: "Config"
    presidio: "PresidioAdapter | None" = None
    pipelines: "Pipelines | None" = None
    cache: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The original text: offsets of hits point into it."""
        return self.draft.text

    @property
    def view(self) -> str:
        """The masked, width-folded text the patterns read (same length as text)."""
        return self.draft.analysis_text

    @cached_property
    def languages(self) -> frozenset[str]:
        return frozenset(s.language for s in self.segments)

    def language_at(self, offset: int) -> str | None:
        """The language of the segment holding offset (None between segments)."""
        return next((s.language for s in self.segments if s.start <= offset < s.end), None)

    def segments_in(self, languages: Iterable[str]) -> list["Segment"]:
        wanted = set(languages)
        return [s for s in self.segments if s.language in wanted]

    def memo(self, key, compute: Callable):
        """Compute something once per draft and share it between rules (e.g. Presidio results)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def pii_results(self) -> list:
        """Presidio's results for the whole draft, computed once and shared by all pii rules."""
        if self.presidio is None:
            return []
        return self.memo("presidio", lambda: [r for s in self.segments for r in self.presidio.analyze(s)])

    def in_url(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.draft.url_spans)


class Rule:
    """Base of every rule kind: built once per Linter from a spec and the config."""

    def __init__(self, spec: RuleSpec, config: "Config"):
        self.spec = spec
        self.config = config

    def check(self, ctx: Context) -> Iterable[Hit]:
        raise NotImplementedError


# The module of each kind, imported when a rule of that kind is first built (its class registers
# itself in KINDS with @kind), so that loading rule files imports no spaCy or Presidio.
KIND_MODULES = {
    "pii": "pii", "person": "person", "sensitive": "sensitive", "lexicon": "lexicon", "quote": "quote",
    "conditional": "conditional", "endorsement": "endorsement", "codename": "codename",
    "lookalike-handle": "handle", "scorer": "scorer", "endorsement-scorer": "scorer",
}
KINDS: dict[str, type[Rule]] = {}
_BUILT: dict[tuple, Rule] = {}
_BUILT_LOCK = threading.Lock()


def build_rule(spec: RuleSpec, config: "Config") -> Rule:
    """The Rule of a spec under a config, built once per process: Linters of the same config, and
    rules that read other rules (names tied to sensitive topics), share it."""
    key = (spec.path, spec.id, config)
    with _BUILT_LOCK:
        rule = _BUILT.get(key)
    if rule is None:
        rule = kind_class(spec.kind)(spec, config)
        with _BUILT_LOCK:
            rule = _BUILT.setdefault(key, rule)
    return rule


def forget_built(kinds: tuple[str, ...]) -> None:
    """Build the rules of these kinds anew on next use (after a model they read was replaced)."""
    with _BUILT_LOCK:
        for key in [k for k, rule in _BUILT.items() if rule.spec.kind in kinds]:
            del _BUILT[key]


def kind_class(name: str) -> type[Rule]:
    """The Rule class of a kind, its module imported on first use."""
    if name not in KINDS:
        importlib.import_module(f"{__package__}.{KIND_MODULES[name]}")
    return KINDS[name]


def kind(name: str):
    """Register a Rule subclass under the kind name rule files use."""

    def register(cls: type[Rule]) -> type[Rule]:
        KINDS[name] = cls
        return cls

    return register
