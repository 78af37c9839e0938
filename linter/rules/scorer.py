"""Kinds `scorer` and `endorsement-scorer`: a learned model scores each sentence of the draft.

The models are linear classifiers over the hashed features of features.py, trained by `make train`
(train/) and shipped in models/ as `<name>.npy` (weights, then the bias) beside `<name>.json`
(feature version, the thresholds chosen on development data, the scores of its card). A sentence
scored at or above the threshold is a finding whose span is the sentence and which carries the
score. The rule file keeps what rules do well, as in the other kinds:

    model: defamation                 # models/defamation.npy
    threshold: {en: 0.6, ja: 0.5}     # optional: else the model's own, chosen on development data
    target: {kinds: [...], own: exclude}   # optional, as in `lexicon`: the sentence names a target
    context: [...]                    # optional, as in `lexicon`: conditions that must all hold
    unless: [...]                     # optional, as in `lexicon`: any condition clears a sentence

`[rules.threshold]` in the config overrides the threshold by rule id or category.

`endorsement-scorer` is the `endorsement` kind (conditional.py, endorsement.py) whose cues are the
sentences the model scores as promotional: the organization's product named near them and no
disclosure in the post stay rule logic. `params.rules_of: <rule id>` takes the `about`, `unless`,
`except`, `buried_after`, `lexicons`, `fix` and `span` of that rule file (in the same rules folder);
the file's own params override them.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ConfigError
from ..nlp.segments import data_dir
from . import features
from .base import Context, Hit, Rule, forget_built, kind
from .endorsement import EndorsementRule
from .lexicon import Condition, TargetRequirement
from .loader import load_spec
from .thresholds import thresholds

if TYPE_CHECKING:
    from ..config import Config
    from .base import RuleSpec


BORROWED = ("about", "unless", "except", "buried_after", "lexicons", "fix", "span")
# What is not prose in a line: web links, @handles, #hashtags, e-mail addresses
_NOT_PROSE = re.compile(r"(?i)\b(?:https?://|www\.)\S+|[@#＠＃][\w.]+|(?<![a-z0-9._%+\-])[a-z0-9._%+\-]+[@＠][a-z0-9.\-]+")
# A label opening a line ("Form:", "Order number:", 「申込フォーム：」)
_LABEL = re.compile(r"^\W*[^\W\d_][^:：\n]{0,30}[:：]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Model:
    """A linear model over hashed features: score = sigmoid(bias + weights · features)."""

    name: str
    weights: np.ndarray
    bias: float
    thresholds: dict
    card: dict

    def score(self, indices: np.ndarray, values: np.ndarray) -> float:
        logit = self.bias + float(np.dot(self.weights[indices], values))
        return float(1.0 / (1.0 + np.exp(-logit)))


_MODELS: dict[str, Model] = {}
_MODELS_LOCK = threading.Lock()


def load_model(name: str) -> Model:
    """The shipped model models/<name>.npy + .json, loaded once per process."""
    with _MODELS_LOCK:
        if name not in _MODELS:
            _MODELS[name] = _read_model(name)
        return _MODELS[name]


def use_model(model: Model) -> None:
    """Make a model the one rules of this process load under its name (the training recipe
    measures its fresh models this way before writing them)."""
    with _MODELS_LOCK:
        _MODELS[model.name] = model
    forget_built(("scorer", "endorsement-scorer"))


def _read_model(name: str) -> Model:
    folder = data_dir("models")
    try:
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        array = np.load(folder / f"{name}.npy", allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"model '{name}' cannot be read from {folder} ({exc}); run `make train`") from None
    if meta.get("features") != features.VERSION or meta.get("bits") != features.BITS or len(array) != (1 << features.BITS) + 1:
        raise ConfigError(f"model '{name}' was trained on other features than this postlint reads; run `make train`")
    # float16 as stored: the few weights a sentence gathers are promoted in the dot product to
    # the float32 they were trained as (converting all 2^20 of them took 10-30 ms per model)
    return Model(name, array[:-1], float(array[-1]), dict(meta.get("thresholds", {})), meta)


def sentence_scores(ctx: Context, model: Model) -> list[tuple[int, int, float]]:
    """(start, end, score) of every sentence of the draft; features are computed once per draft
    and shared by every model. A model trained on whole posts too (its card lists the languages
    in `posts`) also scores a short post as a whole (features.post_features), and the post's score
    goes to its highest-scoring sentence of prose in those languages when that is higher
    (carry_post_score)."""
    def compute():
        featured = features.sentence_features(ctx)
        found = [model.score(*found) for _, _, found in featured]
        languages = model.card.get("posts") or ()
        post = features.post_features(ctx) if languages else None
        if post is not None:
            prose = [ctx.language_at(start) in languages and holds_prose(ctx, start, end) for start, end, _ in featured]
            found = carry_post_score(found, prose, model.score(*post))
        return [(start, end, score) for (start, end, _), score in zip(featured, found)]

    return ctx.memo(("sentence-scores", model.name), compute)


def carry_post_score(scores: list[float], prose: list[bool], post: float) -> list[float]:
    """The sentences' scores with the whole post's score given to the highest-scoring sentence of
    prose, when the post scores higher (an insult spread over two short sentences is flagged where
    it reads most as one)."""
    candidates = [i for i, ok in enumerate(prose) if ok]
    if not candidates:
        return scores
    best = max(candidates, key=lambda i: scores[i])
    if post <= scores[best]:
        return scores
    return [post if i == best else score for i, score in enumerate(scores)]


def holds_prose(ctx: Context, start: int, end: int) -> bool:
    """Whether a sentence says something a scorer may read as a statement: not a line that is only
    a link, a handle or an address, nor a label with only such a value or nothing after it
    ("Form: https://…", "Order number:", 「応募フォーム：https://…」)."""
    text = _NOT_PROSE.sub(" ", ctx.view[start:end])
    label = _LABEL.match(text)
    body = text[label.end():] if label else text
    return bool(_LETTER.search(body))


class ScoredSentences:
    """The model and thresholds of a scorer rule file, resolved against the config."""

    def __init__(self, spec: "RuleSpec", config: "Config"):
        params = spec.params
        if not params.get("model"):
            raise ConfigError(f"{spec.path}: a scorer rule needs params.model (a model in models/)")
        self.model = load_model(str(params["model"]))
        self.thresholds, _ = thresholds(spec, config, self.model.card)

    def above(self, ctx: Context) -> list[tuple[int, int, float]]:
        """The sentences whose score reaches the threshold of their language."""
        found = []
        for start, end, score in sentence_scores(ctx, self.model):
            language = ctx.language_at(start)
            if language in self.thresholds and score >= self.thresholds[language] and holds_prose(ctx, start, end):
                found.append((start, end, score))
        return found


@kind("scorer")
class ScorerRule(Rule):
    """Flags the sentences a model scores at or above the threshold, that concern a target and fit
    their context (see the module docstring)."""

    def __init__(self, spec: "RuleSpec", config: "Config"):
        super().__init__(spec, config)
        self.scored = ScoredSentences(spec, config)
        params = spec.params
        self.target = TargetRequirement.parse(params.get("target"), spec.path)
        self.context = [Condition(c, config, spec.path) for c in params.get("context", [])]
        self.unless = [Condition(c, config, spec.path) for c in params.get("unless", [])]

    def check(self, ctx: Context):
        for start, end, score in self.scored.above(ctx):
            if not self._in_context(ctx, start):
                continue
            if self.target and self.target.find(ctx, start, end) is None:
                continue
            yield Hit(start, end, score=score)

    def _in_context(self, ctx: Context, start: int) -> bool:
        key = self.spec.id
        if not all(c.holds(ctx, start, (key, "context", i)) for i, c in enumerate(self.context)):
            return False
        return not any(c.holds(ctx, start, (key, "unless", i)) for i, c in enumerate(self.unless))



@kind("endorsement-scorer")
class EndorsementScorerRule(EndorsementRule):
    """`endorsement` whose cues are the sentences a model scores as promotional."""

    needs_when = False

    def __init__(self, spec: "RuleSpec", config: "Config"):
        if spec.params.get("rules_of"):
            spec = replace(spec, params={**_borrowed_params(spec), **spec.params})
        super().__init__(spec, config)
        self.scored = ScoredSentences(spec, config)

    def _cues(self, ctx: Context) -> list[tuple[int, int]]:
        return [(start, end) for start, end, _ in self._scored_cues(ctx)]

    def _scored_cues(self, ctx: Context) -> list[tuple[int, int, float]]:
        found = self.scored.above(ctx)
        if self.exceptions and found:
            excepted = self.exceptions.find(ctx)
            found = [c for c in found if not any(xs < c[1] and c[0] < xe for xs, xe in excepted)]
        return found

    def _hit(self, ctx: Context, span: tuple[int, int], cue_start: int, escalated: bool) -> Hit:
        hit = super()._hit(ctx, span, cue_start, escalated)
        score = max((s for start, end, s in sentence_scores(ctx, self.scored.model) if start <= cue_start < end), default=None)
        return Hit(hit.start, hit.end, hit.message, hit.suggestion, hit.severity, hit.fixes, score)



def _borrowed_params(spec: "RuleSpec") -> dict:
    """The params of the rule file `rules_of` names, beside this one, without its cues (`when`)."""
    category, _, name = str(spec.params["rules_of"]).partition("/")
    path = Path(spec.path).parent.parent / category / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(f"{spec.path}: params.rules_of names '{spec.params['rules_of']}', which is not in {path.parent.parent}")
    return {k: v for k, v in load_spec(path).params.items() if k in BORROWED}
