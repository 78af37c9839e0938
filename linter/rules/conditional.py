"""Kind `conditional`: "A without B" — flag a cue (A) when the post lacks what makes it fine (B).

A promotion of the organization's products without a disclosure, a request for personal data
without a word on why and how it is handled, a plan that is not public yet without a link to its
public announcement. Rule data (params), every pattern group being a PatternSet:

    lexicons: {name: {en: [...], ja: [...]}}  word lists (regex fragments, tried in the order
                                              written: longer forms first) usable as {name} in
                                              the regexes of every group below, per language
    when:     A, the cue that is flagged
    except:   cues overlapping one of these are not cues ("never post your phone number")
    about:    optional subject the cue must concern (the organization's products): the nearest
              one in the cue's sentence, else in the sentence before, else the one after
              (sentences are the draft's shared units, see units.py)
    unless:   B; when it occurs anywhere in the post nothing is flagged. A hashtag counts only if
              at most `buried_after` hashtags precede it in its run (a #ad buried at the end of
              many tags is no clear disclosure)
    escalate: {when, window, severity, message}: a cue with one of these inside it or within
              `window` characters after it gets that severity and message, and B does not
              clear it ("reply with your address": asking in public is wrong either way)
    span:     cue | about | sentence: the cue, the subject through the cue, or the sentence(s)
    fix:      {en: {label, append}, ja: {...}}: text added at the end of the post, before its
              closing hashtags ({org}: the organization's name)
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..config import Organization
from ..errors import ConfigError
from ..finding import Fix, Severity
from .base import Context, Hit, Rule, kind
from .patterns import PatternSet, placeholder_values
from .units import Units, units

_LEXICON_REF = re.compile(r"\{([a-z_]+)\}")
# Hashtags next to each other or with white space between them.
_HASHTAG_RUN = re.compile(r"(?:#[^\s#]++\s*+)++")
SPANS = ("cue", "about", "sentence")


def expand_lexicons(data: dict, lexicons: dict, where: str) -> dict:
    """Pattern data with {name} references to the rule's lexicons replaced by alternations."""
    expanded = {}
    for lang, block in (data or {}).items():
        words = {name: lists.get(lang, []) for name, lists in lexicons.items()}

        def alternation(m: re.Match) -> str:
            name = m.group(1)
            if name not in words:
                return m.group(0)
            if not words[name]:
                raise ConfigError(f"{where}: lexicon '{name}' has no entries for {lang}")
            return "(?:" + "|".join(words[name]) + ")"

        block = dict(block or {})
        block["regex"] = [_LEXICON_REF.sub(alternation, r) for r in block.get("regex", [])]
        expanded[lang] = block
    return expanded


@dataclass(frozen=True)
class Escalation:
    patterns: PatternSet
    window: int
    severity: Severity
    message: str


@kind("conditional")
class ConditionalRule(Rule):
    """Flags cues (A) that the post does not make fine (B); see the module docstring."""

    def __init__(self, spec, config):
        super().__init__(spec, config)
        params = spec.params
        lexicons = params.get("lexicons", {})
        clash = set(lexicons) & set(placeholder_values(Organization()))
        if clash:
            raise ConfigError(f"{spec.path}: lexicon names {sorted(clash)} are reserved for config placeholders")
        org = config.organization

        def patterns(key: str, data=None) -> PatternSet:
            return PatternSet(expand_lexicons(params.get(key) if data is None else data, lexicons, spec.path),
                              org, f"{spec.path}: {key}")

        if "when" not in params:
            raise ConfigError(f"{spec.path}: a conditional rule needs params.when")
        self.when = patterns("when")
        self.exceptions = patterns("except")
        self.about = patterns("about")
        self.unless = patterns("unless")
        self.buried_after = params.get("buried_after")
        self.span = params.get("span", "cue")
        if self.span not in SPANS:
            raise ConfigError(f"{spec.path}: params.span must be one of {', '.join(SPANS)}")
        escalate = params.get("escalate")
        self.escalation = Escalation(
            patterns("escalate", escalate["when"]), int(escalate.get("window", 0)),
            Severity.parse(escalate.get("severity", "error")), str(escalate.get("message", "")).strip(),
        ) if escalate else None
        self.fix = params.get("fix", {})

    # ------------------------------------------------------------------ checking

    def check(self, ctx: Context):
        cues = self._cues(ctx)
        if not cues:
            return
        cleared = self._cleared(ctx)
        escalating = self.escalation.patterns.find(ctx) if self.escalation else []
        subjects = self.about.find(ctx) if self.about else None
        sentences = units(ctx)
        flagged = []
        for start, end in cues:
            escalated = any(s < end + self.escalation.window and start < e for s, e in escalating)
            if cleared and not escalated:
                continue
            subject = None
            if subjects is not None:
                subject = nearest_subject(subjects, start, sentences)
                if subject is None:
                    continue
            flagged.append((*self._span(start, end, subject, sentences), start, escalated))
        for start, end, cue_start, escalated in merge_spans(flagged):
            yield self._hit(ctx, (start, end), cue_start, escalated)

    def _cues(self, ctx: Context) -> list[tuple[int, int]]:
        found = [c for c in self.when.find(ctx) if not ctx.in_url(*c)]
        if self.exceptions and found:
            excepted = self.exceptions.find(ctx)
            found = [(s, e) for s, e in found if not any(xs < e and s < xe for xs, xe in excepted)]
        return found

    def _cleared(self, ctx: Context) -> bool:
        """Whether B occurs in the post (clearly: not a hashtag buried after many others)."""
        if not self.unless:
            return False
        return any(not self._buried(ctx, start) for start, _ in self.unless.find(ctx))

    def _buried(self, ctx: Context, start: int) -> bool:
        if self.buried_after is None or not ctx.view.startswith("#", start):
            return False
        run = hashtags_before(ctx, start)
        return run is not None and ctx.view.count("#", *run) > int(self.buried_after)

    def _span(self, start: int, end: int, subject, sentences: Units) -> tuple[int, int]:
        if self.span == "about" and subject is not None:
            return min(start, subject[0]), max(end, subject[1])
        if self.span == "sentence":
            first, last = sentences.sentence(start), sentences.sentence(max(start, end - 1))
            return min(start, first[0]), max(end, last[1])
        return start, end

    def _hit(self, ctx: Context, span: tuple[int, int], cue_start: int, escalated: bool) -> Hit:
        start, end = _strip_span(ctx.text, *span)
        if escalated:
            return Hit(start, end, message=self.escalation.message or None, severity=self.escalation.severity)
        return Hit(start, end, fixes=self._fixes(ctx, cue_start))

    def _fixes(self, ctx: Context, at: int) -> tuple[Fix, ...]:
        """The rule's append-fix in the language of the cue, if the config has what it needs. The
        text goes before a closing run of hashtags, where it would be buried."""
        language = next((s.language for s in ctx.segments if s.start <= at < s.end), None)
        fix = self.fix.get(language)
        if not fix:
            return ()
        name = self.config.organization.name
        if "{org}" in fix["append"] and not name:
            return ()
        added = fix["append"].replace("{org}", name)
        end = len(ctx.text.rstrip())
        tags = hashtags_before(ctx, end)
        if tags and tags[0] > 0:
            return (Fix(tags[0], tags[0], added.strip() + " ", fix["label"]),)
        return (Fix(end, end, added, fix["label"]),)


def hashtags_before(ctx: Context, end: int) -> tuple[int, int] | None:
    r"""The run of hashtags that the view ends with just before `end`, as (its first "#", end), or
    None: what re.search(r"(?:#[^\s#]+\s*)+$", view, 0, end) finds, without trying every "#"
    of a long run again for each call (the runs of a draft are found once)."""
    runs = ctx.memo("hashtag runs", lambda: [m.span() for m in _HASHTAG_RUN.finditer(ctx.view)])
    index = bisect.bisect_left(runs, (end,)) - 1
    if index < 0:
        return None
    start, run_end = runs[index]
    return (start, end) if end <= run_end and ctx.view[end - 1] != "#" else None


def merge_spans(flagged: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, int, bool]]:
    """Overlapping (start, end, cue_start, escalated) spans united into one, escalated if any was."""
    merged: list[list] = []
    for start, end, cue_start, escalated in sorted(flagged):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][3] = merged[-1][3] or escalated
        else:
            merged.append([start, end, cue_start, escalated])
    return [tuple(m) for m in merged]


def nearest_subject(subjects, start: int, sentences: Units) -> tuple[int, int] | None:
    """The subject a cue concerns: the nearest in its sentence, else the sentence before, else after."""
    index = sentences.sentence_index(start)
    for i in (index, index - 1, index + 1):
        if 0 <= i < len(sentences.sentences):
            s_start, s_end = sentences.sentences[i]
            inside = [sub for sub in subjects if s_start <= sub[0] < s_end]
            if inside:
                return min(inside, key=lambda sub: abs(sub[0] - start))
    return None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """start..end without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
