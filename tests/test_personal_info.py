"""personal-info: contact data, ID numbers, addresses and names of private persons, in English and Japanese."""
from __future__ import annotations

import pytest

from .conftest import spans

CATEGORY = "personal-info"


def found(linter, text, rule=None, min_severity="warning"):
    """(rule name, text, start, end, severity) of the personal-info findings of a draft."""
    report = linter.check(text)
    order = {"info": 0, "warning": 1, "error": 2}
    return [(f.rule.split("/", 1)[1], f.text, f.start, f.end, f.severity.value) for f in report.findings
            if f.category == CATEGORY and order[f.severity.value] >= order[min_severity]
            and (rule is None or f.rule == f"{CATEGORY}/{rule}")]


def texts(linter, text, rule=None, min_severity="warning"):
    return [t for _, t, *_ in found(linter, text, rule, min_severity)]


# ---------------------------------------------------------------- phone numbers

def test_phone_national_and_international_english(linter):
    text = "Call my brother on 503-555-0148 or his UK mobile +44 7700 900123 tonight."
    assert texts(linter, text, "phone-number") == ["503-555-0148", "+44 7700 900123"]


def test_phone_full_width_japanese_keeps_original_offsets(linter):
    text = "母の携帯は（０８０ー１２３４ー９８７６）です。"
    [(rule, value, start, end, severity)] = found(linter, text, "phone-number")
    assert value == "０８０ー１２３４ー９８７６" and text[start:end] == value and severity == "error"


def test_phone_suggestion_masks_the_middle(linter):
    [finding] = [f for f in linter.check("My aunt's number is 090-1234-5678, call her!").findings
                 if f.rule == "personal-info/phone-number"]
    assert finding.fixes[0].replacement == "090-****-5678"


def test_phone_business_line_is_only_a_hint(linter):
    text = "Questions? Our support line is 03-5555-0100 (weekdays)."
    assert texts(linter, text, "phone-number") == []
    assert texts(linter, text, "phone-number", "info") == ["03-5555-0100"]


def test_phone_the_nearer_cue_decides_between_business_line_and_private_number(linter):
    text = "Our front desk: 614-555-0148\nOr call my sister at 503-555-0129, she has the keys."
    assert found(linter, text, "phone-number", "info") == [
        ("phone-number", "614-555-0148", 16, 28, "info"), ("phone-number", "503-555-0129", 50, 62, "error")]
    [_, private] = [f for f in linter.check(text).findings if f.rule == "personal-info/phone-number"]
    assert private.suggestion.endswith("(masked: 503-***-0129)")


def test_address_suggestion_shows_no_half_masked_address(linter):
    [finding] = [f for f in linter.check("She lives at 77 Birch Road, Apt 4C, Austin, TX 78701.").findings
                 if f.rule == "personal-info/postal-address"]
    assert "Birch" not in finding.suggestion and "masked" not in finding.suggestion


def test_phone_not_dates_versions_or_allowed_numbers(linter):
    assert texts(linter, "Release 3.2.1 went out on 2025-04-01 to 12,000 users.") == []
    assert texts(linter, "サポートは0120-444-871までどうぞ。") == []


# ---------------------------------------------------------------- e-mail

def test_email_personal_flagged_allowed_and_role_addresses_not(linter):
    text = "Ask my flatmate at ines.moreau@mailbox.example, or help@kitefin.example, or press@news.example."
    assert texts(linter, text, "email-address") == ["ines.moreau@mailbox.example"]
    assert "press@news.example" in texts(linter, text, "email-address", "info")


def test_email_in_japanese_and_not_image_names(linter):
    assert texts(linter, "友人のアドレスはkenji.abe@example.co.jpです。", "email-address") == ["kenji.abe@example.co.jp"]
    assert texts(linter, "Retina icons are named icon@2x.png in the repo.", "email-address", "info") == []


# ---------------------------------------------------------------- addresses

def test_english_home_address_with_unit(linter):
    text = "Party at my cousin's place: 77 Birch Road, Apt 4C, Austin, TX 78701. Bring chips!"
    assert texts(linter, text, "postal-address") == ["77 Birch Road, Apt 4C, Austin, TX 78701"]


def test_japanese_address_with_full_width_postal_code_and_room(linter):
    text = "弟の新居は〒５３０－０００１ 大阪府大阪市北区梅田2-4-9 メゾン梅田1102 です。"
    [(_, value, start, end, _)] = found(linter, text, "postal-address")
    assert value == "〒５３０－０００１ 大阪府大阪市北区梅田2-4-9 メゾン梅田1102" and text[start:end] == value


def test_japanese_chome_banchi_go_form(linter):
    text = "祖母の家は京都府京都市左京区岡崎3丁目12番5号にあります。"
    assert texts(linter, text, "postal-address") == ["京都府京都市左京区岡崎3丁目12番5号"]


def test_office_and_venue_addresses_are_only_hints(linter):
    en = "Our HQ moved to 12 Harbor Way, Boston, MA 02110 — come visit the Kitefin office!"
    ja = "本社（〒100-0005 東京都千代田区丸の内2-7-3）で説明会を開催します。"
    assert texts(linter, en, "postal-address") == [] and texts(linter, en, "postal-address", "info")
    assert texts(linter, ja, "postal-address") == [] and texts(linter, ja, "postal-address", "info")


def test_numbers_that_are_not_addresses(linter):
    assert texts(linter, "We won 3-1 at home and 2-0 away.", "postal-address", "info") == []
    assert texts(linter, "4-4-2のフォーメーションで戦った。", "postal-address", "info") == []


# ---------------------------------------------------------------- identification numbers

def test_my_number_by_check_digit_or_by_its_name(linter):
    assert texts(linter, "この番号 7014 9623 5205 で申請して。", "my-number") == ["7014 9623 5205"]
    assert texts(linter, "父のマイナンバー 5555 6666 7777 を控えておく", "my-number") == ["5555 6666 7777"]
    assert texts(linter, "注文番号 5555 6666 7777 の件です。", "my-number") == []


def test_passport_needs_the_word_passport(linter):
    assert texts(linter, "Her passport number is TZ 6019283, please check the visa.", "passport") == ["TZ 6019283"]
    assert texts(linter, "旅券番号 MZ4455667 のパスポートを拾いました。", "passport") == ["MZ4455667"]
    assert texts(linter, "Tracking number TZ 6019283 is on its way.", "passport") == []


def test_drivers_licence_japanese_twelve_digits(linter):
    text = "拾った免許証の番号は第552211334455号でした。"
    assert texts(linter, text, "drivers-license") == ["552211334455"]
    assert texts(linter, "会員番号552211334455でログインしてください。", "drivers-license") == []


def test_ssn_valid_only(linter):
    assert texts(linter, "My dad's SSN is 536-90-4399 if you need it.", "us-ssn") == ["536-90-4399"]
    assert texts(linter, "Part 000-12-3456 is back in stock.", "us-ssn") == []


def test_iban_checked_and_bank_account_with_context(linter):
    assert texts(linter, "Pay Leo back: IBAN DE89 3704 0044 0532 0130 00.", "iban") == ["DE89 3704 0044 0532 0130 00"]
    assert texts(linter, "Pay Leo back: IBAN DE89 3704 0044 0532 0130 01.", "iban") == []
    assert texts(linter, "振込先：三井住友銀行 新宿支店 普通 7654321（友人名義）", "bank-account") == ["7654321"]
    assert texts(linter, "会員数は7654321人になりました。", "bank-account") == []


def test_card_number_luhn(linter):
    assert texts(linter, "Found a card, number 4111 1111 1111 1111, at the gym.", "credit-card") == ["4111 1111 1111 1111"]
    assert texts(linter, "Order 4111 1111 1111 1112 shipped.", "credit-card") == []


# ---------------------------------------------------------------- names of private persons

@pytest.mark.parametrize("text,name", [
    ("Big thanks to my neighbour Rosalind Achebe for feeding the cat!", "Rosalind Achebe"),
    ("Coffee with Bram Dekker from the payroll team, always a laugh.", "Bram Dekker"),
    ("My old landlord at the harbour flats, Ilse Brandt, just retired.", "Ilse Brandt"),
    ("Please pray for my coworker's son, Theo Lindgren, who is in hospital.", "Theo Lindgren"),
    ("Found a wallet: name is Omar Haddad, and there's a bus pass in it.", "Omar Haddad"),
])
def test_english_private_names_with_a_cue(linter, text, name):
    assert texts(linter, text, "private-person") == [name]


@pytest.mark.parametrize("text,name", [
    ("同僚の長谷川さんが来月結婚するそうです！", "長谷川"),
    ("近所に住む森田秀樹さんの犬が迷子です。", "森田秀樹"),
    ("元カノの今井ゆかりに連絡したら既読無視された。", "今井"),
    ("幹事の坂本くんに会費を払っておいてね。", "坂本"),
])
def test_japanese_private_names_with_a_cue(linter, text, name):
    assert [t for t in texts(linter, text, "private-person") if t.startswith(name)]


def test_name_next_to_contact_data_is_private(linter):
    text = "Text Kaito Mori at 415-555-0172 about the bike."
    assert texts(linter, text, "private-person") == ["Kaito Mori"]


def test_public_figures_allow_terms_and_own_products_are_not_flagged(linter):
    for text in ("Inspiring keynote by Microsoft CEO Satya Nadella this morning.",
                 "Great talk by our spokesperson Mina Okafor at the expo.",
                 "Shipping the Kitefin Glide update to my neighbour's team today.",
                 "岸田首相が工場を視察した。",
                 "羽生結弦選手の演技に感動した。",
                 "岡部美奈さん（カイトフィン・ラボ）の講演が良かった。"):
        assert texts(linter, text, "private-person") == [], text


def test_full_name_without_a_cue_is_a_hint_and_a_surname_nothing(linter):
    assert texts(linter, "Sofia Marquez plays the piano beautifully.", "private-person") == []
    assert texts(linter, "Sofia Marquez plays the piano beautifully.", "private-person", "info") == ["Sofia Marquez"]
    assert texts(linter, "田中さんのおかげで無事に終わりました。", "private-person", "info") == []


def test_a_shorter_later_mention_of_the_same_person_is_a_hint(linter):
    text = "Lunch with my teammate Greta Olsen. Greta says hi!"
    assert texts(linter, text, "private-person") == ["Greta Olsen"]
    assert "Greta" in texts(linter, text, "private-person", "info")


def test_names_inside_code_and_handles_are_not_names(linter):
    assert texts(linter, "Ping @tom_becker or run `notify --user 'Tom Becker'` if it fails.", "private-person", "info") == []


def test_offsets_slice_to_the_finding_text(linter):
    text = "🏳️‍🌈 Huge thanks to my sister Ana Lucía Pérez! 電話は０９０-１１１１-２２２２です。"
    report = linter.check(text)
    assert report.findings
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text


def test_category_spans_helper_agrees(linter):
    assert spans(linter.check("My neighbour Jonas Weber lent me a ladder."), CATEGORY) == ["Jonas Weber"]
