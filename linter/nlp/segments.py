"""Language segments, cached spaCy pipelines and the Presidio adapter: one NLP pass per draft.

A draft is cut into segments by script (a Japanese sentence inside an English post is its own
segment), each segment is parsed once by its language's pipeline, and Presidio analyses that
same Doc through NlpArtifacts built from it: nothing is parsed twice.
"""
from __future__ import annotations

import importlib.util
import re
import threading
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from ..errors import ConfigError

LANGUAGES = ("en", "ja")

_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆〜]")
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# Links, handles, hashtags and e-mail addresses (Latin, so that one written right after Japanese
# words, as in メールはa.b@example.jpです, takes only itself out; an address is tried only where a
# run of its letters starts, so a long word without an @ is read once, not once per character).
_NOT_PROSE = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|[@#＠＃][\w.]+|(?<![a-z0-9._%+\-])[a-z0-9._%+\-]++[@＠][a-z0-9.\-]+")
# A sentence or line: a full stop ends one only before a space or the end (not in 3.5 or a.com).
_CHUNK = re.compile(r"(?:[^\n。！？!?.]|\.(?=[^\s.]))*(?:[。！？!?]+|\.+|\n+|$)")
# What reaches a pipeline (tokenizable): spaCy's tokenizer splits affixes off a word one at a time,
# searching the rest of the word each time, so a long run of punctuation or emoji costs the square
# of its length (10,000 commas: seconds), and even a long word of letters does. A run of symbols
# keeps its first SYMBOL_RUN_KEPT characters, the rest become spaces; for spaCy's own tokenizer
# (English), a word longer than LONGEST_WORD gets a space every LONGEST_WORD characters (Japanese
# goes without spaces, and SudachiPy reads long runs of letters in linear time). Same length:
# offsets do not change.
SYMBOL_RUN_KEPT = 16
LONGEST_WORD = 1000
_SYMBOL_RUN = re.compile(rf"(?<![^\w\s])(?<!_)(?:[^\w\s]|_){{{SYMBOL_RUN_KEPT + 1},}}")
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{LONGEST_WORD + 1},}}")
MIN_ENGLISH_WORDS = 3
MAX_KNOWN_WORD = 20  # characters: longer strings of a pipeline's vocabulary are rarely words


def data_dir(name: str) -> Path:
    """A top-level data folder (rules/, models/): beside the package, or inside an installed wheel."""
    here = Path(__file__).resolve().parent.parent  # the linter package
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise ConfigError(f"postlint is installed without its {name}/ folder")


@dataclass(frozen=True)
class ModelChoice:
    """Which pipeline a language uses, and how its labels map to what postlint needs."""

    language: str
    candidates: tuple[str, ...]
    max_chars: int
    labels: dict

    def resolve(self, override: str | None = None) -> str:
        """The pipeline to load: the override, else the first installed candidate."""
        if override:
            if not pipeline_installed(override):
                raise ConfigError(f"spaCy pipeline '{override}' for '{self.language}' is not installed (pip install it)")
            return override
        for name in self.candidates:
            if pipeline_installed(name):
                return name
        raise ConfigError(f"no spaCy pipeline for '{self.language}' is installed (one of: {', '.join(self.candidates)})")


def pipeline_installed(name: str) -> bool:
    """Whether a spaCy pipeline is installed as a package or exists as a folder."""
    if Path(name).is_dir():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def load_model_choices() -> dict[str, ModelChoice]:
    data = tomllib.loads((data_dir("models") / "models.toml").read_text(encoding="utf-8"))
    return {
        lang: ModelChoice(
            language=lang,
            candidates=tuple(entry["candidates"]),
            max_chars=int(entry["max_chars"]),
            labels={k: frozenset(v) for k, v in entry.items() if k not in ("candidates", "max_chars")},
        )
        for lang, entry in data.items()
    }


MODEL_CHOICES = load_model_choices()


# ---------------------------------------------------------------- language segments

def chunk_language(chunk: str) -> str | None:
    """"ja", "en", or None for a chunk too short to tell (hashtags, a name, a link)."""
    prose = _NOT_PROSE.sub(" ", chunk)
    ja = len(_JA_CHAR.findall(prose))
    latin_words = _LATIN_WORD.findall(prose)
    latin = sum(len(w) for w in latin_words)
    if ja and (_KANA.search(prose) and ja * 5 >= latin or ja * 2 >= latin):
        return "ja"
    if len(latin_words) >= MIN_ENGLISH_WORDS:
        return "en"
    return None


def segment_languages(text: str, default: str = "en") -> list[tuple[str, int, int]]:
    """Cut text into (language, start, end) runs by script; every character belongs to one run."""
    chunks = [(m.start(), m.end(), chunk_language(m.group())) for m in _CHUNK.finditer(text) if m.end() > m.start()]
    known = [lang for _, _, lang in chunks if lang]
    if not known:
        return [(default, 0, len(text))] if text else []
    runs: list[list] = []
    previous = known[0]
    for start, end, lang in chunks:
        lang = lang or previous
        previous = lang
        if runs and runs[-1][0] == lang:
            runs[-1][2] = end
        else:
            runs.append([lang, start, end])
    return [tuple(r) for r in runs]


# Where a long run may be cut, best first: line and sentence ends, then word gaps.
_CUT_MARKS = (("\n", "。", "！", "？", ". ", "! ", "? "), (" ", "、", "，", "\t"))


def split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Split start..end into pieces of at most limit characters, at line or sentence ends if
    there is one in the second half of the window, else at a word gap, else anywhere."""
    pieces = []
    while end - start > limit:
        cut = start + _cut_point(text[start:start + limit])
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _cut_point(window: str) -> int:
    for marks in _CUT_MARKS:
        best = max(window.rfind(mark) + len(mark) for mark in marks)
        if best > len(window) // 2:
            return best
    return len(window)


# ---------------------------------------------------------------- pipelines

class Pipelines:
    """spaCy pipelines, loaded lazily, once per process and pipeline name, shared by all linters."""

    _cache: dict[str, object] = {}
    _locks: dict[str, threading.Lock] = {}
    _guard = threading.Lock()

    def __init__(self, overrides: dict[str, str] | None = None):
        self.overrides = overrides or {}
        self._names: dict[str, str] = {}
        self._entity_workers: dict[str, object] = {}

    def name(self, language: str) -> str:
        """The pipeline a language uses, resolved once (finding an installed package is slow)."""
        if language not in self._names:
            self._names[language] = MODEL_CHOICES[language].resolve(self.overrides.get(language))
        return self._names[language]

    def get(self, language: str):
        """The loaded pipeline for a language (loaded on first use)."""
        name = self.name(language)
        nlp = self._cache.get(name)
        if nlp is None:
            with self._guard:
                if name not in self._cache:
                    self._locks[name] = threading.Lock()
                    self._cache[name] = _load_pipeline(name)
                nlp = self._cache[name]
        return nlp

    def max_chars(self, language: str) -> int:
        """The longest text parsed at once: models.toml's limit, or spaCy's max_length if lower."""
        return min(MODEL_CHOICES[language].max_chars, self.get(language).max_length)

    def parse(self, language: str, text: str):
        """Parse text (as tokenizable() leaves it); one parse at a time per pipeline, so linters can
        share it across threads."""
        nlp = self.get(language)
        worker = self._entity_workers.get(language)
        text = tokenizable(text, long_words=_splits_affixes(nlp))
        with self._locks[self.name(language)]:
            return worker.parse(nlp, text) if worker else nlp(text)

    def find_entities_aside(self, language: str) -> bool:
        """Have this instance's parses of a language find entities in a second process, at the
        same time as the rest of the pipeline runs (entity_worker.py), when its pipeline allows."""
        from .entity_worker import EntityWorker, runs_aside

        nlp = self.get(language)
        if language not in self._entity_workers and runs_aside(nlp):
            self._entity_workers[language] = EntityWorker(nlp)
        return language in self._entity_workers

    def stop_entity_workers(self) -> None:
        for worker in self._entity_workers.values():
            worker.stop()
        self._entity_workers.clear()

    def pipe(self, language: str, texts: list[str], batch_size: int = 64) -> list:
        """Parse many texts with nlp.pipe (batched): the same Docs as parse, in the same order."""
        nlp = self.get(language)
        with self._locks[self.name(language)]:
            return list(nlp.pipe([tokenizable(text, _splits_affixes(nlp)) for text in texts], batch_size=batch_size))

    @classmethod
    def loaded(cls) -> list[str]:
        return sorted(cls._cache)


def tokenizable(text: str, long_words: bool = True) -> str:
    """The text a pipeline parses: long runs of symbols (and with long_words, very long words) cut
    short with spaces (see SYMBOL_RUN_KEPT), so the tokenizer's time grows linearly; same length."""
    symbols = [m.span() for m in _SYMBOL_RUN.finditer(text)]
    if symbols:
        text = "".join(text[start:end] if keep else " " * (end - start)
                       for start, end, keep in _pieces(len(text), [(s + SYMBOL_RUN_KEPT, e) for s, e in symbols]))
    words = [m.span() for m in _LONG_WORD.finditer(text)] if long_words else []
    if words:
        chars = list(text)
        for start, end in words:
            for at in range(start + LONGEST_WORD, end, LONGEST_WORD):
                chars[at] = " "
        text = "".join(chars)
    return text


def _splits_affixes(nlp) -> bool:
    """Whether a pipeline's tokenizer is spaCy's own, which splits prefixes and suffixes off words."""
    from spacy.tokenizer import Tokenizer

    return isinstance(nlp.tokenizer, Tokenizer)


def _pieces(length: int, blanked: list[tuple[int, int]]):
    """(start, end, keep) pieces of 0..length: kept between the blanked spans, which are sorted."""
    at = 0
    for start, end in blanked:
        yield at, start, True
        yield start, end, False
        at = end
    yield at, length, True


def _load_pipeline(name: str):
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"cannot load spaCy pipeline '{name}': {exc}") from None


def make_lexemes_of_known_words(nlp) -> None:
    """Lexemes for the words (ASCII letters) of the pipeline's own string store, made outside any
    zone so that they are kept. A check in a zone makes, and at its end frees, the lexemes of every
    word not in the vocabulary yet: for an English draft that is half of what the zone costs."""
    words = [s for s in nlp.vocab.strings if s.isascii() and s.isalpha() and len(s) <= MAX_KNOWN_WORD]
    for word in words:
        nlp.vocab[word]  # looking a word up makes its lexeme


def tokens_with(doc, attr: int, values: frozenset[str]) -> list:
    """The tokens of a Doc whose attribute attr (spacy.attrs: LOWER, POS…) is one of values,
    read from the Doc's array: iterating a Doc makes a Token object of every word."""
    wanted = _attribute_ids(attr, values)
    return [doc[i] for i, value in enumerate(doc.to_array(attr).tolist()) if value in wanted] if wanted else []


@lru_cache(maxsize=64)
def _attribute_ids(attr: int, values: frozenset[str]) -> frozenset[int]:
    """The ids Doc.to_array gives values of an attribute: part-of-speech ids, else string hashes."""
    from spacy.attrs import POS
    from spacy.parts_of_speech import IDS
    from spacy.strings import get_string_id

    return frozenset(IDS[v] for v in values if v in IDS) if attr == POS else frozenset(map(get_string_id, values))


@dataclass
class Segment:
    """A run of one language in the draft, parsed once. `start` is its offset in the draft."""

    language: str
    start: int
    end: int
    doc: object

    @cached_property
    def text(self) -> str:
        return self.doc.text

    @cached_property
    def ents(self) -> tuple:
        """The Doc's entities (Doc.ents makes new Spans at every call)."""
        return self.doc.ents

    def entities(self, purpose: str) -> list:
        """The Doc's entities whose label serves a purpose ("person", "organization", "place")."""
        labels = MODEL_CHOICES[self.language].labels.get(purpose, frozenset())
        return [ent for ent in self.ents if ent.label_ in labels]


def segment_plan(text: str, pipelines: Pipelines, language: str | None = None) -> list[tuple[str, int, int]]:
    """The (language, start, end) pieces a text is parsed in: by script (or one forced language),
    each no longer than its pipeline accepts."""
    runs = [(language, 0, len(text))] if language else segment_languages(text)
    return [(lang, piece_start, piece_end) for lang, start, end in runs
            for piece_start, piece_end in split_long(text, start, end, pipelines.max_chars(lang))]


def parse_segments(text: str, pipelines: Pipelines, language: str | None = None) -> list[Segment]:
    """Segment text by language (or force one language) and parse each piece once."""
    return [Segment(lang, start, end, pipelines.parse(lang, text[start:end]))
            for lang, start, end in segment_plan(text, pipelines, language)]


def parse_segments_many(texts: list[str], pipelines: Pipelines, languages: list[str | None]) -> list[list[Segment]]:
    """parse_segments for many texts, each language's pieces parsed together with nlp.pipe."""
    plans = [segment_plan(text, pipelines, language) if text else [] for text, language in zip(texts, languages)]
    pieces: dict[str, list[tuple[int, int, int]]] = {}
    for index, plan in enumerate(plans):
        for lang, start, end in plan:
            pieces.setdefault(lang, []).append((index, start, end))
    segments: list[list[Segment]] = [[] for _ in texts]
    for lang, spans in pieces.items():
        docs = pipelines.pipe(lang, [texts[index][start:end] for index, start, end in spans])
        for (index, start, end), doc in zip(spans, docs):
            segments[index].append(Segment(lang, start, end, doc))
    for found in segments:
        found.sort(key=lambda segment: segment.start)
    return segments
