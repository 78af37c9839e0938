"""No network, ever: a check opens no socket (e-mail validation uses tldextract's bundled suffix
list), works in a process cut off from any network, and writes nothing under the user's home."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys

import pytest

from linter import Linter

from .conftest import EXAMPLE_CONFIG, EXAMPLES

DRAFT = ("Mail my coworker at ken.ito@mailbox.example or k.ito@gmail.com, "
         "her sister at hana@example.co.uk. 同僚のアドレスは sato.m@docomo.ne.jp です。")
ADDRESSES = ["ken.ito@mailbox.example", "k.ito@gmail.com", "hana@example.co.uk", "sato.m@docomo.ne.jp"]

# Runs before anything is imported: every way of reaching the network is recorded and refused.
_GUARDED_CHECK = """
import json, socket, sys
attempts = []
def refuse(name):
    def guard(*args, **kwargs):
        attempts.append(name)
        raise OSError("network access attempted: " + name)
    return guard
socket.socket.connect = refuse("connect")
socket.socket.connect_ex = refuse("connect_ex")
socket.create_connection = refuse("create_connection")
socket.getaddrinfo = refuse("getaddrinfo")
socket.gethostbyname = refuse("gethostbyname")
from linter import Linter
report = Linter.from_config(sys.argv[1]).check(sys.argv[2])
print(json.dumps({"attempts": attempts, "found": [f.text for f in report.findings]}))
"""


def test_a_check_opens_no_socket(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")

    for target, name in ((socket.socket, "connect"), (socket.socket, "connect_ex"), (socket, "create_connection"),
                         (socket, "getaddrinfo"), (socket, "gethostbyname")):
        monkeypatch.setattr(target, name, refuse)
    report = Linter.from_config(EXAMPLE_CONFIG).check(DRAFT)
    assert not attempts
    assert set(ADDRESSES) <= {f.text for f in report.findings}


def test_a_fresh_process_checks_without_network_and_writes_nothing_at_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", None)
    result = subprocess.run([sys.executable, "-c", _GUARDED_CHECK, str(EXAMPLE_CONFIG), DRAFT],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["attempts"] == []
    assert set(ADDRESSES) <= set(outcome["found"])
    assert list(home.rglob("*")) == [], "nothing may be cached or logged under the user's home"


def _network_namespace_available() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _network_namespace_available(), reason="needs unshare -n (a network namespace)")
def test_postlint_works_in_a_process_with_no_network_at_all():
    postlint = [sys.executable, "-m", "linter"]
    result = subprocess.run(["unshare", "-n", *postlint, "--config", str(EXAMPLE_CONFIG), "--format", "json", str(EXAMPLES)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(f["findings"] for f in json.loads(result.stdout)["files"])
