"""defamation: accusations, insults and damaging rumours aimed at someone identifiable."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from linter import Linter
from linter.cli import app
from linter.config import Config, Organization

from .conftest import EXAMPLE_CONFIG, spans

CATEGORY = "defamation"


def defamation(linter, text):
    return [f for f in linter.check(text).findings if f.category == CATEGORY and f.severity.value != "info"]


@pytest.mark.parametrize("text,phrase,rule", [
    ("Our old landlord, Gary Hobbes, pocketed the deposits of every tenant.", "pocketed the deposits", "defamation/accusation"),
    ("Brightwave Corp cooked the books for years and everyone knows it.", "cooked the books", "defamation/accusation"),
    ("Don't order from @cheapdronez, they are scammers.", "are scammers", "defamation/accusation"),
    ("Zephyr Mobile is scamming its customers with hidden fees.", "scamming its customers with hidden fees", "defamation/accusation"),
    ("Got totally ripped off by Pinecrest Movers last week.", "ripped off", "defamation/accusation"),
    ("Ms. Whitaker plagiarised half of her book from a student's thesis.", "plagiarised", "defamation/accusation"),
    ("Honestly Tom Becker is a total fraud.", "is a total fraud", "defamation/accusation"),
    ("The people running CoinDash should be in jail.", "should be in jail", "defamation/accusation"),
    ("Our new regional manager is an absolute clown.", "is an absolute clown", "defamation/insult"),
    ("Hot take: Mira Okada is a talentless hack.", "is a talentless hack", "defamation/insult"),
    ("Apparently Skyward Aero is about to go bankrupt, get your deposits back.", "about to go bankrupt", "defamation/damaging-claim"),
    ("Harlow Bank is about to go under, move your savings now.", "about to go under", "defamation/damaging-claim"),
    ("I heard that Lisa Tran is getting fired for drinking on the job.", "is getting fired for drinking on the job", "defamation/rumour"),
    ("元上司の佐伯、会社の経費を着服してた。", "着服", "defamation/accusation"),
    ("ハコブネ工業の新製品、うちの設計をパクったらしい。", "パクった", "defamation/accusation"),
    ("ツバキ不動産は敷金を返さない悪徳業者。", "悪徳業者", "defamation/accusation"),
    ("隣の部署の部長、本当に無能。", "無能", "defamation/insult"),
    ("スカイワード社のドローン、すぐ壊れるって業界じゃみんな言ってる。", "すぐ壊", "defamation/rumour"),
    ("ここだけの話、経理の森さんがクビになるみたい。", "クビになる", "defamation/rumour"),
])
def test_accusations_insults_and_rumours_about_someone_are_flagged_on_the_phrase(linter, text, phrase, rule):
    [finding] = defamation(linter, text)
    assert finding.rule == rule
    assert (finding.start, finding.end) == (text.index(phrase), text.index(phrase) + len(phrase))


@pytest.mark.parametrize("text,named", [
    ("Everyone knows Daniel Voss is a liar.", "Daniel Voss"),
    ("Word is the CFO of Norland Bank is under investigation.", "the CFO of Norland Bank"),
    ("Rumour has it that Brightwave is about to lay off half its staff.", "Brightwave"),
    ("Brightwave’s CEO is an idiot.", "Brightwave’s CEO"),
    ("Heard Raj Patel got arrested last weekend.", "Raj Patel"),
    ("The company next door dumps chemicals in the river at night.", "The company next door"),
    ("オリオン物流の社長、脱税で捕まるらしい。", "オリオン物流の社長"),
    ("田中部長が会社の金を横領してるって噂。", "田中部長"),
    ("元同僚の高橋さん、先週逮捕されたって。", "元同僚の高橋さん"),
])
def test_the_message_names_the_whole_target_not_the_first_word_of_the_sentence(linter, text, named):
    [finding] = defamation(linter, text)
    if finding.lang == "ja":  # 「オリオン物流の社長への犯罪・不正の告発」
        assert finding.message.startswith(f"{named}の") or finding.message.startswith(f"{named}へ")
    else:
        assert finding.message.endswith(f" {named}")


def test_an_accusation_is_an_error_an_insult_a_warning(linter):
    [accusation] = defamation(linter, "Everyone knows Daniel Voss is a liar.")
    assert accusation.message == "Accusation of a crime or dishonesty aimed at Daniel Voss"
    assert accusation.severity.value == "error"
    [insult] = defamation(linter, "Daniel Voss is a spineless coward.")
    assert (insult.rule, insult.severity.value) == ("defamation/insult", "warning")


def test_close_phrases_of_one_sentence_become_one_finding(linter):
    text = "My old boss, Brad Kowalczyk, is a lying, thieving crook who pocketed our overtime pay."
    [finding] = defamation(linter, text)
    assert finding.text == "is a lying, thieving crook who pocketed our overtime"


@pytest.mark.parametrize("text,phrase", [
    ("Why does @kitefin keep retweeting Brightwave Corp? Those guys are fraudsters.", "are fraudsters"),
    ("Whatever you do, don't bank with Orion Trust. Those people are criminals.", "are criminals"),
    ("Pretty sure Solace Insurance denies valid claims on purpose. Crooks.", "Crooks."),
    ("So Kestrel Airlines lost my bag AGAIN. Useless, incompetent clowns.", "clowns"),
    ("元同僚の木村の話。窃盗で捕まったらしい。", "窃盗で捕まったらしい"),
])
def test_a_sentence_can_point_back_to_the_target_of_the_one_before(linter, text, phrase):
    assert spans(linter.check(text), CATEGORY) == [phrase]


@pytest.mark.parametrize("text", [
    "Beware of scam calls pretending to be from your bank.",
    "Fraud detection is a fascinating field, great intro here: https://fraud.example/intro",
    "Our economics teacher explained how money laundering works, fascinating class.",
    "I lied to myself that I'd go to the gym this week.",
    "I stole a fry from my daughter's plate.",
    "Kitefin Labs stole the show at the drone expo.",
    "The clown at my niece's birthday party was genuinely funny.",
    "The villain in that film lies, cheats and steals his way to the top.",
    "My sister's phone got stolen on the train 😩",
    "Got scammed by a fake ticket site once, always buy from the venue.",
    "My manager took credit for nothing and gave it all to the team. Legend.",
    "I heard that Maria got a promotion, congrats!",
    "Apparently it's going to rain all weekend.",
    "自分のミスで納期に遅れた。本当に無能だったと反省。",
    "詐欺メールに注意してください。銀行は暗証番号を聞きません。",
    "映画の悪役がクズすぎて逆に好き",
    "財布を盗まれた。最悪の一日。",
    "元カレの佐藤くん、結婚したらしい。おめでとう！",
])
def test_no_target_the_author_as_subject_fiction_and_good_news_are_not_defamation(linter, text):
    assert not defamation(linter, text)


@pytest.mark.parametrize("text", [
    "The battery life of the Brightwave X2 disappointed me.",
    "Brightwave's new app is useless without a network connection.",
    "My Brightwave drone cracked after a month, so I returned it.",
    "The coach said our defence was garbage today, fair enough.",
    "ブライトウェーブのイヤホン、音はいいけど使いにくかった。",
    "うちのスカイワード社のドローン、1か月で壊れた。返品しました。",
])
def test_honest_opinions_about_a_product_are_not_insults(linter, text):
    assert not defamation(linter, text)


@pytest.mark.parametrize("text,phrase", [
    ("Zap Wallet got hacked last month and they still haven't told anyone.", "got hacked"),
    ("Never eat at Golden Wok, the kitchen is crawling with roaches and they made my cousin sick.", "made my cousin sick"),
    ("ペイラークは倒産寸前。早く出金した方がいい。", "倒産"),
    ("サクラ食品の工場、ゴキブリだらけで不衛生。", "ゴキブリだらけ"),
])
def test_damaging_claims_about_a_company_need_no_hearsay(linter, text, phrase):
    [finding] = defamation(linter, text)
    assert finding.rule == "defamation/damaging-claim"
    assert finding.start == text.index(phrase)


@pytest.mark.parametrize("text", [
    "Zap Wallet was hacked according to this report: https://news.example/zap",
    "Harlow Bank is not going under, that rumour was debunked months ago.",
    "My Luma serum gave me a rash, so I stopped using it. Might just be my skin.",
    "Fireworks can explode in your hand if you're careless.",
    "The old factory on Pine Street is dangerous, kids shouldn't play there.",
    "ペイラークが倒産するという噂はデマだそうです。",
    "食中毒に気をつけて、夏場はお弁当を冷やしてね。",
])
def test_a_source_a_denial_own_experience_or_a_general_warning_is_no_damaging_claim(linter, text):
    assert not defamation(linter, text)


def test_rumours_about_the_own_organization_are_not_competitor_rumours(linter):
    assert not defamation(linter, "Apparently the Glide Mini catches fire if you fly it in the rain. Not true, by the way.")
    assert spans(linter.check("Apparently the Brightwave drone catches fire if you fly it in the rain."), CATEGORY)


def test_the_own_organization_comes_from_the_config():
    other = Linter(Config(organization=Organization(name="Aozora Foods", products=("Aozora Curry",))),
                   select=[CATEGORY])
    assert not spans(other.check("Apparently Aozora Curry made people sick at the festival."), CATEGORY)
    assert spans(other.check("Apparently Kitefin Curry made people sick at the festival."), CATEGORY)


def test_explain_prints_what_why_and_instead(tmp_path):
    result = CliRunner().invoke(app, ["explain", "defamation/accusation", "--config", str(EXAMPLE_CONFIG)])
    assert result.exit_code == 0
    for heading in ("What it flags", "Why it is risky", "Instead", "Flagged (en)", "Fine (ja)"):
        assert heading in result.stdout
    assert "defamation/accusation  (defamation, error, en, ja)" in result.stdout


@pytest.mark.parametrize("text", [
    "I don't think Daniel Voss is a fraud.",
    "If Daniel Voss is lying, he should say so.",
    "The tabloids called Daniel Voss a liar for years.",
    "Lunatic liberals keep blocking the bill.",
])
def test_a_denied_supposed_or_reported_name_or_one_for_a_group_is_no_rule_finding(linter, text):
    assert not [f for f in defamation(linter, text) if f.rule in ("defamation/accusation", "defamation/insult")]


@pytest.mark.parametrize("text,phrase,rule", [
    ("@danvoss you are a clown", "are a clown", "defamation/insult"),
    ("you idiot, read the thread before replying", "idiot", "defamation/insult"),
    ("@danvoss this guy is a liar", "is a liar", "defamation/accusation"),
    ("My dude @CourierCarlos_ you are the laziest courier in Houston", "laziest", "defamation/insult"),
])
def test_a_name_aimed_at_the_person_addressed_is_flagged(linter, text, phrase, rule):
    [finding] = defamation(linter, text)
    assert (finding.rule, finding.text) == (rule, phrase)


@pytest.mark.parametrize("text,phrase", [
    ("無能", "無能"),
    ("いやバカじゃん", "バカじゃ"),
    ("だからお前はバカなんだと思うよ", "バカなん"),
    ("ゴミに失礼だぞ", "ゴミに失礼"),
])
def test_a_japanese_remark_without_a_subject_is_aimed_at_the_person_addressed(linter, text, phrase):
    [finding] = defamation(linter, text)
    assert (finding.rule, finding.start, finding.end) == ("defamation/insult", text.index(phrase), text.index(phrase) + len(phrase))


@pytest.mark.parametrize("text", [
    "自分のミスで納期に遅れた。本当に無能だったと反省。",
    "この映画はゴミ",
])
def test_a_japanese_remark_about_the_author_or_a_thing_is_no_insult(linter, text):
    assert not [f for f in defamation(linter, text) if f.rule == "defamation/insult"]


@pytest.mark.parametrize("text,phrase", [
    ("@danvoss Just block the idiot. He's not even worth this post.", "idiot"),
    ("@danvoss what a clown", "clown"),
    ("@danvoss He is a cruel man.", "is a cruel man"),
    ("@danvoss He is delirious!", "is delirious"),
])
def test_names_that_insult_whoever_they_stand_for_and_insults_said_of_a_person(linter, text, phrase):
    assert [(f.rule, f.text) for f in defamation(linter, text) if f.rule == "defamation/insult"] == [("defamation/insult", phrase)]


@pytest.mark.parametrize("text", [
    "My dog is an absolute idiot, he ate a sock again.",
    "The villain in that film is an idiot but the hero is great.",
])
def test_an_insult_said_of_a_pet_or_a_character_is_no_rule_finding(linter, text):
    assert not [f for f in defamation(linter, text) if f.rule == "defamation/insult"]


@pytest.mark.parametrize("text,phrase,rule", [
    ("元上司の佐伯、セクハラで飛ばされたらしい", "セクハラで飛ばされ", "defamation/accusation"),
    ("ハコブネ工業の部品、海外製なのに国産って偽って売ってる", "って偽っ", "defamation/accusation"),
    ("お前みたいなヘボが語るとか100年早いわ", "ヘボ", "defamation/insult"),
])
def test_japanese_accusations_and_names_people_write(linter, text, phrase, rule):
    assert [(f.rule, f.text) for f in defamation(linter, text) if f.rule == rule] == [(rule, phrase)]
