"""Issue 13, bounded work per draft and a server nothing can freeze.

- Regexes: every shipped regex (`shipped_patterns`, tests/adversarial.py) runs (finditer) on its
  attack strings at 1/16, 1/4 and all of SIZE characters; one whose time grows more than
  GROWTH_LIMIT times per 4x of input on some string (linear: 4x, quadratic: 16x) is counted as
  super-linear. Patterns postlint only runs anchored at one place (ANCHORED) run with `match`.
- Drafts: each adversarial draft of 10 kB and 100 kB is checked in a process forked from this one
  (models loaded and warm) and timed there (wall clock); a check still running at the cap is
  killed and counted as over it. The slowest are also parsed by a bare spaCy pipeline of their
  language (same process, CPU time), on the text postlint's pipeline parses, to tell the
  pipeline's own time from postlint's.
- Server: a real `postlint serve` (timeout 10 s) gets 1 MiB drafts in each language over HTTP
  (answered within the limit? healthy and idle a second later? its check process's peak memory);
  /v1/health is timed while a runaway check and 200 half-open connections are in flight; then
  SIGTERM during a check: the check's answer and how long the server takes to exit.
"""
from __future__ import annotations

import multiprocessing
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

import httpx
import psutil

from bench_server import start_server
from common import CONFIG, ROOT, Measure, percentile

sys.path.insert(0, str(ROOT))

from tests.adversarial import ANCHORED, GROWTH_LIMIT, adversarial_drafts, attack_strings, shipped_patterns  # noqa: E402

SIZE = 800
DRAFT_TARGETS = {10_000: 0.5, 100_000: 5.0}  # characters: seconds allowed
CAP = {10_000: 30.0, 100_000: 60.0}  # seconds after which a check is killed
SERVER_TIMEOUT = 10.0
MIB = 1024 * 1024
HALF_OPEN = 200


# ------------------------------------------------------------------ regexes

def _seconds(pattern, text: str, anchored: bool, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        if anchored:
            pattern.compiled.match(text)
        else:
            for _ in pattern.compiled.finditer(text):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def growth(pattern, text: str, anchored: bool) -> float:
    """How much the time grows from a quarter of text to all of it (from 1/16 to 1/4 when that is
    clear already); 0 when both are too fast to tell."""
    quarter, sixteenth = text[:len(text) // 4], text[:len(text) // 16]
    small, mid = _seconds(pattern, sixteenth, anchored), _seconds(pattern, quarter, anchored)
    if mid > 2e-4 and mid > GROWTH_LIMIT * small:
        small, mid = _seconds(pattern, sixteenth, anchored, 3), _seconds(pattern, quarter, anchored, 3)
        return mid / small if mid > 2e-4 else 0.0
    full = _seconds(pattern, text, anchored)
    if full < 1e-3 or full < GROWTH_LIMIT * mid:
        return full / mid if mid > 2e-4 else 0.0
    mid, full = _seconds(pattern, quarter, anchored, 3), _seconds(pattern, text, anchored, 3)
    return full / mid if full > 1e-3 else 0.0


def regex_sweep(linter, size: int) -> dict:
    patterns = shipped_patterns(linter)
    rows, strings = [], 0
    for pattern in patterns:
        anchored = pattern.where in ANCHORED
        texts = attack_strings(pattern.pattern, pattern.flags, size)
        strings += len(texts)
        ratio, text = max(((growth(pattern, t, anchored), t) for t in texts), key=lambda pair: pair[0])
        rows.append({"where": pattern.where, "pattern": pattern.pattern[:200], "growth": round(ratio, 1), "on": text[:40]})
    rows.sort(key=lambda row: row["growth"], reverse=True)
    return {"patterns": len(patterns), "strings": strings, "flagged": [r for r in rows if r["growth"] > GROWTH_LIMIT],
            "worst_growth": rows[0]["growth"] if rows else 0.0, "top": rows[:10]}


# ------------------------------------------------------------------ drafts

def _check_loop(linter, conn) -> None:
    """The forked worker: check each draft it is sent, answer (wall seconds, CPU seconds, language)."""
    while True:
        try:
            text = conn.recv()
        except EOFError:
            return
        start, cpu = time.perf_counter(), time.process_time()
        report = linter.check(text)
        conn.send((time.perf_counter() - start, time.process_time() - cpu, report.language))


class ForkedChecker:
    """Checks in a child forked from this process; a check past its cap kills the child."""

    def __init__(self, linter):
        self.linter = linter
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_check_loop, args=(self.linter, child), daemon=True)
        self.process.start()
        child.close()

    def check(self, text: str, cap: float) -> tuple[float, float, str | None]:
        """(wall and CPU seconds the check took, the draft's language), or (inf, inf, None) past the cap."""
        self.conn.send(text)
        if self.conn.poll(cap):
            return self.conn.recv()
        self.close()
        self._start()
        return float("inf"), float("inf"), None

    def close(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


def bare_parse_seconds(text: str, language: str, bare: dict) -> float:
    """CPU seconds of a bare spaCy pipeline of the draft's language (loaded as packaged) parsing
    what postlint's pipeline parses: the text with long runs cut (tokenizable), in the pieces
    postlint cuts long texts into (SudachiPy refuses long ones)."""
    import spacy

    from linter.nlp.segments import Pipelines, _splits_affixes, split_long, tokenizable

    if language not in bare:
        bare[language] = spacy.load(Pipelines().name(language))
        bare[language]("warm-up")
    nlp = bare[language]
    parsed = tokenizable(text, long_words=_splits_affixes(nlp))
    pieces = [parsed[a:b] for a, b in split_long(parsed, 0, len(parsed), Pipelines().max_chars(language))]
    start = time.process_time()
    list(nlp.pipe(pieces))
    return time.process_time() - start


def draft_sweep(linter, sizes: dict[int, float], bare_slowest: int) -> dict:
    checker = ForkedChecker(linter)
    bare: dict = {}
    results = {}
    try:
        for size, allowed in sizes.items():
            drafts = adversarial_drafts(size)
            timed = {name: checker.check(text, CAP[size]) for name, text in drafts.items()}
            ordered = sorted(timed.items(), key=lambda item: item[1][0], reverse=True)
            slowest = []
            for name, (seconds, cpu, language) in ordered[:bare_slowest]:
                row = {"draft": name, "check_s": _shown(seconds, CAP[size]), "check_cpu_s": _shown(cpu, CAP[size]),
                       "language": language}
                if language:
                    bare_cpu = bare_parse_seconds(drafts[name], language, bare)
                    row.update(bare_spacy_cpu_s=round(bare_cpu, 3), check_per_bare_cpu=round(cpu / bare_cpu, 2))
                slowest.append(row)
            by_cpu = max(timed.items(), key=lambda item: item[1][1])
            ratios = [row["check_per_bare_cpu"] for row in slowest if "check_per_bare_cpu" in row]
            results[size] = {"drafts": len(timed), "over": sum(1 for t, _, _ in timed.values() if t > allowed),
                             "over_cpu": sum(1 for _, c, _ in timed.values() if c > allowed),
                             "worst": ordered[0][1][0], "worst_draft": ordered[0][0], "worst_cpu": by_cpu[1][1],
                             "worst_cpu_draft": by_cpu[0], "worst_check_per_bare": max(ratios, default=None),
                             "cap": CAP[size], "slowest": slowest,
                             "all": {name: [_shown(t, CAP[size]), _shown(c, CAP[size])] for name, (t, c, _) in timed.items()}}
            print(f"  {size:,} chars: worst {ordered[0][1][0]:.2f} s wall ({ordered[0][0]}), {by_cpu[1][1]:.2f} s CPU "
                  f"({by_cpu[0]}); {results[size]['over']} of {len(timed)} over {allowed:g} s wall, "
                  f"{results[size]['over_cpu']} in CPU time", flush=True)
    finally:
        checker.close()
    return results


def _shown(seconds: float, cap: float):
    return round(seconds, 3) if seconds != float("inf") else f">{cap:g}"


# ------------------------------------------------------------------ the server

def big_drafts() -> dict[str, str]:
    """1 MiB of UTF-8 in each language (the server's body limit is 1 MiB of JSON)."""
    en = "We shipped the new planner today and the team is thrilled. Call 090-1234-5678 if it breaks. "
    ja = "今日は新しい予定表を公開しました。チームのみんなに感謝します。"
    room = MIB - 100
    return {"en": en * (room // len(en.encode())), "ja": ja * (room // len(ja.encode()))}


class ProcessWatch:
    """Peak RSS and CPU of a server and its child processes, sampled in a thread."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def processes(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def cpu_seconds(self) -> float:
        total = 0.0
        for process in self.processes():
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                continue
        return total

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            for process in self.processes()[1:]:
                try:
                    self.peak_rss = max(self.peak_rss, process.memory_info().rss)
                except psutil.NoSuchProcess:
                    continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def big_drafts_over_http(base_url: str, pid: int) -> dict:
    """Per language: the answer to a 1 MiB draft and its time, whether health and a normal check
    are answered a second later, the server's CPU over the second after that, the peak RSS of a
    check process during it."""
    results = {}
    with httpx.Client(base_url=base_url, trust_env=False, timeout=120) as client:
        for language, text in big_drafts().items():
            watch = ProcessWatch(pid)
            start = time.perf_counter()
            response = client.post("/v1/check", json={"text": text})
            seconds = time.perf_counter() - start
            time.sleep(1.0)
            health = client.get("/v1/health").status_code
            normal = client.post("/v1/check", json={"text": "Call my sister at 090-1234-5678."}).status_code
            cpu = watch.cpu_seconds()
            time.sleep(1.0)
            idle_cpu = watch.cpu_seconds() - cpu
            watch.close()
            results[language] = {"status": response.status_code, "seconds": round(seconds, 2),
                                 "health_1s_later": health, "check_1s_later": normal,
                                 "server_cpu_s_in_the_next_second": round(idle_cpu, 3),
                                 "check_process_peak_rss_mb": round(watch.peak_rss / MIB)}
            print(f"  1 MiB {language} over HTTP: {response.status_code} in {seconds:.1f} s, health {health}, "
                  f"next check {normal}, CPU {idle_cpu:.2f} s in the second after, peak RSS {watch.peak_rss / MIB:.0f} MB",
                  flush=True)
    return results


class HalfOpen:
    """HALF_OPEN connections that never finish their request: half of them stop in the headers,
    half in the body. Connections the server drops are opened again until close()."""

    def __init__(self, base_url: str):
        host, port = re.match(r"http://([^:/]+):(\d+)", base_url).groups()
        self.address = (host, int(port))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._keep_open, daemon=True)
        self._thread.start()

    def _request(self, index: int) -> bytes:
        host = f"{self.address[0]}:{self.address[1]}"
        if index % 2:
            return f"POST /v1/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n".encode()
        return (f"POST /v1/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: 1000\r\n\r\n{{\"text\": \"half").encode()

    def _keep_open(self) -> None:
        sockets: dict[int, socket.socket] = {}
        while not self._stop.is_set():
            for index in range(HALF_OPEN):
                sock = sockets.get(index)
                if sock is not None and not _closed_by_peer(sock):
                    continue
                if sock is not None:
                    sock.close()
                try:
                    sock = socket.create_connection(self.address, timeout=2)
                    sock.sendall(self._request(index))
                    sockets[index] = sock
                except OSError:
                    sockets.pop(index, None)
            self._stop.wait(0.2)
        for sock in sockets.values():
            sock.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def _closed_by_peer(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        sock.recv(4096)  # b"" (closed) or an answer (a 408): either way the server is done with it
        return True
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def health_under_attack(base_url: str, seconds: float) -> dict:
    """/v1/health latencies (one keep-alive connection, 20 a second) while a runaway check (1 MiB of
    Japanese, sent again whenever it is answered) and HALF_OPEN half-open connections are in flight."""
    stop = threading.Event()
    answers: list[int] = []

    def runaway() -> None:
        text = big_drafts()["ja"]
        with httpx.Client(base_url=base_url, trust_env=False, timeout=120) as client:
            while not stop.is_set():
                answers.append(client.post("/v1/check", json={"text": text}).status_code)

    thread = threading.Thread(target=runaway, daemon=True)
    thread.start()
    half_open = HalfOpen(base_url)
    time.sleep(2.0)
    latencies, statuses = [], []
    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            start = time.perf_counter()
            statuses.append(client.get("/v1/health").status_code)
            latencies.append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)
    half_open.close()
    stop.set()
    thread.join()
    result = {"requests": len(latencies), "ok": statuses.count(200), "p50_ms": round(statistics.median(latencies), 1),
              "p99_ms": round(percentile(latencies, 0.99), 1), "max_ms": round(max(latencies), 1),
              "runaway_answers": answers}
    print(f"  /v1/health under a runaway check and {HALF_OPEN} half-open connections: p50 {result['p50_ms']} ms, "
          f"p99 {result['p99_ms']} ms, {result['ok']}/{result['requests']} answered 200", flush=True)
    return result


def sigterm_during_a_check(process: subprocess.Popen, base_url: str) -> dict:
    """SIGTERM while a long check runs: what the check is answered and how long the server takes to exit."""
    answer: dict = {}

    def long_check() -> None:
        with httpx.Client(base_url=base_url, trust_env=False, timeout=60) as client:
            response = client.post("/v1/check", json={"text": big_drafts()["ja"]})
            answer.update(status=response.status_code, detail=response.json().get("detail"), at=time.perf_counter())

    thread = threading.Thread(target=long_check)
    thread.start()
    time.sleep(3.0)
    start = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    exited = time.perf_counter() - start
    thread.join()
    result = {"status": answer.get("status"), "detail": answer.get("detail"), "exit_s": round(exited, 2),
              "answered_after_s": round(answer["at"] - start, 2) if "at" in answer else None}
    print(f"  SIGTERM during a check: answered {result['status']} after {result['answered_after_s']} s, "
          f"server gone after {exited:.2f} s", flush=True)
    return result


def server_limits(quick: bool) -> dict:
    process, base_url = start_server("--timeout", f"{SERVER_TIMEOUT:g}")
    try:
        big = big_drafts_over_http(base_url, process.pid)
        health = health_under_attack(base_url, 10.0 if quick else 30.0)
        stop = sigterm_during_a_check(process, base_url)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return {"big_drafts": big, "health": health, "sigterm": stop}


# ------------------------------------------------------------------ the part

def run(quick: bool) -> tuple[list[Measure], dict]:
    from linter import Linter

    linter = Linter.from_config(CONFIG)
    for text, language in (("Warm-up draft for the pipeline.", "en"), ("下書きの準備です。", "ja")):
        linter.check(text, language=language)
    sweep = regex_sweep(linter, SIZE // 2 if quick else SIZE)
    print(f"  regexes: {sweep['patterns']} on {sweep['strings']:,} strings, {len(sweep['flagged'])} super-linear",
          flush=True)
    sizes = {10_000: DRAFT_TARGETS[10_000]} if quick else DRAFT_TARGETS
    drafts = draft_sweep(linter, sizes, bare_slowest=3 if quick else 6)
    server = server_limits(quick)
    measures = [
        Measure("shipped regexes growing super-linearly on attack strings", len(sweep["flagged"]), "", "<=", 0),
        Measure("  worst growth of a regex's time per 4x input (linear: 4)", sweep["worst_growth"], "x"),
    ]
    for size, allowed in sizes.items():
        result = drafts[size]
        kb = size // 1000
        measures.append(Measure(f"worst adversarial draft of {kb} kB, in process (wall)", min(result["worst"], CAP[size]),
                                " s", "<=", allowed))
        measures.append(Measure(f"worst adversarial draft of {kb} kB, in process (CPU)", min(result["worst_cpu"], CAP[size]),
                                " s", "<=", allowed))
        measures.append(Measure(f"  {kb} kB drafts over {allowed:g} s of {result['drafts']} (wall)", result["over"]))
        measures.append(Measure(f"  {kb} kB drafts over {allowed:g} s of {result['drafts']} (CPU)", result["over_cpu"]))
        if result["worst_check_per_bare"] is not None:
            measures.append(Measure(f"  slowest {kb} kB drafts: check / bare spaCy parse of the same text (CPU), worst",
                                    result["worst_check_per_bare"], "x"))
    for language, result in server["big_drafts"].items():
        measures.append(Measure(f"1 MiB {language} draft over HTTP: answered ({result['status']}) after",
                                result["seconds"], " s", "<=", SERVER_TIMEOUT + 1))
        measures.append(Measure("  then health and a normal check answered 200 one second later",
                                float(result["health_1s_later"] == 200 and result["check_1s_later"] == 200), "", ">=", 1))
        measures.append(Measure("  server CPU in the second after that", result["server_cpu_s_in_the_next_second"], " s", "<=", 0.1))
        measures.append(Measure("  peak RSS of the check process", result["check_process_peak_rss_mb"], " MB"))
    health = server["health"]
    measures.append(Measure(f"/v1/health p99, runaway check + {HALF_OPEN} half-open connections", health["p99_ms"], " ms", "<=", 100))
    measures.append(Measure("  /v1/health answered 200 (share)", health["ok"] / max(1, health["requests"]), "", ">=", 1))
    stop = server["sigterm"]
    measures.append(Measure("SIGTERM during a check: server gone after", stop["exit_s"], " s", "<=", 2))
    measures.append(Measure("  the check answered 503", float(stop["status"] == 503), "", ">=", 1))
    details = {"regexes": sweep, "drafts": {str(size): result for size, result in drafts.items()}, "server": server}
    return measures, details
