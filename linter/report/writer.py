"""Streaming writers: a batch run hands them one draft's Report (or one input problem) at a time,
so a report of any size is written with flat memory. Each output format has one Writer."""
from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

from ..errors import PostlintError
from . import InputProblem

if TYPE_CHECKING:
    from ..engine import Report
    from ..rules import RuleSpec

RuleLookup = Callable[[str], "RuleSpec | None"]


class Writer:
    """Base of every streaming writer. out: where to write; rules: a rule id's spec (for help texts)."""

    def __init__(self, out: TextIO, rules: RuleLookup = lambda _id: None, **_options):
        self.out = out
        self.rules = rules

    def report(self, report: "Report") -> None:
        """Write (or account for) one checked draft."""

    def problem(self, problem: InputProblem) -> None:
        """Write (or account for) one input that could not be checked."""

    def close(self, summary) -> None:
        """Finish the output once every draft has been written; summary: the run's counts
        (linter.batch.review.Summary)."""


def draft_fields(report: "Report") -> dict:
    """The id and whereabouts of a checked draft: id, path, source, line/row and the export's
    author, channel and date when it has them."""
    meta = report.draft.meta
    fields = {"id": meta.get("id", report.draft.name), "path": report.draft.name}
    for key in ("source", "line", "row", "author", "channel", "date"):
        if key in meta:
            fields[key] = meta[key]
    return fields


class JsonWriter(Writer):
    """`--format json` ({"version": 1, "files": [...], "errors": [...]}, as report/json.py
    renders it), written one file entry at a time; input problems follow the files."""

    def __init__(self, out: TextIO, **options):
        super().__init__(out, **options)
        from .json import VERSION

        self.out.write('{\n  "version": %d,\n  "files": [' % VERSION)
        self.count = 0
        self.problems: list[InputProblem] = []

    def report(self, report: "Report") -> None:
        entry = json.dumps(report.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        self.out.write(("," if self.count else "") + "\n    " + entry)
        self.count += 1

    def problem(self, problem: InputProblem) -> None:
        self.problems.append(problem)

    def close(self, summary) -> None:
        errors = json.dumps([{"path": p.path, "message": p.message} for p in self.problems],
                            ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.out.write(("\n  " if self.count else "") + "],\n  \"errors\": " + errors + "\n}\n")


# ---------------------------------------------------------------- report files

class OutputError(PostlintError):
    """A report file could not be written (a full disk, no permission…): one line naming it."""


class ReportFile:
    """A file the user asked for (a report, a baseline, a config), written in full or not at all.

    The text goes to a temporary file beside the target, renamed over it by commit(); after
    discard() (Ctrl-C, a full disk, any error) the temporary file is gone and the target is as it
    was: the old file, or none. A target that exists and is no regular file (/dev/null,
    /dev/stdout, a named pipe) is written directly. Write errors are OutputErrors naming the
    target."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.path = Path(os.path.realpath(self.target))  # through a symlink, to the file it names
        self.old: os.stat_result | None = None
        self.direct = False
        try:
            self.old = os.stat(self.path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise self.error(exc) from None
        if self.old is not None and stat.S_ISDIR(self.old.st_mode):
            raise OutputError(f"{self.target}: is a folder")
        self.direct = self.old is not None and not stat.S_ISREG(self.old.st_mode)
        self.temporary: Path | None = None
        self.file: TextIO | None = None

    def open(self) -> TextIO:
        """The text file to write to (UTF-8, newlines as written)."""
        try:
            if self.direct:
                self.file = open(self.path, "w", encoding="utf-8", newline="")
            else:
                self.temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
                # The mode a new file gets (umask applied), or the old file's.
                fd = os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                if self.old is not None:
                    os.chmod(fd, stat.S_IMODE(self.old.st_mode))
                self.file = open(fd, "w", encoding="utf-8", newline="")
        except BaseException as exc:  # Ctrl-C while the file is being made leaves none behind either
            self.discard()
            if isinstance(exc, OSError):
                raise self.error(exc) from None
            raise
        return _Guarded(self.file, self.error)

    def commit(self) -> None:
        """Finish the file and put it in place."""
        try:
            self.file.close()
            if self.temporary is not None:
                os.replace(self.temporary, self.path)
                self.temporary = None
        except OSError as exc:
            self.discard()
            raise self.error(exc) from None

    def discard(self) -> None:
        """Drop what was written: the target is left as it was."""
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                pass  # the buffered rest could not be written either: it is dropped with the file
        if self.temporary is not None:
            try:
                os.unlink(self.temporary)
            except OSError:
                pass
            self.temporary = None

    @property
    def left_as_it_was(self) -> str:
        """What the user finds at the target after discard(), in words ("" for a device or pipe)."""
        if self.direct:
            return ""
        return "the previous file is unchanged" if self.old is not None else "nothing written"

    def error(self, exc: OSError) -> OutputError:
        left = self.left_as_it_was
        return OutputError(f"{self.target}: cannot write ({exc.strerror or exc})" + (f"; {left}" if left else ""))


class _Guarded:
    """A report's text file whose write errors are OutputErrors naming the report (a full disk is
    no internal error). Rich consoles, csv writers and the JSON writers only write and flush."""

    encoding = "utf-8"

    def __init__(self, file: TextIO, error: Callable[[OSError], OutputError]):
        self._file, self._error = file, error

    def write(self, text: str) -> int:
        try:
            return self._file.write(text)
        except OSError as exc:
            raise self._error(exc) from None

    def flush(self) -> None:
        try:
            self._file.flush()
        except OSError as exc:
            raise self._error(exc) from None

    def isatty(self) -> bool:
        return False
