"""Presidio, fed postlint's own Docs: an NlpEngine that never parses, and one AnalyzerEngine.

Presidio normally parses the text again with its own spaCy model; here it receives NlpArtifacts
built from the Doc postlint already has, so recognizers and their context words run on one parse.
"""
from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import tldextract
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from .nlp import LANGUAGES

if TYPE_CHECKING:
    from .nlp import Pipelines, Segment

logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

# Presidio's patterns use \b, which never fires between a kana/kanji and a digit or Latin letter
# (both are "word" characters). Identifier recognizers therefore read a view with CJK blanked.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uffef]")


def identifier_view(text: str) -> str:
    """text with CJK characters replaced by spaces (same length), so \b works around identifiers."""
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
        if language not in self._stop_words:
            self._stop_words[language] = self.pipelines.get(language).Defaults.stop_words
        return word.lower() in self._stop_words[language]

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and all(not ch.isalnum() for ch in word)

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return list(LANGUAGES)

    def artifacts(self, doc, language: str) -> NlpArtifacts:
        """NlpArtifacts of a parsed Doc. Names are found by postlint's own rules, so no entities."""
        indices, lemmas = [], []
        for token in doc:
            indices.append(token.idx)
            lemmas.append(token.lemma_ or token.text)
        return NlpArtifacts(entities=[], tokens=doc, tokens_indices=indices, lemmas=lemmas, nlp_engine=self,
                            language=language, scores=[])


class PresidioAdapter:
    """One AnalyzerEngine with the recognizers the rules declare, run on parsed segments."""

    def __init__(self, pipelines: "Pipelines", recognizers: list[EntityRecognizer], text_entities: set[str] = frozenset()):
        """text_entities: entities whose patterns read the real text (e.g. Japanese addresses)."""
        self.nlp_engine = SharedDocNlpEngine(pipelines)
        self.text_entities = sorted(text_entities)
        self.identifier_entities = sorted({e for r in recognizers for e in r.supported_entities} - set(text_entities))
        registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
        for recognizer in recognizers:
            registry.add_recognizer(recognizer)
        self.languages = {r.supported_language for r in recognizers}
        self.engine = AnalyzerEngine(registry=registry, nlp_engine=self.nlp_engine, supported_languages=list(LANGUAGES))

    def analyze(self, segment: "Segment") -> list[RecognizerResult]:
        """Results for one segment, with offsets into the whole draft."""
        if segment.language not in self.languages or not segment.text.strip():
            return []
        artifacts = self.nlp_engine.artifacts(segment.doc, segment.language)
        results = []
        for text, entities in self._views(segment.text):
            results += self.engine.analyze(text, language=segment.language, entities=entities, nlp_artifacts=artifacts)
        for result in results:
            result.start += segment.start
            result.end += segment.start
        return results

    def _views(self, text: str) -> list[tuple[str, list[str]]]:
        """(view, entities read in it): the identifier view and the real text, or the text alone
        for all entities when it has nothing to blank (Presidio's results are per entity type)."""
        view = identifier_view(text)
        if view == text:
            return [(text, self.identifier_entities + self.text_entities)]
        return [(v, entities) for v, entities in ((view, self.identifier_entities), (text, self.text_entities)) if entities]
