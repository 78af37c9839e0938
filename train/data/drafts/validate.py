"""Check the labeled drafts: one JSON object per line, ids unique, matches are substrings.

Usage: python train/data/drafts/validate.py [FOLDER ...]   (default: every folder here)
Prints counts per category and language; exit status 1 if anything is wrong.
"""
import collections
import json
import pathlib
import sys
import tomllib

CATEGORIES = {
    "personal-info", "sensitive-info", "unattributed-quote", "defamation",
    "official-statement", "confidential", "undisclosed-endorsement",
    "lookalike-account", "pii-solicitation",
}
CASE_KEYS = {"id", "lang", "text", "expect", "ignore", "note"}
CONFIG_KEYS = {
    "organization": {"name", "aliases", "official_accounts", "products", "confidential_terms"},
    "allow": {"terms"},
}


def case_problems(case: dict) -> list[str]:
    """Everything wrong with one case, as short messages."""
    problems = [f"unknown key {key!r}" for key in set(case) - CASE_KEYS]
    for key in ("id", "lang", "text", "note"):
        if not isinstance(case.get(key), str) or not case.get(key):
            problems.append(f"{key!r} must be a non-empty string")
    if case.get("lang") not in ("en", "ja"):
        problems.append("'lang' must be 'en' or 'ja'")
    text = case.get("text", "")
    expect = case.get("expect")
    if not isinstance(expect, list):
        return problems + ["'expect' must be a list"]
    for item in expect:
        if item.get("category") not in CATEGORIES:
            problems.append(f"unknown category {item.get('category')!r}")
        if not item.get("match") or item["match"] not in text:
            problems.append(f"match {item.get('match')!r} is not in the text")
    for item in case.get("ignore", []):
        if not isinstance(item, str) or item not in text:
            problems.append(f"ignore {item!r} is not in the text")
    return problems


def config_problems(path: pathlib.Path) -> list[str]:
    """Unknown sections or keys and wrong types in a folder's postlint.toml."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        return [f"{path}: {error}"]
    problems = []
    for section, table in config.items():
        if section not in CONFIG_KEYS:
            problems.append(f"{path}: unknown section [{section}]")
            continue
        for key, value in table.items():
            if key not in CONFIG_KEYS[section]:
                problems.append(f"{path}: unknown key {section}.{key}")
            elif key != "name" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problems.append(f"{path}: {section}.{key} must be a list of strings")
    if not isinstance(config.get("organization", {}).get("name"), str):
        problems.append(f"{path}: organization.name must be a string")
    return problems


def check_folder(folder: pathlib.Path, seen_ids: set[str], counts: collections.Counter) -> list[str]:
    """Validate one organization folder; add its cases to the counts."""
    problems = config_problems(folder / "postlint.toml")
    if not (folder / "README.md").is_file():
        problems.append(f"{folder}: README.md is missing")
    lines = (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        where = f"{folder.name}/cases.jsonl:{number}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: not JSON ({error})")
            continue
        problems += [f"{where} ({case.get('id')}): {p}" for p in case_problems(case)]
        if case.get("id") in seen_ids:
            problems.append(f"{where}: duplicate id {case.get('id')!r}")
        seen_ids.add(case.get("id"))
        lang = case.get("lang")
        counts[(folder.name, lang, "drafts")] += 1
        if not case.get("expect"):
            counts[(folder.name, lang, "clean")] += 1
        for category in sorted({item.get("category") for item in case.get("expect", [])}):
            counts[(folder.name, lang, category)] += 1
    return problems


def main(argv: list[str]) -> int:
    here = pathlib.Path(__file__).parent
    folders = [pathlib.Path(a) for a in argv] or sorted(p.parent for p in here.glob("*/cases.jsonl"))
    seen_ids: set[str] = set()
    counts: collections.Counter = collections.Counter()
    problems = []
    for folder in folders:
        problems += check_folder(folder, seen_ids, counts)
    for folder in folders:
        for lang in ("en", "ja"):
            row = {key[2]: n for key, n in counts.items() if key[:2] == (folder.name, lang)}
            if row:
                total, clean = row.pop("drafts"), row.pop("clean", 0)
                cats = ", ".join(f"{c} {n}" for c, n in sorted(row.items()))
                print(f"{folder.name} [{lang}]: {total} drafts, {clean} clean; {cats}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
