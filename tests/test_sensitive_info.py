"""sensitive-info: special care-required information tied to the person it is about, English and Japanese."""
from __future__ import annotations

import pytest

CATEGORY = "sensitive-info"


def found(linter, text, min_severity="warning"):
    """(rule name, text, severity) of the sensitive-info findings of a draft; offsets are checked."""
    order = {"info": 0, "warning": 1, "error": 2}
    result = []
    for f in linter.check(text).findings:
        if f.category == CATEGORY and order[f.severity.value] >= order[min_severity]:
            assert text[f.start:f.end] == f.text
            result.append((f.rule.split("/", 1)[1], f.text, f.severity.value))
    return result


@pytest.mark.parametrize("text,rule,phrase", [
    ("My teammate Oskar Berg starts radiation therapy for a brain tumour on Monday.", "health",
     "radiation therapy for a brain tumour"),
    ("Sending love to my sister, she's been hospitalized since Friday.", "health", "hospitalized"),
    ("Rui Costa from the night shift is on antidepressants, so go easy on him.", "health", "on antidepressants"),
    ("Our new hire, Leon Fisch, is deaf, so please use the chat in meetings.", "disability", "is deaf"),
    ("Reminder for the dinner: my boss Ahmed Karimi is a devout Muslim, no alcohol at his table.", "religion",
     "is a devout Muslim"),
    ("Fun fact, my roommate Dario is half Peruvian.", "race-ethnicity", "is half Peruvian"),
    ("My landlord Pete grew up in foster care and now owns six buildings.", "social-status",
     "grew up in foster care"),
    ("Our courier Mateo served three years in prison before this job.", "criminal-record",
     "served three years in prison"),
    ("My colleague Hana was stalked by an ex for months.", "crime-victim", "was stalked"),
    ("So proud of my brother Felix, who came out as gay to our parents!", "sexual-orientation", "came out as gay"),
    ("Ask Yuki from logistics, she's a union rep and knows the rules.", "union-membership", "union rep"),
    ("My uncle Bernd is a lifelong member of the Socialist Party.", "political-affiliation",
     "member of the Socialist Party"),
])
def test_english_topics_tied_to_a_named_person(linter, text, rule, phrase):
    hits = found(linter, text)
    assert any(r == rule and phrase in t and s == "error" for r, t, s in hits), hits


@pytest.mark.parametrize("text,rule,phrase", [
    ("同僚の木下さん、糖尿病で通院してるらしい。", "health", "糖尿病で通院してる"),
    ("近所の村上さんの息子さん、自閉症なんだって。", "disability", "自閉症"),
    ("営業の高田さん、ある宗教団体の熱心な信者らしい。", "religion", "宗教団体の熱心な信者"),
    ("後輩の三浦くん、施設育ちなんだって。", "social-status", "施設育ち"),
    ("友人の川口が飲酒運転で捕まったらしい。", "criminal-record", "飲酒運転で捕ま"),
    ("隣の部署の井上さん、昨日ひったくりの被害に遭ったそうです。", "crime-victim", "ひったくりの被害に遭っ"),
    ("親友の美月、彼女のパートナーは女性なんだよね。", "sexual-orientation", "パートナーは女性"),
    ("上司の大西さん、組合活動に熱心で有名。", "union-membership", "組合活動"),
    ("同期の平田さん、実は共産党の党員らしい。", "political-affiliation", "共産党の党員"),
])
def test_japanese_topics_tied_to_a_named_person(linter, text, rule, phrase):
    hits = found(linter, text)
    assert any(r == rule and phrase in t and s == "error" for r, t, s in hits), hits


def test_tied_through_a_pronoun_in_the_next_sentence(linter):
    text = "Wishing Corinne Vale from accounting a quick recovery. She had a stroke last week."
    assert found(linter, text) == [("health", "had a stroke", "error")]


def test_japanese_subject_carries_over_from_the_previous_sentence(linter):
    text = "元同僚の野口、最近見ないと思ったら。窃盗で執行猶予中らしい。"
    assert [t for _, t, _ in found(linter, text)] == ["窃盗で執行猶予中"]


def test_unnamed_but_identifiable_person(linter):
    assert found(linter, "Heads up: our new intern has epilepsy, so no strobe lights at the party.") == [
        ("health", "epilepsy", "error")]
    assert found(linter, "うちの課の新人くん、難聴があるそうです。") == [("disability", "難聴", "error")]


def test_the_author_about_themselves_is_not_flagged(linter):
    for text in ("I was diagnosed with diabetes last year and I'm doing great.",
                 "Back at work after my own knee surgery, feeling strong!",
                 "私は先月、胃がんの手術を受けました。もう元気です。",
                 "I'm autistic and I love clear agendas."):
        assert found(linter, text) == [], text


def test_about_no_one_in_particular_is_only_a_hint(linter):
    text = "Cancer screening saves lives: book your checkup this month."
    assert found(linter, "健康診断の再検査、来週行ってきます。") == []
    assert found(linter, text) == []


def test_public_figures_keep_their_health_private_but_not_their_proceedings(linter):
    assert found(linter, "Word is that Kobold's CEO is in rehab for alcohol.") == [
        ("health", "in rehab for alcohol", "error")]
    assert found(linter, "Acme CEO Hal Jordan is facing charges for fraud, the paper says.") == []


def test_words_that_only_look_sensitive(linter):
    for text in ("The new firmware came out last week.",
                 "The Great Depression chapter was the best part of the book.",
                 "White cardigan and a Gundam model: カーディガンとガンダムを買った。",
                 "今日もがんばった！明日もがんばろう。",
                 "ハーフマラソンを完走した同僚の佐藤さん、すごい。",
                 "The European Union announced new rules today."):
        assert found(linter, text) == [], text


@pytest.mark.parametrize("text,rule,phrase", [
    ("I heard Daniel was diagnosed with MS last week.", "health", "was diagnosed with MS"),
    ("Ana's husband has terminal cancer, so she'll be away for a while.", "health", "terminal cancer"),
    ("K from marketing is bipolar, so watch out.", "health", "bipolar"),
    ("One of our cashiers is on parole, FYI.", "criminal-record", "on parole"),
    ("経理のKさんが適応障害で休職。", "health", "適応障害で休職"),
    ("隣の席の人、障害者手帳持ってるって聞いた。", "disability", "障害者手帳"),
    ("新しく入った人、創価学会の人なんだって。", "religion", "創価学会の人"),
    ("あの先輩、実はLGBTQの当事者なんだって。", "sexual-orientation", "LGBTQの当事者"),
    ("同じ課の小川さん、耳が聞こえないから筆談でお願いね。", "disability", "耳が聞こえない"),
])
def test_people_named_by_an_initial_a_seat_or_a_possessor_and_clause_subjects(linter, text, rule, phrase):
    assert found(linter, text) == [(rule, phrase, "error")]


@pytest.mark.parametrize("text", [
    "I was diagnosed with ADHD last year and it explains so much.",
    "Our servers were attacked last night, postmortem coming.",
    "The union negotiated a new contract for teachers nationwide.",
    "LGBTQの当事者の声を聞くイベントに行ってきた。",
    "創価大学の駅伝、今年も速かった。",
    "私、適応障害と診断されて3か月休職してました。今は元気です。",
])
def test_the_author_or_no_one_in_particular_stays_clean(linter, text):
    assert not found(linter, text)


@pytest.mark.parametrize("text,rule,phrase", [
    ("FYI our office manager is pregnant, she hasn't told HR yet.", "health", "is pregnant"),
    ("Pretty sure the new director is a Scientologist lol.", "religion", "is a Scientologist"),
    ("Shoutout to Dana, our first trans engineer!", "sexual-orientation", "first trans"),
    ("Tom told me he's been clean for a year after his opioid addiction.", "health", "been clean for"),
])
def test_roles_with_any_modifier_and_identities_as_descriptors(linter, text, rule, phrase):
    assert (rule, phrase, "error") in found(linter, text)


@pytest.mark.parametrize("text,rule", [
    ("My coworker Sam has been struggling with anxiety for months.", "health"),
    ("Our intern tested positive for covid, stay home if you sat near him.", "health"),
    ("My landlord served time in the 90s.", "criminal-record"),
    ("Poor Ana, her identity was stolen and they drained her account.", "crime-victim"),
    ("同僚の王さん、中国人なんだって。", "race-ethnicity"),
])
def test_more_ways_of_saying_it(linter, text, rule):
    assert rule in [r for r, _, _ in found(linter, text)]


def test_the_authors_own_test_result_is_clean(linter):
    assert not found(linter, "I tested positive for covid, staying home.")


@pytest.mark.parametrize("text,phrase", [
    ("彼、自分で言ってたけど、前科があるらしい。", "前科がある"),
    ("昨日わかったんだけど、新しいマネージャーはゲイなんだって。", "ゲイ"),
    ("お隣さん、この前空き巣に入られたんだって。", "空き巣に入られ"),
])
def test_japanese_reflexive_and_katakana_roles_point_at_a_third_person(linter, text, phrase):
    assert phrase in [p for _, p, _ in found(linter, text)]


@pytest.mark.parametrize("text", [
    "Someone in accounting has HIV, be careful.",
    "A colleague of mine was just diagnosed with MS.",
    "A guy from sales is in rehab again.",
])
def test_someone_picked_out_of_a_small_group_is_identifiable(linter, text):
    assert [s for _, _, s in found(linter, text)] == ["error"]


@pytest.mark.parametrize("text,rule,phrase", [
    ("Can't name names but the cashier who got moved to nights is in rehab again.", "health", "in rehab again"),
    ("The app flagged a customer's pregnancy before she told anyone.", "health", "pregnancy"),
    ("Big welcome to our only Aboriginal engineer, Ellie!", "race-ethnicity", "Aboriginal engineer"),
    ("Shoutout to Riko from support for coming out at work this year.", "sexual-orientation", "coming out at work"),
    ("My neighbour Frank did 5 years for armed robbery in the 90s.", "criminal-record",
     "did 5 years for armed robbery"),
    ("Half the depot knows Colin is on the sex offenders register.", "criminal-record", "sex offenders register"),
    ("Keep Rosa from accounts in your thoughts, she's in hospice now.", "health", "hospice"),
    ("Our head of finance, Dev, is a card-carrying BJP member.", "political-affiliation", "card-carrying BJP member"),
    ("My coworker Marta is a Teamsters member, just so you know.", "union-membership", "Teamsters member"),
    ("Her smartwatch caught her atrial fibrillation, my coworker Jen says.", "health", "atrial fibrillation"),
    ("201号室の入居者、イスラム教徒だから金曜は内見NGね。", "religion", "イスラム教徒だ"),
    ("うちの班長、組合の執行委員やってるらしい。", "union-membership", "組合の執行委員"),
    ("デザイナーの朴さん、在日二世なんだって。", "race-ethnicity", "在日二世"),
    ("角の家のおばあちゃん、心房細動で通院してるらしい。", "health", "心房細動"),
])
def test_people_picked_out_by_a_role_and_more_topics(linter, text, rule, phrase):
    hits = found(linter, text)
    assert any(r == rule and phrase in t and s == "error" for r, t, s in hits), hits


@pytest.mark.parametrize("text", [
    "Thanks to Dr Patel for treating my cancer so kindly.",
    "Our office ran a fun run for asthma research.",
    "Senator Kim is a card-carrying member of the Green Party.",
    "The new iPhone came out last week and I love it.",
    "I met a Black engineer at the conference who inspired me.",
])
def test_the_authors_own_illness_research_politicians_and_releases_stay_clean(linter, text):
    assert not found(linter, text), found(linter, text)


@pytest.mark.parametrize("text,rule,phrase", [
    ("pretty sure the new producer is in AA, saw the chip on his keychain", "health", "in AA"),
    ("the customer who yelled at me is on the sex offender registry, I checked", "criminal-record",
     "sex offender registry"),
    ("Shout out to Aisha on our team for being the only hijabi in the office", "religion", "hijabi"),
    ("うちの駅の助役、ある宗教の熱心な信者で勧誘がすごい", "religion", "宗教の熱心な信者"),
    ("隣のカウンターのBAさん、実は緑風党の党員らしい", "political-affiliation", "党の党員"),
    ("今朝ホームで倒れたお客さま、てんかんの発作だったみたい。", "health", "てんかん"),
    ("昨日の痴漢被害の女の子、近くの高校の制服だった。", "crime-victim", "痴漢被害"),
])
def test_japanese_jobs_honorifics_and_described_people_and_english_recovery_words(linter, text, rule, phrase):
    hits = found(linter, text)
    assert any(r == rule and phrase in t and s == "error" for r, t, s in hits), hits


def test_a_hospice_as_a_workplace_is_no_diagnosis(linter):
    assert not found(linter, "Our nurse team at the hospice is amazing.")
    assert ("health", "in hospice", "error") in found(linter, "Keep Rosa from accounts in your thoughts, she's in hospice now.")


@pytest.mark.parametrize("text,rule,phrase", [
    ("Priya from HR is Dalit, which explains nothing.", "social-status", "is Dalit"),
    ("Tom in sales is undocumented, don't tell anyone.", "social-status", "is undocumented"),
    ("Sam from IT got a DUI last weekend.", "criminal-record", "got a DUI"),
    ("Our driver Abdul fasts during Ramadan.", "religion", "fasts during Ramadan"),
    ("Ben from finance voted Reform, can you believe it.", "political-affiliation", "voted Reform"),
    ("新しく入った派遣さん、オーバーステイらしい。", "social-status", "オーバーステイ"),
    ("パートの鈴木さん、生活保護受けてるって。", "social-status", "生活保護受け"),
    ("お隣の奥さん、DV受けてるみたい。", "crime-victim", "DV受け"),
    ("店長、うつで休職するらしい。", "health", "うつで休職"),
])
def test_caste_immigration_status_and_shorter_ways_of_saying_it(linter, text, rule, phrase):
    hits = found(linter, text)
    assert any(r == rule and phrase in t and s == "error" for r, t, s in hits), hits


@pytest.mark.parametrize("text", [
    "We welcomed 20 refugees to our town's job fair.",
    "ボールをうつのが上手い。",
])
def test_groups_and_homophones_stay_clean(linter, text):
    assert not found(linter, text)
