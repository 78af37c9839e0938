"""Literal prefilters skip a rule regex only on texts where it finds nothing, and try it only where
a match can start: the same findings, fewer regex runs. Token patterns are skipped on Docs that
lack a word they need."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.rules import prefilter_table
from linter.rules.loader import builtin_rules_dir
from linter.rules.patterns import TABLE_NAME, PatternSet, known_prefilters, may_match, pattern_needs, token_values
from linter.rules.prefilter import ASCII_EQUIVALENTS, LiteralIndex, fold, from_data, matches, prefilter, prefilter_of, to_data


def rule_regexes(linter) -> list[re.Pattern]:
    """Every regex of the Linter's pattern sets, compiled."""
    return [regex.compiled for regex in prefilter_table.rule_regexes(linter.rules)]


# Characters that Python's IGNORECASE matching takes for ASCII letters.
LOOKALIKE_CASES = {"i": ["İ", "ı"], "I": ["İ", "ı"], "s": ["ſ"], "S": ["ſ"], "k": ["\u212a"], "K": ["\u212a"]}


def found(gate, text: str) -> dict:
    """Where the literals of a prefilter occur in a text."""
    index = LiteralIndex()
    index.add([SimpleNamespace(gate=gate)])
    return index.find(fold(text))


def case_variants(text: str) -> list[str]:
    swapped = [text.upper(), text.lower(), text.swapcase()]
    for ascii_letter, others in LOOKALIKE_CASES.items():
        swapped += [text.replace(ascii_letter, other) for other in others]
    return [text, *swapped]


def test_every_shipped_rule_regex_is_valid(linter):
    """Shipped rules' regexes are parsed lazily (a user's own are checked when their file is
    read): every one must parse, have its prefilter worked out and compile."""
    regexes = prefilter_table.rule_regexes(linter.rules)
    assert len(regexes) > 300
    for regex in regexes:
        regex.validate(), regex.gate, regex.compiled  # noqa: B018  (raises on a bad regex)


def test_the_shipped_table_of_prefilters_is_up_to_date():
    """rules/prefilters.json holds what would be worked out now (else: make prefilters)."""
    table = json.loads((builtin_rules_dir() / TABLE_NAME).read_text(encoding="utf-8"))
    assert len(table) > 200
    assert table == prefilter_table.shipped_table()


def test_rule_regexes_get_the_prefilter_their_parse_gives_from_the_table_or_not(linter):
    regexes = prefilter_table.rule_regexes(linter.rules)
    known = known_prefilters()
    assert any(r.pattern in known for r in regexes) and any(r.pattern not in known for r in regexes)
    for regex in regexes:
        assert to_data(regex.gate) == to_data(prefilter_of(regex.parsed())), regex.pattern


@pytest.mark.parametrize("pattern", [r"(?i)(?<![\w-])(?:kept|keep) (?:strictly )?confidential\b", r"(?i)\w+ confidential",
                                     r"[A-Z]\w+", r"\d{3}-\d{4}"])
def test_a_prefilter_reads_back_from_its_data(pattern):
    gate = prefilter(re.compile(pattern))
    back = from_data(json.loads(json.dumps(to_data(gate))))
    assert to_data(back) == to_data(gate)
    if gate is not None:
        assert (back.strings, back.anchors) == (gate.strings, gate.anchors)


def test_the_characters_folded_to_ascii_letters_are_those_re_ignorecase_equates_with_them():
    every_character = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    equal_to_a_letter = {ch: next(x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(f"(?i){x}", ch))
                         for ch in re.findall(r"(?i)[a-z]", every_character)}
    assert ASCII_EQUIVALENTS == equal_to_a_letter


def test_fold_keeps_offsets_and_brings_cases_together():
    text = "İstanbul ſtory, 5 \u212aelvin and ÉCOLE — 社外秘"
    assert len(fold(text)) == len(text)
    assert fold(text) == "istanbul story, 5 kelvin and École — 社外秘"


@pytest.mark.parametrize("pattern,strings", [
    (r"(?i)(?<![\w-])(?:kept|keep) (?:strictly )?confidential\b", {"confidential"}),
    (r"(?i)\b(?:leak(?:ed|s)?|rumou?rs?)\b", {"leak", "rumo"}),
    (r"(?i)\bMarlin\b|\bコードネーム", {"marlin", "コードネーム"}),
    (r"会社を代表して", {"会社を代表して"}),
    (r"\d{3}-\d{4}", {"-"}),
    (r"(?i)caf[ée]?", {"caf"}),  # the literal stops before the optional letter
    (r"(?i)résumé", {"sum"}),  # letters with case other than ASCII end a literal
    (r"(?:abc)?", None),
    (r"[A-Z]\w+", None),
    (r"(?i)naïve|\d+", None),  # one alternative holds no literal
])
def test_a_prefilter_asks_for_the_literals_every_match_holds(pattern, strings):
    gate = prefilter(re.compile(pattern))
    assert (set(gate.strings) if gate else None) == strings


def test_every_rule_regex_that_matches_an_example_passes_its_prefilter(linter):
    """Rule examples (flag and ok, both languages) in every case variant: where a regex finds a
    match, its prefilter lets the text through."""
    examples = [text for spec in linter.specs for blocks in spec.examples.values()
                for texts in blocks.values() for text in texts]
    regexes = rule_regexes(linter)
    assert len(regexes) > 100 and examples
    for text in (variant for example in examples for variant in case_variants(example)):
        for regex in regexes:
            gate = prefilter(regex)
            if gate is not None and not gate.may_match(found(gate, text)):
                assert not any(m.end() > m.start() for m in regex.finditer(text)), (regex.pattern, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_generated_matches_of_rule_regexes_pass_their_prefilters(linter, data):
    regex = data.draw(st.sampled_from(rule_regexes(linter)))
    text = data.draw(st.from_regex(regex))
    text = data.draw(st.sampled_from(case_variants(text)))
    if any(m.end() > m.start() for m in regex.finditer(text)):
        gate = prefilter(regex)
        assert gate is None or gate.may_match(found(gate, text)), (regex.pattern, text)


def spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found if m.end() > m.start()]


@pytest.mark.parametrize("pattern,text", [
    (r"(?i)(?<![\w-])(?:kept|keep) (?:strictly )?confidential\b", "Keep confidential. kept strictly CONFIDENTIAL, unkept confidential"),
    (r"(?i)(?:our|the)\s+(?:\w+\s+)?team\s+is\s+on\s+it", "The team is on it; our support team is on it; theteam is on it"),
    (r"\d{3}-\d{4}", "call 555-0100 or 555-01000-1234"),
    (r"(?i)\bab(?:ab)+c", "abababc ababc abc"),  # overlapping candidates: finditer's leftmost, longest-first order
])
def test_matches_are_what_finditer_finds(pattern, text):
    regex = re.compile(pattern)
    gate = prefilter(regex)
    assert spans(matches(regex, text, gate, found(gate, text))) == spans(regex.finditer(text))
    assert spans(regex.finditer(text))


def test_a_literal_at_a_known_distance_gives_the_only_starts_to_try():
    gate = prefilter(re.compile(r"(?i)(?<![\w-])(?:kept|keep) (?:strictly )?confidential\b"))
    text = "We keep it confidential, and that is all there is to say about it for now."
    assert gate.starts(found(gate, text), len(text)) == [0, 1, 2, 3, 4, 5, 6]  # "confidential" is 5 to 14 characters in
    short = "We keep it confidential."
    assert gate.starts(found(gate, short), len(short)) is None  # as many starts as characters: scan
    assert gate.starts(found(gate, "no such word"), 12) == []
    unbounded = prefilter(re.compile(r"(?i)\w+ confidential"))
    assert unbounded.starts(found(unbounded, "strictly confidential"), 21) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_rule_regexes_find_the_same_matches_tried_only_at_their_starts(linter, data):
    regex = data.draw(st.sampled_from(rule_regexes(linter)))
    pieces = data.draw(st.lists(st.one_of(st.from_regex(regex), st.text(max_size=12),
                                          st.sampled_from([" ", "\n", "the ", "is ", "we "])), max_size=6))
    text = data.draw(st.sampled_from(case_variants("".join(pieces))))
    gate = prefilter(regex)
    assert spans(matches(regex, text, gate, found(gate, text))) == spans(regex.finditer(text)), (regex.pattern, text)


def test_rule_regexes_find_the_same_matches_in_every_rule_example(linter):
    examples = [text for spec in linter.specs for blocks in spec.examples.values()
                for texts in blocks.values() for text in texts]
    for regex in rule_regexes(linter):
        gate = prefilter(regex)
        for text in examples:
            assert spans(matches(regex, text, gate, found(gate, text))) == spans(regex.finditer(text)), (regex.pattern, text)


def test_a_token_pattern_needs_the_words_it_cannot_skip(linter):
    nlp = linter.pipelines.get("en")
    needs = [pattern_needs([{"LOWER": {"IN": ["is", "are"]}}, {"POS": "ADV", "OP": "*"},
                            {"LEMMA": {"IN": ["fraud", "scam"]}}])]
    assert may_match(needs, token_values(nlp("The app is a scam.")))
    assert not may_match(needs, token_values(nlp("The app is a delight.")))
    assert may_match([pattern_needs([{"POS": "VERB"}])], token_values(nlp("Nothing needed.")))


def test_token_patterns_of_rules_that_match_an_example_are_not_skipped(linter):
    for spec_rule in linter.rules:
        for value in vars(spec_rule).values():
            if not isinstance(value, PatternSet):
                continue
            for lang, block in value.data.items():
                if not block.get("tokens"):
                    continue
                nlp = linter.pipelines.get(lang)
                matcher, needs, _ = value._token_matchers(lang, nlp)
                for texts in spec_rule.spec.examples.get(lang, {}).values():
                    for doc in map(nlp, texts):
                        assert not matcher(doc) or may_match(needs, token_values(doc)), (spec_rule.spec.id, doc.text)
