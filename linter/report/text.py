"""Human-readable output: one line per finding, the draft's line with the span underlined, a summary."""
from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..finding import Finding, Severity
from . import RunResult

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(result: RunResult, console: Console, quiet: bool = False, **_options) -> None:
    for report in result.reports:
        render_report(report, console, quiet)
    if not quiet:
        _summary(console, result)


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
    text = draft.line_text(f.line)
    gutter = f"{f.line:>5} | "
    start = f.column - 1
    end = min(len(text), start + (f.end - f.start))
    body = Text(gutter, style="dim")
    body.append(text[:start])
    body.append(text[start:end], style=STYLE[f.severity] + " underline")
    body.append(text[end:])
    console.print(body, soft_wrap=True, highlight=False)
    pad = " " * _width(text[:start])
    console.print(Text(" " * 5 + " | " + pad + "^" * max(1, _width(text[start:end])), style=STYLE[f.severity]),
                  soft_wrap=True, highlight=False)
    console.print(f"      [dim]= why:[/] {escape(f.why)}", soft_wrap=True, highlight=False)
    if f.suggestion:
        console.print(f"      [dim]= instead:[/] {escape(f.suggestion)}", soft_wrap=True, highlight=False)
    console.print()


def _width(text: str) -> int:
    """Display cells of text (CJK and emoji take two)."""
    from rich.cells import cell_len

    return cell_len(text)


def _summary(console: Console, result: RunResult) -> None:
    findings = [f for r in result.reports for f in r.findings]
    checked = len(result.reports)
    flagged = sum(1 for r in result.reports if r.findings)
    if findings:
        table = Table(title=None, show_edge=False, header_style="bold")
        table.add_column("category")
        for severity in reversed(Severity):
            table.add_column(severity.value, justify="right", style=STYLE[severity])
        counts = Counter((f.category, f.severity) for f in findings)
        for category in sorted({f.category for f in findings}):
            table.add_row(category, *[str(counts[(category, s)] or "") for s in reversed(Severity)])
        console.print(table)
    by_severity = Counter(f.severity for f in findings)
    parts = [f"{by_severity[s]} {s.value}{'s' if by_severity[s] != 1 else ''}" for s in reversed(Severity) if by_severity[s]]
    noun = "draft" if checked == 1 else "drafts"
    summary = f"{checked} {noun} checked, {flagged} with findings" + (f": {', '.join(parts)}" if parts else "")
    if result.problems:
        summary += f"; {len(result.problems)} could not be read"
    console.print(summary, highlight=False)
