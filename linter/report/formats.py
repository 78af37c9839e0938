"""The report formats of `postlint check`, each a streaming Writer (see writer.py)."""
from __future__ import annotations

from typing import TextIO

from rich.console import Console

from . import InputProblem
from .csv import CsvWriter
from .html import HtmlWriter
from .jsonl import JsonlWriter
from .sarif import SarifWriter
from .writer import JsonWriter, RuleLookup, Writer


class TextWriter(Writer):
    """`--format text`: each draft's findings with their lines underlined, as they come."""

    def __init__(self, out: TextIO, console: Console | None = None, quiet: bool = False, **options):
        super().__init__(out, **options)
        self.console = console or Console(file=out, highlight=False, soft_wrap=True)
        self.quiet = quiet

    def report(self, report) -> None:
        from .text import render_report

        render_report(report, self.console, self.quiet)


WRITERS: dict[str, type[Writer]] = {
    "text": TextWriter, "json": JsonWriter, "jsonl": JsonlWriter, "sarif": SarifWriter,
    "csv": CsvWriter, "html": HtmlWriter,
}
MACHINE_FORMATS = {name for name in WRITERS if name != "text"}


def make_writer(format: str, out: TextIO, rules: RuleLookup, **options) -> Writer:
    return WRITERS[format](out, rules=rules, **options)


__all__ = ["InputProblem", "MACHINE_FORMATS", "WRITERS", "make_writer"]
