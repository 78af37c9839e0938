"""The summary that ends every batch run: findings by category and severity, then one line with
drafts checked, drafts with findings, inputs that failed, findings hidden by the baseline, speed;
in the run's output language (rules/labels.yaml)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..finding import Severity
from ..rules.wording import label
from .text import STYLE


def render_summary(summary, console: Console, lang: str | None = None) -> None:
    """Print a batch Summary (linter.batch.review.Summary) as a table and a closing line."""
    counts = summary.by_category
    if counts:
        table = Table(show_edge=False, header_style="bold")
        table.add_column(label("category_heading", lang))
        for severity in reversed(Severity):
            table.add_column(severity_word(severity, lang), justify="right", style=STYLE[severity])
        for category in sorted({category for category, _ in counts}):
            table.add_row(category, *[str(counts[(category, s)] or "") for s in reversed(Severity)])
        console.print(table)
    console.print(summary_line(summary, lang), highlight=False, markup=False)


def severity_word(severity: Severity, lang: str | None) -> str:
    """"error", "warning", "info" as a word of a sentence or heading ("エラー" in Japanese)."""
    return label(f"severity_{severity.value}", lang)


def summary_line(summary, lang: str | None = None) -> str:
    by_severity = {s: sum(n for (_, sev), n in summary.by_category.items() if sev is s) for s in Severity}
    parts = [label("summary_severity_count", lang, by_severity[s], severity=severity_word(s, lang))
             for s in reversed(Severity) if by_severity[s]]
    line = label("summary_checked", lang, summary.checked, flagged=summary.flagged)
    if parts:
        line = label("summary_findings", lang, line=line, counts=label("list_separator", lang).join(parts))
    if summary.failed_inputs:
        line += label("summary_unreadable", lang, summary.failed_inputs)
    if summary.hidden:
        line += label("summary_hidden", lang, summary.hidden)
    if summary.checked >= 20:
        line += label("summary_speed", lang, seconds=summary.seconds, rate=summary.rate)
    return line
