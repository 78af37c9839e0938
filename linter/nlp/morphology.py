"""spaCy's morphology table, without its per-token leak and without growing inside memory zones.

The table (`vocab.morphology`) keeps every analysis for good: a memory zone does not free it.

- `Morphology.add` given a dict of features allocates the analysis in the table's permanent pool
  before it looks whether the table has it, and drops the copy unfreed when it does
  (explosion/spaCy#13684, open for spaCy 3.8.7). spaCy's Japanese tokenizer
  (`token.morph = MorphAnalysis(vocab, {...})`) and a morphologizer that extends features
  (ja_ginza's) add a dict for every token of every parse: a few kilobytes per Japanese draft.
  `InterningMorphology` looks the analysis up by its normalized string first, so the keys, and
  every token's morph, stay exactly what spaCy computes.
- The Japanese tokenizer puts each word's reading in its analysis (`Reading=イチニサンヨン` for
  "1234"), so every new word or number adds an analysis and its strings for good. Inside a
  memory zone, an analysis the table does not have yet is added without its reading. postlint
  reads no readings (nor any morph feature): findings do not change, memory stays flat.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.morphology import Morphology
from spacy.vocab import Vocab

READING = "Reading"


class InterningMorphology(Morphology):
    """A Morphology that re-uses the analysis it has, and in a memory zone adds none with a new reading."""

    def __init__(self, vocab: Vocab):
        super().__init__(vocab.strings)
        self.vocab = vocab

    def add(self, features) -> int:
        if isinstance(features, dict):
            features = self.normalize_features(features)
        if self.vocab.in_memory_zone and not self.has(features):
            features = self.normalize_features(_without_reading(self.feats_to_dict(features)))
        return super().add(features)

    def has(self, normalized: str) -> bool:
        """Whether the table holds the analysis with this normalized features string."""
        return self.get(self.strings[normalized]) != ""


def _without_reading(features: dict) -> dict:
    return {field: value for field, value in features.items() if field != READING}


def intern_morphology(nlp: Language) -> None:
    """Give nlp's vocabulary an InterningMorphology holding the analyses it has so far (idempotent)."""
    morphology = nlp.vocab.morphology
    if isinstance(morphology, InterningMorphology):
        return
    _, (_, analyses), *_ = morphology.__reduce__()
    interning = InterningMorphology(nlp.vocab)
    for analysis in analyses:
        interning.add(analysis)
    nlp.vocab.morphology = interning
