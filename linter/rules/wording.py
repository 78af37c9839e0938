"""What rule kinds add to a rule's own wording ("… (looks public: …)", "Mask it"), per language,
and the words of postlint's own output around it (labels, headings, the summary: label()).

The phrases are data: rules/wording.yaml and rules/labels.yaml, {key: {en: template, ja: template}};
a template's {names} are filled in per language from values that are a str or {language: str}.
"""
from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError
from ..nlp.segments import data_dir
from .base import WORDING_LANGUAGES
from .yamlfile import read_yaml


@lru_cache(maxsize=None)
def phrases(name: str = "wording") -> dict[str, dict]:
    """The templates of rules/<name>.yaml, each in every wording language."""
    path = data_dir("rules") / f"{name}.yaml"
    data = read_yaml(path, "phrases")
    missing = [f"{key}.{lang}" for key, texts in data.items() for lang in WORDING_LANGUAGES if not (texts or {}).get(lang)]
    if missing:
        raise ConfigError(f"{path}: missing {', '.join(missing)}")
    return data


def in_language(value: str | dict[str, str], lang: str) -> str:
    """A value's text in `lang`: a str is the same in every language; a dict falls back to English."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or ""
    return value


def phrase(key: str, **values: str | dict[str, str]) -> dict[str, str]:
    """The phrase `key` in every wording language, its {names} filled in from `values`."""
    templates = phrases()[key]
    return {lang: templates[lang].format(**{name: in_language(value, lang) for name, value in values.items()})
            for lang in WORDING_LANGUAGES}


def label(key: str, lang: str | None, count: int | None = None, **values) -> str:
    """One of postlint's own labels or sentences (rules/labels.yaml) in `lang` (None: English),
    filled in with `count` and `values`; a template given per count ({one:, other:}) is chosen by
    `count`."""
    templates = phrases("labels")[key]
    template = templates.get(lang or "en") or templates["en"]
    if isinstance(template, dict):
        template = template["one" if count == 1 else "other"]
    return template.format(count=count, **values)


def translated(params: dict, key: str) -> dict[str, str]:
    """A wording param of a rule in every language it is given in: `key` (English), `key_ja`…"""
    found = {"en": str(params.get(key, "")).strip()}
    for lang in WORDING_LANGUAGES:
        if params.get(f"{key}_{lang}"):
            found[lang] = str(params[f"{key}_{lang}"]).strip()
    return found


def filled(template: dict[str, str], **values: str) -> dict[str, str] | None:
    """A translated template with its {names} filled in, or None when it is empty."""
    return {lang: text.format(**values) for lang, text in template.items()} if template.get("en") else None
