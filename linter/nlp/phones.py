"""Phone numbers as people write them: phonenumbers' matcher over the draft's candidate regions.

A number valid in one of the regions is a phone number (leniency VALID, as Presidio's); one
written with its country code ("+46 (0)8 928 571 38") parses in any region. A number that is
only *possible* in a region with a shape (the right length, e.g. an unassigned US area code as
in "930.167.3943") counts when it is written the way that region writes numbers (`shapes` of the
rule file), so order numbers and dates stay clean. An IPv4 address is no phone number. A
toll-free, shared-cost, premium-rate or universal-access number (0120, 0570, 1-800…) is a
business line: its result says so, and the rule reports it as public.

phonenumbers' matcher runs on the whole text: a stand-in that ran it only on the windows where
a number can be saved under 2% of a check (bench, 2026-12), so it was retired.
"""
from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

VALID_SCORE = 0.5
SHAPED_SCORE = 0.45
BUSINESS_TYPES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
                            PhoneNumberType.SHARED_COST, PhoneNumberType.UAN})
PUBLIC_KEY = "postlint_public"
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_DIGIT = re.compile(r"\d")


class PhoneNumberRecognizer(PhoneRecognizer):
    """Presidio's PhoneRecognizer (phonenumbers' matcher in each candidate region, leniency
    VALID), and in a region with a shape, possible numbers written in it."""

    def __init__(self, shapes: dict[str, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.shapes = {region: re.compile(shape) for region, shape in (shapes or {}).items()}

    def analyze(self, text, entities, nlp_artifacts=None):
        if not _DIGIT.search(text):
            return []  # every number phonenumbers' matcher reads holds a digit (\d)
        results = []
        for region in self.supported_regions:
            for match in PhoneNumberMatcher(text, region, leniency=self.leniency):
                results.append(self._result(match, text, region, VALID_SCORE, nlp_artifacts))
            shape = self.shapes.get(region)
            if shape is None or not shape.search(text):
                continue  # no number of the region's shape (a match's raw string is a piece of text)
            for match in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
                if shape.fullmatch(match.raw_string):
                    results.append(self._result(match, text, region, SHAPED_SCORE, nlp_artifacts))
        results = [r for r in results if not _IPV4.fullmatch(text[r.start:r.end])]
        # A number is a business line only when it is one in every region it was read in
        # (080 is a mobile prefix in Japan, a toll-free one in France).
        business = {}
        for r in results:
            business[(r.start, r.end)] = business.get((r.start, r.end), True) and r.recognition_metadata[PUBLIC_KEY]
        for r in results:
            r.recognition_metadata[PUBLIC_KEY] = business[(r.start, r.end)]
        return EntityRecognizer.remove_duplicates(results)

    def _result(self, match, text, region, score, nlp_artifacts) -> RecognizerResult:
        result = self._get_recognizer_result(match, text, region, nlp_artifacts)
        result.score = score
        result.recognition_metadata[PUBLIC_KEY] = phonenumbers.number_type(match.number) in BUSINESS_TYPES
        return result


def is_public_line(result: RecognizerResult) -> bool:
    """Whether a result is a business line by its number type (toll-free, 0570…)."""
    return bool((result.recognition_metadata or {}).get(PUBLIC_KEY))
