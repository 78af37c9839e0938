"""Undisclosed endorsements: the organization's products promoted without a clear disclosure."""
from __future__ import annotations

import pytest

from .conftest import spans

RULE = "undisclosed-endorsement/promotion-without-disclosure"


def apply_fix(text: str, finding, index: int = 0) -> str:
    fix = finding.fixes[index]
    return text[:fix.start] + fix.replacement + text[fix.end:]


def test_praise_is_flagged_from_the_product_through_the_cue(linter):
    text = "Weekend! The Glide Mini is the best kite you can buy, get one before summer."
    [finding] = [f for f in linter.check(text).findings if f.rule == RULE]
    assert finding.text == "Glide Mini is the best kite you can buy, get one"
    assert finding.severity.value == "warning"


@pytest.mark.parametrize("text", [
    "Use code WIND20 for 20% off a Kitefin Glide this week.",
    "Kitefin's app is the best I've ever used, period.",
    "Honestly can't live without my Glide Mini anymore",
])
def test_other_promotions_are_flagged(linter, text):
    assert spans(linter.check(text), rule=RULE)


@pytest.mark.parametrize("text,language", [
    ("The Glide Mini is the best kite you can buy, get one before summer!", "en"),
    ("グライドミニ、マジで神！みんな買ってね", "ja"),
])
def test_the_disclosure_fix_makes_the_post_clean(linter, text, language):
    [finding] = [f for f in linter.check(text, language=language).findings if f.rule == RULE]
    naming = next(i for i, fix in enumerate(finding.fixes) if "Kitefin Labs" in fix.replacement)
    fixed = apply_fix(text, finding, naming)
    assert "Kitefin Labs" in fixed[len(text.rstrip()):]
    assert not spans(linter.check(fixed, language=language), "undisclosed-endorsement")


@pytest.mark.parametrize("text", [
    "The Glide Mini is the best kite you can buy. (Full disclosure: I work at Kitefin.)",
    "#ad Loving the new Glide Mini, the app finally syncs fast.",
    "Loving the new Glide Mini! #KitefinEmployee",
    "【PR】グライドミニ、マジで神！",
    "グライドミニ、おすすめです（中の人です）",
    "グライドミニ最高！ #社員です",
])
def test_a_clear_disclosure_clears_the_promotion(linter, text):
    assert not spans(linter.check(text), "undisclosed-endorsement")


@pytest.mark.parametrize("text", [
    "Loving my Glide Mini so much #adventure #SPRING",
    "Loving my Glide Mini so much. #kites #beach #summer #fun #wind #ad",
])
def test_lookalike_or_buried_tags_are_no_disclosure(linter, text):
    assert spans(linter.check(text), "undisclosed-endorsement")


@pytest.mark.parametrize("text", [
    "The Glide Mini broke after a week, would not recommend.",
    "Best ramen I've ever had was in Sapporo. Highly recommend!",
    "Glide Mini arrived at my parents' shop today.",
    "近所のパン屋さん、本当におすすめ！",
])
def test_no_promotion_of_the_organizations_products_is_clean(linter, text):
    assert not spans(linter.check(text), "undisclosed-endorsement")


def test_japanese_recommendation_in_the_next_sentence_concerns_the_product(linter):
    text = "実家の店にグライドミニを入れました。皆さん、本当におすすめです！"
    assert spans(linter.check(text), rule=RULE) == ["グライドミニを入れました。皆さん、本当におすすめ"]


def test_the_disclosure_goes_before_closing_hashtags_where_it_would_be_buried(linter):
    text = "Loving my Glide Mini so much! #kites #beach #summer #fun #wind"
    [finding] = [f for f in linter.check(text).findings if f.rule == RULE]
    fixed = apply_fix(text, finding)
    assert fixed == "Loving my Glide Mini so much! (I work at Kitefin Labs) #ad #kites #beach #summer #fun #wind"
    assert not spans(linter.check(fixed), "undisclosed-endorsement")


@pytest.mark.parametrize("text,flagged", [
    ("Switched to Kitefin for all my kite repairs and never looked back.",
     "Switched to Kitefin for all my kite repairs and never looked back"),
    ("Kitefin's new tracking app is a game changer. Download it now!",
     "Kitefin's new tracking app is a game changer. Download it"),
    ("カイトフィンのアプリ、神アプリすぎる。ダウンロードしてみてね",
     "カイトフィンのアプリ、神アプリすぎる。ダウンロードしてみて"),
    ("#グライドミニ めっちゃいい。友達にも布教中", "グライドミニ めっちゃいい。友達にも布教"),
])
def test_the_organization_used_as_a_service_or_a_hashtagged_product_is_promoted(linter, text, flagged):
    [finding] = [f for f in linter.check(text).findings if f.rule == RULE]
    assert finding.text == flagged
    assert (finding.start, finding.end) == (text.index(flagged), text.index(flagged) + len(flagged))


@pytest.mark.parametrize("text", [
    "I'm a designer at Kitefin Labs and the Glide Mini is my baby. Try it!",
    "Working on the Glide Mini was the best part of my year (I'm on the Kitefin team).",
    "Disclosure: I'm on the Kitefin marketing team. The Glide Mini is amazing though!",
    "広告：グライドミニが今なら20%オフ",
    "カイトフィンで働いています。グライドミニ、ぜひ使ってみてください。",
    "グライドミニの新色、めちゃくちゃかわいい（中の人です）",
])
def test_a_job_title_or_an_ad_label_is_a_disclosure(linter, text):
    assert not spans(linter.check(text), "undisclosed-endorsement")


@pytest.mark.parametrize("text", [
    "Kitefin Labs is the best place to work. Love this team!",
    "So proud of everyone at Kitefin for the launch today.",
    "カイトフィンに入社して3年、最高の仲間に恵まれました。",
    "Can't recommend the Glide Mini: the strap broke on day two.",
    "推しのライブ最高だった！",
    "この前のキャンプ、めっちゃ楽しかった！みんなも行ってみてね",
])
def test_workplace_pride_criticism_and_other_things_are_no_promotion(linter, text):
    assert not spans(linter.check(text), "undisclosed-endorsement")


def test_the_product_named_anywhere_in_the_paragraph_is_the_subject(linter):
    text = "グライドミニ、使い始めて1ヶ月で上達した！これはリピ確定"
    [finding] = [f for f in linter.check(text).findings if f.rule == RULE]
    assert (finding.start, finding.end) == (0, len(text))
    other_paragraph = "グライドミニを買いました。\n\n週末は海へ。近所のカフェのケーキ、これはリピ確定"
    assert not spans(linter.check(other_paragraph), "undisclosed-endorsement")


@pytest.mark.parametrize("text,flagged", [
    ("The Glide Mini is the only kite I will ever buy again.", "Glide Mini is the only kite I will ever buy"),
    ("Kitefin's new harness is 10/10, run don't walk.", "Kitefin's new harness is 10/10, run don't walk"),
    ("グライドミニ、風が弱い日でも安定。救世主。", "グライドミニ、風が弱い日でも安定。救世主"),
    ("グライドミニ、持ち運びが楽すぎ", "グライドミニ、持ち運びが楽すぎ"),
    ("Tried the Glide Mini yesterday and honestly it's the best.", "Glide Mini yesterday and honestly it's the best"),
    ("うちの会社でもグライドミニを導入した！めっちゃ便利", "グライドミニを導入した！めっちゃ便利"),
])
def test_everyday_praise_of_the_product(linter, text, flagged):
    assert spans(linter.check(text), rule=RULE) == [flagged]


@pytest.mark.parametrize("text,flagged", [
    ("kitefin is just better. not even close", ["kitefin is just better. not even close"]),
    ("Rode the Glide Mini all weekend. Everyone who kites needs this. Just get it.",
     ["Glide Mini all weekend. Everyone who kites needs this. Just get it"]),
    ("Glide Mini: Code WINDY-SAM = $30 off your first kite, you know what to do",
     ["Glide Mini: Code WINDY-SAM = $30 off your first kite, you know what to do"]),
    ("週末の海ならカイトフィン一択。グライドミニは一生モノ", ["カイトフィン一択", "グライドミニは一生モノ"]),
])
def test_casual_praise_pushes_and_codes_are_promotion(linter, text, flagged):
    assert spans(linter.check(text), rule=RULE) == flagged


@pytest.mark.parametrize("text", [
    "I'm a Kitefin store associate. The new Glide Mini runs small, try one on before you buy.",
    "The Glide Mini is the best thing I've worked on. Free demo days this weekend, come fly it!",
    "グライドミニの開発に携わった者として言わせて。これは一生モノです",
    "The Glide Mini app has a memory leak in 2.1 and yes it's annoying.",
])
def test_a_job_named_with_the_organization_a_maker_s_pride_or_a_complaint_is_no_undisclosed_promotion(linter, text):
    assert not spans(linter.check(text), "undisclosed-endorsement")
