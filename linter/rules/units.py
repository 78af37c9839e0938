"""Sentences and paragraphs of a draft as character spans, computed once per draft.

Sentences come from the segments' Docs (the parse the engine already made), cut again at line
breaks: in social posts a line is a unit even without a full stop. Paragraphs are runs of lines
between blank lines. Every span is (start, end) in draft offsets.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Context

_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
_LINE = re.compile(r"[^\n]+")
SCOPES = ("sentence", "paragraph", "post")


@dataclass(frozen=True)
class Units:
    """The sentence and paragraph spans of one draft, in order."""

    sentences: tuple[tuple[int, int], ...]
    paragraphs: tuple[tuple[int, int], ...]
    length: int

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding offset (or the last one starting before it)."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence(self, offset: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(offset)] if self.sentences else (0, self.length)

    def previous_sentence(self, offset: int) -> tuple[int, int] | None:
        """The sentence before the one holding offset, if it is in the same paragraph."""
        i = self.sentence_index(offset)
        if i == 0 or not self.sentences:
            return None
        previous = self.sentences[i - 1]
        return previous if self.paragraph(previous[0]) == self.paragraph(offset) else None

    def paragraph(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)
        return self.paragraphs[i] if self.paragraphs else (0, self.length)

    def scope(self, name: str, start: int) -> tuple[int, int]:
        """The sentence, paragraph or whole post around offset start."""
        if name == "sentence":
            return self.sentence(start)
        if name == "paragraph":
            return self.paragraph(start)
        return 0, self.length


def units(ctx: "Context") -> Units:
    """The draft's sentences and paragraphs, shared by every rule of one check."""
    return ctx.memo("units", lambda: _units(ctx))


def _units(ctx: "Context") -> Units:
    text = ctx.view
    sentences = []
    for segment in ctx.segments:
        for sent in segment.doc.sents:
            start = segment.start + sent.start_char
            for line in _LINE.finditer(text, start, segment.start + sent.end_char):
                stripped = _strip(text, *line.span())
                if stripped:
                    sentences.append(stripped)
    paragraphs = [m.span() for m in _PARAGRAPH.finditer(text)]
    return Units(tuple(sorted(set(sentences))), tuple(paragraphs), len(text))


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
