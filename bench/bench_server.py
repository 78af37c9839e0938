"""Benchmark of `postlint serve` (not a test): latency over HTTP against the same check in process
and a bare spaCy parse, then the server's RSS over many varied checks.

    python bench/bench_server.py [--rounds 300] [--checks 10000] [--rss-out bench/server_rss.csv]

Targets (issue 4): p50 <= 25 ms and p95 <= 50 ms for a 500-character English draft over HTTP;
HTTP adds at most 5 ms over the in-process check; RSS grows less than 50 MB over 10,000 checks.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "examples" / "postlint.toml"
sys.path.insert(0, str(ROOT))

from linter import Linter  # noqa: E402
from linter.config import load_config  # noqa: E402

DRAFT_500 = (
    "Big news from the team today! After many months of late nights we finally shipped the new trip planner, "
    "and the early feedback from our beta group has been wonderful. Thanks to everyone who tested it on "
    "weekends. If you spotted a bug, text me at 971-555-0163 or write to jo.weller@gmail.com and I will "
    "pass it on. My neighbour Sam helped with the icons, so go say hi at the meetup on Friday. We will "
    "post a longer write-up with charts next week, plus a short demo video of the offline mode in action."
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def interleaved(functions: dict[str, callable], rounds: int, warmup: int = 20) -> dict[str, list[float]]:
    """Milliseconds per call of each function, called in turn each round so that a busy machine
    slows all of them alike."""
    for _ in range(warmup):
        for function in functions.values():
            function()
    times: dict[str, list[float]] = {label: [] for label in functions}
    for _ in range(rounds):
        for label, function in functions.items():
            start = time.perf_counter()
            function()
            times[label].append((time.perf_counter() - start) * 1000)
    return times


def start_server() -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "linter", "serve", "--port", "0", "--no-access-log", "--config", str(CONFIG)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    line = process.stdout.readline()
    match = re.search(r"http://[^ ]+", line)
    if not match:
        process.kill()
        sys.exit(f"postlint serve did not start: {line!r}")
    return process, match.group(0)


# ------------------------------------------------------------------ varied drafts

WORDS_EN = ["team", "launch", "coffee", "river", "meeting", "garden", "concert", "train", "weekend", "project",
            "dinner", "photos", "market", "soccer", "library", "festival", "bakery", "museum", "beach", "hiking"]
WORDS_JA = ["会議", "週末", "写真", "旅行", "散歩", "公園", "映画", "料理", "駅前", "新商品", "勉強会", "花火"]


def invented_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4))).capitalize()


def varied_draft(rng: random.Random) -> str:
    """A draft with words, names, numbers and addresses never seen before: what grows a vocabulary."""
    name, place = invented_word(rng), invented_word(rng)
    phone = f"0{rng.randint(70, 90)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    mail = f"{invented_word(rng).lower()}.{rng.randint(1, 999)}@{invented_word(rng).lower()}.com"
    if rng.random() < 0.5:
        words = " ".join(rng.choice(WORDS_EN) for _ in range(rng.randint(5, 25)))
        return (f"{name} and I went to {place} for the {rng.choice(WORDS_EN)}: {words}. "
                f"Call {phone} or mail {mail} #{invented_word(rng)} {rng.randint(1, 10**6)}")
    words = "、".join(rng.choice(WORDS_JA) for _ in range(rng.randint(3, 12)))
    return f"{name}さんと{place}で{words}。連絡は{phone}か{mail}まで。#{invented_word(rng)} {rng.randint(1, 10**6)}円"


# ------------------------------------------------------------------ the runs

def latency(base_url: str, rounds: int) -> None:
    linter = Linter(load_config(CONFIG))
    nlp = linter.pipelines.get("en")
    assert len(DRAFT_500) == 500, len(DRAFT_500)
    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as client:
        def over_http():
            response = client.post("/v1/check", json={"text": DRAFT_500, "language": "en"})
            response.raise_for_status()
        times = interleaved({"bare spaCy parse": lambda: nlp(DRAFT_500),
                             "check in process": lambda: linter.check(DRAFT_500, language="en"),
                             "check over HTTP": over_http}, rounds)
    parse, in_process, http = times["bare spaCy parse"], times["check in process"], times["check over HTTP"]
    print(f"500-character English draft, {rounds} rounds (ms)")
    print(f"{'':22}{'p50':>8}{'p95':>8}")
    for label, values in times.items():
        print(f"{label:22}{statistics.median(values):8.2f}{percentile(values, 0.95):8.2f}")
    p50_http, p50_check = statistics.median(http), statistics.median(in_process)
    print(f"HTTP / in-process p50: {p50_http / p50_check:.2f}x  (HTTP adds {p50_http - p50_check:.2f} ms at p50, "
          f"{percentile(http, 0.95) - percentile(in_process, 0.95):.2f} ms at p95)")
    print(f"check / bare parse p50: {p50_check / statistics.median(parse):.2f}x")
    print(f"targets: HTTP p50 <= 25 ms {'ok' if p50_http <= 25 else 'MISSED'}, "
          f"p95 <= 50 ms {'ok' if percentile(http, 0.95) <= 50 else 'MISSED'}, "
          f"HTTP adds <= 5 ms {'ok' if p50_http - p50_check <= 5 else 'MISSED'}")


def rss_curve(base_url: str, pid: int, checks: int, every: int, out: Path | None) -> None:
    process = psutil.Process(pid)
    rng = random.Random(4)
    curve = [(0, process.memory_info().rss)]
    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as client:
        for i in range(1, checks + 1):
            client.post("/v1/check", json={"text": varied_draft(rng)}).raise_for_status()
            if i % every == 0:
                curve.append((i, process.memory_info().rss))
    print(f"\nserver RSS over {checks} varied checks (en and ja, new words, names, numbers in each)")
    start_mb = curve[0][1] / 2**20
    for count, rss in curve:
        mb = rss / 2**20
        print(f"{count:>7}  {mb:8.1f} MB  {'#' * int((mb - start_mb) * 2)}")
    growth = (curve[-1][1] - curve[0][1]) / 2**20
    after_first = (curve[-1][1] - curve[1][1]) / 2**20 if len(curve) > 2 else growth
    print(f"growth: {growth:.1f} MB in all, {after_first:.1f} MB after the first {curve[1][0]} checks "
          f"(target < 50 MB: {'ok' if growth < 50 else 'MISSED'})")
    if out:
        out.write_text("checks,rss_mb\n" + "".join(f"{c},{r / 2**20:.1f}\n" for c, r in curve), encoding="utf-8")
        print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="timed checks per latency series")
    parser.add_argument("--checks", type=int, default=10_000, help="varied checks for the RSS curve (0: skip)")
    parser.add_argument("--every", type=int, default=500, help="checks between RSS samples")
    parser.add_argument("--rss-out", type=Path, help="write the RSS curve as CSV")
    args = parser.parse_args()
    server, base_url = start_server()
    try:
        latency(base_url, args.rounds)
        if args.checks:
            rss_curve(base_url, server.pid, args.checks, args.every, args.rss_out)
    finally:
        server.terminate()
        server.wait(15)


if __name__ == "__main__":
    main()
