"""`--format csv`: one row per finding (and one per input that could not be checked), streamed.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with an apostrophe: drafts are full of @handles, and a report opened in a
spreadsheet must never execute what a draft contains.
"""
from __future__ import annotations

import csv

from . import InputProblem
from .writer import Writer, draft_fields

COLUMNS = ("id", "path", "author", "channel", "date", "language", "rule", "category", "severity",
           "line", "column", "start", "end", "text", "message", "suggestion", "error")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell as text, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvWriter(Writer):
    def __init__(self, out, **options):
        super().__init__(out, **options)
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def report(self, report) -> None:
        fields = {**draft_fields(report), "language": report.language}
        for f in report.findings:
            row = {**fields, "rule": f.rule, "category": f.category, "severity": f.severity.value,
                   "line": f.line, "column": f.column, "start": f.start, "end": f.end, "text": f.text,
                   "message": f.message, "suggestion": f.suggestion}
            self._row(row)

    def problem(self, problem: InputProblem) -> None:
        self._row({"id": problem.path, "path": problem.path, "error": problem.message})

    def _row(self, row: dict) -> None:
        self.writer.writerow([safe_cell(row.get(column)) for column in COLUMNS])
