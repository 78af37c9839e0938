"""Human-readable findings: `path:line:col severity rule message`, then the draft's line with the
span underlined, why it is risky and what to write instead, labelled in the language the finding is
worded in (`= why:`, `= 理由:`). (The closing summary is summary.py's.)

On a terminal, long headers and the `= why:` and `= instead:` lines wrap at its width with a
hanging indent (rich's wrapping: between words, and by display width where text has no spaces, as
Japanese has); elsewhere (pipes, files) each stays one line for tools that read them. File names
are printed with control characters escaped (printable()).
"""
from __future__ import annotations

import os
import re

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..finding import Finding, Severity
from ..rules.wording import label

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
GUTTER_WIDTH = len("    1 | ")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
HEADER_INDENT = "    "
LABEL_INDENT = "      "
# What a terminal would act on or hide in a name: C0 and C1 controls, DEL, line and paragraph
# separators, bidirectional overrides, and lone surrogates (bytes of a name that are not UTF-8).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
                          + ("\\\\" if os.sep == "/" else "") + "]")
_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r", "\\": "\\\\"}


def printable(text: str) -> str:
    """A file name (or a message holding one) as `ls -b` prints it: control characters as C
    escapes (\\n, \\t…) or octal bytes (\\033), a backslash doubled, so that a name can neither move
    the cursor nor forge or hide a line."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    char = match.group()
    if char in _C_ESCAPES:
        return _C_ESCAPES[char]
    if "\udc80" <= char <= "\udcff":  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\{ord(char) - 0xDC00:03o}"
    return "".join(f"\\{byte:03o}" for byte in char.encode("utf-8", "surrogatepass"))


def render_report(report, console: Console, quiet: bool = False) -> None:
    """One draft's findings (batch runs stream these and end with their own summary)."""
    for finding in report.findings:
        _finding_line(console, report.draft.name, finding)
        if not quiet:
            _snippet(console, report.draft, finding)


def _finding_line(console: Console, path: str, f: Finding) -> None:
    line = Text()
    line.append(f"{printable(path)}:{f.line}:{f.column}", style="bold")
    line.append(" ")
    line.append(f.severity.value, style=STYLE[f.severity])
    line.append(f" {f.rule} ", style="dim")
    line.append(displayable(f.message))  # it may quote the draft
    print_wrapped(console, line, Text(HEADER_INDENT))


def print_wrapped(console: Console, text: Text, indent: Text, first: Text | None = None) -> None:
    """first + text, wrapped on a terminal at its width with every further line indented by
    indent (first defaults to nothing); one line elsewhere."""
    first = first or Text()
    if not console.is_terminal:
        console.print(first + text, soft_wrap=True, highlight=False)
        return
    width = max(console.width - max(first.cell_len, indent.cell_len), 20)
    for number, line in enumerate(text.wrap(console, width, overflow="fold")):
        line.rstrip()
        console.print((first if number == 0 else indent) + line, soft_wrap=True, highlight=False)


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
    _labelled(console, label("why_label", f.lang), displayable(f.why))
    if f.suggestion:
        _labelled(console, label("instead_label", f.lang), displayable(f.suggestion))
    console.print()


def _labelled(console: Console, label: str, text: str) -> None:
    """`      = why: text`, later lines of it indented under its first word."""
    first = Text(LABEL_INDENT) + Text(label, style="dim") + Text(" ")
    print_wrapped(console, Text(text), Text(" " * first.cell_len), first)


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
