"""Entities found in a second process while the rest of a parse runs: the same Docs and findings
as one process, a fallback when the child fails, and a server whose check process starts its
child and stops with it."""
from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from linter import Linter
from linter.nlp.entity_worker import runs_aside
from linter.nlp.segments import Pipelines

from .conftest import EXAMPLE_CONFIG
from .server_fixtures import serve_process

DRAFTS = [
    "Huge thanks to my coworker Priya Raman and to Daniel Huang from Acme Corp in Springfield!",
    "Call my neighbour Tom Baker on 090-1234-5678 before Friday, March 3.",
    "We shipped nothing today. 🐕‍🦺 Just coffee.",
    "",
]


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def aside():
    pipelines = Pipelines()
    assert pipelines.find_entities_aside("en")
    yield pipelines
    pipelines.stop_entity_workers()


def test_only_a_last_independent_entity_recognizer_runs_aside():
    pipelines = Pipelines()
    assert runs_aside(pipelines.get("en"))
    assert not runs_aside(pipelines.get("ja"))  # ja_ginza's ner listens to the shared tok2vec
    assert not pipelines.find_entities_aside("ja")


def test_docs_parsed_with_entities_aside_are_the_same(aside):
    nlp = aside.get("en")
    for text in DRAFTS:
        doc = aside.parse("en", text)
        assert annotations(doc) == annotations(nlp(text))
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def test_findings_with_entities_aside_are_the_same(linter):
    other = Linter.from_config(EXAMPLE_CONFIG)
    assert other.pipelines.find_entities_aside("en")
    try:
        for text in DRAFTS:
            assert other.check(text).findings == linter.check(text).findings
    finally:
        other.pipelines.stop_entity_workers()


def test_a_failed_child_leaves_the_parse_to_this_process():
    pipelines = Pipelines()
    assert pipelines.find_entities_aside("en")
    worker = pipelines._entity_workers["en"]
    assert worker.alive
    os.kill(worker.pid, signal.SIGKILL)
    os.waitpid(worker.pid, 0)
    doc = pipelines.parse("en", DRAFTS[0])
    assert annotations(doc) == annotations(pipelines.get("en")(DRAFTS[0])) and doc.ents
    assert not worker.alive
    pipelines.stop_entity_workers()


def model_processes(pid: int) -> list[psutil.Process]:
    """The server's model process, its check process and the check process's entity child."""
    return [p for p in psutil.Process(pid).children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]


def process_tree(pid: int, seconds: float = 20.0):
    """The server's model processes, its model process and check processes, once the check
    process has forked its entity child (it does so just after the server says it is ready)."""
    deadline = time.monotonic() + seconds
    while True:
        children = model_processes(pid)
        model = next(p for p in children if p.ppid() == pid)
        checks = [p for p in children if p.ppid() == model.pid]
        if len(children) >= 3 or time.monotonic() > deadline:
            return children, model, checks
        time.sleep(0.1)


def test_the_server_starts_its_entity_process_and_stops_it_on_sigterm():
    with serve_process(EXAMPLE_CONFIG, "--no-access-log") as process:
        children, model, checks = process_tree(process.process.pid)
        assert len(checks) == 1 and [p.ppid() for p in children if p not in (model, *checks)] == [checks[0].pid]
        assert process.stop(signal.SIGTERM) == 0
        assert not any(child.is_running() and child.status() != psutil.STATUS_ZOMBIE for child in children)


def test_one_process_server_starts_no_child():
    with serve_process(EXAMPLE_CONFIG, "--no-access-log", "--one-process") as process:
        assert psutil.Process(process.process.pid).children(recursive=True) == []
