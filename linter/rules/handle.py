"""Kind `lookalike-handle`: @handles that imitate, but are not, the organization's official accounts.

Handles are compared as skeletons (Unicode TR39 idea): case-folded, NFKC-normalised, every
character that is confusable with an ASCII letter or digit replaced by it (Cyrillic "а" -> "a",
via confusable-homoglyphs), look-alike ASCII sequences folded (`ascii_confusables`: 1/i/l,
0/o, rn/m) and the separators _ . - dropped. A handle is a look-alike when its skeleton, with
any of the `affixes` impostors add (_official, real_, _support, _jp2…) stripped, equals or is
within a small edit distance (rapidfuzz OSA) of an official handle's or equals the core of one
(@hoshikuro_news_official and the official @hoshikuro_info), or equals the skeleton of
the organization's name (or of a product, once an affix was stripped: @hopperx2_official). Official handles in any case, unrelated handles and e-mail
addresses are clean. Params:

    affixes:           words added before or after a name to make it look official
    ascii_confusables: {"rn": "m", "1": "l", ...}  applied after case folding
    max_distance:      {short: 1, long: 2, long_from: 9}  edits allowed for short/long names
    min_length:        names shorter than this (skeleton) are only matched exactly
    detail:            the message for a handle imitating one account: {handle}, {official}
    detail_name:       the message for a handle imitating the name: {handle}, {official} (all)
    called_fake:       {before: {lang: regex}, after: {lang: regex}, message}: a look-alike the post
                       itself calls fake ("phishing DM from @x", "@x は偽物") is only an info hint
"""
from __future__ import annotations

import re
import unicodedata
from functools import cached_property, lru_cache

from rapidfuzz.distance import OSA

from ..finding import Fix, Severity
from .base import Context, Hit, Rule, kind
from .patterns import compile_regex
from .wording import filled, phrase, translated

_NAME_CHARS = "0-9A-Za-z_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
HANDLE = re.compile(rf"(?<![{_NAME_CHARS}.+\-/@])@([{_NAME_CHARS}](?:[{_NAME_CHARS}.\-]*[{_NAME_CHARS}])?)")
_SEPARATORS = re.compile(r"[_.\-]+")
_TRAILING_DIGITS = re.compile(r"\d+$")
MAX_STRIPS = 3
FAKE_WINDOW = 40


@lru_cache(maxsize=1)
def ascii_homoglyphs() -> dict[str, str]:
    """Every single character confusable with an ASCII letter or digit -> that character (lower).
    Read the first time a name or handle holds a non-ASCII character: loading the Unicode data
    takes a tenth of a second."""
    from confusable_homoglyphs import confusables

    table: dict[str, str] = {}
    for char, entries in confusables.confusables_data.items():
        for entry in entries:
            glyph = entry["c"]
            if len(char) == 1 and not char.isascii() and len(glyph) == 1 and glyph.isascii() and glyph.isalnum():
                table.setdefault(char, glyph.lower())
            elif char.isascii() and char.isalnum() and len(glyph) == 1 and not glyph.isascii():
                table.setdefault(glyph, char.lower())
    return table


class Skeleton:
    """Turns handles and names into comparable skeletons."""

    def __init__(self, ascii_confusables: dict[str, str]):
        pairs = sorted(((str(k), str(v)) for k, v in ascii_confusables.items()), key=lambda kv: len(kv[0]), reverse=True)
        self.ascii_map = dict(pairs)
        self.ascii_fold = re.compile("|".join(re.escape(k) for k, _ in pairs)) if pairs else None

    def __call__(self, name: str) -> str:
        folded = unicodedata.normalize("NFKC", name).casefold()
        if not folded.isascii():
            homoglyphs = ascii_homoglyphs()
            folded = "".join(homoglyphs.get(ch, ch) for ch in folded)
        if self.ascii_fold:
            folded = self.ascii_fold.sub(lambda m: self.ascii_map[m.group()], folded)
        return _SEPARATORS.sub("", folded.replace(" ", ""))


@kind("lookalike-handle")
class LookalikeHandleRule(Rule):
    """Flags @handles imitating an official account; see the module docstring."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        params = spec.params
        self.skeleton = Skeleton(params.get("ascii_confusables", {}))
        self.organization = config.organization
        self.official = {h.lstrip("@＠").casefold(): h if h.startswith("@") else "@" + h
                         for h in self.organization.official_accounts}
        self.min_length = int(params.get("min_length", 5))
        self.affixes = sorted({self.skeleton(str(a)) for a in params.get("affixes", [])} - {""}, key=len, reverse=True)
        distance = params.get("max_distance", {})
        self.short_distance = int(distance.get("short", 1))
        self.long_distance = int(distance.get("long", 2))
        self.long_from = int(distance.get("long_from", 9))
        self.detail = translated(params, "detail")
        self.detail_name = translated(params, "detail_name")
        fake = params.get("called_fake", {})
        self.fake_before = [compile_regex(p + "$", spec.path) for p in fake.get("before", {}).values()]
        self.fake_after = [compile_regex(p, spec.path) for p in fake.get("after", {}).values()]
        self.fake_message = translated(fake, "message")

    # The skeletons of the organization's handles and names are made when a draft first holds a
    # handle (a name in Japanese would load the homoglyph table).
    @cached_property
    def official_skeletons(self) -> dict[str, str]:
        return {self.skeleton(h): shown for h, shown in self.official.items()}

    @cached_property
    def official_cores(self) -> dict[str, str]:
        """The core of an official handle that is itself a name with an affix (@hoshikuro_info)."""
        return {core: shown for skeleton, shown in self.official_skeletons.items()
                for core in self.cores(skeleton)[1:] if core not in self.official_skeletons}

    @cached_property
    def name_skeletons(self) -> set[str]:
        return self._usable({self.skeleton(n) for n in self.organization.names})

    @cached_property
    def product_skeletons(self) -> set[str]:
        return self._usable({self.skeleton(p) for p in self.organization.products})

    def check(self, ctx: Context):
        if not self.official:
            return
        listed = ", ".join(self.official.values())
        for m in HANDLE.finditer(ctx.view):
            handle = m.group(1)
            if handle.casefold() in self.official:
                continue
            imitated = self.imitated(handle)
            if imitated is None:
                continue
            shown = ctx.text[m.start():m.end()]
            if self.called_fake(ctx.view, m.start(), m.end()):
                yield Hit(m.start(), m.end(), severity=Severity.INFO,
                          message=filled(self.fake_message, handle=shown))
                continue
            template = self.detail if imitated else self.detail_name
            fixes = (Fix(m.start(), m.end(), imitated, phrase("use_official_label", official=imitated)),) if imitated else ()
            yield Hit(m.start(), m.end(), message=filled(template, handle=shown, official=imitated or listed),
                      suggestion=phrase("official_accounts", instead=self.spec.wording("instead"), listed=listed),
                      fixes=fixes)

    def called_fake(self, view: str, start: int, end: int) -> bool:
        """Whether the words right around the handle call it fake."""
        before = view[max(0, start - FAKE_WINDOW):start]
        after = view[end:end + FAKE_WINDOW]
        return any(p.search(before) for p in self.fake_before) or any(p.match(after) for p in self.fake_after)

    def imitated(self, handle: str) -> str | None:
        """The official handle a handle imitates, "" if it imitates the organization's name in
        general, or None if it does not look official."""
        skeleton = self.skeleton(handle)
        cores = self.cores(skeleton)
        for core in cores:
            if core in self.official_skeletons:
                return self.official_skeletons[core]
        for core in cores:
            near = self._near_official(core)
            if near:
                return near
        for core in cores:
            if core in self.official_cores:
                return self.official_cores[core]
        for core in cores:
            if core in self.name_skeletons or (core in self.product_skeletons and core != skeleton):
                return ""
        return None

    def _usable(self, skeletons: set[str]) -> set[str]:
        """Name skeletons a handle can be compared with: ASCII letters and digits, long enough."""
        return {s for s in skeletons if s.isascii() and s.isalnum() and len(s) >= self.min_length}

    def cores(self, skeleton: str) -> list[str]:
        """The skeleton and what remains of it with affixes (and trailing digits) stripped."""
        found, frontier = [skeleton], [skeleton]
        for _ in range(MAX_STRIPS):
            frontier = [r for core in frontier for r in self._strip_once(core) if r not in found]
            found.extend(dict.fromkeys(frontier))
        return found

    def _strip_once(self, core: str) -> list[str]:
        stripped = [_TRAILING_DIGITS.sub("", core)]
        for affix in self.affixes:
            if core.startswith(affix):
                stripped.append(core[len(affix):])
            if core.endswith(affix):
                stripped.append(core[:-len(affix)])
        return [s for s in stripped if s != core and len(s) >= self.min_length]

    def _near_official(self, core: str) -> str | None:
        """The official handle within the allowed edit distance of core, if any."""
        if len(core) < self.min_length:
            return None
        for official, shown in self.official_skeletons.items():
            allowed = self.long_distance if len(official) >= self.long_from else self.short_distance
            if len(official) >= self.min_length and OSA.distance(core, official, score_cutoff=allowed) <= allowed:
                return shown
        return None

