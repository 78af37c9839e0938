"""Features of a span of a parsed draft, hashed into a fixed number of buckets: what the learned
scorers (kind `scorer`, scorer.py) read. The training recipe (train/) calls the same
`span_features`, so a model sees at run time exactly what it was trained on.

Three groups, each scaled by 1/sqrt(its size) so that a long span does not score higher for its
length alone:

- chars: character 2-, 3- and 4-grams of the span's text, lower-cased, digits as 0, the
  organization's names, products and official accounts as one mark each, other @handles as "@",
  web links as one mark;
- words: the Doc's words (English: lower case; Japanese: lemma) and pairs of neighbours, with the
  same marks;
- facts read from the parse: who the subject is ("we", "you", 私…) with its verb and modal, an
  imperative opening a sentence, which kinds of target (rules/targets.yaml) the span names.

Hashes are spaCy's 64-bit string hashes for words and facts and a polynomial hash of code points
for characters; a feature's bucket is the top BITS bits of its hash times a fixed odd constant.
Only numpy and the parse are needed: nothing is imported or parsed a second time.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from spacy.strings import hash_string

from .targets import targets
from .units import units

if TYPE_CHECKING:
    from .base import Context

VERSION = 2
BITS = 20
CHAR_SIZES = (2, 3, 4)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_POLY = np.uint64(1_000_003)
_SHIFT = np.uint64(64 - BITS)
_GROUP_SEEDS = {"chars": np.uint64(11), "words": np.uint64(13), "pairs": np.uint64(17)}
# What stands in for a name of the organization (and its products, accounts), another @handle, a link
MARKS = {"organization": "\u2460", "product": "\u2461", "handle-own": "\u2462", "handle": "@", "url": "\u2463"}
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
SUBJECT_WORDS = {
    "en": frozenset({"i", "we", "you", "they", "he", "she", "it", "u", "y'all", "ya"}),
    "ja": frozenset({"私", "僕", "俺", "我々", "私たち", "弊社", "当社", "わたし", "あたし", "自分", "あなた", "お前", "おまえ",
                     "君", "きみ", "貴様", "てめえ", "こいつ", "あいつ", "彼", "彼女", "皆さま", "皆様", "みなさま"}),
}
_PLURAL_SELF = frozenset({"us", "our", "ours", "ourselves"})
_SUBJECT_DEPS = {"en": ("nsubj", "nsubjpass"), "ja": ("nsubj", "obl", "nmod", "iobj", "obj")}
_JA_TOPIC = frozenset({"は", "が", "も"})
_SELF = {"en": frozenset({"our", "ours", "us"}), "ja": frozenset({"弊社", "当社", "我々", "私たち", "わたくしども", "当店", "弊店"})}
_QUANTIFIERS = frozenset({"all", "every", "each", "any", "no"})
_OWN_MARKS = frozenset({MARKS["organization"], MARKS["product"], MARKS["handle-own"]})
_SECOND = frozenset({"you", "your", "yours", "yourself", "u", "ur", "ya", "y'all"})


# A post this long or shorter (a tweet, with its handles and links) is also read as a whole
POST_CHARS = 400


def sentence_features(ctx: "Context") -> list[tuple[int, int, tuple[np.ndarray, np.ndarray]]]:
    """(start, end, features) of every sentence of the draft, computed once per draft."""
    return ctx.memo("sentence-features", lambda: [(start, end, combine(*parts))
                                                  for start, end, parts in _sentence_parts(ctx)])


def post_features(ctx: "Context") -> tuple[np.ndarray, np.ndarray] | None:
    """The features of a short post (at most POST_CHARS characters, more than one sentence) read as
    a whole: its sentences' character n-grams and words together, and their facts; None otherwise."""
    def compute():
        parts = _sentence_parts(ctx)
        if len(parts) < 2 or len(ctx.view.strip()) > POST_CHARS:
            return None
        chars = np.concatenate([p[0] for _, _, p in parts])
        words = np.concatenate([p[1] for _, _, p in parts])
        return combine(chars, words, sorted({f for _, _, p in parts for f in p[2]}))

    return ctx.memo("post-features", compute)


def _sentence_parts(ctx: "Context"):
    return ctx.memo("sentence-parts", lambda: [(start, end, span_parts(ctx, start, end))
                                               for start, end in units(ctx).sentences])


def span_features(ctx: "Context", start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """The hashed features of the draft's text start..end: (bucket indices, values)."""
    return combine(*span_parts(ctx, start, end))


def span_parts(ctx: "Context", start: int, end: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The three groups before they are hashed together: character n-gram hashes, word hashes and
    the facts of the parse (strings)."""
    marks, named = _marks(ctx, start, end)
    text = _marked_text(ctx.view, start, end, marks)
    words, facts = _words_and_facts(ctx, start, end, marks)
    facts += [f"target:{kind}" for kind in named]
    facts += _post_facts(ctx)
    return _char_hashes(text), words, sorted(set(facts))


def combine(chars: np.ndarray, words: np.ndarray, facts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The buckets of the three groups (words also as pairs of neighbours), each scaled by
    1/sqrt(its size)."""
    groups = [_bucket(chars)]
    if len(words):
        groups.append(_bucket(words * _POLY + _GROUP_SEEDS["words"]))
        if len(words) > 1:
            groups.append(_bucket((words[:-1] * _POLY + words[1:]) * _POLY + _GROUP_SEEDS["pairs"]))
    if facts:
        groups.append(_bucket(np.array([hash_string(f) for f in facts], dtype=np.uint64)))
    indices = np.concatenate(groups)
    values = np.concatenate([np.full(len(g), 1.0 / np.sqrt(len(g)), dtype=np.float32) for g in groups])
    return indices, values


def _bucket(hashes: np.ndarray) -> np.ndarray:
    return ((hashes * _MIX) >> _SHIFT).astype(np.int64)


def _char_hashes(text: str) -> np.ndarray:
    """Polynomial hashes of every character n-gram of text (n in CHAR_SIZES), seeded by n."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    found = []
    for n in CHAR_SIZES:
        count = len(codes) - n + 1
        if count <= 0:
            continue
        h = np.full(count, n, dtype=np.uint64) + _GROUP_SEEDS["chars"]
        for k in range(n):
            h = h * _POLY + codes[k:k + count]
        found.append(h)
    return np.concatenate(found) if found else np.zeros(1, dtype=np.uint64)


def _marks(ctx: "Context", start: int, end: int) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Spans inside start..end to be read as one mark (own names, products and accounts, other
    @handles, web links), and the kinds of the other targets named there."""
    found, named = [], set()
    for t in targets(ctx):
        if t.start >= start and t.end <= end:
            if t.own and t.kind in ("organization", "product"):
                found.append((t.start, t.end, MARKS[t.kind]))
            elif t.kind == "handle":
                found.append((t.start, t.end, MARKS["handle-own" if t.own else "handle"]))
            else:
                named.add(t.kind)
    found += [(s, e, MARKS["url"]) for s, e in ctx.draft.url_spans if s >= start and e <= end]
    kept = []
    for s, e, mark in sorted(found):
        if not kept or s >= kept[-1][1]:
            kept.append((s, e, mark))
    return kept, sorted(named)


def _marked_text(view: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    parts, at = [], start
    for s, e, mark in marks:
        parts += [view[at:s], f" {mark} "]
        at = e
    parts.append(view[at:end])
    text = _DIGIT.sub("0", "".join(parts).lower())
    return " " + _SPACES.sub(" ", text).strip() + " "


def _words_and_facts(ctx: "Context", start: int, end: int, marks) -> tuple[np.ndarray, list[str]]:
    words: list[int] = []
    facts: set[str] = set()
    for segment in ctx.segments:
        if segment.end <= start or segment.start >= end:
            continue
        language = segment.language
        span = segment.doc.char_span(max(start, segment.start) - segment.start,
                                     min(end, segment.end) - segment.start, alignment_mode="expand")
        if span is None:
            continue
        facts.add(f"lang:{language}")
        marked = {}
        for token in span:
            mark = _mark_of(segment.start + token.idx, marks)
            if mark:
                marked[token.i] = mark
        content = [t for t in span if not t.is_space]
        for token in content:
            if token.dep_ in _SUBJECT_DEPS[language] and token.text.lower() not in SUBJECT_WORDS[language]:
                _subject_facts(token, language, marked, facts)
            mark = marked.get(token.i)
            if mark:
                words.append(hash_string(mark))
                facts.add(f"mark:{mark}")
                continue
            words.append(token.lemma if language == "ja" else token.lower)
            _token_facts(token, language, facts)
        if content:
            first = content[0]
            facts.add(f"first:{marked.get(first.i) or (first.lemma_ if language == 'ja' else first.lower_)}")
        if language == "ja":
            _ending_facts(content, facts)
        for entity in span.ents:
            facts.add(f"ent:{entity.label_}")
        if any(m in _OWN_MARKS for m in marked.values()) and any(t.tag_ in ("JJS", "RBS") for t in content):
            facts.add("superlative+own")
    return np.array(words, dtype=np.uint64), sorted(facts)


def _mark_of(offset: int, marks) -> str | None:
    for s, e, mark in marks:
        if s <= offset < e:
            return mark
    return None


def _token_facts(token, language: str, facts: set[str]) -> None:
    """Facts of the parse around one word: its role as subject, an imperative, "us"/"you", the
    modal, negation and voice of a clause's head."""
    word = token.lower_ if language == "en" else token.lemma_
    if token.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and word in SUBJECT_WORDS[language]:
        head = token.head
        facts.add(f"subj:{word}")
        facts.add(f"subj:{word}>{head.lemma_.lower()}")
        for child in head.children:
            if child.dep_ in ("aux", "auxpass") and (child.tag_ == "MD" or language == "ja"):
                facts.add(f"subj:{word}+{child.lemma_.lower()}")
            if child.dep_ in ("attr", "acomp"):
                facts.add(f"pred:{word}")
    if language == "en":
        if token.is_sent_start and token.tag_ == "VB":
            facts.add("imperative")
            facts.add(f"imperative:{token.lemma_.lower()}")
        if word in _PLURAL_SELF:
            facts.add(f"self:{word}")
        elif word in _SECOND and token.dep_ not in ("nsubj", "nsubjpass"):
            facts.add(f"you:{token.dep_}")
        if token.tag_ == "MD":
            facts.add(f"modal:{token.lemma_.lower()}")
        elif token.dep_ == "neg":
            facts.add("negated")
        elif token.dep_ == "auxpass":
            facts.add("passive")
        if token.dep_ == "ROOT":
            facts.add(f"root:{token.tag_}")


def _subject_facts(token, language: str, marked: dict, facts: set[str]) -> None:
    """Facts of a subject that is not a pronoun (English) or of a topic or subject marked by a
    particle (Japanese): the organization's own name or product in it, else its head word; what
    quantifies or owns it ("all", "no", "your"); the modal of its clause."""
    subtree = list(token.subtree)
    own = any(marked.get(t.i) in _OWN_MARKS or (t.lower_ if language == "en" else t.lemma_) in _SELF[language]
              for t in subtree)
    head = token.head
    if language == "ja":
        particles = [c.lemma_ for c in token.children if c.dep_ == "case" and c.lemma_ in _JA_TOPIC]
        if not particles:
            return
        kind = "own" if own else f"noun:{token.lemma_}"
        for particle in particles:
            facts.add(f"subj:{kind}{particle}")
        return
    if own:
        coarse = "own"
    elif token.i in marked:
        coarse = marked[token.i]
    elif token.ent_type_ in ("PERSON", "ORG"):
        coarse = "name"
    else:
        coarse = "thing"
        facts.add(f"subj:noun:{token.lemma_.lower()}")
    facts.add(f"subj:{coarse}")
    for child in token.children:
        if child.dep_ == "det" and child.lower_ in _QUANTIFIERS:
            facts.add(f"subj:{child.lower_}")
        elif child.dep_ == "poss":
            facts.add(f"subj:poss:{marked.get(child.i) or child.lower_}")
    for child in head.children:
        if child.tag_ == "MD":
            facts.add(f"subj:{coarse}+{child.lemma_.lower()}")
        elif child.dep_ in ("attr", "acomp"):
            facts.add(f"pred:{coarse}")


def _ending_facts(content, facts: set[str]) -> None:
    """How a Japanese sentence ends: the lemmas of its last one and two words (いたす+ます, です)."""
    words = [t.lemma_ for t in content if t.pos_ not in ("PUNCT", "SYM", "SPACE")]
    if words:
        facts.add(f"end:{words[-1]}")
        if len(words) > 1:
            facts.add(f"end:{words[-2]}+{words[-1]}")


def _post_facts(ctx: "Context") -> list[str]:
    """Facts of the whole post: it names the organization or its products, it is a reply."""
    def compute():
        found = []
        if any(t.own for t in targets(ctx)):
            found.append("post:own")
        if ctx.view.lstrip().startswith("@"):
            found.append("post:reply")
        return found

    return ctx.memo("post-facts", compute)
