"""Progress of batch runs, on stderr, only where a person watches (a terminal, or --progress). It
follows the bytes of input read, so it needs no count of drafts up front.

On a terminal with colour it is a rich bar that redraws itself; what else the run prints goes
through the bar's own Console, above the bar (cli.py hands the same Console to the findings when
standard output is that terminal too). Without colour (--no-color, NO_COLOR) or off a terminal
it is a plain line now and then: no escape codes at all, not even to move the cursor. Its words
are in the run's output language (rules/labels.yaml).
"""
from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..rules.wording import label

PLAIN_EVERY_SECONDS = 5.0


class DraftRateColumn(ProgressColumn):
    """"1,234 drafts · 180/s"."""

    def __init__(self, lang: str | None = None):
        super().__init__()
        self.lang = lang

    def render(self, task) -> Text:
        drafts = task.fields.get("drafts", 0)
        elapsed = task.elapsed or 0
        rate = label("progress_rate", self.lang, rate=drafts / elapsed) if drafts and elapsed > 0.5 else ""
        return Text(label("progress_drafts", self.lang, drafts) + rate, style="progress.data.speed")


class BatchProgress:
    """A context manager showing the run's progress as a live bar; update() after every draft."""

    def __init__(self, console: Console, total_bytes: int | None, lang: str | None = None):
        self.progress = Progress(SpinnerColumn(), TextColumn(label("progress_checking", lang)), BarColumn(),
                                 DraftRateColumn(lang), TimeRemainingColumn(), console=console, transient=True)
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


class PlainProgress:
    """The same progress as whole lines, at most one every PLAIN_EVERY_SECONDS:
    `postlint: checked 1,234 drafts (40% of the input, 180/s)`."""

    def __init__(self, console: Console, total_bytes: int | None, lang: str | None = None):
        self.console, self.total, self.lang = console, total_bytes, lang
        self.started = self.shown = time.monotonic()

    def __enter__(self) -> "PlainProgress":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def update(self, position: int, drafts: int) -> None:
        now = time.monotonic()
        if now - self.shown < PLAIN_EVERY_SECONDS:
            return
        self.shown = now
        share = label("progress_share", self.lang, share=min(position / self.total, 1)) if self.total else ""
        rate = drafts / (now - self.started)
        self.console.print(label("progress_line", self.lang, drafts, share=share, rate=rate), markup=False, highlight=False)


def make_progress(console: Console, total_bytes: int | None, live: bool, lang: str | None = None) -> BatchProgress | PlainProgress:
    """A live bar (live: a terminal with colour), else plain lines; lang: of their words (None: English)."""
    return BatchProgress(console, total_bytes, lang) if live else PlainProgress(console, total_bytes, lang)
