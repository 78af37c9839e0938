"""Literal prefilters for regexes: skip a regex on a text that cannot hold any of its matches,
and try it only where a match can start.

Most rule regexes are long case-insensitive alternations behind a lookbehind, which Python's
regex engine must try at every position of a draft. Yet every match of most of them contains one
of a few literal strings ("confidential", one word of the alternation…), a bounded number of
characters after the match's start. Those strings and distances are read from the regex's own
parse tree. All literals of a group of regexes are found in one pass (LiteralIndex). A draft
holding none of a regex's strings is skipped without running it; on the others, the regex is
tried only at the positions that lie the right distance before an occurrence (`matches` finds
what `finditer` finds). Both are exact: only places where the regex finds nothing are skipped.

Case: literals are compared on a folded text where ASCII letters are lower case and the
characters Python's IGNORECASE matching takes for ASCII letters (İ ı ſ K) are those letters;
other letters with case end a literal, so no case rule of `re` can make a match the filter missed.
"""
from __future__ import annotations

import math
import re
import threading
from functools import lru_cache
from re import _constants as sre
from re import _parser as sre_parse
from typing import Iterable, Iterator, NamedTuple

import ahocorasick

# Every character (other than ASCII letters) that re's IGNORECASE matching equates with an ASCII
# letter (tests/test_prefilter.py asks re itself over all of Unicode).
ASCII_EQUIVALENTS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}  # İ ı ſ K (Kelvin)
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **ASCII_EQUIVALENTS})
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
# Trying a regex at each start costs about as much as letting it scan this many characters.
_SCAN_CHARS_PER_START = 4
# A rough guess of how much rarer each further character makes a literal, to rank requirements.
_RARITY = 8


def fold(text: str) -> str:
    """The text as literals are compared with it (same length, so offsets carry over)."""
    return text.translate(_FOLD)


class Anchor(NamedTuple):
    """A literal and how many characters may precede it in a match (`last` is math.inf when
    that is unbounded)."""

    text: str
    first: int = 0
    last: float = 0


Requirement = frozenset  # of Anchors: every match contains at least one of them where it says


Found = dict  # literal -> where it occurs in a folded text (ascending offsets)


class Prefilter:
    """Whether a folded text may hold a match of one regex, and where such a match may start."""

    def __init__(self, gate: Requirement, anchors: Requirement | None):
        self.strings = frozenset(a.text for a in gate)
        self.anchors: dict[str, list[Anchor]] | None = None
        if anchors:
            self.anchors = {}
            for anchor in sorted(anchors):
                self.anchors.setdefault(anchor.text, []).append(anchor)
        self.literals = self.strings | set(self.anchors or ())

    def may_match(self, found: Found) -> bool:
        return not found.keys().isdisjoint(self.strings)

    def starts(self, found: Found, length: int) -> list[int] | None:
        """Every position where a match may start in a text of that length, in order; None when
        the regex is better left to scan the text itself (an anchor found may be any distance
        from the start, or the anchors found allow too many starts)."""
        if self.anchors is None:
            return None
        starts: set[int] = set()
        limit = length // _SCAN_CHARS_PER_START
        for text in found.keys() & self.anchors.keys():
            for anchor in self.anchors[text]:
                if anchor.last == math.inf:
                    return None
                for at in found[text]:
                    starts.update(range(max(0, at - int(anchor.last)), at - anchor.first + 1))
                if len(starts) > limit:
                    return None
        return sorted(starts)


def to_data(gate: Prefilter | None) -> dict | None:
    """A prefilter as JSON data (None stays None); from_data reads it back."""
    if gate is None:
        return None
    anchors = None if gate.anchors is None else [
        [a.text, a.first, None if a.last == math.inf else a.last] for texts in gate.anchors.values() for a in texts]
    return {"strings": sorted(gate.strings), "anchors": anchors}


def from_data(data: dict | None) -> Prefilter | None:
    if data is None:
        return None
    anchors = data["anchors"]
    return Prefilter(frozenset(Anchor(text) for text in data["strings"]),
                     None if anchors is None else frozenset(
                         Anchor(text, first, math.inf if last is None else last) for text, first, last in anchors))


class LiteralIndex:
    """Where the literals of the regexes added to it occur in a folded text, all found in one pass
    (an Aho-Corasick automaton). Regexes are added with their prefilter still to work out (their
    `gate`): that is done, and the automaton rebuilt, the next time a text is searched."""

    def __init__(self):
        self._literals: set[str] = set()
        self._pending: list = []
        self._automaton = None
        self._lock = threading.Lock()

    def add(self, regexes: Iterable) -> None:
        with self._lock:
            self._pending.extend(regexes)

    def find(self, folded: str) -> Found:
        found: Found = {}
        automaton = self._automaton if self._automaton is not None and not self._pending else self._build()
        if len(automaton):
            for end, literal in automaton.iter(folded):
                found.setdefault(literal, []).append(end - len(literal) + 1)
        return found

    def _build(self):
        with self._lock:
            known = len(self._literals)
            for regex in self._pending:
                if regex.gate is not None:
                    self._literals |= regex.gate.literals
            self._pending.clear()
            if self._automaton is None or len(self._literals) > known:
                automaton = ahocorasick.Automaton()
                for literal in self._literals:
                    automaton.add_word(literal, literal)
                if self._literals:
                    automaton.make_automaton()
                self._automaton = automaton
            return self._automaton


def matches(regex, text: str, gate: Prefilter | None, found: Found) -> Iterator[re.Match]:
    """What regex.finditer(text) yields, trying the regex only where its prefilter lets it
    (found: the prefilter's literals in the folded text, from a LiteralIndex)."""
    if gate is not None and not gate.may_match(found):
        return iter(())
    starts = gate.starts(found, len(text)) if gate is not None else None
    if starts is None:
        return regex.finditer(text)
    return _matches_at(regex, text, starts)


def _matches_at(regex, text: str, starts: list[int]) -> Iterator[re.Match]:
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
    return prefilter_of(sre_parse.parse(pattern.pattern, pattern.flags))


def prefilter_of(parsed: sre_parse.SubPattern) -> Prefilter | None:
    """The prefilter of a parsed regex (re._parser.parse), or None when some match may hold no
    known literal."""
    try:
        gate, anchored = _required(parsed.data, 0, 0)
        can_be_empty = parsed.getwidth()[0] == 0
    except Exception:  # a construct this reader does not know: run the regex on every text
        return None
    if gate is None:
        return None
    # finditer's handling of empty matches is not reproduced: such regexes scan the text
    return Prefilter(gate.anchors, None if can_be_empty else anchored.anchors)


class _Found(NamedTuple):
    """A requirement with what ranks it: its shortest literal, whether every distance is bounded,
    and how many starts it may be expected to give."""

    anchors: Requirement
    shortest: int
    bounded: bool
    starts: float

    @classmethod
    def of(cls, anchor: Anchor) -> "_Found":
        spread = anchor.last - anchor.first + 1
        return cls(frozenset((anchor,)), len(anchor.text), spread < math.inf, spread * _RARITY ** -len(anchor.text))

    @classmethod
    def union(cls, found: list["_Found"]) -> "_Found":
        return cls(frozenset().union(*(f.anchors for f in found)), min(f.shortest for f in found),
                   all(f.bounded for f in found), sum(f.starts for f in found))

    def gate_rank(self) -> tuple:
        """For skipping texts: a longer shortest string, then fewer strings."""
        return self.shortest, -len(self.anchors)

    def anchor_rank(self) -> tuple:
        """For finding starts: distances all bounded, then the fewest starts expected."""
        return self.bounded, -self.starts


Best = tuple  # (best _Found for skipping texts or None, best _Found for finding starts or None)


def _required(items: list, first: int, last: float) -> Best:
    """What every match of a sequence of parsed items contains, the sequence starting first to
    last characters into the match: the best requirements among those of its literal runs and
    its mandatory parts, (None, None) if none is known."""
    best: Best = (None, None)
    run: list[str] = []
    run_at = (first, last)
    for op, av in items + [(None, None)]:
        char = _literal(op, av) if op is sre.LITERAL else None
        if char is not None:
            if not run:
                run_at = (first, last)
            run.append(char)
            first, last = first + 1, last + 1
            continue
        if run:
            found = _Found.of(Anchor("".join(run), *run_at))
            best = _better(best, (found, found))
            run = []
        if op is None:
            break
        best = _better(best, _required_of(op, av, first, last))
        low, high = sre_parse.SubPattern(sre_parse.State(), [(op, av)]).getwidth()
        first, last = first + low, last + (math.inf if high >= sre.MAXREPEAT else high)
    return best


def _required_of(op, av, first: int, last: float) -> Best:
    """The requirements of one parsed item that is not a literal character."""
    if op is sre.SUBPATTERN:
        return _required(av[-1].data, first, last)
    if op is sre.ATOMIC_GROUP:
        return _required(av.data, first, last)
    if op is sre.BRANCH:
        alternatives = [_required(alternative.data, first, last) for alternative in av[1]]
        return tuple(None if any(a[i] is None for a in alternatives) else _Found.union([a[i] for a in alternatives])
                     for i in (0, 1))
    if op in _REPEATS and av[0] >= 1:
        return _required(av[2].data, first, last)  # its first repetition
    return None, None  # classes, anchors, lookarounds, back-references: nothing known


def _better(current: Best, candidate: Best) -> Best:
    return (_by_rank(current[0], candidate[0], _Found.gate_rank),
            _by_rank(current[1], candidate[1], _Found.anchor_rank))


def _by_rank(current: _Found | None, candidate: _Found | None, rank) -> _Found | None:
    if candidate is None or candidate.shortest == 0:
        return current
    if current is None:
        return candidate
    return candidate if rank(candidate) > rank(current) else current


def _literal(op, av) -> str | None:
    """A literal character as it reads in a folded text, or None (not a literal, or a letter
    whose case variants the fold does not bring together)."""
    if op is not sre.LITERAL:
        return None
    char = chr(av)
    if "A" <= char <= "Z" or "a" <= char <= "z":
        return char.lower()
    if char.lower() == char == char.upper() and char not in ASCII_EQUIVALENTS:
        return char
    return None
