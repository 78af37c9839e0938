"""Thresholds chosen on development sets, with the rules and the scorer combined as a check runs.

Each development set is checked twice by a real Linter: once with the category's rules without the
scorer, once with only the scorer at threshold 0 (every sentence that passes its rule logic, with
its score). A threshold t then gives the findings of a check: the rules' plus the scorer's scored
at t or more, overlapping ones merged as the engine does. They are counted as the shared eval's
score.py counts them (a finding hits an expected span of its category when they overlap; a draft
expecting nothing of the category is clean).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from linter import Linter
from linter.config import Config, load_config
from linter.engine import merge_overlaps
from linter.finding import Finding

from .data import Example

GRID = [round(float(t), 3) for t in np.arange(0.10, 0.951, 0.025)]
SCORED = ("error", "warning")


@dataclass
class DevSet:
    """Development cases of one source for one category, and what a threshold must keep."""

    name: str
    examples: list[Example]
    category: str
    max_clean_flagged: float  # share of clean cases a threshold may flag
    primary: str  # "r" (recall: real corpora) or "f1" (drafts)
    checked: list = field(default_factory=list)  # per case: (rule findings, scorer findings)


def as_case(example: Example, category: str) -> dict:
    """An example in the eval format, limited to one category."""
    if example.expect is not None:
        expect = [e for e in example.expect if e["category"] == category]
    else:
        expect = [{"category": category, "match": example.text}] if example.labels.get(category) else []
    return {"id": example.id, "lang": example.language, "text": example.text, "expect": expect,
            "ignore": example.ignore}


def check(devset: DevSet, scorer_id: str) -> None:
    """Check every case of the set with the rules alone and with the scorer alone at threshold 0."""
    by_config: dict = {}
    for index, example in enumerate(devset.examples):
        by_config.setdefault(example.config, []).append(index)
    devset.checked = [None] * len(devset.examples)
    for path, indices in by_config.items():
        config = load_config(path) if path else Config()
        rules = Linter(config, select=[devset.category], ignore=[scorer_id])
        scorer = Linter(replace(config, thresholds=((scorer_id, 0.0),)), select=[scorer_id])
        texts = [devset.examples[i].text for i in indices]
        for i, by_rules, by_scorer in zip(indices, rules.check_many(texts), scorer.check_many(texts)):
            devset.checked[i] = (list(by_rules.findings), list(by_scorer.findings))


def findings_at(checked, thresholds: dict[str, float], language_of) -> list[Finding]:
    by_rules, by_scorer = checked
    kept = []
    for f in by_scorer:
        threshold = thresholds.get(language_of(f))
        if threshold is not None and f.score >= threshold:
            kept.append(f)
    return merge_overlaps(by_rules + kept)


def measure(devset: DevSet, thresholds: dict[str, float], language: str | None = None) -> dict:
    """P, R, F1 and the share of clean cases flagged, over the cases of one language (or all)."""
    tp = fp = fn = clean = clean_flagged = 0
    for example, checked in zip(devset.examples, devset.checked):
        if language and example.language != language:
            continue
        case = as_case(example, devset.category)
        found = [f for f in findings_at(checked, thresholds, lambda f: example.language)
                 if f.severity.value in SCORED and f.category == devset.category]
        counts = count(case, found)
        tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
        if not case["expect"]:
            clean += 1
            clean_flagged += counts[3]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "clean": clean,
            "clean_flagged": clean_flagged / clean if clean else 0.0}


def count(case: dict, found: list[Finding]) -> tuple[int, int, int, int]:
    """(tp, fp, fn, flagged-if-clean) of one case, as score.py counts them."""
    text = case["text"]
    ignored = [(text.index(m), text.index(m) + len(m)) for m in case.get("ignore", [])]
    expects = [(text.index(e["match"]), text.index(e["match"]) + len(e["match"])) for e in case["expect"]]
    hit = [False] * len(expects)
    fp = 0
    for f in found:
        matched = False
        for i, (s, e) in enumerate(expects):
            if f.start < e and s < f.end:
                hit[i] = matched = True
        if not matched and not any(f.start < e and s < f.end for s, e in ignored):
            fp += 1
    flagged = int(any(not any(f.start < e and s < f.end for s, e in ignored) for f in found))
    return sum(hit), fp, len(hit) - sum(hit), flagged


def choose(devsets: list[DevSet], language: str) -> float | None:
    """The threshold for one language: among those that keep every set's clean cases within its
    limit, the one with the best sum of primary figures (recall or F1); the highest on a tie.
    When none keeps every limit, the one that exceeds them least. None (the scorer is off in this
    language) when the rules alone do better than the rules with the scorer at every threshold."""
    relevant = [d for d in devsets if any(e.language == language for e in d.examples)]
    if not relevant:
        return None
    best = None
    for t in [*GRID, None]:
        figures = [measure(d, {language: t} if t is not None else {}, language) for d in relevant]
        excess = sum(max(0.0, f["clean_flagged"] - d.max_clean_flagged) for f, d in zip(figures, relevant))
        value = sum(f[d.primary] for f, d in zip(figures, relevant))
        key = (-round(excess, 9), round(value, 9), 2.0 if t is None else t)
        if best is None or key > best[0]:
            best = (key, t)
    return best[1]
