"""Read rule instances from rules/<category>/<name>.yaml (and [rules] extra folders)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..finding import Severity
from ..nlp.segments import LANGUAGES, data_dir
from .base import CATEGORIES, KIND_MODULES, WORDING_LANGUAGES, RuleSpec
from .yamlfile import first_line, read_yaml

if TYPE_CHECKING:
    from ..config import Config

_WORDS = re.compile(r"\{words:([\w.-]+)\}")
_PART = re.compile(r"\{part:([\w.-]+)\}")
REQUIRED = ("id", "kind", "severity", "languages", "summary", "message", "why", "instead", "examples")
# The wording a finding shows, in Japanese: `message_ja`, `why_ja`, `instead_ja` (`summary_ja`
# optional). Every built-in rule has them (a test says when one is missing); a user's own rule
# without them shows its English wording whatever the language.
TRANSLATED = ("message", "why", "instead", "summary")
OPTIONAL = ("params", "parts", *(f"{key}_{lang}" for key in TRANSLATED for lang in WORDING_LANGUAGES if lang != "en"))


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


@lru_cache(maxsize=16)
def specs_of_kind(kind: str, config: "Config") -> tuple["RuleSpec", ...]:
    """Every rule spec of a kind in the built-in and the config's extra rule folders."""
    return tuple(s for s in load_specs([builtin_rules_dir(), *config.extra_rules]) if s.kind == kind)


def load_spec(path: Path) -> RuleSpec:
    """Load and validate one rule file (parsed once per process while it is unchanged)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read rule file ({first_line(exc)})") from None
    return _load_spec(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _load_spec(path: Path, mtime_ns: int, size: int) -> RuleSpec:
    data = read_yaml(path, "rule file")
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
        params=expand_word_lists(expand_parts(data.get("params") or {}, data.get("parts"), path), path), examples=data["examples"] or {}, path=str(path),
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


def expand_parts(value, parts, path: Path):
    """Params with each {part:NAME} replaced by the rule file's part NAME: a named piece of a
    pattern (`parts:` beside `params:`), one pattern or a list of alternatives joined as
    (?:a|b|…). A part may use {words:…} and other parts."""
    if isinstance(value, dict):
        return {k: expand_parts(v, parts, path) for k, v in value.items()}
    if isinstance(value, list):
        return [expand_parts(v, parts, path) for v in value]
    if not isinstance(value, str) or "{part:" not in value:
        return value
    return _PART.sub(lambda m: _part(m.group(1), parts, path, ()), value)


def _part(name: str, parts, path: Path, using: tuple[str, ...]) -> str:
    """Part NAME as one group, the parts it uses expanded (a part that uses itself is an error)."""
    if not isinstance(parts, dict) or name not in parts:
        raise ConfigError(f"{path}: no part '{name}' in the rule's parts")
    if name in using:
        raise ConfigError(f"{path}: part '{name}' uses itself ({' -> '.join((*using, name))})")
    value = parts[name]
    alternatives = value if isinstance(value, list) else [value]
    if not alternatives or not all(isinstance(a, str) and a for a in alternatives):
        raise ConfigError(f"{path}: part '{name}' must be a pattern or a list of patterns")
    joined = "|".join(_PART.sub(lambda m: _part(m.group(1), parts, path, (*using, name)), a) for a in alternatives)
    return f"(?:{joined})"


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
        raise ConfigError(f"{path}: cannot read word list ({first_line(exc)})") from None
    words = {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
    if not words:
        raise ConfigError(f"{path}: the word list is empty")
    return sorted(words, key=lambda w: (-len(w), w))


def word_alternation(path: Path) -> str:
    return "(?:" + "|".join(re.escape(w) for w in word_list(path)) + ")"


