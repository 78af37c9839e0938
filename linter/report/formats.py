"""The report formats of `postlint check`, each a streaming Writer (see writer.py), imported when
chosen."""
from __future__ import annotations

import importlib
from typing import TextIO

from . import InputProblem
from .writer import JsonWriter, RuleLookup, Writer


class TextWriter(Writer):
    """`--format text`: each draft's findings with their lines underlined, as they come."""

    def __init__(self, out: TextIO, console=None, quiet: bool = False, **options):
        super().__init__(out, **options)
        if console is None:
            from rich.console import Console

            console = Console(file=out, highlight=False, soft_wrap=True)
        self.console = console
        self.quiet = quiet

    def report(self, report) -> None:
        from .text import render_report

        render_report(report, self.console, self.quiet)


# Format name -> the module (in this package) and class of its writer.
WRITERS: dict[str, tuple[str, str]] = {
    "text": ("formats", "TextWriter"), "json": ("writer", "JsonWriter"), "jsonl": ("jsonl", "JsonlWriter"),
    "sarif": ("sarif", "SarifWriter"), "csv": ("csv", "CsvWriter"), "html": ("html", "HtmlWriter"),
}
MACHINE_FORMATS = {name for name in WRITERS if name != "text"}


def writer_class(format: str) -> type[Writer]:
    module, name = WRITERS[format]
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


def make_writer(format: str, out: TextIO, rules: RuleLookup, **options) -> Writer:
    return writer_class(format)(out, rules=rules, **options)


__all__ = ["InputProblem", "JsonWriter", "MACHINE_FORMATS", "WRITERS", "make_writer", "writer_class"]
