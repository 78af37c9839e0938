"""Renderers: each turns Reports into one output format. They only read findings, never check."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Report


@dataclass
class InputProblem:
    """An input that could not be checked, with the one-line reason the user sees."""

    path: str
    message: str


@dataclass
class RunResult:
    """Everything a run produced, in input order."""

    reports: list[Report] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
