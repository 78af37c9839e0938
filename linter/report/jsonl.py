"""`--format jsonl`: one JSON object per line and per draft, in input order, streamed.

A checked draft: {"id", "path", "source"?, "line"|"row"?, "author"?, "channel"?, "date"?,
"language", "findings": [...]}; an input that could not be checked: {"id", "path", "error"}.
"""
from __future__ import annotations

import json

from . import InputProblem
from .writer import Writer, draft_fields


class JsonlWriter(Writer):
    def report(self, report) -> None:
        line = {**draft_fields(report), "language": report.language,
                "findings": [f.to_dict() for f in report.findings]}
        self._line(line)

    def problem(self, problem: InputProblem) -> None:
        self._line({"id": problem.path, "path": problem.path, "error": problem.message})

    def _line(self, data: dict) -> None:
        self.out.write(json.dumps(data, ensure_ascii=False) + "\n")
