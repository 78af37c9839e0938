"""Confidential information: codenames from the config, text marked internal, unreleased plans."""
from __future__ import annotations

import pytest

from linter import Linter
from linter.config import Config, Organization

from .conftest import spans


def findings(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_codename_is_flagged_with_its_offsets(linter):
    text = "Long night, but Marlin finally boots on the new board."
    [finding] = findings(linter.check(text), "confidential/codename")
    assert (finding.start, finding.end) == (16, 22)
    assert finding.severity.value == "error"


def test_project_form_matches_in_any_case_and_spacing(linter):
    assert spans(linter.check("anyone else on project marlin at the offsite?"), "confidential") == ["project marlin"]
    assert spans(linter.check("Can't wait for #ProjectMarlin to ship."), "confidential") == ["ProjectMarlin"]


def test_single_word_codename_that_is_a_common_word_needs_a_name(linter):
    for text in ("Saw a marlin jump out of the water off Okinawa!",
                 "We grilled a Marlin steak for dinner.",
                 "Dinner at the Marlin Grill by the harbour."):
        assert not spans(linter.check(text), "confidential"), text


def test_japanese_codename_and_its_core(linter):
    assert spans(linter.check("マーリン計画の進捗、今週はかなり良かった。"), "confidential") == ["マーリン計画"]
    assert spans(linter.check("マーリンのデモ、社内で大好評でした"), "confidential", rule="confidential/codename") == ["マーリン"]
    assert not spans(linter.check("今日はマーリンズ戦を観に行きました。"), "confidential")


def test_marked_internal_flags_the_sentence_it_marks(linter):
    text = "Fun day at work. Not supposed to say this, but the Glide 3 is wild. See you!"
    [finding] = findings(linter.check(text), "confidential/marked-internal")
    assert finding.text == "Not supposed to say this, but the Glide 3 is wild."
    ja = "今期の受注、社内速報だと前年比150%だって🤫 決算発表までは言っちゃダメなやつ"
    assert findings(linter.check(ja), "confidential/marked-internal")


def test_privacy_promises_are_not_confidentiality_markings(linter):
    text = "Your answers are kept confidential and deleted after the survey."
    assert not spans(linter.check(text), "confidential")


def test_unreleased_plan_is_clean_once_the_announcement_is_linked(linter):
    plan = "The Glide Mini 2 launches next month and it is so much lighter."
    assert spans(linter.check(plan), rule="confidential/unreleased-plans") == ["launches next month"]
    linked = "The Glide Mini 2 launches next month: https://kitefin.example/news/mini-2"
    assert not spans(linter.check(linked), "confidential")


def test_unreleased_plan_needs_a_business_subject(linter):
    assert not spans(linter.check("We're opening a bakery next month, so excited!"), "confidential")
    assert spans(linter.check("新しいアプリは来月リリースです！"), "confidential")
    assert not spans(linter.check("来週から夏休み！海に行きます。"), "confidential")


def test_no_codenames_in_the_config_means_no_codename_findings():
    bare = Linter(Config(organization=Organization(name="Kitefin Labs")), select=["confidential/codename"])
    assert not bare.check("Long night, but Marlin finally boots.").findings


@pytest.fixture(scope="module")
def bird_and_colour():
    """A Linter whose codenames are everyday words: a bird and a colour, in both scripts."""
    org = Organization(name="Kitefin Labs", confidential_terms=("Project Indigo", "Indigo", "インディゴ計画", "Sparrow", "スズメ"))
    return Linter(Config(organization=org), select=["confidential/codename"])


@pytest.mark.parametrize("text,codename", [
    ("Indigo is finally passing all the integration tests.", "Indigo"),
    ("Late night again, but the Indigo demo went great.", "Indigo"),
    ("Sparrow's beta build is ready for the team.", "Sparrow"),
    ("インディゴのデモ、社内で大好評でした。", "インディゴ"),
    ("スズメの開発、来月が山場。", "スズメ"),
])
def test_an_everyday_codename_about_work_is_flagged(bird_and_colour, text, codename):
    [finding] = bird_and_colour.check(text).findings
    assert (finding.start, finding.end) == (text.index(codename), text.index(codename) + len(codename))


@pytest.mark.parametrize("text", [
    "Indigo is my favourite colour for denim.",
    "Sparrow spotted at the lake this morning, so cute.",
    "インディゴのジーンズを買った。",
    "藍色（インディゴ）のシャツが好き。",
    "今朝、ベランダにスズメが来てた。かわいい。",
    "公園でスズメに餌をあげた。",
])
def test_an_everyday_codename_in_its_everyday_meaning_is_clean(bird_and_colour, text):
    assert not bird_and_colour.check(text).findings


@pytest.mark.parametrize("text,rule", [
    ("We're launching a new kite line next month, stay tuned!", "confidential/unreleased-plans"),
    ("Heard at work today that the Osaka plant will close next spring.", "confidential/unreleased-plans"),
    ("Just between us, the Glide 3 is amazing.", "confidential/marked-internal"),
    ("ここだけの話、来年カイトフィンは上場するらしい。", "confidential/marked-internal"),
])
def test_plans_of_the_authors_company_and_secrets_between_us(linter, text, rule):
    assert findings(linter.check(text), rule)


@pytest.mark.parametrize("text,marked", [
    ("Glide Mini price goes from $199 to $229. Shops aren't told yet so keep it quiet 🤫",
     "Glide Mini price goes from $199 to $229. Shops aren't told yet so keep it quiet"),
    ("Can't share details yet but so proud of the team. The Glide 3 gets 40% more battery, first units in May.",
     "Can't share details yet but so proud of the team. The Glide 3 gets 40% more battery, first units in May."),
    ("グライドミニ、来月から税込1980円→2280円。店頭告知はまだだから内緒ね🤫",
     "グライドミニ、来月から税込1980円→2280円。店頭告知はまだだから内緒ね"),
    ("次のグライドミニのコラボ、あの有名ブランドだよ。発表は来月のイベントで👀",
     "次のグライドミニのコラボ、あの有名ブランドだよ。発表は来月"),
])
def test_a_marking_covers_the_sentences_beside_it_that_hold_what_it_marks(linter, text, marked):
    [finding] = findings(linter.check(text), "confidential/marked-internal")
    assert finding.text.startswith(marked[:20]) and marked[-6:] in finding.text


def test_a_marking_alone_keeps_to_its_sentence(linter):
    text = "Fun day at work. Not supposed to say this, but the Glide 3 is wild. See you!"
    [finding] = findings(linter.check(text), "confidential/marked-internal")
    assert finding.text == "Not supposed to say this, but the Glide 3 is wild."


@pytest.mark.parametrize("text,cue", [
    ("Starting next month Kitefin will bring repairs back in-house in Osaka.", "Starting next month"),
    ("For the Glide Mini fans: a new one is coming in the autumn with 3 colours.", "coming in the autumn"),
    ("Ugh, our burn is down to $2M/month and runway is 14 months.", "burn is down to $2M"),
    ("Town hall recap: no raises this cycle for junior staff.", "no raises this cycle"),
    ("lol just saw the LFL numbers for Q2 and we're down 4.3% in the west.", "we're down 4.3%"),
    ("Glide Mini 3: September launch, $349, you heard it here.", "September launch"),
    ("来月から修理料金15%上げるって会議で決まった。", "来月から修理料金15%上げる"),
    ("来期の新卒採用、120人→60人に絞るらしい。", "120人→60人"),
    ("新型カイト、秋発売予定🍂", "秋発売"),
])
def test_plans_figures_and_pay_decisions_of_the_authors_company(linter, text, cue):
    found = spans(linter.check(text), "confidential")
    assert any(cue in f or f in cue for f in found), found


@pytest.mark.parametrize("text", [
    "RT @kitefin: Starting today, Glide owners get free repairs through Aug 31. Details: kitefin.example/repairs",
    "冬の朝、布団から出るのがつらい。",
    "【お知らせ】カイトフィンは、2026年4月より全社でフレックス制を導入することになりました。",
    "Sold my old bike on Gumtree in 20 minutes, what a market.",
    "A personal note on the news about our Osaka plant: it will close in March and everyone keeps a job.",
])
def test_retweets_announcements_and_everyday_words_are_not_leaks(linter, text):
    assert not spans(linter.check(text), "confidential")


@pytest.mark.parametrize("text,quoted", [
    ("lol from our team chat: 'do NOT mention the Glide Mini recall until legal signs off'",
     "do NOT mention the Glide Mini recall"),
    ("found this in #leads-only: 'the Osaka office closes in June, tell no one'", "the Osaka office closes in June"),
    ("社内チャットに流れてきた：『本日の件、SNSでは一切コメントしないこと』", "SNSでは一切コメントしないこと"),
])
def test_what_was_read_in_an_internal_channel_or_a_quoted_directive(linter, text, quoted):
    found = spans(linter.check(text), rule="confidential/marked-internal")
    assert any(quoted in f for f in found), found


@pytest.mark.parametrize("text", [
    "『遅れて当たり前』って言われたけど、それ私たちが一番言っちゃダメなやつ",
    "The Glide Mini price is NOT going up next season, promise.",
    "Kitefin's Q3 results are out (kitefin.example/investors), proud of the team.",
])
def test_a_thing_one_must_never_say_no_change_and_published_results_are_no_leaks(linter, text):
    assert not spans(linter.check(text), "confidential")


@pytest.mark.parametrize("text,cue", [
    ("グライドミニ、発売1ヶ月で5万台売れたらしい🎉", "5万台売れ"),
    ("来年から全商品パッケージを紙にします！", "来年から全商品パッケージを紙にします"),
    ("Rumour from the offsite: the Glide Mini movie deal is basically signed 👀", "deal is basically signed"),
])
def test_sales_counts_dated_changes_and_deals(linter, text, cue):
    found = spans(linter.check(text), "confidential")
    assert any(cue in f or f in cue for f in found), found


@pytest.mark.parametrize("text", [
    "My sales job is killing me, 60% of my day is calls.",
    "Spent 30% of my budget on coffee this month lol",
    "Starting next week I'm on holiday, see you all in July!",
    "今月の売上目標、あと少し！がんばろう",
    "来年から大学生になります！",
])
def test_personal_figures_and_plans_are_no_company_secrets(linter, text):
    assert not spans(linter.check(text), "confidential")


@pytest.mark.parametrize("text,cue", [
    ("Big news I probably shouldn't share: we're acquiring a robotics startup in Berlin.", "we're acquiring"),
    ("We're in talks with a big retailer about the Glide Mini, fingers crossed.", "We're in talks with"),
    ("うちの会社、大手に買収されるらしい。", "買収されるらしい"),
    ("静岡工場の閉鎖が決まったって。", "閉鎖が決まったって"),
])
def test_corporate_moves_without_a_date(linter, text, cue):
    found = spans(linter.check(text), "confidential")
    assert any(cue in f for f in found), found


@pytest.mark.parametrize("text", [
    "We're closing early on Christmas Eve, happy holidays!",
    "近所のスーパーが閉店するらしい、寂しい。",
    "I can't say this enough: thank you all.",
])
def test_opening_hours_a_shop_next_door_and_gratitude_are_no_secrets(linter, text):
    assert not spans(linter.check(text), "confidential")
