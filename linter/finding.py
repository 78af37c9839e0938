"""Finding and Severity: what a rule reports, as the user and every renderer sees it."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields


class Severity(str, enum.Enum):
    """How serious a finding is; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(str(value).lower())
        except ValueError:
            raise ValueError(f"severity must be one of error, warning, info (got {value!r})") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Fix:
    """A safe replacement for the span start..end (code points into the draft)."""

    start: int
    end: int
    replacement: str
    label: str


@dataclass(frozen=True)
class Finding:
    """One risky span of a draft. Offsets are code points into the original text, end exclusive."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str
    why: str
    suggestion: str = ""
    fixes: tuple[Fix, ...] = field(default=())
    score: float | None = None  # set by learned scorers: the model's score of the span, 0..1
    lang: str = "en"  # the language message, why and suggestion are written in

    def to_dict(self) -> dict:
        data = _shallow_dict(self)
        data["severity"] = self.severity.value
        data["fixes"] = [_shallow_dict(f) for f in self.fixes]
        if self.score is None:
            del data["score"]
        return data


def _shallow_dict(instance) -> dict:
    """A dataclass's fields as a dict, without dataclasses.asdict's deep copies (ten times slower)."""
    return {f.name: getattr(instance, f.name) for f in fields(instance)}
