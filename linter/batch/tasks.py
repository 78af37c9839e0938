"""One batch check, wherever it runs (worker processes of review.py, or Dask workers of cluster.py):
the options, a draft as a task, the Linters a worker builds, check_tasks, and the Outcome of each
input.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config, load_config
from ..draft import Draft
from ..engine import Linter, Report
from ..errors import PostlintError
from ..finding import Finding
from ..report import InputProblem

CHUNK_SIZE = 64


@dataclass(frozen=True)
class BatchOptions:
    """How to check: the config (None: found from each draft's folder), rule selection, a forced
    language (None: each draft's own `lang`, else detected), worker processes, drafts per chunk,
    and the language of the findings' wording (None: the config's, else each sentence's)."""

    config: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    language: str | None = None
    jobs: int = 0
    chunk_size: int = CHUNK_SIZE
    lang: str | None = None


@dataclass(frozen=True)
class Task:
    """One draft as a worker receives it, with its config: a file, or (on a cluster, whose
    workers may not see the file) the parsed Config."""

    draft: Draft
    language: str | None
    config: Path | Config | None


class Linters:
    """One Linter per config, built on first use (in each worker process)."""

    def __init__(self, options: BatchOptions):
        self.options = options
        self.linters: dict[Path | Config | None, Linter] = {}

    def get(self, config: Path | Config | None) -> Linter:
        if config not in self.linters:
            parsed = config if isinstance(config, Config) else load_config(config)
            self.linters[config] = Linter(parsed, select=self.options.select, ignore=self.options.ignore,
                                          lang=self.options.lang)
        return self.linters[config]


def check_tasks(linters: Linters, tasks: list[Task]) -> list[tuple[str, tuple[Finding, ...]] | str]:
    """(language, findings) per task, or the message of what went wrong with that draft.

    Drafts of one config are checked together with check_many; if that fails, each draft is
    checked alone so one bad draft cannot take its chunk down with it."""
    results: list = [None] * len(tasks)
    by_config: dict[Path | Config | None, list[int]] = {}
    for index, task in enumerate(tasks):
        by_config.setdefault(task.config, []).append(index)
    for config, indexes in by_config.items():
        linter = linters.get(config)
        try:
            reports = linter.check_many([tasks[i].draft for i in indexes], [tasks[i].language for i in indexes])
            for i, report in zip(indexes, reports):
                results[i] = (report.language, report.findings)
        except PostlintError:
            raise
        except Exception:  # a bug in a rule or a pipeline: isolate the draft that triggers it
            for i in indexes:
                results[i] = _check_alone(linter, tasks[i])
    return results


def _check_alone(linter: Linter, task: Task) -> tuple[str, tuple[Finding, ...]] | str:
    try:
        report = linter.check(task.draft, language=task.language)
        return report.language, report.findings
    except PostlintError:
        raise
    except Exception as exc:
        return f"{task.draft.name}: internal error while checking ({type(exc).__name__}: {exc})"


@dataclass
class Outcome:
    """A checked draft's Report, or an input that could not be checked; position: input bytes
    read so far (for progress)."""

    result: Report | InputProblem
    position: int
