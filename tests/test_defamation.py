"""defamation: accusations, insults and damaging rumours aimed at someone identifiable."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from linter.cli import app

from .conftest import EXAMPLE_CONFIG, spans

CATEGORY = "defamation"


def defamation(linter, text):
    return [f for f in linter.check(text).findings if f.category == CATEGORY and f.severity.value != "info"]


@pytest.mark.parametrize("text,phrase,rule", [
    ("Our old landlord, Gary Hobbes, pocketed the deposits of every tenant.", "pocketed the deposits", "defamation/accusation"),
    ("Brightwave Corp cooked the books for years and everyone knows it.", "cooked the books", "defamation/accusation"),
    ("Don't order from @cheapdronez, they are scammers.", "are scammers", "defamation/accusation"),
    ("Our new regional manager is an absolute clown.", "is an absolute clown", "defamation/insult"),
    ("Apparently Skyward Aero is about to go bankrupt, get your deposits back.", "about to go bankrupt", "defamation/rumour"),
    ("元上司の佐伯、会社の経費を着服してた。", "着服", "defamation/accusation"),
    ("ハコブネ工業の新製品、うちの設計をパクったらしい。", "パクった", "defamation/accusation"),
    ("隣の部署の部長、本当に無能。", "無能", "defamation/insult"),
    ("スカイワード社のドローン、すぐ壊れるって業界じゃみんな言ってる。", "すぐ壊", "defamation/rumour"),
])
def test_accusations_insults_and_rumours_about_someone_are_flagged_on_the_phrase(linter, text, phrase, rule):
    [finding] = defamation(linter, text)
    assert finding.rule == rule
    assert (finding.start, finding.end) == (text.index(phrase), text.index(phrase) + len(phrase))


def test_the_message_names_whom_the_accusation_concerns(linter):
    [finding] = defamation(linter, "Everyone knows Daniel Voss is a liar.")
    assert finding.message == "Accusation of a crime or dishonesty aimed at Daniel Voss"
    assert finding.severity.value == "error"


def test_close_phrases_of_one_sentence_become_one_finding(linter):
    text = "My old boss, Brad Kowalczyk, is a lying, thieving crook who pocketed our overtime pay."
    [finding] = defamation(linter, text)
    assert finding.text == "is a lying, thieving crook who pocketed our overtime"


@pytest.mark.parametrize("text,phrase", [
    ("Why does @kitefin keep retweeting Brightwave Corp? Those guys are fraudsters.", "fraudsters"),
    ("元同僚の木村の話。窃盗で捕まったらしい。", "窃盗で捕まっ"),
])
def test_a_sentence_can_point_back_to_the_target_of_the_one_before(linter, text, phrase):
    assert spans(linter.check(text), CATEGORY) == [phrase]


@pytest.mark.parametrize("text", [
    "Beware of scam calls pretending to be from your bank.",
    "Fraud detection is a fascinating field, great intro here: https://fraud.example/intro",
    "I lied to myself that I'd go to the gym this week.",
    "I stole a fry from my daughter's plate.",
    "Kitefin Labs stole the show at the drone expo.",
    "The clown at my niece's birthday party was genuinely funny.",
    "My sister's phone got stolen on the train 😩",
    "My Brightwave drone cracked after a month, so I returned it.",
    "Brightwave's new drone disappointed me: short battery life and a clunky app.",
    "Apparently it's going to rain all weekend.",
    "自分のミスで納期に遅れた。本当に無能だったと反省。",
    "詐欺メールに注意してください。銀行は暗証番号を聞きません。",
    "うちのスカイワード社のドローン、1か月で壊れた。返品しました。",
    "このゴミ箱、デザインがかわいくて気に入ってます。",
])
def test_no_target_the_author_as_subject_or_own_experience_is_not_defamation(linter, text):
    assert not defamation(linter, text)


def test_rumours_about_the_own_organization_are_not_competitor_rumours(linter):
    assert not defamation(linter, "Apparently the Glide Mini catches fire if you fly it in the rain. Not true, by the way.")
    assert spans(linter.check("Apparently the Brightwave drone catches fire if you fly it in the rain."), CATEGORY)


def test_explain_prints_what_why_and_instead(tmp_path):
    result = CliRunner().invoke(app, ["explain", "defamation/accusation", "--config", str(EXAMPLE_CONFIG)])
    assert result.exit_code == 0
    for heading in ("What it flags", "Why it is risky", "Instead", "Flagged (en)", "Fine (ja)"):
        assert heading in result.stdout
    assert "defamation/accusation  (defamation, error, en, ja)" in result.stdout
