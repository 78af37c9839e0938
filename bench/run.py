"""postlint's benchmarks, every part in one command: `python bench/run.py` (or `make bench`).

Each measure is printed beside its issue's target (ok / MISSED) and each part is written to
bench/results/<part>.json with the machine it ran on (cores, load average, versions).

    python bench/run.py                      # every part (the batch memory run takes a while)
    python bench/run.py --part core --part policy
    python bench/run.py --quick              # short runs of every part, for a first look
    python bench/run.py --markdown           # the results files as the README's table

Parts: core (issue 2: check vs bare spaCy and vanilla Presidio, cold CLI, memory), policy
(issue 3: what the policy checks add), server (issue 4: latency over HTTP, RSS over many
checks), batch (issue 6: `postlint check --jobs 2` vs bare nlp.pipe, drafts/s, peak memory),
startup (issue 12: small commands, a cold check beside a cold bare spaCy load);
adversarial (issue 13: shipped regexes on attack strings, adversarial drafts of 10 kB and
100 kB, 1 MiB over HTTP, health under a runaway check and half-open connections, SIGTERM);
standins (issue 17: what each speed stand-in saves of a check, in instructions counted by valgrind
and CPU time).
Timings run their contenders in turn in one process and use CPU time where the target allows,
so other load on the machine weighs on all of them alike; speed is never asserted in tests.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Measure, load_results, machine_facts, print_measure, save  # noqa: E402

PARTS = {"core": 2, "policy": 3, "server": 4, "batch": 6, "startup": 12, "adversarial": 13, "scorers": 14, "standins": 17}
README_START, README_END = "<!-- bench-results:start -->", "<!-- bench-results:end -->"


def run_part(part: str, quick: bool) -> list[Measure]:
    """Run one part, print its measures as they come and write its results file."""
    module = __import__(f"bench_{part}")
    facts = machine_facts()
    print(f"{part} (issue {PARTS[part]}){' quick' if quick else ''}: {facts['cores']} cores, "
          f"load average {' '.join(map(str, facts['load_average_at_start']))} at start", flush=True)
    started = time.perf_counter()
    measures, details = module.run(quick)
    for measure in measures:
        print_measure(measure)
    path = save(part, PARTS[part], quick, facts, measures, details, time.perf_counter() - started)
    print(f"  -> {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}", flush=True)
    return measures


def markdown() -> str:
    """The README's table: every measure of the latest results files, and how they were taken."""
    results = load_results()
    lines = ["| part | measure | value | target | |", "|---|---|---|---|---|"]
    conditions = []
    for part in (p for p in PARTS if p in results):
        result = results[part]
        for m in map(lambda d: Measure(**{k: d[k] for k in ("label", "value", "unit", "relation", "target")}),
                     result["measures"]):
            lines.append(f"| {part} | {m.label.replace('|', '/')} | {m.shown_value} | {m.shown_target} | {m.verdict} |")
        machine = result["machine"]
        conditions.append(
            f"- {part}: `{result['command']}`, {result['finished'][:10]}, {machine['cores']} cores ({machine['cpu']}), "
            f"load average {' / '.join(map(str, machine['load_average_at_start']))} at start, "
            f"{' / '.join(map(str, machine['load_average_at_end']))} at end; postlint {machine['commit']}, "
            f"spaCy {machine['versions'].get('spacy')}, Presidio {machine['versions'].get('presidio-analyzer')}")
    return "\n".join(lines + ["", "Conditions (load average: 1, 5 and 15 minutes):", ""] + conditions) + "\n"


def update_readme(readme: Path) -> None:
    """Replace the table between the bench-results markers of the README with markdown()."""
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        sys.exit(f"{readme}: no {README_START} ... {README_END} markers")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{markdown()}{README_END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="\n".join(__doc__.splitlines()[3:9]),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", action="append", choices=list(PARTS), help="run only this part (repeatable)")
    parser.add_argument("--quick", action="store_true", help="short runs (fewer rounds and drafts)")
    parser.add_argument("--markdown", action="store_true", help="print the results files as a Markdown table and exit")
    parser.add_argument("--update-readme", type=Path, metavar="README",
                        help="put that table between the bench-results markers of README and exit")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(), end="")
        return 0
    if args.update_readme:
        update_readme(args.update_readme)
        return 0
    missed = [m.label for part in (args.part or PARTS) for m in run_part(part, args.quick) if m.ok is False]
    print("all targets met" if not missed else f"missed {len(missed)}: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
