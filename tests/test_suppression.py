"""Inline suppression comments and config overrides ([rules] select/ignore/severity/extra), end to end."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.draft import Draft

from .conftest import EXAMPLE_CONFIG

ACCUSATION = "Brightwave Corp cooked the books again."
INSULT = "Their CEO is an absolute clown."
ORGANIZATION = EXAMPLE_CONFIG.read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def findings(result) -> list[dict]:
    return [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]


def rule_texts(report, category="defamation"):
    return [(f.rule, f.text) for f in report.findings if f.category == category and f.severity.value != "info"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- inline comments

def test_a_disable_comment_silences_the_named_rule_only_and_only_until_enable(linter):
    text = (f"<!-- postlint-disable defamation/accusation -->\n{ACCUSATION} {INSULT}\n<!-- postlint-enable -->\n"
            f"Honestly, {ACCUSATION}")
    found = rule_texts(linter.check(text))
    assert found == [("defamation/insult", "is an absolute clown"), ("defamation/accusation", "cooked the books")]
    assert [f.start for f in linter.check(text).findings if f.rule == "defamation/accusation"] == [text.rindex("cooked")]


def test_a_category_or_no_name_silences_a_whole_category_or_everything(linter):
    by_category = f"<!-- postlint-disable defamation -->\n{ACCUSATION} {INSULT}\n<!-- postlint-enable -->"
    assert not rule_texts(linter.check(by_category))
    everything = f"<!-- postlint-disable -->\nOn behalf of Kitefin Labs: {ACCUSATION}"
    assert not [f for f in linter.check(everything).findings if f.severity.value != "info"]


def test_suppression_works_in_japanese_drafts(linter):
    text = "<!-- postlint-disable defamation/insult defamation/attack -->\n隣の部署の部長、本当に無能。\n<!-- postlint-enable -->\n元上司の佐伯は経費を着服してた。"
    assert rule_texts(linter.check(text)) == [("defamation/accusation", "着服")]


def test_comments_do_not_suppress_in_plain_text_drafts(linter):
    text = f"<!-- postlint-disable defamation -->\n{ACCUSATION}"
    assert rule_texts(linter.check(Draft(text=text, name="post.txt", format="plain")))
    assert not rule_texts(linter.check(Draft(text=text, name="post.md", format="markdown")))


# ---------------------------------------------------------------- [rules] in the config, through the CLI

def test_config_select_ignore_and_severity_apply_to_every_draft(tmp_path):
    config = write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nselect = ["defamation", "official-statement"]\n'
                   'ignore = ["defamation/insult", "defamation/attack"]\n[rules.severity]\n"defamation/accusation" = "warning"\n'
                   '"official-statement" = "error"\n')
    post = write(tmp_path / "drafts" / "post.md", f"{ACCUSATION} {INSULT} Kitefin will refund every customer. "
                                                  "Call me at 090-1234-5678.")
    result = run("check", "-f", "json", "--config", config, post)
    assert result.exit_code == 1
    assert sorted((f["rule"], f["severity"]) for f in findings(result)) == [
        ("defamation/accusation", "warning"), ("official-statement/commitment", "error")]


def test_a_config_found_beside_the_draft_is_used_without_config_option(tmp_path):
    write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nignore = ["defamation"]\n')
    post = write(tmp_path / "post.md", ACCUSATION)
    result = run("check", "-f", "json", post)
    assert result.exit_code == 0 and not findings(result)


USER_RULE = """\
id: defamation/nickname
kind: lexicon
severity: warning
languages: [en, ja]
summary: Our in-house nicknames for competitors ("Captain Crash", 墜落王).
message: In-house nickname for {target}
why: Nicknames used internally read as mockery in public.
instead: Use the company's name.
params:
  target:
    kinds: [person, organization, name, handle]
  patterns:
    en:
      phrases: ["captain crash"]
    ja:
      regex: ["墜落王"]
examples:
  en:
    flag: ["Brightwave Corp, a.k.a. Captain Crash, launched a drone."]
    ok: ["Captain Crash is my cat's name."]
  ja:
    flag: ["ハコブネ工業、通称墜落王。"]
    ok: ["墜落王というゲームが好き。"]
"""


def test_user_rule_folders_add_rules_that_check_list_and_explain(tmp_path):
    write(tmp_path / "our-rules" / "defamation" / "nickname.yaml", USER_RULE)
    config = write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nextra = ["./our-rules/"]\n')
    post = write(tmp_path / "post.md", "Brightwave Corp, a.k.a. Captain Crash, launched a new drone.")
    result = run("check", "-f", "json", "--config", config, post)
    [finding] = [f for f in findings(result) if f["rule"] == "defamation/nickname"]
    assert (finding["text"], finding["message"]) == ("Captain Crash", "In-house nickname for Brightwave Corp")
    listed = json.loads(run("rules", "-f", "json", "--config", config).stdout)
    assert {"id": "defamation/nickname", "category": "defamation", "severity": "warning",
            "languages": ["en", "ja"], "summary": 'Our in-house nicknames for competitors ("Captain Crash", 墜落王).'} in listed
    explained = run("explain", "defamation/nickname", "--config", config)
    assert explained.exit_code == 0 and "Nicknames used internally read as mockery in public." in explained.stdout


@pytest.mark.parametrize("rule,expected", [
    (USER_RULE.replace('regex: ["墜落王"]', 'regex: ["墜落王("]'), "invalid regex"),
    (USER_RULE.replace('regex: ["墜落王"]', 'regex: ["(?<!\\\\w+)墜落王"]'), "look-behind requires fixed-width pattern"),
    (USER_RULE.replace("id: defamation/nickname", "id: defamation/accusation").replace("nickname", "accusation"),
     "is already defined"),
    (USER_RULE.replace("kind: lexicon", "kind: lexicn"), "unknown kind 'lexicn'"),
    (USER_RULE.replace("    kinds: [person, organization, name, handle]", "    kinds: [persons]"), "target kinds must be of"),
    (USER_RULE.replace("  patterns:\n    en:", "  context:\n    - scope: everywhere\n      link: true\n  patterns:\n    en:"),
     "scope must be one of sentence, paragraph, post"),
])
def test_a_broken_user_rule_is_one_clear_error_line(tmp_path, rule, expected):
    name = "accusation" if "id: defamation/accusation" in rule else "nickname"
    write(tmp_path / "our-rules" / "defamation" / f"{name}.yaml", rule)
    config = write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nextra = ["./our-rules/"]\n')
    post = write(tmp_path / "post.md", ACCUSATION)
    result = run("check", "--config", config, post)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("postlint: error: ") and expected in line and "Traceback" not in result.stderr


def test_a_user_rule_reads_its_word_list_beside_it(tmp_path):
    rule = USER_RULE.replace('phrases: ["captain crash"]', 'regex: ["(?i)\\\\b{words:nicknames}\\\\b"]')
    write(tmp_path / "our-rules" / "defamation" / "nickname.yaml", rule)
    write(tmp_path / "our-rules" / "defamation" / "nicknames.txt",
          "# our nicknames for competitors\ncaptain crash\nthe drone droppers\n")
    config = write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nextra = ["./our-rules/"]\n')
    post = write(tmp_path / "post.md", "Brightwave Corp, a.k.a. Captain Crash, launched a drone.")
    result = run("check", "-f", "json", "--config", config, post)
    assert [f["text"] for f in findings(result) if f["rule"] == "defamation/nickname"] == ["Captain Crash"]


def test_a_missing_word_list_is_one_clear_error_line(tmp_path):
    rule = USER_RULE.replace('phrases: ["captain crash"]', 'regex: ["{words:nicknames}"]')
    write(tmp_path / "our-rules" / "defamation" / "nickname.yaml", rule)
    config = write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nextra = ["./our-rules/"]\n')
    result = run("check", "--config", config, write(tmp_path / "post.md", ACCUSATION))
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "nicknames.txt: cannot read word list" in line and "Traceback" not in result.stderr


def test_a_user_rule_builds_its_pattern_from_named_parts(tmp_path):
    rule = USER_RULE.replace('phrases: ["captain crash"]', 'regex: ["(?i)\\\\b{part:nickname}\\\\b"]').replace(
        "params:\n", "parts:\n  rank: [captain, major]\n  nickname: '{part:rank} crash'\nparams:\n")
    write(tmp_path / "our-rules" / "defamation" / "nickname.yaml", rule)
    config = write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nextra = ["./our-rules/"]\n')
    post = write(tmp_path / "post.md", "Brightwave Corp, a.k.a. Major Crash, launched a drone.")
    result = run("check", "-f", "json", "--config", config, post)
    assert [f["text"] for f in findings(result) if f["rule"] == "defamation/nickname"] == ["Major Crash"]


@pytest.mark.parametrize("parts,expected", [
    ("parts:\n  nickname: '{part:nickname} crash'\n", "part 'nickname' uses itself"),
    ("parts:\n  other: crash\n", "no part 'nickname'"),
])
def test_a_broken_part_is_one_clear_error_line(tmp_path, parts, expected):
    rule = USER_RULE.replace('phrases: ["captain crash"]', 'regex: ["{part:nickname}"]').replace("params:\n", parts + "params:\n")
    write(tmp_path / "our-rules" / "defamation" / "nickname.yaml", rule)
    config = write(tmp_path / "postlint.toml", ORGANIZATION + '\n[rules]\nextra = ["./our-rules/"]\n')
    result = run("check", "--config", config, write(tmp_path / "post.md", ACCUSATION))
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert expected in line and "Traceback" not in result.stderr
