"""rules/prefilters.json: the prefilters of the shipped rules' regexes, worked out ahead of time.

Working out a regex's prefilter parses it with Python's regex parser: about a millisecond each,
some 0.3 s on the first check of a process for the few hundred shipped regexes. The table holds
the prefilter of every regex of the shipped rule files without a placeholder ({org}…), keyed by
the regex's text. A regex not in it (a rule file of one's own, a placeholder filled with the
organization's names) has its prefilter worked out as before, so the table changes speed only.

patterns.py reads it (known_prefilters); `make prefilters` rewrites it (write_table); a test fails
when it is out of date.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..config import Config
from .base import build_rule
from .loader import builtin_rules_dir, load_specs
from .patterns import TABLE_NAME, PatternSet
from .prefilter import prefilter_of, to_data


def rule_regexes(rules) -> list:
    """Every RuleRegex of the rules' pattern sets, wherever a rule keeps them (its attributes and
    postlint objects, dicts and lists in them)."""
    found, seen, pending = {}, set(), list(rules)
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, PatternSet):
            found.update((regex, None) for regexes in item.regexes.values() for regex in regexes)
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            pending.extend(item)
        elif type(item).__module__.startswith("linter.") and hasattr(item, "__dict__"):
            pending.extend(vars(item).values())
    return sorted(found, key=lambda regex: regex.pattern)


def shipped_table() -> dict[str, dict | None]:
    """The table worked out now from the shipped rule files. Under a config without names every
    regex with a placeholder is left out, and every other one is its rule file's own text."""
    config = Config()
    rules = [build_rule(spec, config) for spec in load_specs([builtin_rules_dir()])]
    return {regex.pattern: to_data(prefilter_of(regex.parsed())) for regex in rule_regexes(rules)}


def write_table(path: Path | None = None) -> Path:
    """Write the table worked out now (to the shipped rules folder by default), one regex a line."""
    path = path or builtin_rules_dir() / TABLE_NAME
    lines = [f"{json.dumps(pattern, ensure_ascii=False)}: {json.dumps(data, ensure_ascii=False)}"
             for pattern, data in sorted(shipped_table().items())]
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return path
