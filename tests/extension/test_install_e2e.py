"""Issue 5, "Done when", end to end: a person installs the packaged extension (the Chrome zip that
`make extension` builds), points it at `postlint serve` in the options, writes a post with a phone
number and a rumour about a competitor in a composer, presses Check, sees both findings, clicks
each to select exactly its text, and masks the number with the fix."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
import zipfile

import pytest
from playwright.sync_api import expect

from .conftest import EXTENSION_DIR, screenshot
from .helpers import COMPOSER_PAGES, MASKED, PHONE, check_control, composer_text, finding, open_composer, \
    selected_text

LINES = [f"Launch party tonight 🎉 Text me at {PHONE} if you need a ride.",
         "Rumour has it Rivalsoft faked their crash tests."]


@pytest.fixture(scope="module")
def extension_dir(tmp_path_factory):
    """The Chrome package, built and unzipped: what a person installs."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, str(EXTENSION_DIR / "build.py"), "--out", str(out)], check=True, capture_output=True)
    unpacked = out / "chrome"
    with zipfile.ZipFile(next(out.glob("postlint-extension-chrome-*.zip"))) as package:
        package.extractall(unpacked)
    return unpacked


@pytest.fixture(scope="module")
def installed(loaded_extension):
    """The freshly installed extension, set up as the README says: port and token in the options."""
    server = loaded_extension.server
    options = loaded_extension.new_page(loaded_extension.url("options/options.html"))
    expect(options.locator('[data-postlint="port"]')).to_have_value("7678")
    options.fill('[data-postlint="port"]', str(server.port))
    options.fill('[data-postlint="token"]', server.token)
    options.click('[data-postlint="save"]')
    options.click('[data-postlint="test"]')
    expect(options.locator('[data-postlint="status"]')).to_contain_text("Connected: postlint")
    loaded_extension.close_pages()
    yield loaded_extension
    loaded_extension.close_pages()


def flagged_text(server, text: str, category: str) -> str:
    """The text `postlint serve` itself flags in `text` for `category` (what a finding must select)."""
    request = urllib.request.Request(
        f"{server.url}/v1/check", data=json.dumps({"text": text}).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {server.token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        findings = json.load(response)["findings"]
    return next(item["text"] for item in findings if item["category"] == category)


@pytest.mark.parametrize("kind", COMPOSER_PAGES)
def test_phone_number_and_rumour_found_selected_and_masked(installed, pages_url, kind):
    page = open_composer(installed, pages_url, kind, LINES)
    draft = composer_text(page)
    expect(check_control(page)).to_be_visible()
    check_control(page).click()

    phone = finding(page, category="personal-info", rule="personal-info/phone-number")
    rumour = finding(page, category="defamation")
    expect(phone).to_have_count(1)
    expect(rumour).to_have_count(1)
    screenshot(page, f"done-when-{kind}-findings")

    rumour.click()
    assert selected_text(page) == flagged_text(installed.server, "\n".join(LINES), "defamation")
    phone.click()
    assert selected_text(page) == PHONE

    phone.locator('[data-postlint="apply"]').click()
    expect(phone).to_have_count(0)
    expect(rumour).to_have_count(1)
    assert composer_text(page).replace("\u00a0", " ") == draft.replace(PHONE, MASKED).replace("\u00a0", " ")
    screenshot(page, f"done-when-{kind}-masked")
