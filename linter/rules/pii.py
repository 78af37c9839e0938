"""Kind `pii`: identifiers and contact data found by Presidio recognizers declared in rule files.

A rule file names the entity, the recognizer (a Presidio class, or `pattern` with regexes),
context words per language, an optional checksum validator and the minimum score. All pii rules
of a Linter share one Presidio AnalyzerEngine and one analysis per segment.

Optional params:
  validator / validation   a checksum (see VALIDATORS). `validation: required` (default) drops a
                           match that fails it; `validation: confirms` makes a match that passes it
                           certain and leaves one that fails it to its score and context words.
  case_sensitive           patterns are matched case-sensitively (Presidio ignores case by default).
  public_context           patterns (as in patterns.py) that mark a match as public, e.g. a company
                           office or an event venue: such a match is only an info hint...
  private_context          ...unless one of these (a home, "call my sister") is at least as near.
  context_window           how near, in characters within the paragraph (default 80).
  mask_in_suggestion       false: the suggestion shows no masked example (an address with a few
                           digits hidden is still an address).
  view: text               the rule's own patterns read the real text, not the identifier view
                           with CJK blanked (Japanese addresses); only with `recognizer: pattern`.
"""
from __future__ import annotations

import math
import re
import unicodedata

import phonenumbers
import presidio_analyzer.predefined_recognizers as presidio_recognizers
from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import iban, luhn
from stdnum.jp import in_ as my_number
from stdnum.us import ssn

from ..errors import ConfigError
from ..finding import Fix, Severity
from ..phone_windows import WindowedPhoneRecognizer
from ..presidio_adapter import OfflineEmailRecognizer
from .base import Context, Hit, Rule, kind
from .patterns import PatternSet
from .wording import phrase

_DIGITS = re.compile(r"\d")
_WIDE_DIGITS = frozenset("０１２３４５６７８９")
_ASTERISK = ("*", "＊")  # for an ASCII digit, for a full-width one
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー－.()]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
CASE_SENSITIVE_FLAGS = re.DOTALL | re.MULTILINE
_BRACKETS = (("(", ")"), ("（", "）"), ("[", "]"), ("［", "］"))
# Presidio recognizers a rule file may name that postlint replaces with its own: e-mail domains
# validated offline, phone numbers matched only where one can be (same results).
_OWN_RECOGNIZERS = {"EmailRecognizer": OfflineEmailRecognizer, "PhoneRecognizer": WindowedPhoneRecognizer}

VALIDATORS = {
    "luhn": lambda v: luhn.is_valid(_SEPARATORS.sub("", v)),
    "jp_my_number": lambda v: my_number.is_valid(_SEPARATORS.sub("", v)),
    "iban": lambda v: iban.is_valid(v),
    "us_ssn": lambda v: ssn.is_valid(_SEPARATORS.sub("", v)),
    "phone": lambda v: _valid_phone(v),
}


def _valid_phone(value: str) -> bool:
    number = _SEPARATORS.sub("", value)
    for region in ("JP", "US", "GB"):
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(number, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


class _ValidatedPatternRecognizer(PatternRecognizer):
    """A PatternRecognizer whose matches are checked by a named checksum validator.

    required: a failing match is dropped. confirms: a passing match is certain, a failing one
    keeps its pattern score (so it needs context words to reach the rule's minimum score).
    """

    def __init__(self, validator, validation: str = "required", real_text: bool = False, **kwargs):
        self._validator = validator
        self._confirms = validation == "confirms"
        self._real_text = real_text
        super().__init__(**kwargs)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Matches in the identifier view Presidio is given, or in the segment's real text (kept
        in postlint's artifacts, same length) when the rule says `view: text`."""
        if self._real_text and nlp_artifacts is not None:
            text = nlp_artifacts.text
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def validate_result(self, pattern_text: str):
        if self._validator is None or not self._confirms:
            return None
        return True if self._validator(pattern_text) else None

    def invalidate_result(self, pattern_text: str):
        if self._validator is None or self._confirms:
            return None
        return not self._validator(pattern_text)


def trim_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow start..end past an opening or closing bracket it does not close or open."""
    value = text[start:end]
    for opening, closing in _BRACKETS:
        if value.startswith(opening) and closing not in value:
            start += 1
        if value.endswith(closing) and opening not in value:
            end -= 1
    return start, end


def mask_value(value: str) -> str:
    """Hide an identifier but its edges, keeping its shape: separators stay, each digit becomes an
    asterisk of its width, a +country code and the first group of a long number stay readable:
    090-1234-5678 -> 090-****-5678, +1 (415) 555-0134 -> +1 (415) ***-0134, ０９０－２２１８－４４７０ ->
    ０９０－＊＊＊＊－４４７０, a@b.jp -> a***@b.jp."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return (local[:1] + "***@" + domain) if local else value
    positions = [m.start() for m in _DIGITS.finditer(value)]
    country = _country_code_digits(value)
    national = positions[country:]
    keep_tail = 4 if len(national) >= 8 else 2
    keep_head = _first_group_length(value, national) if len(national) >= 10 else 0
    if len(national) - keep_head - keep_tail < 3:
        keep_head = 0
    hidden = set(national[keep_head:len(national) - keep_tail])
    return "".join(_ASTERISK[ch in _WIDE_DIGITS] if i in hidden else ch for i, ch in enumerate(value))


def _country_code_digits(value: str) -> int:
    """How many digits the +country code of an international number has (0 without one)."""
    if not value.lstrip().startswith(("+", "＋")):
        return 0
    try:
        return len(str(phonenumbers.parse(unicodedata.normalize("NFKC", value), None).country_code))
    except phonenumbers.NumberParseException:
        return 0


def _first_group_length(value: str, national: list[int]) -> int:
    """Digits in the first group of the national number (an area code), at most 4; 3 when the
    number is written without separators."""
    group = 1
    while group < len(national) and national[group] == national[group - 1] + 1:
        group += 1
    return group if group <= 4 else 3


@kind("pii")
class PiiRule(Rule):
    """Flags what the rule's Presidio recognizer finds, above its minimum score."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        params = spec.params
        org = config.organization
        self.public_context = PatternSet(params.get("public_context", {}), org, f"{spec.path}: public_context")
        self.private_context = PatternSet(params.get("private_context", {}), org, f"{spec.path}: private_context")
        self.window = int(params.get("context_window", 80))
        self.mask_example = bool(params.get("mask_in_suggestion", True))
        if params.get("view") == "text" and params.get("recognizer", "pattern") != "pattern":
            raise ConfigError(f"{spec.path}: 'view: text' needs 'recognizer: pattern'")

    def recognizers(self) -> list:
        """The Presidio recognizers of this rule: its recognizer per language, plus its own
        regexes when a Presidio recognizer class is named and `patterns` add to it."""
        found = [self._recognizer(lang) for lang in self.spec.languages]
        if self.spec.params.get("recognizer", "pattern") != "pattern":
            found += [self._pattern_recognizer(lang, self._common(lang)) for lang in self.spec.languages]
        return [r for r in found if r is not None]

    def _common(self, language: str) -> dict:
        context = list(self.spec.params.get("context", {}).get(language, []))
        return dict(supported_language=language, context=context or None, supported_entity=self.spec.params["entity"])

    def _recognizer(self, language: str):
        params = self.spec.params
        name = params.get("recognizer", "pattern")
        options = dict(params.get("options", {}))
        common = self._common(language)
        if name == "pattern":
            return self._pattern_recognizer(language, common)
        cls = _OWN_RECOGNIZERS.get(name) or getattr(presidio_recognizers, name)
        return cls(**common, **options)

    def _pattern_recognizer(self, language: str, common: dict) -> PatternRecognizer | None:
        """The rule's own regexes for a language (with its validator), or None if it has none."""
        params = self.spec.params
        patterns = [Pattern(p["name"], p["regex"], float(p["score"]))
                    for p in params.get("patterns", []) if language in p.get("languages", (language,))]
        if not patterns:
            return None
        if params.get("case_sensitive"):
            common = {**common, "global_regex_flags": CASE_SENSITIVE_FLAGS}
        return _ValidatedPatternRecognizer(
            VALIDATORS[params["validator"]] if "validator" in params else None,
            params.get("validation", "required"), params.get("view") == "text",
            patterns=patterns, name=f"{self.spec.id}:{language}", **common,
        )

    def check(self, ctx: Context):
        entity = self.spec.params["entity"]
        min_score = float(self.spec.params.get("min_score", 0.5))
        results = [r for r in ctx.pii_results()
                   if r.entity_type == entity and r.score >= min_score and not ctx.in_url(r.start, r.end)]
        if not results:
            return
        public = self.public_context.find(ctx) if self.public_context else []
        private = self.private_context.find(ctx) if self.private_context else []
        for result in results:
            start, end = trim_brackets(ctx.text, result.start, result.end)
            value = ctx.text[start:end]
            masked = mask_value(value)
            fixes = (Fix(start, end, masked, phrase("mask_label")),) if masked != value else ()
            is_public = self._distance(ctx, result, public) < self._distance(ctx, result, private)
            yield Hit(start, end, fixes=fixes,
                      severity=Severity.INFO if is_public else None,
                      message=phrase("looks_public", message=self.spec.wording("message")) if is_public else None,
                      suggestion=phrase("masked_example", instead=self.spec.wording("instead"), masked=masked)
                      if fixes and self.mask_example else None)

    def _distance(self, ctx: Context, result, spans: list[tuple[int, int]]) -> float:
        """Characters between a match and its nearest cue span within the window, in the same
        paragraph (0 when they overlap; infinite when there is none), so the nearer of a public
        and a private cue decides."""
        nearest = math.inf
        for start, end in spans:
            if start < result.end and result.start < end:
                return 0
            gap_start, gap_end = (end, result.start) if end <= result.start else (result.end, start)
            if gap_end - gap_start <= self.window and not _PARAGRAPH_BREAK.search(ctx.text, gap_start, gap_end):
                nearest = min(nearest, gap_end - gap_start)
        return nearest
