"""Every labeled text parsed once and checked by the rules as `postlint check` does, with what the
learned scorers would add at any threshold: the recipe trains, cross-validates and measures on this.

For one text, `Checked` holds
- its sentences (units.py) with their hashed features (features.py) and labels (train/fit.py),
- the findings of every rule except the scorers (all categories, the engine's post-processing),
- for each scorer rule, what it would report if only one sentence scored above its threshold:
  the rule's own logic (a product named, no disclosure...) and the engine's post-processing are run
  for real, one sentence at a time. A threshold then selects sentences by their score, and
  `findings` puts their findings together as the rule and the engine do (spans of one rule that
  overlap are united; an endorsement rule uses the sentence-level path when any selected sentence
  has one, else the paragraph-level path; the engine keeps one finding per overlapping group of a
  category, a rule's before a scorer's).

`train/measure.py` counts the findings as the shared eval's score.py does; `make train` checks at
the end that a real Linter at the chosen thresholds gives the same counts.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from linter import Linter
from linter.config import Config, load_config
from linter.draft import Draft
from linter.engine import language_at
from linter.nlp.segments import parse_segments_many
from linter.rules import features
from linter.rules.base import Context
from linter.rules.conditional import ConditionalRule, merge_spans
from linter.rules.loader import builtin_rules_dir, load_specs
from linter.rules.scorer import EndorsementScorerRule, Model, holds_prose, use_model
from linter.rules.units import units

from .data import CATEGORIES, Example

BATCH = 256
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Found:
    """A finding as the score counts it."""

    rule: str
    category: str
    start: int
    end: int
    severity: str
    scored: bool = False  # from a learned scorer


@dataclass
class Checked:
    """One labeled text, parsed and checked (see the module docstring)."""

    example: Example
    sentences: list[tuple[int, int]]
    languages: list[str]  # the language of each sentence (its segment's)
    features: list[tuple[np.ndarray, np.ndarray]]
    labels: list[dict[str, int]]  # per sentence: category -> 0/1 (missing: not a training row)
    by_rules: list[Found]
    paragraphs: list[int] = field(default_factory=list)  # the paragraph (index) of each sentence
    post: tuple[np.ndarray, np.ndarray] | None = None  # the features of a short post as a whole
    prose: list[bool] = field(default_factory=list)  # per sentence: holds prose (scorer.holds_prose)
    # scorer rule id -> per sentence: (findings of the sentence-level path, of the paragraph path)
    by_scorer: dict[str, list[tuple[list[Found], list[Found]]]] = field(default_factory=dict)


def scorer_specs():
    """The specs of the scorer rules (kinds scorer and endorsement-scorer), by model name."""
    return {spec.params["model"]: spec for spec in load_specs([builtin_rules_dir()])
            if spec.kind in ("scorer", "endorsement-scorer")}


def check_all(examples: list[Example], labeler, wanted=lambda example: True, progress=None) -> list[Checked]:
    """Parse and check every example (grouped by config, in batches); `labeler(example, start, end)`
    gives a sentence's labels. Examples not `wanted` are only featurized (training rows)."""
    specs = scorer_specs()
    for name in specs:  # the rules' logic is run without a model: placeholders until one is fitted
        use_model(Model(name, np.zeros(1 << features.BITS, np.float32), 0.0, {}, {}))
    order: dict[Path | None, list[int]] = {}
    for index, example in enumerate(examples):
        order.setdefault(example.config, []).append(index)
    found: list[Checked | None] = [None] * len(examples)
    done = 0
    for path, indices in order.items():
        config = load_config(path) if path else Config()
        by_rules = Linter(config, ignore=[s.id for s in specs.values()])
        by_scorer = Linter(config, select=[s.id for s in specs.values()])
        for at in range(0, len(indices), BATCH):
            batch = indices[at:at + BATCH]
            drafts = [Draft(text=examples[i].text) for i in batch]
            texts = [d.analysis_text if d.text.strip() else "" for d in drafts]
            parsed = parse_segments_many(texts, by_rules.pipelines, [None] * len(batch))
            for i, draft, segments in zip(batch, drafts, parsed):
                found[i] = _checked(examples[i], draft, segments, by_rules, by_scorer, labeler, wanted(examples[i]))
            done += len(batch)
            if progress:
                progress(done, len(examples))
    return found


def _checked(example: Example, draft: Draft, segments, by_rules: Linter, by_scorer: Linter, labeler,
             check: bool) -> Checked:
    rules_found = []
    if check:
        report = by_rules._report(draft, segments, None, by_rules.rules, "en")
        rules_found = [Found(f.rule, f.category, f.start, f.end, f.severity.value) for f in report.findings]
    ctx = Context(draft=draft, segments=segments, config=by_scorer.config, presidio=None, pipelines=by_scorer.pipelines)
    sentences = list(units(ctx).sentences)
    languages = [language_at(segments, s) for s, _ in sentences]
    feats = [found for _, _, found in features.sentence_features(ctx)]
    labels = [labeler(example, s, e) for s, e in sentences]
    paragraph_starts = [p for p, _ in units(ctx).paragraphs]
    paragraphs = [bisect.bisect_right(paragraph_starts, s) - 1 for s, _ in sentences]
    checked = Checked(example, sentences, languages, feats, labels, rules_found, paragraphs,
                      features.post_features(ctx), [holds_prose(ctx, s, e) for s, e in sentences])
    for rule in by_scorer.rules if check else ():
        checked.by_scorer[rule.spec.id] = [_one_sentence(by_scorer, rule, draft, segments, sentence, language)
                                           for sentence, language in zip(sentences, languages)]
    return checked


class _Only:
    """Stands in for a scorer rule's ScoredSentences: one sentence scores above the threshold."""

    def __init__(self, model, sentence, language_ok: bool):
        self.model = model
        self.sentence = sentence
        self.language_ok = language_ok

    def above(self, ctx):
        return [(*self.sentence, 1.0)] if self.language_ok else []


def _one_sentence(linter: Linter, rule, draft: Draft, segments, sentence, language) -> tuple[list[Found], list[Found]]:
    """What a scorer rule reports when only `sentence` scores above its threshold: the findings of
    the sentence-level path and (endorsement rules) of the paragraph-level path."""
    ctx = Context(draft=draft, segments=segments, config=linter.config, presidio=None, pipelines=linter.pipelines)
    if not ctx.languages & set(rule.spec.languages) or not holds_prose(ctx, *sentence):
        return [], []
    real = rule.scored
    rule.scored = _Only(real.model, sentence, language in rule.spec.languages)
    try:
        if isinstance(rule, EndorsementScorerRule):
            first = list(ConditionalRule.check(rule, ctx))
            second = list(rule._paragraph_hits(ctx)) if rule.about is not None and not first else []
        else:
            first, second = list(rule.check(ctx)), []
    finally:
        rule.scored = real
    return _as_found(linter, rule, draft, segments, first), _as_found(linter, rule, draft, segments, second)


def _as_found(linter: Linter, rule, draft: Draft, segments, hits) -> list[Found]:
    findings = [linter._finding(draft, rule.spec, hit, "en") for hit in hits]
    return [Found(f.rule, f.category, f.start, f.end, f.severity.value, True)
            for f in linter._post_process(draft, findings)]


# ---------------------------------------------------------------------- findings at thresholds

def selected(checked: Checked, scores: np.ndarray, thresholds: dict[str, float | None]) -> list[int]:
    """The sentences whose score reaches the threshold of their language."""
    return [i for i, (score, language) in enumerate(zip(scores, checked.languages))
            if thresholds.get(language) is not None and score >= thresholds[language]]


def scorer_findings(checked: Checked, rule_id: str, chosen: list[int]) -> list[Found]:
    """What a scorer rule reports when the sentences `chosen` score above its threshold."""
    per_sentence = checked.by_scorer.get(rule_id)
    if not per_sentence or not chosen:
        return []
    first = [f for i in chosen for f in per_sentence[i][0]]
    if first:
        return _united(first)
    return _united([f for i in chosen for f in per_sentence[i][1]])


def _united(found: list[Found]) -> list[Found]:
    """Overlapping spans of one rule united, as merge_spans does."""
    if not found:
        return []
    merged = merge_spans([(f.start, f.end, f.start, False) for f in found])
    template = found[0]
    return [Found(template.rule, template.category, s, e, template.severity, True) for s, e, _, _ in merged]


def merge_overlaps(found: list[Found]) -> list[Found]:
    """The engine's merge_overlaps: one finding per overlapping group of a category, the most
    severe, then a rule's over a scorer's, then the longest."""
    ranked = sorted(found, key=lambda f: (-SEVERITY_RANK[f.severity], f.scored, -(f.end - f.start), f.start, f.rule))
    kept: list[Found] = []
    for f in ranked:
        if not any(k.category == f.category and k.start < f.end and f.start < k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))


def findings(checked: Checked, added: dict[str, list[int]]) -> list[Found]:
    """The check's findings: the rules' and, per scorer rule id, those of the sentences `added`."""
    extra = [f for rule_id, chosen in added.items() for f in scorer_findings(checked, rule_id, chosen)]
    return merge_overlaps(checked.by_rules + extra) if extra else checked.by_rules


def category_of(rule_id: str) -> str:
    return rule_id.split("/", 1)[0]


__all__ = ["CATEGORIES", "Checked", "Found", "check_all", "findings", "scorer_specs", "selected"]
