"""`make extension`: the Chrome and Firefox packages of the browser extension."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from .conftest import EXTENSION_DIR

BUILD = EXTENSION_DIR / "build.py"


def build(out) -> list:
    result = subprocess.run([sys.executable, str(BUILD), "--out", str(out)], capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if line]


def manifest_files(manifest: dict) -> set[str]:
    """Every file a manifest names."""
    named = {*manifest["icons"].values(), manifest["action"]["default_popup"], manifest["options_ui"]["page"]}
    background = manifest["background"]
    named.update(background.get("scripts", [background.get("service_worker")]))
    for script in manifest["content_scripts"]:
        named.update(script["js"])
    return named


def test_builds_a_chrome_and_a_firefox_package(tmp_path):
    chrome_zip, firefox_zip = build(tmp_path)
    assert chrome_zip.endswith("postlint-extension-chrome-0.1.0.zip")
    assert firefox_zip.endswith("postlint-extension-firefox-0.1.0.zip")
    with zipfile.ZipFile(chrome_zip) as chrome, zipfile.ZipFile(firefox_zip) as firefox:
        assert chrome.namelist() == firefox.namelist()
        names = set(chrome.namelist())
        chrome_manifest = json.loads(chrome.read("manifest.json"))
        firefox_manifest = json.loads(firefox.read("manifest.json"))
    assert {"build.py", "package.json"}.isdisjoint(names)
    assert manifest_files(chrome_manifest) <= names
    assert manifest_files(firefox_manifest) <= names
    assert chrome_manifest == json.loads((EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8"))

    assert firefox_manifest["background"] == {"scripts": ["background.js"], "type": "module"}
    assert firefox_manifest["browser_specific_settings"]["gecko"]["id"]
    assert "minimum_chrome_version" not in firefox_manifest
    assert firefox_manifest["permissions"] == chrome_manifest["permissions"]
    assert json.loads((tmp_path / "firefox" / "manifest.json").read_text()) == firefox_manifest


def test_packages_are_reproducible(tmp_path):
    first = [open(path, "rb").read() for path in build(tmp_path / "a")]
    second = [open(path, "rb").read() for path in build(tmp_path / "b")]
    assert first == second


def test_a_bad_output_folder_is_one_line_on_stderr(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = subprocess.run([sys.executable, str(BUILD), "--out", str(blocker / "dist")], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("build.py: error:") and len(result.stderr.strip().splitlines()) == 1
