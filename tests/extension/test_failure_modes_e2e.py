"""What the composer's panel says when postlint cannot check: the server is down, refuses the token,
is slow or too slow, or the draft is too long. Each is a clear message, and the draft is kept."""
from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from .conftest import free_port, screenshot
from .helpers import EN_DRAFT, PHONE, check_control, composer_text, finding, open_composer, panel_status

NESTED_LINES = ["Big week 🚀✨", f"Ping me 👉 {PHONE} for the details"]


def expect_error_and_draft_kept(page: Page, message: str, draft: str, timeout: float = 5000) -> None:
    expect(panel_status(page)).to_contain_text(message, timeout=timeout)
    expect(panel_status(page)).to_have_attribute("data-kind", "error")
    expect(finding(page)).to_have_count(0)
    assert composer_text(page) == draft, "the draft changed"


def test_server_down_says_how_to_start_it_and_keeps_the_draft(extension, pages_url):
    port = free_port()
    extension.configure(port=port)
    page = open_composer(extension, pages_url, "nested", NESTED_LINES)
    draft = composer_text(page)
    check_control(page).click()
    expect_error_and_draft_kept(page, f"postlint is not running on port {port}", draft)
    expect(page.locator('[data-postlint="command"]')).to_have_text(f"postlint serve --port {port}")
    screenshot(page, "server-down")

    extension.configure()
    check_control(page).click()
    expect(finding(page)).to_have_count(1)
    expect(panel_status(page)).to_be_hidden()


def test_wrong_token_is_a_clear_message(extension, pages_url):
    extension.configure(token="wrong")
    page = open_composer(extension, pages_url, "contenteditable", [EN_DRAFT])
    draft = composer_text(page)
    check_control(page).click()
    expect_error_and_draft_kept(page, "refused the token", draft)
    expect(panel_status(page)).to_contain_text("options")
    screenshot(page, "wrong-token")


def test_too_long_draft_is_a_clear_message_and_kept(extension, pages_url):
    page = open_composer(extension, pages_url, "textarea", [""])
    page.eval_on_selector("#composer", "e => { e.value = 'Such a long story. '.repeat(60000); }")
    check_control(page).click()
    expect_error_and_draft_kept(page, "too long for postlint", "Such a long story. " * 60000)


def test_slow_server_shows_checking_after_150_ms_then_the_findings(extension, pages_url, slow_server):
    slow_server.delay = 1.5
    extension.configure(port=slow_server.server_address[1])
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.evaluate("""() => {
        const root = document.querySelector('postlint-overlay').shadowRoot;
        const status = root.querySelector('[data-postlint="status"]');
        let pressed = 0;
        root.querySelector('[data-postlint="check"]').addEventListener('click', () => { pressed = performance.now(); });
        window.busyAfterMs = new Promise((resolve) => new MutationObserver((_, observer) => {
            if (status.hidden || status.textContent !== 'Checking…') return;
            observer.disconnect();
            resolve(performance.now() - pressed);
        }).observe(status, { attributes: true, childList: true, subtree: true, characterData: true }));
    }""")
    check_control(page).click()
    busy_after = page.evaluate("() => window.busyAfterMs")
    assert 145 <= busy_after < 1000, f"'Checking…' showed {busy_after:.0f} ms after the press"
    screenshot(page, "checking")
    expect(finding(page)).to_have_count(1, timeout=5000)
    expect(panel_status(page)).to_be_hidden()
    assert composer_text(page) == EN_DRAFT


def test_too_slow_server_gives_up_after_five_seconds(extension, pages_url, slow_server):
    slow_server.delay = 9
    extension.configure(port=slow_server.server_address[1])
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    started = time.monotonic()
    check_control(page).click()
    expect_error_and_draft_kept(page, "did not answer within 5 seconds", EN_DRAFT, timeout=8000)
    assert 4.5 < time.monotonic() - started < 7.5
