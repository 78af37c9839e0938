"""The `postlint` command line, through Typer's CliRunner and, where it matters, real processes."""
from __future__ import annotations

import codecs
import json
import os
import pty
import re
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from linter import Linter
from linter.cli import STARTER_CONFIG, app
from linter.config import load_config

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
    assert any(line.strip().startswith("= 理由:") for line in lines), "labelled in the language of the finding"
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
    one_line_error(unknown.stderr, "unknown rule or category 'personal-info/nope'")


def test_explain_a_category_lists_its_rules():
    result = run("explain", "personal-info", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    ids = {s.id for s in Linter().specs if s.category == "personal-info"}
    assert ids and all(rule_id in result.stdout for rule_id in ids)
    assert "defamation/" not in result.stdout


@pytest.mark.parametrize("name,suggestion", [
    ("phone-number", "personal-info/phone-number"),
    ("personal-info/phone-numbr", "personal-info/phone-number"),
    ("personal-infos", "personal-info"),
])
def test_explain_an_unknown_rule_suggests_the_closest(name, suggestion):
    result = run("explain", name)
    assert result.exit_code == 2
    one_line_error(result.stderr, f"unknown rule or category '{name}'; did you mean '{suggestion}'?")


@pytest.mark.parametrize("typo,command", [("chek", "check"), ("rule", "rules"), ("serv", "serve"), ("explian", "explain")])
def test_a_mistyped_command_is_a_usage_error_with_a_suggestion(tmp_path, monkeypatch, typo, command):
    monkeypatch.chdir(tmp_path)
    result = run(typo, "x.md")
    assert result.exit_code == 2
    one_line_error(result.stderr, f"no such file or command '{typo}'; did you mean '{command}'?")


def test_a_file_named_like_a_command_is_still_a_draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft(tmp_path, "chek", PHONE_EN)
    result = run(*CONTACT, "chek")
    assert result.exit_code == 1 and "chek:1:33 error personal-info/phone-number" in result.stdout


SUBCOMMANDS = ["check", "rules", "explain", "init", "serve"]


@pytest.mark.parametrize("args", [["--help"], *([name, "--help"] for name in SUBCOMMANDS)], ids=" ".join)
def test_help_speaks_to_people(args):
    result = run(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0
    for jargon in ("<list[str]>", "{paths}", "<int range>", "x>=", "<=x", "Value error", "<path>", "<str>", "<int>",
                   "<float", "list[", "[default:", "[required]"):
        assert jargon not in result.stdout, (jargon, result.stdout)
    if args[0] == "check":
        assert "Usage: postlint check [OPTIONS] PATH..." in result.stdout
        assert "0 = one per core" in " ".join(result.stdout.split())


@pytest.mark.parametrize("args,expected", [
    (["--jobs", "-1", "x.md"], "Invalid value for '--jobs' / '-j': must be at least 0"),
    (["--jobs", "many", "x.md"], "Invalid value for '--jobs' / '-j': must be a whole number"),
    (["--format", "xml", "x.md"], "Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json'"),
    (["serve", "--port", "70000"], "Invalid value for '--port' / '-p': must be at most 65535"),
    (["serve", "--timeout", "0"], "Invalid value for '--timeout': must be at least 0.1"),
    (["--no-colour", "x.md"], "No such option: --no-colour; did you mean --no-color?"),
])
def test_usage_errors_are_said_plainly(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    one_line_error(result.stderr, expected)
    assert "Value error" not in result.stderr and "Input should" not in result.stderr


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_every_subcommand_takes_no_color(subcommand):
    command = typer.main.get_command(app).commands[subcommand]
    assert "--no-color" in {name for param in command.params for name in param.opts}


def test_rules_and_explain_print_no_escape_codes_with_no_color():
    for args in (["rules"], ["explain", "personal-info/phone-number"], ["explain", "personal-info"]):
        output = _run_on_a_terminal([*args, "--no-color"])
        assert "personal-info/phone-number" in output and "\x1b" not in output, args
        assert ANSI.search(_run_on_a_terminal(args)), args  # colour (bold) without it


def test_no_config_is_said_once_on_stderr_unless_quiet(tmp_path):
    path = draft(tmp_path, "post.md", PHONE_EN)
    result = run("--select", "personal-info/phone-number", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "postlint: no postlint.toml found; organization checks (codenames, look-alike handles, endorsements) "
        "are off \u2014 run 'postlint init'"]
    assert run("--select", "personal-info/phone-number", "--quiet", path).stderr == ""
    assert run(*CONTACT, path).stderr == ""
    (tmp_path / "postlint.toml").write_text('[organization]\nname = "Kitefin"\n', encoding="utf-8")
    assert run("--select", "personal-info/phone-number", path).stderr == ""


def test_init_writes_a_starter_config_once(tmp_path):
    path = tmp_path / "postlint.toml"
    result = run("init", path)
    assert result.exit_code == 0 and path.read_text(encoding="utf-8").startswith("# postlint configuration")
    again = run("init", path)
    assert again.exit_code == 2
    one_line_error(again.stderr, "already exists (use --force to overwrite)")
    path.write_text("# mine\n", encoding="utf-8")
    assert run("init", "--force", path).exit_code == 0 and "[organization]" in path.read_text(encoding="utf-8")


def test_init_into_a_folder_writes_its_postlint_toml(tmp_path):
    result = run("init", tmp_path)
    assert result.exit_code == 0 and result.stdout.startswith(f"wrote {tmp_path / 'postlint.toml'}: ")
    assert (tmp_path / "postlint.toml").read_text(encoding="utf-8") == STARTER_CONFIG
    missing = tmp_path / "no" / "such" / "postlint.toml"
    one_line_error(run("init", missing).stderr, f"{missing.parent}: no such folder")


_COMMENTED_SETTING = re.compile(r"(?m)^# (?=\[|\"?[\w./-]+\"? = )")


def test_the_starter_config_is_valid_with_every_setting_uncommented(tmp_path):
    uncommented = _COMMENTED_SETTING.sub("", STARTER_CONFIG)
    switched_on = len(_COMMENTED_SETTING.findall(STARTER_CONFIG))
    assert switched_on >= 8, uncommented
    (tmp_path / "our-rules").mkdir()
    config = tmp_path / "postlint.toml"
    config.write_text(uncommented, encoding="utf-8")
    result = run("--config", config, draft(tmp_path, "post.md", "Lovely weather today."))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" and "下書き1件を確認、0件に指摘あり" in result.stdout, "[output] language = \"ja\""


def test_the_starter_config_names_the_organizations_addresses_and_the_output_language(tmp_path):
    commented = [line for line in STARTER_CONFIG.splitlines() if _COMMENTED_SETTING.match(line)]
    assert any(line.startswith("# addresses = [") for line in commented)
    assert "# [output]" in commented and '# language = "ja"' in commented
    config = tmp_path / "postlint.toml"
    config.write_text(_COMMENTED_SETTING.sub("", STARTER_CONFIG), encoding="utf-8")
    loaded = load_config(config)
    assert loaded.output_language == "ja" and len(loaded.organization.addresses) == 2


# ---------------------------------------------------------------- inputs without drafts, and what is no file

@pytest.mark.parametrize("content", [{}, {"notes.docx": b"PK\x03\x04", "sub/readme.rst": b"hi"}], ids=["empty", "no-drafts"])
def test_a_folder_without_drafts_is_an_error(tmp_path, content):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name, data in content.items():
        draft(folder, name, data)
    result = run(folder)  # no config either: the error is the one thing said
    assert result.exit_code == 2
    one_line_error(result.stderr, f"{folder}: no drafts (.md, .markdown, .txt) found")
    assert "0 drafts checked" in result.stdout


def test_pipes_sockets_and_devices_are_reported_and_skipped_without_being_opened(tmp_path):
    folder = tmp_path / "d"
    draft(folder, "a.md", PHONE_EN)
    os.mkfifo(folder / "b.md")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "c.md"))
    named = tmp_path / "named.md"
    os.mkfifo(named)
    try:
        # A pipe opened for reading waits for a writer: the timeout is what a hang would hit.
        result = subprocess.run([*postlint_command(), *map(str, CONTACT), "-f", "json", str(folder), str(named), "/dev/null"],
                                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    finally:
        listener.close()
    assert result.returncode == 2
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["a.md"]
    assert [line for line in result.stderr.splitlines() if line.startswith("postlint:")] == [
        f"postlint: error: {folder / 'b.md'}: a named pipe, not a file: skipped",
        f"postlint: error: {folder / 'c.md'}: a socket, not a file: skipped",
        f"postlint: error: {named}: a named pipe, not a file: skipped",
        "postlint: error: /dev/null: a device, not a file: skipped",
    ]


def test_file_names_are_printed_with_control_characters_escaped(tmp_path):
    name = "post\x1b[2K\rforged.md:9:9 error fake/rule\nb.md"
    path = draft(tmp_path, name, PHONE_EN)
    broken = draft(tmp_path, "bad\x07\x9b.md", b"\x00\x01")
    result = run(*CONTACT, "--no-color", path, broken)
    for output in (result.stdout, result.stderr):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", output), repr(output)
    shown = f"{tmp_path}/post\\033[2K\\rforged.md:9:9 error fake/rule\\nb.md"
    assert f"{shown}:1:33 error personal-info/phone-number" in result.stdout.splitlines()[0]
    assert not any(line.startswith(("forged", "b.md")) for line in result.stdout.splitlines())
    one_line_error(result.stderr, f"{tmp_path}/bad\\a\\302\\233.md: binary file")
    assert json.loads(run(*CONTACT, "-f", "json", path).stdout)["files"][0]["path"] == str(path)  # machine formats: as is


# ---------------------------------------------------------------- reports written whole, or not at all

def test_a_report_is_written_whole_or_the_old_one_is_kept_when_the_disk_fills(tmp_path):
    report = tmp_path / "out" / "review.html"
    report.parent.mkdir()
    report.write_text("the old report", encoding="utf-8")

    def small_disk():  # writes beyond 4 kB fail as on a full disk (EFBIG), instead of a signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run([*postlint_command(), "-f", "html", "-o", str(report), str(EXAMPLES)], capture_output=True,
                            text=True, timeout=300, preexec_fn=small_disk)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"postlint: error: {report}: cannot write (File too large); the previous file is unchanged"]
    assert report.read_text(encoding="utf-8") == "the old report"
    assert os.listdir(report.parent) == ["review.html"]


def test_a_full_device_is_named_in_one_line():
    result = subprocess.run([*postlint_command(), "-f", "json", "-o", "/dev/full", str(EXAMPLES / "en.md")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["postlint: error: /dev/full: cannot write (No space left on device)"]


@pytest.mark.parametrize("old", [True, False], ids=["old-files-kept", "none-left"])
def test_ctrl_c_leaves_the_old_report_and_baseline_or_none(tmp_path, old):
    drafts = tmp_path / "drafts"
    for number in range(60):
        draft(drafts, f"post{number:02}.md", f"Draft {number}: text my neighbour Ken at 090-1234-{number:04}.\n")
    out = tmp_path / "out"
    out.mkdir()
    report, accepted = out / "review.json", out / "accepted.jsonl"
    if old:
        report.write_text("old report", encoding="utf-8")
        accepted.write_text("old baseline", encoding="utf-8")
    process = subprocess.Popen([*postlint_command(), *map(str, CONTACT), "--jobs", "1", "-f", "json", "-o", str(report),
                                "--write-baseline", str(accepted), str(drafts)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(os.listdir(out)) < (4 if old else 2) and time.monotonic() < deadline:  # both temporary files open
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    kept = " (the previous file is unchanged)" if old else " (nothing written)"
    assert stderr.splitlines()[-1] == (f"postlint: interrupted; {report} not written{kept}; "
                                       f"{accepted} not written{kept if old else ''}")
    assert sorted(os.listdir(out)) == (["accepted.jsonl", "review.json"] if old else [])
    if old:
        assert report.read_text(encoding="utf-8") == "old report" and accepted.read_text(encoding="utf-8") == "old baseline"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the dropped KeyboardInterrupt
def test_a_ctrl_c_that_python_drops_inside_a_finalizer_still_stops_the_run(tmp_path, monkeypatch):
    """Python prints "Exception ignored" for a KeyboardInterrupt raised in a __del__ and goes on;
    postlint remembers the press and stops at the next draft."""
    from linter.batch.review import Summary

    class PressesCtrlCWhenCollected:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)

    add = Summary.add
    monkeypatch.setattr(Summary, "add", lambda self, *args: (PressesCtrlCWhenCollected(), add(self, *args))[1])
    for number in range(3):
        draft(tmp_path / "drafts", f"post{number}.md", PHONE_EN)
    report = tmp_path / "review.json"
    pytest_handler = signal.getsignal(signal.SIGINT)
    try:
        result = run(*CONTACT, "--jobs", "1", "-f", "json", "-o", report, tmp_path / "drafts")
    finally:
        signal.signal(signal.SIGINT, pytest_handler)
    assert result.exit_code == 130, result.output
    assert not report.exists()


def test_a_ctrl_c_between_opening_the_baseline_and_the_first_draft_leaves_no_file(tmp_path, monkeypatch):
    import linter.batch.review

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(linter.batch.review, "RuleCatalog", interrupted)  # read right after the baseline is opened
    draft(tmp_path / "drafts", "post.md", PHONE_EN)
    out = tmp_path / "out"
    out.mkdir()
    result = run(*CONTACT, "-f", "json", "-o", out / "review.json", "--write-baseline", out / "accepted.jsonl",
                 tmp_path / "drafts")
    assert result.exit_code == 130, result.output
    assert os.listdir(out) == []


# ---------------------------------------------------------------- the Python API

def test_the_python_api():
    report = Linter.from_config(None).check("Please text my neighbour at 090-1234-5678.")
    assert [(f.rule, f.text) for f in report.findings] == [("personal-info/phone-number", "090-1234-5678")]
    assert Linter.from_config(EXAMPLE_CONFIG).config.organization.name == "Kitefin Labs"
