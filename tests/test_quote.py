"""unattributed-quote: quotations without a source, what is not a quotation, dominant quotations."""
from __future__ import annotations

import pytest

from .conftest import spans

CATEGORY = "unattributed-quote"


def quote_findings(linter, text, min_severity="warning"):
    order = {"info": 0, "warning": 1, "error": 2}
    return [f for f in linter.check(text).findings
            if f.category == CATEGORY and order[f.severity.value] >= order[min_severity]]


@pytest.mark.parametrize("text,quoted", [
    ("Overheard on the train: “Delivery drones are a fad and will be banned by 2027.” Interesting.",
     "Delivery drones are a fad and will be banned by 2027."),
    ('A friend at Skyward Aero told me "their battery team quit in March" and I believe it.',
     "their battery team quit in March"),
    ("Somebody in the Q&A said ‘hardware margins never recover’ and nobody pushed back.",
     "hardware margins never recover"),
    ("「ドローン配送は5年以内に当たり前になる」って誰かが言ってた。", "ドローン配送は5年以内に当たり前になる"),
    ("とある大手メーカーの部長が言っていた。\n『現場を知らない設計は必ず失敗する』\n耳が痛い。", "現場を知らない設計は必ず失敗する"),
])
def test_quotations_without_a_named_source_are_flagged_on_their_words(linter, text, quoted):
    [finding] = quote_findings(linter, text)
    assert finding.rule == "unattributed-quote/no-source"
    assert (finding.start, finding.end) == (text.index(quoted), text.index(quoted) + len(quoted))
    assert finding.severity.value == "warning"


def test_block_quotes_are_quotations_too(linter):
    text = "> Every flight plan survives until the first gust of wind.\n\nSo true after today's field test."
    [finding] = quote_findings(linter, text)
    assert finding.text == "Every flight plan survives until the first gust of wind."
    assert not quote_findings(linter, text.replace("\n\nSo", "\n> — Mina Okafor, Drone Weekly\n\nSo"))
    ja = "> 設計は引き算の技術である\n\nってよく言われるけど、本当にそう。"
    assert spans(linter.check(ja), CATEGORY) == ["設計は引き算の技術である"]


@pytest.mark.parametrize("text", [
    "“Simplicity is prerequisite for reliability.” — Edsger Dijkstra",
    "“Drone sales doubled this year,” according to Aviation Daily.",
    "As Grace Hopper put it: “The most dangerous phrase is ‘we've always done it this way.’”",
    "“Drone sales doubled this year,” tweeted @aviation_daily this morning.",
    "Best line from the keynote: “small teams ship the boldest products.” https://talks.example/keynote",
    "My dad said “never fly a drone you can't afford to lose” and he was right.",
    "Dr. Lena Park: “Autonomy is a spectrum, not a switch.”",
    "「技術は人を幸せにするためにある」と、岡部美奈さんがドローン新聞のインタビューで語っていました。",
    "「空の物流はまだ始まったばかりだ」（週刊エアロ 2025年5月号より）",
    "山田太郎氏いわく「小さく作って大きく育てる」とのこと。",
    "母が「体には気をつけてね」と電話をくれた。",
    "「失敗してもいいから、まず飛ばしてみよう」— @drone_sensei のポストより",
])
def test_quotations_with_a_speaker_outlet_handle_or_link_are_clean(linter, text):
    assert not quote_findings(linter, text)


@pytest.mark.parametrize("text", [
    'Every vendor at the expo is "AI-powered" now. Even the coffee machine.',
    'Just finished "The Soul of a New Machine" by Tracy Kidder.',
    "Loved the movie “Everything Everywhere All at Once” so much.",
    "Got my “Glide Mini” today, it is tiny!",
    'My motto this year: "ship small, ship often, sleep well."',
    'I told my team "we ship when it is ready, not before" and I meant it.',
    "Don't worry, it's fine, they'll fix it.",
    "今年の目標は「毎週ひとつ新しいことを試す」。",
    "新しい「グライドミニ」、色がかわいい。",
    "九州新幹線「さくら」で鹿児島へ。",
    "映画『君たちはどう生きるか』を観てきた。",
    "今日の「ありがとう」は三回。",
    "うちの犬が「散歩に行きたい」という顔でこっちを見てくる。",
])
def test_titles_names_emphasis_and_own_words_are_not_quotations(linter, text):
    assert not quote_findings(linter, text, min_severity="info")


def test_a_quotation_dominating_the_post_gets_a_hint_even_with_its_source(linter):
    text = ("“Any sufficiently advanced drone is indistinguishable from a very confident bird, and "
            "every crash is just an unscheduled landing with extra paperwork.” — Mina Okafor")
    [hint] = quote_findings(linter, text, min_severity="info")
    assert (hint.rule, hint.severity.value) == ("unattributed-quote/dominant-quote", "info")
    own_words = text + " I laughed, then filed the paperwork for our own unscheduled landing last week, which took all afternoon and two coffees."
    assert not quote_findings(linter, own_words, min_severity="info")


def test_an_unattributed_quotation_is_one_warning_not_also_a_hint(linter):
    text = "“Drones that cannot fly in the rain are toys for sunny weekends and nothing more than that.”"
    assert [(f.rule, f.severity.value) for f in quote_findings(linter, text, min_severity="info")] == [
        ("unattributed-quote/no-source", "warning")]


def test_quotations_in_code_and_link_targets_are_ignored(linter):
    text = 'Use `print("hello from the drone firmware team")` to test. [docs](https://x.example/"a b c d")'
    assert not quote_findings(linter, text, min_severity="info")


def test_offsets_count_code_points_after_emoji(linter):
    text = "🚁🚁 Heard at the hangar: “the new rotor design cracks in cold weather.”"
    [finding] = quote_findings(linter, text)
    assert text[finding.start:finding.end] == "the new rotor design cracks in cold weather."


@pytest.mark.parametrize("text,quoted", [
    ("タクシーの運転手さんが「景気はまだまだ悪い」と言っていた。", "景気はまだまだ悪い"),
    ("「現金の方が安心」ってお客さんに言われた。", "現金の方が安心"),
    ('部長が"来期は厳しい"と言っていた。', "来期は厳しい"),
    ("他社のユーザーが「アプリが重すぎる」と言っていた。", "アプリが重すぎる"),
    ('A Kitefin user told me "the app crashes every time I land" and I believe it.',
     "the app crashes every time I land"),
])
def test_roles_with_an_honorific_or_users_of_a_company_are_no_source(linter, text, quoted):
    [finding] = quote_findings(linter, text)
    assert (finding.start, finding.end) == (text.index(quoted), text.index(quoted) + len(quoted))


@pytest.mark.parametrize("text", [
    "「ちょっとした修正」のはずが、丸一日かかった。",
    "いわゆる「働き方改革」ってやつですね。",
    "「とりあえずビール」で始まる飲み会。",
    "「お疲れ様です」の一言で救われる。",
    "「よし、やるぞ」と自分に言い聞かせた。",
    "「明日は晴れるかな」なんて思いながら寝た。",
    "娘に「パパ、おしごとがんばってね」と言われた。",
    "駅前に「すぐ食べられる」と書かれた看板があった。",
    'Thank you all for coming! "See you soon" as we say.',
])
def test_noun_phrases_set_phrases_own_thoughts_and_family_are_no_unsourced_quotes(linter, text):
    assert not quote_findings(linter, text)


@pytest.mark.parametrize("text,quoted", [
    ("「辞めたい」って部下に言われた。", "辞めたい"),
    ("「絶対無理」と取引先に言われてしまった。", "絶対無理"),
    ('"No way," my manager said when I asked for a raise.', "No way,"),
    ("ある経営者の言葉「お金は使った分だけ戻ってくる」が忘れられない。", "お金は使った分だけ戻ってくる"),
    ("上司に言われた言葉。\n「\nお客様の声を聞かない会社は\n必ず潰れる\n」\n肝に銘じたい。", "お客様の声を聞かない会社は\n必ず潰れる"),
])
def test_short_reported_words_and_quotations_over_lines(linter, text, quoted):
    [finding] = quote_findings(linter, text)
    assert finding.text.strip(",") == quoted.strip(",")


@pytest.mark.parametrize("text", ['"Not again," I said.', "「お先に」と言って帰った。", "「えっ」と声が出た。"])
def test_short_words_of_the_author_are_no_quotation(linter, text):
    assert not quote_findings(linter, text)


# ---------------------------------------------------------------- who is speaking

def _finding_span(text, quoted):
    return (text.index(quoted), text.index(quoted) + len(quoted))


@pytest.mark.parametrize("attributed,unattributed,quoted", [
    # a pronoun with a speech verb, for someone named earlier in the post
    ("Lena Brandt runs the drone lab in Leeds. “We crash a prototype every week,” she said.",
     "The drone lab in Leeds is busy. “We crash a prototype every week,” she said.",
     "We crash a prototype every week,"),
    ("Lena Brandt runs the drone lab in Leeds. She told reporters: “We crash a prototype every week.”",
     "The drone lab in Leeds is busy. She told reporters: “We crash a prototype every week.”",
     "We crash a prototype every week."),
    # the speaker named after the quotation, or before it across the sentence
    ("“The new rotor cracks in cold weather,” Raj Patel told Drone Weekly at the expo.",
     "“The new rotor cracks in cold weather,” a stranger told me at the expo.",
     "The new rotor cracks in cold weather,"),
    ("Raj Patel told Drone Weekly that the new rotor “cracks in cold weather and nobody tested it.”",
     "A stranger told me that the new rotor “cracks in cold weather and nobody tested it.”",
     "cracks in cold weather and nobody tested it."),
    ("Raj Patel likened the new rotor to “a toy for sunny weekends and nothing more.”",
     "Everyone likened the new rotor to “a toy for sunny weekends and nothing more.”",
     "a toy for sunny weekends and nothing more."),
    # a description of someone the post has named
    ("Raj Patel runs Skyward Aero. “Nobody flies drones in the rain yet,” the founder said.",
     "“Nobody flies drones in the rain yet,” the founder said.",
     "Nobody flies drones in the rain yet,"),
    # a paragraph introduced by the speaker
    ("Raj Patel continued:\n\n“We will fix that by spring, and then we ship the new rotor.”",
     "Then it got worse:\n\n“We will fix that by spring, and then we ship the new rotor.”",
     "We will fix that by spring, and then we ship the new rotor."),
    # via @handle
    ("“The new rotor cracks in cold weather,” via @drone_news",
     "“The new rotor cracks in cold weather,” via a friend",
     "The new rotor cracks in cold weather,"),
    # the head of the author's own organization
    ("Our CEO says 'we will crush them' at every all-hands.",
     "Their CEO says 'we will crush them' at every all-hands.",
     "we will crush them"),
])
def test_a_named_speaker_attributes_and_its_absence_is_flagged_en(linter, attributed, unattributed, quoted):
    assert not quote_findings(linter, attributed)
    [finding] = quote_findings(linter, unattributed)
    assert (finding.start, finding.end) == _finding_span(unattributed, quoted)


@pytest.mark.parametrize("attributed,unattributed,quoted", [
    # 〜と語った with a pronoun, 同氏, for someone named before
    ("森田さんと飲んだ。彼女は「来年は独立する」と語った。",
     "久しぶりに飲んだ。彼女は「来年は独立する」と語った。", "来年は独立する"),
    ("田中太郎氏が会見を開いた。同氏は「値上げはしない」と強調した。",
     "会見が開かれた。同氏は「値上げはしない」と強調した。", "値上げはしない"),
    # 〜と話していた, 〜と言っていた without a subject: the person named before speaks
    ("昨日、田中社長に会った。「来年は海外に出る」と話していた。",
     "昨日、久しぶりに出社した。「来年は海外に出る」と話していた。", "来年は海外に出る"),
    ("森田さんと飲んだ。「来年は独立する」と言っていた。",
     "久しぶりに飲んだ。「来年は独立する」と言っていた。", "来年は独立する"),
    # 曰く, 〜によると, 〜氏は「…」と述べた
    ("山本さん曰く「ドローンは雨に弱い」とのこと。", "知り合い曰く「ドローンは雨に弱い」とのこと。", "ドローンは雨に弱い"),
    ("ドローン新聞によると「来年は配送が倍になる」という。", "噂によると「来年は配送が倍になる」という。", "来年は配送が倍になる"),
    ("田中氏は「来年は海外に出る」と述べた。", "ある役員は「来年は海外に出る」と述べた。", "来年は海外に出る"),
    # an unnamed speaker is no source even when someone is named before
    ("田中社長に会った。田中社長が「あの会社はもう終わりだ」と言っていた。",
     "田中社長に会った。隣の席の人が「あの会社はもう終わりだ」と言っていた。", "あの会社はもう終わりだ"),
])
def test_a_named_speaker_attributes_and_its_absence_is_flagged_ja(linter, attributed, unattributed, quoted):
    assert not quote_findings(linter, attributed)
    [finding] = quote_findings(linter, unattributed)
    assert (finding.start, finding.end) == _finding_span(unattributed, quoted)


def test_quotations_continue_the_speaker_of_their_paragraph_and_the_paragraph_before(linter):
    text = ("Raj Patel spoke at the expo.\n\n“Batteries are the bottleneck,” he said. “Everything else is solved."
            "\n\n“We will fix the batteries by spring.”")
    assert not quote_findings(linter, text)
    ja = "田中社長は「来年は海外に出る」と語った。\n\n「国内の工場も増やす」"
    assert not quote_findings(linter, ja)
    unnamed = text.replace("Raj Patel spoke", "Somebody spoke").replace("he said", "a stranger said")
    # (the paragraph left open is part of a quotation that runs on, not one of its own)
    assert [f.text for f in quote_findings(linter, unnamed)] == [
        "Batteries are the bottleneck,", "We will fix the batteries by spring."]


@pytest.mark.parametrize("text,quoted", [
    # a speaker of its own, unnamed, is not the previous speaker
    ("Raj Patel said the demo went well.\n\nThen someone in the back shouted “Skyward is going under next month!”",
     "Skyward is going under next month!"),
    # nobody is named: "the guy", "everyone"; a link names no one a pronoun could stand for
    ("Met Raj Patel at the expo. The guy at the coffee stand said “Skyward is going under next month.”",
     "Skyward is going under next month."),
    ('"This product will change lives" -- everyone agrees.', "This product will change lives"),
    # a common word capitalised at the start of a sentence is no name
    ('Customer told me at the demo "your drone is great but your app is a mess" and honestly fair.',
     "your drone is great but your app is a mess"),
    ("https://drones.example/news\n\n“Skyward is going under next month,” he said.",
     "Skyward is going under next month,"),
    ("「来年は海外に出る」と話していた。", "来年は海外に出る"),
])
def test_unnamed_speakers_stay_flagged_beside_named_people(linter, text, quoted):
    [finding] = quote_findings(linter, text)
    assert (finding.start, finding.end) == _finding_span(text, quoted)


def test_a_quotation_after_an_unattributed_one_does_not_inherit_a_source(linter):
    text = "Overheard at the expo: “Skyward is going under next month.”\n\n“Their batteries catch fire after an hour.”"
    assert [f.text for f in quote_findings(linter, text)] == [
        "Skyward is going under next month.", "Their batteries catch fire after an hour."]


def test_an_apostrophe_between_letters_does_not_close_a_quotation(linter):
    text = "Lena Brandt said: ‘it doesn’t fly in the rain, and that’s fine for now.’"
    assert not quote_findings(linter, text)
    [finding] = quote_findings(linter, "Heard at the hangar: ‘it doesn’t fly in the rain, and that’s fine for now.’")
    assert finding.text == "it doesn’t fly in the rain, and that’s fine for now."


# ---------------------------------------------------------------- words in use, not reported

@pytest.mark.parametrize("text", [
    # words a thing shows or plays
    "The sign at the hangar door reads “No drones beyond this point without a permit.”",
    'My screen just said "Your session has expired, please log in again" for the fifth time today.',
    "The error message literally says “something went wrong, please try again later.” Very helpful.",
    "電話したら自動音声で「おかけになった番号は現在使われておりません」と流れた。",
    "駅の張り紙に「階段は左側通行でお願いします」と書かれていた。",
    # a short phrase used as a noun of the author's sentence
    '"Works on my machine" is not a test plan.',
    "「あとでやる」は一生やらない。",
    "「とりあえず様子見で」が一番危ない。",
    # a quotation describing the noun after it
    'We need less of the "move fast and break things" mindset in aviation.',
    "「誰もが安心して飛ばせる」ドローンを作りたい。",
    # a slogan without a verb that nothing reports as said
    "入社して10年。「物流は社会のインフラ」、ずっとその気持ちでやってきた。",
    # the author's own words, by the parse
    'Told my team at standup today "we ship when it\'s ready, not before."',
    'I told my whole team at standup today that "we ship when it\'s ready, not before."',
    "「今日は定時で帰ります」と僕は上司に宣言した。",
    '"If it isn\'t written down, it didn\'t happen." That\'s been my rule for twenty years of flight ops.',
    "「迷ったら現場に行け」。それが僕の信条です。",
    "「迷ったら現場に行け」を合言葉に、今年も頑張ります。",
])
def test_words_the_author_uses_or_a_thing_shows_are_no_unsourced_quotation(linter, text):
    assert not quote_findings(linter, text)


@pytest.mark.parametrize("text,quoted", [
    # a claim about someone stays someone's words, whatever shows it
    ("The sign outside their office says “Kitefin steals customer data.”", "Kitefin steals customer data."),
    # a person speaks beside the thing
    ("A guy holding a sign yelled “the whole industry is lying to you” at us.", "the whole industry is lying to you"),
    # reported by a speech verb or noun: hearsay, even when short or without a verb
    ("「品質より納期」って上司に言われた。", "品質より納期"),
    ("「現場は地獄」って同期がこぼしてた。", "現場は地獄"),
    ("「来月で全員クビになる」発言が社内で広まっている。", "来月で全員クビになる"),
    ("「あの会社の製品は欠陥だらけ」って噂、本当なのかな。", "あの会社の製品は欠陥だらけ"),
    # someone else speaks in the author's sentence
    ('I told him "the rotor is fine" and he said "the rotor is cracked again".', "the rotor is cracked again"),
    ('Told by a stranger at the expo: "drone delivery will be banned next year."',
     "drone delivery will be banned next year."),
])
def test_claims_about_someone_and_reported_words_stay_flagged(linter, text, quoted):
    [finding] = quote_findings(linter, text)
    assert (finding.start, finding.end) == _finding_span(text, quoted)


@pytest.mark.parametrize("text,quoted", [
    ('"Drones are just toys" って言われるの、もう慣れた。', "Drones are just toys"),
    ("\"Every startup here lies about its numbers\" ――海外の展示会で言われた。", "Every startup here lies about its numbers"),
])
def test_english_quoted_in_a_japanese_post_is_a_quotation(linter, text, quoted):
    [finding] = quote_findings(linter, text)
    assert (finding.start, finding.end) == _finding_span(text, quoted)
    assert not quote_findings(linter, '"Just Do It" って最高のコピーだと思う。')


# ---------------------------------------------------------------- sources people write

@pytest.mark.parametrize("attributed,unattributed,quoted", [
    # a noun for someone's words owned by a pronoun for someone named before
    ("Read the mayor's op-ed this morning. Her line that \"drones will replace delivery vans by 2030\" is a stretch.",
     "Her line that \"drones will replace delivery vans by 2030\" is a stretch.",
     "drones will replace delivery vans by 2030"),
    # the piece and its author after the quotation, the outlet's editorial before it
    ("“Small airlines are the backbone of regional travel.” Great piece by @aero_kate on the industry.",
     "“Small airlines are the backbone of regional travel.” Great piece on the industry.",
     "Small airlines are the backbone of regional travel."),
    ("From yesterday's Financial Review editorial: \"Regional banks can no longer compete on fees alone.\"",
     "From yesterday's lunch: \"Regional banks can no longer compete on fees alone.\"",
     "Regional banks can no longer compete on fees alone."),
    # a reply quoting the post it answers
    ("> @skyfan99: your drones fall apart after a week\n\nsorry to hear that, DM us and we'll take a look",
     "> your drones fall apart after a week\n\nsorry to hear that, DM us and we'll take a look",
     "your drones fall apart after a week"),
    ("> @sora_fan: このドローンはすぐ壊れる\n\nご迷惑をおかけしています。DMで詳しく教えてください",
     "> このドローンはすぐ壊れる\n\nご迷惑をおかけしています。DMで詳しく教えてください",
     "このドローンはすぐ壊れる"),
    # the author's own organization's channel
    ('From our team chat this morning: "reminder, the all-hands moved to 3pm and attendance is mandatory."',
     'From a group chat this morning: "reminder, the all-hands moved to 3pm and attendance is mandatory."',
     "reminder, the all-hands moved to 3pm and attendance is mandatory."),
    ("社内チャットに流れてきた：「明日の朝礼は9時半からに変わります」",
     "知らないグループに流れてきた：「明日の朝礼は9時半からに変わります」",
     "明日の朝礼は9時半からに変わります"),
])
def test_sources_as_people_write_them(linter, attributed, unattributed, quoted):
    assert not quote_findings(linter, attributed)
    [finding] = quote_findings(linter, unattributed)
    assert (finding.start, finding.end) == _finding_span(unattributed, quoted)


@pytest.mark.parametrize("text,quoted", [
    # the handle a reply opens with is whom it answers, not who said the words
    ("@skyfan99 like somebody once said, 'every drone company is a battery company that lies.'",
     "every drone company is a battery company that lies."),
    # a role owned by a possessive is no name
    ('Our VP told the whole team "no bonuses this year, so don\'t ask again"', "no bonuses this year, so don't ask again"),
    # an unnamed speaker's speech verb is no reporting word for the company named beside it
    ('Raijin\'s support desk is hopeless, their manager told my friend "we don\'t fix drones older than a year".',
     "we don't fix drones older than a year"),
])
def test_names_near_an_unnamed_speaker_are_no_source(linter, text, quoted):
    [finding] = quote_findings(linter, text)
    assert (finding.start, finding.end) == _finding_span(text, quoted)
