"""Batch review on a Dask cluster (`postlint check --scheduler tcp://HOST:8786`, extra `dask`).

The client (this process) only lists the exports and reads their sizes and Parquet metadata;
the workers read the data from shared storage (a shared folder, or any fsspec URL such as
s3://… when the filesystem package is installed), one partition per task: a byte range of
JSONL cut at line ends, or a Parquet row group. Each worker keeps one Linter per config and
checks a partition with the same code as a local run (inputs.jsonl_rows/parquet_rows and
batch.check_tasks), so the results are identical; they come back in input order, a few
partitions in flight at a time.

Line numbers of JSONL partitions are found by a first, cheap pass that counts the lines of
every block, so problems are located exactly as a local run locates them.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..config import Config
from ..draft import Draft
from ..engine import Report
from ..errors import PostlintError, UsageError
from ..report import InputProblem
from .inputs import (JSONL_SUFFIXES, PARQUET_SUFFIXES, Entry, InputOptions, jsonl_rows, missing_column,
                     parquet_columns, parquet_rows)
from .tasks import BatchOptions, Linters, Outcome, Task, check_tasks

BLOCK_SIZE = 1 << 20  # bytes of JSONL per task: about 3,000 short drafts
PARTITIONS_IN_FLIGHT_PER_THREAD = 2
_GLOB = set("*?[")


@dataclass(frozen=True)
class Job:
    """What every task needs besides its partition."""

    options: BatchOptions
    config: Config
    inputs: InputOptions


@dataclass(frozen=True)
class Partition:
    """A JSONL byte range (offset, length) or a Parquet row group (group, first_row) of an export:
    source names it as the user did (ids and locations use it), url is what the workers open."""

    source: str
    url: str
    kind: str  # "jsonl" | "parquet"
    offset: int = 0
    length: int = 0
    group: int = 0
    first_row: int = 1
    end_position: int = 0  # input bytes done once this partition is (for progress)


# ---------------------------------------------------------------- on the workers

_LINTERS: dict[BatchOptions, Linters] = {}
_LINTERS_LOCK = threading.Lock()


def _linters(options: BatchOptions) -> Linters:
    """The worker's Linters for these options, kept between tasks (models load once per worker)."""
    with _LINTERS_LOCK:
        if options not in _LINTERS:
            _LINTERS[options] = Linters(options)
        return _LINTERS[options]


def _open(url: str):
    import fsspec

    return fsspec.open(url, "rb").open()


def _read_block(part: Partition) -> bytes:
    from fsspec.utils import read_block

    with _open(part.url) as f:
        return read_block(f, part.offset, part.length, delimiter=b"\n")


def count_lines(part: Partition) -> int:
    """Lines in a JSONL partition (the last line of a file may lack its newline)."""
    data = _read_block(part)
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def check_partition(part: Partition, first_line: int, job: Job) -> list[Report | InputProblem]:
    """Read one partition, check its drafts, and return reports and problems in order."""
    try:
        items = list(_partition_items(part, first_line, job.inputs))
    except OSError as exc:
        return [InputProblem(part.source, f"{part.source}: cannot read on the cluster ({exc.strerror or exc})")]
    tasks = [Task(i.draft, job.options.language or i.language, job.config) for i in items if isinstance(i, Entry)]
    results = iter(check_tasks(_linters(job.options), tasks))
    out: list[Report | InputProblem] = []
    for item in items:
        if isinstance(item, InputProblem):
            out.append(item)
            continue
        result = next(results)
        if isinstance(result, str):
            out.append(InputProblem(item.draft.name, result))
        else:
            out.append(Report(draft=_bare(item.draft), language=result[0], findings=result[1]))
    return out


def _partition_items(part: Partition, first_line: int, options: InputOptions):
    if part.kind == "jsonl":
        lines = _read_block(part).splitlines(keepends=True)
        return jsonl_rows(part.source, lines, options, first_line=first_line)
    import pyarrow.parquet as pq

    with _open(part.url) as f:
        parquet = pq.ParquetFile(f)
        table = parquet.read_row_group(part.group, columns=parquet_columns(parquet.schema_arrow.names, options))
    return parquet_rows(part.source, table.to_pylist(), options, first_row=part.first_row)


def _bare(draft: Draft) -> Draft:
    """The draft without its computed views, so only its text and metadata travel back."""
    return Draft(text=draft.text, name=draft.name, format=draft.format, encoding=draft.encoding, meta=draft.meta)


# ---------------------------------------------------------------- on the client

def connect(scheduler: str):
    """A Dask client for the scheduler's address; a clear error when dask is missing or unreachable."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError('--scheduler needs the dask extra: pip install "postlint[dask]"') from None
    try:
        return Client(scheduler, timeout="15s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise PostlintError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None


def partitions(paths: list[str], options: InputOptions, block_size: int = BLOCK_SIZE) -> Iterator[Partition | InputProblem]:
    """The partitions of every export named (globs expanded), in order; only metadata is read."""
    import fsspec

    done = 0
    for raw in paths:
        fs, path = fsspec.core.url_to_fs(raw)
        found_paths = sorted(fs.glob(path)) if _GLOB & set(raw) else [path]
        if not found_paths:
            yield InputProblem(raw, f"{raw}: no such file")
        for found_path in found_paths:
            url = fs.unstrip_protocol(found_path)
            source = raw if found_path == path else url
            source = source if "://" in source else str(Path(source))
            suffix = Path(found_path).suffix.lower()
            if suffix not in JSONL_SUFFIXES | PARQUET_SUFFIXES:
                raise UsageError(f"{source}: a cluster reads .jsonl and .parquet exports (check other inputs without --scheduler)")
            try:
                size = fs.size(found_path)
                found = list(_jsonl_blocks(source, url, size, block_size, done) if suffix in JSONL_SUFFIXES
                             else _parquet_groups(source, url, size, options, done))
            except OSError as exc:
                yield InputProblem(source, f"{source}: cannot read ({exc.strerror or exc})")
                continue
            yield from found
            done += size


def _jsonl_blocks(source: str, url: str, size: int, block_size: int, done: int) -> Iterator[Partition]:
    for offset in range(0, max(size, 1), block_size):
        length = min(block_size, size - offset)
        yield Partition(source, url, "jsonl", offset=offset, length=length, end_position=done + offset + length)


def _parquet_groups(source: str, url: str, size: int, options: InputOptions, done: int) -> Iterator[Partition | InputProblem]:
    import pyarrow.parquet as pq

    with _open(url) as f:
        parquet = pq.ParquetFile(f)
        missing = missing_column(parquet.schema_arrow.names, options)
        if missing:
            yield InputProblem(source, f"{source}: {missing}")
            return
        metadata = parquet.metadata
    first_row, rows = 1, max(metadata.num_rows, 1)
    for group in range(metadata.num_row_groups):
        first_row_next = first_row + metadata.row_group(group).num_rows
        yield Partition(source, url, "parquet", group=group, first_row=first_row,
                        end_position=done + size * (first_row_next - 1) // rows)
        first_row = first_row_next


def check_on_cluster(paths: list[str], options: BatchOptions, config: Config, scheduler: str,
                     input_options: InputOptions = InputOptions(), block_size: int = BLOCK_SIZE) -> Iterator[Outcome]:
    """Check the exports on the cluster at scheduler; outcomes in input order, as a local run gives."""
    client = connect(scheduler)
    try:
        parts = list(partitions(paths, input_options, block_size))
        first_lines = _first_lines(client, parts)
        job = client.scatter(Job(options, config, input_options), broadcast=True)
        window = max(1, sum(client.nthreads().values())) * PARTITIONS_IN_FLIGHT_PER_THREAD
        pending: list = []
        for part, first_line in zip(parts, first_lines):
            if isinstance(part, InputProblem):
                pending.append((part, None))
            else:
                pending.append((part, client.submit(check_partition, part, first_line, job, pure=False)))
            if len(pending) >= window:
                yield from _collect(*pending.pop(0))
        while pending:
            yield from _collect(*pending.pop(0))
    finally:
        client.close()


def _first_lines(client, parts: list) -> list[int]:
    """The number of the first line of each JSONL partition (1 for everything else)."""
    jsonl = [p for p in parts if isinstance(p, Partition) and p.kind == "jsonl"]
    counts = dict(zip(jsonl, client.gather(client.map(count_lines, jsonl, pure=False)))) if jsonl else {}
    first, source, next_line = [], None, 1
    for part in parts:
        if part in counts:
            next_line = next_line if part.source == source else 1
            source = part.source
            first.append(next_line)
            next_line += counts[part]
        else:
            first.append(1)
    return first


def _collect(part, future) -> Iterator[Outcome]:
    if future is None:
        yield Outcome(part, 0)
        return
    try:
        results = future.result()
    except PostlintError:
        raise
    except Exception as exc:  # a worker died or a task failed: say which partition, one line
        raise PostlintError(f"{part.source}: the cluster could not check a partition ({type(exc).__name__}: {exc})") from None
    for result in results:
        yield Outcome(result, part.end_position)

