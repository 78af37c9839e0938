"""The documentation stays true: every postlint command in the README uses options the CLI has,
relative links point at files that exist, `explain` prints what the README shows (in English and
Japanese), and the login service files for `postlint serve` are valid (plistlib;
`systemd-analyze verify --user` where systemd is installed)."""
from __future__ import annotations

import configparser
import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from linter.cli import app

from .conftest import ROOT

README = ROOT / "README.md"
DOCS = [README, ROOT / "docs" / "architecture.md"]
SERVICE = ROOT / "examples" / "service"
UNIT = SERVICE / "postlint.service"
PLIST = SERVICE / "local.postlint.serve.plist"
COMMAND = typer.main.get_command(app)
_INVOCATION = re.compile(r"(?:^|\|\s*|\$\s+)(postlint\s.*)$")
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def options_of(subcommand: str) -> set[str]:
    """Every option spelling a postlint subcommand accepts."""
    command = COMMAND.commands[subcommand]
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)} | {"-h", "--help"}


def readme_invocations() -> list[list[str]]:
    """The postlint command lines of the README's code blocks (indented lines), as argument lists."""
    found = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.startswith("    "):
            continue
        match = _INVOCATION.search(line.strip().rstrip("\\").split(" #")[0].strip())
        args = shlex.split(match.group(1))[1:] if match else []
        if args and not args[0].endswith(":"):  # "postlint serve: …" and "postlint: error: …" are output
            found.append(args)
    return found


def subcommand_and_options(args: list[str]) -> tuple[str, list[str]]:
    subcommand = args[0] if args and args[0] in COMMAND.commands else "check"
    return subcommand, [a.split("=", 1)[0] for a in args if a.startswith("-") and a != "-"]


def test_the_readme_shows_postlint_commands_of_every_subcommand():
    used = {subcommand_and_options(args)[0] for args in readme_invocations()}
    assert used >= {"check", "rules", "explain", "init", "serve"}


@pytest.mark.parametrize("args", readme_invocations(), ids=" ".join)
def test_every_option_in_a_readme_command_exists(args):
    subcommand, options = subcommand_and_options(args)
    unknown = set(options) - options_of(subcommand)
    assert not unknown, f"postlint {subcommand} has no option {sorted(unknown)}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_point_at_files_that_exist(doc):
    targets = [t for t in _LINK.findall(doc.read_text(encoding="utf-8")) if "://" not in t]
    missing = [t for t in targets if not (doc.parent / t).exists()]
    assert targets and not missing


def serve_arguments(argv: list[str]) -> list[str]:
    """The options of a `postlint serve` command line (after the executable and `serve`)."""
    assert Path(argv[0]).name == "postlint" and argv[1] == "serve"
    return [a for a in argv[2:] if a.startswith("-")]


def test_the_launch_agent_is_a_valid_plist_that_starts_postlint_serve_at_login():
    agent = plistlib.loads(PLIST.read_bytes())
    assert agent["Label"] == PLIST.name.removesuffix(".plist")
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] == {"SuccessfulExit": False}
    assert set(serve_arguments(agent["ProgramArguments"])) <= options_of("serve")
    assert all(Path(p).is_absolute() for p in (agent["ProgramArguments"][0], agent["StandardErrorPath"]))


def test_the_launch_agents_commented_token_block_is_valid_when_uncommented():
    text = PLIST.read_text(encoding="utf-8")
    uncommented = re.sub(r"<!-- With a token:[^\n]*\n(.*?)\n\s*-->", r"\1", text, flags=re.S)
    assert uncommented != text
    assert set(plistlib.loads(uncommented.encode())["EnvironmentVariables"]) == {"POSTLINT_TOKEN"}


def unit_file() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def test_the_systemd_unit_runs_postlint_serve_and_reads_the_token_from_a_private_file():
    unit = unit_file()
    argv = shlex.split(unit["Service"]["ExecStart"])
    assert argv[0] == "%h/.local/bin/postlint"
    assert set(serve_arguments(argv)) <= options_of("serve")
    assert "--token" not in argv  # a token on the command line is visible to every user
    assert unit["Service"]["EnvironmentFile"].startswith("-%h/")
    assert unit["Install"]["WantedBy"] == "default.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_the_user_unit(tmp_path):
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "postlint").symlink_to(Path(sys.executable).parent / "postlint")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    result = subprocess.run(["systemd-analyze", "verify", "--user", str(UNIT)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def readme_output(command: str) -> list[str]:
    """The lines the README shows after `$ command`, up to its first "…" (an excerpt) or the next command."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"    $ {command}") + 1
    shown = []
    for line in lines[start:]:
        if not line.startswith("    ") and line or line.startswith("    $ ") or line.strip() == "…":
            break
        shown.append(line[4:].rstrip())
    return shown


@pytest.mark.parametrize("command", ["postlint explain personal-info/phone-number",
                                     "postlint explain personal-info/phone-number --lang ja"])
def test_the_readmes_explain_output_is_what_postlint_prints(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no config around: the output language is the one asked for
    printed = [line.rstrip() for line in CliRunner().invoke(app, shlex.split(command)[1:]).stdout.splitlines()]
    shown = readme_output(command)
    assert len(shown) > 8 and printed[:len(shown)] == shown
