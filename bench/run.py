"""Print the core's benchmark ratios from one run: `python bench/run.py` (or `make bench`).

Targets (issue 2): check <= 2x a bare spaCy parse and faster than vanilla Presidio, in English
and Japanese; `postlint examples/en.md` cold < 3 s; both languages loaded < 700 MB.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_core  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per measurement (median)")
    args = parser.parse_args()
    missed = []
    print(f"{'measure':<44} {'value':>10}  {'target':>10}")
    for language in ("en", "ja"):
        times = bench_core.check_vs_parse(language, args.repeat)
        presidio = bench_core.vanilla_presidio(language, args.repeat)
        ratio = times["check"] / times["parse"]
        print(f"{language}: check {times['check'] * 1000:.1f} ms, bare {times['pipeline']} parse "
              f"{times['parse'] * 1000:.1f} ms, vanilla Presidio {presidio * 1000:.1f} ms ({times['chars']} chars)")
        missed += _row(f"{language} check / bare spaCy parse", ratio, 2.0, "x")
        missed += _row(f"{language} check / vanilla Presidio analyze", times["check"] / presidio, 1.0, "x")
    missed += _row("cold `postlint examples/en.md` (s)", bench_core.cold_cli(bench_core.ROOT / "examples" / "en.md"), 3.0, "s")
    missed += _row("peak RSS, both languages loaded (MB)", bench_core.peak_rss_mb(), 700, "MB")
    print("all targets met" if not missed else f"missed: {', '.join(missed)}")
    return 1 if missed else 0


def _row(label: str, value: float, target: float, unit: str) -> list[str]:
    met = value <= target if unit != "x" or target != 1.0 else value < target
    print(f"{label:<44} {value:>9.2f}{unit:<2} {'<' if target == 1.0 else '<='}{target:g}{unit}  {'ok' if met else 'MISSED'}")
    return [] if met else [label]


if __name__ == "__main__":
    sys.exit(main())
