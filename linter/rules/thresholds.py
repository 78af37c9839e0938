"""The thresholds of a learned scorer's rule and how it decides, read from files only (the model's
models/<name>.json, the rule file, the config): what `postlint explain` says without loading a model."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..nlp.segments import data_dir

if TYPE_CHECKING:
    from ..config import Config
    from .base import RuleSpec

SCORER_KINDS = ("scorer", "endorsement-scorer")


def model_meta(name: str) -> dict:
    """models/<name>.json: the model's feature version, thresholds, figures."""
    path = data_dir("models") / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"model '{name}' cannot be read from {path.parent} ({exc}); run `make train`") from None


def thresholds(spec: "RuleSpec", config: "Config", meta: dict) -> tuple[dict[str, float], str]:
    """The threshold of each language the rule scores (a language whose threshold is null is not
    scored), and where they come from: the config, the rule file or the model."""
    params = spec.params
    own = params.get("threshold", meta.get("thresholds", {}))
    if not isinstance(own, dict):
        own = {language: own for language in spec.languages}
    override = config.threshold_overrides.get(spec.id, config.threshold_overrides.get(spec.category))
    chosen = {language: override if override is not None else own.get(language) for language in spec.languages}
    source = "config" if override is not None else ("rule file" if "threshold" in params else "model")
    return {language: float(t) for language, t in chosen.items() if t is not None}, source


def describe(spec: "RuleSpec", config: "Config") -> str:
    """How a scorer rule decides, for `postlint explain`."""
    name = str(spec.params.get("model", ""))
    meta = model_meta(name)
    found, source = thresholds(spec, config, meta)
    limits = ", ".join(f"{lang} {value:.2f}" for lang, value in found.items()) or "none"
    text = (f"A learned model (models/{name}.md: {meta.get('summary', 'a linear model')}) scores each sentence "
            f"from 0 to 1; a sentence at or above the threshold ({limits}; from the {source}) is flagged, with its "
            "score. [rules.threshold] in the config changes it.")
    off = [lang for lang in spec.languages if lang not in found]
    if off:
        text += f" Not used in {', '.join(off)}: on the development data the rules alone did better."
    if spec.params.get("target"):
        text += " The sentence must concern a target (a person, company, @handle…)."
    if spec.params.get("context"):
        text += " The rule file's context conditions must hold."
    if spec.params.get("rules_of"):
        text += (f" As in {spec.params['rules_of']}: one of the organization's products or services is named in the "
                 "sentence or next to it (or in its paragraph), and nothing in the post discloses the author's tie to "
                 "the organization (#ad, PR, \"I work at …\", 社員です).")
    return text
