"""Issue 12, start-up: how long a whole `postlint` process takes from the shell, interpreter start
included. Small commands (--version, --help, init, rules, explain) against issue 12's 0.3 s; a cold
`postlint examples/en.md` against its 2.0 s, beside its baseline: a cold process that only imports
spaCy and loads the same English pipeline. Each command runs in turn with the others in every
round (other load on the machine weighs on all alike); the min and the median are reported, wall
and CPU time (user + system of the process).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CONFIG, ROOT, Measure

POSTLINT = str(Path(sys.executable).with_name("postlint"))
SMALL = {
    "--version": [POSTLINT, "--version"],
    "--help": [POSTLINT, "--help"],
    "init": [POSTLINT, "init", "--force", "{tmp}"],
    "rules": [POSTLINT, "rules"],
    "explain": [POSTLINT, "explain", "personal-info/phone-number"],
}
DRAFT = ROOT / "examples" / "en.md"


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, after.children_user - before.children_user + after.children_system - before.children_system


def import_time_us(module: str) -> int:
    """Microseconds `python -X importtime` gives for importing module and all it imports."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True).stderr
    lines = [line for line in out.splitlines() if line.rstrip().endswith(f"| {module}")]
    return int(lines[-1].split("|")[1])


def run(quick: bool) -> tuple[list[Measure], dict]:
    from linter.nlp.segments import Pipelines

    rounds = 3 if quick else 7
    english = Pipelines().name("en")
    commands = {
        "bare spaCy load": [sys.executable, "-c", f"import spacy; spacy.load({english!r})"],
        "postlint examples/en.md": [POSTLINT, "--config", str(CONFIG), str(DRAFT)],
        **SMALL,
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        for name, argv in commands.items():  # warm the file cache once
            timed([a.format(tmp=tmp) for a in argv], Path(tmp))
        for _ in range(rounds):
            for name, argv in commands.items():
                times[name].append(timed([a.format(tmp=tmp) for a in argv], Path(tmp)))
    imports = {module: min(import_time_us(module) for _ in range(rounds)) for module in ("linter.cli", "spacy")}

    def stat(name: str, index: int, how) -> float:
        return how(t[index] for t in times[name])

    details = {name: {"wall_s": [round(w, 3) for w, _ in values], "cpu_s": [round(c, 3) for _, c in values]}
               for name, values in times.items()}
    details["import_us_min"] = imports
    details["pipeline"] = english
    check, bare = "postlint examples/en.md", "bare spaCy load"
    # CPU time is what the process would take on an idle machine (wall time waits for the others).
    measures = [
        Measure(f"`postlint {name}`: whole process, median ({clock})", stat(name, index, statistics.median), " s", "<", 0.3)
        for name in SMALL for index, clock in ((0, "wall"), (1, "CPU"))
    ]
    measures += [
        Measure("import linter.cli, min (python -X importtime)", imports["linter.cli"] / 1e6, " s"),
        Measure("cold `postlint examples/en.md`, median (wall)", stat(check, 0, statistics.median), " s", "<=", 2.0),
        Measure("cold `postlint examples/en.md`, min (wall)", stat(check, 0, min), " s"),
        Measure("cold `postlint examples/en.md`, median (CPU)", stat(check, 1, statistics.median), " s", "<=", 2.0),
        Measure("cold `postlint examples/en.md`, min (CPU)", stat(check, 1, min), " s"),
        Measure(f"  baseline: cold spaCy import + load of {english}, median (wall)", stat(bare, 0, statistics.median), " s"),
        Measure(f"  baseline: cold spaCy import + load of {english}, median (CPU)", stat(bare, 1, statistics.median), " s"),
        Measure("  cold check / cold bare load, medians (CPU)", stat(check, 1, statistics.median) / stat(bare, 1, statistics.median), "x"),
    ]
    return measures, details
