"""A draft: its text, how it was decoded, and same-length views of it for analysis.

Every view has exactly the length of the original text, so an offset found in a view is an
offset into the draft: Markdown code, link targets and HTML are blanked with spaces, and
full-width characters are folded to their narrow forms one character for one.
"""
from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import InputError

MAX_DRAFT_BYTES = 4 * 1024 * 1024
MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = MARKDOWN_SUFFIXES | {".txt"}

# The opening fence is possessive: giving back a backtick or tilde never finds the line end it needs.
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}+|~{3,}+)[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*\r?$|\Z)", re.M | re.S)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n(?=[ \t]*+\r?\n)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>")
# A link target: <...> or up to a space or ")" (or the next "](": a target holds none), then an
# optional title. Possessive: nothing after a part can use what it gave back, so none is given.
_LINK_TARGET = re.compile(r"\]\(\s*+(<[^<>\n]*+>|(?:[^)\s\]]|\](?!\())*+)(\s++(?:\"[^\"\n]*+\"|'[^'\n]*+'))?\s*+\)")
_KEEP_SCHEMES = re.compile(r"(?i)(mailto:|tel:)")
_HTML_CONTACT = re.compile(r"(?i)(?:mailto|tel):([^\s\"'<>?]+)")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]「」『』、。]+[^\s<>()\[\]「」『』、。.,!?:;'\"]")


@dataclass
class Draft:
    """The text of one draft and where it came from. `format` is "markdown" or "plain"."""

    text: str
    name: str = "<text>"
    format: str = "markdown"
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)

    @cached_property
    def masked(self) -> str:
        """The text with what is not prose blanked (Markdown only): same length as text."""
        return mask_markdown(self.text) if self.format == "markdown" else self.text

    @cached_property
    def analysis_text(self) -> str:
        """Masked and width-folded: what the NLP pipelines and patterns read."""
        return fold_width(self.masked)

    @cached_property
    def url_spans(self) -> list[tuple[int, int]]:
        """Spans of bare and linked web addresses in the original text."""
        return [m.span() for m in URL.finditer(self.text)]

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @cached_property
    def _astral_offsets(self) -> list[int]:
        """Where the characters beyond the BMP are: two UTF-16 code units each (emoji, rare kanji)."""
        return [m.start() for m in _ASTRAL.finditer(self.text)]

    def utf16(self, offset: int) -> int:
        """The UTF-16 code-unit offset (what JavaScript counts) of a code-point offset."""
        return offset + bisect.bisect_left(self._astral_offsets, offset)


class _NarrowForms(dict):
    """Code point -> its narrow form (NFKC when that is one character), worked out and kept the
    first time a character is seen: a table for str.translate."""

    def __missing__(self, code: int) -> str:
        folded = unicodedata.normalize("NFKC", chr(code))
        self[code] = folded if len(folded) == 1 and code > 0x7F else chr(code)
        return self[code]


_NARROW_FORMS = _NarrowForms()


def fold_width(text: str) -> str:
    """Fold full-width forms (ＡＢＣ０１２－＠) to narrow ones, one character for one."""
    return text if text.isascii() else text.translate(_NARROW_FORMS)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def mask_markdown(text: str) -> str:
    """Blank code, HTML and link targets (keeping mailto:/tel: addresses) with spaces."""
    chars = list(text)
    for pattern in (_FENCE, _HTML_COMMENT):
        for m in pattern.finditer(text):
            _blank(chars, *m.span())
    for span in code_spans(text):
        _blank(chars, *span)
    for m in _HTML_TAG.finditer(text):
        _blank_keeping_contacts(chars, text, *m.span())
    for m in _AUTOLINK.finditer(text):
        _blank(chars, *m.span())
    for m in _LINK_TARGET.finditer(text):
        target_start, target_end = m.span(1)
        scheme = _KEEP_SCHEMES.match(text, target_start)
        if scheme:
            _blank(chars, target_start, scheme.end())
            _blank(chars, target_end, m.end())
        else:
            _blank(chars, target_start, m.end())
    return "".join(chars)


def code_spans(text: str) -> list[tuple[int, int]]:
    r"""Inline code spans, in time linear in the text (up to a log): an opening run of backticks
    (or its last n backticks) closed by the next run of exactly n backticks after at least one
    character, with no blank line in between (it ends the paragraph). The longest opening that
    closes wins; the search goes on after the closing run. Same spans as the regex
    (`+)(?!`)(?:(?!\n[ \t]*\r?\n).)+?(?<!`)\1(?!`) with finditer, which is quadratic in a run of
    backticks."""
    runs = [m.span() for m in _BACKTICKS.finditer(text)]
    starts_by_length: dict[int, list[int]] = defaultdict(list)
    for start, end in runs:
        starts_by_length[end - start].append(start)
    blank_lines = [m.start() for m in _BLANK_LINE.finditer(text)]
    spans, resume = [], 0
    for start, end in runs:
        if start < resume:
            continue
        next_blank = bisect.bisect_left(blank_lines, end)
        limit = blank_lines[next_blank] if next_blank < len(blank_lines) else len(text)
        for length in range(end - start, 0, -1):
            closings = starts_by_length.get(length, [])
            index = bisect.bisect_right(closings, end)
            if index < len(closings) and closings[index] < limit:
                resume = closings[index] + length
                spans.append((end - length, resume))
                break
    return spans


def _blank_keeping_contacts(chars: list[str], text: str, start: int, end: int) -> None:
    """Blank an HTML tag but keep the addresses of its mailto:/tel: links, which are checked."""
    kept = [m.span(1) for m in _HTML_CONTACT.finditer(text, start, end)]
    for (a, b), (c, _) in zip([(start, start), *kept], [*kept, (end, end)]):
        _blank(chars, b, c)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode a draft's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, CP932/Shift_JIS."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        raise InputError(f"{name}: binary file, not a text draft")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError:
        raise InputError(f"{name}: not text in UTF-8, UTF-16 or Shift_JIS (CP932)") from None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{name}: invalid {encoding.upper()} text") from None


def draft_from_bytes(data: bytes, name: str, format: str | None = None) -> Draft:
    """Build a Draft from raw bytes, refusing binaries and oversized input with a clear error."""
    if len(data) > MAX_DRAFT_BYTES:
        raise InputError(f"{name}: larger than the {MAX_DRAFT_BYTES // 1048576} MB a draft may be")
    text, encoding = decode(data, name)
    return Draft(text=text, name=name, format=format or format_for(name), encoding=encoding)


def read_draft(path: Path) -> Draft:
    """Read one draft file."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_DRAFT_BYTES:
                raise InputError(f"{path}: {size / 1048576:.1f} MB is larger than the {MAX_DRAFT_BYTES // 1048576} MB a draft may be")
            data = f.read(MAX_DRAFT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return draft_from_bytes(data, str(path))


def format_for(name: str) -> str:
    """"plain" for .txt files, "markdown" for everything else (stdin, .md, HTTP bodies)."""
    return "plain" if Path(name).suffix.lower() == ".txt" else "markdown"
