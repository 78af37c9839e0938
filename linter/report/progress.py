"""The progress bar of batch runs: rich, on stderr, only where a person watches (a terminal, or
--progress). Its bar follows the bytes of input read, so it needs no count of drafts up front."""
from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeRemainingColumn
from rich.text import Text


class DraftRateColumn(ProgressColumn):
    """"1,234 drafts · 180/s"."""

    def render(self, task) -> Text:
        drafts = task.fields.get("drafts", 0)
        elapsed = task.elapsed or 0
        rate = f" · {drafts / elapsed:,.0f}/s" if elapsed > 0.5 else ""
        return Text(f"{drafts:,} drafts{rate}", style="progress.data.speed")


class BatchProgress:
    """A context manager showing the run's progress; update() after every draft."""

    def __init__(self, console: Console, total_bytes: int | None):
        self.progress = Progress(SpinnerColumn(), TextColumn("checking"), BarColumn(), DraftRateColumn(),
                                 TimeRemainingColumn(), console=console, transient=True)
        self.task = self.progress.add_task("checking", total=total_bytes or None, drafts=0)
        self.position = 0

    def __enter__(self) -> "BatchProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def update(self, position: int, drafts: int) -> None:
        self.position = max(self.position, position)
        self.progress.update(self.task, completed=self.position, drafts=drafts)
