"""Kind `endorsement`: a `conditional` rule (see conditional.py) whose cue may concern a product
named anywhere in its paragraph.

Posts that praise a product are short and split into many small sentences ("Serum X, one month in
and my skin is so soft! Repurchasing for sure"): when no product is named in the cue's sentence
or the ones next to it, the nearest one in the same paragraph is the subject. Params are those
of `conditional`.
"""
from __future__ import annotations

from .base import Context, kind
from .conditional import ConditionalRule, merge_spans
from .units import units


@kind("endorsement")
class EndorsementRule(ConditionalRule):
    """Flags promotion (A) without a disclosure (B), the subject looked for in the paragraph too."""

    def check(self, ctx: Context):
        hits = list(super().check(ctx))
        if hits or self.about is None:
            yield from hits
            return
        yield from self._paragraph_hits(ctx)

    def _paragraph_hits(self, ctx: Context):
        cues = self._cues(ctx)
        if not cues or self._cleared(ctx):
            return
        subjects = self.about.find(ctx)
        sentences = units(ctx)
        flagged = []
        for start, end in cues:
            lo, hi = sentences.paragraph(start)
            near = [s for s in subjects if lo <= s[0] < hi]
            if near:
                subject = min(near, key=lambda s: abs(s[0] - start))
                flagged.append((*self._span(start, end, subject, sentences), start, False))
        for start, end, cue_start, _ in merge_spans(flagged):
            yield self._hit(ctx, (start, end), cue_start, False)
