#!/usr/bin/env python3
"""Score personal-info findings by type: recall per type at warning or above, and precision.

Cases are in the shared eval format; each expected finding may carry a `type` (phone, email,
address, ja-address, card, iban, ssn, licence, passport, my-number, ip, name). postlint runs once
over one file per draft (`check --format json`), as the shared scorer does.

    .venv/bin/python eval/generated/score_types.py                       # the generated set
    .venv/bin/python eval/generated/score_types.py --cases X.jsonl --config Y.toml --misses

A finding hits an expected span when it overlaps it and is of category personal-info; a
personal-info finding at warning or error that hits nothing expected (nor an `ignore` span) is
a false alarm. Recall at info counts findings of any severity, to show what is found but too
quiet.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCORED = {"error", "warning"}
CATEGORY = "personal-info"
# The contact and ID types, scored together against its target.
CONTACT_AND_ID = ("phone", "email", "address", "ja-address", "card", "iban", "ssn", "licence", "passport", "my-number", "ip")


def run(postlint: str, config: Path, cases: list[dict]) -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            Path(tmp, f"{case['id']}.md").write_text(case["text"], encoding="utf-8")
        proc = subprocess.run([postlint, "check", "--format", "json", "--config", str(config), tmp],
                              capture_output=True, text=True, encoding="utf-8")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"postlint printed no JSON (exit {proc.returncode}): {proc.stderr[-500:]}")
    return {Path(f["path"]).stem: f.get("findings", []) for f in report.get("files", [])}


def overlaps(finding: dict, start: int, end: int) -> bool:
    return finding["start"] < end and start < finding["end"]


def score(cases: list[dict], by_id: dict[str, list[dict]]):
    found, found_any, total = Counter(), Counter(), Counter()
    tp = fp = 0
    clean = clean_flagged = 0
    misses = []
    for case in cases:
        text = case["text"]
        findings = [f for f in by_id.get(case["id"], []) if f.get("category") == CATEGORY]
        loud = [f for f in findings if f.get("severity") in SCORED]
        spans = []
        for exp in case["expect"]:
            if exp["category"] != CATEGORY:
                continue
            start = text.index(exp["match"])
            spans.append((start, start + len(exp["match"])))
            key = (case["lang"], exp.get("type", "other"))
            total[key] += 1
            hit = any(overlaps(f, *spans[-1]) for f in loud)
            found[key] += hit
            found_any[key] += any(overlaps(f, *spans[-1]) for f in findings)
            if not hit:
                misses.append((case["id"], "missed", key[1], exp["match"], text))
        ignored = [(text.index(m), text.index(m) + len(m)) for m in case.get("ignore", [])]
        for f in loud:
            if any(overlaps(f, s, e) for s, e in spans):
                tp += 1
            elif not any(overlaps(f, s, e) for s, e in ignored):
                fp += 1
                misses.append((case["id"], "false alarm", f.get("rule"), text[f["start"]:f["end"]], text))
        if not case["expect"]:
            clean += 1
            clean_flagged += bool(loud)
    return found, found_any, total, tp, fp, clean, clean_flagged, misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, default=HERE / "cases.jsonl")
    ap.add_argument("--config", type=Path, default=HERE / "postlint.toml")
    ap.add_argument("--postlint", default=str(Path(sys.executable).with_name("postlint")))
    ap.add_argument("--misses", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = run(args.postlint, args.config.resolve(), cases)
    found, found_any, total, tp, fp, clean, clean_flagged, misses = score(cases, by_id)

    rows = {}
    for lang in sorted({k[0] for k in total}) + ["all"]:
        for typ in sorted({k[1] for k in total}):
            keys = [k for k in total if k[1] == typ and lang in ("all", k[0])]
            n = sum(total[k] for k in keys)
            if n:
                rows[f"{lang}/{typ}"] = (sum(found[k] for k in keys) / n, sum(found_any[k] for k in keys) / n, n)
    contact = [k for k in total if k[1] in CONTACT_AND_ID]
    n = sum(total[k] for k in contact)
    rows["all/contact+id"] = (sum(found[k] for k in contact) / n, sum(found_any[k] for k in contact) / n, n)
    precision = tp / (tp + fp) if tp + fp else 1.0
    if args.json:
        print(json.dumps({"recall": {k: {"warning": r, "info": ri, "n": n} for k, (r, ri, n) in rows.items()},
                          "precision": precision, "tp": tp, "fp": fp, "clean": clean, "clean_flagged": clean_flagged}))
        return
    if args.misses:
        for m in misses:
            print("\t".join(str(x).replace("\n", "\\n") for x in m))
        print()
    print(f"{'language/type':22} {'recall':>7} {'at info':>8} {'n':>5}")
    for k, (r, ri, n) in rows.items():
        print(f"{k:22} {r:7.3f} {ri:8.3f} {n:5d}")
    print(f"precision (personal-info at warning or above): {precision:.3f} (tp {tp}, fp {fp})")
    print(f"clean drafts with a personal-info warning or error: {clean_flagged}/{clean}")


if __name__ == "__main__":
    main()
