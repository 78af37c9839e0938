"""Rule specs (loaded from rules/*.yaml), the Context rules read, and the registry of rule kinds.

A rule *kind* is code (one module each in this package); a rule *instance* is a YAML file in
rules/<category>/<name>.yaml that names its kind and carries its wording, patterns and examples.
Kinds are pure: they read a Context and yield Hits; the engine turns Hits into Findings.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Iterable

from ..finding import Fix, Severity

if TYPE_CHECKING:
    from ..config import Config
    from ..draft import Draft
    from ..nlp import Pipelines, Segment
    from ..presidio_adapter import PresidioAdapter

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

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]


@dataclass(frozen=True)
class Hit:
    """What a rule found: a span of the draft and, optionally, wording for this occurrence."""

    start: int
    end: int
    message: str | None = None
    suggestion: str | None = None
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

    def describe(self) -> str | None:
        """How the rule decides, for `postlint explain` (kinds whose summary does not say it)."""
        return None


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
        rule = KINDS[spec.kind](spec, config)
        with _BUILT_LOCK:
            rule = _BUILT.setdefault(key, rule)
    return rule


def kind(name: str):
    """Register a Rule subclass under the kind name rule files use."""

    def register(cls: type[Rule]) -> type[Rule]:
        KINDS[name] = cls
        return cls

    return register
