"""Issue 17: what each speed stand-in saves, as a share of a check.

A stand-in re-implements or reads part of a library to make a check cheaper; issue 17 keeps one
only where it saves at least 5% of a check. Each is switched off in turn in one loaded process,
and the same work runs with and without it (after a warm-up of each), with the same findings
(checked first). The saving is (without - with) / without:

- in instructions, counted by valgrind's callgrind when it is installed: a child process runs the
  work inside a ctypes callback and callgrind counts only inside callbacks, so loading and
  switching are left out. Instruction counts do not depend on other load on the machine, so they
  are the figure to decide by on a busy machine;
- in CPU time, the same work in turns in this process (interleaved_cpu): noisy on a busy machine.

The stand-ins: the regex literal prefilters (prefilter.py) on the en and ja drafts of bench_core
(Linter.check) and a batch of short en/ja drafts like bench_batch's (Linter.check_many); the
entity worker (entity_worker.py) on the English draft checked as the server checks it (only the
server's own process is counted: the child runs `ner` at the same time); the prefilter table
(rules/prefilters.json) on a whole cold `postlint` process; the morphology table (morphology.py),
a memory stand-in, by how much the table and the process grow over Japanese checks in memory
zones. The six stand-ins of spaCy and GiNZA components of fast_pipes.py were measured here too
and removed (each saved under 5%: see the issue 17 commits).

    python bench/run.py --part standins
    python bench/bench_standins.py --count OUT.json   # the child callgrind runs (not by hand)
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Callable, Iterator

from common import CONFIG, ROOT, Measure, interleaved_cpu

TARGET = 5.0  # % of a check a stand-in must save to be kept (issue 17)
BATCH_DRAFTS = 8


WORKS = ("en", "ja", "batch", "en, server")


def workloads(linter, works=WORKS) -> dict[str, Callable[[], object]]:
    """The checks measured: one draft per language, a batch, and the English draft as the server
    checks it (its entities found in a second process while the rest of the parse runs here)."""
    from bench_batch import english_draft, japanese_draft
    from bench_core import DRAFTS

    rng = random.Random(17)
    batch = [english_draft(rng) if i % 2 else japanese_draft(rng) for i in range(BATCH_DRAFTS)]
    found = {
        "en": lambda: linter.check(DRAFTS["en"], language="en"),
        "ja": lambda: linter.check(DRAFTS["ja"], language="ja"),
        "batch": lambda: linter.check_many(batch),
    }
    if "en, server" in works:
        server = _server_linter()
        found["en, server"] = lambda: server.check(DRAFTS["en"], language="en")
    return {label: work for label, work in found.items() if label in works}


_SERVER: list = []


def _server_linter():
    """A second Linter whose English parses find entities aside, as `postlint serve`'s (started once)."""
    if not _SERVER:
        from linter import Linter

        server = Linter.from_config(CONFIG)
        if not server.pipelines.find_entities_aside("en"):
            sys.exit("the English pipeline cannot find entities aside")
        _SERVER.append(server)
    return _SERVER[0]


# ------------------------------------------------------------------ the switches

@contextmanager
def _patched(owner, **values) -> Iterator[None]:
    saved = {name: getattr(owner, name) for name in values}
    for name, value in values.items():
        setattr(owner, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(owner, name, value)


def _without_prefilters(linter):
    """Every rule regex scans every segment with finditer, no literal pass."""
    from linter.rules.prefilter import LiteralIndex
    from linter.rules import patterns

    @contextmanager
    def off():
        with _patched(patterns, matches=lambda regex, text, gate, found: regex.finditer(text), fold=lambda text: text), \
                _patched(LiteralIndex, find=lambda self, folded: {}):
            yield
    return off


def switches(linter) -> dict[str, tuple[tuple[str, ...], Callable]]:
    """Each stand-in: the work it touches, and a context manager factory that switches it off."""
    found = {"prefilter: regex literal prefilters": (("en", "ja", "batch"), _without_prefilters(linter))}
    if _SERVER:
        found["entity_worker: entities found aside"] = (("en, server",), lambda: _patched(_SERVER[0].pipelines, _entity_workers={}))
    return found


# ------------------------------------------------------------------ measuring

def same_findings(linter, work: dict, table: dict) -> None:
    """Each switch leaves the findings of every work it touches unchanged (else: exit)."""
    for name, (touched, off) in table.items():
        for label in touched:
            expected = _findings(work[label]())
            with off():
                got = _findings(work[label]())
            if got != expected:
                sys.exit(f"{name}: findings of the {label} work differ when it is switched off")


def _findings(result) -> list:
    return [report.findings for report in (result if isinstance(result, list) else [result])]


def cpu_savings(linter, repeat: int) -> dict[str, dict[str, float]]:
    """Median CPU seconds of each work with every stand-in on, and with each switched off."""
    work, table = workloads(linter), switches(linter)
    times = {}
    for label, function in work.items():
        contenders = {"all on": function}
        for name, (touched, off) in table.items():
            if label in touched:
                contenders[name] = lambda off=off, function=function: _run_off(off, function)
        times[label] = interleaved_cpu(contenders, repeat)
    return times


def _run_off(off, function):
    with off():
        return function()


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _in_callback(function: Callable[[], object]) -> None:
    """function() inside a ctypes callback (called by libc's lfind): what callgrind counts here."""
    libc = ctypes.CDLL(None)
    libc.lfind.restype = ctypes.c_void_p

    def callback(_key, _item):
        function()
        return 0

    key, items, count = ctypes.c_int(0), (ctypes.c_int * 1)(0), ctypes.c_size_t(1)
    libc.lfind(ctypes.byref(key), items, ctypes.byref(count), ctypes.sizeof(ctypes.c_int), _CALLBACK(callback))


def count_in_child(out: Path, rounds: int, checks: int, works: tuple[str, ...]) -> None:
    """The callgrind child: load, warm up, then every work with all stand-ins on and with each off,
    in turns, `rounds` times, each counted over `checks` calls; the order goes to out."""
    from linter import Linter

    linter = Linter.from_config(CONFIG)
    work = workloads(linter, works)
    table = switches(linter)
    order = []
    for _ in range(rounds):
        for label, function in work.items():
            runs = {"all on": function}
            runs.update({name: (lambda off=off, function=function: _run_off(off, function))
                         for name, (touched, off) in table.items() if label in touched})
            for name, run in runs.items():
                run()  # warm-up, not counted
                _in_callback(lambda run=run: [run() for _ in range(checks)])
                order.append([label, name, checks])
    out.write_text(json.dumps(order), encoding="utf-8")


def instruction_counts(rounds: int, checks: int, works: tuple[str, ...] = WORKS) -> dict[str, dict[str, list[float]]]:
    """Instructions per call of each work with all stand-ins on and each switched off (one
    figure per round), counted by callgrind in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        order_file = Path(tmp) / "order.json"
        dumps = callgrind(["--count", str(order_file), "--rounds", str(rounds), "--checks", str(checks),
                           *(f"--work={label}" for label in works)], Path(tmp), only_callbacks=True)
        counts: dict[str, dict[str, list[float]]] = {}
        for total, (label, name, calls) in zip(dumps, json.loads(order_file.read_text(encoding="utf-8"))):
            counts.setdefault(label, {}).setdefault(name, []).append(total / calls)
    return counts


def callgrind(arguments: list[str], folder: Path, only_callbacks: bool) -> list[int]:
    """Run this file with arguments under callgrind: the instructions of each ctypes callback it
    makes (only_callbacks), else of the whole process."""
    options = ["--collect-atstart=no", "--toggle-collect=closure_fcn", "--dump-after=closure_fcn"] if only_callbacks else []
    env = {**os.environ, "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    out = folder / "callgrind.out"
    subprocess.run([shutil.which("valgrind"), "--tool=callgrind", *options, f"--callgrind-out-file={out}",
                    sys.executable, __file__, *arguments],
                   env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if not only_callbacks:
        return [_totals(out)]
    dumps = sorted(folder.glob("callgrind.out.*"), key=lambda path: int(path.suffix[1:]))
    return [_totals(dump) for dump in dumps]


def _totals(dump: Path) -> int:
    for line in dump.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise ValueError(f"{dump}: no totals line")


# ------------------------------------------------------------------ the prefilter table (cold start)

COLD_DRAFT = ROOT / "examples" / "en.md"


def cold_check_in_child(with_table: bool) -> None:
    """A whole `postlint --config examples/postlint.toml examples/en.md`, with or without
    rules/prefilters.json (without it, every shipped regex's prefilter is worked out at first use)."""
    from linter.rules import patterns

    if not with_table:
        patterns.known_prefilters = lambda: {}
    from linter.cli import app

    try:
        app(["--config", str(CONFIG), str(COLD_DRAFT)], prog_name="postlint")
    except SystemExit:
        pass


def _cold_argv(with_table: bool) -> list[str]:
    return ["--cold-check", "table" if with_table else "no-table"]


def cold_count_in_child(out: Path) -> None:
    """The callgrind child of cold_check_instructions: a cold check with the table (imports,
    loading and all), then what the table saved in it (working out the prefilters of the
    regexes it gave), then what it cost (reading it), each in its own callback."""
    import gc

    _in_callback(lambda: cold_check_in_child(True))
    from linter.rules.prefilter import prefilter_of
    from linter.rules.patterns import RuleRegex, known_prefilters

    used = [o for o in gc.get_objects() if isinstance(o, RuleRegex) and "gate" in o.__dict__]
    known = known_prefilters()
    from_table = [regex for regex in used if regex.pattern in known]
    _in_callback(lambda: [prefilter_of(regex.parsed()) for regex in from_table])
    _in_callback(known_prefilters.__wrapped__)
    out.write_text(json.dumps({"regexes": len(used), "from the table": len(from_table)}), encoding="utf-8")


def cold_check_instructions() -> dict[str, int]:
    """Instructions of a whole cold check (after the interpreter's own start) with the table, and
    without it: plus working out the prefilters the table gave, less reading the table (callgrind,
    one process: a cold check is counted once)."""
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts.json"
        with_table, worked_out, read = callgrind(["--cold-count", str(facts)], Path(tmp), only_callbacks=True)
        return {"with table": with_table, "without": with_table - read + worked_out,
                "working out the table's prefilters": worked_out, "reading the table": read,
                **json.loads(facts.read_text(encoding="utf-8"))}


def cold_check_cpu(rounds: int) -> dict[str, float]:
    """Median CPU seconds (user + system) of a whole cold check process with and without the
    table, in turns."""
    times: dict[str, list[float]] = {"with table": [], "without": []}
    for _ in range(rounds):
        for with_table in (True, False):
            before = os.times()
            subprocess.run([sys.executable, __file__, *_cold_argv(with_table)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            after = os.times()
            times["with table" if with_table else "without"].append(
                after.children_user - before.children_user + after.children_system - before.children_system)
    return {name: statistics.median(values) for name, values in times.items()}


# ------------------------------------------------------------------ the morphology table (memory)

def japanese_drafts(count: int) -> list[str]:
    """Varied Japanese drafts (new names, numbers, addresses), as the server benchmark sends."""
    from bench_server import invented_word

    rng = random.Random(13)
    words = ["会議", "週末", "写真", "旅行", "散歩", "公園", "映画", "料理", "駅前", "新商品", "勉強会", "花火"]
    return [f"{invented_word(rng)}さんと{invented_word(rng)}で{'、'.join(rng.choice(words) for _ in range(rng.randint(3, 12)))}。"
            f"連絡は0{rng.randint(70, 90)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}まで。"
            f"{rng.randint(1, 10**6)}円、{rng.randint(1, 47)}丁目{rng.randint(1, 30)}番地" for _ in range(count)]


def morphology_growth_in_child(interning: bool, checks: int) -> dict:
    """As the server's check worker: warm up outside any zone, then varied Japanese checks each in
    memory zones of both pipelines; how much the Japanese morphology table and the process grew."""
    from linter import Linter
    from linter.nlp.morphology import intern_morphology
    from linter.nlp.segments import LANGUAGES, make_lexemes_of_known_words
    from linter.serve.worker import release_free_memory

    linter = Linter.from_config(CONFIG)
    pipelines = [linter.pipelines.get(language) for language in LANGUAGES]
    if interning:
        for nlp in pipelines:
            intern_morphology(nlp)
    make_lexemes_of_known_words(linter.pipelines.get("en"))
    warm_up, drafts = japanese_drafts(checks + 20)[:20], japanese_drafts(checks + 20)[20:]
    for text in warm_up:
        linter.check(text, language="ja")
    morphology = linter.pipelines.get("ja").vocab.morphology
    release_free_memory()
    before = {"table_bytes": morphology.mem.size, "rss_kb": _rss_kb()}
    for text in drafts:
        with ExitStack() as zones:
            for nlp in pipelines:
                zones.enter_context(nlp.memory_zone())
            linter.check(text, language="ja")
    release_free_memory()
    return {"checks": checks, "table_bytes": morphology.mem.size - before["table_bytes"],
            "rss_mb": (_rss_kb() - before["rss_kb"]) / 1024}


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def morphology_growth(checks: int) -> dict[str, dict]:
    """morphology_growth_in_child in a fresh process with postlint's table and with spaCy's."""
    found = {}
    for name, flag in (("InterningMorphology", "interning"), ("spaCy's Morphology", "spacy")):
        out = subprocess.run([sys.executable, __file__, "--memory", flag, "--checks", str(checks)],
                             capture_output=True, text=True, check=True).stdout
        found[name] = json.loads(out.strip().splitlines()[-1])
    return found


# ------------------------------------------------------------------ the part

def saving(without: float, with_: float) -> float:
    """The share of the work without a stand-in that it saves, in %."""
    return 100 * (without - with_) / without


def run(quick: bool) -> tuple[list[Measure], dict]:
    """Each stand-in's saving per work (instructions when valgrind is installed, CPU time), the
    prefilter table's share of a cold check, and the morphology table's growth in memory zones."""
    from linter import Linter

    linter = Linter.from_config(CONFIG)
    work = workloads(linter)
    table = switches(linter)
    same_findings(linter, work, table)
    cpu = cpu_savings(linter, repeat=10 if quick else 30)
    valgrind = shutil.which("valgrind") is not None
    counts = instruction_counts(rounds=1 if quick else 2, checks=1) if valgrind else None
    details: dict = {"cpu_ms": {label: {name: round(seconds * 1000, 2) for name, seconds in times.items()}
                                for label, times in cpu.items()},
                     "instructions_per_call": counts}
    measures = []
    for name, (touched, _) in table.items():
        for label in touched:
            if counts is not None:
                on, off = min(counts[label]["all on"]), min(counts[label][name])
                measures.append(Measure(f"{name}, {label} (instructions)", saving(off, on), "%", ">=", TARGET))
            measures.append(Measure(f"{name}, {label} (CPU)", saving(cpu[label][name], cpu[label]["all on"]), "%"))
    _SERVER[0].pipelines.stop_entity_workers()
    cold_cpu = cold_check_cpu(rounds=1 if quick else 5)
    details["cold_check_cpu_s"] = {name: round(seconds, 3) for name, seconds in cold_cpu.items()}
    if valgrind:
        cold = cold_check_instructions()
        details["cold_check_instructions"] = cold
        measures.append(Measure(f"prefilter table: cold `postlint {COLD_DRAFT.name}` (instructions)",
                                saving(cold["without"], cold["with table"]), "%", ">=", TARGET))
    measures.append(Measure(f"prefilter table: cold `postlint {COLD_DRAFT.name}` (CPU)",
                            saving(cold_cpu["without"], cold_cpu["with table"]), "%"))
    checks = 300 if quick else 2000
    growth = morphology_growth(checks)
    details["morphology_growth"] = growth
    for name, grown in growth.items():
        measures += [
            Measure(f"ja morphology table growth over {checks:,} checks in zones, {name}", grown["table_bytes"] / 1024, " KB"),
            Measure(f"  RSS growth over the same checks, {name}", grown["rss_mb"], " MB"),
        ]
    return measures, details


def main() -> None:
    parser = argparse.ArgumentParser(description="The child processes of the standins part (not run by hand).")
    parser.add_argument("--count", type=Path, help="count instructions (under callgrind); the order of the runs goes here")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--checks", type=int, default=1)
    parser.add_argument("--work", action="append", choices=WORKS, help="count only this work (repeatable)")
    parser.add_argument("--cold-check", choices=["table", "no-table"], help="a whole cold check process")
    parser.add_argument("--cold-count", type=Path, help="count a cold check and the table's share (under callgrind)")
    parser.add_argument("--memory", choices=["interning", "spacy"], help="the morphology table's growth")
    args = parser.parse_args()
    if args.count:
        count_in_child(args.count, args.rounds, args.checks, tuple(args.work or WORKS))
    elif args.cold_count:
        cold_count_in_child(args.cold_count)
    elif args.cold_check:
        cold_check_in_child(args.cold_check == "table")
    elif args.memory:
        print(json.dumps(morphology_growth_in_child(args.memory == "interning", args.checks)))
    else:
        parser.error("one of --count, --cold-check, --memory")


if __name__ == "__main__":
    main()
