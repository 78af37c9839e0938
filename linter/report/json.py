"""JSON output, as ../shared/eval/README.md describes: {"version": 1, "files": [...]}."""
from __future__ import annotations

import json
from typing import TextIO

from . import RunResult

VERSION = 1


def render(result: RunResult, out: TextIO, **_options) -> None:
    data = {
        "version": VERSION,
        "files": [r.to_dict() for r in result.reports],
        "errors": [{"path": p.path, "message": p.message} for p in result.problems],
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
