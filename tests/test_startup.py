"""Commands that only print (--version, --help, init, rules, explain) import no spaCy, Presidio or
model, so they start at once (their time is measured in bench/, never asserted here); rule kinds
are imported when a rule of theirs is built."""
from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from linter.rules.base import KIND_MODULES, KINDS

from .conftest import ROOT

HEAVY = {"spacy", "presidio_analyzer", "thinc", "ginza", "sudachipy", "tldextract", "phonenumbers", "numpy", "torch"}
RUN_AND_LIST_IMPORTS = """
import sys
from linter.cli import app
try:
    app(sys.argv[1:], prog_name="postlint")
except SystemExit:
    pass
print("\\nimported: " + " ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize("args", [
    ["--version"], ["--help"], ["check", "--help"], ["serve", "--help"], ["rules"], ["rules", "--format", "json"],
    ["explain", "personal-info/phone-number"], ["explain", "personal-info"], ["init"],
], ids=" ".join)
def test_small_commands_import_no_nlp_library_or_model(tmp_path, args):
    result = subprocess.run([sys.executable, "-c", RUN_AND_LIST_IMPORTS, *args], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.rsplit("imported: ", 1)[1].split())
    assert not imported & HEAVY, sorted(imported & HEAVY)


def test_every_kind_module_registers_the_kind_it_is_listed_for():
    for module in KIND_MODULES.values():
        importlib.import_module(f"linter.rules.{module}")
    assert set(KINDS) == set(KIND_MODULES)


def test_a_run_collects_garbage_again_once_its_first_draft_is_checked(tmp_path):
    """The console script pauses Python's garbage collector while the models load, and turns it
    back on (with what was loaded frozen out of its way) for the rest of a batch."""
    for number in range(3):
        (tmp_path / f"post{number}.md").write_text(f"Post {number}: lunch at noon?\n", encoding="utf-8")
    script = """
import gc, os, sys
from linter.cli import main
leave = os._exit
def report_and_leave(status):
    print(f"collecting={gc.isenabled()} frozen={gc.get_freeze_count() > 0} status={status}", flush=True)
    leave(status)
os._exit = report_and_leave
sys.argv = ["postlint", *sys.argv[1:]]
main()
"""
    result = subprocess.run([sys.executable, "-c", script, "--quiet", str(tmp_path)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.stdout.splitlines()[-1] == "collecting=True frozen=True status=0", result.stderr
