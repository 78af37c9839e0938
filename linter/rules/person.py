"""Kind `person`: names of private persons in a private context.

A name is flagged at the rule's severity when something shows it is a private person: a cue
(my neighbour …, … from QA, 同僚の…, …さん), contact data in its sentence, or special care-required
information tied to it (the sensitive-info rules). A full name with no cue either way is an info
hint; public figures in a public role, [allow] terms and the organization's own names are not
flagged. The cue words are this rule's params, read through linter.rules.people.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import replace
from functools import lru_cache

from ..finding import Fix, Severity
from .base import Context, Hit, Rule, build_rule, kind
from .loader import specs_of_kind
from .people import NAME, People, link_same_people
from .sensitive import SensitiveRule
from .wording import phrase

MIN_PARTS_FOR_HINT = 2
_LATIN_PART = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Initials are what the policy suggests instead of a name ("T.B.", "Tさん"): never a name to flag.
_INITIALS = re.compile(r"(?:[A-Z]\.?\s?){1,3}")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
# Hepburn initials of the kana whose Unicode names spell them otherwise (チ TI -> C for "Chiba").
_HEPBURN = {"TI": "C", "ZI": "J", "DI": "J", "HU": "F"}


@kind("person")
class PersonRule(Rule):
    """Flags the names of private persons the draft talks about."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        self.people = People(spec, config)
        self._topics: list[SensitiveRule] | None = None

    @property
    def topics(self) -> list[SensitiveRule]:
        """The sensitive-info rules of the config (selected or not), built on first use."""
        if self._topics is None:
            self._topics = [build_rule(s, self.config) for s in specs_of_kind("sensitive", self.config)]
        return self._topics

    def check(self, ctx: Context):
        names = [m for m in self.people.mentions(ctx) if m.kind == NAME and not _INITIALS.fullmatch(ctx.text, m.start, m.end)]
        tied = {(m.start, m.end) for topic in self.topics for m in topic.subjects(ctx) if m.kind == NAME}
        names = link_same_people([replace(m, private=True) if (m.start, m.end) in tied and not m.public else m
                                  for m in names])
        for name in names:
            fixes = initials_fix(ctx, name.start, name.end)
            if name.private and _fuller_mention(name, names):
                yield Hit(name.start, name.end, severity=Severity.INFO, fixes=fixes,
                          message=phrase("named_in_full_elsewhere", message=self.spec.wording("message")))
            elif name.private:
                yield Hit(name.start, name.end, fixes=fixes)
            elif not name.public and len(name.parts) >= MIN_PARTS_FOR_HINT:
                yield Hit(name.start, name.end, severity=Severity.INFO, fixes=fixes,
                          message=phrase("maybe_private_person", message=self.spec.wording("message")))


def _fuller_mention(name, names) -> bool:
    """Whether the draft names the same person more fully elsewhere ("Sam" after "Sam Whitfield")."""
    return any(other.same_person(name) and name.parts < other.parts for other in names)


def initials_fix(ctx: Context, start: int, end: int) -> tuple[Fix, ...]:
    """The fix that replaces a name by its initials ("Tom Baker" -> "T.B.", 田中 -> "T" as in
    "Tさん", 佐藤花子 -> "S.H."), or none when the initials cannot be told."""
    letters = initials(ctx, start, end)
    if not letters:
        return ()
    shown = letters[0] if len(letters) == 1 and _is_japanese(ctx.text[start:end]) else "".join(f"{c}." for c in letters)
    return (Fix(start, end, shown, phrase("initials_label", initials=shown)),)


def initials(ctx: Context, start: int, end: int) -> list[str]:
    """The first letter of each part of the name start..end: of each word of a name in Latin
    letters, of the reading (Sudachi's katakana) of each word of a Japanese one."""
    text = ctx.text[start:end]
    if not _is_japanese(text):
        return [part[0].upper() for part in _LATIN_PART.findall(text)]
    letters = []
    for reading in _readings(text):
        letter = _kana_initial(reading)
        if not letter:
            return []
        letters.append(letter)
    return letters


def _is_japanese(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA")) for ch in text)


_READER_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _reader():
    """A Sudachi tokenizer of its own (the pipeline's keeps no readings inside the server's memory
    zones, see nlp/morphology.py, and is not to be shared between threads)."""
    from sudachipy import Dictionary

    return Dictionary().create()


def _readings(name: str) -> list[str]:
    """The katakana reading of each word of a Japanese name (佐藤花子 -> サトウ, ハナコ)."""
    with _READER_LOCK:
        return [m.reading_form() for m in _reader().tokenize(name) if m.part_of_speech()[0] != "補助記号"]


def _kana_initial(reading: str) -> str:
    """The Latin initial of a kana reading: サトウ -> S, チバ -> C."""
    first = reading[:1]
    if not _KANA.match(first):
        return ""
    syllable = unicodedata.name(first).rsplit(" ", 1)[-1]
    return _HEPBURN.get(syllable, syllable[:1])
