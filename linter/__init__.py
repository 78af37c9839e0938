"""postlint: a pre-publish linter for social-media posts.

    from linter import Linter
    report = Linter.from_config("postlint.toml").check("Call my neighbour on 090-1234-5678")
    for finding in report.findings: print(finding.rule, finding.text)

`Linter`, `Report` and `Draft` are imported on first use (the engine brings spaCy and Presidio),
so commands that only list rules or print help start fast.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .finding import Finding, Fix, Severity

if TYPE_CHECKING:
    from .draft import Draft
    from .engine import Linter, Report

__version__ = "0.1.0"
__all__ = ["Draft", "Finding", "Fix", "Linter", "Report", "Severity", "check_text", "__version__"]
_LAZY = {"Draft": "draft", "Linter": "engine", "Report": "engine"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'linter' has no attribute '{name}'")


def check_text(text: str, config_path: str | None = None, language: str | None = None) -> "Report":
    """Check one text with the config at config_path (or none)."""
    from .engine import Linter

    return Linter.from_config(config_path).check(text, language=language)
