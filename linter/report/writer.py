"""Streaming writers: a batch run hands them one draft's Report (or one input problem) at a time,
so a report of any size is written with flat memory. Each output format has one Writer."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable, TextIO

from . import InputProblem

if TYPE_CHECKING:
    from ..engine import Report
    from ..rules import RuleSpec

RuleLookup = Callable[[str], "RuleSpec | None"]


class Writer:
    """Base of every streaming writer. out: where to write; rules: a rule id's spec (for help texts)."""

    def __init__(self, out: TextIO, rules: RuleLookup = lambda _id: None, **_options):
        self.out = out
        self.rules = rules

    def report(self, report: "Report") -> None:
        """Write (or account for) one checked draft."""

    def problem(self, problem: InputProblem) -> None:
        """Write (or account for) one input that could not be checked."""

    def close(self, summary) -> None:
        """Finish the output once every draft has been written; summary: the run's counts
        (linter.batch.Summary)."""


def draft_fields(report: "Report") -> dict:
    """The id and whereabouts of a checked draft: id, path, source, line/row and the export's
    author, channel and date when it has them."""
    meta = report.draft.meta
    fields = {"id": meta.get("id", report.draft.name), "path": report.draft.name}
    for key in ("source", "line", "row", "author", "channel", "date"):
        if key in meta:
            fields[key] = meta[key]
    return fields


class JsonWriter(Writer):
    """`--format json` ({"version": 1, "files": [...], "errors": [...]}, as report/json.py
    renders it), written one file entry at a time; input problems follow the files."""

    def __init__(self, out: TextIO, **options):
        super().__init__(out, **options)
        from .json import VERSION

        self.out.write('{\n  "version": %d,\n  "files": [' % VERSION)
        self.count = 0
        self.problems: list[InputProblem] = []

    def report(self, report: "Report") -> None:
        entry = json.dumps(report.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        self.out.write(("," if self.count else "") + "\n    " + entry)
        self.count += 1

    def problem(self, problem: InputProblem) -> None:
        self.problems.append(problem)

    def close(self, summary) -> None:
        errors = json.dumps([{"path": p.path, "message": p.message} for p in self.problems],
                            ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.out.write(("\n  " if self.count else "") + "],\n  \"errors\": " + errors + "\n}\n")
