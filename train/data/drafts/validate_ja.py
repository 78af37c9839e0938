"""Check the Japanese labeled drafts (ja-*/cases.jsonl) and print counts per category.

Usage: python train/data/drafts/validate_ja.py [FOLDER ...]   (default: every ja-* folder here)
Exit status 1 when a line is not valid JSON, an id repeats, a match or ignore string is not a
substring of the text, a category is outside the vocabulary, a card number fails the Luhn check
or a My Number its check digit, or a folder lacks postlint.toml / README.md.
"""
import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

from stdnum import luhn
from stdnum.jp import in_ as my_number

CATEGORIES = {
    "personal-info", "sensitive-info", "unattributed-quote", "defamation",
    "official-statement", "confidential", "undisclosed-endorsement",
    "lookalike-account", "pii-solicitation",
}
HERE = Path(__file__).resolve().parent
DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def digits_of(match):
    return re.sub(r"[\s\-ー－]", "", match.translate(DIGITS))


def number_problems(case_id, expect):
    problems = []
    for item in expect:
        raw = digits_of(item["match"])
        if item["category"] != "personal-info" or not raw.isdigit():
            continue
        if 13 <= len(raw) <= 19 and raw[0] in "3456" and not luhn.is_valid(raw):
            problems.append(f"{case_id}: card number {item['match']!r} fails Luhn")
        if len(raw) == 12 and not my_number.is_valid(raw):
            problems.append(f"{case_id}: My Number {item['match']!r} has a wrong check digit")
    return problems


def case_problems(case, seen):
    cid = case.get("id", "?")
    problems = []
    if not isinstance(case.get("text"), str) or not case["text"]:
        return [f"{cid}: no text"]
    if cid in seen:
        problems.append(f"{cid}: duplicate id")
    seen.add(cid)
    if case.get("lang") != "ja":
        problems.append(f"{cid}: lang is not 'ja'")
    if not case.get("note"):
        problems.append(f"{cid}: no note")
    for item in case.get("expect", []):
        if item.get("category") not in CATEGORIES:
            problems.append(f"{cid}: unknown category {item.get('category')!r}")
        if not item.get("match") or item["match"] not in case["text"]:
            problems.append(f"{cid}: match {item.get('match')!r} is not in the text")
    for ignored in case.get("ignore", []):
        if ignored not in case["text"]:
            problems.append(f"{cid}: ignore {ignored!r} is not in the text")
    return problems + number_problems(cid, case.get("expect", []))


def check_folder(folder, seen):
    problems, counts, drafts = [], Counter(), 0
    for name in ("postlint.toml", "README.md", "cases.jsonl"):
        if not (folder / name).exists():
            problems.append(f"{folder.name}: {name} is missing")
    if (folder / "postlint.toml").exists():
        try:
            tomllib.loads((folder / "postlint.toml").read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            problems.append(f"{folder.name}/postlint.toml: {err}")
    if not (folder / "cases.jsonl").exists():
        return problems, counts, drafts
    lines = (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        try:
            case = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"{folder.name}/cases.jsonl:{number}: not JSON ({err})")
            continue
        drafts += 1
        problems += case_problems(case, seen)
        categories = {item.get("category") for item in case.get("expect", [])}
        counts.update(categories or {"(clean)"})
    return problems, counts, drafts


def main(argv):
    folders = [Path(a) for a in argv] or sorted(HERE.glob("ja-*"))
    seen, problems, total, grand = set(), [], Counter(), 0
    for folder in folders:
        found, counts, drafts = check_folder(folder, seen)
        problems += found
        total += counts
        grand += drafts
        print(f"{folder.name}: {drafts} drafts, " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"all: {grand} drafts, " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
