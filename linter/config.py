"""Configuration: postlint.toml or [tool.postlint] in pyproject.toml, validated with clear errors.

Everything organization-specific (names, handles, products, codenames, public contact points)
comes from here, never from code.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .nlp.segments import pipeline_installed

CONFIG_NAMES = ("postlint.toml", "pyproject.toml")

# section -> key -> (python type, element type or None, human description)
SCHEMA: dict[str, dict[str, tuple[type, type | None, str]]] = {
    "organization": {
        "name": (str, None, "a string"),
        "aliases": (list, str, "a list of strings"),
        "official_accounts": (list, str, "a list of strings"),
        "products": (list, str, "a list of strings"),
        "confidential_terms": (list, str, "a list of strings"),
        "addresses": (list, str, "a list of strings"),
    },
    "allow": {"terms": (list, str, "a list of strings")},
    "rules": {
        "select": (list, str, "a list of rule ids or categories"),
        "ignore": (list, str, "a list of rule ids or categories"),
        "severity": (dict, str, "a table of rule id = \"error\" | \"warning\" | \"info\""),
        "extra": (list, str, "a list of folders with rule files"),
        "threshold": (dict, (int, float), "a table of rule id or category = a number from 0 to 1"),
    },
    "models": {"en": (str, None, "a spaCy pipeline name"), "ja": (str, None, "a spaCy pipeline name")},
    "output": {"language": (str, None, '"auto", "en" or "ja"')},
}
OUTPUT_LANGUAGES = ("auto", "en", "ja")


@dataclass(frozen=True)
class Organization:
    """The organization whose employees write the drafts."""

    name: str = ""
    aliases: tuple[str, ...] = ()
    official_accounts: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    confidential_terms: tuple[str, ...] = ()
    # Its own published postal addresses (offices, shops): shared, they are no one's home.
    addresses: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias, longest first."""
        return tuple(sorted({n for n in (self.name, *self.aliases) if n}, key=len, reverse=True))


@dataclass(frozen=True)
class Config:
    """A validated configuration. `source` is the file it came from (None: defaults)."""

    organization: Organization = field(default_factory=Organization)
    allow_terms: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[tuple[str, float], ...] = ()
    extra_rules: tuple[Path, ...] = ()
    models: tuple[tuple[str, str], ...] = ()
    output_language: str | None = None  # of the findings' wording; None: each sentence's language
    source: Path | None = None

    @property
    def severity_overrides(self) -> dict[str, str]:
        return dict(self.severity)

    @property
    def threshold_overrides(self) -> dict[str, float]:
        """Learned scorers' thresholds by rule id or category ([rules.threshold])."""
        return dict(self.thresholds)

    @property
    def model_overrides(self) -> dict[str, str]:
        return dict(self.models)


def find_config(start: Path) -> Path | None:
    """The nearest postlint.toml, or pyproject.toml with [tool.postlint], from start upward."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name == "postlint.toml" or _has_tool_section(path)):
                return path
    return None


def _has_tool_section(pyproject: Path) -> bool:
    try:
        return "postlint" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def load_config(path: Path | None) -> Config:
    """Load and validate a config file; None gives the defaults."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("postlint", {})
    return parse_config(data, path)


def parse_config(data: dict, path: Path) -> Config:
    """Validate a config table against SCHEMA and build a Config."""
    for section, table in data.items():
        if section not in SCHEMA:
            raise ConfigError(f"{path}: unknown section [{section}] (expected one of: {', '.join(SCHEMA)})")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        for key, value in table.items():
            _check_value(path, section, key, value)
    org = data.get("organization", {})
    rules = data.get("rules", {})
    base = path.parent
    return Config(
        organization=Organization(
            name=org.get("name", ""),
            aliases=tuple(org.get("aliases", ())),
            official_accounts=tuple(org.get("official_accounts", ())),
            products=tuple(org.get("products", ())),
            confidential_terms=tuple(org.get("confidential_terms", ())),
            addresses=tuple(org.get("addresses", ())),
        ),
        allow_terms=tuple(data.get("allow", {}).get("terms", ())),
        select=tuple(rules.get("select", ())),
        ignore=tuple(rules.get("ignore", ())),
        severity=tuple(rules.get("severity", {}).items()),
        thresholds=tuple((name, float(value)) for name, value in rules.get("threshold", {}).items()),
        extra_rules=tuple((base / p).resolve() for p in rules.get("extra", ())),
        models=tuple((lang, _pipeline_ref(base, name)) for lang, name in data.get("models", {}).items()),
        output_language=_output_language(data.get("output", {}).get("language")),
        source=path,
    )


def _output_language(value: str | None) -> str | None:
    return None if value in (None, "auto") else value


def _pipeline_ref(base: Path, name: str) -> str:
    """A pipeline package name as is; a pipeline folder ("./models/x") relative to the config."""
    return str((base / name).resolve()) if "/" in name or name.startswith(".") else name


def _check_value(path: Path, section: str, key: str, value) -> None:
    spec = SCHEMA[section].get(key)
    where = f"{section}.{key}"
    if spec is None:
        raise ConfigError(f"{path}: unknown key '{where}' (expected one of: {', '.join(SCHEMA[section])})")
    kind, element, description = spec
    ok = isinstance(value, kind)
    if ok and kind is list:
        ok = all(isinstance(v, element) for v in value)
    if ok and kind is dict:
        ok = all(isinstance(v, element) and not isinstance(v, bool) for v in value.values())
    if not ok:
        raise ConfigError(f"{path}: '{where}' must be {description}")
    if where == "rules.severity":
        for rule, level in value.items():
            if level not in ("error", "warning", "info"):
                raise ConfigError(f"{path}: 'rules.severity.{rule}' must be \"error\", \"warning\" or \"info\"")
    if where == "rules.threshold":
        for rule, number in value.items():
            if not 0 <= number <= 1:
                raise ConfigError(f"{path}: 'rules.threshold.{rule}' must be a number from 0 to 1 (got {number})")
    if where == "output.language" and value not in OUTPUT_LANGUAGES:
        raise ConfigError(f"{path}: 'output.language' must be \"auto\", \"en\" or \"ja\" (got {value!r})")
    if section == "models" and not pipeline_installed(_pipeline_ref(path.parent, value)):
        raise ConfigError(f"{path}: '{where}' names spaCy pipeline '{value}', which is not installed (pip install it)")
