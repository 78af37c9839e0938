"""Batch review: drafts streamed from their sources through worker processes to a writer.

    read_inputs (main process, streamed)  ->  chunks of drafts
    -> worker processes: Linter.check_many (one nlp.pipe per language and chunk, same rules)
    -> reports back in input order  ->  baseline  ->  writer (+ progress, summary)

Only a few chunks are in flight at once, so memory stays flat however large the input. The main
process never loads a spaCy pipeline when workers do the checking.
"""
from __future__ import annotations

import os
import signal
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import find_config, load_config
from ..engine import Linter, Report
from ..errors import PostlintError
from ..finding import Severity
from ..report import InputProblem
from ..report.writer import Writer
from ..rules import RuleSpec
from ..rules.loader import builtin_rules_dir, load_specs
from .baseline import Baseline, BaselineWriter
from .inputs import Entry, InputOptions, Item, read_inputs
from .tasks import BatchOptions, Linters, Outcome, Task, check_tasks

CHUNKS_IN_FLIGHT_PER_JOB = 2
# Fewer chunks than this are checked in this process: starting workers (each loads the models)
# costs more than it saves on a couple of hundred drafts.
MIN_CHUNKS_FOR_WORKERS = 3


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ---------------------------------------------------------------- in the workers

_WORKER_LINTERS: Linters | None = None


def _start_worker(options: BatchOptions) -> None:
    """Worker initializer: Ctrl-C is the main process's to handle; Linters are built lazily."""
    global _WORKER_LINTERS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_LINTERS = Linters(options)


def _worker_check(tasks: list[Task]) -> list:
    return check_tasks(_WORKER_LINTERS, tasks)


# ---------------------------------------------------------------- in the main process

class ConfigFinder:
    """The config each draft uses: the one given, or the nearest to its folder (cached per folder)."""

    def __init__(self, explicit: Path | None):
        self.explicit = explicit
        self.find = lru_cache(maxsize=4096)(find_config)
        self.seen: set[Path | None] = set()

    def __call__(self, folder: Path) -> Path | None:
        config = self.explicit or self.find(folder)
        self.seen.add(config)
        return config


def check_items(items: Iterable[Item], options: BatchOptions, finder: ConfigFinder | None = None) -> Iterator[Outcome]:
    """Check every draft of items in chunks, in worker processes when there are enough chunks and
    more than one job; outcomes come back in input order."""
    finder = finder or ConfigFinder(options.config)
    chunks = _chunks(items, options.chunk_size)
    head = list(islice(chunks, MIN_CHUNKS_FOR_WORKERS))
    chunks = chain(head, chunks)
    jobs = options.jobs or default_jobs()
    if jobs <= 1 or len(head) < MIN_CHUNKS_FOR_WORKERS:
        linters = Linters(options)
        for chunk in chunks:
            yield from _outcomes(chunk, check_tasks(linters, _tasks(chunk, finder, options)))
        return
    yield from _check_in_pool(chunks, options, finder, jobs)


def _check_in_pool(chunks: Iterable[list[Item]], options: BatchOptions, finder: ConfigFinder, jobs: int) -> Iterator[Outcome]:
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                               initializer=_start_worker, initargs=(options,))
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(_worker_check, _tasks(chunk, finder, options))))
            if len(pending) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(chunk: list[Item], future) -> Iterator[Outcome]:
    try:
        results = future.result()
    except BrokenProcessPool:
        raise PostlintError("a worker process stopped unexpectedly (out of memory?); try fewer --jobs") from None
    yield from _outcomes(chunk, results)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Lists of items holding up to size drafts each (problems ride along in order)."""
    chunk: list[Item] = []
    drafts = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Entry):
            drafts += 1
            if drafts == size:
                yield chunk
                chunk, drafts = [], 0
    if chunk:
        yield chunk


def _tasks(chunk: list[Item], finder: ConfigFinder, options: BatchOptions) -> list[Task]:
    return [Task(item.draft, options.language or item.language, finder(item.folder))
            for item in chunk if isinstance(item, Entry)]


def _outcomes(chunk: list[Item], results: list) -> Iterator[Outcome]:
    """Put the workers' results back beside the drafts of the chunk, problems in between."""
    results_iter = iter(results)
    position = 0
    for item in chunk:
        if isinstance(item, InputProblem):
            yield Outcome(item, position)
            continue
        position = item.position
        result = next(results_iter)
        if isinstance(result, str):
            yield Outcome(InputProblem(item.draft.name, result), position)
        else:
            language, findings = result
            yield Outcome(Report(draft=item.draft, language=language, findings=findings), position)


# ---------------------------------------------------------------- a whole review

@dataclass
class Summary:
    """What a batch run found, counted as it went (so it needs no list of reports)."""

    checked: int = 0
    flagged: int = 0
    failed_inputs: int = 0
    hidden: int = 0
    at_or_above_fail_on: int = 0
    by_category: Counter = field(default_factory=Counter)  # (category, severity) -> findings
    seconds: float = 0.0

    def add(self, report: Report, fail_on: Severity) -> None:
        self.checked += 1
        self.flagged += bool(report.findings)
        self.at_or_above_fail_on += len(report.at_least(fail_on))
        self.by_category.update((f.category, f.severity) for f in report.findings)

    @property
    def rate(self) -> float:
        return self.checked / self.seconds if self.seconds else 0.0


class RuleCatalog:
    """A rule id's spec, for writers that describe rules (SARIF): built-in rules and the extra
    rules of every config the run used. Loads rule files only, never a pipeline."""

    def __init__(self, finder: ConfigFinder):
        self.finder = finder
        self.specs: dict[str, RuleSpec] = {}
        self.loaded: set[Path | None] = set()

    def __call__(self, rule_id: str) -> RuleSpec | None:
        if rule_id not in self.specs:
            for config in self.finder.seen - self.loaded:
                folders = [builtin_rules_dir(), *load_config(config).extra_rules]
                self.specs.update({s.id: s for s in load_specs(folders)})
                self.loaded.add(config)
        return self.specs.get(rule_id)


def review(paths: list[str], options: BatchOptions, make_writer: Callable[[RuleCatalog], Writer],
           input_options: InputOptions = InputOptions(), fail_on: Severity = Severity.ERROR,
           baseline: Path | None = None, write_baseline: Path | None = None,
           on_progress: Callable[[Outcome, Summary], None] | None = None, scheduler: str | None = None) -> Summary:
    """Check every draft of paths (here, or on the Dask cluster at scheduler) and write each
    result as it comes; returns the Summary."""
    accepted = Baseline.load(baseline) if baseline else None
    finder = ConfigFinder(options.config)
    if scheduler:
        from .cluster import check_on_cluster

        config = load_config(finder(Path.cwd()))
        outcomes = check_on_cluster(paths, options, config, scheduler, input_options)
    else:
        outcomes = check_items(read_inputs(paths, input_options), options, finder)
    recorder = None
    summary = Summary()
    started = time.perf_counter()
    try:  # from the moment the baseline's temporary file exists, Ctrl-C removes it
        recorder = BaselineWriter(write_baseline) if write_baseline else None
        writer = make_writer(RuleCatalog(finder))
        for outcome in outcomes:
            result = outcome.result
            if isinstance(result, InputProblem):
                summary.failed_inputs += 1
                writer.problem(result)
            else:
                if recorder:
                    recorder.add(result)
                if accepted:
                    result, hidden = accepted.hide(result)
                    summary.hidden += hidden
                summary.add(result, fail_on)
                writer.report(result)
            summary.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(outcome, summary)
        summary.seconds = time.perf_counter() - started
        writer.close(summary)
    except BaseException:
        if recorder:
            recorder.discard()
        raise
    if recorder:
        recorder.close()
    return summary
