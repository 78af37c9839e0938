"""The HTML report, opened in Debian's Chromium (Playwright): self-contained, summary first,
spans highlighted, filter and sort with the keyboard, printable."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.finding import Finding, Severity
from linter.report.html import highlighted

from .conftest import EXAMPLE_CONFIG, ROOT

ARTIFACTS = ROOT / "test-artifacts" / "batch"
ROWS = [
    {"id": "spring-01", "text": "Lovely spring morning at the river.", "author": "mika", "channel": "x"},
    {"id": "spring-02", "text": "Call Ken on 090-3141-5926 or mail ken.ito.77@gmail.com to join.", "author": "mika", "channel": "x", "date": "2026-04-01"},
    {"id": "spring-03", "text": "佐藤さんの携帯は080-2718-2818です。<script>alert(1)</script>", "lang": "ja", "author": "ren", "channel": "instagram"},
    "{broken",
]


def chromium_path() -> str:
    """Debian's chromium; without it the test is skipped on a developer machine and fails in CI."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Debian's chromium is not installed")
    return found


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    export = folder / "campaign.jsonl"
    export.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", encoding="utf-8")
    out = folder / "report.html"
    result = CliRunner().invoke(app, ["check", "--jobs", "1", "--config", str(EXAMPLE_CONFIG), "--select",
                                      "personal-info/phone-number,personal-info/email-address",
                                      "--format", "html", "--output", str(out), str(export)])
    assert result.exit_code == 2, result.output  # the broken line
    return out


@pytest.fixture(scope="module")
def page(report_file):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--headless=new"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report_file.as_uri())
        page.requests = requests
        yield page
        browser.close()


def test_self_contained_and_summary_first(page, report_file):
    assert page.requests == [report_file.as_uri()]  # no stylesheet, script, font or image is fetched
    assert page.evaluate("document.querySelector('main').firstElementChild.id") == "summary"
    stats = dict(zip(page.locator(".stats dt").all_inner_texts(), page.locator(".stats dd").all_inner_texts()))
    assert stats["Drafts checked"] == "3" and stats["With findings"] == "2" and stats["Could not be read"] == "1"
    assert "personal-info: 3 error" in page.locator("svg.chart").get_attribute("aria-label")
    assert "campaign.jsonl:4: malformed JSON" in page.locator("#problems").inner_text()


def test_spans_highlighted_beside_their_messages(page):
    draft = page.locator("article", has=page.locator("h3", has_text="spring-02"))
    assert draft.locator("mark").all_inner_texts() == ["090-3141-5926", "ken.ito.77@gmail.com"]
    assert "Phone number" in draft.locator(".messages li").first.inner_text()
    ja = page.locator("article", has=page.locator("h3", has_text="spring-03"))
    assert ja.locator(".text").get_attribute("lang") == "ja"
    assert "<script>alert(1)</script>" in ja.locator(".text").inner_text()  # draft text is escaped, not run
    assert page.locator("article h3").all_inner_texts() == ["spring-02", "spring-03"]  # clean drafts are left out


def test_filter_and_sort_with_the_keyboard(page):
    page.focus("#f-author")
    page.keyboard.press("ArrowDown")  # all -> mika
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-02"]
    assert page.locator("#f-status").inner_text() == "Showing 1 of 2 flagged drafts."
    page.keyboard.press("Tab")  # on to the channel filter
    assert page.evaluate("document.activeElement.id") == "f-channel"
    page.focus("#f-reset")
    page.keyboard.press("Enter")
    assert page.locator("article:visible").count() == 2
    page.select_option("#f-sort", "count")
    assert page.locator("article h3").all_inner_texts() == ["spring-02", "spring-03"]
    page.select_option("#f-sort", "author")
    assert page.locator("article h3").all_inner_texts() == ["spring-02", "spring-03"]
    page.select_option("#f-category", "personal-info")
    assert page.locator("article:visible").count() == 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)


def test_printable(page):
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible()
    assert page.locator("article").first.is_visible()
    page.emulate_media(media="screen")


def test_overlapping_spans_are_split_where_they_meet():
    def finding(start, end, category, severity):
        return Finding(rule=f"{category}/x", category=category, severity=severity, start=start, end=end,
                       line=1, column=start + 1, text="", message="", why="")

    text = "Ask Ken Ito <ken@example.jp> now"
    html = highlighted(text, [finding(4, 11, "personal-info", Severity.WARNING),
                              finding(8, 28, "defamation", Severity.ERROR)], "d1")
    assert html == ('Ask <mark class="sev-warning" data-categories="personal-info">Ken </mark>'
                    '<mark class="sev-error" data-categories="defamation personal-info">Ito</mark>'
                    '<a class="ref" href="#d1-m1" id="d1-r1" aria-label="finding 1"><sup>1</sup></a>'
                    '<mark class="sev-error" data-categories="defamation"> &lt;ken@example.jp&gt;</mark>'
                    '<a class="ref" href="#d1-m2" id="d1-r2" aria-label="finding 2"><sup>2</sup></a> now')
