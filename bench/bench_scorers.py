"""Issue 14, the learned scorers' cost: loading the shipped models, a check against a bare spaCy
parse with and without the scorer rules, and check_many against bare nlp.pipe (CPU time, in turns,
in one process). The server's p95 is the server part's."""
from __future__ import annotations

import random
import time

from bench_batch import english_draft
from bench_core import DRAFTS
from common import CONFIG, Measure, interleaved_cpu

SCORERS = ["defamation/attack", "official-statement/company-voice", "undisclosed-endorsement/promotional-tone"]


def model_load_seconds() -> float:
    """Wall time to read every shipped model from models/, as a new process does."""
    from linter.rules import scorer

    names = ("defamation", "official-statement", "undisclosed-endorsement")
    scorer._MODELS.clear()
    started = time.perf_counter()
    for name in names:
        scorer.load_model(name)
    return time.perf_counter() - started


def check_ratios(language: str, repeat: int) -> dict:
    from linter import Linter

    linter = Linter.from_config(CONFIG)
    without = Linter.from_config(CONFIG, ignore=SCORERS)
    text = DRAFTS[language]
    nlp = linter.pipelines.get(language)
    return interleaved_cpu({
        "check": lambda: linter.check(text, language=language),
        "without scorers": lambda: without.check(text, language=language),
        "parse": lambda: nlp(text),
    }, repeat)


def batch_ratio(drafts: int, repeat: int) -> dict:
    from linter import Linter

    rng = random.Random(11)
    texts = [english_draft(rng) for _ in range(drafts)]
    linter = Linter.from_config(CONFIG)
    nlp = linter.pipelines.get("en")
    return interleaved_cpu({"bare": lambda: list(nlp.pipe(texts, batch_size=64)),
                            "check_many": lambda: linter.check_many(texts, "en")}, repeat)


def run(quick: bool) -> tuple[list[Measure], dict]:
    repeat = 10 if quick else 30
    load = model_load_seconds()
    measures = [Measure("load every shipped model (wall)", load, " s", "<=", 0.5)]
    details = {"model_load_s": round(load, 4)}
    for language in ("en", "ja"):
        t = check_ratios(language, repeat)
        measures += [
            Measure(f"{language}: check / bare spaCy parse (CPU)", t["check"] / t["parse"], "x", "<=", 1.6),
            Measure(f"{language}:   the same without the scorer rules (CPU)", t["without scorers"] / t["parse"], "x"),
            Measure(f"{language}:   the scorers' share of a check (CPU)", (t["check"] - t["without scorers"]) * 1000, " ms"),
        ]
        details[language] = {k: round(v * 1000, 3) for k, v in t.items()}
    b = batch_ratio(64 if quick else 256, 3 if quick else 10)
    measures.append(Measure("check_many / bare nlp.pipe, ~300-char English drafts (CPU)", b["check_many"] / b["bare"], "x", "<=", 1.3))
    details["batch_ms"] = {k: round(v * 1000, 3) for k, v in b.items()}
    return measures, details
