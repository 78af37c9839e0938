"""Every pattern of the built-in rules can be read: none is longer than 200 characters.

A longer one is built from named parts (`parts:` beside `params:`) and word lists (`{words:…}`),
as rules/README.md describes. Wording (message, detail, label and their translations) is no
pattern and may be longer."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linter.rules.loader import builtin_rules_dir

LIMIT = 200
WORDING = ("message", "why", "instead", "summary", "detail", "detail_name", "label")
RULES = builtin_rules_dir()
# postlint's own words, in both languages: no patterns
WORDING_FILES = ("labels.yaml", "wording.yaml")
FILES = sorted(p for p in RULES.rglob("*.yaml") if p.name not in WORDING_FILES)


def is_wording(key) -> bool:
    return any(key == w or str(key).startswith(f"{w}_") for w in WORDING)


def patterns(node, where: str):
    """(where, text) of every string in node, however deep, wording left out."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not is_wording(key):
                yield from patterns(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from patterns(item, f"{where}[{index}]")
    elif isinstance(node, str):
        yield where, node


def pattern_sources(data: dict) -> dict:
    """What holds patterns in a rule file (params and parts) or in a lexicon such as quotations.yaml."""
    if "kind" in data:
        return {key: data[key] for key in ("params", "parts") if data.get(key)}
    return data


def too_long(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return []
    return [f"{where}: {len(text)} characters: {text[:40]!r}…"
            for where, text in patterns(pattern_sources(data), "") if len(text) > LIMIT]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(RULES)))
def test_no_pattern_is_longer_than_the_limit(path):
    over = too_long(path)
    assert not over, f"{path.relative_to(RULES)}: patterns over {LIMIT} characters:\n" + "\n".join(over)


def test_the_check_finds_a_long_pattern(tmp_path):
    rule = tmp_path / "long.yaml"
    rule.write_text(yaml.safe_dump({
        "id": "confidential/long", "kind": "lexicon",
        "message": "m" * 300,
        "parts": {"short": ["a", "b"]},
        "params": {"patterns": {"en": {"regex": ["x" * 150, "(?:" + "|".join(["word"] * 50) + ")"]}}},
    }), encoding="utf-8")
    over = too_long(rule)
    assert len(over) == 1 and over[0].startswith("params.patterns.en.regex[1]: 253 characters: '(?:word|")
