"""The shipped examples (`make demo`): every check shows on them, in English and in Japanese."""
from __future__ import annotations

import pytest

from linter.draft import read_draft

from .conftest import EXAMPLES, spans

CATEGORIES = {"personal-info", "sensitive-info", "unattributed-quote", "defamation", "official-statement",
              "confidential", "undisclosed-endorsement", "lookalike-account", "pii-solicitation"}


def categories_flagged(linter, language: str) -> set[str]:
    found = set()
    for path in sorted(EXAMPLES.glob(f"{language}*.md")):
        report = linter.check(read_draft(path))
        assert report.language == language, path
        found |= {f.category for f in report.findings if f.severity.value in ("warning", "error")}
    return found


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_check_shows_on_the_examples(linter, language):
    assert categories_flagged(linter, language) == CATEGORIES


@pytest.mark.parametrize("name,expected", [
    ("en-launch.md", ["Project Marlin", "@kitefin_he1p"]),
    ("ja-launch.md", ["@kitefln_jp"]),
])
def test_launch_examples_point_at_the_risky_words(linter, name, expected):
    found = spans(linter.check(read_draft(EXAMPLES / name)))
    assert all(any(word in text for text in found) for word in expected), found
