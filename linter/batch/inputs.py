"""Where drafts come from in a batch: files, walked folders, JSONL/CSV/Parquet exports, stdin.

Everything is streamed: a folder is walked one directory at a time and an export is read one
row at a time, so memory stays flat however large the input. A source that cannot be read (a
missing file, a malformed JSONL line, a CSV without the text column, a folder without drafts)
becomes an InputProblem with its location, and reading goes on with the next one. Named pipes,
sockets and devices are reported and skipped without being opened (reading one could wait
forever); only `-` reads a stream, standard input.
"""
from __future__ import annotations

import csv
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..draft import MAX_DRAFT_BYTES, TEXT_SUFFIXES, Draft, draft_from_bytes, format_for, read_draft
from ..errors import InputError
from ..nlp.segments import LANGUAGES
from ..report import InputProblem

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
PARQUET_SUFFIXES = {".parquet"}
EXPORT_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES
META_FIELDS = ("author", "channel", "date")
STDIN = "-"


@dataclass(frozen=True)
class InputOptions:
    """How to read rows of an export: which fields hold the text and the id."""

    text_column: str = "text"
    id_column: str | None = None  # None: the "id" field when there is one, else the line or row number


@dataclass
class Entry:
    """A draft read from a source, ready to check.

    language: the row's own `lang` (None: detect). folder: where its config is looked for.
    position: bytes of all inputs read up to and including this draft (for progress)."""

    draft: Draft
    language: str | None
    folder: Path
    position: int = 0

    @property
    def id(self) -> str:
        return self.draft.meta.get("id", self.draft.name)


Item = Entry | InputProblem


def read_inputs(paths: Iterable[str], options: InputOptions = InputOptions()) -> Iterator[Item]:
    """Every draft (or problem) of the inputs, in order; positions count bytes across all inputs."""
    offset = 0
    for raw in paths:
        end = 0
        for item in _read_one(raw, options):
            if isinstance(item, Entry):
                end = item.position
                item.position += offset
            yield item
        offset += end if Path(raw).is_dir() else input_size(raw)


def input_size(raw: str) -> int:
    """Bytes an input holds (a folder: its drafts), 0 for stdin or what cannot be read."""
    if raw == STDIN:
        return 0
    path = Path(raw)
    if path.is_dir():
        return sum(_size(p) for p in walk_drafts(path))
    return _size(path)


def total_size(paths: Iterable[str]) -> int:
    return sum(input_size(raw) for raw in paths)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def single_draft(paths: list[str]) -> bool:
    """Whether the inputs are one draft file or standard input (a run that needs no progress bar)."""
    if len(paths) != 1:
        return False
    path = Path(paths[0])
    return paths[0] == STDIN or not path.is_dir() and path.suffix.lower() not in EXPORT_SUFFIXES


def not_a_file(path: Path) -> str | None:
    """What path is when it is neither a regular file nor missing (a named pipe, a socket, a
    device), found without opening it; None otherwise."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: reading it says so
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _read_one(raw: str, options: InputOptions) -> Iterator[Item]:
    if raw == STDIN:
        yield from _stdin_draft()
        return
    path = Path(raw)
    if path.is_dir():
        done = found = 0
        for child in walk_drafts(path):
            done += _size(child)
            found += 1
            yield from _file_draft(child, done)
        if not found:
            suffixes = ", ".join(sorted(TEXT_SUFFIXES, key=lambda suffix: (suffix == ".txt", len(suffix))))
            yield InputProblem(str(path), f"{path}: no drafts ({suffixes}) found")
        return
    kind = not_a_file(path)
    if kind:
        yield InputProblem(str(path), f"{path}: {kind}, not a file: skipped")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _guarded(path, read_jsonl(path, options))
    elif suffix in CSV_SUFFIXES:
        yield from _guarded(path, read_csv(path, options))
    elif suffix in PARQUET_SUFFIXES:
        yield from _guarded(path, read_parquet(path, options))
    else:
        yield from _file_draft(path, _size(path))


def walk_drafts(root: Path) -> Iterator[Path]:
    """Draft files (.md, .markdown, .txt) under root in sorted order, skipping hidden entries;
    one directory listing in memory at a time."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES:
                yield Path(folder) / name


def _file_draft(path: Path, position: int) -> Iterator[Item]:
    kind = not_a_file(path)
    if kind:
        yield InputProblem(str(path), f"{path}: {kind}, not a file: skipped")
        return
    try:
        draft = read_draft(path)
    except InputError as exc:
        yield InputProblem(str(path), str(exc))
        return
    draft.meta.setdefault("id", draft.name)
    yield Entry(draft, None, path.parent, position)


def _stdin_draft() -> Iterator[Item]:
    try:
        draft = draft_from_bytes(sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1), "<stdin>")
    except InputError as exc:
        yield InputProblem("<stdin>", str(exc))
        return
    draft.meta.setdefault("id", draft.name)
    yield Entry(draft, None, Path.cwd())


def _guarded(path: Path, rows: Iterator[Item]) -> Iterator[Item]:
    """An export's rows; an export that cannot be opened or read on becomes one problem."""
    try:
        yield from rows
    except OSError as exc:
        yield InputProblem(str(path), f"{path}: cannot read ({exc.strerror or exc})")


# ---------------------------------------------------------------- rows of exports

def row_entry(source: str | Path, where: str, row: dict, options: InputOptions, number: int, position: int,
              location: dict) -> Item:
    """An Entry for one row (a dict of fields), or the problem that keeps it from being one.
    source: the export as named (a path, or a URL on a cluster)."""
    text = row.get(options.text_column)
    if not isinstance(text, str):
        return InputProblem(where, f"{where}: no text in field '{options.text_column}'")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_DRAFT_BYTES:
        return InputProblem(where, f"{where}: the text is larger than the {MAX_DRAFT_BYTES // 1048576} MB a draft may be")
    language = row.get("lang") or None
    if language not in (None, "auto", *LANGUAGES):
        return InputProblem(where, f"{where}: unknown lang '{language}' (expected auto, {', '.join(LANGUAGES)})")
    row_id = row.get(options.id_column or "id")
    row_id = str(number) if row_id in (None, "") else str(row_id)
    meta = {"id": row_id, "source": str(source), **location,
            **{k: str(row[k]) for k in META_FIELDS if row.get(k) not in (None, "")}}
    draft = Draft(text=text, name=f"{source}#{row_id}", format=format_for(""), meta=meta)
    return Entry(draft, None if language == "auto" else language, Path(source).parent, position)


def read_jsonl(path: Path, options: InputOptions) -> Iterator[Item]:
    """One draft per line: {"id", "text", optional "lang", "author", "channel", "date"}."""
    with open(path, "rb") as f:
        yield from jsonl_rows(path, f, options)


def jsonl_rows(source: str | Path, lines: Iterable[bytes], options: InputOptions, first_line: int = 1,
               position: int = 0) -> Iterator[Item]:
    """The drafts (or problems) of JSONL lines; first_line: the number of the first of them."""
    for number, raw in enumerate(lines, start=first_line):
        position += len(raw)
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            yield InputProblem(where, f"{where}: not UTF-8 text")
            continue
        except json.JSONDecodeError as exc:
            yield InputProblem(where, f"{where}: malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield InputProblem(where, f"{where}: expected a JSON object per line")
            continue
        yield row_entry(source, where, row, options, number, position, {"line": number})


def read_csv(path: Path, options: InputOptions) -> Iterator[Item]:
    """One draft per row of a CSV file with a header (UTF-8, UTF-8 with BOM or CP932)."""
    with open(path, "rb") as f:
        encoding = sniff_encoding(f)
        counter = _ByteCounter(f, encoding)
        reader = csv.DictReader(counter.lines())
        try:
            header = reader.fieldnames or []
        except csv.Error as exc:
            yield InputProblem(str(path), f"{path}: cannot read the CSV header ({exc})")
            return
        missing = missing_column(header, options)
        if missing:
            yield InputProblem(f"{path}:1", f"{path}:1: {missing}")
            return
        first_line = reader.line_num + 1
        while True:
            where = f"{path}:{first_line}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield InputProblem(where, f"{where}: malformed CSV row ({exc})")
                first_line = reader.line_num + 1
                continue
            if counter.bad_lines.intersection(range(first_line, reader.line_num + 1)):
                yield InputProblem(where, f"{where}: not valid {encoding} text")
            else:
                yield row_entry(path, where, row, options, reader.line_num, counter.position, {"line": first_line})
            first_line = reader.line_num + 1


def sniff_encoding(f: BinaryIO) -> str:
    """utf-8-sig, utf-8 or cp932, judged from the first 64 KiB (the stream is rewound)."""
    head = f.read(65536)
    f.seek(0)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        return "utf-8" if exc.start >= len(head) - 3 else "cp932"


def missing_column(header: list[str], options: InputOptions) -> str | None:
    """Why an export's columns do not fit the options, or None when they do."""
    for column, option in ((options.text_column, "--text-column"), (options.id_column, "--id-column")):
        if column and column not in header:
            return f"no column '{column}' (columns: {', '.join(header) or 'none'}); name it with {option}"
    return None


class _ByteCounter:
    """Decoded lines of a binary file, counting the bytes read so far and the lines (1-based)
    that are not valid in the encoding (decoded with replacement characters, to be reported)."""

    def __init__(self, f: BinaryIO, encoding: str):
        self.f, self.encoding, self.position = f, encoding, 0
        self.bad_lines: set[int] = set()

    def lines(self) -> Iterator[str]:
        for number, raw in enumerate(self.f, start=1):
            self.position += len(raw)
            encoding = self.encoding if number == 1 else self.encoding.replace("-sig", "")
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                self.bad_lines.add(number)
                yield raw.decode(encoding, errors="replace")


def read_parquet(path: Path, options: InputOptions, batch_rows: int = 1024) -> Iterator[Item]:
    """One draft per row of a Parquet file, read one record batch at a time (needs pyarrow)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputProblem(str(path), f"{path}: reading Parquet needs pyarrow (pip install \"postlint[dask]\")")
        return
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error types for damaged files
        yield InputProblem(str(path), f"{path}: not a readable Parquet file ({exc})")
        return
    names = parquet.schema_arrow.names
    missing = missing_column(names, options)
    if missing:
        yield InputProblem(str(path), f"{path}: {missing}")
        return
    rows_total = max(parquet.metadata.num_rows, 1)
    size = _size(path)
    batches = parquet.iter_batches(batch_size=batch_rows, columns=parquet_columns(names, options))
    for item in parquet_rows(path, (row for batch in batches for row in batch.to_pylist()), options):
        if isinstance(item, Entry):
            item.position = size * int(item.draft.meta["row"]) // rows_total
        yield item


def parquet_columns(names: list[str], options: InputOptions) -> list[str]:
    """The columns of a Parquet export that postlint reads."""
    return [n for n in dict.fromkeys((options.text_column, options.id_column or "id", "lang", *META_FIELDS)) if n in names]


def parquet_rows(source: str | Path, rows: Iterable[dict], options: InputOptions, first_row: int = 1) -> Iterator[Item]:
    """The drafts (or problems) of Parquet rows; first_row: the number of the first of them."""
    for number, row in enumerate(rows, start=first_row):
        where = f"{source}[row {number}]"
        yield row_entry(source, where, row, options, number, 0, {"row": number})
