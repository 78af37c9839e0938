"""The HTML report, opened in Debian's Chromium (Playwright): self-contained, summary first,
spans highlighted, filters that apply to findings, clean drafts counted and listable, sort by the
fields the input has, a why repeated for one rule in a draft shown once, printable."""
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


# No author, channel or date; several categories; one rule twice in a draft.
PLAIN_ROWS = [
    {"id": "p1", "text": "Text my sister at 503-555-0129, or my brother at 503-555-0188. Rumour has it Rivalsoft faked their crash tests."},
    {"id": "p2", "text": "Lovely spring morning at the river."},
    {"id": "p3", "text": "The Glide Mini is the best kite you can buy, get one before summer!"},
]


def html_report(folder: Path, rows: list, *options: str) -> Path:
    export = folder / "campaign.jsonl"
    export.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = folder / "report.html"
    CliRunner().invoke(app, ["check", "--jobs", "1", "--config", str(EXAMPLE_CONFIG), *options,
                             "--format", "html", "--output", str(out), str(export)])
    return out


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    return html_report(tmp_path_factory.mktemp("html"), ROWS,
                       "--select", "personal-info/phone-number,personal-info/email-address")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--headless=new"])
        yield browser
        browser.close()


def open_report(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.requests = requests
    return page


@pytest.fixture(scope="module")
def page(browser, report_file):
    return open_report(browser, report_file)


@pytest.fixture(scope="module")
def plain_page(browser, tmp_path_factory):
    return open_report(browser, html_report(tmp_path_factory.mktemp("plain"), PLAIN_ROWS))


def test_self_contained_and_summary_first(page, report_file):
    assert page.requests == [report_file.as_uri()]  # no stylesheet, script, font or image is fetched
    assert page.evaluate("document.querySelector('main').firstElementChild.id") == "summary"
    stats = dict(zip(page.locator(".stats dt").all_inner_texts(), page.locator(".stats dd").all_inner_texts()))
    assert stats["Drafts checked"] == "3" and stats["With findings"] == "2" and stats["Could not be read"] == "1"
    assert stats["Clean"] == "1"
    assert "personal-info: 3 error" in page.locator("svg.chart").get_attribute("aria-label")
    assert "campaign.jsonl:4: malformed JSON" in page.locator("#problems").inner_text()


def test_spans_highlighted_beside_their_messages(page):
    draft = page.locator("article", has=page.locator("h3", has_text="spring-02"))
    assert draft.locator("mark").all_inner_texts() == ["090-3141-5926", "ken.ito.77@gmail.com"]
    assert "Phone number" in draft.locator(".messages li").first.inner_text()
    ja = page.locator("article", has=page.locator("h3", has_text="spring-03"))
    assert ja.locator(".text").get_attribute("lang") == "ja"
    assert "<script>alert(1)</script>" in ja.locator(".text").inner_text()  # draft text is escaped, not run
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-02", "spring-03"]  # clean drafts are listed on request


def test_filter_and_sort_with_the_keyboard(page):
    page.focus("#f-author")
    page.keyboard.press("ArrowDown")  # all -> mika
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-02"]
    assert page.locator("#f-status").inner_text() == "Showing 1 of 2 flagged drafts (2 findings)."
    page.keyboard.press("Tab")  # on to the channel filter
    assert page.evaluate("document.activeElement.id") == "f-channel"
    page.focus("#f-reset")
    page.keyboard.press("Enter")
    assert page.locator("article:visible").count() == 2
    page.select_option("#f-sort", "count")
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-02", "spring-03"]
    page.select_option("#f-sort", "author")
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-02", "spring-03"]
    page.select_option("#f-category", "personal-info")
    assert page.locator("article:visible").count() == 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)


def test_printable(page):
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible()
    assert page.locator("article:not(.clean)").first.is_visible()
    page.emulate_media(media="screen")


def test_overlapping_spans_are_split_where_they_meet():
    def finding(start, end, category, severity):
        return Finding(rule=f"{category}/x", category=category, severity=severity, start=start, end=end,
                       line=1, column=start + 1, text="", message="", why="")

    text = "Ask Ken Ito <ken@example.jp> now"
    html = highlighted(text, [finding(4, 11, "personal-info", Severity.WARNING),
                              finding(8, 28, "defamation", Severity.ERROR)], "d1")
    assert html == ('Ask <mark class="sev-warning" data-categories="personal-info" data-findings="1">Ken </mark>'
                    '<mark class="sev-error" data-categories="defamation personal-info" data-findings="1 2">Ito</mark>'
                    '<a class="ref" href="#d1-m1" id="d1-r1" data-finding="1" aria-label="finding 1"><sup>1</sup></a>'
                    '<mark class="sev-error" data-categories="defamation" data-findings="2"> &lt;ken@example.jp&gt;</mark>'
                    '<a class="ref" href="#d1-m2" id="d1-r2" data-finding="2" aria-label="finding 2"><sup>2</sup></a> now')


def test_clean_drafts_are_listed_when_asked(page):
    page.click("#f-reset")
    page.select_option("#f-category", "personal-info")
    page.select_option("#f-show", "clean")
    assert page.locator("#f-category").is_disabled(), "clean drafts have no findings to filter"
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-01"]
    assert page.locator("#f-status").inner_text() == "Showing 1 of 1 clean drafts."
    assert "Lovely spring morning" in page.locator("article:visible .text").inner_text()
    page.select_option("#f-show", "all")
    page.select_option("#f-category", "")
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-01", "spring-02", "spring-03"]
    page.click("#f-reset")
    assert page.locator("article:visible h3").all_inner_texts() == ["spring-02", "spring-03"]


def test_sort_and_filters_offer_only_the_fields_the_input_has(page, plain_page):
    assert page.locator("#f-sort option").all_inner_texts() == [
        "input order", "most severe first", "most findings first", "id", "author", "channel", "date"]
    assert plain_page.locator("#f-sort option").all_inner_texts() == ["input order", "most severe first", "most findings first", "id"]
    assert plain_page.locator("#f-author, #f-channel").count() == 0


def test_filters_apply_to_the_findings_of_a_draft(plain_page):
    draft = plain_page.locator("article", has=plain_page.locator("h3", has_text="p1"))
    assert draft.locator(".messages li:visible").count() == 3
    plain_page.select_option("#f-category", "defamation")
    assert plain_page.locator("article:visible h3").all_inner_texts() == ["p1"]
    assert [text.split()[2] for text in draft.locator(".messages li:visible").all_inner_texts()] == ["defamation"]
    assert draft.locator("mark:not(.off)").all_inner_texts() == ["faked their crash tests"]
    assert draft.locator("a.ref:visible").all_inner_texts() == ["3"]
    assert plain_page.locator("#f-status").inner_text() == "Showing 1 of 2 flagged drafts (1 finding)."
    plain_page.select_option("#f-category", "")
    plain_page.select_option("#f-severity", "warning")
    assert plain_page.locator("article:visible h3").all_inner_texts() == ["p3"]
    plain_page.click("#f-reset")
    assert draft.locator("mark.off").count() == 0


def test_a_why_repeated_for_the_same_rule_in_a_draft_is_shown_once(plain_page):
    draft = plain_page.locator("article", has=plain_page.locator("h3", has_text="p1"))
    first, second = draft.locator('.messages li[data-category="personal-info"]').all()
    assert first.locator(".why").count() == 1
    assert second.locator(".why").count() == 0
    assert second.locator(".same").inner_text() == "Why: as for 1"
    assert second.locator(".instead").count() == 1, "the instead names this number's own masked form"
    assert draft.locator(".why").count() == 2, "one for the phone numbers, one for the rumour"
