"""Print the core's benchmark ratios from one run: `python bench/run.py` (or `make bench`).

Targets (issue 2): a check costs at most 2x a bare spaCy parse of the same text and less than
vanilla Presidio, in English and Japanese; `postlint examples/en.md` cold under 3 s; a process
with both languages loaded under 700 MB. Check, parse and Presidio are timed in turns in one
process, as CPU time, so other load on the machine weighs on all three alike.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_core  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed rounds per language (median)")
    args = parser.parse_args()
    missed = []
    print(f"{'measure':<46} {'value':>9}  target")
    for language in ("en", "ja"):
        t = bench_core.check_vs_parse_vs_presidio(language, args.repeat)
        print(f"{language} ({t['chars']} chars): check {t['check'] * 1000:.1f} ms, bare {t['pipeline']} parse "
              f"{t['parse'] * 1000:.1f} ms, vanilla Presidio analyze {t['presidio'] * 1000:.1f} ms (CPU)")
        missed += _row(f"{language} check / bare spaCy parse", t["check"] / t["parse"], "x", "<=", 2.0)
        missed += _row(f"{language} check / vanilla Presidio analyze", t["check"] / t["presidio"], "x", "<", 1.0)
    cold = bench_core.cold_cli(bench_core.ROOT / "examples" / "en.md")
    missed += _row("cold `postlint examples/en.md`, wall", cold["wall"], "s", "<", 3.0)
    _row("cold `postlint examples/en.md`, CPU", cold["cpu"], "s", "", None)
    missed += _row("peak RSS with both languages loaded", bench_core.peak_rss_mb(), "MB", "<", 700)
    print("all targets met" if not missed else f"missed: {', '.join(missed)}")
    return 1 if missed else 0


def _row(label: str, value: float, unit: str, relation: str, target: float | None) -> list[str]:
    """Print one measure beside its target; the label if the target is missed."""
    if target is None:
        print(f"{label:<46} {value:>8.2f}{unit}")
        return []
    met = value <= target if relation == "<=" else value < target
    print(f"{label:<46} {value:>8.2f}{unit}  {relation} {target:g}{unit}  {'ok' if met else 'MISSED'}")
    return [] if met else [label]


if __name__ == "__main__":
    sys.exit(main())
