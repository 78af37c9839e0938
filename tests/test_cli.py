"""The `postlint` command line, through Typer's CliRunner and, where it matters, real processes."""
from __future__ import annotations

import codecs
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter import Linter
from linter.cli import app

from .conftest import EXAMPLE_CONFIG, EXAMPLES, ROOT

PHONE_EN = "Please text my neighbour Ken at 090-1234-5678 tonight.\n"
PHONE_JA = "近所の田中さんの携帯は０９０－１２３４－５６７８です。\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FINDING_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+) (?P<severity>error|warning|info) (?P<rule>[a-z-]+/[a-z0-9-]+) \S")


# Most tests look at the two contact-data rules only, so rules added later do not change them.
CONTACT = ("--config", EXAMPLE_CONFIG, "--select", "personal-info/phone-number,personal-info/email-address")


def run(*args: str, input: str | bytes | None = None, env: dict | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input, env=env)


def draft(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def json_findings(result) -> list[dict]:
    return [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]


def postlint_command() -> list[str]:
    script = Path(sys.executable).with_name("postlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "linter"]


def one_line_error(stderr: str, expected: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("postlint: error: ") and expected in lines[0], stderr
    assert "Traceback" not in stderr


# ---------------------------------------------------------------- the check command

def test_paths_alone_mean_check(tmp_path):
    path = draft(tmp_path, "post.md", PHONE_EN)
    implicit = run(*CONTACT, path)
    explicit = run("check", *CONTACT, path)
    assert implicit.exit_code == explicit.exit_code == 1
    assert implicit.stdout == explicit.stdout
    assert f"{path}:1:33 error personal-info/phone-number" in implicit.stdout


def test_text_output_has_finding_lines_underlined_snippets_and_a_summary(tmp_path):
    path = draft(tmp_path, "post.md", "Big news today!\n" + PHONE_JA)
    result = run(*CONTACT, "--no-color", path)
    lines = result.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if FINDING_LINE.match(line))
    match = FINDING_LINE.match(lines[first])
    assert (match["path"], match["line"], match["col"], match["severity"]) == (str(path), "2", "12", "error")
    assert lines[first + 1] == "    2 | " + PHONE_JA.rstrip("\n")
    caret_line = lines[first + 2]
    # 11 CJK characters before the number take 22 cells; the 13-character number takes 26.
    assert caret_line == "      | " + " " * 22 + "^" * 26
    assert any(line.strip().startswith("= why:") for line in lines)
    assert "personal-info" in result.stdout and lines[-1].startswith("1 draft checked, 1 with findings: 1 error")
    assert not ANSI.search(result.stdout)


def test_stdin_is_read_with_a_dash():
    result = run(*CONTACT, "--format", "json", "-", input=PHONE_EN.encode("utf-8"))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "<stdin>"
    assert [f["text"] for f in data["files"][0]["findings"]] == ["090-1234-5678"]


def test_folders_are_walked_for_markdown_and_text_drafts(tmp_path):
    for name in ("a.md", "b.txt", "sub/c.markdown", "skip.rst", "skip.json", ".hidden/d.md"):
        draft(tmp_path, name, PHONE_EN)
    result = run(*CONTACT, "--format", "json", tmp_path)
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(result.stdout)["files"]]
    assert paths == ["a.md", "b.txt", "sub/c.markdown"]


def test_json_output_is_the_documented_shape(tmp_path):
    path = draft(tmp_path, "post.md", "Hi!\n" + PHONE_EN)
    data = json.loads(run(*CONTACT, "--format", "json", path).stdout)
    assert data["version"] == 1
    (file,) = data["files"]
    assert file["path"] == str(path) and file["language"] == "en"
    (finding,) = file["findings"]
    text = path.read_text(encoding="utf-8")
    assert text[finding["start"]:finding["end"]] == finding["text"] == "090-1234-5678"
    assert (finding["line"], finding["column"]) == (2, 33)
    assert finding["category"] == "personal-info" and finding["severity"] == "error"
    assert finding["rule"] == "personal-info/phone-number" and finding["message"]


def test_config_is_found_from_the_drafts_folder_or_given(tmp_path):
    (tmp_path / "postlint.toml").write_text('[allow]\nterms = ["090-1234-5678"]\n', encoding="utf-8")
    path = draft(tmp_path / "drafts", "post.md", PHONE_EN)
    assert run("--select", "personal-info/phone-number", path).exit_code == 0
    assert run("--select", "personal-info/phone-number", "--config", EXAMPLE_CONFIG, path).exit_code == 1


def test_fail_on_sets_the_severity_that_fails(tmp_path):
    config = tmp_path / "postlint.toml"
    config.write_text('[rules]\nselect = ["personal-info/phone-number"]\n'
                      '[rules.severity]\n"personal-info/phone-number" = "warning"\n', encoding="utf-8")
    path = draft(tmp_path, "post.md", PHONE_EN)
    assert run("--config", config, path).exit_code == 0
    assert run("--config", config, "--fail-on", "warning", path).exit_code == 1
    assert run("--config", config, "--fail-on", "info", path).exit_code == 1
    assert run(*CONTACT, "--fail-on", "error", path).exit_code == 1


def test_select_and_ignore_take_ids_or_categories(tmp_path):
    path = draft(tmp_path, "post.md", "Mail my coworker at ken.ito@mailbox.example or call 090-1234-5678.")
    rules = lambda *opts: {f["rule"] for f in json_findings(run("--config", EXAMPLE_CONFIG, "-f", "json", *opts, path))}
    both = rules()
    assert {"personal-info/phone-number", "personal-info/email-address"} <= both
    assert rules("--ignore", "personal-info/phone-number") == both - {"personal-info/phone-number"}
    assert rules("--select", "personal-info/phone-number,personal-info/email-address") == {
        "personal-info/phone-number", "personal-info/email-address"}
    assert rules("--select", "personal-info", "--ignore", "personal-info/email-address") == {
        r for r in both if r.startswith("personal-info/")} - {"personal-info/email-address"}


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_id_is_a_usage_error(tmp_path, option):
    result = run("--config", EXAMPLE_CONFIG, option, "personal-info/phone-numbr", draft(tmp_path, "post.md", "hi"))
    assert result.exit_code == 2
    one_line_error(result.stderr, "unknown rule or category 'personal-info/phone-numbr'")


def test_quiet_prints_only_the_finding_lines(tmp_path):
    path = draft(tmp_path, "post.md", PHONE_EN + PHONE_JA)
    result = run(*CONTACT, "--quiet", path)
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(FINDING_LINE.match(line) for line in lines)


def test_markdown_code_is_not_checked_but_contact_links_are(tmp_path):
    text = ("Call `090-1234-5678` or see\n```\ntel 090-2222-3333\n```\n"
            "[write to Ken](mailto:ken.ito@mailbox.example) or [ring him](tel:+81-90-4444-5555).\n")
    findings = json_findings(run(*CONTACT, "-f", "json", draft(tmp_path, "post.md", text)))
    texts = {f["text"] for f in findings}
    assert "ken.ito@mailbox.example" in texts and "+81-90-4444-5555" in texts
    assert not texts & {"090-1234-5678", "090-2222-3333"}
    plain = json_findings(run(*CONTACT, "-f", "json", draft(tmp_path, "post.txt", text)))
    assert "090-1234-5678" in {f["text"] for f in plain}


# ---------------------------------------------------------------- reading drafts

@pytest.mark.parametrize("encoded,number", [
    (codecs.BOM_UTF8 + PHONE_JA.encode("utf-8"), "０９０－１２３４－５６７８"),
    (codecs.BOM_UTF16_LE + PHONE_JA.encode("utf-16-le"), "０９０－１２３４－５６７８"),
    (codecs.BOM_UTF16_BE + PHONE_JA.encode("utf-16-be"), "０９０－１２３４－５６７８"),
    ("近所の田中さんの携帯は090-1234-5678です。\n".encode("cp932"), "090-1234-5678"),
], ids=["utf-8-bom", "utf-16-le", "utf-16-be", "cp932"])
def test_encodings_are_read_right(tmp_path, encoded, number):
    (finding,) = json_findings(run(*CONTACT, "-f", "json", draft(tmp_path, "post.md", encoded)))
    assert finding["text"] == number
    assert finding["start"] == finding["column"] - 1 == 11


def test_crlf_keeps_offsets_lines_and_columns(tmp_path):
    text = "First line.\r\n\r\nPlease call my coworker on 090-1234-5678 today.\r\n"
    path = draft(tmp_path, "post.md", text)
    (finding,) = json_findings(run(*CONTACT, "-f", "json", path))
    assert text[finding["start"]:finding["end"]] == "090-1234-5678"
    assert (finding["line"], finding["column"]) == (3, 28)
    snippet = run(*CONTACT, path).stdout
    assert "    3 | Please call my coworker on 090-1234-5678 today.\n" in snippet and "\r" not in snippet


def test_an_empty_file_is_a_clean_result(tmp_path):
    result = run(*CONTACT, draft(tmp_path, "empty.md", b""))
    assert result.exit_code == 0 and result.stderr == ""
    assert "1 draft checked, 0 with findings" in result.stdout


@pytest.mark.parametrize("case,expected", [
    ("missing", "no such file"),
    ("binary", "binary file, not a text draft"),
    ("huge", "5.0 MB is larger than the 4 MB a draft may be"),
    ("undecodable", "not text in UTF-8, UTF-16 or Shift_JIS"),
])
def test_bad_drafts_are_one_line_and_exit_2(tmp_path, case, expected):
    path = {
        "missing": tmp_path / "missing.md",
        "binary": draft(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00"),
        "huge": draft(tmp_path, "huge.md", b"a" * (5 * 1024 * 1024)),
        "undecodable": draft(tmp_path, "latin1.md", "caf\xe9 \xff".encode("latin-1")),
    }[case]
    result = run(*CONTACT, path)
    assert result.exit_code == 2
    one_line_error(result.stderr, f"{path}: {expected}")


def test_an_unreadable_draft_is_one_line_and_exit_2(tmp_path, monkeypatch):
    from linter import draft as draft_module

    path = draft(tmp_path, "locked.md", "hi")
    monkeypatch.setattr(draft_module, "open", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")), raising=False)
    result = run(*CONTACT, path)
    assert result.exit_code == 2
    one_line_error(result.stderr, f"{path}: cannot read (Permission denied)")


def test_good_drafts_are_still_checked_beside_a_bad_one(tmp_path):
    good = draft(tmp_path, "good.md", PHONE_EN)
    result = run(*CONTACT, "-f", "json", tmp_path / "missing.md", good)
    assert result.exit_code == 2
    assert [f["text"] for f in json_findings(result)] == ["090-1234-5678"]


def test_invalid_config_is_one_line_and_exit_2(tmp_path):
    config = tmp_path / "postlint.toml"
    config.write_text('[organization]\nname = ["Kitefin"]\n', encoding="utf-8")
    result = run("--config", config, draft(tmp_path, "post.md", "hi"))
    assert result.exit_code == 2
    one_line_error(result.stderr, f"{config}: 'organization.name' must be a string")


@pytest.mark.parametrize("args,expected", [
    (["--format", "xml", "x.md"], "Invalid value for '--format'"),
    (["--fail-on", "never", "x.md"], "Invalid value for '--fail-on'"),
    (["check"], "Missing argument"),
    (["--no-such-option", "x.md"], "No such option: --no-such-option"),
])
def test_usage_errors_are_one_line_and_exit_2(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    one_line_error(result.stderr, expected)


# ---------------------------------------------------------------- colour

def _run_on_a_terminal(args: list[str]) -> str:
    """Run postlint with stdout on a pseudo-terminal and return what it printed."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    process = subprocess.Popen([*postlint_command(), *args], stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path):
    path = draft(tmp_path, "post.md", PHONE_EN)
    assert not ANSI.search(run(*CONTACT, path).stdout)
    assert ANSI.search(_run_on_a_terminal(["--config", str(EXAMPLE_CONFIG), str(path)]))
    assert not ANSI.search(_run_on_a_terminal(["--config", str(EXAMPLE_CONFIG), "--no-color", str(path)]))


# ---------------------------------------------------------------- real processes

def test_a_real_process_checks_both_example_drafts():
    result = subprocess.run([*postlint_command(), "--format", "json", str(EXAMPLES)], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1, result.stderr
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["en.md"]["language"] == "en" and files["ja.md"]["language"] == "ja"
    assert all(f["findings"] for f in files.values())


@pytest.mark.parametrize("args,expected", [
    (["missing.md"], "missing.md: no such file"),
    (["--config", "nope.toml", "x.md"], "nope.toml: config file not found"),
    (["--select", "no/such", str(EXAMPLES / "en.md")], "unknown rule or category 'no/such'"),
])
def test_a_real_process_never_prints_a_traceback(tmp_path, args, expected):
    draft(tmp_path, "x.md", "hello")
    result = subprocess.run([*postlint_command(), *args], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 2
    one_line_error(result.stderr, expected)


# ---------------------------------------------------------------- rules, explain, init

def test_rules_table_keeps_ids_whole_on_a_narrow_terminal():
    ids = [s.id for s in Linter().specs]
    for columns in ("60", "100", "200"):
        output = run("rules", env={"COLUMNS": columns}).stdout
        for rule_id in ids:
            assert rule_id in output, (columns, rule_id)
        assert max(len(line) for line in output.splitlines()) <= int(columns)


def test_rules_as_json_lists_every_rule():
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert {r["id"] for r in rows} == {s.id for s in Linter().specs}
    assert all(r["summary"] and r["languages"] for r in rows)


def test_explain_prints_what_why_instead_and_examples():
    result = run("explain", "personal-info/phone-number")
    assert result.exit_code == 0
    for heading in ("What it flags", "Why it is risky", "Instead", "Flagged (en)", "Fine (ja)"):
        assert heading in result.stdout
    unknown = run("explain", "personal-info/nope")
    assert unknown.exit_code == 2
    one_line_error(unknown.stderr, "unknown rule 'personal-info/nope'")


def test_init_writes_a_starter_config_once(tmp_path):
    path = tmp_path / "postlint.toml"
    result = run("init", path)
    assert result.exit_code == 0 and path.read_text(encoding="utf-8").startswith("# postlint configuration")
    again = run("init", path)
    assert again.exit_code == 2
    one_line_error(again.stderr, "already exists (use --force to overwrite)")
    path.write_text("# mine\n", encoding="utf-8")
    assert run("init", "--force", path).exit_code == 0 and "[organization]" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the Python API

def test_the_python_api():
    report = Linter.from_config(None).check("Please text my neighbour at 090-1234-5678.")
    assert [(f.rule, f.text) for f in report.findings] == [("personal-info/phone-number", "090-1234-5678")]
    assert Linter.from_config(EXAMPLE_CONFIG).config.organization.name == "Kitefin Labs"
