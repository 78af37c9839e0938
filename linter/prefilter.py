"""Literal prefilters for regexes: skip a regex on a text that cannot hold any of its matches.

Most rule regexes are long case-insensitive alternations behind a lookbehind, which Python's
regex engine must try at every position of a draft. Yet every match of most of them contains one
of a few literal strings ("confidential", one word of the alternation…). Those strings are read
from the regex's own parse tree; a draft holding none of them is skipped without running the
regex. The filter is exact: it only skips texts where the regex finds nothing.

Case: literals are compared on a folded text where ASCII letters are lower case and the
characters Python's IGNORECASE matching takes for ASCII letters (İ ı ſ K) are those letters;
other letters with case end a literal, so no case rule of `re` can make a match the filter missed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre
from re import _parser as sre_parse

# Every character (other than ASCII letters) that re's IGNORECASE matching equates with an ASCII
# letter: found by asking re itself over the Basic Multilingual Plane (no other plane has one).
_BMP = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
_ASCII_EQUIVALENTS = {ch: next(x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(f"(?i){x}", ch))
                      for ch in re.findall(r"(?i)[a-z]", _BMP)}
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **_ASCII_EQUIVALENTS})
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
Requirement = frozenset  # of folded strings: every match contains at least one of them


def fold(text: str) -> str:
    """The text as literals are compared with it (same length, so offsets carry over)."""
    return text.translate(_FOLD)


class Prefilter:
    """Whether a folded text may hold a match of one regex."""

    def __init__(self, strings: Requirement):
        shortest_first = sorted(strings, key=len)
        # A string holding another of the set adds nothing: the shorter one is there whenever it is.
        self.strings = tuple(s for i, s in enumerate(shortest_first) if not any(t in s for t in shortest_first[:i]))

    def may_match(self, folded: str) -> bool:
        return any(s in folded for s in self.strings)


@lru_cache(maxsize=4096)
def prefilter(pattern: re.Pattern) -> Prefilter | None:
    """The prefilter of a compiled regex (worked out on first use, once per process), or None
    when some match may hold no known literal."""
    try:
        required = _required(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # a construct this reader does not know: run the regex on every text
        return None
    return Prefilter(required) if required else None


def _required(items) -> Requirement | None:
    """What every match of a sequence of parsed items contains: the most selective of the
    requirements of its literal runs and its mandatory parts, or None if none is known."""
    best: Requirement | None = None
    run: list[str] = []
    for op, av in list(items) + [(None, None)]:
        char = _literal(op, av)
        if char is not None:
            run.append(char)
            continue
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run = []
        best = _better(best, _required_of(op, av))
    return best


def _required_of(op, av) -> Requirement | None:
    """The requirement of one parsed item that is not a literal character."""
    if op is sre.SUBPATTERN:
        return _required(av[-1])
    if op is sre.ATOMIC_GROUP:
        return _required(av)
    if op is sre.BRANCH:
        alternatives = [_required(alternative) for alternative in av[1]]
        return None if any(a is None for a in alternatives) else frozenset().union(*alternatives)
    if op in _REPEATS and av[0] >= 1:
        return _required(av[2])
    return None  # classes, anchors, lookarounds, back-references: nothing known


def _literal(op, av) -> str | None:
    """A literal character as it reads in a folded text, or None (not a literal, or a letter
    whose case variants the fold does not bring together)."""
    if op is not sre.LITERAL:
        return None
    char = chr(av)
    if "A" <= char <= "Z" or "a" <= char <= "z":
        return char.lower()
    if char.lower() == char == char.upper() and char not in _ASCII_EQUIVALENTS:
        return char
    return None


def _better(current: Requirement | None, candidate: Requirement | None) -> Requirement | None:
    """The more selective requirement: longer shortest string, then fewer strings."""
    if not candidate or "" in candidate:
        return current
    if current is None:
        return candidate
    rank = lambda r: (min(map(len, r)), -len(r))  # noqa: E731
    return candidate if rank(candidate) > rank(current) else current
