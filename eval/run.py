"""Score postlint on every labeled set beside the repository and print one table (`make eval`).

    python eval/run.py                      # every set: dev, holdout, sealed, each ../shared/data/*.jsonl,
                                            # the development organizations of train/data/drafts
    python eval/run.py --only dev --only holdout
    python eval/run.py --shared /path/to/shared

The labeled sets and the scorer (score.py) live in ../shared, beside the repository, never in it
(a user's clone has none); eval/holdout, eval/sealed and the labeled drafts the scorers are
trained on (train/data/drafts, of which three organizations per language are never trained on: the
development split, train/data.py) are in the repository but are scored with the same scorer. Each
set runs the real CLI once over a folder of drafts (see score.py). The first table gives precision,
recall and F1 over the scored categories (findings of severity error or warning) and how many
clean drafts drew a finding; the second, F1 per language and category of the sets scored on every
category. Measure only: never tune on eval/sealed.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from train.data import DRAFTS, dev_case, dev_organizations  # noqa: E402  (the splits of the scorers' recipe)
DEFAULT_SHARED = ROOT.parent / "shared"

# ../shared/data/*.jsonl: the category each corpus is labeled for and the config it is scored
# with (../shared/data/README.md), by the start of the file name. "{shared}" is the shared folder.
DATA_SETS = {
    "olid-": ("defamation", "{shared}/eval/postlint.toml"),
    "polnear-": ("unattributed-quote", "{shared}/eval/postlint.toml"),
    "custcare-": ("official-statement", "{shared}/data/custcare.toml"),
    "ja-toxic-": ("defamation", "{shared}/eval/postlint.toml"),
}


# The corpora the scorers are trained on (make train): their development split, never trained on,
# is scored again on its own (":dev").
TRAINED_ON = {"olid-": "olid", "custcare-": "custcare"}


@dataclass
class LabeledSet:
    """One file of labeled drafts, the config to score it with and the categories it is labeled for
    (empty: all)."""

    name: str
    cases: Path
    config: Path
    categories: str = ""
    dev_of: str = ""  # only the cases of this corpus's development split (train/data.py)


def labeled_sets(shared: Path) -> tuple[list[LabeledSet], list[str]]:
    """Every set to score, and the .jsonl files of ../shared/data no entry of DATA_SETS covers."""
    sets = [
        LabeledSet("dev", shared / "eval" / "dev.jsonl", shared / "eval" / "postlint.toml"),
        LabeledSet("holdout", ROOT / "eval" / "holdout" / "cases.jsonl", ROOT / "eval" / "holdout" / "postlint.toml"),
        LabeledSet("sealed", ROOT / "eval" / "sealed" / "cases.jsonl", ROOT / "eval" / "sealed" / "postlint.toml"),
        LabeledSet("generated", ROOT / "eval" / "generated" / "cases.jsonl", ROOT / "eval" / "generated" / "postlint.toml",
                   "personal-info"),
    ]
    organizations = sorted(p.parent.name for p in DRAFTS.glob("*/cases.jsonl"))
    for org in sorted(dev_organizations(organizations)):
        sets.append(LabeledSet(f"drafts-{org}", DRAFTS / org / "cases.jsonl", DRAFTS / org / "postlint.toml"))
    unknown = []
    for path in sorted((shared / "data").glob("*.jsonl")):
        prefix = next((p for p in DATA_SETS if path.name.startswith(p)), None)
        if prefix is None:
            unknown.append(path.name)
            continue
        category, config = DATA_SETS[prefix]
        sets.append(LabeledSet(path.stem, path, Path(config.format(shared=shared)), category))
        corpus = TRAINED_ON.get(prefix)
        if corpus:
            sets.append(LabeledSet(f"{path.stem}:dev", path, Path(config.format(shared=shared)), category, corpus))
    return sets, unknown


def case_lines(labeled: LabeledSet) -> list[str]:
    """The set's cases (only its development split's, for a ':dev' set)."""
    lines = [line for line in labeled.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    if labeled.dev_of:
        lines = [line for line in lines if dev_case(labeled.dev_of, json.loads(line)["id"])]
    return lines


def clean_drafts(labeled: LabeledSet) -> int:
    """Drafts that expect no finding of the set's categories (what a false alarm is counted on)."""
    wanted = set(filter(None, labeled.categories.split(",")))
    count = 0
    for line in case_lines(labeled):
        expect = json.loads(line).get("expect", [])
        count += not any(not wanted or e["category"] in wanted for e in expect)
    return count


def score(labeled: LabeledSet, scorer: Path, postlint: Path) -> dict:
    """score.py's figures for one set (its --json output), or {"error": message}."""
    with tempfile.TemporaryDirectory() as folder:
        cases = labeled.cases
        if labeled.dev_of:
            cases = Path(folder) / "cases.jsonl"
            cases.write_text("\n".join(case_lines(labeled)) + "\n", encoding="utf-8")
        command = [sys.executable, str(scorer), "--cases", str(cases), "--config", str(labeled.config),
                   "--postlint", str(postlint), "--json"]
        if labeled.categories:
            command += ["--categories", labeled.categories]
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        return {"error": lines[0] if lines else f"score.py exited with status {result.returncode}"}
    return json.loads(result.stdout)


def table_row(labeled: LabeledSet, figures: dict) -> str:
    category = labeled.categories or "all"
    if "error" in figures:
        return f"{labeled.name:<26} {category:<20} {'-':>6}  error: {figures['error']}"
    total = figures["rows"]["all/ALL"]
    clean = clean_drafts(labeled)
    flagged = round(figures["clean_false_alarm_rate"] * clean)
    return (f"{labeled.name:<26} {category:<20} {figures['drafts']:>6} {total['p']:>5.2f} {total['r']:>5.2f} "
            f"{total['f']:>5.2f} {f'{flagged}/{clean}':>11} {figures['clean_false_alarm_rate']:>5.0%} {figures['seconds']:>6.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="the folder with eval/score.py, eval/dev.jsonl and data/ (default: ../shared)")
    parser.add_argument("--only", action="append", metavar="NAME", help="score only this set (repeatable): dev, holdout, sealed, olid-train…")
    parser.add_argument("--postlint", type=Path, default=Path(sys.executable).with_name("postlint"),
                        help="the postlint executable (default: the one beside this Python)")
    args = parser.parse_args()
    scorer = args.shared / "eval" / "score.py"
    if not scorer.is_file():
        print(f"make eval: no labeled data: {args.shared} (with eval/score.py) is not beside the repository; "
              "nothing was scored", file=sys.stderr)
        return 2
    sets, unknown = labeled_sets(args.shared.resolve())
    if args.only:
        missing = set(args.only) - {s.name for s in sets}
        if missing:
            print(f"make eval: no set named {', '.join(sorted(missing))} (sets: {', '.join(s.name for s in sets)})", file=sys.stderr)
            return 2
        sets = [s for s in sets if s.name in args.only]
    print(f"{'set':<26} {'categories':<20} {'drafts':>6} {'P':>5} {'R':>5} {'F1':>5} {'clean flagged':>17} {'s':>6}")
    failed = 0
    scored = []
    for labeled in sets:
        figures = score(labeled, scorer, args.postlint)
        failed += "error" in figures
        scored.append((labeled, figures))
        print(table_row(labeled, figures), flush=True)
    for name in unknown:
        print(f"{name:<26} not scored: no category known for it (add it to DATA_SETS in eval/run.py)")
    print("P, R, F1: findings of severity error or warning, over the set's categories; clean flagged: drafts "
          "that expect none of them but drew one.")
    print_by_category([(labeled, figures) for labeled, figures in scored
                       if not labeled.categories and "error" not in figures])
    return 1 if failed else 0


def print_by_category(scored: list[tuple[LabeledSet, dict]]) -> None:
    """F1 (tp/fp/fn) per language and category of the sets scored on every category."""
    if not scored:
        return
    keys = sorted({k for _, figures in scored for k in figures["rows"] if not k.endswith("/ALL")})
    print()
    print(f"{'F1 by language/category':<34}" + "".join(f" {labeled.name[:22]:>22}" for labeled, _ in scored))
    for key in keys:
        cells = []
        for _, figures in scored:
            row = figures["rows"].get(key)
            cells.append(f"{row['f']:.2f} ({row['tp']}/{row['fp']}/{row['fn']})" if row else "-")
        print(f"{key:<34}" + "".join(f" {cell:>22}" for cell in cells))
    print("(tp/fp/fn in brackets)")


if __name__ == "__main__":
    sys.exit(main())
