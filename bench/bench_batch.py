"""Issue 6, batch review: `postlint check --jobs 2` against bare spaCy `nlp.pipe(n_process=2)`
over the same texts with the same models, drafts/s for ~300-character English drafts, CPU time per
draft in process, and peak memory for growing inputs.

Whole runs are fresh processes measured from the outside: wall time and the CPU time of the whole
process tree (wait4), start-up included for postlint and bare spaCy alike; contenders run in
turns. Drafts/s after start-up is the slope between two input sizes; the CPU slope gives what two
idle cores would do.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from common import CONFIG, Measure, interleaved_cpu

POSTLINT = [sys.executable, "-m", "linter"]
CORES = 2

EN_SENTENCES = [
    "Our team met at the river cafe this morning to plan the spring campaign.",
    "Thanks to everyone who joined the webinar yesterday, the questions were great!",
    "I can't wait to share what we are building next month with all of you.",
    "Coffee, code and a long walk in the park: a perfect Sunday for me.",
    "Please call Ken on 090-3141-5926 if you want to join the beach cleanup.",
    "Rumour has it that the mayor took money from the developers again.",
    "My colleague Dana Whitfield just got back from the hospital, send her some love.",
    "Send your full name and home address to win a free tote bag!",
    "Big day tomorrow: the new release ships and the docs are finally done.",
    "Huge thanks to the volunteers who packed four hundred lunch boxes today.",
]
JA_SENTENCES = [
    "今日はチームで春のキャンペーンについて話し合いました。",
    "昨日のウェビナーに参加してくださった皆さん、ありがとうございました！",
    "来月発表する新しいサービスを早く紹介したいです。",
    "週末は公園を散歩してコーヒーを飲みました。",
    "隣の佐藤さんの携帯は080-2718-2818です。",
    "あの店長は売上を横領しているらしい。",
    "同僚が入院したので、みんなで寄せ書きを送りました。",
    "住所と電話番号を送ってくれた方にプレゼントします。",
    "新しい資料がやっと完成しました。明日から配布します。",
    "ボランティアの皆さんのおかげで清掃活動が無事に終わりました。",
]


def english_draft(rng: random.Random, size: int = 300) -> str:
    text = ""
    while len(text) < size:
        text += rng.choice(EN_SENTENCES) + " "
    return text[:size].rsplit(" ", 1)[0]


def japanese_draft(rng: random.Random, size: int = 140) -> str:
    text = ""
    while len(text) < size:
        text += rng.choice(JA_SENTENCES)
    return text


def write_export(path: Path, count: int, japanese_share: float, english_chars: int = 300, seed: int = 7) -> None:
    """A JSONL export of count drafts, a share of them Japanese, streamed to disk."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for n in range(count):
            ja = rng.random() < japanese_share
            text = japanese_draft(rng) if ja else english_draft(rng, english_chars)
            row = {"id": f"d{n}", "text": text, "lang": "ja" if ja else "en"}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


class PeakMemory:
    """Peak resident memory of a process and all its children, sampled every 0.1 s."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak


class Run:
    """A finished command: wall seconds, CPU seconds of its whole process tree, peak RSS (bytes)."""

    def __init__(self, argv: list[str]):
        with tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
            memory = PeakMemory(proc.pid)
            _, status, usage = os.wait4(proc.pid, 0)  # usage counts the children it waited for
            self.wall = time.perf_counter() - started
            self.peak = memory.stop()
            proc.returncode = os.waitstatus_to_exitcode(status)
            self.cpu = usage.ru_utime + usage.ru_stime
            if proc.returncode not in (0, 1):
                err.seek(0)
                sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {err.read().decode(errors='replace').strip()[-500:]}")


def postlint_check(export: Path, jobs: int = CORES) -> Run:
    return Run([*POSTLINT, "check", "--config", str(CONFIG), "--jobs", str(jobs), "--no-progress",
                "--quiet", "--format", "jsonl", "--output", os.devnull, str(export)])


BARE_SPACY = """
import json, sys
import spacy
from linter.nlp.segments import Pipelines
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
pipelines = Pipelines()
for lang in ("en", "ja"):
    texts = [r["text"] for r in rows if r["lang"] == lang]
    if texts:
        nlp = spacy.load(pipelines.name(lang))
        for doc in nlp.pipe(texts, batch_size=64, n_process=int(sys.argv[2])):
            pass
"""


def bare_spacy(export: Path, processes: int = CORES) -> Run:
    """Bare spaCy, the same pipelines postlint uses, nlp.pipe(n_process=2) over the same texts."""
    return Run([sys.executable, "-c", BARE_SPACY, str(export), str(processes)])


def best_runs(runs: int, contenders: dict[str, callable]) -> dict[str, Run]:
    """Each contender run in turn, runs times; its fastest run (wall) of all."""
    done: dict[str, list[Run]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, start in contenders.items():
            done[name].append(start())
    return {name: min(found, key=lambda run: run.wall) for name, found in done.items()}


def mixed_ratio(folder: Path, drafts: int, runs: int) -> tuple[list[Measure], dict]:
    export = folder / f"mixed-{drafts}.jsonl"
    write_export(export, drafts, japanese_share=0.5)
    best = best_runs(runs, {"bare": lambda: bare_spacy(export), "postlint": lambda: postlint_check(export)})
    bare, postlint = best["bare"], best["postlint"]
    measures = [
        Measure(f"{drafts:,} mixed en/ja drafts: `check --jobs 2` / bare nlp.pipe (wall)", postlint.wall / bare.wall, "x", "<=", 2.5),
        Measure(f"{drafts:,} mixed en/ja drafts: `check --jobs 2` / bare nlp.pipe (CPU)", postlint.cpu / bare.cpu, "x"),
    ]
    details = {"drafts": drafts, "japanese_share": 0.5, "runs": runs,
               **{f"{name}_{what}_s": round(getattr(run, what), 2) for name, run in best.items() for what in ("wall", "cpu")}}
    return measures, details


def throughput(folder: Path, sizes: tuple[int, int], runs: int) -> tuple[list[Measure], dict]:
    """Drafts/s after start-up: the slope between a small and a large export, by wall and CPU."""
    exports = {size: folder / f"en-{size}.jsonl" for size in sizes}
    for size, export in exports.items():
        write_export(export, size, japanese_share=0.0)
    best = best_runs(runs, {(name, size): (lambda start=start, export=export: start(export))
                            for size, export in exports.items()
                            for name, start in (("bare", bare_spacy), ("postlint", postlint_check))})
    small, large = sizes
    added = large - small
    slope = {name: {what: (getattr(best[name, large], what) - getattr(best[name, small], what)) / added
                    for what in ("wall", "cpu")} for name in ("bare", "postlint")}
    measures = [
        Measure("~300-char English drafts/s, `check --jobs 2` after start-up (wall)", 1 / slope["postlint"]["wall"], "/s", ">=", 150),
        Measure("~300-char English drafts/s on 2 idle cores (from CPU time)", CORES / slope["postlint"]["cpu"], "/s", ">=", 150),
        Measure("  bare nlp.pipe(n_process=2) drafts/s on 2 idle cores (CPU)", CORES / slope["bare"]["cpu"], "/s"),
    ]
    details = {"draft_chars": 300, "sizes": list(sizes), "runs": runs,
               "per_draft_ms": {name: {what: round(v * 1000, 2) for what, v in s.items()} for name, s in slope.items()},
               "runs_s": {f"{name} {size}": {"wall": round(run.wall, 2), "cpu": round(run.cpu, 2)} for (name, size), run in best.items()}}
    return measures, details


def in_process_cpu(drafts: int, repeat: int) -> tuple[list[Measure], dict]:
    """CPU per draft of Linter.check_many against bare nlp.pipe on the same ~300-char English
    drafts, in turns in this process: postlint's own cost, without start-up or pickling."""
    from linter import Linter

    rng = random.Random(11)
    texts = [english_draft(rng) for _ in range(drafts)]
    linter = Linter.from_config(CONFIG)
    nlp = linter.pipelines.get("en")
    medians = interleaved_cpu({"bare": lambda: list(nlp.pipe(texts, batch_size=64)),
                               "check_many": lambda: linter.check_many(texts, "en")}, repeat)
    per_draft = {name: seconds / drafts for name, seconds in medians.items()}
    measures = [
        Measure("CPU per draft in process: bare nlp.pipe", per_draft["bare"] * 1000, " ms"),
        Measure("CPU per draft in process: Linter.check_many", per_draft["check_many"] * 1000, " ms"),
        Measure("  check_many / bare nlp.pipe (CPU)", per_draft["check_many"] / per_draft["bare"], "x"),
        Measure("  check_many drafts/s on 2 idle cores (CPU)", CORES / per_draft["check_many"], "/s", ">=", 150),
    ]
    return measures, {"drafts": drafts, "repeat": repeat, "cpu_ms_per_draft": {k: round(v * 1000, 3) for k, v in per_draft.items()}}


def peak_memory(folder: Path, sizes: tuple[int, ...]) -> tuple[list[Measure], dict]:
    """Peak RSS of whole runs over growing exports (short drafts, 2% Japanese, to keep the large
    run affordable: what matters is that the peak does not grow with the input)."""
    runs = {}
    for size in sizes:
        export = folder / f"mixed-{size}.jsonl"
        write_export(export, size, japanese_share=0.02, english_chars=120)
        runs[size] = (export.stat().st_size, postlint_check(export))
        export.unlink()
    smallest, largest = min(sizes), max(sizes)
    measures = [Measure(f"peak RSS of `check --jobs 2`, {size:,} drafts", run.peak / 2**20, " MB") for size, (_, run) in runs.items()]
    measures.append(Measure(f"  peak RSS {largest:,} drafts / {smallest:,} drafts", runs[largest][1].peak / runs[smallest][1].peak,
                            "x", "<=", 1.1))
    details = {str(size): {"input_mb": round(size_bytes / 2**20, 1), "peak_rss_mb": round(run.peak / 2**20),
                           "wall_s": round(run.wall, 1), "cpu_s": round(run.cpu, 1)} for size, (size_bytes, run) in runs.items()}
    return measures, details


def run(quick: bool) -> tuple[list[Measure], dict]:
    """Every batch measure beside issue 6's targets."""
    measures, details = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parts = {
            "ratio": lambda: mixed_ratio(folder, 400 if quick else 1200, runs=1 if quick else 2),
            "throughput": lambda: throughput(folder, (200, 800) if quick else (500, 2500), runs=1 if quick else 2),
            "in_process": lambda: in_process_cpu(256, repeat=3),
            "memory": lambda: peak_memory(folder, (2_000, 20_000) if quick else (10_000, 100_000)),
        }
        for name, measure in parts.items():
            found, details[name] = measure()
            measures += found
    return measures, details
