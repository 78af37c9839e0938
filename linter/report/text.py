"""Human-readable findings: `path:line:col severity rule message`, then the draft's line with the
span underlined, why it is risky and what to write instead. (The closing summary is summary.py's.)"""
from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ..finding import Finding, Severity

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
GUTTER_WIDTH = len("    1 | ")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def render_report(report, console: Console, quiet: bool = False) -> None:
    """One draft's findings (batch runs stream these and end with their own summary)."""
    for finding in report.findings:
        _finding_line(console, report.draft.name, finding)
        if not quiet:
            _snippet(console, report.draft, finding)


def _finding_line(console: Console, path: str, f: Finding) -> None:
    line = Text()
    line.append(f"{path}:{f.line}:{f.column}", style="bold")
    line.append(" ")
    line.append(f.severity.value, style=STYLE[f.severity])
    line.append(f" {f.rule} ", style="dim")
    line.append(f.message)
    console.print(line, soft_wrap=True, highlight=False)


def _snippet(console: Console, draft, f: Finding) -> None:
    """The finding's line with its span underlined and marked with carets, then why and instead."""
    text = displayable(draft.line_text(f.line))
    start = f.column - 1
    end = min(len(text), start + (f.end - f.start))
    first, last = visible_window(text, start, end, console.width - GUTTER_WIDTH)
    before = ("…" if first else "") + text[first:start]
    after = text[end:last] + ("…" if last < len(text) else "")
    body = Text(f"{f.line:>5} | ", style="dim")
    body.append(before)
    body.append(text[start:end], style=STYLE[f.severity] + " underline")
    body.append(after)
    console.print(body, soft_wrap=True, highlight=False)
    carets = " " * cell_len(before) + "^" * max(1, cell_len(text[start:end]))
    console.print(Text("      | " + carets, style=STYLE[f.severity]), soft_wrap=True, highlight=False)
    console.print(f"      [dim]= why:[/] {escape(f.why)}", soft_wrap=True, highlight=False)
    if f.suggestion:
        console.print(f"      [dim]= instead:[/] {escape(f.suggestion)}", soft_wrap=True, highlight=False)
    console.print()


def displayable(line: str) -> str:
    """The line with tabs as spaces and control characters as U+FFFD, one character for one, so
    carets stay aligned and a draft cannot send escape sequences to the terminal."""
    return _CONTROL.sub("\ufffd", line.replace("\t", " "))


def visible_window(text: str, start: int, end: int, cells: int) -> tuple[int, int]:
    """The slice of a long line to show around start..end within about `cells` display cells."""
    if cell_len(text) <= cells:
        return 0, len(text)
    room = max(0, cells - cell_len(text[start:end]) - 2) // 2
    first = start
    while first > 0 and cell_len(text[first - 1:start]) <= room:
        first -= 1
    last = end
    while last < len(text) and cell_len(text[end:last + 1]) <= room:
        last += 1
    return first, last
