"""What every benchmark part shares: measures beside their targets, interleaved timing, the
facts of the machine a run happened on, and the results files (bench/results/<part>.json).

Nothing here is a test: speed is measured and reported, never asserted.
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "examples" / "postlint.toml"
RESULTS = ROOT / "bench" / "results"

# Vanilla Presidio's e-mail check would fetch a public-suffix list: keep every benchmark offline.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
sys.path.insert(0, str(ROOT))

_RELATIONS: dict[str, Callable[[float, float], bool]] = {
    "<=": lambda value, target: value <= target,
    "<": lambda value, target: value < target,
    ">=": lambda value, target: value >= target,
}


@dataclass
class Measure:
    """One number of a run, with the target its issue sets (None: shown for context only)."""

    label: str
    value: float
    unit: str = ""
    relation: str | None = None
    target: float | None = None

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return _RELATIONS[self.relation](self.value, self.target)

    @property
    def shown_value(self) -> str:
        return f"{self.value:.2f}{self.unit}" if abs(self.value) < 100 else f"{self.value:.0f}{self.unit}"

    @property
    def shown_target(self) -> str:
        return f"{self.relation} {self.target:g}{self.unit}" if self.target is not None else ""

    @property
    def verdict(self) -> str:
        return {True: "ok", False: "MISSED", None: ""}[self.ok]

    def to_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def print_measure(measure: Measure) -> None:
    print(f"  {measure.label:<66} {measure.shown_value:>10}  {measure.shown_target:<10} {measure.verdict}", flush=True)


# ------------------------------------------------------------------ timing

def interleaved_cpu(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median CPU seconds of each contender, all run in turn in every round after a warm-up, so
    other load on the machine weighs on all of them alike."""
    times = interleaved(contenders, repeat, time.process_time)
    return {name: statistics.median(values) for name, values in times.items()}


# Calls of one contender in a row. A call right after another contender's finds the CPU caches
# full of that one's model and data (a second copy of the model for vanilla Presidio, another
# process for the server): called one at a time in turn, each would pay for the others.
BLOCK = 10


def interleaved(contenders: dict[str, Callable[[], object]], repeat: int,
                clock: Callable[[], float] = time.perf_counter, warmup: int = 1) -> dict[str, list[float]]:
    """Seconds per call of each contender by clock: `repeat` calls each, in rounds where every
    contender makes BLOCK calls in a row in turn, after `warmup` calls each."""
    for function in contenders.values():
        for _ in range(warmup):
            function()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    while any(len(values) < repeat for values in times.values()):
        for name, function in contenders.items():
            for _ in range(min(BLOCK, repeat - len(times[name]))):
                start = clock()
                function()
                times[name].append(clock() - start)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ------------------------------------------------------------------ the machine

def machine_facts() -> dict:
    """Cores, CPU, load average and the versions a run measured."""
    from linter.nlp.segments import Pipelines

    pipelines = Pipelines()
    models = {language: pipelines.name(language) for language in ("en", "ja")}
    packages = ["postlint", "spacy", "presidio-analyzer", "phonenumbers", *models.values()]
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": _cpu_model(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "models": models,
        "versions": {name: _version(name) for name in packages},
        "commit": _commit(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _commit() -> str | None:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or None


# ------------------------------------------------------------------ results files

def save(part: str, issue: int, quick: bool, facts: dict, measures: list[Measure], details: dict, seconds: float) -> Path:
    """Write bench/results/<part>.json: the measures, the details behind them, the machine."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{part}.json"
    result = {
        "part": part, "issue": issue, "quick": quick,
        "command": f"python bench/run.py --part {part}" + (" --quick" if quick else ""),
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "machine": {**facts, "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "measures": [m.to_dict() for m in measures],
        "details": details,
    }
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_results() -> dict[str, dict]:
    """The results file of every part that has run, by part."""
    results = (json.loads(path.read_text(encoding="utf-8")) for path in sorted(RESULTS.glob("*.json")))
    return {result["part"]: result for result in results if "part" in result}
