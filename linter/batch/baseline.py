"""Baselines for re-reviews: record the findings a team accepted, hide exactly those later.

A finding is identified by its fingerprint: a hash of the draft's id, the rule, the flagged text
and which occurrence of that text (for that rule) in the draft it is. Offsets are left out, so
editing elsewhere in a draft keeps its accepted findings hidden, while a new occurrence, a new
rule or changed text shows. The baseline file holds hashes, never the flagged text:

    {"postlint-baseline": 1}
    {"draft": "drafts/launch.md", "rule": "personal-info/phone-number", "fingerprint": "…"}
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from ..engine import Report

VERSION = 1
HEADER = {"postlint-baseline": VERSION}


def draft_key(report: "Report") -> str:
    """The stable id of a draft: its normalized path, or its export's path and row id."""
    meta = report.draft.meta
    if "source" in meta:
        return f"{os.path.normpath(meta['source'])}#{meta['id']}"
    return os.path.normpath(report.draft.name)


def fingerprints(report: "Report") -> list[str]:
    """One fingerprint per finding of the report, in order."""
    key = draft_key(report)
    seen: Counter = Counter()
    result = []
    for f in report.findings:
        occurrence = seen[(f.rule, f.text)]
        seen[(f.rule, f.text)] += 1
        data = "\x1f".join((key, f.rule, f.text, str(occurrence)))
        result.append(hashlib.sha256(data.encode("utf-8")).hexdigest()[:32])
    return result


class Baseline:
    """The accepted findings of an earlier run."""

    def __init__(self, accepted: set[str]):
        self.accepted = accepted

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        """Read a baseline file; a missing or malformed one is a usage error."""
        try:
            with open(path, encoding="utf-8") as f:
                lines = [line for line in f if line.strip()]
        except FileNotFoundError:
            raise UsageError(f"{path}: baseline file not found (write one with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read baseline ({exc})") from None
        try:
            header = json.loads(lines[0]) if lines else None
            if header != HEADER:
                raise ValueError("not a postlint baseline (version 1)")
            return cls({json.loads(line)["fingerprint"] for line in lines[1:]})
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}: malformed baseline ({exc})") from None

    def hide(self, report: "Report") -> tuple["Report", int]:
        """The report without its accepted findings, and how many were hidden."""
        kept = tuple(f for f, fp in zip(report.findings, fingerprints(report)) if fp not in self.accepted)
        return replace(report, findings=kept), len(report.findings) - len(kept)


class BaselineWriter:
    """Writes a baseline file one draft at a time."""

    def __init__(self, path: Path):
        from ..report.writer import ReportFile

        self.output = ReportFile(path)  # written in full at close(), or not at all
        self.file = self.output.open()
        try:
            self.file.write(json.dumps(HEADER) + "\n")
        except BaseException:
            self.output.discard()
            raise

    def add(self, report: "Report") -> None:
        key = draft_key(report)
        for f, fp in zip(report.findings, fingerprints(report)):
            self.file.write(json.dumps({"draft": key, "rule": f.rule, "fingerprint": fp}, ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Put the baseline in place."""
        self.output.commit()

    def discard(self) -> None:
        """Leave the file as it was before the run (the run did not finish)."""
        self.output.discard()
