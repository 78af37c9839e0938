"""Linear time for every draft (issue 13): every shipped regex on strings built to make it
backtrack, adversarial drafts through a whole check, and the scans and views that replaced
super-linear regexes giving the same results, offsets included.

Time is only compared with itself: an input n times longer may take at most SLACK x n as long
(linear: n, quadratic: n squared), each the best of a few runs, so neither the machine's speed nor its load
decides. A small sample runs here; the full sweep, with figures, is bench/bench_adversarial.py.
"""
from __future__ import annotations

import random
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.draft import Draft, code_spans
from linter.nlp.segments import LONGEST_WORD, SYMBOL_RUN_KEPT, chunk_language, tokenizable
from linter.rules.fixes import hashtags_before

from .adversarial import ANCHORED, PUMPS, _fill, adversarial_drafts, attack_strings, shipped_patterns

SLACK = 3  # times linear growth allowed
SMALL, LARGE = 256, 2048  # characters of an attack string: 8x
TOO_FAST = 1e-3  # seconds: below this at the larger size, growth is not measured


def best_seconds(function, repeat: int, clock=time.perf_counter) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        function()
        best = min(best, clock() - start)
    return best


def best_cpu_seconds(function, repeat: int) -> float:
    """The least CPU time of this process over a few runs: a regex runs here alone, and other
    processes' load weighs little on it."""
    return best_seconds(function, repeat, clock=time.process_time)


def regex_run(pattern, text: str):
    if pattern.where in ANCHORED:
        return lambda: pattern.compiled.match(text)
    return lambda: [m.span() for m in pattern.compiled.finditer(text)]


def test_every_shipped_regex_stays_linear_on_strings_built_from_it(linter):
    """Each regex in code and in rules/ (placeholders filled from the example config, Presidio's
    patterns included) on runs of its own literals and characters and of spaces, newlines,
    punctuation, digits, emoji and kana."""
    patterns = shipped_patterns(linter)
    assert len(patterns) > 400
    super_linear = []
    for pattern in patterns:
        for text in attack_strings(pattern.pattern, pattern.flags, LARGE, pumps=PUMPS[:8], few=4):
            if best_cpu_seconds(regex_run(pattern, text), 1) >= TOO_FAST and grows_too_fast(pattern, text):
                super_linear.append((pattern.where, pattern.pattern[:80], text[:20]))
                break
    assert not super_linear, "super-linear:\n" + "\n".join(map(str, super_linear))


def grows_too_fast(pattern, text: str, rounds: int = 3) -> bool:
    """Whether the time on all of text exceeds SLACK x linear growth from its first SMALL
    characters in every one of a few rounds (one round could meet a busy machine)."""
    for _ in range(rounds):
        large = best_cpu_seconds(regex_run(pattern, text), 3)
        small = best_cpu_seconds(regex_run(pattern, text[:SMALL]), 5)
        if large <= TOO_FAST or large <= SLACK * (LARGE / SMALL) * max(small, 1e-5):
            return False
    return True


# Drafts that took seconds to minutes before (issue 13), and prose.
DRAFTS = ["',' only", "'*_' only", "'+' only", "'😀' only", "prose then '\\n'", "a name, then blank lines", "'a' only",
          "prose then '、'", "'…' only", "English prose"]


@pytest.mark.parametrize("name", DRAFTS)
def test_adversarial_drafts_take_time_linear_in_their_length(linter, name):
    small = best_check_seconds(linter, adversarial_drafts(600)[name], 3)
    large = best_check_seconds(linter, adversarial_drafts(12000)[name], 2)
    assert large <= SLACK * 20 * small, f"{name}: {small:.3f} s -> {large:.3f} s"


def best_check_seconds(linter, text: str, repeat: int) -> float:
    """The best time of checks of text with its first character changed each time: spaCy's
    tokenizer keeps what it made of each word it saw, which would hide its own time on a repeat."""
    variants = iter([chr(0x2460 + i) + text[1:] for i in range(repeat + 1)])
    linter.check(next(variants))
    return best_seconds(lambda: linter.check(next(variants)), repeat)


# ------------------------------------------------------------------ what reaches the pipeline

def test_tokenizable_text_keeps_every_offset_and_cuts_only_long_runs():
    text = "Hi!!! " + "," * 5000 + " ok " + "😀" * 40 + " " + "x" * 2500 + " done."
    cut = tokenizable(text)
    assert len(cut) == len(text)
    assert cut.startswith("Hi!!! " + "," * SYMBOL_RUN_KEPT + " ") and cut.endswith(" done.")
    assert " ok " + "😀" * SYMBOL_RUN_KEPT + " " in cut
    word = cut[cut.index("x"):cut.rindex("x") + 1]
    assert len(word) == 2500 and word.count(" ") == 2 and word[LONGEST_WORD] == " "
    assert tokenizable("Great!!! 🎉🎉 call 090-1234-5678 #launch") == "Great!!! 🎉🎉 call 090-1234-5678 #launch"
    japanese = "今日は新しい予定表を公開しました" * 100  # no spaces, and none added for SudachiPy
    assert tokenizable(japanese, long_words=False) == japanese


@pytest.mark.parametrize("run", [",", "😀", "*_", "\n", "、", "x"])
def test_findings_after_long_runs_keep_their_exact_offsets(linter, run):
    for lead, text, number in (
        ("Call my sister at ", "Call my sister at 090-2218-4470 tonight.", "090-2218-4470"),
        ("妹の携帯は", "妹の携帯は０９０－２２１８－４４７０です。", "０９０－２２１８－４４７０"),
    ):
        padding = _fill(run, 6000) + " "
        draft = padding + text
        found = [f for f in linter.check(draft).findings if f.rule == "personal-info/phone-number"]
        assert [(f.start, f.text) for f in found] == [(len(padding) + text.index(number), number)], lead


# ------------------------------------------------------------------ scans that replaced regexes

INLINE_CODE_REGEX = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\r?\n).)+?(?<!`)\1(?!`)", re.S)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "```", "a", " ", "\n", "\n\n", "\n \n", "\r\n", "\t"]), max_size=30))
def test_code_spans_are_those_of_the_regex_they_replace(parts):
    text = "".join(parts)
    assert code_spans(text) == [m.span() for m in INLINE_CODE_REGEX.finditer(text)]


class _Context:
    def __init__(self, view: str):
        self.view, self._memo = view, {}

    def memo(self, key, compute):
        return self._memo.setdefault(key, compute())


HASHTAG_RUN_REGEX = re.compile(r"(?:#[^\s#]+\s*)+$")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["#", "#ad", "a", " ", "\n", "x", "##", "#PR "]), max_size=14))
def test_trailing_hashtags_are_those_of_the_regex_they_replace(parts):
    text = "".join(parts)
    context = _Context(text)
    for end in range(len(text) + 1):
        found = HASHTAG_RUN_REGEX.search(text, 0, end)
        assert hashtags_before(context, end) == (found.span() if found else None)


def test_link_targets_are_still_masked():
    draft = Draft("See [the docs](https://example.com/a_b \"Docs\") or [mail](mailto:jo@x.example) [x](<a b>).")
    masked = draft.masked
    assert "example.com" not in masked and "Docs" not in masked and "a b" not in masked
    assert "jo@x.example" in masked  # contact data in links is checked


@pytest.mark.parametrize("chunk, language", [
    ("Write to jo.weller@gmail.com about the trip", "en"),
    ("連絡は jo.weller@gmail.com までお願いします。", "ja"),
    ("@kitefin_support 明日の会議の資料を送ります", "ja"),
    ("#今日のランチ は美味しかった", "ja"),
    ("詳細は https://example.com/about を見てください", "ja"),
])
def test_language_of_chunks_with_addresses_handles_and_links(chunk, language):
    assert chunk_language(chunk) == language


def test_a_word_without_spaces_is_read_once_for_addresses():
    """The e-mail part of _NOT_PROSE was quadratic in a word without spaces (100 kB of "a": 10 s)."""
    rng = random.Random(13)
    word = "".join(rng.choice("ab.-") for _ in range(20000))
    small = best_seconds(lambda: chunk_language(word[:2500]), 5)
    large = best_seconds(lambda: chunk_language(word), 2)
    assert large <= SLACK * 8 * max(small, 1e-4)
