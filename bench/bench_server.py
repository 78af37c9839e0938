"""Issue 4, `postlint serve`: latency over HTTP against the same check in process and a bare
spaCy parse (in turns, wall clock: a client waits in real time), then the server's RSS over many
varied checks (the curve goes to bench/results/server-rss.csv).
"""
from __future__ import annotations

import random
import re
import statistics
import subprocess
import sys
import time

import httpx
import psutil

from common import BLOCK, CONFIG, RESULTS, ROOT, Measure, interleaved, percentile


DRAFT_500 = (
    "Big news from the team today! After many months of late nights we finally shipped the new trip planner, "
    "and the early feedback from our beta group has been wonderful. Thanks to everyone who tested it on "
    "weekends. If you spotted a bug, text me at 971-555-0163 or write to jo.weller@gmail.com and I will "
    "pass it on. My neighbour Sam helped with the icons, so go say hi at the meetup on Friday. We will "
    "post a longer write-up with charts next week, plus a short demo video of the offline mode in action."
)


def start_server(*args: str) -> tuple[subprocess.Popen, str]:
    """`postlint serve` on a free port with the bench config (and args), and its base URL."""
    command = [sys.executable, "-m", "linter", "serve", "--port", "0", "--no-access-log", "--config", str(CONFIG), *args]
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

LATENCY_WARMUP = 20
PARSE, IN_PROCESS, HTTP = "bare spaCy parse", "check in process", "check over HTTP"


def latency(base_url: str, server_pid: int, calls: int) -> dict:
    """Wall milliseconds per call of a bare parse, a check in process and a check over HTTP, in
    turns (BLOCK calls in a row each); and mean CPU milliseconds of the check in process and of
    the server per HTTP check."""
    from linter import Linter

    linter = Linter.from_config(CONFIG)
    linter.pipelines.find_entities_aside("en")  # as the server does: like is compared with like
    nlp = linter.pipelines.get("en")
    assert len(DRAFT_500) == 500, len(DRAFT_500)
    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as client:
        def over_http():
            client.post("/v1/check", json={"text": DRAFT_500, "language": "en"}).raise_for_status()
        contenders = {PARSE: lambda: nlp(DRAFT_500), IN_PROCESS: lambda: linter.check(DRAFT_500, language="en"),
                      HTTP: over_http}
        interleaved(contenders, 0, warmup=LATENCY_WARMUP)
        server_cpu, in_process_cpu = _cpu_seconds(server_pid), 0.0
        wall: dict[str, list[float]] = {label: [] for label in contenders}
        for _ in range(calls // BLOCK):
            for label, function in contenders.items():
                for _ in range(BLOCK):
                    cpu, start = _own_cpu_seconds(server_pid), time.perf_counter()
                    function()
                    wall[label].append((time.perf_counter() - start) * 1000)
                    if label == IN_PROCESS:
                        in_process_cpu += _own_cpu_seconds(server_pid) - cpu
        server_cpu = _cpu_seconds(server_pid) - server_cpu
    done = len(wall[HTTP])
    return {"wall_ms": wall, "server_cpu_ms": server_cpu / done * 1000, "in_process_cpu_ms": in_process_cpu / done * 1000}


def rss_curve(base_url: str, pid: int, checks: int, every: int) -> list[tuple[int, float]]:
    """(checks done, RSS in MB of the server and its entity process) every so many varied checks."""
    process = psutil.Process(pid)
    rng = random.Random(4)
    curve = [(0, _rss_mb(process))]
    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as client:
        for i in range(1, checks + 1):
            client.post("/v1/check", json={"text": varied_draft(rng)}).raise_for_status()
            if i % every == 0:
                curve.append((i, _rss_mb(process)))
    return curve


def run(quick: bool) -> tuple[list[Measure], dict]:
    """Latency and RSS of a real `postlint serve` process beside issue 4's targets."""
    calls, checks = (60, 1000) if quick else (300, 10_000)
    server, base_url = start_server()
    try:
        timed = latency(base_url, server.pid, calls)
        curve = rss_curve(base_url, server.pid, checks, every=checks // 20)
    finally:
        server.terminate()
        server.wait(15)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "server-rss.csv").write_text(
        "checks,rss_mb\n" + "".join(f"{count},{mb:.1f}\n" for count, mb in curve), encoding="utf-8")
    p50 = {label: statistics.median(values) for label, values in timed["wall_ms"].items()}
    p95 = {label: percentile(values, 0.95) for label, values in timed["wall_ms"].items()}
    server_cpu, in_process_cpu = timed["server_cpu_ms"], timed["in_process_cpu_ms"]
    measures = [
        Measure("500-char English draft over HTTP, p50 (wall)", p50[HTTP], " ms", "<=", 25),
        Measure("500-char English draft over HTTP, p95 (wall)", p95[HTTP], " ms", "<=", 50),
        Measure("what HTTP adds to the in-process check, p50 (wall)", p50[HTTP] - p50[IN_PROCESS], " ms", "<=", 5),
        Measure("server CPU per HTTP check (both processes)", server_cpu, " ms"),
        Measure("what HTTP adds, server CPU - in-process check CPU", server_cpu - in_process_cpu, " ms", "<=", 5),
        Measure("in-process check / bare spaCy parse, p50 (wall)", p50[IN_PROCESS] / p50[PARSE], "x"),
        Measure(f"server RSS growth over {checks:,} varied en/ja checks", curve[-1][1] - curve[0][1], " MB", "<", 50),
        Measure(f"  of which after the first {curve[1][0]:,} checks", curve[-1][1] - curve[1][1], " MB"),
    ]
    details = {"calls_each": calls, "calls_in_a_row": BLOCK, "p50_ms": _rounded(p50), "p95_ms": _rounded(p95),
               "cpu_ms_per_check": {"server over HTTP": round(server_cpu, 2), "in process": round(in_process_cpu, 2)},
               "rss_curve_mb": [[count, round(mb, 1)] for count, mb in curve], "rss_curve_file": "bench/results/server-rss.csv"}
    return measures, details


def _cpu_seconds(pid: int) -> float:
    """CPU seconds of the server and its child processes (the one that finds entities)."""
    processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    return sum(p.cpu_times().user + p.cpu_times().system for p in processes)


def _own_cpu_seconds(server_pid: int) -> float:
    """CPU seconds of this process and its child processes but the server (and the server's)."""
    server = psutil.Process(server_pid)
    skipped = {server_pid, *(p.pid for p in server.children(recursive=True))}
    own = psutil.Process()
    return sum(p.cpu_times().user + p.cpu_times().system
               for p in [own, *own.children(recursive=True)] if p.pid not in skipped)


def _rss_mb(process: psutil.Process) -> float:
    """Resident memory of the server and its child processes, in MB."""
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {label: round(value, 2) for label, value in values.items()}
