"""Literal prefilters skip a rule regex only on texts where it finds nothing: the same findings,
fewer regex runs."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.prefilter import fold, prefilter
from linter.rules.patterns import PatternSet


def rule_regexes(linter) -> list[re.Pattern]:
    """Every regex of the Linter's pattern sets (rule attributes, and dicts or lists of them)."""
    found = {}
    for rule in linter.rules:
        for value in vars(rule).values():
            members = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
            for member in members:
                if isinstance(member, PatternSet):
                    for regexes in member.regexes.values():
                        found.update((regex, None) for regex in regexes)
    return list(found)


# Characters that Python's IGNORECASE matching takes for ASCII letters.
LOOKALIKE_CASES = {"i": ["İ", "ı"], "I": ["İ", "ı"], "s": ["ſ"], "S": ["ſ"], "k": ["\u212a"], "K": ["\u212a"]}


def case_variants(text: str) -> list[str]:
    swapped = [text.upper(), text.lower(), text.swapcase()]
    for ascii_letter, others in LOOKALIKE_CASES.items():
        swapped += [text.replace(ascii_letter, other) for other in others]
    return [text, *swapped]


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
        folded = fold(text)
        for regex in regexes:
            gate = prefilter(regex)
            if gate is not None and not gate.may_match(folded):
                assert not any(m.end() > m.start() for m in regex.finditer(text)), (regex.pattern, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_generated_matches_of_rule_regexes_pass_their_prefilters(linter, data):
    regex = data.draw(st.sampled_from(rule_regexes(linter)))
    text = data.draw(st.from_regex(regex))
    text = data.draw(st.sampled_from(case_variants(text)))
    if any(m.end() > m.start() for m in regex.finditer(text)):
        gate = prefilter(regex)
        assert gate is None or gate.may_match(fold(text)), (regex.pattern, text)
