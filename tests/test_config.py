"""Config: discovery from the draft's folder upward, validation with one clear line, `init`."""
from __future__ import annotations

from pathlib import Path

import pytest

from linter import Linter
from linter.cli import STARTER_CONFIG
from linter.config import find_config, load_config
from linter.errors import ConfigError

from .conftest import EXAMPLE_CONFIG, ROOT


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_nearest_config_wins_walking_up_from_the_draft(tmp_path):
    outer = write(tmp_path / "postlint.toml", '[organization]\nname = "Outer"\n')
    inner = write(tmp_path / "team" / "pyproject.toml", '[tool.postlint.organization]\nname = "Inner"\n')
    draft = write(tmp_path / "team" / "drafts" / "post.md", "hello")
    assert find_config(draft) == inner
    assert load_config(inner).organization.name == "Inner"
    inner.write_text('[project]\nname = "not-postlint"\n', encoding="utf-8")
    assert find_config(draft) == outer


def test_postlint_toml_is_preferred_to_pyproject_in_one_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.postlint.organization]\nname = "Py"\n')
    config = write(tmp_path / "postlint.toml", '[organization]\nname = "Toml"\n')
    assert find_config(tmp_path) == config


def test_the_example_and_the_evaluation_configs_load():
    assert load_config(EXAMPLE_CONFIG).organization.name == "Kitefin Labs"
    for scoring in sorted((ROOT / "eval").glob("*/postlint.toml")):
        assert load_config(scoring).organization.name, scoring


@pytest.mark.parametrize("toml,expected", [
    ('[organisation]\nname = "x"\n', r"unknown section \[organisation\] \(expected one of: organization, allow, rules, models, output\)"),
    ('[organization]\nnmae = "x"\n', r"unknown key 'organization.nmae' \(expected one of: name, aliases"),
    ('[organization]\nname = 3\n', r"'organization.name' must be a string"),
    ('[organization]\naliases = "Kite"\n', r"'organization.aliases' must be a list of strings"),
    ('[allow]\nterms = ["ok", 5]\n', r"'allow.terms' must be a list of strings"),
    ('[rules]\nselect = "personal-info"\n', r"'rules.select' must be a list of rule ids or categories"),
    ('[rules.severity]\n"personal-info" = "fatal"\n', r"'rules.severity.personal-info' must be \"error\", \"warning\" or \"info\""),
    ('[models]\nen = 1\n', r"'models.en' must be a spaCy pipeline name"),
    ('[models]\nen = "en_core_web_nonexistent"\n', r"'models.en' names spaCy pipeline 'en_core_web_nonexistent', which is not installed"),
    ('organization = "x"\n', r"unknown section \[organization\]|\[organization\] must be a table"),
    ('[organization\nname = "x"\n', r"invalid TOML: .*line 1"),
])
def test_invalid_config_is_one_line_naming_file_key_and_expected_type(tmp_path, toml, expected):
    path = write(tmp_path / "postlint.toml", toml)
    with pytest.raises(ConfigError, match=expected) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message


def test_tool_postlint_errors_name_the_pyproject(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.postlint.organization]\nproducts = "Glide"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml: 'organization.products' must be a list of strings"):
        load_config(path)


def test_unknown_rule_names_in_the_config_name_the_file_and_key(tmp_path):
    path = write(tmp_path / "postlint.toml", '[rules]\nignore = ["personal-info/no-such-rule"]\n')
    with pytest.raises(ConfigError, match=r"postlint.toml: 'rules.ignore' names unknown rule or category 'personal-info/no-such-rule'"):
        Linter(load_config(path))


def test_rules_section_selects_ignores_and_overrides_severity(tmp_path):
    path = write(tmp_path / "postlint.toml", '[rules]\nselect = ["personal-info"]\nignore = ["personal-info/email-address"]\n'
                                             '[rules.severity]\n"personal-info/phone-number" = "warning"\n')
    linter = Linter(load_config(path))
    assert {r.spec.category for r in linter.rules} == {"personal-info"}
    assert "personal-info/email-address" not in {r.spec.id for r in linter.rules}
    report = linter.check("Text my neighbour at 090-1234-5678 or jo.tanaka@mailbox.example tonight.")
    assert [(f.rule, f.severity.value) for f in report.findings] == [("personal-info/phone-number", "warning")]


def test_missing_or_unreadable_config_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path)


def test_the_starter_config_of_init_is_valid_and_commented(tmp_path):
    path = write(tmp_path / "postlint.toml", STARTER_CONFIG)
    config = load_config(path)
    assert config.organization.name and config.organization.official_accounts
    assert sum(line.lstrip().startswith("#") for line in STARTER_CONFIG.splitlines()) >= 10
    Linter(config)


@pytest.mark.parametrize("text", [
    "Questions? Write to HELP@kitefin.example (Straße 5 office).",
    "お問い合わせは ｈｅｌｐ＠ｋｉｔｅｆｉｎ．ｅｘａｍｐｌｅ まで。",
])
def test_allow_terms_match_whatever_the_case_or_width(linter, text):
    assert not [f for f in linter.check(text).findings if f.rule == "personal-info/email-address"]
    private = text.replace("help", "jo.ito").replace("HELP", "JO.ITO").replace("ｈｅｌｐ", "ｊｏ")
    assert [f for f in linter.check(private).findings if f.rule == "personal-info/email-address"]
