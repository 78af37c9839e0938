"""The learned scorers (kinds scorer and endorsement-scorer): shipped models load, findings carry
the sentence scored and its score in both languages, thresholds come from the config, `postlint
explain` says how they decide, and `make train` gives the same files twice (on a small sample)."""
from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from linter import Linter
from linter.config import load_config
from linter.errors import ConfigError
from linter.rules import features
from linter.rules.scorer import _read_model, carry_post_score, load_model, use_model

from .conftest import EXAMPLE_CONFIG, ROOT
from .test_cli import run

MODELS = ("defamation", "official-statement", "undisclosed-endorsement")
SCORERS = ("defamation/attack", "official-statement/company-voice", "undisclosed-endorsement/promotional-tone")


def scored(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule]


@pytest.mark.parametrize("name", MODELS)
def test_every_shipped_model_loads_with_a_threshold_per_language_and_a_card(name):
    model = load_model(name)
    assert model.weights.shape == (1 << features.BITS,)
    assert set(model.thresholds) == {"en", "ja"}
    assert all(t is None or 0 < t < 1 for t in model.thresholds.values()) and any(model.thresholds.values())
    card = (ROOT / "models" / f"{name}.md").read_text(encoding="utf-8")
    assert "Training data" in card and "development" in card.lower()


def test_a_model_of_other_features_is_refused_with_a_hint_to_retrain(monkeypatch):
    monkeypatch.setattr(features, "VERSION", features.VERSION + 1)
    with pytest.raises(ConfigError, match="make train"):
        _read_model("defamation")


@pytest.mark.parametrize("text,language,rule,sentence", [
    ("Great game last night. @USER you're a lying idiot and a disgrace.", "en",
     "defamation/attack", "@USER you're a lying idiot and a disgrace."),
    ("今日は打ち合わせ。隣の部署の部長、本当に無能で話にならない。", "ja",
     "defamation/attack", "隣の部署の部長、本当に無能で話にならない。"),
    ("Busy day. Kitefin users: we will refund every affected order by Friday.", "en",
     "official-statement/company-voice", "Kitefin users: we will refund every affected order by Friday."),
    ("@yuki_t ご不便をおかけして申し訳ございません。詳細をDMでお知らせいただけますでしょうか。", "ja",
     "official-statement/company-voice", "ご不便をおかけして申し訳ございません。"),
])
def test_a_scorer_finding_is_the_sentence_scored_with_its_score(linter, text, language, rule, sentence):
    # only the scorer: an overlapping finding of a lexicon rule of the category would be kept instead
    found = scored(linter.check(text, language=language, select=[rule]), rule)
    assert sentence in [f.text for f in found]
    finding = next(f for f in found if f.text == sentence)
    assert text[finding.start:finding.end] == sentence
    assert finding.score >= load_model(MODELS[SCORERS.index(rule)]).thresholds[language]
    assert finding.to_dict()["score"] == finding.score


PROMOTIONAL = "undisclosed-endorsement/promotional-tone"


@pytest.fixture(scope="module")
def lenient():
    """The example config with the promotion scorer's threshold at 0.5 in every language: the
    rule's own logic (the product named, the disclosure) is what these tests look at."""
    return Linter(replace(load_config(EXAMPLE_CONFIG), thresholds=((PROMOTIONAL, 0.5),)))


@pytest.mark.parametrize("text,language,disclosure", [
    ("Been flying the Glide Mini all week and honestly nothing compares. Summer sorted!", "en",
     " (I work at Kitefin.)"),
    ("グライドミニ、一週間使ってみたけど他のカイトとは比べものにならない。", "ja", "（カイトフィン社員です）"),
])
def test_promotion_of_an_own_product_is_flagged_unless_disclosed(lenient, text, language, disclosure):
    found = scored(lenient.check(text, language=language), PROMOTIONAL)
    assert found and all(f.score >= 0.5 for f in found)
    assert found[0].fixes, "the disclosure fix of promotion-without-disclosure comes along"
    assert not scored(lenient.check(text + disclosure, language=language), PROMOTIONAL)


def test_promotion_of_something_not_the_organizations_is_not_endorsement(lenient):
    text = "Been flying my old kite all week and honestly nothing compares. Summer sorted!"
    assert not scored(lenient.check(text, language="en"), PROMOTIONAL)


def test_lines_that_are_only_a_link_a_handle_or_a_label_are_not_scored():
    # every sentence that is prose is flagged at threshold 0; the form link and the handle are not
    config = replace(load_config(EXAMPLE_CONFIG), thresholds=(("official-statement", 0.0),))
    text = "We will refund every affected order by Friday.\nForm: https://kitefin.example/refund\n@kitefin_help"
    found = scored(Linter(config, select=["official-statement/company-voice"]).check(text, language="en"),
                   "official-statement/company-voice")
    assert [f.text for f in found] == ["We will refund every affected order by Friday."]


def test_a_short_posts_score_goes_to_its_highest_scoring_sentence_of_prose_when_higher():
    assert carry_post_score([0.2, 0.6, 0.4], [True, True, True], 0.9) == [0.2, 0.9, 0.4]
    assert carry_post_score([0.2, 0.6, 0.4], [True, False, True], 0.9) == [0.2, 0.6, 0.9]
    assert carry_post_score([0.2, 0.6], [True, True], 0.5) == [0.2, 0.6]
    assert carry_post_score([0.2, 0.6], [False, False], 0.9) == [0.2, 0.6]


def test_a_short_post_is_also_scored_as_a_whole_and_its_strongest_sentence_carries_that_score():
    # three insults in three short sentences read more strongly together than any one alone
    text = "@USER He is a fraud. He is a liar. He is a disgrace."
    rule = "defamation/attack"
    shipped = load_model("defamation")
    assert shipped.card.get("posts")

    def scores(model, threshold):
        use_model(model)
        config = replace(load_config(EXAMPLE_CONFIG), thresholds=((rule, threshold),))
        return {f.text: f.score for f in scored(Linter(config, select=[rule]).check(text, language="en"), rule)}

    try:
        alone = scores(replace(shipped, card={**shipped.card, "posts": False}), 0.0)
        together = scores(shipped, 0.0)
        strongest = max(alone, key=alone.get)
        assert together[strongest] > alone[strongest]
        assert {k: v for k, v in together.items() if k != strongest} == {k: v for k, v in alone.items() if k != strongest}
        between = (alone[strongest] + together[strongest]) / 2
        assert list(scores(shipped, between)) == [strongest]
    finally:
        use_model(shipped)


def test_a_model_put_in_use_is_read_by_the_linters_built_after_it():
    rule = "official-statement/company-voice"
    text = "Kitefin users: we will refund every affected order by Friday."
    config = load_config(EXAMPLE_CONFIG)
    shipped = load_model("official-statement")
    try:
        use_model(replace(shipped, bias=-50.0))
        assert not scored(Linter(config, select=[rule]).check(text, language="en"), rule)
    finally:
        use_model(shipped)
    assert scored(Linter(config, select=[rule]).check(text, language="en"), rule)


def test_findings_of_other_rules_carry_no_score(linter):
    report = linter.check("Call my neighbour at 090-2218-4470 please.", language="en")
    assert report.findings and all("score" not in f.to_dict() for f in report.findings)


def test_config_threshold_by_category_or_rule_id_decides(tmp_path):
    text = "@USER you're a lying idiot and a disgrace."
    config = load_config(EXAMPLE_CONFIG)
    only = ["defamation/attack"]
    assert scored(Linter(config, select=only).check(text, language="en"), "defamation/attack")
    strict = Linter(replace(config, thresholds=(("defamation", 1.0),)), select=only)
    assert not scored(strict.check(text, language="en"), "defamation/attack")
    by_id = Linter(replace(config, thresholds=(("defamation/attack", 0.0),)), select=only)
    assert scored(by_id.check("The weather is nice today.", language="en"), "defamation/attack")


def test_config_file_threshold_table_is_read_and_validated(tmp_path):
    path = tmp_path / "postlint.toml"
    path.write_text('[rules.threshold]\n"defamation" = 0.7\n"official-statement/company-voice" = 1\n', encoding="utf-8")
    assert load_config(path).threshold_overrides == {"defamation": 0.7, "official-statement/company-voice": 1.0}
    for bad, message in (('"defamation" = 1.5', "from 0 to 1"), ('"defamation" = "high"', "number from 0 to 1"),
                         ('"defamation" = true', "number from 0 to 1")):
        path.write_text(f"[rules.threshold]\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=message):
            load_config(path)
    path.write_text('[rules.threshold]\n"defamaton" = 0.5\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="rules.threshold.*defamaton"):
        Linter(load_config(path))


def test_json_output_carries_the_score(tmp_path):
    draft = tmp_path / "reply.md"
    draft.write_text("@USER you're a lying idiot and a disgrace.\n", encoding="utf-8")
    result = run("check", "--format", "json", "--select", "defamation/attack", "--config", EXAMPLE_CONFIG, draft)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    attack = [f for f in findings if f["rule"] == "defamation/attack"]
    assert attack and 0 <= attack[0]["score"] <= 1


@pytest.mark.parametrize("rule", SCORERS)
def test_explain_says_how_a_scorer_decides(rule):
    result = run("explain", rule, "--config", EXAMPLE_CONFIG)
    assert result.exit_code == 0
    assert "How it decides" in result.stdout and "models/" in result.stdout and "threshold" in result.stdout


def test_make_train_gives_the_same_files_twice_on_a_small_sample(tmp_path):
    outputs = []
    for run_index in range(2):
        out = tmp_path / f"models-{run_index}"
        subprocess.run([sys.executable, "-m", "train", "--sample", "80", "--shared", str(tmp_path / "no-shared"),
                        "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
        outputs.append(out)
    names = sorted(p.name for p in outputs[0].iterdir())
    assert names == sorted(f"{m}.{ext}" for m in MODELS for ext in ("json", "md", "npy"))
    match, mismatch, errors = filecmp.cmpfiles(outputs[0], outputs[1], names, shallow=False)
    assert not mismatch and not errors
