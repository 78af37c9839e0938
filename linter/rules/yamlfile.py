"""The YAML files of rules/, read with libyaml's parser when PyYAML was built with it (the same
documents, many times faster); a file that cannot be read is one line naming it."""
from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError


def read_yaml(path: Path, what: str):
    """The document of a YAML file; what: the file in words, for the error ("rule file")."""
    import yaml  # here: --version and --help, which import the wording, read no YAML

    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read {what} ({first_line(exc)})") from None


def first_line(exc: Exception) -> str:
    """The first line of an error's text (or its type's name when it has none)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
