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
  public_links             words of a web link's address (news, press…) that make it an
                           announcement: a match in a paragraph with such a link is public.
  own_addresses: true      a match that is one of the organization's own published addresses
                           (`[organization] addresses` in the config) is public.
  regions / shapes         phone numbers: candidate regions per language, and per region the
                           shape a number only possible there must have (linter/nlp/phones.py).
  iin_ranges               card numbers: "prefixes lengths" lines ("2221-2720 16", "4 13,16,19"):
                           a Luhn-valid number must start with one of the prefixes and have one
                           of the lengths.

A pattern may carry its own `validator`; a regex may say `{words:NAME}` (a word list beside the
rule file, expanded by the loader: rules/README.md).
"""
from __future__ import annotations

import ipaddress
import math
import re
import unicodedata

import phonenumbers
import presidio_analyzer.predefined_recognizers as presidio_recognizers
from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import iban, luhn
from stdnum.jp import in_ as my_number
from stdnum.us import ssn

from ..draft import fold_width
from ..errors import ConfigError
from ..finding import Fix, Severity
from ..nlp.phones import PhoneNumberRecognizer, is_public_line
from ..nlp.presidio_adapter import OFFLINE_TLD, RESERVED_TLDS, OfflineEmailRecognizer
from .base import Context, Hit, Rule, build_rule, kind
from .loader import specs_of_kind
from .patterns import PatternSet
from .wording import phrase

_DIGITS = re.compile(r"\d")
_WIDE_DIGITS = frozenset("０１２３４５６７８９")
_ASTERISK = ("*", "＊")  # for an ASCII digit, for a full-width one
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー－.()]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
CASE_SENSITIVE_FLAGS = re.DOTALL | re.MULTILINE
_BRACKETS = (("(", ")"), ("（", "）"), ("[", "]"), ("［", "］"))
_NOT_ADDRESS_CHARS = re.compile(r"[\W_]+")
# Presidio recognizers a rule file may name that postlint replaces with its own: e-mail domains
# validated offline, phone numbers by region and shape (linter/nlp/phones.py).
_OWN_RECOGNIZERS = {"EmailRecognizer": OfflineEmailRecognizer, "PhoneRecognizer": PhoneNumberRecognizer}
# "at" and "dot" as people spell them out in an e-mail address: " at ", "[at]", "(dot)".
# Tried only where white space starts, so a long run of it is read once.
_SPELLED_AT = re.compile(r"(?<!\s)(?:\s*+[\[(<{]\s*+at\s*+[\])>}]\s*+|\s++at\s++)", re.IGNORECASE)
_SPELLED_DOT = re.compile(r"(?<!\s)(?:\s*+[\[(<{]\s*+dot\s*+[\])>}]\s*+|\s++dot\s++)", re.IGNORECASE)


def _valid_ip(value: str) -> bool:
    """A public IPv4 or IPv6 address (not private, loopback or reserved for documentation)."""
    try:
        return ipaddress.ip_address(value).is_global
    except ValueError:
        return False


def _valid_spelled_email(value: str) -> bool:
    """An e-mail address spelled out ("jo dot lee at gmail dot com") whose domain has a real suffix."""
    address = _SPELLED_DOT.sub(".", _SPELLED_AT.sub("@", value))
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    return bool(local) and (OFFLINE_TLD(domain).suffix != "" or domain.rsplit(".", 1)[-1] in RESERVED_TLDS)


def _iin_table(lines: list[str]) -> list[tuple[int, int, frozenset[int]]]:
    """(low, high, lengths) per prefix range, with low and high padded to 8 digits."""
    table = []
    for line in lines:
        prefixes, lengths = line.split()
        allowed = set()
        for part in lengths.split(","):
            low, _, high = part.partition("-")
            allowed.update(range(int(low), int(high or low) + 1))
        for part in prefixes.split(","):
            low, _, high = part.partition("-")
            high = high or low
            table.append((int(low.ljust(8, "0")), int(high.ljust(8, "9")), frozenset(allowed)))
    return table


def _card_validator(iin_lines: list[str]):
    """Luhn (python-stdnum) and an issuer's prefix and length."""
    table = _iin_table(iin_lines)

    def valid(value: str) -> bool:
        digits = _SEPARATORS.sub("", value)
        if not digits.isdigit() or not luhn.is_valid(digits):
            return False
        head = int(digits[:8].ljust(8, "0"))
        return any(low <= head <= high and len(digits) in lengths for low, high, lengths in table)

    return valid


VALIDATORS = {
    "luhn": lambda params: lambda v: luhn.is_valid(_SEPARATORS.sub("", v)),
    "card": lambda params: _card_validator(params.get("iin_ranges", [])),
    "jp_my_number": lambda params: lambda v: my_number.is_valid(_SEPARATORS.sub("", v)),
    "iban": lambda params: lambda v: iban.is_valid(v),
    "us_ssn": lambda params: lambda v: ssn.is_valid(_SEPARATORS.sub("", v)),
    "phone": lambda params: _valid_phone,
    "ip": lambda params: _valid_ip,
    "spelled_email": lambda params: _valid_spelled_email,
}


def address_key(text: str) -> str:
    """An address reduced to what identifies it: width-folded, case-folded, letters and digits."""
    return _NOT_ADDRESS_CHARS.sub("", fold_width(text).casefold())


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
        self.public_links = re.compile("|".join(map(re.escape, params["public_links"])), re.IGNORECASE) \
            if params.get("public_links") else None
        self.own_addresses = [k for k in map(address_key, org.addresses) if k] \
            if params.get("own_addresses") else []
        if params.get("view") == "text" and params.get("recognizer", "pattern") != "pattern":
            raise ConfigError(f"{spec.path}: 'view: text' needs 'recognizer: pattern'")

    def recognizers(self) -> list:
        """The Presidio recognizers of this rule: its recognizer per language, plus its own
        regexes when a Presidio recognizer class is named and `patterns` add to it."""
        if self.spec.params.get("recognizer", "pattern") == "pattern":
            return [r for lang in self.spec.languages for r in self._pattern_recognizers(lang, self._common(lang))]
        found = [self._recognizer(lang) for lang in self.spec.languages]
        return found + [r for lang in self.spec.languages for r in self._pattern_recognizers(lang, self._common(lang))]

    def _common(self, language: str) -> dict:
        context = list(self.spec.params.get("context", {}).get(language, []))
        return dict(supported_language=language, context=context or None, supported_entity=self.spec.params["entity"])

    def _recognizer(self, language: str):
        """The named Presidio recognizer (or postlint's stand-in) for a language."""
        params = self.spec.params
        name = params["recognizer"]
        options = dict(params.get("options", {}))
        if name == "PhoneRecognizer":
            if language in params.get("regions", {}):
                options["supported_regions"] = params["regions"][language]
            options["shapes"] = params.get("shapes", {})
        cls = _OWN_RECOGNIZERS.get(name) or getattr(presidio_recognizers, name)
        return cls(**self._common(language), **options)

    def _pattern_recognizers(self, language: str, common: dict) -> list[PatternRecognizer]:
        """The rule's own regexes for a language, one recognizer per validator (a pattern's own,
        else the rule's)."""
        params = self.spec.params
        groups: dict[str | None, list[Pattern]] = {}
        for p in params.get("patterns", []):
            if language in p.get("languages", (language,)):
                regex = p["regex"]
                groups.setdefault(p.get("validator", params.get("validator")), []).append(
                    Pattern(p["name"], regex, float(p["score"])))
        if params.get("case_sensitive"):
            common = {**common, "global_regex_flags": CASE_SENSITIVE_FLAGS}
        return [_ValidatedPatternRecognizer(
            VALIDATORS[validator](params) if validator else None,
            params.get("validation", "required"), params.get("view") == "text",
            patterns=patterns, name=f"{self.spec.id}:{language}:{validator or 'pattern'}", **common,
        ) for validator, patterns in groups.items()]

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
            is_public = self.is_public(ctx, result, value, public, private)
            yield Hit(start, end, fixes=fixes,
                      severity=Severity.INFO if is_public else None,
                      message=phrase("looks_public", message=self.spec.wording("message")) if is_public else None,
                      suggestion=phrase("masked_example", instead=self.spec.wording("instead"), masked=masked)
                      if fixes and self.mask_example else None)

    def is_public(self, ctx: Context, result, value: str, public, private) -> bool:
        """Whether a match is a public contact point: a business line by its number type, one of
        the organization's own addresses, in a paragraph with an announcement link, or nearer a
        public cue than a private one."""
        if is_public_line(result) or self._own_address(value) or self._beside_announcement(ctx, result):
            return True
        return self._distance(ctx, result, public) < self._distance(ctx, result, private)

    def public_results(self, ctx: Context) -> list:
        """This rule's results that are public contact points (the person rule does not tie a
        name to them)."""
        entity = self.spec.params["entity"]
        results = [r for r in ctx.pii_results() if r.entity_type == entity]
        if not results:
            return []
        public = self.public_context.find(ctx) if self.public_context else []
        private = self.private_context.find(ctx) if self.private_context else []
        return [r for r in results if self.is_public(ctx, r, ctx.text[r.start:r.end], public, private)]

    def _own_address(self, value: str) -> bool:
        key = address_key(value)
        return len(key) >= 6 and any(key in own or own in key for own in self.own_addresses)

    def _beside_announcement(self, ctx: Context, result) -> bool:
        """Whether a web link whose address names an announcement stands in the match's paragraph."""
        if self.public_links is None:
            return False
        for start, end in ctx.draft.url_spans:
            low, high = (end, result.start) if end <= result.start else (result.end, start)
            if not _PARAGRAPH_BREAK.search(ctx.text, low, high) and self.public_links.search(ctx.text, start, end):
                return True
        return False

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


def public_pii_results(ctx: Context, config) -> list:
    """The results of every pii rule of the config that are public contact points (a business
    line, an office's address), computed once per draft."""
    def compute():
        rules = [build_rule(spec, config) for spec in specs_of_kind("pii", config)]
        return [r for rule in rules for r in rule.public_results(ctx)]

    return ctx.memo(("pii", "public"), compute)
