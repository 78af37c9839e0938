"""postlint: a pre-publish linter for social-media posts.

    from linter import Linter
    report = Linter.from_config("postlint.toml").check("Call my neighbour on 090-1234-5678")
    for finding in report.findings: print(finding.rule, finding.text)
"""
from .draft import Draft
from .engine import Linter, Report
from .finding import Finding, Fix, Severity

__version__ = "0.1.0"
__all__ = ["Draft", "Finding", "Fix", "Linter", "Report", "Severity", "check_text", "__version__"]


def check_text(text: str, config_path: str | None = None, language: str | None = None) -> Report:
    """Check one text with the config at config_path (or none)."""
    return Linter.from_config(config_path).check(text, language=language)
