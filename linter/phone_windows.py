"""Phone numbers matched only where one can be, with exactly Presidio's PhoneRecognizer results.

phonenumbers' matcher tries every candidate it finds in a whole text, in every region: most of a
check's recognizer time. WindowedPhoneRecognizer runs it on the few windows of the text where a
number can be, and skips candidates too short to be valid (tests/test_phone_windows.py compares
it with the stock recognizer). It reads phonenumbers' own candidate pattern, so a new version of
phonenumbers that changes it fails loudly rather than silently (`_consumable_class`).
"""
from __future__ import annotations

import functools
import inspect
import math
import re
from re import _constants as sre
from re import _parser as sre_parse

import phonenumbers
from phonenumbers import phonenumbermatcher
from phonenumbers.phonemetadata import PhoneMetadata
from phonenumbers.phonenumberutil import NumberParseException
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer


def _consumable_class(pattern: re.Pattern) -> str:
    """A character class of every character `pattern` can consume, read from its parse tree (with
    the pattern's flags, so case folding matches alike). Only literals, character sets, groups,
    repeats and alternatives are expected: anything else (`.`, anchors, lookarounds) raises."""
    categories = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}
    members = []

    def walk(items):
        for op, av in items:
            if op is sre.LITERAL:
                members.append(re.escape(chr(av)))
            elif op is sre.IN:
                for item, value in av:
                    if item is sre.LITERAL:
                        members.append(re.escape(chr(value)))
                    elif item is sre.RANGE:
                        members.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                    else:
                        members.append(categories[value])
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                walk(av[2])
            elif op is sre.SUBPATTERN:
                walk(av[3])
            elif op is sre.BRANCH:
                for branch in av[1]:
                    walk(branch)
            else:
                raise ValueError(f"phonenumbers' candidate pattern has a {op} node: phone windows need a review")

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    return "[" + "".join(dict.fromkeys(members)) + "]"


_CANDIDATE = phonenumbermatcher._PATTERN
# A maximal run of characters a phone-number candidate may contain (digits, punctuation, leading
# + and brackets, extensions such as "ext. 12"): no candidate crosses anything else.
_PHONE_ISLAND = re.compile(_consumable_class(_CANDIDATE) + "+", _CANDIDATE.flags)
_DIGIT = re.compile(r"\d")
# Candidates start with a digit, + or an opening bracket, and end with a digit or the "#" after
# an extension.
_CANDIDATE_START = re.compile(phonenumbermatcher._LEAD_CLASS[:-1] + r"\d]")
_THROUGH_LAST_DIGIT = re.compile(r".*\d")
_MAX_TRIES = inspect.signature(phonenumbermatcher.PhoneNumberMatcher).parameters["max_tries"].default
_GROUP_REFERENCE = re.compile(r"\\\d")


def _digits_added(metadata: PhoneMetadata) -> int:
    """Digits the region's national-prefix transform rule can add: its literal digits (each group
    it refers to copies digits of what it replaces)."""
    return len(_GROUP_REFERENCE.sub("", metadata.national_prefix_transform_rule or ""))


def _main_metadata(country_code: int) -> PhoneMetadata:
    return PhoneMetadata.metadata_for_region_or_calling_code(
        country_code, phonenumbers.region_code_for_country_code(country_code))


@functools.cache
def _shortest_numbers() -> tuple[dict[int, int], int]:
    """Per country calling code, the shortest valid national significant number of any of its
    regions; and the fewest digits of a number written with its country code (parsed with the
    code's main region)."""
    shortest: dict[int, int] = {}
    everything = ([PhoneMetadata.metadata_for_region(r) for r in phonenumbers.SUPPORTED_REGIONS]
                  + [PhoneMetadata.metadata_for_nongeo_region(c) for c in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS])
    for metadata in everything:
        code = metadata.country_code
        shortest[code] = min(shortest.get(code, math.inf), min(metadata.general_desc.possible_length))
    written = min(len(str(code)) + n - _digits_added(_main_metadata(code)) for code, n in shortest.items())
    return shortest, written


@functools.cache
def fewest_phone_characters(region: str) -> int:
    """The fewest alphanumeric characters of any phone number phonenumbers finds with this default
    region. A match is valid, so its national significant number is at least as long as the
    shortest valid one of its country code. Every digit of it is read from a digit or a letter
    (vanity numbers) of the match, except the literal digits of a transform rule of the region
    that parsed it: the default region's, or the main region's of a written country code, whose
    digits are in the match too. With an unknown region, only written country codes count."""
    shortest, written = _shortest_numbers()
    own = PhoneMetadata.metadata_for_region(region.upper())
    return min(written, shortest[own.country_code] - _digits_added(own)) if own else written


class _SkippingMatcher(phonenumbermatcher.PhoneNumberMatcher):
    """phonenumbers' matcher that does not parse a candidate with fewer alphanumeric characters
    than a number found in its region needs (every match it could give is a part of the
    candidate). It counts at most how many tries the stock matcher would have spent on them."""

    def __init__(self, text: str, region: str, leniency: int, fewest: int):
        super().__init__(text, region, leniency)
        self._fewest = fewest
        self.stock_tries = 0

    def _extract_match(self, candidate, offset):
        self.stock_tries += 1
        if sum(map(str.isalnum, candidate)) >= self._fewest:
            before = self._max_tries
            found = super()._extract_match(candidate, offset)
            self.stock_tries += before - self._max_tries
            return found
        # What the stock matcher would try: the candidate, then each inner pattern once at most
        # per position.
        self.stock_tries += len(phonenumbermatcher._INNER_MATCHES) * (1 + len(candidate))
        return None


def _phone_windows(text: str) -> list[tuple[int, int]]:
    """(start, end) of the parts of text where phonenumbers' matcher can find a number: in each
    island holding a digit, from the character before its first possible candidate start to the
    character after its last digit and an extension's "#" (or its island)."""
    backwards = text[::-1]
    windows = []
    digit = _DIGIT.search(text)
    while digit:
        before = _PHONE_ISLAND.match(backwards, len(text) - digit.start())
        island_start = len(text) - before.end() if before else digit.start()
        island_end = _PHONE_ISLAND.match(text, digit.start()).end()
        first = _CANDIDATE_START.search(text, island_start).start()
        last = _THROUGH_LAST_DIGIT.match(text, digit.start(), island_end).end()
        windows.append((max(first - 1, 0), min(last + 2, island_end + 1)))
        digit = _DIGIT.search(text, island_end)
    return windows


class WindowedPhoneRecognizer(PhoneRecognizer):
    """Presidio's PhoneRecognizer with the same results, running phonenumbers' matcher only where
    a number can be.

    The matcher finds candidates with its `_PATTERN`, then parses and validates each one in each
    region (the costly part). A candidate holds only characters `_PATTERN` can consume, so it lies
    in one island of them (`_PHONE_ISLAND`: a newline, most letters and CJK end one), starts with a
    digit, + or opening bracket and ends with a digit or "#". Besides the candidate, the matcher
    reads only the character before and after it (the time-stamp check reads on over ':' and
    digits, all inside the island). So it runs on `_phone_windows` alone, with the same candidates
    and the same context, and its matches are offset back. Candidates too short to hold a valid
    number are not parsed (`fewest_phone_characters`). The stock matcher gives up after
    `max_tries` failed tries on a text; where it might have, the region is matched the stock way.
    """

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts = None) -> list[RecognizerResult]:
        """PhoneRecognizer.analyze on the windows: like it, a match is explained with the region
        of the last number of the pass that parses without a default region, else the pass's."""
        results = []
        windows = _phone_windows(text)
        for region in self.supported_regions:
            explained = region
            for match in self._matches(text, windows, region):
                try:
                    explained = phonenumbers.region_code_for_number(phonenumbers.parse(match.raw_string))
                except NumberParseException:
                    pass
                results.append(self._get_recognizer_result(match, text, explained, nlp_artifacts))
        return EntityRecognizer.remove_duplicates(results)

    def _matches(self, text: str, windows: list[tuple[int, int]], region: str, leniency: int | None = None) -> list:
        """The stock matcher's matches in text (at the recognizer's leniency, or another), found
        window by window."""
        leniency = self.leniency if leniency is None else leniency
        matches, tries = [], 0
        for start, end in windows:
            matcher = _SkippingMatcher(text[start:end], region, leniency, fewest_phone_characters(region))
            for match in matcher:
                match.start += start
                match.end += start
                matches.append(match)
            tries += matcher.stock_tries
        if tries < _MAX_TRIES:
            return matches
        return list(phonenumbermatcher.PhoneNumberMatcher(text, region, leniency=leniency))
