"""The summary that ends every batch run: findings by category and severity, then one line with
drafts checked, drafts with findings, inputs that failed, findings hidden by the baseline, speed."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..finding import Severity
from .text import STYLE


def render_summary(summary, console: Console) -> None:
    """Print a batch Summary (linter.batch.Summary) as a table and a closing line."""
    counts = summary.by_category
    if counts:
        table = Table(show_edge=False, header_style="bold")
        table.add_column("category")
        for severity in reversed(Severity):
            table.add_column(severity.value, justify="right", style=STYLE[severity])
        for category in sorted({category for category, _ in counts}):
            table.add_row(category, *[str(counts[(category, s)] or "") for s in reversed(Severity)])
        console.print(table)
    console.print(summary_line(summary), highlight=False, markup=False)


def summary_line(summary) -> str:
    by_severity = {s: sum(n for (_, sev), n in summary.by_category.items() if sev is s) for s in Severity}
    parts = [f"{by_severity[s]} {s.value}{'s' if by_severity[s] != 1 else ''}" for s in reversed(Severity) if by_severity[s]]
    noun = "draft" if summary.checked == 1 else "drafts"
    line = f"{summary.checked} {noun} checked, {summary.flagged} with findings" + (f": {', '.join(parts)}" if parts else "")
    if summary.failed_inputs:
        line += f"; {summary.failed_inputs} could not be read"
    if summary.hidden:
        line += f"; {summary.hidden} accepted in the baseline, hidden"
    if summary.checked >= 20:
        line += f" ({summary.seconds:.1f} s, {summary.rate:.0f} drafts/s)"
    return line
