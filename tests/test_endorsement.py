"""Undisclosed endorsements: the organization's products promoted without a clear disclosure."""
from __future__ import annotations

import pytest

from .conftest import spans

RULE = "undisclosed-endorsement/promotion-without-disclosure"


def apply_fix(text: str, finding) -> str:
    [fix] = finding.fixes
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
    fixed = apply_fix(text, finding)
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
