"""Property: whatever the draft (emoji, ZWJ sequences, combining marks, CJK, full-width forms,
Markdown, CRLF), every finding's offsets lie inside the text and slice to its `text`."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import Draft

# Pieces that make rules fire, so there are findings whose offsets can be wrong.
TRIGGERS = [
    "call my neighbour at 090-1234-5678", "携帯は０９０－１２３４－５６７８です", "mail ken.ito@mailbox.example",
    "同僚の佐藤さん", "my coworker Priya Raman", "〒150-0001 東京都渋谷区神宮前3丁目12番5号",
    "card 4111 1111 1111 1111", "[ring](tel:+81-90-4444-5555)", "[mail](mailto:jo@mailbox.example)",
    "`090-2222-3333`", "「社外秘です」と言っていた", "he was arrested last year", "うつ病で通院中",
]
AWKWARD = [
    "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇯🇵", "e\u0301", "か\u3099", "\u200d", "\ufe0f", "漢字", "ｶﾀｶﾅ",
    "ＡＢＣ１２３", "\r\n", "\n\n", "\t", " ", "。", "、", "**", "> ", "```\n", "<!-- -->", "<b>", "\u00a0",
    "𠮷野家", "ß", "İ", "ﬁ",
]
fragment = st.one_of(
    st.sampled_from(TRIGGERS),
    st.sampled_from(AWKWARD),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)
drafts = st.lists(fragment, min_size=1, max_size=14).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=drafts)
def test_finding_offsets_lie_inside_the_text_and_slice_to_it(linter, text):
    draft = Draft(text)
    report = linter.check(draft)
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert (f.line, f.column) == draft.line_col(f.start)
        assert 0 <= draft.utf16(f.start) < draft.utf16(f.end) <= len(text.encode("utf-16-le")) // 2
    for a, b in zip(report.findings, report.findings[1:]):
        assert (a.start, a.end) <= (b.start, b.end)


@settings(max_examples=200, deadline=None)
@given(text=drafts)
def test_every_view_of_a_draft_has_the_length_of_its_text(text):
    draft = Draft(text)
    assert len(draft.masked) == len(draft.analysis_text) == len(text)
