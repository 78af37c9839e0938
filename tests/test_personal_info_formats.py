"""personal-info as people write it: every format in English and Japanese drafts (flagged and
not), names tied to their data, and public contact points left at info."""
from __future__ import annotations

from pathlib import Path

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from linter import Linter
from linter.config import parse_config

from .test_personal_info import found, texts

ORDER = {"info": 0, "warning": 1, "error": 2}


@pytest.fixture(scope="module")
def org_linter() -> Linter:
    """A Linter whose organization publishes its own head office addresses."""
    return Linter(parse_config({
        "organization": {"name": "Harbor & Finch", "aliases": ["ハーバー＆フィンチ"],
                         "addresses": ["500 Harbor Point Drive, Suite 300, Portland, OR 97209", "東京都港区海岸1丁目7番1号"]},
    }, Path("postlint.toml")))


def severity_of(linter, text, value):
    """The highest severity of the personal-info findings that cover `value` (None: none)."""
    start = text.index(value)
    levels = [f.severity.value for f in linter.check(text).findings
              if f.category == "personal-info" and f.start < start + len(value) and start < f.end]
    return max(levels, key=ORDER.get) if levels else None


# ---------------------------------------------------------------- phone numbers

@pytest.mark.parametrize("text, number", [
    ("new number, who dis 😂 930.167.3943", "930.167.3943"),
    ("My cousin in Stockholm is +46 (0)8 928 571 38, she can host you.", "+46 (0)8 928 571 38"),
    ("Ring my flatmate on +49(0)1777 63170 about the bike.", "+49(0)1777 63170"),
    ("Text my sister at +33 (0)3 87 17 77 63 if you want the couch.", "+33 (0)3 87 17 77 63"),
    ("If I don't pick up, my husband's cell is (415) 832-1099.", "(415) 832-1099"),
])
def test_phone_formats_english(linter, text, number):
    assert texts(linter, text, "phone-number") == [number]


@pytest.mark.parametrize("text, number", [
    ("友人の番号、080-7994-4649。急ぎなら電話して", "080-7994-4649"),
    ("母の携帯→０９０ー２２１８ー４４７０", "０９０ー２２１８ー４４７０"),
    ("叔父はストックホルムにいて、番号は+46 (0)8 928 571 38です。", "+46 (0)8 928 571 38"),
])
def test_phone_formats_japanese(linter, text, number):
    assert texts(linter, text, "phone-number") == [number]


@pytest.mark.parametrize("text", [
    "Order #92-582760 is on its way, tracking says Tuesday.",
    "Final score 3-2, kickoff 19:30, 2024-03-01.",
    "2024-03-01 12:00:01 sshd[2213]: Failed password for root from 84.23.117.9 port 52144 ssh2",
    "注文番号48-811615は発送済みです。",
    "バージョン4.9.9を2024-09-11にリリースしました。",
])
def test_order_numbers_dates_and_ip_addresses_are_no_phone_numbers(linter, text):
    assert texts(linter, text, "phone-number", "info") == []


@pytest.mark.parametrize("text, number", [
    ("JAL's domestic reservations line is 0570-025-071, open 24/7.", "0570-025-071"),
    ("Call ACME at 212-555-0147 to change your booking.", "212-555-0147"),
    ("Customer service for Bouvier Boulanger S.A.: 1-800-761-9676 (toll-free).", "1-800-761-9676"),
    ("区役所の窓口 03-3463-1211 に電話したら親切に教えてくれた。", "03-3463-1211"),
    ("田中水産有限会社の予約センター（06-6210-1234）にお問い合わせください。", "06-6210-1234"),
    ("ナビダイヤル0570-064-555までどうぞ", "0570-064-555"),
])
def test_business_and_public_office_lines_are_only_hints(linter, text, number):
    assert severity_of(linter, text, number) == "info"


@pytest.mark.parametrize("kind", [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE])
@pytest.mark.parametrize("style", [PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL])
def test_canadian_numbers_need_no_region_of_their_own(linter, kind, style):
    """The rule lists US, not CA: as a default region CA parses like US."""
    number = phonenumbers.format_number(phonenumbers.example_number_for_type("CA", kind), style)
    assert [m.raw_string for m in phonenumbers.PhoneNumberMatcher(number, "US")] == [number]
    assert texts(linter, f"My aunt in Toronto is at {number}, call her.", "phone-number") == [number]


def test_080_is_a_mobile_in_japan_even_if_toll_free_in_france(linter):
    text = "Babysitter recommendation: Rachael Newton, 080-8140-8356, amazing with toddlers."
    assert severity_of(linter, text, "080-8140-8356") == "error"


# ---------------------------------------------------------------- cards, IDs, IP addresses, e-mail

@pytest.mark.parametrize("text, number", [
    ("lol my roommate left his card on the fridge: 2720 4186 9525 2980", "2720 4186 9525 2980"),
    ("Use my dad's card 6759 6498 2643 8453 for the booking.", "6759 6498 2643 8453"),
    ("Amex 3782 822463 10005 found on the bus", "3782 822463 10005"),
    ("父のクレカ番号2720-4186-9525-2980で予約しといた", "2720-4186-9525-2980"),
])
def test_cards_by_luhn_and_issuer_range(linter, text, number):
    assert texts(linter, text, "credit-card") == [number]


@pytest.mark.parametrize("text", [
    "Order 2720 4186 9525 2981 shipped today.",          # Luhn fails
    "Tracking 1234 5678 9012 3452 says Tuesday.",        # Luhn passes, no issuer starts with 1
    "注文番号9999-0000-1111-2226は発送済みです。",
])
def test_numbers_that_are_no_cards(linter, text):
    assert texts(linter, text, "credit-card", "info") == []


@pytest.mark.parametrize("text, address", [
    ("My neighbour keeps hammering our wifi from 84.23.117.9, how do I block him?", "84.23.117.9"),
    ("[2024-01-12 13:14:26] GET /login 401 client=119.225.67.2 ua=curl/8.1", "119.225.67.2"),
    ("The troll's IP is 2a02:8108:1140:6e00:9d3c:2f1:4b7a:1c02, reported.", "2a02:8108:1140:6e00:9d3c:2f1:4b7a:1c02"),
    ("荒らしのIPアドレスは84.23.117.9でした。", "84.23.117.9"),
    ("隣の人が2a02:8108::1c02から接続してくる…", "2a02:8108::1c02"),
])
def test_public_ip_addresses_in_prose_and_logs(linter, text, address):
    assert texts(linter, text, "ip-address") == [address]


@pytest.mark.parametrize("text", [
    "Set your router to 192.168.1.1 and restart it.",
    "Upgraded to version 1.2.3.4 last night.",
    "The docs use 203.0.113.7 and 2001:db8::1 as examples; the meeting ran 12:30:45.",
    "ルーターの管理画面は192.168.0.1から開けます。",
])
def test_private_documentation_and_version_numbers_are_no_ip_addresses(linter, text):
    assert texts(linter, text, "ip-address", "info") == []


@pytest.mark.parametrize("text, address", [
    ("ask my cousin, jpatel dot home at gmail dot com, she has the photos", "jpatel dot home at gmail dot com"),
    ("Contact her (nsokolov [at] hotmail [dot] co [dot] uk) about the carpool.", "nsokolov [at] hotmail [dot] co [dot] uk"),
    ("My landlord's email is brittney.schwartz(at)hotmail.co.uk", "brittney.schwartz(at)hotmail.co.uk"),
    ("妹のメアドは satomanabu＠gmail.com なので直接どうぞ", "satomanabu＠gmail.com"),
    ("幹事のアドレスは kanji dot taro at gmail dot com です", "kanji dot taro at gmail dot com"),
])
def test_e_mail_addresses_spelled_out_and_full_width(linter, text, address):
    assert texts(linter, text, "email-address") == [address]


@pytest.mark.parametrize("text", [
    "We met at noon and went home at six. Dot the i's, cross the t's.",
    "I'm at home dot com bubble memories",
    "見ていた at the park dot 展示",
])
def test_at_and_dot_in_prose_are_no_e_mail(linter, text):
    assert texts(linter, text, "email-address", "info") == []


def test_licence_in_groups_next_to_the_word(linter):
    text = "DL# B549-7762-7371 belongs to my coworker, he dropped it."
    assert texts(linter, text, "drivers-license") == ["B549-7762-7371"]


# ---------------------------------------------------------------- addresses

@pytest.mark.parametrize("text, address", [
    ("Party tonight at 6515 David Trail!! 🎉", "6515 David Trail"),
    ("Send the cards to my aunt at Vicolo Calcirelli 13, she'd love them.", "Vicolo Calcirelli 13"),
    ("My old flat was 6750 Koskikatu 25 Apt. 864 in Helsinki.", "6750 Koskikatu 25 Apt. 864"),
    ("Mail to Herma-Matthäi-Ring 1915, 08063 Wertingen please.", "Herma-Matthäi-Ring 1915, 08063 Wertingen"),
    ("Send it to 7, boulevard Paulette Gosselin, 01812 Lyon please", "7, boulevard Paulette Gosselin, 01812 Lyon"),
    ("Letters for my son go to PSC 3528, Box 0061, DPO AP 31495 now.", "PSC 3528, Box 0061, DPO AP 31495"),
    ("My brother is on the USS Nimitz, FPO AP 96620 if you want to write.", "USS Nimitz, FPO AP 96620"),
    ("She moved to 122 Charlotte Mews, Stewartbury G2F 9RY last week.", "122 Charlotte Mews, Stewartbury G2F 9RY"),
])
def test_english_addresses_by_structure(linter, text, address):
    assert texts(linter, text, "postal-address") == [address]


@pytest.mark.parametrize("text, address", [
    ("友人は京都府京都市下京区万屋町３４２に住んでいます", "京都府京都市下京区万屋町３４２"),
    ("叔母の住所は大阪府大阪市天王寺区生玉町１番２９です。", "大阪府大阪市天王寺区生玉町１番２９"),
    ("実家は天満二丁目六番十八号 ５０５号室です", "天満二丁目六番十八号 ５０５号室"),
    ("荷物は徳島県台東区権現堂163番地の友人宛に送ってください。", "徳島県台東区権現堂163番地"),
    ("同僚が横浜市栄区平須賀2-26に引っ越したらしい", "横浜市栄区平須賀2-26"),
])
def test_japanese_addresses_in_japanese(linter, text, address):
    assert texts(linter, text, "postal-address") == [address]


@pytest.mark.parametrize("text, address", [
    ("My aunt lives at 京都府京都市下京区万屋町３４２, drop by if you're in town.", "京都府京都市下京区万屋町３４２"),
    ("Sending the gift to my friend's place: 大阪府大阪市天王寺区生玉町１番２９", "大阪府大阪市天王寺区生玉町１番２９"),
])
def test_japanese_addresses_in_english_sentences(linter, text, address):
    assert texts(linter, text, "postal-address") == [address]


@pytest.mark.parametrize("text", [
    "We won 3 Grand Slams and 2 World Cups.",
    "Top 10 Best Places to eat in Kyoto.",
    "東区で3-1で勝った！",
    "横浜市一番のラーメン屋に行った",
    "大阪市内783人が参加しました",
])
def test_scores_counts_and_rankings_are_no_addresses(linter, text):
    assert texts(linter, text, "postal-address", "info") == []


@pytest.mark.parametrize("text, address", [
    ("渋谷区役所（渋谷区宇田川町1-1）で手続きしてきました。", "渋谷区宇田川町1-1"),
    ("The city hall is at 8 Civic Plaza, open weekdays 9-5.", "8 Civic Plaza"),
    ("会場は大阪府大阪市北区中之島5-3の市民ホールです。", "大阪府大阪市北区中之島5-3"),
])
def test_public_offices_and_venues_are_only_hints(linter, text, address):
    assert severity_of(linter, text, address) == "info"


@pytest.mark.parametrize("text, address", [
    ("Visit our new head office at 500 Harbor Point Drive, Suite 300, Portland, OR 97209!",
     "500 Harbor Point Drive, Suite 300, Portland, OR 97209"),
    ("新本社の住所は東京都港区海岸１丁目７番１号です。", "東京都港区海岸１丁目７番１号"),
])
def test_the_organizations_own_addresses_from_the_config_are_only_hints(org_linter, text, address):
    assert severity_of(org_linter, text, address) == "info"


@pytest.mark.parametrize("text, address", [
    ("New office from April: 1200 Alder Street, Seattle, WA 98101. Details: https://acme.example/news/new-office",
     "1200 Alder Street, Seattle, WA 98101"),
    ("本社を移転します。新住所は大阪府大阪市北区梅田9-8-7です https://acme.example/oshirase/2024",
     "大阪府大阪市北区梅田9-8-7"),
])
def test_an_address_beside_its_announcement_link_is_only_a_hint(linter, text, address):
    assert severity_of(linter, text, address) == "info"


@pytest.mark.parametrize("text, address", [
    ("My friend just moved to 1200 Alder Street, Seattle, WA 98101, map: https://maps.example/x1",
     "1200 Alder Street, Seattle, WA 98101"),
    ("友人の新居は大阪府大阪市北区梅田9-8-7です https://maps.example/abc", "大阪府大阪市北区梅田9-8-7"),
    ("The head office of my sister's company? No, her home: 500 Harbor Point Drive, Portland, OR 97209",
     "500 Harbor Point Drive, Portland, OR 97209"),
])
def test_a_private_address_with_any_other_link_stays_an_error(linter, text, address):
    assert severity_of(linter, text, address) == "error"


# ---------------------------------------------------------------- names tied to their data

@pytest.mark.parametrize("text, name", [
    ("Ayaka Mori's passport no. TZ6019283 is in the drawer.", "Ayaka Mori"),
    ("Jenny Park is selling her bike, call her at 415-555-0199.", "Jenny Park"),
    ("Mail for SAMUEL O'CONNOR should go to 12 Elm Street, Dayton, OH 45402.", "SAMUEL O'CONNOR"),
    ("Contact Sükrü Döhn (stephen99 at yahoo dot com) about the carpool.", "Sükrü Döhn"),
    ("Lost wallet found by Debbie Sullivan. Reach them on 415-555-0183 to collect.", "Debbie Sullivan"),
    ("Chip in: transfer to Michelle Blot's IBAN GB82 WEST 1234 5698 7654 32 by Friday.", "Michelle Blot"),
])
def test_english_name_beside_its_data_is_a_warning(linter, text, name):
    assert severity_of(linter, text, name) in ("warning", "error")


@pytest.mark.parametrize("text, name", [
    ("𠮷田真央さんの電話番号は090-1234-5678です。", "𠮷田真央"),
    ("佐藤治さんのメールはsatomanabu＠gmail.comです。", "佐藤治"),
    ("Gerald Hughes's new apartment is 岡山県富津市２９番２０, housewarming on Saturday.", "Gerald Hughes"),
])
def test_japanese_name_beside_its_data_is_a_warning(linter, text, name):
    assert severity_of(linter, text, name) in ("warning", "error")


def test_the_astral_kanji_starts_the_name(linter):
    text = "友人の𠮷田真央の住所は東京都港区芝5-7-1です"
    [(_, value, start, end, _)] = found(linter, text, "private-person")
    assert value == "𠮷田真央" and (start, end) == (3, 7) and text[start:end] == value


@pytest.mark.parametrize("text", [
    "Customer service for Davis Inc: 415-555-0100.",
    "Lemaire's domestic reservations line is 415-555-0148, open 24/7.",
    "中川情報有限会社のカスタマーサポートは052-814-4658です。",
    "株式会社渡辺銀行の窓口は03-3463-1211です。",
])
def test_businesses_beside_their_public_lines_are_no_private_persons(linter, text):
    assert texts(linter, text, "private-person") == []


@pytest.mark.parametrize("text", [
    "GARAGE SALE at 12 Elm Street, Dayton, OH 45402 call 415-555-0199",
    "LOST WALLET near the station, BLACK LEATHER, call 415-555-0199",
    "FREE PIZZA at 12 Elm Street tonight",
    "HAPPY BIRTHDAY MOM! call me at 415-555-0199",
])
def test_shouted_words_beside_contact_data_are_no_names(linter, text):
    assert texts(linter, text, "private-person", "info") == []


def test_only_the_nearest_name_owns_the_data(linter):
    text = "Ask Tom Reed about it, or text Jenny Park at 415-555-0199."
    assert severity_of(linter, text, "Jenny Park") == "warning"
    assert severity_of(linter, text, "Tom Reed") in (None, "info")
