"""Texts parsed and featurized the way a check does it: Draft -> segments -> Context -> units."""
from __future__ import annotations

from typing import Iterable, Iterator

import numpy as np

from linter.config import Config
from linter.draft import Draft
from linter.nlp.segments import Pipelines, parse_segments_many
from linter.rules.base import Context
from linter.rules.features import span_features
from linter.rules.units import units

BATCH = 256


def contexts(texts: list[str], config: Config, pipelines: Pipelines,
             languages: list[str | None] | None = None) -> Iterator[Context]:
    """A Context per text, parsed in batches with nlp.pipe as `check_many` does."""
    languages = languages or [None] * len(texts)
    for at in range(0, len(texts), BATCH):
        drafts = [Draft(text=t) for t in texts[at:at + BATCH]]
        parsed = parse_segments_many([d.analysis_text for d in drafts], pipelines, languages[at:at + BATCH])
        for draft, segments in zip(drafts, parsed):
            yield Context(draft=draft, segments=segments, config=config, pipelines=pipelines)


def whole_text_features(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    return span_features(ctx, 0, len(ctx.text))


def sentence_features(ctx: Context) -> Iterable[tuple[tuple[int, int], tuple[np.ndarray, np.ndarray]]]:
    for start, end in units(ctx).sentences:
        yield (start, end), span_features(ctx, start, end)
