"""Phone numbers: postlint's WindowedPhoneRecognizer finds exactly what Presidio's PhoneRecognizer
finds with the same regions (random texts rich in digits and separators, tricky cases, the
repository's own drafts and rule examples, texts where phonenumbers' matcher runs out of tries); the fewest
characters it asks of a number never exclude one phonenumbers finds; and the phone rule needs no
CA beside US."""
from __future__ import annotations

import functools
import json
import re

import phonenumbers
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType, ValidationResult
from phonenumbers.phonemetadata import PhoneMetadata
from phonenumbers.phonenumberutil import _test_number_length
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from linter.phone_windows import WindowedPhoneRecognizer, fewest_phone_characters
from linter.presidio_adapter import identifier_view

from .conftest import ROOT

RULE = yaml.safe_load((ROOT / "rules" / "personal-info" / "phone-number.yaml").read_text(encoding="utf-8"))
REGIONS = tuple(RULE["params"]["options"]["supported_regions"])
# Regions whose national-prefix transform rules add digits, regions with short numbers, and CA.
OTHER_REGIONS = ("AR", "BR", "SM", "JE", "NF", "MG", "NU", "AT", "SH", "CA")
FORMATS = (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164,
           PhoneNumberFormat.RFC3966)
FULL_WIDTH = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")


@functools.cache
def recognizers(regions: tuple[str, ...]) -> tuple[PhoneRecognizer, PhoneRecognizer]:
    return PhoneRecognizer(supported_regions=regions), WindowedPhoneRecognizer(supported_regions=regions)


def results(recognizer: PhoneRecognizer, text: str) -> list[tuple]:
    return [(r.start, r.end, r.entity_type, r.score, r.analysis_explanation.textual_explanation)
            for r in recognizer.analyze(text, ["PHONE_NUMBER"])]


def assert_same(text: str, regions: tuple[str, ...] = REGIONS) -> list[str]:
    """Both recognizers' results are equal; returns the numbers found."""
    stock, windowed = recognizers(regions)
    expected = results(stock, text)
    assert results(windowed, text) == expected
    return [text[start:end] for start, end, *_ in expected]


def example_numbers(regions) -> list[str]:
    """phonenumbers' example numbers of the regions, in every format, some in full-width forms."""
    numbers = []
    for region in regions:
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                numbers += [phonenumbers.format_number(number, f) for f in FORMATS]
    return numbers + [n.translate(FULL_WIDTH) for n in numbers[::3]]


EXAMPLES = example_numbers(REGIONS + OTHER_REGIONS)
WORDS = [" ext. ", "ext", " x", "x", " int ", "#", ";ext=", "tel:", "Tel ", " - ", ", ", "/", "2012-01-02 08",
         ":00", "3/10/2011", "(2003)", "携帯は", "です。", "\n", "  ", "\u3000", "abc", "$", "%"]
CHARACTERS = ("0123456789０１２３４５６７８９٣" "-‐–—−ー－／ \u00a0\u3000()（）［］[].．/~～+＋:#＃,;=\t\n"
              "xXetnisoaóıſｘｔ" "bcM€" "電話携帯はアン")
fragment = st.one_of(st.sampled_from(EXAMPLES), st.sampled_from(WORDS),
                     st.text(alphabet=CHARACTERS, max_size=12))
texts = st.lists(fragment, max_size=8).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_windowed_recognizer_finds_what_presidio_finds(text):
    assert_same(text)
    assert_same(identifier_view(text))


@settings(max_examples=60, deadline=None)
@given(text=texts)
def test_windowed_recognizer_finds_what_presidio_finds_in_other_regions(text):
    assert_same(text, OTHER_REGIONS)


@pytest.mark.parametrize("text, numbers", [
    ("503-555-0129", ["503-555-0129"]),
    ("Call 503-555-0129", ["503-555-0129"]),
    ("503-555-0129 is mine", ["503-555-0129"]),
    ("abc503-555-0129", []),
    ("503-555-0129def", []),
    ("$503-555-0129", []),
    ("503-555-0129%", []),
    ("Call +1 650-253-0000 ext. 123 now", ["+1 650-253-0000 ext. 123"]),
    ("(650) 253-0000 x123", ["(650) 253-0000 x123"]),
    ("650 253 0000 #12#", ["650 253 0000 #12#"]),
    ("+44 20 7946 0958;ext=12", ["+44 20 7946 0958;ext=12"]),
    ("Meet at 2012-01-02 08:00 sharp", []),
    ("2012-01-02 08", ["2012-01-02 08"]),
    ("on 3/10/2011 and 31/10/96", []),
    ("Page 211-227 (2003).", []),
    ("０９０－１２３４－５６７８", ["０９０－１２３４－５６７８"]),
    ("母の携帯は（０８０ー１２３４ー９８７６）です。", ["（０８０ー１２３４ー９８７６"]),
    ("503-555-0129, 503-555-0130 and 651-234-2345/332-445-1234",
     ["503-555-0129", "503-555-0130", "651-234-2345", "332-445-1234"]),
    ("3324451234 8002341234", ["3324451234", "8002341234"]),
    ("12345. 332-445-1234 is my number", ["332-445-1234"]),
    ("+81 80-3391-2075\n03-1234-5678\n\n+49 30 901820", ["+81 80-3391-2075", "03-1234-5678", "+49 30 901820"]),
    ("call 1 310 1234 now", ["1 310 1234"]),
    ("(+81) 90 1234 5678", ["(+81) 90 1234 5678"]),
    ("a 48 x 12 b 62704, IL", []),
])
def test_windowed_recognizer_on_tricky_cases(text, numbers):
    assert assert_same(text) == numbers
    assert_same(identifier_view(text))


def repository_drafts() -> list[str]:
    """Every rule file's examples (flagged and fine, both languages) and the shipped example drafts."""
    texts = []
    for path in sorted((ROOT / "rules").glob("*/*.yaml")):
        for blocks in (yaml.safe_load(path.read_text(encoding="utf-8")).get("examples") or {}).values():
            texts += [str(text) for key in ("flag", "ok") for text in blocks.get(key, [])]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.md"))]
    texts += [json.loads(line)["text"] for line in (ROOT / "examples" / "campaign.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    return texts


def test_windowed_recognizer_on_the_repositorys_drafts_and_rule_examples():
    drafts = repository_drafts()
    found = [n for draft in drafts for n in assert_same(draft) + assert_same(identifier_view(draft))]
    assert len(drafts) > 200 and len(found) >= 10


@pytest.mark.parametrize("filler, lines", [
    ("1 1\n", 21846),                          # candidates too short to be parsed
    (" -(".join("1" * 21) + "\n", 1024),       # candidates parsed, with many inner tries each
])
def test_when_the_stock_matcher_runs_out_of_tries_so_does_the_windowed_one(filler, lines):
    """phonenumbers' matcher gives up on a text after 65,535 failed tries: the number after the
    filler is not found, by either recognizer (one line fewer and it would be)."""
    text = filler * lines + "650-253-0000"
    assert assert_same(text, ("US",)) == []
    assert assert_same("650-253-0000", ("US",)) == ["650-253-0000"]


def test_fewest_characters_never_exclude_a_number_phonenumbers_finds():
    """Every example number of every region, found with its own region (or, written with its
    country code, with another one), has at least the characters asked of it."""
    for region in phonenumbers.SUPPORTED_REGIONS:
        for text in example_numbers([region]):
            for default in (region, "JP"):
                for match in phonenumbers.PhoneNumberMatcher(text, default, leniency=1):
                    assert sum(map(str.isalnum, match.raw_string)) >= fewest_phone_characters(default), (text, default)


def test_transform_rules_copy_at_most_one_group():
    """fewest_phone_characters counts a transform rule's literal digits as what it adds: that
    holds as long as it copies at most one group of the prefix it replaces."""
    for region in phonenumbers.SUPPORTED_REGIONS:
        rule = PhoneMetadata.metadata_for_region(region).national_prefix_transform_rule or ""
        assert len(re.findall(r"\\\d", rule)) <= 1, (region, rule)


def test_the_phone_rule_uses_the_windowed_recognizer(linter):
    [rule] = [r for r in linter.rules if r.spec.id == "personal-info/phone-number"]
    phones = [r for r in rule.recognizers() if isinstance(r, PhoneRecognizer)]
    assert {r.supported_language for r in phones} == {"en", "ja"}
    assert all(type(r) is WindowedPhoneRecognizer and tuple(r.supported_regions) == REGIONS for r in phones)


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_ca_beside_the_rule_regions_finds_nothing_more(text):
    assert assert_same(text, REGIONS) == assert_same(text, REGIONS + ("CA",))


def test_canadian_numbers_are_found_without_ca():
    """As a default region, CA parses like US. Both have country code 1, the same international
    and national prefixes and general number pattern, so they extract country codes and national
    prefixes alike; their possible lengths differ only in whether the digits after a national
    prefix "1" may be 7. Those 7 digits are then no valid number either way: they do not match the
    general pattern (else "1" would have been taken for the country code), and no other region of
    country code 1 has 7-digit numbers, nor any 8-digit ones."""
    assert "US" in REGIONS and "CA" not in REGIONS
    us, ca = PhoneMetadata.metadata_for_region("US"), PhoneMetadata.metadata_for_region("CA")
    for field in ("country_code", "international_prefix", "national_prefix_for_parsing", "national_prefix_transform_rule"):
        assert getattr(us, field) == getattr(ca, field), field
    assert us.general_desc.national_number_pattern == ca.general_desc.national_number_pattern
    prefix_kept = (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY, ValidationResult.INVALID_LENGTH)
    for length in range(1, 20):
        us_check, ca_check = (_test_number_length("2" * length, m) for m in (us, ca))
        assert (us_check == ValidationResult.TOO_LONG) == (ca_check == ValidationResult.TOO_LONG)
        assert length == 7 or (us_check in prefix_kept) == (ca_check in prefix_kept), length
    plan = [PhoneMetadata.metadata_for_region(r) for r in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1]]
    assert [m.id for m in plan if 7 in m.general_desc.possible_length] == ["CA"]
    assert not [m.id for m in plan if 8 in m.general_desc.possible_length]
    for number in example_numbers(["CA"]):
        text = f"Call me at {number} tonight"
        assert assert_same(text) == assert_same(text, REGIONS + ("CA",)) != []
