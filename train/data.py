"""The labeled texts the scorers learn from and are measured on, each with a fixed split.

Sources (all pinned: files in ../shared/data and in this repository):

- OLID (olid-training-v1.0.tsv, CC BY 4.0): an insult aimed at an individual or other (TIN+IND,
  TIN+OTH) is defamation, a not-offensive tweet is not; untargeted and group-targeted tweets are
  left out. Every tweet is also an example of a person writing, not a company (official-statement:
  0; as negatives for undisclosed-endorsement they made its development scores worse, so they are
  not used there). `URL` becomes a web link so it reads as one.
- custcare (custcare-dev.jsonl, Apache-2.0): a brand's support reply is official-statement, a
  customer's tweet is not. Config custcare.toml.
- ja-toxic (ja-toxic-dev.jsonl, Apache-2.0): Japanese comments, toxic or not (91, 10 toxic). The
  defamation model is trained on them; its thresholds and figures use them out of fold
  (5 folds by comment, train/__main__.py).
- drafts (train/data/drafts/<org>/cases.jsonl): labeled drafts of several fictional
  organizations in the eval format, each with its postlint.toml. Labels are per sentence: a
  sentence overlapping an expected span of a category is positive for it; in a draft without that
  category every sentence is negative; other sentences are left out.
- rule examples (rules/<category>/*.yaml, examples/postlint.toml): each `flag` example is positive
  for its rule's category, each `ok` example negative.

Splits: a tweet or reply is in the development split when crc32 of its key modulo 5 is 0 (one in
five): OLID by tweet id, custcare by conversation id (a reply and the tweet it answers stay
together). Drafts are split by organization, as postlint meets them: in each language (the
folder's prefix, en- or ja-), the three organizations whose folder names have the smallest crc32
among the 32 of 2026-12-08 are held out (HELD_OUT: never trained or tuned on, measured for the
cards and `make eval`); the others are trained on, and their thresholds are chosen by
cross-validation over whole organizations (FOLDS folds per language, fold_of). Rule examples are
training only.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from linter.rules.loader import builtin_rules_dir, load_specs

CATEGORIES = ("defamation", "official-statement", "undisclosed-endorsement")
REPO = Path(__file__).resolve().parent.parent
DRAFTS = REPO / "train" / "data" / "drafts"
EXAMPLE_CONFIG = REPO / "examples" / "postlint.toml"


@dataclass
class Example:
    """A text with labels for the whole text (`labels`) or per sentence (`expect`, `ignore`)."""

    source: str
    id: str
    text: str
    language: str | None
    config: Path | None
    split: str
    labels: dict[str, int] = field(default_factory=dict)
    expect: list[dict] | None = None
    ignore: list[str] = field(default_factory=list)


def in_dev(key: str) -> bool:
    return zlib.crc32(key.encode("utf-8")) % 5 == 0


def dev_case(corpus: str, case_id: str) -> bool:
    """Whether a case of olid-train.jsonl or custcare-dev.jsonl is in the development split."""
    if corpus == "olid":
        return in_dev(case_id.removeprefix("olid-"))
    return in_dev(case_id.rsplit("-", 1)[0])


def olid(shared: Path) -> list[Example]:
    found = []
    lines = (shared / "olid-training-v1.0.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        tweet_id, text, offensive, targeted, target = line.split("\t")
        if offensive == "OFF" and target not in ("IND", "OTH"):
            continue
        labels = {"defamation": int(offensive == "OFF"), "official-statement": 0}
        found.append(Example("olid", f"olid-{tweet_id}", text.replace("URL", "https://t.co/x"), "en", None,
                             "dev" if in_dev(tweet_id) else "train", labels))
    return found


def custcare(shared: Path) -> list[Example]:
    found = []
    config = shared / "custcare.toml"
    for case in _jsonl(shared / "custcare-dev.jsonl"):
        official = int(any(e["category"] == "official-statement" for e in case["expect"]))
        found.append(Example("custcare", case["id"], case["text"], case.get("lang"), config,
                             "dev" if dev_case("custcare", case["id"]) else "train", {"official-statement": official}))
    return found


def ja_toxic(shared: Path) -> list[Example]:
    return [Example("ja-toxic", case["id"], case["text"], "ja", None, "dev",
                    {"defamation": int(any(e["category"] == "defamation" for e in case["expect"]))})
            for case in _jsonl(shared / "ja-toxic-dev.jsonl")]


def drafts(folder: Path = DRAFTS) -> list[Example]:
    found = []
    folders = sorted(cases.parent for cases in folder.glob("*/cases.jsonl"))
    dev = dev_organizations([f.name for f in folders])
    for org_folder in folders:
        org = org_folder.name
        for case in _jsonl(org_folder / "cases.jsonl"):
            found.append(Example(f"drafts/{org}", case["id"], case["text"], case.get("lang"),
                                 org_folder / "postlint.toml", "dev" if org in dev else "train",
                                 expect=case["expect"], ignore=case.get("ignore", [])))
    return found


# The organizations never trained or tuned on: in each language, the three folder names with the
# smallest crc32 among the 32 organizations of 2026-12-08 (written out, so that organizations added
# later do not change the held-out set).
HELD_OUT = frozenset({"en-forkful", "en-stackhaven", "en-halfmoon-games",
                      "ja-hibari-sports", "ja-takamiya", "ja-amane-mobile"})
FOLDS = 5


def dev_organizations(names: list[str]) -> set[str]:
    """The held-out organizations among names."""
    return {name for name in names if name in HELD_OUT}


def fold_of(names: list[str]) -> dict[str, int]:
    """The cross-validation fold of each organization that is not held out: in each language, the
    organizations in order of the crc32 of their names, dealt to the FOLDS folds in turn."""
    by_language: dict[str, list[str]] = {}
    for name in sorted(set(names) - HELD_OUT):
        by_language.setdefault(name.split("-", 1)[0], []).append(name)
    folds = {}
    for group in by_language.values():
        for i, name in enumerate(sorted(group, key=lambda n: zlib.crc32(n.encode("utf-8")))):
            folds[name] = i % FOLDS
    return folds


def rule_examples() -> list[Example]:
    found = []
    for spec in load_specs([builtin_rules_dir()]):
        if spec.category not in CATEGORIES or spec.kind in ("scorer", "endorsement-scorer"):
            continue
        for language, blocks in spec.examples.items():
            for key in ("flag", "ok"):
                for i, text in enumerate((blocks or {}).get(key, [])):
                    found.append(Example("rule-examples", f"{spec.id}-{language}-{key}{i}", str(text), language,
                                         EXAMPLE_CONFIG, "train", {spec.category: int(key == "flag")}))
    return found


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
