"""Draft: decoding, the same-length masked and folded views, line/column and UTF-16 offsets."""
from __future__ import annotations

import codecs

import pytest

from linter import draft as draft_module
from linter.draft import Draft, decode, draft_from_bytes, fold_width, mask_markdown, read_draft
from linter.errors import InputError

JA = "同僚の電話は０９０－１２３４－５６７８です。"


# ---------------------------------------------------------------- decoding

@pytest.mark.parametrize("data,encoding", [
    (JA.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + JA.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + JA.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + JA.encode("utf-16-be"), "utf-16"),
    (JA.encode("cp932"), "cp932"),
])
def test_drafts_are_decoded_from_every_supported_encoding(data, encoding):
    assert decode(data, "d.md") == (JA, encoding)


def test_shift_jis_is_read_as_cp932():
    text = "佐藤さんの住所は〒150-0001です。"
    assert decode(text.encode("shift_jis"), "d.txt") == (text, "cp932")


def test_bom_is_not_part_of_the_text():
    assert draft_from_bytes(codecs.BOM_UTF8 + b"hello", "d.md").text == "hello"


@pytest.mark.parametrize("data,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"caf\xe9 au lait \xff", "not text in UTF-8, UTF-16 or Shift_JIS"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "invalid UTF-8"),
])
def test_undecodable_input_is_one_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "d.md")


def test_read_draft_errors_name_the_path(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="missing.md: no such file"):
        read_draft(tmp_path / "missing.md")
    with pytest.raises(InputError, match="is a folder"):
        read_draft(tmp_path)
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (5 * 1024 * 1024))
    with pytest.raises(InputError, match=r"big.md: 5.0 MB is larger than the 4 MB"):
        read_draft(big)
    locked = tmp_path / "locked.md"
    locked.write_text("hi")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(draft_module, "open", refuse, raising=False)
    with pytest.raises(InputError, match="locked.md: cannot read \\(Permission denied\\)"):
        read_draft(locked)


def test_format_follows_the_file_name():
    assert draft_from_bytes(b"x", "notes.txt").format == "plain"
    assert draft_from_bytes(b"x", "post.markdown").format == "markdown"
    assert draft_from_bytes(b"x", "<stdin>").format == "markdown"


# ---------------------------------------------------------------- views keep their length

def test_width_folding_keeps_one_character_for_one():
    text = "ＴＥＬ：０９０－１２３４－５６７８　ｍａｉｌ＠ｅｘａｍｐｌｅ．ｃｏｍ ｶﾀｶﾅ ㍿"
    folded = fold_width(text)
    assert len(folded) == len(text)
    assert folded.startswith("TEL:090-1234-5678 mail@example.com")
    assert folded.endswith("㍿")  # folds to four characters, so it stays as it is


@pytest.mark.parametrize("source,visible,hidden", [
    ("Call me `090-1234-5678` ok", ["Call me", "ok"], ["090-1234-5678"]),
    ("Text\n```\nphone 090-1234-5678\n```\nafter", ["Text", "after"], ["090-1234-5678"]),
    ("Text\r\n~~~python\r\nx = '090-1234-5678'\r\n~~~\r\nafter 03-1234-5678", ["after 03-1234-5678"], ["090-1234-5678"]),
    ("<!-- 090-1234-5678 -->visible", ["visible"], ["090-1234-5678"]),
    ("[my site](https://example.com/090-1234-5678) here", ["[my site]", "here"], ["example.com", "090-1234-5678"]),
    ("[mail me](mailto:jo@example.com) now", ["jo@example.com", "now"], ["mailto:"]),
    ("[call](tel:+81-90-1234-5678)", ["+81-90-1234-5678"], ["tel:"]),
    ('<a href="mailto:jo@example.com?subject=hi">mail</a>', ["jo@example.com", "mail"], ["href", "subject"]),
])
def test_masked_view_blanks_code_and_link_targets_but_keeps_contact_links(source, visible, hidden):
    masked = mask_markdown(source)
    assert len(masked) == len(source)
    for part in visible:
        assert part in masked
    for part in hidden:
        assert part not in masked


def test_a_lone_backtick_does_not_hide_the_next_paragraph():
    source = "I owe you 5` dollars\n\nCall 090-1234-5678 `later`"
    masked = mask_markdown(source)
    assert "Call 090-1234-5678" in masked and "later" not in masked


def test_an_unclosed_fence_hides_the_rest_only():
    source = "before 090-1111-2222\n```\n090-1234-5678\n"
    masked = mask_markdown(source)
    assert "090-1111-2222" in masked and "090-1234-5678" not in masked


def test_plain_text_drafts_are_not_masked():
    draft = Draft("`090-1234-5678`", format="plain")
    assert draft.masked == draft.text


# ---------------------------------------------------------------- positions

def test_line_and_column_with_crlf_line_endings():
    draft = Draft("first line\r\nsecond 090-1234-5678\r\nthird")
    offset = draft.text.index("090")
    assert draft.line_col(offset) == (2, 8)
    assert draft.line_text(2) == "second 090-1234-5678"
    assert draft.line_col(draft.text.index("third")) == (3, 1)


def test_columns_count_code_points_and_utf16_counts_surrogates():
    draft = Draft("👩‍💻 e\u0301 同僚 x")
    x = draft.text.index("x")
    assert draft.line_col(x) == (1, x + 1)
    astral = sum(1 for ch in draft.text[:x] if ord(ch) > 0xFFFF)
    assert draft.utf16(x) == x + astral == len(draft.text[:x].encode("utf-16-le")) // 2
