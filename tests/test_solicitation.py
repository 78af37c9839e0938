"""Requests for personal data without a purpose and handling statement; public replies always."""
from __future__ import annotations

import pytest

RULE = "pii-solicitation/request-without-privacy-notice"
NOTICE = " We use your address only to ship the prize and delete it afterwards (privacy policy: https://kitefin.example/privacy)."


def solicitations(linter, text, language=None):
    return [(f.text, f.severity.value) for f in linter.check(text, language=language).findings if f.rule == RULE]


@pytest.mark.parametrize("text,asked", [
    ("Giveaway! DM me your full name and home address to enter.", "DM me your full name and home address"),
    ("Please send me a photo of your driver's license to verify.", "send me a photo of your driver's license"),
    ("プレゼント企画！住所と本名をDMで送ってください。", "住所と本名をDMで送ってください"),
])
def test_private_requests_are_warnings_until_handling_is_stated(linter, text, asked):
    assert solicitations(linter, text) == [(asked, "warning")]
    assert solicitations(linter, text + NOTICE) == []


@pytest.mark.parametrize("text,asked", [
    ("Drop your phone number in the replies and I'll add you.", "Drop your phone number in the replies"),
    ("Reply with your email and I'll send you the beta.", "Reply with your email"),
    ("参加したい人はメアドをリプしてね！", "メアドをリプしてね"),
    ("誕生日と電話番号、コメントで教えて！", "誕生日と電話番号、コメントで教えて"),
])
def test_requests_in_public_replies_are_errors_either_way(linter, text, asked):
    assert solicitations(linter, text) == [(asked, "error")]
    assert solicitations(linter, text + NOTICE) == [(asked, "error")]


@pytest.mark.parametrize("text", [
    "Never post your card number in the replies, even to support.",
    "Please don't share your password with anyone who DMs you.",
    "DM me if you want to chat about kites!",
    "What's your favorite beach? Tell me in the replies.",
    "Comment your team names below for the hackathon!",
    "Comment your phone brand below, iPhone or Android?",
    "好きな名前をリプして！新しい凧の名前を決めます",
    "リプ欄で電話番号を聞いてくるアカウントには答えないでね。",
    "電話番号やカード番号をDMで聞かれても絶対に答えないでください。",
])
def test_warnings_and_harmless_requests_are_clean(linter, text):
    assert solicitations(linter, text) == []


@pytest.mark.parametrize("text,asked", [
    ("Need your address to ship it, DM me!", "Need your address"),
    ("I need everyone's phone numbers for the group chat, DM please.", "I need everyone's phone numbers"),
    ("Post a photo of your ID to verify your age.", "Post a photo of your ID"),
    ("電話番号教えてくれる？", "電話番号教えてくれ"),
    ("DM me your details and I'll sort out the refund.", "DM me your details"),
    ("Tell me where you live and I'll drop it off!", "Tell me where you live"),
])
def test_needing_someones_data_and_requests_without_particles(linter, text, asked):
    assert [t for t, _ in solicitations(linter, text)] == [asked]


@pytest.mark.parametrize("text", [
    "I'll send you a birthday present, can't wait!",
    "The bank will need your ID to open an account, bring it along.",
    "誕生日プレゼント送るね！楽しみにしてて",
    "私のメアドはプロフに載せてます。",
    "電話番号を変えたので、DMで送ります。",
    "住所変更しました。",
    "DM me for details.",
    "I'll DM you the details later.",
])
def test_the_author_giving_or_sending_something_is_no_request(linter, text):
    assert solicitations(linter, text) == []


@pytest.mark.parametrize("text,asked", [
    ("Survey time! Drop your Kitefin member number below 👇", "Drop your Kitefin member number"),
    ("Know a family that needs a hand? DM me their name, address and phone number.",
     "DM me their name, address and phone number"),
    ("Hiring interns! Reply with your CTC, PAN and Aadhaar number.", "Reply with your CTC, PAN and Aadhaar number"),
    ("Reply here with your card number and expiry date, I'll fix it.", "Reply here with your card number and expiry date"),
    ("Health study: comment your age and any medical conditions below.",
     "comment your age and any medical conditions"),
    ("Send me a selfie with your kite + your full name and date of birth to enter!",
     "Send me a selfie with your kite + your full name and date of birth"),
    ("アンケートです！名前・住所・電話番号をDMで！", "名前・住所・電話番号をDMで"),
    ("リプで住んでる市区町村と年齢教えて！", "住んでる市区町村と年齢教えて"),
    ("お子さんの名前とアレルギーの種類を教えてください。", "お子さんの名前とアレルギーの種類を教えてください"),
])
def test_member_numbers_ids_of_other_countries_age_and_health_are_personal_data(linter, text, asked):
    assert [t for t, _ in solicitations(linter, text)] == [asked]


def test_asking_in_replies_before_the_data_is_public_too(linter):
    assert solicitations(linter, "リプで住んでる市区町村と年齢教えて！") == [("住んでる市区町村と年齢教えて", "error")]


@pytest.mark.parametrize("text", [
    "Sorry about that! Email help@kitefin.example and include your order number, they'll sort it.",
    "サポートに問い合わせたら、カード番号送ってって言われたんだけど大丈夫？",
    "当選DMが来た！口座番号送ればいいのかな？",
    "問い合わせフォームに本名と住所が書いてあった。",
    "Comment your weight loss tips below!",
])
def test_order_numbers_reported_requests_and_the_authors_doubts_are_no_requests(linter, text):
    assert solicitations(linter, text) == []


@pytest.mark.parametrize("text", [
    "Sorry about that! Please submit a request with your account details through the following link: https://kitefin.example/help",
    "We can look into it if you submit your account info in a private request here: https://kitefin.example/help",
])
def test_requests_through_a_form_or_link_carry_its_notice(linter, text):
    assert solicitations(linter, text) == []


@pytest.mark.parametrize("text,asked", [
    ("応募方法：\n①フォロー\n②DMで「お名前・ご住所・電話番号」を送る\n#プレゼント企画", "お名前・ご住所・電話番号」を送る"),
    ("ご希望の方は、以下をDMで送ってください。\n・お名前\n・ご住所\n・電話番号", "以下をDMで送ってください"),
    ("お名前・住所・電話番号をこの投稿にコメントいただければ発送します", "お名前・住所・電話番号をこの投稿にコメントいただければ"),
    ("Want the guide? DM me the following:\n- full name\n- home address", "DM me the following"),
])
def test_data_listed_around_the_request(linter, text, asked):
    assert [t for t, _ in solicitations(linter, text)] == [asked]


def test_a_japanese_order_number_alone_is_no_personal_data(linter):
    assert solicitations(linter, "交換しますね！DMで注文番号だけ送ってください🙏") == []
