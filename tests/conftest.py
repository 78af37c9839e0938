"""Shared fixtures: one Linter per config for the whole session (models load once)."""
from __future__ import annotations

from pathlib import Path

import pytest

from linter import Linter
from linter.config import load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_CONFIG = EXAMPLES / "postlint.toml"
EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def linter() -> Linter:
    """A Linter with the example organization's config."""
    return Linter(load_config(EXAMPLE_CONFIG))


def spans(report, category: str | None = None, rule: str | None = None, min_severity: str = "warning"):
    """The texts of findings at or above a severity, optionally of one category or rule."""
    order = {"info": 0, "warning": 1, "error": 2}
    return [f.text for f in report.findings
            if order[f.severity.value] >= order[min_severity]
            and (category is None or f.category == category) and (rule is None or f.rule == rule)]
