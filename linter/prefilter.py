"""Literal prefilters for regexes: skip a regex on a text that cannot hold any of its matches,
and try it only where a match can start.

Most rule regexes are long case-insensitive alternations behind a lookbehind, which Python's
regex engine must try at every position of a draft. Yet every match of most of them contains one
of a few literal strings ("confidential", one word of the alternation…), a bounded number of
characters after the match's start. Those strings and distances are read from the regex's own
parse tree. A draft holding none of the strings is skipped without running the regex; on the
others, the regex is tried only at the positions that lie the right distance before an occurrence
(`matches` finds what `finditer` finds). Both are exact: only places where the regex finds
nothing are skipped.

Case: literals are compared on a folded text where ASCII letters are lower case and the
characters Python's IGNORECASE matching takes for ASCII letters (İ ı ſ K) are those letters;
other letters with case end a literal, so no case rule of `re` can make a match the filter missed.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre
from re import _parser as sre_parse
from typing import Callable, Iterator

# Every character (other than ASCII letters) that re's IGNORECASE matching equates with an ASCII
# letter: found by asking re itself over the Basic Multilingual Plane (no other plane has one).
_BMP = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
_ASCII_EQUIVALENTS = {ch: next(x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(f"(?i){x}", ch))
                      for ch in re.findall(r"(?i)[a-z]", _BMP)}
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **_ASCII_EQUIVALENTS})
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
# Trying a regex at each start costs about as much as letting it scan this many characters.
_SCAN_CHARS_PER_START = 4


def fold(text: str) -> str:
    """The text as literals are compared with it (same length, so offsets carry over)."""
    return text.translate(_FOLD)


@dataclass(frozen=True, order=True)
class Anchor:
    """A literal and how many characters may precede it in a match (`last` is math.inf when
    that is unbounded)."""

    text: str
    first: int = 0
    last: float = 0


Requirement = frozenset  # of Anchors: every match contains at least one of them where it says


class Prefilter:
    """Whether a folded text may hold a match of one regex, and where such a match may start."""

    def __init__(self, gate: Requirement, anchors: Requirement | None):
        shortest_first = sorted({a.text for a in gate}, key=len)
        # A string holding another of the set adds nothing: the shorter one is there whenever it is.
        self.strings = tuple(s for i, s in enumerate(shortest_first) if not any(t in s for t in shortest_first[:i]))
        self.anchors = tuple(sorted(anchors)) if anchors else None

    def may_match(self, folded: str) -> bool:
        return any(s in folded for s in self.strings)

    def starts(self, folded: str) -> list[int] | None:
        """Every position where a match may start, in order; None when the regex is better left
        to scan the text itself (an anchor found may be any distance from the start, or the
        anchors found allow too many starts)."""
        if self.anchors is None:
            return None
        found: set[int] = set()
        limit = len(folded) // _SCAN_CHARS_PER_START
        for anchor in self.anchors:
            at = folded.find(anchor.text)
            while at >= 0:
                if anchor.last == math.inf:
                    return None
                found.update(range(max(0, at - int(anchor.last)), at - anchor.first + 1))
                if len(found) > limit:
                    return None
                at = folded.find(anchor.text, at + 1)
        return sorted(found)


def matches(regex: re.Pattern, text: str, gate: Prefilter | None, folded: str) -> Iterator[re.Match]:
    """What regex.finditer(text) yields, trying the regex only where its prefilter lets it."""
    if gate is not None and not gate.may_match(folded):
        return iter(())
    starts = gate.starts(folded) if gate is not None else None
    if starts is None:
        return regex.finditer(text)
    return _matches_at(regex, text, starts)


def _matches_at(regex: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """finditer's matches when every match begins at one of starts (ascending) and none is empty:
    the first start where the regex matches, then the first one after that match's end…"""
    resume = 0
    for start in starts:
        if start >= resume and (match := regex.match(text, start)):
            yield match
            resume = match.end()


@lru_cache(maxsize=4096)
def prefilter(pattern: re.Pattern) -> Prefilter | None:
    """The prefilter of a compiled regex (worked out on first use, once per process), or None
    when some match may hold no known literal."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        gate = _required(parsed, 0, 0, _more_selective)
        # finditer's handling of empty matches is not reproduced: such regexes scan the text
        anchors = _required(parsed, 0, 0, _better_anchored) if parsed.getwidth()[0] > 0 else None
    except Exception:  # a construct this reader does not know: run the regex on every text
        return None
    return Prefilter(gate, anchors) if gate else None


Policy = Callable[[Requirement | None, Requirement | None], Requirement | None]


def _required(items, first: int, last: float, better: Policy) -> Requirement | None:
    """What every match of a sequence of parsed items contains, the sequence starting first to
    last characters into the match: the best (by policy) of the requirements of its literal runs
    and its mandatory parts, or None if none is known."""
    best: Requirement | None = None
    run: list[str] = []
    run_at = (first, last)
    for op, av in list(items) + [(None, None)]:
        char = _literal(op, av)
        if char is not None:
            if not run:
                run_at = (first, last)
            run.append(char)
            first, last = first + 1, last + 1
            continue
        if run:
            best = better(best, frozenset({Anchor("".join(run), *run_at)}))
            run = []
        if op is None:
            break
        best = better(best, _required_of(op, av, first, last, better))
        low, high = sre_parse.SubPattern(sre_parse.State(), [(op, av)]).getwidth()
        first, last = first + low, last + (math.inf if high >= sre.MAXREPEAT else high)
    return best


def _required_of(op, av, first: int, last: float, better: Policy) -> Requirement | None:
    """The requirement of one parsed item that is not a literal character."""
    if op is sre.SUBPATTERN:
        return _required(av[-1], first, last, better)
    if op is sre.ATOMIC_GROUP:
        return _required(av, first, last, better)
    if op is sre.BRANCH:
        alternatives = [_required(alternative, first, last, better) for alternative in av[1]]
        return None if any(a is None for a in alternatives) else frozenset().union(*alternatives)
    if op in _REPEATS and av[0] >= 1:
        return _required(av[2], first, last, better)  # its first repetition
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


def _more_selective(current: Requirement | None, candidate: Requirement | None) -> Requirement | None:
    """For skipping texts: the requirement whose shortest string is longer, then with fewer strings."""
    return _by_rank(current, candidate, lambda r: (min(len(a.text) for a in r), -len(r)))


def _better_anchored(current: Requirement | None, candidate: Requirement | None) -> Requirement | None:
    """For finding starts: a requirement whose distances are all bounded, then the more selective."""
    return _by_rank(current, candidate, lambda r: (all(a.last < math.inf for a in r),
                                                    min(len(a.text) for a in r), -len(r)))


def _by_rank(current, candidate, rank):
    if not candidate or any(a.text == "" for a in candidate):
        return current
    if current is None:
        return candidate
    return candidate if rank(candidate) > rank(current) else current
