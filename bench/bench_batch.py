"""Batch review benchmarks (not tests): ratios against bare spaCy, throughput, peak memory.

    python bench/bench_batch.py                 # everything (the 100k memory run takes a while)
    python bench/bench_batch.py --part ratio    # 1,200 mixed en/ja drafts: postlint check --jobs 2
                                                #   vs bare spaCy nlp.pipe(n_process=2), same texts/models
    python bench/bench_batch.py --part throughput   # drafts/s for ~300-character English drafts, 2 jobs
    python bench/bench_batch.py --part memory --sizes 10000,100000   # peak RSS of the process tree

Every run is a fresh process measured from the outside (wall time includes starting Python and
loading the models, for postlint and for bare spaCy alike). Throughput is also given without
start-up: the slope between two input sizes. Results go to bench/results/batch.json.
"""
from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "examples" / "postlint.toml"
RESULTS = ROOT / "bench" / "results"
POSTLINT = [sys.executable, "-m", "linter"]

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


def timed(argv: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes) of the process tree, and stdout of a command."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    memory = PeakMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {err.strip()[-500:]}")
    return seconds, peak, out


def postlint_check(export: Path, jobs: int = 2) -> tuple[float, int]:
    seconds, peak, _ = timed([*POSTLINT, "check", "--config", str(CONFIG), "--jobs", str(jobs), "--no-progress",
                              "--quiet", "--format", "jsonl", "--output", os.devnull, str(export)])
    return seconds, peak


BARE_SPACY = """
import json, sys, time
started = time.perf_counter()
import spacy
from linter.nlp import Pipelines
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
pipelines = Pipelines()
total = 0
for lang in ("en", "ja"):
    nlp = spacy.load(pipelines.name(lang))
    texts = [r["text"] for r in rows if r["lang"] == lang]
    if texts:
        total += sum(len(doc) for doc in nlp.pipe(texts, batch_size=64, n_process=2))
print(json.dumps({"tokens": total, "seconds": time.perf_counter() - started}))
"""


def bare_spacy(export: Path) -> float:
    """Bare spaCy, the same pipelines postlint uses, nlp.pipe(n_process=2) over the same texts."""
    seconds, _, _ = timed([sys.executable, "-c", BARE_SPACY, str(export)])
    return seconds


def best_of(runs: int, measure):
    return min(measure() for _ in range(runs))


def bench_ratio(folder: Path, runs: int) -> dict:
    export = folder / "mixed-1200.jsonl"
    write_export(export, 1200, japanese_share=0.5)
    bare = best_of(runs, lambda: bare_spacy(export))
    postlint = best_of(runs, lambda: postlint_check(export)[0])
    return {"drafts": 1200, "bare_spacy_n_process_2_s": round(bare, 2), "postlint_jobs_2_s": round(postlint, 2),
            "ratio": round(postlint / bare, 2), "target": "<= 2.5"}


def bench_throughput(folder: Path, runs: int) -> dict:
    small, large = folder / "en-500.jsonl", folder / "en-2500.jsonl"
    write_export(small, 500, japanese_share=0.0)
    write_export(large, 2500, japanese_share=0.0)
    t_small = best_of(runs, lambda: postlint_check(small)[0])
    t_large = best_of(runs, lambda: postlint_check(large)[0])
    bare_small = best_of(runs, lambda: bare_spacy(small))
    bare_large = best_of(runs, lambda: bare_spacy(large))
    return {"draft_chars": 300, "drafts": 2500, "seconds": round(t_large, 2),
            "drafts_per_s_including_startup": round(2500 / t_large, 1),
            "drafts_per_s_after_startup": round(2000 / (t_large - t_small), 1),
            "bare_spacy_n_process_2_drafts_per_s_after_startup": round(2000 / (bare_large - bare_small), 1),
            "target": ">= 150"}


def bench_memory(folder: Path, sizes: list[int]) -> dict:
    """Peak memory of whole runs over growing exports (short drafts, 2% Japanese, to keep the
    100k run affordable: what matters is that the peak does not grow with the input)."""
    result = {}
    for size in sizes:
        export = folder / f"mixed-{size}.jsonl"
        write_export(export, size, japanese_share=0.02, english_chars=120)
        seconds, peak = postlint_check(export)
        result[str(size)] = {"input_mb": round(export.stat().st_size / 2**20, 1), "peak_rss_mb": round(peak / 2**20),
                             "seconds": round(seconds, 1)}
        export.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=("ratio", "throughput", "memory", "all"), default="all")
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs for the timings")
    parser.add_argument("--sizes", default="10000,100000", help="draft counts for the memory run")
    args = parser.parse_args()
    results = {"cores": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.part in ("ratio", "all"):
            results["ratio"] = bench_ratio(folder, args.runs)
            print(json.dumps({"ratio": results["ratio"]}), flush=True)
        if args.part in ("throughput", "all"):
            results["throughput"] = bench_throughput(folder, args.runs)
            print(json.dumps({"throughput": results["throughput"]}), flush=True)
        if args.part in ("memory", "all"):
            results["memory"] = bench_memory(folder, [int(s) for s in args.sizes.split(",")])
            print(json.dumps({"memory": results["memory"]}), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"batch-{args.part}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
