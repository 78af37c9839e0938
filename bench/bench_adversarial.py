"""Issue 13, bounded work per draft: every shipped regex on strings built to make it backtrack,
and adversarial drafts of 10 kB and 100 kB through a whole check in process.

Regexes: each of `shipped_patterns` (tests/adversarial.py) runs (finditer) on its attack strings
at 1/16, 1/4 and all of SIZE characters; one whose time grows more than 6x per 4x of input on
some string (linear: 4x, quadratic: 16x) is listed as super-linear. Patterns that postlint only
ever runs anchored at one place (ANCHORED in tests/adversarial.py) run with `match` instead.

Drafts: each adversarial draft is checked in a worker process forked from this one (models
loaded and warm), the check timed there (wall clock); a check still running at the cap is
killed and counted as over it.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import sys
import time

from common import CONFIG, ROOT, Measure

sys.path.insert(0, str(ROOT))

from tests.adversarial import ANCHORED, GROWTH_LIMIT, adversarial_drafts, attack_strings, shipped_patterns  # noqa: E402

SIZE = 800
DRAFT_SIZES = {10_000: 0.5, 100_000: 5.0}  # characters: seconds allowed
CAP = {10_000: 30.0, 100_000: 60.0}  # seconds after which a check is killed


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
    """How much the time grows from a quarter of text to all of it (1/16 -> 1/4 when that is
    already clear); 0 when both are too fast to tell."""
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
    worst, flagged, strings = [], [], 0
    for pattern in patterns:
        anchored = pattern.where in ANCHORED
        texts = attack_strings(pattern.pattern, pattern.flags, size)
        strings += len(texts)
        ratio, text = max(((growth(pattern, t, anchored), t) for t in texts), key=lambda pair: pair[0])
        worst.append((ratio, pattern.where, pattern.pattern, text))
        if ratio > GROWTH_LIMIT:
            flagged.append({"where": pattern.where, "pattern": pattern.pattern[:300], "growth": round(ratio, 1),
                            "on": text[:40]})
    worst.sort(key=lambda row: row[0], reverse=True)
    return {"patterns": len(patterns), "strings": strings, "flagged": flagged,
            "worst_growth": round(worst[0][0], 1) if worst else 0.0,
            "top": [{"where": w, "growth": round(r, 1), "on": t[:40]} for r, w, _, t in worst[:10]]}


# ------------------------------------------------------------------ drafts

def _check_loop(linter, conn) -> None:
    """The forked worker: check each draft it is sent, answer with the seconds it took."""
    while True:
        try:
            text = conn.recv()
        except EOFError:
            return
        start = time.perf_counter()
        linter.check(text)
        conn.send(time.perf_counter() - start)


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

    def seconds(self, text: str, cap: float) -> float:
        """Seconds the check took, or inf when it was still running at the cap."""
        self.conn.send(text)
        if self.conn.poll(cap):
            return self.conn.recv()
        self.close()
        self._start()
        return float("inf")

    def close(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


def draft_sweep(linter, sizes: dict[int, float], caps: dict[int, float]) -> dict:
    checker = ForkedChecker(linter)
    results = {}
    try:
        for size, allowed in sizes.items():
            timed = {name: checker.seconds(text, caps[size]) for name, text in adversarial_drafts(size).items()}
            ordered = sorted(timed.items(), key=lambda item: item[1], reverse=True)
            results[size] = {"drafts": len(timed), "over": sum(1 for t in timed.values() if t > allowed),
                             "worst": ordered[0][1], "cap": caps[size],
                             "slowest": [[name, round(t, 3) if t != float("inf") else f">{caps[size]:g}"]
                                         for name, t in ordered[:8]],
                             "all": {name: (round(t, 3) if t != float("inf") else None) for name, t in timed.items()}}
            print(f"  {size:,} chars: worst {ordered[0][1]:.2f} s ({ordered[0][0]}), "
                  f"{results[size]['over']} over {allowed:g} s", flush=True)
    finally:
        checker.close()
    return results


def run(quick: bool) -> tuple[list[Measure], dict]:
    from linter import Linter

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    linter = Linter.from_config(CONFIG)
    for text, language in (("Warm-up draft for the pipeline.", "en"), ("下書きの準備です。", "ja")):
        linter.check(text, language=language)
    sweep = regex_sweep(linter, SIZE // 2 if quick else SIZE)
    print(f"  regexes: {sweep['patterns']} on {sweep['strings']:,} strings, {len(sweep['flagged'])} super-linear",
          flush=True)
    sizes = {10_000: DRAFT_SIZES[10_000]} if quick else DRAFT_SIZES
    drafts = draft_sweep(linter, sizes, CAP)
    measures = [
        Measure("shipped regexes growing super-linearly on attack strings", len(sweep["flagged"]), "", "<=", 0),
        Measure("worst growth of a regex's time per 4x input (linear: 4)", sweep["worst_growth"], "x"),
    ]
    for size, allowed in sizes.items():
        result = drafts[size]
        worst = result["worst"] if result["worst"] != float("inf") else caps_exceeded(result)
        measures.append(Measure(f"worst adversarial draft of {size // 1000} kB, in process", worst, " s", "<=", allowed))
        measures.append(Measure(f"  adversarial drafts of {size // 1000} kB over {allowed:g} s (of {result['drafts']})",
                                result["over"], "", "<=", 0))
    details = {"regexes": sweep, "drafts": {str(size): result for size, result in drafts.items()}}
    return measures, details


def caps_exceeded(result: dict) -> float:
    return result["cap"]


if __name__ == "__main__":  # a quick look at one part: python bench/bench_adversarial.py [--drafts-only]
    from linter import Linter

    linter = Linter.from_config(CONFIG)
    if "--drafts-only" not in sys.argv:
        print(regex_sweep(linter, SIZE))
    import json
    print(json.dumps(draft_sweep(linter, DRAFT_SIZES if "--full" in sys.argv else {10_000: 0.5}, CAP), indent=1))
