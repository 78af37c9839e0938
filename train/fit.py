"""Featurize labeled examples sentence by sentence as a check does, and fit one linear model per category."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from linter.config import Config, load_config
from linter.nlp.segments import Pipelines
from linter.rules import features
from linter.rules.scorer import Model

from linter.rules.units import units

from .data import CATEGORIES, Example
from .parsed import contexts

# How much one row of each source counts: the drafts and rule examples are few but written for
# exactly what postlint flags.
SOURCE_WEIGHT = {"olid": 1.0, "custcare": 1.0, "rule-examples": 3.0}
DRAFT_WEIGHT = 10.0
# Inverse regularization strength per model, chosen on the development splits (models/README.md).
C = {"defamation": 1.0, "official-statement": 2.0, "undisclosed-endorsement": 2.0}


@dataclass
class Row:
    """The features of one sentence of an example, with its labels per category."""

    example: Example
    span: tuple[int, int]
    indices: np.ndarray
    values: np.ndarray
    labels: dict[str, int]


def featurize(examples: list[Example], pipelines: Pipelines) -> list[Row]:
    """One row per sentence, as a check scores them: a text labeled as a whole gives its label to
    each of its sentences; a draft's sentences have their own labels (sentence_labels)."""
    rows: list[Row] = []
    by_config: dict[Path | None, list[Example]] = {}
    for example in examples:
        by_config.setdefault(example.config, []).append(example)
    for path, group in by_config.items():
        config = load_config(path) if path else Config()
        parsed = contexts([e.text for e in group], config, pipelines, [e.language for e in group])
        for example, ctx in zip(group, parsed):
            for start, end in units(ctx).sentences:
                labels = example.labels if example.expect is None else sentence_labels(example, start, end)
                if labels:
                    rows.append(Row(example, (start, end), *features.span_features(ctx, start, end), labels))
    return rows


def sentence_labels(example: Example, start: int, end: int) -> dict[str, int]:
    """A draft sentence's labels: 1 where it overlaps an expected span of the category, 0 where the
    draft expects nothing of the category, none (left out) otherwise."""
    text = example.text
    labels = {}
    spans = {}
    for exp in example.expect or []:
        s = text.index(exp["match"])
        spans.setdefault(exp["category"], []).append((s, s + len(exp["match"])))
    ignored = [(text.index(m), text.index(m) + len(m)) for m in example.ignore]
    if any(s < end and start < e for s, e in ignored):
        return {}
    for category in CATEGORIES:
        found = spans.get(category, [])
        if any(s < end and start < e for s, e in found):
            labels[category] = 1
        elif not found:
            labels[category] = 0
    return labels


def matrix(found: list[tuple[np.ndarray, np.ndarray]]) -> sp.csr_matrix:
    """A sparse matrix of (indices, values) feature pairs, one row each."""
    indptr = np.cumsum([0] + [len(indices) for indices, _ in found])
    indices = np.concatenate([i for i, _ in found]) if found else np.zeros(0, np.int64)
    values = np.concatenate([v for _, v in found]) if found else np.zeros(0, np.float32)
    m = sp.csr_matrix((values.astype(np.float64), indices, indptr), shape=(len(found), 1 << features.BITS))
    m.sum_duplicates()
    return m


def fit(name: str, rows: list[Row]) -> Model:
    """A logistic regression for one category on the training rows labeled for it."""
    chosen = [r for r in rows if name in r.labels and r.example.split == "train"]
    y = np.array([r.labels[name] for r in chosen])
    if len(set(y)) < 2:
        raise SystemExit(f"make train: the training rows for {name} have only one label")
    weights = np.array([DRAFT_WEIGHT if r.example.source.startswith("drafts/") else SOURCE_WEIGHT[r.example.source]
                        for r in chosen])
    clf = LogisticRegression(C=C[name], solver="liblinear", max_iter=5000, random_state=0)
    clf.fit(matrix([(r.indices, r.values) for r in chosen]), y, sample_weight=weights)
    coef = clf.coef_[0].astype(np.float16).astype(np.float32)
    return Model(name, coef, float(np.float16(clf.intercept_[0])), {}, {"rows": len(chosen), "positives": int(y.sum())})
