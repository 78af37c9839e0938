"""`make train`: rebuild every learned scorer in models/ from pinned data, deterministically.

    python -m train [--shared ../shared/data] [--out models] [--sample N]

Every labeled text is parsed once and checked by the rules as `postlint check` does
(train/checked.py). For each category (defamation, official-statement, undisclosed-endorsement):
fit a logistic regression on the training rows (train/fit.py); score the drafts of the trained-on
organizations and the ja-toxic comments out of fold (FOLDS models, each fitted without one fold of
organizations or comments); choose the threshold of each language on the development sets (the
development splits of OLID and custcare, the out-of-fold drafts and ja-toxic comments;
train/measure.py); measure the held-out organizations; then write models/<name>.npy (weights,
bias), models/<name>.json (thresholds, figures) and the card models/<name>.md. At the end a real
Linter with the new models checks the held-out organizations and must count what the recipe
counted.

--sample N keeps N examples of each source, evenly spread (a quick run: the test of determinism).
Without the shared data folder only the repository's data is used.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from linter import Linter
from linter.config import Config, load_config
from linter.rules import features
from linter.rules.scorer import Model, use_model

from . import data
from .cards import write_card
from .checked import Checked, Found, check_all, findings, scorer_specs
from .fit import Settings, fit, scores, sentence_labels, source_of, training_rows
from .measure import GRID, Counts, count, counts

# What a development set's threshold must keep: the share of its clean cases flagged (the
# targets of issue #14: OLID at most 5% of not-offensive tweets; the others with a margin), and
# which figure it is chosen for. Drafts: the three
# scorers and the rules together must flag at most 5% of clean drafts, so each scorer may add 1%
# on the out-of-fold drafts (at 3% each, 9-14% of the held-out organizations' clean drafts were
# flagged in all).
LIMITS = {"olid": (0.05, "r"), "custcare": (0.025, "r"), "ja-toxic": (0.05, "r")}
DRAFT_LIMIT = (0.01, "f1")
# How each category's model is fitted (chosen by the development figures, models/README.md).
SETTINGS = {
    "defamation": Settings(c=1.0, posts=("en",), row_weight=(("drafts", 10.0), ("rule-examples", 3.0), ("ja-toxic", 10.0))),
    "official-statement": Settings(c=2.0, row_weight=(("drafts", 10.0), ("rule-examples", 3.0))),
    "undisclosed-endorsement": Settings(c=2.0, row_weight=(("drafts", 10.0), ("rule-examples", 3.0))),
}


@dataclass
class DevSet:
    """Development cases of one source for one category, scored by a model never trained on them,
    and what a threshold must keep."""

    name: str
    category: str
    cases: list[Checked]
    scores: dict[int, np.ndarray]
    limit: float  # share of its clean cases a threshold may flag
    primary: str  # "r" (recall: real corpora) or "f1" (drafts)

    def counts(self, rule_id: str | None, thresholds: dict, language: str | None = None) -> Counts:
        cases = [c for c in self.cases if language is None or c.example.language == language]
        return counts(cases, self.category, rule_id, self.scores, thresholds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=data.REPO.parent / "shared" / "data",
                        help="the folder of the real labeled corpora (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=data.REPO / "models", help="where to write the models")
    parser.add_argument("--sample", type=int, default=0, help="keep N examples of each source, evenly spread")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    examples = load_examples(args.shared, args.sample)
    say(f"{len(examples)} examples from {', '.join(sorted({e.source.split('/')[0] for e in examples}))}")
    folds = fold_of(examples)
    cases = check_all(examples, sentence_labels, wanted=lambda e: e.split == "dev" or e.source.startswith("drafts/"),
                      progress=progress())
    say(f"parsed and checked {len(cases)} texts ({time.perf_counter() - started:.0f} s)")
    specs = scorer_specs()
    models = {}
    for name in data.CATEGORIES:
        rule_id = specs[name].id
        model, devsets, held_out = train_one(name, cases, folds)
        use_model(model)
        thresholds = {language: choose(devsets, rule_id, language) for language in ("en", "ja")}
        figures = {}
        for devset in devsets + held_out:
            figures[devset.name] = {"model+rules": devset.counts(rule_id, thresholds).figures(),
                                    "rules": devset.counts(None, {}).figures()}
        model = Model(name, model.weights, model.bias, thresholds, {**model.card, "thresholds": thresholds})
        use_model(model)
        models[name] = model
        write_model(args.out, model, cases, figures)
        say(f"{name}: thresholds {thresholds}; " + "; ".join(
            f"{k} R {v['model+rules']['r']:.2f} F1 {v['model+rules']['f1']:.2f} "
            f"clean flagged {v['model+rules']['clean_flagged']:.1%}" for k, v in figures.items())
            + f" ({time.perf_counter() - started:.0f} s)")
    confirm(cases, models)
    say(f"done ({time.perf_counter() - started:.0f} s)")
    return 0


def progress():
    """A progress callback that says how far the check got at every tenth of the texts."""
    said = [0]

    def report(done: int, total: int) -> None:
        if done * 10 // total > said[0]:
            said[0] = done * 10 // total
            say(f"checked {done}/{total} texts")
    return report


def load_examples(shared: Path, sample: int) -> list[data.Example]:
    groups = []
    if shared.is_dir():
        groups += [data.olid(shared), data.custcare(shared), data.ja_toxic(shared)]
    else:
        say(f"{shared} not found: training on the repository's data only")
    groups += [data.drafts(), data.rule_examples()]
    if sample:
        groups = [g[::max(1, len(g) // sample)][:sample] for g in groups]
    return [e for g in groups for e in g]


def fold_of(examples: list[data.Example]) -> dict[str, int]:
    """The cross-validation fold of each example that has one (by id): the drafts of the
    trained-on organizations by organization (data.fold_of), ja-toxic comments by crc32 of the id."""
    organizations = sorted({e.source.split("/", 1)[1] for e in examples if e.source.startswith("drafts/")})
    by_org = data.fold_of(organizations)
    found = {}
    for e in examples:
        if e.source.startswith("drafts/") and e.split == "train":
            found[e.id] = by_org[e.source.split("/", 1)[1]]
        elif e.source == "ja-toxic":
            found[e.id] = zlib.crc32(e.id.encode("utf-8")) % data.FOLDS
    return found


def trained_on(case: Checked, name: str) -> bool:
    """Whether a case's sentences are training rows of the category's model: the training split,
    and the ja-toxic comments for defamation (cross-validated: their figures are out of fold)."""
    example = case.example
    return example.split == "train" or (example.source == "ja-toxic" and name == "defamation")


def train_one(name: str, cases: list[Checked], folds: dict[str, int]) -> tuple[Model, list[DevSet], list[DevSet]]:
    """The category's model fitted on every training row; the development sets to choose its
    thresholds on and the held-out organizations, each scored by a model never trained on it."""
    settings = SETTINGS[name]
    training = [c for c in cases if trained_on(c, name)]
    out_of_fold: dict[int, np.ndarray] = {}
    for k in range(data.FOLDS):
        held = [c for c in training if folds.get(c.example.id) == k]
        rest = [c for c in training if folds.get(c.example.id) != k]
        if held and len(set(training_rows(name, rest)[1].tolist())) == 2:
            out_of_fold.update(scores(fit(name, rest, settings), held))
    model = fit(name, training, settings)
    dev = [c for c in cases if c.example.split == "dev" and not trained_on(c, name)]
    final = scores(model, dev)
    devsets, held_out = [], []
    for source in ("olid", "custcare"):
        group = [c for c in dev if c.example.source == source and name in c.example.labels]
        if group:
            devsets.append(dev_set(source, group, final, name, *LIMITS[source]))
    group = [c for c in training if c.example.source == "ja-toxic" and id(c) in out_of_fold]
    if group:
        devsets.append(dev_set("ja-toxic (out of fold)", group, out_of_fold, name, *LIMITS["ja-toxic"]))
    for language in ("en", "ja"):
        group = [c for c in training if c.example.source.startswith(f"drafts/{language}-") and id(c) in out_of_fold]
        if group:
            devsets.append(dev_set(f"drafts/{language} (out of fold)", group, out_of_fold, name, *DRAFT_LIMIT))
    for source in sorted({c.example.source for c in dev if c.example.source.startswith("drafts/")}):
        group = [c for c in dev if c.example.source == source]
        held_out.append(dev_set(source, group, final, name, *DRAFT_LIMIT))
    return model, devsets, held_out


def dev_set(label: str, cases: list[Checked], found: dict, category: str, limit: float, primary: str) -> DevSet:
    return DevSet(label, category, cases, found, limit, primary)


def choose(devsets: list[DevSet], rule_id: str, language: str) -> float | None:
    """The threshold for one language: among those that keep every set's clean cases within its
    limit, the one with the best sum of primary figures (recall or F1); the highest on a tie.
    When none keeps every limit, the one that exceeds them least. None (the scorer is off in this
    language) when the rules alone do better than the rules with the scorer at every threshold."""
    relevant = [d for d in devsets if any(c.example.language == language for c in d.cases)]
    if not relevant:
        return None
    best = None
    for t in [*GRID, None]:
        figures = [d.counts(rule_id if t is not None else None, {language: t}, language) for d in relevant]
        excess = sum(max(0.0, f.clean_rate - d.limit) for f, d in zip(figures, relevant))
        value = sum(getattr(f, d.primary) for f, d in zip(figures, relevant))
        key = (-round(excess, 9), round(value, 9), 2.0 if t is None else t)
        if best is None or key > best[0]:
            best = (key, t)
    return best[1]


def confirm(cases: list[Checked], models: dict[str, Model]) -> None:
    """A real Linter with the new models checks the held-out organizations: its counts must be
    those the recipe computed (else the recipe's simulation of a check is wrong: stop)."""
    held = [c for c in cases if c.example.split == "dev" and c.example.source.startswith("drafts/")]
    specs = scorer_specs()
    by_config: dict = {}
    for case in held:
        by_config.setdefault(case.example.config, []).append(case)
    for path, group in by_config.items():
        linter = Linter(load_config(path) if path else Config())
        reports = linter.check_many([c.example.text for c in group])
        for case, report in zip(group, reports):
            real = [Found(f.rule, f.category, f.start, f.end, f.severity.value, f.score is not None)
                    for f in report.findings]
            for name, model in models.items():
                rule_id = specs[name].id
                added = {rule_id: [i for i, (score, language) in enumerate(zip(
                    scores(model, [case])[id(case)], case.languages))
                    if model.thresholds.get(language) is not None and score >= model.thresholds[language]]}
                simulated = count(case, name, findings(case, added))
                actual = count(case, name, real)
                if simulated != actual:
                    raise SystemExit(f"make train: {case.example.id}: a check counts {actual} for {name}, "
                                     f"the recipe {simulated}")
    say(f"a real check of {len(held)} held-out drafts counts what the recipe counted")


def write_model(out: Path, model: Model, cases: list[Checked], figures: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / f"{model.name}.npy", np.append(model.weights, model.bias).astype(np.float16), allow_pickle=False)
    used = [c for c in cases if trained_on(c, model.name)]
    _, labels, sources = training_rows(model.name, used, SETTINGS[model.name].posts)
    meta = {
        "features": features.VERSION, "bits": features.BITS, "thresholds": model.thresholds,
        "posts": list(SETTINGS[model.name].posts),
        "summary": f"logistic regression over hashed word, character and parse features, {len(labels)} training rows",
        "training_rows": count_by_source(labels, sources), "development": figures, "date": data_date(),
        "settings": {"c": SETTINGS[model.name].c, "row_weight": dict(SETTINGS[model.name].row_weight)},
    }
    (out / f"{model.name}.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    write_card(out, model.name, meta)


def count_by_source(labels: np.ndarray, sources: list[str]) -> dict:
    found: dict[str, list[int]] = {}
    for label, source in zip(labels.tolist(), sources):
        found.setdefault(source, [0, 0])[label] += 1
    return {k: {"negative": v[0], "positive": v[1]} for k, v in sorted(found.items())}


def data_date() -> str:
    """The date of the last commit that changed the recipe or its data: the same files on every
    rerun of the same commit."""
    try:
        found = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "train", "rules"], cwd=data.REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = ""
    return found or "unknown"


def say(message: str) -> None:
    print(f"make train: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
