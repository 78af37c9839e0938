"""Sentence labels of the labeled texts, and one logistic regression per category over the hashed
features of their sentences (train/checked.py computed them as a check does)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from linter.rules import features
from linter.rules.scorer import Model, carry_post_score

from .data import CATEGORIES, Example


@dataclass(frozen=True)
class Settings:
    """How a category's model is fitted: the inverse regularization strength, and how much all the
    rows of a source weigh together against the labeled drafts (whose rows weigh 1 each)."""

    c: float = 1.0
    # the languages whose short posts it is also trained on as a whole, and scores so (scorer.py)
    posts: tuple[str, ...] = ()
    source_share: tuple[tuple[str, float], ...] = ()
    row_weight: tuple[tuple[str, float], ...] = (("drafts", 1.0),)


def sentence_labels(example: Example, start: int, end: int) -> dict[str, int]:
    """A sentence's labels: a text labeled as a whole gives its labels to each of its sentences; a
    draft's sentence is 1 where it overlaps an expected span of the category, 0 where the draft
    expects nothing of the category, none (left out) otherwise or where it overlaps an ignored span."""
    if example.expect is None:
        return dict(example.labels)
    text = example.text
    spans: dict[str, list[tuple[int, int]]] = {}
    for exp in example.expect:
        s = text.index(exp["match"])
        spans.setdefault(exp["category"], []).append((s, s + len(exp["match"])))
    ignored = [(text.index(m), text.index(m) + len(m)) for m in example.ignore]
    if any(s < end and start < e for s, e in ignored):
        return {}
    labels = {}
    for category in CATEGORIES:
        found = spans.get(category, [])
        if any(s < end and start < e for s, e in found):
            labels[category] = 1
        elif not found:
            labels[category] = 0
    return labels


def source_of(example: Example) -> str:
    return "drafts" if example.source.startswith("drafts/") else example.source


def matrix(found: list[tuple[np.ndarray, np.ndarray]]) -> sp.csr_matrix:
    """A sparse matrix of (indices, values) feature pairs, one row each."""
    indptr = np.cumsum([0] + [len(indices) for indices, _ in found])
    indices = np.concatenate([i for i, _ in found]) if found else np.zeros(0, np.int64)
    values = np.concatenate([v for _, v in found]) if found else np.zeros(0, np.float32)
    m = sp.csr_matrix((values.astype(np.float64), indices, indptr), shape=(len(found), 1 << features.BITS))
    m.sum_duplicates()
    return m


def training_rows(name: str, cases, posts: tuple[str, ...] = ()) -> tuple[list, np.ndarray, list[str]]:
    """The (features, label, source) of every sentence of cases labeled for the category and of
    every short post (features.post_features) of the languages `posts` as a whole labeled for it."""
    found, labels, sources = [], [], []
    for case in cases:
        source = source_of(case.example)
        for feats, label in zip(case.features, case.labels):
            if name in label:
                found.append(feats)
                labels.append(label[name])
                sources.append(source)
        whole = case.post is not None and set(case.languages) <= set(posts)
        label = post_label(case, name) if whole else None
        if label is not None:
            found.append(case.post)
            labels.append(label)
            sources.append(source)
    return found, np.array(labels), sources


def post_label(case, name: str) -> int | None:
    """A whole post's label: the text's own, else (a draft) 1 when a sentence is positive and 0 when
    every sentence is negative; None when unknown."""
    if case.example.expect is None:
        return case.example.labels.get(name)
    found = [label.get(name) for label in case.labels]
    if 1 in found:
        return 1
    return 0 if found and all(f == 0 for f in found) else None


def weights(sources: list[str], settings: Settings) -> np.ndarray:
    """Each row's weight: a source with a share weighs that many times the drafts' rows together;
    otherwise its row weight (1 by default)."""
    share = dict(settings.source_share)
    per_row = dict(settings.row_weight)
    totals: dict[str, int] = {}
    for source in sources:
        totals[source] = totals.get(source, 0) + 1
    drafts = totals.get("drafts", 0) * per_row.get("drafts", 1.0)
    scale = {s: (share[s] * drafts / n if s in share and drafts else per_row.get(s, 1.0)) for s, n in totals.items()}
    return np.array([scale[s] for s in sources])


def fit(name: str, cases, settings: Settings) -> Model:
    """A logistic regression for one category on the sentences of cases labeled for it."""
    found, y, sources = training_rows(name, cases, settings.posts)
    if len(set(y.tolist())) < 2:
        raise SystemExit(f"make train: the training rows for {name} have only one label")
    clf = LogisticRegression(C=settings.c, solver="liblinear", max_iter=5000, random_state=0)
    clf.fit(matrix(found), y, sample_weight=weights(sources, settings))
    coef = clf.coef_[0].astype(np.float16).astype(np.float32)
    return Model(name, coef, float(np.float16(clf.intercept_[0])), {},
                 {"rows": len(y), "positives": int(y.sum()), "posts": list(settings.posts)})


def scores(model: Model, cases) -> dict[int, np.ndarray]:
    """The model's score of each sentence of each case (by id(case)), as the shipped model
    computes them (float32 weights, one sentence at a time; a short post's score carried to its
    highest-scoring sentence, scorer.sentence_scores)."""
    found = {}
    for case in cases:
        found[id(case)] = np.array([model.score(i, v) for i, v in case.features], dtype=np.float64)
        languages = model.card.get("posts") or ()
        if languages and case.post is not None:
            prose = [ok and language in languages for ok, language in zip(case.prose, case.languages)]
            found[id(case)] = np.array(carry_post_score(found[id(case)].tolist(), prose, model.score(*case.post)),
                                       dtype=np.float64)
    return found
