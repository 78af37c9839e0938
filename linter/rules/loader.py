"""Read rule instances from rules/<category>/<name>.yaml (and [rules] extra folders)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError
from ..finding import Severity
from ..nlp import LANGUAGES, data_dir
from .base import CATEGORIES, KIND_MODULES, WORDING_LANGUAGES, RuleSpec

_WORDS = re.compile(r"\{words:([\w.-]+)\}")
REQUIRED = ("id", "kind", "severity", "languages", "summary", "message", "why", "instead", "examples")
# The wording a finding shows, in Japanese: `message_ja`, `why_ja`, `instead_ja` (`summary_ja`
# optional). Every built-in rule has them (a test says when one is missing); a user's own rule
# without them shows its English wording whatever the language.
TRANSLATED = ("message", "why", "instead", "summary")
OPTIONAL = ("params", *(f"{key}_{lang}" for key in TRANSLATED for lang in WORDING_LANGUAGES if lang != "en"))


def builtin_rules_dir() -> Path:
    return data_dir("rules")


def load_specs(folders: list[Path]) -> list[RuleSpec]:
    """All rule specs in the folders, in id order; ids must be unique."""
    specs: dict[str, RuleSpec] = {}
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: rule folder not found")
        for path in sorted(folder.glob("*/*.yaml")):
            spec = load_spec(path)
            if spec.id in specs:
                raise ConfigError(f"{path}: rule id '{spec.id}' is already defined in {specs[spec.id].path}")
            specs[spec.id] = spec
    return [specs[k] for k in sorted(specs)]


# libyaml's parser when PyYAML was built with it: the same documents, many times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_spec(path: Path) -> RuleSpec:
    """Load and validate one rule file (parsed once per process while it is unchanged)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read rule file ({_first_line(exc)})") from None
    return _load_spec(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _load_spec(path: Path, mtime_ns: int, size: int) -> RuleSpec:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read rule file ({_first_line(exc)})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a rule file must be a YAML mapping")
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ConfigError(f"{path}: missing key(s): {', '.join(missing)}")
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ConfigError(f"{path}: unknown key(s): {', '.join(unknown)}")
    rule_id = str(data["id"])
    category = rule_id.split("/", 1)[0]
    if "/" not in rule_id or category not in CATEGORIES:
        raise ConfigError(f"{path}: id '{rule_id}' must be '<category>/<name>' with a category of: {', '.join(CATEGORIES)}")
    if path.parent.name != category or path.stem != rule_id.split("/", 1)[1]:
        raise ConfigError(f"{path}: a rule with id '{rule_id}' must be in {category}/{rule_id.split('/', 1)[1]}.yaml")
    if data["kind"] not in KIND_MODULES:
        raise ConfigError(f"{path}: unknown kind '{data['kind']}' (known: {', '.join(sorted(KIND_MODULES))})")
    languages = tuple(data["languages"])
    if not languages or any(lang not in LANGUAGES for lang in languages):
        raise ConfigError(f"{path}: languages must be a non-empty list of: {', '.join(LANGUAGES)}")
    try:
        severity = Severity.parse(data["severity"])
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return RuleSpec(
        id=rule_id, kind=data["kind"], category=category, severity=severity, languages=languages,
        summary=str(data["summary"]).strip(), message=str(data["message"]).strip(),
        why=str(data["why"]).strip(), instead=str(data["instead"]).strip(),
        params=expand_word_lists(data.get("params") or {}, path), examples=data["examples"] or {}, path=str(path),
        translations=_translations(data),
    )


def _translations(data: dict) -> dict[str, dict[str, str]]:
    """{language: {key: text}} of a rule file's translated wording (message_ja: … -> ja.message)."""
    found: dict[str, dict[str, str]] = {}
    for lang in WORDING_LANGUAGES:
        for key in TRANSLATED:
            text = data.get(f"{key}_{lang}")
            if text is not None and str(text).strip():
                found.setdefault(lang, {})[key] = str(text).strip()
    return found


def expand_word_lists(value, path: Path, in_list: bool = False):
    """Params with each {words:NAME} replaced by the lines of NAME.txt beside the rule file (one
    word or phrase per line, # comments): inside a regex or a list, an alternation of the escaped
    lines, longest first; a mapping's value that is only the reference (a Matcher's
    {IN: "{words:NAME}"}) becomes the list of lines."""
    if isinstance(value, dict):
        return {k: expand_word_lists(v, path) for k, v in value.items()}
    if isinstance(value, list):
        return [expand_word_lists(v, path, in_list=True) for v in value]
    if not isinstance(value, str) or "{words:" not in value:
        return value
    whole = _WORDS.fullmatch(value)
    if whole and not in_list:
        return word_list(path.parent / f"{whole.group(1)}.txt")
    return _WORDS.sub(lambda m: word_alternation(path.parent / f"{m.group(1)}.txt"), value)


@lru_cache(maxsize=256)
def word_list(path: Path) -> list[str]:
    """The words of a word-list file, longest first."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read word list ({_first_line(exc)})") from None
    words = {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
    if not words:
        raise ConfigError(f"{path}: the word list is empty")
    return sorted(words, key=lambda w: (-len(w), w))


def word_alternation(path: Path) -> str:
    return "(?:" + "|".join(re.escape(w) for w in word_list(path)) + ")"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
