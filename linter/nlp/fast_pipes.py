"""Pipelines made lighter: work whose output postlint never reads is skipped, and one component is
looked up instead of scanned. Every token annotation stays what the packaged pipeline gives
(tests/test_nlp.py compares them on drafts in both languages).

- spaCy's Japanese tokenizer works out Sudachi's finer splits (modes A and B) of every token for
  GiNZA's compound_splitter, which reads them only when it is set to split.
- GiNZA's bunsetu_recognizer works out phrases (bunsetu) for the Doc's user_data, which postlint
  never reads, and takes the parser's `_bunsetu` suffix off dependency labels: only the latter is
  kept.
- spaCy's AttributeRuler tries each of its patterns (179 in en_core_web_sm) at every token with a
  Matcher; here the patterns are indexed by the tag or lower-case form their first token needs,
  so each token is tried against the few patterns that can start there.
- spaCy's Lemmatizer makes a Token object for every word; here its input (text, part of speech,
  morphology) is read from the Doc's arrays and each combination's lemma is remembered.
- spaCy's Japanese tokenizer sets each word's tag, part of speech, lemma, norm and morphology
  through a Token object, building the morphology from a dict; here they are written as arrays and
  each (inflection, reading)'s morphology string is remembered.
- spaCy's Morphologizer, when it extends the morphology a token has (ja_ginza's), rebuilds it
  from dicts at every token; here each (morphology, label)'s result is remembered and written as
  arrays.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.morphology import Morphology
from spacy.tokens import Doc

BUNSETU_SUFFIX = "_bunsetu"
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_LEMMA_KEY = [ORTH, POS, MORPH, LEMMA]
_JAPANESE_WORD_ATTRS = [TAG, POS, LEMMA, NORM, MORPH]
_MORPH_POS = [MORPH, POS]
MAX_REMEMBERED = 20_000  # combinations each stand-in remembers (a few MB at most); then it starts again
# The columns patterns are filed under, most telling first.
_INDEX_ORDER = tuple(_COLUMNS[attr] for attr in ("LOWER", "TAG", "DEP", "IS_SPACE"))


def lighten(nlp) -> None:
    """Apply every stand-in that fits this pipeline."""
    _skip_unread_subtokens(nlp)
    _keep_only_bunsetu_labels(nlp)
    _index_attribute_ruler(nlp)
    _lemmatize_from_arrays(nlp)
    _tokenize_japanese_to_arrays(nlp)
    _morphologize_to_arrays(nlp)


def _skip_unread_subtokens(nlp) -> None:
    splitter = nlp.get_pipe("compound_splitter") if "compound_splitter" in nlp.pipe_names else None
    if getattr(nlp.tokenizer, "need_subtokens", False) and getattr(splitter, "split_mode", None) is None:
        nlp.tokenizer.need_subtokens = False


def _keep_only_bunsetu_labels(nlp) -> None:
    if nlp.pipe_names[-1:] != ["bunsetu_recognizer"] or nlp.get_pipe("bunsetu_recognizer").remain_bunsetu_suffix:
        return
    from spacy.language import Language

    if not Language.has_factory("postlint_bunsetu_labels"):
        Language.component("postlint_bunsetu_labels", func=_strip_bunsetu_suffixes)
    nlp.replace_pipe("bunsetu_recognizer", "postlint_bunsetu_labels")


def _strip_bunsetu_suffixes(doc):
    for token in doc:
        if token.dep_.endswith(BUNSETU_SUFFIX):
            token.dep_ = token.dep_[:-len(BUNSETU_SUFFIX)]
    return doc


def _index_attribute_ruler(nlp) -> None:
    """Give the pipeline's AttributeRuler an indexed `match`, when all its patterns are of the
    simple kinds the index reads (else it keeps spaCy's Matcher)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    index = AttributeIndex.of(ruler)
    if index is not None:
        ruler.match = index.match


def _index_keys(tests: list[tuple]) -> list[tuple[int, int]]:
    """The (column, value) keys a pattern is filed under, from its first token's tests: the
    lower-case forms it allows if it names them, else the tags…; none if it names no value."""
    for column in _INDEX_ORDER:
        for test_column, kind, value in tests:
            if test_column == column and kind == "eq":
                return [(column, value)]
            if test_column == column and kind == "IN":
                return [(column, v) for v in value]
    return []


def _lemmatize_from_arrays(nlp) -> None:
    """Give the pipeline's spaCy Lemmatizer the array-reading __call__ of _ArrayLemmatizer."""
    from spacy.pipeline import Lemmatizer

    if "lemmatizer" not in nlp.pipe_names or not isinstance(nlp.get_pipe("lemmatizer"), Lemmatizer):
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmatizer.__class__ = type(f"Array{type(lemmatizer).__name__}", (_ArrayLemmatizer, type(lemmatizer)), {})
    lemmatizer._lemmas = {}


def _tokenize_japanese_to_arrays(nlp) -> None:
    """Give spaCy's Japanese tokenizer the array-writing __call__ of _ArrayJapaneseTokenizer."""
    if nlp.lang != "ja":
        return
    from spacy.lang.ja import JapaneseTokenizer

    if type(nlp.tokenizer) is JapaneseTokenizer:
        nlp.tokenizer.__class__ = type("ArrayJapaneseTokenizer", (_ArrayJapaneseTokenizer, JapaneseTokenizer), {})
        nlp.tokenizer._morphs = {}


def _morphologize_to_arrays(nlp) -> None:
    """Give the pipeline's spaCy Morphologizer the set_annotations of _ArrayMorphologizer."""
    from spacy.pipeline import Morphologizer

    if "morphologizer" not in nlp.pipe_names or type(nlp.get_pipe("morphologizer")) is not Morphologizer:
        return
    morphologizer = nlp.get_pipe("morphologizer")
    morphologizer.__class__ = type("ArrayMorphologizer", (_ArrayMorphologizer, Morphologizer), {})
    morphologizer._results = {}


class Unsupported(Exception):
    """A pattern the index does not read (another attribute, operator or quantifier)."""


class AttributeIndex:
    """An AttributeRuler's patterns, indexed by what their first token needs."""

    def __init__(self, ruler):
        self.strings = ruler.vocab.strings
        self.by_value: dict[tuple[int, int], list] = {}  # (column, value hash) -> patterns
        self.anywhere: list = []  # patterns whose first token needs no single value
        for attr_id, entry in enumerate(ruler.patterns):
            key = self.strings[str(attr_id)]
            for pattern in entry["patterns"]:
                compiled = (attr_id, key, [self._token_test(token) for token in pattern])
                keys = _index_keys(compiled[2][0])
                for index_key in keys:
                    self.by_value.setdefault(index_key, []).append(compiled)
                if not keys:
                    self.anywhere.append(compiled)

    @classmethod
    def of(cls, ruler) -> "AttributeIndex | None":
        try:
            return cls(ruler)
        except Unsupported:
            return None

    def _token_test(self, token: dict) -> list[tuple]:
        """(column, kind, value) tests a token must pass, for one token of a pattern."""
        tests = []
        for attr, value in token.items():
            if attr not in _COLUMNS:
                raise Unsupported(attr)
            column = _COLUMNS[attr]
            if isinstance(value, bool) or isinstance(value, str):
                tests.append((column, "eq", int(value) if isinstance(value, bool) else self.strings[value]))
            elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
                kind, values = next(iter(value.items()))
                tests.append((column, kind, frozenset(self.strings[v] for v in values)))
            elif isinstance(value, dict) and list(value) == ["REGEX"]:
                tests.append((column, "REGEX", re.compile(value["REGEX"])))
            else:
                raise Unsupported(value)
        return tests

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """What AttributeRuler.match gives: (attribute id, match id, start, end), sorted."""
        rows = doc.to_array(_ARRAY_ATTRS).reshape(len(doc), len(_ARRAY_ATTRS)).tolist()
        found = set()
        lookup, none, count = self.by_value.get, (), len(rows)
        for start, row in enumerate(rows):
            for column in _INDEX_ORDER:
                for attr_id, key, tests in lookup((column, row[column]), none):
                    end = start + len(tests)
                    if end <= count and self._passes(rows, start, tests):
                        found.add((attr_id, key, start, end))
        for attr_id, key, tests in self.anywhere:
            for start in range(count - len(tests) + 1):
                if self._passes(rows, start, tests):
                    found.add((attr_id, key, start, start + len(tests)))
        return sorted(found)

    def _passes(self, rows: list[list[int]], start: int, tests: list[list[tuple]]) -> bool:
        """Whether the tokens from start pass the tests of a pattern, token by token."""
        if len(tests) == 1:
            return self._token_passes(rows[start], tests[0])
        return all(self._token_passes(rows[start + i], token_tests) for i, token_tests in enumerate(tests))

    def _token_passes(self, row: list[int], tests: list[tuple]) -> bool:
        for column, kind, value in tests:
            actual = row[column]
            if kind == "eq":
                if actual != value:
                    return False
            elif kind == "IN":
                if actual not in value:
                    return False
            elif kind == "NOT_IN":
                if actual in value:
                    return False
            elif not value.search(self.strings[actual]):
                return False
        return True


class _ArrayLemmatizer:
    """Mixed into a pipeline's Lemmatizer: its __call__ reads the tokens' text, part of speech and
    morphology from the Doc's arrays and remembers each combination's lemma, instead of making a
    spaCy Token for every word (a lemma is a function of those three)."""

    def __call__(self, doc):
        if not self._validated:
            self._validate_tables()
        strings = doc.vocab.strings
        rows = doc.to_array(_LEMMA_KEY).reshape(len(doc), len(_LEMMA_KEY)).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if self.overwrite or lemma == 0:
                key = (orth, pos, morph)
                word = self._lemmas.get(key)
                if word is None:
                    if len(self._lemmas) >= MAX_REMEMBERED:
                        self._lemmas.clear()
                    word = self._lemmas[key] = self.lemmatize(doc[i])[0]
                lemma = strings.add(word)
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64"))
        return doc


class _ArrayJapaneseTokenizer:
    """Mixed into spaCy's JapaneseTokenizer: the same words and annotations, written as arrays."""

    def __call__(self, text):
        from spacy.lang.ja import get_dtokens_and_spaces, resolve_pos

        dtokens, spaces = get_dtokens_and_spaces(self._get_dtokens(self.tokenizer.tokenize(text)), text)
        doc = Doc(self.vocab, words=[dtoken.surface for dtoken in dtokens], spaces=spaces)
        if self.need_subtokens:
            doc.user_data["sub_tokens"] = [dtoken.sub_tokens for dtoken in dtokens]
        if not dtokens:
            return doc
        strings, morphology = self.vocab.strings, self.vocab.morphology
        rows, next_pos = [], None
        tags = [dtoken.tag for dtoken in dtokens] + [None]
        for i, dtoken in enumerate(dtokens):
            if next_pos:  # decided by the tag bi-gram of the word before
                pos, next_pos = next_pos, None
            else:
                pos, next_pos = resolve_pos(dtoken.surface, dtoken.tag, tags[i + 1])
            rows.append((strings.add(dtoken.tag), pos, strings.add(dtoken.lemma or dtoken.surface),
                         strings.add(dtoken.norm), morphology.add(self._morph(dtoken.inf, dtoken.reading))))
        doc.from_array(_JAPANESE_WORD_ATTRS, numpy.asarray(rows, dtype="uint64"))
        return doc

    def _morph(self, inflection: str, reading: str | None) -> str:
        """The normalized morphology string spaCy's tokenizer gives a word with these features."""
        key = (inflection, reading)
        morph = self._morphs.get(key)
        if morph is None:
            features = {}
            if inflection:
                features["Inflection"] = inflection
            if reading:
                features["Reading"] = re.sub("[=|]", "_", reading)
            if len(self._morphs) >= MAX_REMEMBERED:
                self._morphs.clear()
            morph = self._morphs[key] = self.vocab.morphology.normalize_features(features) if features else ""
        return morph


class _ArrayMorphologizer:
    """Mixed into spaCy's Morphologizer: set_annotations reads and writes the Doc's arrays and
    remembers each (morphology, label)'s resulting morphology."""

    def set_annotations(self, docs, batch_tag_ids):
        for doc, tag_ids in zip([docs] if isinstance(docs, Doc) else docs, batch_tag_ids):
            if len(doc) == 0:
                continue
            tag_ids = tag_ids.get() if hasattr(tag_ids, "get") else tag_ids
            rows = doc.to_array(_MORPH_POS).reshape(len(doc), 2).tolist()
            for row, tag_id in zip(rows, tag_ids):
                self._annotate(row, self.labels[tag_id])
            doc.from_array(_MORPH_POS, numpy.asarray(rows, dtype="uint64"))

    def _annotate(self, row: list[int], label: str) -> None:
        """Set row's [morphology, part of speech] as spaCy's Morphologizer would for this label."""
        overwrite, extend = self.cfg["overwrite"], self.cfg["extend"]
        morph, pos = row
        if morph == 0 or overwrite or extend:
            row[0] = self.vocab.morphology.add(self._morph(morph, label, overwrite, extend))
        if pos == 0 or overwrite:
            row[1] = self.cfg["labels_pos"].get(label, 0)

    def _morph(self, morph: int, label: str, overwrite: bool, extend: bool) -> str:
        key = (morph, label)
        result = self._results.get(key)
        if result is None:
            labelled = self.cfg["labels_morph"].get(label, 0)
            if not extend:
                features = labelled
            elif overwrite:
                features = Morphology.feats_to_dict(self.vocab.strings[morph]) | Morphology.feats_to_dict(labelled)
            else:
                features = Morphology.feats_to_dict(labelled) | Morphology.feats_to_dict(self.vocab.strings[morph])
            if len(self._results) >= MAX_REMEMBERED:
                self._results.clear()
            result = self._results[key] = self.vocab.strings[self.vocab.morphology.add(features)]
        return result
