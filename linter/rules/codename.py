"""Kind `codename`: the organization's confidential terms (from the config) as whole words.

Case rules keep the bird and the reef out. A term of several words ("Project Kestrel") matches in
any case and with any spacing ("#ProjectKestrel"). A single Latin word ("Kestrel") is a common
word too, so it matches only when used as a name: written as in the config, capitalised or in
capitals, and not right after what `not_after` says (an article: "a Kestrel" is still the bird).
Each term's core is a term too: the term without the `affixes` that make a project name
("Project Kestrel" -> "Kestrel", "ケストレル計画" -> "ケストレル"). A term of one word, in any
script, may be the everyday word it was named after (the bird, the colour): in a sentence that
speaks of everyday things (`everyday`: a park, a colour, 野鳥, ジーンズ) and not of work (`work`:
a demo, a build, 開発, 進捗) it is the everyday word. A one-word core the config lists only with its
affix ("Project Gumtree" -> "Gumtree") is a codename only in a sentence that speaks of work:
alone it is as likely the marketplace, the tree or the bird it was named after. Params:

    source:    the Organization field with the terms (confidential_terms)
    affixes:   {en: [Project, ...], ja: [計画, ...]}  words before or after a core
    not_after: {en: "regex"}  a single-word match is dropped when the text before it ends so
    not_before: {en: "regex"} ... or when the text after it starts so ("Heron Island", "Coral Reef")
    everyday:  {en: "regex", ja: "regex"}  cues of the everyday meaning in the sentence
    work:      {en: "regex", ja: "regex"}  cues of work in the sentence, which keep the codename
"""
from __future__ import annotations

import re

from ..draft import fold_width
from ..errors import ConfigError
from .base import Context, Hit, Rule, kind
from .patterns import compile_regex
from .units import units

_LATIN = re.compile(r"[A-Za-z]")
_KATAKANA = "\u30a1-\u30fa\u30fc"
MIN_CORE = 3
LOOKBACK = 24


def derive_cores(term: str, affixes: list[str]) -> list[str]:
    """The term's cores: the term without one of the affixes at its start or end."""
    cores = []
    for affix in affixes:
        for core in (_strip_prefix(term, affix), _strip_suffix(term, affix)):
            core = core.strip(" ・-_") if core else None
            if core and len(core) >= MIN_CORE:
                cores.append(core)
    return cores


def _strip_prefix(term: str, affix: str) -> str | None:
    return term[len(affix):] if term.casefold().startswith(affix.casefold()) and len(term) > len(affix) else None


def _strip_suffix(term: str, affix: str) -> str | None:
    return term[:-len(affix)] if term.casefold().endswith(affix.casefold()) and len(term) > len(affix) else None


def is_one_word(term: str, affixes: list[str]) -> bool:
    """A term of one word in any script, without a project affix: it may be an everyday word."""
    folded = term.casefold()
    return not re.search(r"[\s_・-]", term) and not any(a.casefold() in folded for a in affixes)


def is_single_word(term: str) -> bool:
    """A single Latin word: the case rule applies to it."""
    return bool(_LATIN.search(term)) and not re.search(r"[\s_・-]", term) and term.isascii()


def term_regex(term: str) -> str:
    """A regex for term as a whole word: Latin edges not inside a Latin word, katakana edges not
    inside a katakana word; several words joined by any spacing; single words in name case."""
    if is_single_word(term):
        forms = sorted({term, term.upper(), term[:1].upper() + term[1:]}, key=len, reverse=True)
        body = "(?-i:" + "|".join(re.escape(f) for f in forms) + ")"
    else:
        body = r"[\s_・-]*".join(re.escape(word) for word in re.split(r"[\s_・-]+", term) if word)
    return _edge(term[0], before=True) + body + _edge(term[-1], before=False)


def _edge(ch: str, before: bool) -> str:
    if ch.isascii() and ch.isalnum():
        cls = "[A-Za-z0-9_]"
    elif re.match(f"[{_KATAKANA}]", ch):
        cls = f"[{_KATAKANA}]"
    else:
        return ""
    return f"(?<!{cls})" if before else f"(?!{cls})"


@kind("codename")
class CodenameRule(Rule):
    """Flags the organization's confidential terms; see the module docstring for the case rules."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        params = spec.params
        source = params.get("source", "confidential_terms")
        if not hasattr(config.organization, source):
            raise ConfigError(f"{spec.path}: params.source '{source}' is not an organization field")
        affixes = [a for words in params.get("affixes", {}).values() for a in words]
        listed = {fold_width(t).strip() for t in getattr(config.organization, source) if t.strip()}
        terms = listed | {core for t in listed for core in derive_cores(t, affixes)}
        listed_folded = {t.casefold() for t in listed}
        self.single_words = {t for t in terms if is_single_word(t)}
        self.one_words = {t for t in terms if is_one_word(t, affixes)}
        self.derived_only = {t for t in self.one_words if t.casefold() not in listed_folded}
        ordered = sorted(terms, key=len, reverse=True)
        self.pattern = re.compile("|".join(f"({term_regex(t)})" for t in ordered), re.IGNORECASE) if ordered else None
        self.ordered = ordered
        self.not_after = [compile_regex(p + "$", spec.path) for p in params.get("not_after", {}).values()]
        self.not_before = [compile_regex(p, spec.path) for p in params.get("not_before", {}).values()]
        self.everyday = {lang: compile_regex(p, spec.path) for lang, p in params.get("everyday", {}).items()}
        self.work = {lang: compile_regex(p, spec.path) for lang, p in params.get("work", {}).items()}

    def check(self, ctx: Context):
        if self.pattern is None:
            return
        for m in self.pattern.finditer(ctx.view):
            term = self.ordered[m.lastindex - 1]
            if term in self.single_words and self._common_word_here(ctx.view, m.start(), m.end()):
                continue
            if term in self.one_words and self._everyday_sentence(ctx, m.start()):
                continue
            if term in self.derived_only and not self._work_sentence(ctx, m.start()):
                continue
            yield Hit(m.start(), m.end())

    def _everyday_sentence(self, ctx: Context, start: int) -> bool:
        """Whether the sentence around start speaks of everyday things and not of work."""
        language = ctx.language_at(start)
        everyday, work = self.everyday.get(language), self.work.get(language)
        if everyday is None:
            return False
        lo, hi = units(ctx).sentence(start)
        return bool(everyday.search(ctx.view, lo, hi)) and not (work and work.search(ctx.view, lo, hi))

    def _work_sentence(self, ctx: Context, start: int) -> bool:
        """Whether the sentence around start speaks of work."""
        language = ctx.language_at(start)
        work = self.work.get(language)
        lo, hi = units(ctx).sentence(start)
        return bool(work and work.search(ctx.view, lo, hi))

    def _common_word_here(self, view: str, start: int, end: int) -> bool:
        """Whether the context shows the common word or another name, not the codename."""
        before = view[max(0, start - LOOKBACK):start]
        after = view[end:end + LOOKBACK]
        return any(p.search(before) for p in self.not_after) or any(p.match(after) for p in self.not_before)
