"""official-statement: speaking for the organization, announcing its news, committing it; the disclaimer hint."""
from __future__ import annotations

import pytest

from linter import Linter
from linter.config import Config, Organization

from .conftest import spans

CATEGORY = "official-statement"


def statements(linter, text, min_severity="warning"):
    order = {"info": 0, "warning": 1, "error": 2}
    return [f for f in linter.check(text).findings
            if f.category == CATEGORY and order[f.severity.value] >= order[min_severity]]


@pytest.mark.parametrize("text,phrase,rule", [
    ("On behalf of Kitefin Labs, I apologize for the delays.", "On behalf of Kitefin Labs", "official-statement/on-behalf"),
    ("Kitefin's official position is that the firmware is safe.", "Kitefin's official position is", "official-statement/on-behalf"),
    ("Kitefin here 👋 Please DM us your questions.", "Kitefin here", "official-statement/on-behalf"),
    ("I can confirm that Kitefin will open a store in Osaka.", "I can confirm that Kitefin", "official-statement/on-behalf"),
    ("カイトフィンを代表して、皆さまに感謝します。", "カイトフィンを代表して", "official-statement/on-behalf"),
    ("今回の件は、弊社として重く受け止めております。", "弊社として", "official-statement/on-behalf"),
    ("Kitefin Labs has agreed to acquire a battery startup in Sendai!", "Kitefin Labs has agreed to acquire", "official-statement/announcement"),
    ("Big news: we're opening a second office in Fukuoka this autumn.", "we're opening a second office", "official-statement/announcement"),
    ("Our CEO is stepping down at the end of the year.", "Our CEO is stepping down", "official-statement/announcement"),
    ("Kitefin has raised a $40M Series B!", "Kitefin has raised a $40M", "official-statement/announcement"),
    ("We're rolling out instant transfers to all users next month.", "We're rolling out instant transfers to all users",
     "official-statement/announcement"),
    ("カイトフィンが大阪に新しい店舗をオープンします！", "カイトフィンが大阪に新しい店舗をオープンします", "official-statement/announcement"),
    ("グライドミニ2、6月1日発売決定！", "グライドミニ2、6月1日発売決定", "official-statement/announcement"),
    ("Kitefin will refund every Glide Mini owner, no questions asked.", "Kitefin will refund", "official-statement/commitment"),
    ("本日のアプリ障害で、ご不便をおかけして大変申し訳ございません。", "ご不便をおかけして大変申し訳", "official-statement/commitment"),
    ("We are pleased to announce that Kitefin Labs now ships to Canada.", "We are pleased to announce that Kitefin Labs",
     "official-statement/press-wording"),
    ("Thrilled to announce our new partnership with Norland Bank.", "Thrilled to announce our new", "official-statement/press-wording"),
])
def test_speaking_announcing_and_committing_for_the_organization_is_flagged(linter, text, phrase, rule):
    [finding] = statements(linter, text)
    assert finding.rule == rule
    assert (finding.start, finding.end) == (text.index(phrase), text.index(phrase) + len(phrase))


def test_a_company_we_commitment_counts_when_the_post_is_about_the_organization(linter):
    text = "Sorry about the app outage, Kitefin users. We're working on a fix and will publish a report tomorrow."
    assert spans(linter.check(text), CATEGORY) == ["Sorry about the app outage", "We're working on a fix and will publish a"]
    assert not statements(linter, "Our community garden's pump broke. We're working on a fix this weekend.")


@pytest.mark.parametrize("text", [
    "On behalf of the Riverside Chess Club, thanks to everyone who came!",
    "We are pleased to announce that our dog Biscuit graduated from puppy school.",
    "We're so excited to announce our wedding date: June 12!",
    "Our hackathon team is proud to announce we won first place!",
    "Excited to share that I've joined Kitefin Labs as a product designer!",
    "Kitefin Labs has agreed to acquire Voltcell, see the press release: https://kitefin.example/news/voltcell",
    "Proud of the team! Read the official statement from @kitefin here: https://kitefin.example/news",
    "I hope Kitefin will open an office in Fukuoka one day.",
    "Excited about the rumors that Kitefin might merge with Skyward Aero, would be cool.",
    "I'm not a spokesperson for Kitefin, so please ask the press team.",
    "Our running club is opening a new branch in Yokohama next month!",
    "We're releasing the puppies for adoption next week, message me if interested.",
    "Sorry for the late reply everyone, I was traveling.",
    "Brightwave is raising prices again, I think I'll switch.",
    "町内会を代表して、清掃活動に参加してくださった皆さまに感謝します。",
    "家族で相談して、来年は札幌に引っ越すことになりました。",
    "返信が遅くなってご迷惑をおかけしました。",
    "カイトフィンが値上げするらしい。ほんと？",
    "カイトフィン・ラボが札幌に支社を開設しました。公式発表はこちら：https://kitefin.example/news/sapporo",
])
def test_other_groups_personal_news_hedges_negations_and_linked_announcements_are_clean(linter, text):
    assert not statements(linter, text)


def test_views_my_own_silences_the_disclaimer_hint_but_not_an_announcement(linter):
    opinion = "I work at Kitefin Labs, and honestly the drone industry is overhyped right now."
    [hint] = statements(linter, opinion, min_severity="info")
    assert (hint.rule, hint.severity.value, hint.text) == ("official-statement/disclaimer", "info", "I work at Kitefin Labs")
    assert not statements(linter, opinion + " Views are my own.", min_severity="info")
    announcement = "Kitefin Labs has agreed to acquire a battery startup! I work at Kitefin; views are my own."
    assert [f.rule for f in statements(linter, announcement)] == ["official-statement/announcement"]
    assert not statements(linter, "カイトフィンの社員です（個人の見解です）。業界は過熱気味。", min_severity="info")
    assert [f.rule for f in statements(linter, "カイトフィンの社員ですが、業界は過熱気味だと思う。", min_severity="info")] == [
        "official-statement/disclaimer"]


def test_the_organization_comes_from_the_config():
    other = Linter(Config(organization=Organization(name="Aozora Foods", aliases=("青空フーズ",))),
                   select=[CATEGORY])
    assert spans(other.check("On behalf of Aozora Foods, thank you for a great year!"), CATEGORY) == ["On behalf of Aozora Foods"]
    assert not spans(other.check("On behalf of Kitefin Labs, thank you for a great year!"), CATEGORY)
    assert spans(other.check("青空フーズを代表してお礼申し上げます。"), CATEGORY) == ["青空フーズを代表して"]
    assert spans(other.check("Aozora Foods is raising prices on all curries in April."), CATEGORY) == [
        "Aozora Foods is raising prices"]
    assert not spans(other.check("Kitefin is raising prices on all drones in April."), CATEGORY)


@pytest.mark.parametrize("text,phrase", [
    ("Everyone affected by the weekend outage gets a free month of the Glide app.",
     "Everyone affected by the weekend outage gets a free"),
    ("Refunds for the double charges are already processing, should hit your card in 3-5 days.",
     "Refunds for the double charges are already processing, should hit your card"),
    ("Kitefin does not train AI models on your flight logs.", "Kitefin does not train"),
    ("Glide app pricing goes up 8% on April 1 for new subscribers.", "pricing goes up 8% on"),
    ("From March 1, lessons start at 9 instead of 10 at every beach.", "From March 1, lessons start at 9 instead of"),
    ("グライドアプリのログイン不具合、今夜のメンテで直ります🙏", "メンテで直ります"),
    ("今回のCMの表現でご不快な思いをされた方がいたことを重く受け止め、CMを取り下げます。", "CMを取り下げます"),
    ("the hotfix for the sync crash goes out Thursday 🙏", "the hotfix for the sync crash goes out Thursday"),
    ("that one's on us, sorry folks", "that one's on us"),
])
def test_what_staff_tell_customers_without_we_or_the_name_is_the_company_answering(linter, text, phrase):
    [finding] = statements(linter, text)
    assert finding.rule == "official-statement/customer-answer"
    assert (finding.start, finding.end) == (text.index(phrase), text.index(phrase) + len(phrase))


@pytest.mark.parametrize("text", [
    "Gas prices go up 10 cents on Monday again, ugh.",
    "Our bakery closes for vacation on Monday, see you in two weeks!",
    "From tomorrow I'm taking the train instead of driving.",
    "I hope the fix ships Friday, my kite app keeps crashing.",
    "@kitefin_help my refund still hasn't shown up, is it processing?",
    "サークルの合宿費、今年は据え置きで決まりました！",
])
def test_customers_groups_and_hopes_are_not_the_company_answering(linter, text):
    assert not statements(linter, text)


@pytest.mark.parametrize("text", [
    "私事ですが、先月から体調を崩していました。来週から少しずつ仕事に戻ります。",
    "Our book club is meeting at the library on Sunday, we'll have snacks for everyone!",
    "自治会の夏祭りの申込フォームです。ご記入いただいた連絡先は当日の連絡のみに使います。",
    "このトースター、うちのは半年で壊れた…正直おすすめしません",
])
def test_the_authors_own_life_group_or_purchase_is_not_the_company_voice(linter, text):
    assert not statements(linter, text)
