"""One-click fixes the engine offers with a finding (Finding.fixes, so the CLI's JSON, the server
and the extension all have them): each is safe (it changes only what it says) and, applied,
leaves a draft the rule no longer flags."""
from __future__ import annotations

import pytest

from linter.rules.pii import mask_value

from .server_fixtures import client, worker  # noqa: F401  (fixtures)


def applied(text: str, fix) -> str:
    return text[:fix.start] + fix.replacement + text[fix.end:]


def only(report, rule: str):
    [finding] = [f for f in report.findings if f.rule == rule]
    return finding


@pytest.mark.parametrize("value, masked", [
    ("090-1234-5678", "090-****-5678"),
    ("+1 (415) 555-0134", "+1 (415) ***-0134"),
    ("+81 80-3391-2075", "+81 80-****-2075"),
    ("+14155550134", "+1415***0134"),
    ("503-555-0129", "503-***-0129"),
    ("09012345678", "090****5678"),
    ("０９０－２２１８－４４７０", "０９０－＊＊＊＊－４４７０"),
    ("4111 1111 1111 1111", "4111 **** **** 1111"),
    ("a.b@example.jp", "a***@example.jp"),
])
def test_masks_keep_the_shape_the_country_code_and_the_width(value, masked):
    assert mask_value(value) == masked
    if "@" not in value:
        assert len(masked) == len(value)


@pytest.mark.parametrize("draft, number, masked", [
    ("Text my sister at +1 (415) 555-0134 if you want the couch.", "+1 (415) 555-0134", "+1 (415) ***-0134"),
    ("友人の番号は０９０－２２１８－４４７０なので電話してね。", "０９０－２２１８－４４７０", "０９０－＊＊＊＊－４４７０"),
])
def test_phone_number_mask_fix(linter, draft, number, masked):
    finding = only(linter.check(draft), "personal-info/phone-number")
    assert finding.text == number
    [fix] = finding.fixes
    assert applied(draft, fix) == draft.replace(number, masked)


@pytest.mark.parametrize("draft, labels", [
    ("The Glide Mini is the best kite you can buy, get one before summer!", ["Add a disclosure", "Start with #ad"]),
    ("グライドミニ、マジで神！みんな買ってね", ["先頭に【PR】を付ける", "「社員です」と書き添える"]),
])
def test_every_disclosure_fix_clears_the_promotion(linter, draft, labels):
    rule = "undisclosed-endorsement/promotion-without-disclosure"
    finding = only(linter.check(draft), rule)
    assert [fix.label for fix in finding.fixes] == labels
    fixed = [applied(draft, fix) for fix in finding.fixes]
    assert fixed[1 if labels[0].startswith("Add") else 0].startswith(("#ad ", "【PR】"))
    for text in fixed:
        assert draft in text, "a disclosure only adds"
        assert not [f for f in linter.check(text).findings if f.rule == rule], text


def test_disclosure_fix_labels_follow_the_readers_language(linter):
    draft = "The Glide Mini is the best kite you can buy, get one before summer!"
    finding = only(linter.check(draft, lang="ja"), "undisclosed-endorsement/promotion-without-disclosure")
    assert [fix.label for fix in finding.fixes] == ["勤務先を明記（I work at …）", "先頭に #ad を付ける"]
    assert finding.fixes[0].replacement == " (I work at Kitefin Labs) #ad", "the added text is in the post's language"


@pytest.mark.parametrize("draft, added", [
    ("I work at Kitefin Labs, and honestly the whole drone industry is overhyped right now.", " Views are my own."),
    ("カイトフィンの社員ですが、ドローン業界はいま過熱しすぎだと思う。", "（投稿は個人の見解です）"),
])
def test_views_are_my_own_fix(linter, draft, added):
    rule = "official-statement/disclaimer"
    [fix] = only(linter.check(draft), rule).fixes
    assert applied(draft, fix) == draft + added
    assert not [f for f in linter.check(applied(draft, fix)).findings if f.rule == rule]


@pytest.mark.parametrize("draft, name, initials", [
    ("Call my neighbour Tom Baker on 090-1234-5678", "Tom Baker", "T.B."),
    ("My coworker Priya Natarajan is off sick with cancer.", "Priya Natarajan", "P.N."),
    ("同僚の田中さんが入院したらしい。", "田中", "T"),
    ("同僚の千葉さんが入院したらしい。", "千葉", "C"),
    ("隣の家の佐藤花子さんは090-1234-5678です", "佐藤花子", "S.H."),
])
def test_a_private_persons_name_becomes_initials(linter, draft, name, initials):
    finding = only(linter.check(draft), "personal-info/private-person")
    assert finding.text == name
    [fix] = finding.fixes
    assert (fix.start, fix.end, fix.replacement) == (finding.start, finding.end, initials)
    assert initials in fix.label
    fixed = applied(draft, fix)
    assert not [f for f in linter.check(fixed).findings if f.rule == "personal-info/private-person"], fixed


def test_the_server_returns_the_fixes_with_utf16_offsets(client):
    text = "🎉 My coworker Priya Natarajan is off sick with cancer."
    body = client.post("/v1/check", json={"text": text, "lang": "ja"}).json()
    [person] = [f for f in body["findings"] if f["rule"] == "personal-info/private-person"]
    [fix] = person["fixes"]
    assert fix["replacement"] == "P.N." and fix["label"] == "イニシャルにする（P.N.）"
    assert text.encode("utf-16-le")[2 * fix["utf16_start"]:2 * fix["utf16_end"]].decode("utf-16-le") == "Priya Natarajan"


def test_japanese_initials_from_the_server_too(client):
    """The server parses inside spaCy memory zones, where the pipeline keeps no readings: the
    initials come from readings of their own."""
    body = client.post("/v1/check", json={"text": "隣の佐藤花子さんの携帯は090-3141-5926です。"}).json()
    [person] = [f for f in body["findings"] if f["rule"] == "personal-info/private-person"]
    assert [(fix["replacement"], fix["label"]) for fix in person["fixes"]] == [("S.H.", "イニシャルにする（S.H.）")]


@pytest.mark.parametrize("draft, label, message", [
    ("Follow @kitefln for the launch news!", "Use @kitefin", "@kitefln imitates the official @kitefin"),
    ("新作の情報は @kitefln をフォロー！", "@kitefin に直す", "@kitefln は公式の @kitefin に似せていますが"),
])
def test_a_lookalike_handle_becomes_the_official_one(linter, draft, label, message):
    finding = only(linter.check(draft), "lookalike-account/lookalike-handle")
    [fix] = finding.fixes
    assert fix.label == label and fix.replacement == "@kitefin"
    assert finding.message.startswith(message)
