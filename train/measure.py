"""Counting a category's findings as the shared eval's score.py does, and choosing thresholds.

A finding hits an expected span of its category when they overlap; one that hits none (and no
`ignore`d span) is a false alarm; a case without any expectation is clean, and "clean flagged"
is the share of clean cases with a finding of the category. Findings come from train/checked.py:
the rules' and those a scorer adds at a threshold.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checked import Checked, findings, selected

GRID = [round(float(t), 3) for t in np.arange(0.10, 0.951, 0.01)]
SCORED = ("error", "warning")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    clean: int = 0  # cases expecting nothing at all
    clean_flagged: int = 0  # of those, with a finding of the category
    negative: int = 0  # cases expecting nothing of the category
    negative_flagged: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    @property
    def clean_rate(self) -> float:
        return self.clean_flagged / self.clean if self.clean else 0.0

    @property
    def negative_rate(self) -> float:
        return self.negative_flagged / self.negative if self.negative else 0.0

    def figures(self) -> dict:
        return {"p": self.p, "r": self.r, "f1": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "clean": self.clean, "clean_flagged": self.clean_rate,
                "negative": self.negative, "negative_flagged": self.negative_rate}


def expected(checked: Checked, category: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], bool]:
    """The spans a case expects of a category, the spans it ignores, and whether it is clean."""
    example = checked.example
    text = example.text
    if example.expect is not None:
        spans = [(text.index(e["match"]), text.index(e["match"]) + len(e["match"]))
                 for e in example.expect if e["category"] == category]
        clean = not example.expect
    else:
        spans = [(0, len(text))] if example.labels.get(category) else []
        clean = not any(example.labels.values())
    ignored = [(text.index(m), text.index(m) + len(m)) for m in example.ignore]
    return spans, ignored, clean


def count(checked: Checked, category: str, found) -> Counts:
    """tp, fp, fn and clean flags of one case for one category, as score.py counts them."""
    spans, ignored, clean = expected(checked, category)
    found = [f for f in found if f.category == category and f.severity in SCORED]
    hit = [False] * len(spans)
    fp = 0
    for f in found:
        matched = False
        for i, (s, e) in enumerate(spans):
            if f.start < e and s < f.end:
                hit[i] = matched = True
        if not matched and not any(f.start < e and s < f.end for s, e in ignored):
            fp += 1
    flagged = any(not any(f.start < e and s < f.end for s, e in ignored) for f in found)
    return Counts(sum(hit), fp, len(hit) - sum(hit), int(clean), int(clean and flagged),
                  int(not spans), int(not spans and flagged))


def counts(cases: list[Checked], category: str, rule_id: str | None, scores: dict[int, np.ndarray],
           thresholds: dict[str, float | None]) -> Counts:
    """The counts over cases, with the scorer rule `rule_id` at thresholds (None: the rules alone);
    scores[id(case)]: the score of each sentence of a case."""
    total = Counts()
    for case in cases:
        added = {}
        if rule_id is not None:
            added[rule_id] = selected(case, scores[id(case)], thresholds)
        total.add(count(case, category, findings(case, added)))
    return total
