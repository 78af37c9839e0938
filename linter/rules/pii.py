"""Kind `pii`: identifiers and contact data found by Presidio recognizers declared in rule files.

A rule file names the entity, the recognizer (a Presidio class, or `pattern` with regexes),
context words per language, an optional checksum validator and the minimum score. All pii rules
of a Linter share one Presidio AnalyzerEngine and one analysis per segment.
"""
from __future__ import annotations

import re

import phonenumbers
import presidio_analyzer.predefined_recognizers as presidio_recognizers
from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import iban, luhn
from stdnum.jp import in_ as my_number
from stdnum.us import ssn

from ..finding import Fix
from ..presidio_adapter import OfflineEmailRecognizer
from .base import Context, Hit, Rule, kind

_DIGITS = re.compile(r"\d")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー－.()]")

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
    """A PatternRecognizer whose matches must pass a named checksum validator."""

    def __init__(self, validator, **kwargs):
        self._validator = validator
        super().__init__(**kwargs)

    def validate_result(self, pattern_text: str):
        return self._validator(pattern_text) if self._validator else None


def mask_value(value: str) -> str:
    """Hide an identifier but its edges: 090-1234-5678 -> 090-****-5678, a@b.jp -> a***@b.jp."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return (local[:1] + "***@" + domain) if local else value
    positions = [m.start() for m in _DIGITS.finditer(value)]
    keep_head = 3 if len(positions) >= 10 else 0
    keep_tail = 4 if len(positions) >= 8 else 2
    hidden = set(positions[keep_head:len(positions) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


@kind("pii")
class PiiRule(Rule):
    """Flags what the rule's Presidio recognizer finds, above its minimum score."""

    def recognizers(self) -> list:
        """One Presidio recognizer per language this rule supports."""
        return [self._recognizer(lang) for lang in self.spec.languages]

    def _recognizer(self, language: str):
        params = self.spec.params
        context = list(params.get("context", {}).get(language, []))
        entity = params["entity"]
        name = params.get("recognizer", "pattern")
        options = dict(params.get("options", {}))
        common = dict(supported_language=language, context=context or None, supported_entity=entity)
        if name == "pattern":
            patterns = [Pattern(p["name"], p["regex"], float(p["score"])) for p in params["patterns"]]
            return _ValidatedPatternRecognizer(
                VALIDATORS[params["validator"]] if "validator" in params else None,
                patterns=patterns, name=f"{self.spec.id}:{language}", **common,
            )
        if name == "EmailRecognizer":
            return OfflineEmailRecognizer(**common, **options)
        cls = getattr(presidio_recognizers, name)
        return cls(**common, **options)

    def check(self, ctx: Context):
        entity = self.spec.params["entity"]
        min_score = float(self.spec.params.get("min_score", 0.5))
        for result in ctx.pii_results():
            if result.entity_type != entity or result.score < min_score:
                continue
            if ctx.in_url(result.start, result.end):
                continue
            value = ctx.text[result.start:result.end]
            masked = mask_value(value)
            fixes = (Fix(result.start, result.end, masked, "Mask it"),) if masked != value else ()
            yield Hit(result.start, result.end, fixes=fixes,
                      suggestion=f"{self.spec.instead} (e.g. {masked})" if fixes else None)
