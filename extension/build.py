"""Package the browser extension for the stores: `python extension/build.py [--out DIR]`.

extension/ loads unpacked in Chrome/Edge as it is. This writes, into DIR (default: dist/):
  postlint-extension-chrome-VERSION.zip    the folder as it is (a service worker)
  postlint-extension-firefox-VERSION.zip   the Firefox variant: background scripts instead of a
                                           service worker, browser_specific_settings
  firefox/                                 the Firefox variant unpacked (about:debugging)
Zips are reproducible: sorted entries, fixed timestamps.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import zipfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent
# Files that serve development only (this script, Node's module marker for the unit tests).
NOT_SHIPPED = {"build.py", "package.json"}
FIREFOX_ID = "postlint@postlint.local"
FIREFOX_MIN_VERSION = "128.0"
ZIP_TIMESTAMP = (2024, 1, 1, 0, 0, 0)


def shipped_files(source: Path = SOURCE) -> list[Path]:
    """The extension's files, relative to its folder, sorted."""
    return sorted(path.relative_to(source) for path in source.rglob("*")
                  if path.is_file() and path.name not in NOT_SHIPPED and "__pycache__" not in path.parts
                  and not path.name.startswith("."))


def firefox_manifest(manifest: dict) -> dict:
    """The Chrome manifest turned into Firefox's: an event page with module scripts, a gecko id."""
    variant = {key: value for key, value in manifest.items() if key != "minimum_chrome_version"}
    variant["background"] = {"scripts": [manifest["background"]["service_worker"]], "type": "module"}
    variant["browser_specific_settings"] = {"gecko": {
        "id": FIREFOX_ID, "strict_min_version": FIREFOX_MIN_VERSION,
        "data_collection_permissions": {"required": ["none"]},
    }}
    return variant


def write_zip(target: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])


def build(out: Path, source: Path = SOURCE) -> list[Path]:
    """Write both packages and the unpacked Firefox folder into `out`; return the zips."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    version = manifest["version"]
    contents = {path.as_posix(): (source / path).read_bytes() for path in shipped_files(source)}
    firefox = {**contents, "manifest.json": (json.dumps(firefox_manifest(manifest), indent=2) + "\n").encode()}
    out.mkdir(parents=True, exist_ok=True)
    chrome_zip = out / f"postlint-extension-chrome-{version}.zip"
    firefox_zip = out / f"postlint-extension-firefox-{version}.zip"
    write_zip(chrome_zip, contents)
    write_zip(firefox_zip, firefox)
    unpacked = out / "firefox"
    shutil.rmtree(unpacked, ignore_errors=True)
    for name, data in firefox.items():
        (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
        (unpacked / name).write_bytes(data)
    return [chrome_zip, firefox_zip]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Package the postlint browser extension for Chrome/Edge and Firefox.")
    parser.add_argument("--out", type=Path, default=SOURCE.parent / "dist", help="output folder (default: dist/)")
    args = parser.parse_args(argv)
    try:
        for path in build(args.out):
            print(path)
    except (OSError, ValueError, KeyError) as error:
        print(f"build.py: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
