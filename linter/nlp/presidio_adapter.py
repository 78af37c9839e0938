"""Presidio, fed postlint's own Docs: an NlpEngine that never parses, and one AnalyzerEngine.

Presidio normally parses the text again with its own spaCy model; here it receives NlpArtifacts
built from the Doc postlint already has, so recognizers and their context words run on one parse.
Two predefined recognizers are replaced: e-mail domains are validated offline, and phone numbers
are read by region and shape (phones.py).
"""
from __future__ import annotations

import logging
import re
from functools import cached_property
from typing import TYPE_CHECKING

import tldextract
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer
from spacy.attrs import IDX, LEMMA, ORTH

from .segments import LANGUAGES

if TYPE_CHECKING:
    from .segments import Pipelines, Segment

logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

# Presidio's patterns use \b, which never fires between a kana/kanji and a digit or Latin letter
# (both are "word" characters). Identifier recognizers therefore read a view with CJK blanked.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uffef]")


def identifier_view(text: str) -> str:
    r"""text with CJK characters replaced by spaces (same length), so \b works around identifiers."""
    return _CJK.sub(" ", text)


# The public-suffix list bundled with tldextract: never fetched over the network.
OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# Top-level domains reserved for documentation and testing (RFC 2606, RFC 6761): not in the
# public-suffix list, yet addresses under them are addresses all the same.
RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost"})


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, validating the domain against the bundled suffix list."""

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rsplit("@", 1)[-1].rstrip(".").lower()
        return OFFLINE_TLD(domain).suffix != "" or domain.rsplit(".", 1)[-1] in RESERVED_TLDS


class SharedDocNlpEngine(NlpEngine):
    """A Presidio NlpEngine over postlint's pipelines that refuses to parse on its own."""

    def __init__(self, pipelines: "Pipelines"):
        self.pipelines = pipelines
        self._stop_words: dict[str, set[str]] = {}

    def load(self) -> None:
        """Nothing to load: pipelines are loaded lazily by postlint."""

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        raise RuntimeError("postlint hands Presidio NlpArtifacts of its own Doc; it never parses twice")

    def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):
        raise RuntimeError("postlint hands Presidio NlpArtifacts of its own Doc; it never parses twice")

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() in self._stop_words_of(language)

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and all(not ch.isalnum() for ch in word)

    def _stop_words_of(self, language: str) -> set[str]:
        if language not in self._stop_words:
            self._stop_words[language] = self.pipelines.get(language).Defaults.stop_words
        return self._stop_words[language]

    def keywords(self, lemmas: list[str], language: str) -> list[str]:
        """Presidio's NlpArtifacts.set_keywords in one loop: lower-cased lemmas that are no stop
        word, punctuation, "-PRON-" or "be", split at colons."""
        stop_words = self._stop_words_of(language)
        found = []
        for lemma in lemmas:
            lower = lemma.lower()
            if lower in stop_words or lemma in ("-PRON-", "be") or (lemma and not any(ch.isalnum() for ch in lemma)):
                continue
            found.extend(lower.split(":"))
        return found

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return list(LANGUAGES)

    def artifacts(self, doc, language: str, text: str) -> NlpArtifacts:
        """NlpArtifacts of a parsed Doc and its text (Doc.text joins a Token per word, so the
        segment's own copy is passed). Names are found by postlint's own rules, so no entities."""
        return Artifacts(doc, text, self, language)


class Artifacts(NlpArtifacts):
    """NlpArtifacts of a Doc whose words, lemmas and keywords are read from it the first time a
    recognizer or Presidio's context enhancer asks (which it does only about something found:
    on most drafts never), with keywords worked out by the engine (the same words, faster) and
    the real text of the segment for recognizers that read it rather than the identifier view."""

    def __init__(self, doc, text: str, nlp_engine: SharedDocNlpEngine, language: str):
        self.doc, self.text, self.nlp_engine, self.language = doc, text, nlp_engine, language
        self.entities, self.scores = [], []

    @cached_property
    def tokens(self) -> list[str]:
        """The words: Presidio only iterates the tokens and takes their lengths, which words do
        without a spaCy Token per word."""
        strings = self.doc.vocab.strings
        return [strings[orth] for orth in self.doc.to_array(ORTH).tolist()]

    @cached_property
    def lemmas(self) -> list[str]:
        strings = self.doc.vocab.strings
        return [strings[lemma] or word for lemma, word in zip(self.doc.to_array(LEMMA).tolist(), self.tokens)]

    @cached_property
    def tokens_indices(self) -> list[int]:
        return self.doc.to_array(IDX).tolist()

    @cached_property
    def keywords(self) -> list[str]:
        return self.nlp_engine.keywords(self.lemmas, self.language)


class PresidioAdapter:
    """One AnalyzerEngine with the recognizers the rules declare, run on parsed segments."""

    def __init__(self, pipelines: "Pipelines", recognizers: list[EntityRecognizer]):
        self.nlp_engine = SharedDocNlpEngine(pipelines)
        registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
        for recognizer in recognizers:
            registry.add_recognizer(recognizer)
        self.languages = {r.supported_language for r in recognizers}
        self.engine = AnalyzerEngine(registry=registry, nlp_engine=self.nlp_engine, supported_languages=list(LANGUAGES))

    def analyze(self, segment: "Segment") -> list[RecognizerResult]:
        """Results for one segment, with offsets into the whole draft."""
        if segment.language not in self.languages or not segment.text.strip():
            return []
        artifacts = self.nlp_engine.artifacts(segment.doc, segment.language, segment.text)
        results = self.engine.analyze(identifier_view(segment.text), language=segment.language, nlp_artifacts=artifacts)
        for result in results:
            result.start += segment.start
            result.end += segment.start
        return results
