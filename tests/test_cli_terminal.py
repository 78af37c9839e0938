"""`postlint` in a real terminal (a pseudo-terminal holding standard output and standard error, as
in a shell): the progress bar never garbles findings and speaks the output language, a single draft shows none, --no-color and
NO_COLOR mean no escape codes at all, and text wraps at the terminal's width by display width."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
from pathlib import Path

import pytest
from rich.cells import cell_len

from .conftest import EXAMPLE_CONFIG
from .test_cli import postlint_command

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
FINDING = re.compile(r"\S+\.md:\d+:\d+ (?:error|warning|info) [a-z-]+/[a-z0-9-]+ ")
PHONE_DRAFT = "Please text my neighbour Ken at 090-1234-{:04}. Thanks!\n"
JA_WHY = ("社外秘の情報は一度投稿すると取り消すことができず、取引先や同僚の信頼を損ない、"
          "契約や法令に違反するおそれがあるため、公開前に必ず確認してください。")
JA_INSTEAD = "その部分を削除し、公式に発表されてから公式アカウントの投稿を共有してください"


def on_a_terminal(args: list[str], columns: int = 200, env: dict | None = None) -> tuple[int, str]:
    """Run postlint with standard output and standard error on one pseudo-terminal of `columns`
    columns (not in CI); its exit status and everything it printed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES")}
    process = subprocess.Popen([*postlint_command(), *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                               env={**clean, "TERM": "xterm-256color", **(env or {})})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8")


def screen_pieces(output: str) -> list[str]:
    """What was written between carriage returns and line feeds, escape codes left out."""
    return [piece for piece in re.split(r"[\r\n]", ESCAPE.sub("", output)) if piece.strip()]


@pytest.fixture
def drafts(tmp_path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    for number in range(40):
        (folder / f"r{number:02}.md").write_text(PHONE_DRAFT.format(number), encoding="utf-8")
    return folder


def test_the_progress_bar_never_garbles_findings(drafts):
    status, output = on_a_terminal(["--config", str(EXAMPLE_CONFIG), "--quiet", "--progress", str(drafts)])
    assert status == 1
    pieces = screen_pieces(output)
    assert any("checking" in piece for piece in pieces)  # the bar was drawn
    findings = [piece for piece in pieces if FINDING.search(piece)]
    assert len(findings) == 80  # a name and a phone number in each draft
    assert all(piece.startswith(str(drafts)) and FINDING.match(piece) for piece in findings), findings


def test_the_progress_bar_speaks_the_output_language(drafts):
    status, output = on_a_terminal(["--config", str(EXAMPLE_CONFIG), "--quiet", "--progress", "--lang", "ja", str(drafts)])
    assert status == 1
    bar = [piece for piece in screen_pieces(output) if "━" in piece]
    assert bar and all("確認中" in piece and re.search(r"\d+件", piece) for piece in bar), bar
    assert not any("checking" in piece or " drafts" in piece for piece in bar)


def test_a_single_draft_shows_no_progress(drafts):
    status, output = on_a_terminal(["--config", str(EXAMPLE_CONFIG), "--progress", str(drafts / "r01.md")])
    assert status == 1 and FINDING.search(ESCAPE.sub("", output))
    assert "checking" not in output and "\x1b[?25l" not in output  # no bar, no hidden cursor


@pytest.mark.parametrize("how", ["--no-color", "NO_COLOR"])
def test_no_color_means_no_escape_codes_at_all(drafts, how):
    options, env = (["--no-color"], {}) if how == "--no-color" else ([], {"NO_COLOR": "1"})
    status, output = on_a_terminal(["--config", str(EXAMPLE_CONFIG), "--progress", *options, str(drafts)], env=env)
    assert status == 1
    assert "\x1b" not in output
    assert sum(bool(FINDING.match(line)) for line in output.splitlines()) == 80
    assert "40 drafts checked, 40 with findings" in output


def wrapped_blocks(lines: list[str], label: str) -> list[list[str]]:
    """Each `= label` line with the lines that continue it (indented past the label)."""
    blocks = []
    for number, line in enumerate(lines):
        if line.startswith(f"      = {label}: "):
            hang = " " * len(f"      = {label}: ")
            block = [line[len(hang):]]
            block += [rest[len(hang):] for rest in _continuations(lines[number + 1:], hang)]
            blocks.append(block)
    return blocks


def _continuations(lines: list[str], hang: str):
    for line in lines:
        if not line.startswith(hang) or line[len(hang)] == " ":
            return
        yield line


def test_why_and_instead_wrap_at_the_width_between_words(tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text("Huge thanks to my coworker Priya Raman. Text her on 090-1234-5678.\n", encoding="utf-8")
    status, output = on_a_terminal(["--config", str(EXAMPLE_CONFIG), "--no-color", str(draft)], columns=60)
    assert status == 1
    lines = output.replace("\r\n", "\n").splitlines()
    assert all(cell_len(line) <= 60 for line in lines), [line for line in lines if cell_len(line) > 60]
    from linter import Linter

    specs = {spec.id: spec for spec in Linter().specs}
    whys = wrapped_blocks(lines, "why")
    assert len(whys) == 2 and all(len(block) > 1 for block in whys)  # long enough to wrap at 60
    expected = {" ".join(specs[rule].why.split()) for rule in ("personal-info/private-person", "personal-info/phone-number")}
    assert {" ".join(block) for block in whys} == expected  # words whole: joining the lines gives the text back
    assert all(len(block) > 1 for block in wrapped_blocks(lines, "instead"))


def test_japanese_wraps_by_display_width(tmp_path):
    rules = tmp_path / "our-rules" / "confidential"
    rules.mkdir(parents=True)
    (rules / "wrap-test.yaml").write_text(
        "id: confidential/wrap-test\nkind: lexicon\nseverity: warning\nlanguages: [ja]\n"
        "summary: A rule worded in Japanese.\nmessage: 社外秘の言葉\n"
        f"why: {JA_WHY}\ninstead: {JA_INSTEAD}\n"
        "params:\n  patterns:\n    ja:\n      phrases: [\"極秘\"]\nexamples: {}\n", encoding="utf-8")
    config = tmp_path / "postlint.toml"
    config.write_text('[rules]\nextra = ["./our-rules/"]\nselect = ["confidential/wrap-test"]\n', encoding="utf-8")
    draft = tmp_path / "ja.md"
    draft.write_text("この件は極秘です。\n", encoding="utf-8")
    status, output = on_a_terminal(["--config", str(config), "--no-color", str(draft)], columns=50)
    assert status == 0
    lines = output.replace("\r\n", "\n").splitlines()
    assert all(cell_len(line) <= 50 for line in lines), lines
    (why,) = wrapped_blocks(lines, "why")
    (instead,) = wrapped_blocks(lines, "instead")
    assert "".join(why) == JA_WHY and "".join(instead) == JA_INSTEAD
    # 37 cells beside the label: 18 full-width characters a line, the last one whatever is left.
    assert len(why) > 2 and all(cell_len(line) == 36 for line in why[:-1])


def test_off_a_terminal_each_line_stays_whole(tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text("Text my coworker Priya Raman on 090-1234-5678.\n", encoding="utf-8")
    result = subprocess.run([*postlint_command(), "--config", str(EXAMPLE_CONFIG), str(draft)], capture_output=True,
                            text=True, env={**os.environ, "COLUMNS": "40"}, timeout=300)
    assert any(line.startswith("      = why: ") and len(line) > 100 for line in result.stdout.splitlines())
