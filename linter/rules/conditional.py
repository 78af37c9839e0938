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
              (sentences are the draft's shared units, see units.py); with `about_scope:
              paragraph`, else the nearest one in the cue's paragraph
    unless:   B; when it occurs anywhere in the post nothing is flagged. A hashtag counts only if
              at most `buried_after` hashtags precede it in its run (a #ad buried at the end of
              many tags is no clear disclosure)
    escalate: {when, window, window_before, severity, message, message_ja}: a cue with one of
              these inside it, within `window` characters after it or `window_before` characters
              before it (default 0) gets that severity and message, and B does not clear it
              ("reply with your address", 「リプで住所教えて」: asking in public is wrong either way)
    span:     cue | about | sentence | context: the cue, the subject through the cue, the
              sentence(s), or the sentence with the sentences of its paragraph up to `reach`
              (default 2) before and after it that hold `content` ("…¥198 → ¥228. The shop
              isn't told yet, keep it quiet 🤫": the marking and what it marks)
    content:  patterns of what a marked sentence's neighbours must hold to be part of the span
    fix:      phrases one click adds to the post, per language (see fixes.py)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Organization
from ..errors import ConfigError
from ..finding import Severity
from .base import Context, Hit, Rule, kind
from .fixes import AddedText, hashtags_before
from .patterns import PatternSet, placeholder_values
from .units import Units, units
from .wording import filled, translated

_LEXICON_REF = re.compile(r"\{([a-z_]+)\}")
SPANS = ("cue", "about", "sentence", "context")
REACH = 2


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
    window_before: int
    severity: Severity
    message: dict[str, str]


@kind("conditional")
class ConditionalRule(Rule):
    """Flags cues (A) that the post does not make fine (B); see the module docstring."""

    needs_when = True  # False for kinds whose cues come from elsewhere (endorsement-scorer)

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

        if self.needs_when and "when" not in params:
            raise ConfigError(f"{spec.path}: a conditional rule needs params.when")
        self.when = patterns("when")
        self.exceptions = patterns("except")
        self.about = patterns("about")
        self.about_scope = params.get("about_scope", "sentence")
        if self.about_scope not in ("sentence", "paragraph"):
            raise ConfigError(f"{spec.path}: params.about_scope must be sentence or paragraph")
        self.unless = patterns("unless")
        self.buried_after = params.get("buried_after")
        self.span = params.get("span", "cue")
        if self.span not in SPANS:
            raise ConfigError(f"{spec.path}: params.span must be one of {', '.join(SPANS)}")
        self.content = patterns("content")
        self.reach = int(params.get("reach", REACH))
        escalate = params.get("escalate")
        self.escalation = Escalation(
            patterns("escalate", escalate["when"]), int(escalate.get("window", 0)), int(escalate.get("window_before", 0)),
            Severity.parse(escalate.get("severity", "error")), translated(escalate, "message"),
        ) if escalate else None
        self.fix = AddedText(params.get("fix"), spec.path)

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
            escalated = any(s < end + self.escalation.window and start - self.escalation.window_before < e
                            for s, e in escalating)
            if cleared and not escalated:
                continue
            subject = None
            if subjects is not None:
                subject = nearest_subject(subjects, start, sentences, self.about_scope == "paragraph")
                if subject is None:
                    continue
            flagged.append((*self._span(start, end, subject, sentences, ctx), start, escalated))
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

    def _span(self, start: int, end: int, subject, sentences: Units, ctx: Context | None = None) -> tuple[int, int]:
        if self.span == "about" and subject is not None:
            return min(start, subject[0]), max(end, subject[1])
        if self.span in ("sentence", "context"):
            first, last = sentences.sentence(start), sentences.sentence(max(start, end - 1))
            start, end = min(start, first[0]), max(end, last[1])
        if self.span == "context" and ctx is not None:
            return self._with_content_around(ctx, start, end, sentences)
        return start, end

    def _with_content_around(self, ctx: Context, start: int, end: int, sentences: Units) -> tuple[int, int]:
        """start..end widened over the sentences of its paragraph, up to `reach` before and after,
        that hold content, and the ones between."""
        paragraph = sentences.paragraph(start)
        found = ctx.memo(("content", self.spec.id), lambda: self.content.find(ctx)) if self.content else []
        first = sentences.sentence_index(start)
        last = sentences.sentence_index(max(start, end - 1))
        lo, hi = start, end
        for i in range(max(0, first - self.reach), min(len(sentences.sentences), last + self.reach + 1)):
            s_start, s_end = sentences.sentences[i]
            if paragraph[0] <= s_start < paragraph[1] and any(s_start <= f < s_end for f, _ in found):
                lo, hi = min(lo, s_start), max(hi, s_end)
        return lo, hi

    def _hit(self, ctx: Context, span: tuple[int, int], cue_start: int, escalated: bool) -> Hit:
        start, end = _strip_span(ctx.text, *span)
        if escalated:
            return Hit(start, end, message=filled(self.escalation.message), severity=self.escalation.severity)
        return Hit(start, end, fixes=self.fix.at(ctx, cue_start))


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


def nearest_subject(subjects, start: int, sentences: Units, paragraph: bool = False) -> tuple[int, int] | None:
    """The subject a cue concerns: the nearest in its sentence, else the sentence before, else
    after, else (paragraph) the nearest in its paragraph."""
    index = sentences.sentence_index(start)
    for i in (index, index - 1, index + 1):
        if 0 <= i < len(sentences.sentences):
            s_start, s_end = sentences.sentences[i]
            inside = [sub for sub in subjects if s_start <= sub[0] < s_end]
            if inside:
                return min(inside, key=lambda sub: abs(sub[0] - start))
    if paragraph:
        p_start, p_end = sentences.paragraph(start)
        inside = [sub for sub in subjects if p_start <= sub[0] < p_end]
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
