"""Pattern sets: the phrases, regexes and spaCy token patterns a rule file declares, compiled once.

In a rule file, per language:

    patterns:
      en:
        phrases: ["we are pleased to announce"]        # PhraseMatcher, case-insensitive
        tokens: [[{LEMMA: "steal"}, {POS: "DET", OP: "?"}]]  # spaCy Matcher patterns
        regex: ["(?i)\\bon behalf of {org}\\b"]         # Python regex over the analysis view
      ja:
        regex: ["会社を代表して", "{org}(?:として|の公式見解)"]

Placeholders expand from the config, so no organization name is ever written in a rule:
{org} (name and aliases), {product}, {handle} (official accounts), {codename}
(confidential terms). A pattern whose placeholder has no value in the config is skipped.
Matches are character spans into the draft.
"""
from __future__ import annotations

import json
import re
import threading
from functools import cache, cached_property
from re import _constants as sre
from re import _parser as sre_parse
from typing import TYPE_CHECKING

from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id

from ..errors import ConfigError
from .loader import builtin_rules_dir
from .prefilter import LiteralIndex, Prefilter, fold, from_data, matches, prefilter_of

if TYPE_CHECKING:
    from ..config import Organization
    from .base import Context

_PLACEHOLDER = re.compile(r"\{(org|product|handle|codename)\}")
KEYS = ("phrases", "tokens", "regex")
# Token attributes whose values a Doc is checked for before a Matcher runs on it (TEXT is ORTH).
VALUE_ATTRS = ("ORTH", "LOWER", "LEMMA", "NORM")
Needs = tuple  # of (attribute, frozenset of string hashes): a Doc must hold one value of each


def placeholder_values(org: "Organization") -> dict[str, list[str]]:
    """What each placeholder stands for, longest first so alternations prefer the full name."""
    values = {
        "org": list(org.names),
        "product": list(org.products),
        "handle": [h.lstrip("@") for h in org.official_accounts],
        "codename": list(org.confidential_terms),
    }
    return {k: sorted(set(v), key=len, reverse=True) for k, v in values.items()}


def expand_regex(pattern: str, values: dict[str, list[str]]) -> str | None:
    """Replace placeholders by an alternation of escaped values; None if one has no value."""
    missing = False

    def alternation(m: re.Match) -> str:
        nonlocal missing
        options = values[m.group(1)]
        missing = missing or not options
        return "(?:" + "|".join(re.escape(v) for v in options) + ")"

    expanded = _PLACEHOLDER.sub(alternation, pattern)
    return None if missing else expanded


def compile_regex(pattern: str, where: str) -> re.Pattern:
    """Compile a regex from a rule file; an invalid one is a ConfigError naming the file."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regex {pattern!r}: {exc}") from None


def expand_phrase(phrase: str, values: dict[str, list[str]]) -> list[str]:
    """Every phrase the placeholders of phrase produce (none if a placeholder has no value)."""
    m = _PLACEHOLDER.search(phrase)
    if not m:
        return [phrase]
    return [p for v in values[m.group(1)] for p in expand_phrase(phrase[:m.start()] + v + phrase[m.end():], values)]


_LITERAL_INDEXES: dict[str, LiteralIndex] = {}
_LITERAL_INDEXES_LOCK = threading.Lock()


def literal_index(language: str) -> LiteralIndex:
    """The process-wide index of the literals of every rule regex of a language, so that one pass
    over a segment serves all pattern sets."""
    with _LITERAL_INDEXES_LOCK:
        return _LITERAL_INDEXES.setdefault(language, LiteralIndex())


def pattern_needs(pattern: list[dict]) -> Needs:
    """What a Doc must hold for a token pattern to match: for each token the pattern cannot skip,
    the values of ORTH/TEXT/LOWER/LEMMA/NORM it allows, as string hashes."""
    needs = []
    for token in pattern:
        if str(token.get("OP", "1")) not in ("1", "+"):
            continue  # optional, repeated from zero or negated
        for key, value in token.items():
            attr = "ORTH" if key.upper() == "TEXT" else key.upper()
            allowed = value["IN"] if isinstance(value, dict) and list(value) == ["IN"] else [value]
            if attr in VALUE_ATTRS and all(isinstance(v, str) for v in allowed):
                needs.append((attr, frozenset(get_string_id(v) for v in allowed)))
    return tuple(needs)


def token_values(doc) -> dict[str, set[int]]:
    """The values (string hashes) each attribute of VALUE_ATTRS takes in a Doc."""
    columns = doc.to_array(list(VALUE_ATTRS)).reshape(len(doc), len(VALUE_ATTRS))
    return {attr: set(columns[:, i].tolist()) for i, attr in enumerate(VALUE_ATTRS)}


def may_match(needs_of_patterns: list[Needs], values: dict[str, set[int]]) -> bool:
    """Whether some token pattern's needs are all met by a Doc's values."""
    return any(all(not allowed.isdisjoint(values[attr]) for attr, allowed in needs) for needs in needs_of_patterns)


# rules/prefilters.json: the prefilters of the shipped rules' regexes, worked out ahead of time
# (prefilter_table.py writes it; `make prefilters`).
TABLE_NAME = "prefilters.json"


@cache
def known_prefilters() -> dict[str, Prefilter | None]:
    """The table's prefilters by regex text (empty if the file is missing)."""
    try:
        table = json.loads((builtin_rules_dir() / TABLE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {pattern: from_data(data) for pattern, data in table.items()}


class RuleRegex:
    """A regex of a rule file, parsed (and its prefilter worked out) the first time a draft of its
    language is checked, compiled the first time a draft gets past that prefilter. check: validate
    it now, so that a mistake in a rule file of one's own is reported when the file is read (the
    shipped rules' regexes are validated by the tests)."""

    def __init__(self, pattern: str, where: str, source: str, check: bool = True):
        self.pattern = pattern
        self._where, self._source = where, source
        if check:
            self.validate()

    def validate(self) -> None:
        """Raise a ConfigError naming the rule file if the regex is not one `re` compiles."""
        try:
            _check_lookbehinds(self.parsed())
        except re.error as exc:
            raise ConfigError(f"{self._where}: invalid regex {self._source!r}: {exc}") from None

    def parsed(self) -> sre_parse.SubPattern:
        return sre_parse.parse(self.pattern)

    @cached_property
    def gate(self) -> Prefilter | None:
        known = known_prefilters()
        return known[self.pattern] if self.pattern in known else prefilter_of(self.parsed())

    @cached_property
    def compiled(self) -> re.Pattern:
        return re.compile(self.pattern)

    def match(self, text: str, pos: int = 0):
        return self.compiled.match(text, pos)

    def finditer(self, text: str):
        return self.compiled.finditer(text)


def _check_lookbehinds(parsed: sre_parse.SubPattern) -> None:
    """Raise re.error for a lookbehind of variable width, the one mistake re's parser leaves to
    its compiler."""
    for op, av in parsed.data:
        if op is sre.LITERAL:
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] < 0:
            low, high = av[1].getwidth()
            if low != high:
                raise re.error("look-behind requires fixed-width pattern")
        for inner in _inner_patterns(op, av):
            _check_lookbehinds(inner)


def _inner_patterns(op, av) -> list:
    """The sub-patterns of one parsed item."""
    if op is sre.SUBPATTERN:
        return [av[-1]]
    if op is sre.BRANCH:
        return list(av[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
        return [av[2]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    if op is sre.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


class PatternSet:
    """One named group of patterns of a rule (e.g. `patterns`, `disclosure`), for all languages."""

    def __init__(self, data: dict, org: "Organization", where: str):
        self.where = where
        self.values = placeholder_values(org)
        self.data = {}
        for lang, block in (data or {}).items():
            unknown = set(block or {}) - set(KEYS)
            if unknown:
                raise ConfigError(f"{where}: unknown pattern key(s) {', '.join(sorted(unknown))} (expected {', '.join(KEYS)})")
            self.data[lang] = block or {}
        self.regexes = {lang: self._compile_regexes(lang, block.get("regex", [])) for lang, block in self.data.items()}
        for lang, regexes in self.regexes.items():
            literal_index(lang).add(regexes)
        self._matchers: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return any(any(block.get(k) for k in KEYS) for block in self.data.values())

    def _compile_regexes(self, lang: str, patterns: list[str]) -> list[RuleRegex]:
        expanded = ((expand_regex(pattern, self.values), pattern) for pattern in patterns)
        check = not self.where.startswith(str(builtin_rules_dir()))
        return [RuleRegex(regex, self.where, f"{source} for {lang}", check) for regex, source in expanded
                if regex is not None]

    def _token_matchers(self, lang: str, nlp) -> tuple:
        """The Matcher with what each of its patterns needs, and the PhraseMatcher, for a language,
        built on first use with its pipeline."""
        with self._lock:
            if lang not in self._matchers:
                block = self.data.get(lang, {})
                matcher = Matcher(nlp.vocab)
                for i, pattern in enumerate(block.get("tokens", [])):
                    try:
                        matcher.add(f"t{i}", [pattern])
                    except (ValueError, KeyError) as exc:
                        raise ConfigError(f"{self.where}: invalid token pattern {pattern!r}: {exc}") from None
                needs = [pattern_needs(pattern) for pattern in block.get("tokens", [])]
                phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
                phrases = [p for phrase in block.get("phrases", []) for p in expand_phrase(phrase, self.values)]
                if phrases:
                    phrase_matcher.add("p", list(nlp.tokenizer.pipe(phrases)))
                self._matchers[lang] = (matcher if len(matcher) else None, needs, phrase_matcher if phrases else None)
            return self._matchers[lang]


    def find(self, ctx: "Context") -> list[tuple[int, int]]:
        """Character spans (into the draft) of every match, in the segments of each declared language."""
        spans = set()
        for segment in ctx.segments:
            if segment.language not in self.data:
                continue
            view = ctx.view[segment.start:segment.end]
            folded = ctx.memo("folded view", lambda: fold(ctx.view))[segment.start:segment.end]
            found = ctx.memo(("literals", segment.start), lambda: literal_index(segment.language).find(folded))
            for regex in self.regexes[segment.language]:
                spans.update((segment.start + m.start(), segment.start + m.end())
                             for m in matches(regex, view, regex.gate, found) if m.end() > m.start())
            matcher, needs, phrase_matcher = self._token_matchers(segment.language, ctx.pipelines.get(segment.language))
            if matcher is not None and not may_match(needs, ctx.memo(("token values", segment.start),
                                                                        lambda: token_values(segment.doc))):
                matcher = None
            for m in (matcher, phrase_matcher):
                if m is not None:
                    for _, start, end in m(segment.doc):
                        span = segment.doc[start:end]
                        spans.add((segment.start + span.start_char, segment.start + span.end_char))
        return sorted(spans)
