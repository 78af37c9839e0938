"""Shared fixtures: one Linter per config for the whole session (models load once)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from linter import Linter
from linter.config import load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_CONFIG = EXAMPLES / "postlint.toml"
# Labeled data that sits beside the repository on the developers' machines, never in a user's
# clone: scoring on it is `make eval`'s; a test that reads it fails here as it would in CI.
SIBLING_DATA = os.path.join(os.path.dirname(ROOT), "shared")


def _refuse_sibling_data(event: str, args: tuple) -> None:
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path == SIBLING_DATA or path.startswith(SIBLING_DATA + os.sep):
            raise RuntimeError(f"tests must not read {path}: the suite stands alone (score with `make eval`)")


sys.addaudithook(_refuse_sibling_data)


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
