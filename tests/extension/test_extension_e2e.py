"""The browser extension in a real Chromium, against the real `postlint serve`.

Each test works as a person would: focus a composer on a fixture page, press Check (or the
shortcut), read the findings in the panel, click one to select its text, apply a fix; the popup;
and what the panel says when the server is down, refuses the token, is slow or too slow.
"""
from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from .conftest import free_port, screenshot

PHONE = "090-3141-5926"
MASKED = "090-****-5926"
EN_DRAFT = f"Launch party tonight 🎉🎉 Text me at {PHONE} if you need a ride!"
JA_DRAFT = f"明日の打ち上げ🍻 参加する人は{PHONE}まで連絡ください。"
FINDING = '[data-postlint="finding"]'


def finding(page: Page, category: str = "personal-info", rule: str | None = None):
    selector = f'{FINDING}[data-category="{category}"]' + (f'[data-rule="{rule}"]' if rule else "")
    return page.locator(selector)


def check_control(page: Page):
    return page.locator('[data-postlint="check"]')


def panel_status(page: Page):
    return page.locator('[data-postlint="status"]')


def textarea_selection(page: Page) -> str:
    return page.eval_on_selector("#composer", "e => e.value.slice(e.selectionStart, e.selectionEnd)")


def dom_selection(page: Page) -> str:
    return page.evaluate("() => getSelection().toString()")


def composer_text(page: Page) -> str:
    return page.eval_on_selector("#composer", "e => e.value ?? e.innerText")


def open_textarea(extension, pages_url: str, text: str) -> Page:
    page = extension.new_page(f"{pages_url}/textarea.html")
    page.fill("#composer", text)
    page.focus("#composer")
    return page


def set_nested_draft(page: Page, lines: list[str]) -> None:
    page.evaluate("lines => setDraft(lines)", lines)
    page.click("#composer")


# --- composers ---------------------------------------------------------------------------------

def test_textarea_check_control_findings_selection_and_fix(extension, pages_url):
    page = open_textarea(extension, pages_url, EN_DRAFT)
    expect(check_control(page)).to_be_visible()
    check_control(page).click()

    phone = finding(page, rule="personal-info/phone-number")
    expect(phone).to_have_count(1)
    expect(phone).to_contain_text(PHONE)
    expect(phone.locator(".why")).not_to_be_empty()
    screenshot(page, "textarea-findings")

    phone.click()
    assert textarea_selection(page) == PHONE, "the finding after two emoji selects exactly the number"

    phone.locator('[data-postlint="apply"]').click()
    expect(page.locator("#composer")).to_have_value(EN_DRAFT.replace(PHONE, MASKED))
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(0)


def test_contenteditable_japanese_selection_after_emoji(extension, pages_url):
    page = extension.new_page(f"{pages_url}/contenteditable.html")
    page.click("#composer")
    page.keyboard.type("こんにちは！")
    page.keyboard.press("Enter")
    page.keyboard.type(JA_DRAFT)
    expect(check_control(page)).to_be_visible()
    check_control(page).click()

    phone = finding(page)
    expect(phone).to_have_count(1)
    phone.click()
    assert dom_selection(page) == PHONE
    screenshot(page, "contenteditable-ja-selected")


def test_add_a_disclosure_appends_it_to_a_contenteditable_post(extension, pages_url):
    page = extension.new_page(f"{pages_url}/contenteditable.html")
    page.click("#composer")
    draft = "Just tried the new Glide Mini at the beach 🪁 honestly the best kite out there, grab one before they sell out!"
    page.keyboard.type(draft)
    check_control(page).click()
    promotion = finding(page, category="undisclosed-endorsement")
    expect(promotion).to_have_count(1)
    promotion.locator('[data-postlint="apply"]').click()
    expect(promotion).to_have_count(0)
    text = composer_text(page).replace("\u00a0", " ")
    assert text == draft + " (I work at Kitefin Labs) #ad"
    expect(panel_status(page)).to_be_hidden()


def test_nested_composer_select_and_mask_keeps_every_other_line(extension, pages_url):
    page = extension.new_page(f"{pages_url}/nested.html")
    lines = ["Big week 🚀✨", "", f"Ping me 👉 {PHONE} for the details", "See you there 👋"]
    set_nested_draft(page, lines)
    expect(check_control(page)).to_be_visible()
    check_control(page).click()

    phone = finding(page, rule="personal-info/phone-number")
    expect(phone).to_have_count(1)
    expect(phone).to_have_css("font-size", "13px")  # the page's CSS does not reach the panel
    screenshot(page, "nested-findings")
    phone.click()
    assert dom_selection(page) == PHONE

    phone.locator('[data-postlint="apply"]').click()
    expect(page.locator('[data-text="true"]').nth(2)).to_have_text(f"Ping me 👉 {MASKED} for the details")
    texts = page.eval_on_selector_all("[data-block]", "blocks => blocks.map(b => b.textContent)")
    assert texts == [line.replace(PHONE, MASKED) for line in lines]


def test_phone_number_and_rumour_about_a_competitor_found_selected_and_fixed(extension, pages_url):
    page = extension.new_page(f"{pages_url}/nested.html")
    lines = [f"Launch party tonight 🎉 Text me at {PHONE} if you need a ride.",
             "Word is that Rivalsoft falsified their safety data."]
    set_nested_draft(page, lines)
    check_control(page).click()

    phone = finding(page, rule="personal-info/phone-number")
    rumour = finding(page, category="defamation")
    expect(phone).to_have_count(1)
    expect(rumour).to_have_count(1)
    screenshot(page, "phone-and-rumour")

    rumour.click()
    selected = dom_selection(page)
    assert "falsified" in selected and selected in lines[1]
    phone.click()
    assert dom_selection(page) == PHONE
    phone.locator('[data-postlint="apply"]').click()
    expect(page.locator("[data-block]").first).to_have_text(lines[0].replace(PHONE, MASKED))
    expect(page.locator("[data-block]").nth(1)).to_have_text(lines[1])
    expect(finding(page, category="defamation")).to_have_count(1)


def test_keyboard_shortcut_checks(extension, pages_url):
    page = open_textarea(extension, pages_url, EN_DRAFT)
    page.keyboard.press("Alt+Shift+L")
    expect(finding(page)).to_have_count(1)
    assert composer_text(page) == EN_DRAFT


def test_ignore_hides_a_finding_for_this_post(extension, pages_url):
    page = open_textarea(extension, pages_url, EN_DRAFT)
    check_control(page).click()
    finding(page).locator('[data-postlint="ignore"]').click()
    expect(finding(page)).to_have_count(0)
    expect(page.locator('[data-postlint="summary"]')).to_have_text("No problems found.")
    assert composer_text(page) == EN_DRAFT


def test_warns_once_before_posting_with_unresolved_errors(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_textarea(extension, pages_url, EN_DRAFT)
    page.click("#post")
    warning = page.locator('[data-postlint="post-warning"]')
    expect(warning).to_contain_text("1 unresolved error")
    expect(page.locator("#posted li")).to_have_count(0)
    screenshot(page, "warn-before-posting")

    page.click("#post")
    expect(page.locator("#posted li")).to_have_text([EN_DRAFT])


def test_after_the_fix_the_post_goes_through_at_once(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_textarea(extension, pages_url, EN_DRAFT)
    page.click("#post")
    expect(page.locator('[data-postlint="post-warning"]')).to_be_visible()
    finding(page).locator('[data-postlint="apply"]').click()
    page.click("#post")
    expect(page.locator("#posted li")).to_have_text([EN_DRAFT.replace(PHONE, MASKED)])


def test_warning_on_with_the_server_down_stops_one_press_only(extension, pages_url):
    extension.configure(port=free_port(), warnOnPostHosts=["127.0.0.1"])
    page = open_textarea(extension, pages_url, EN_DRAFT)
    page.click("#post")
    expect(page.locator('[data-postlint="post-warning"]')).to_contain_text("could not check this post")
    expect(panel_status(page)).to_contain_text("postlint is not running")
    expect(page.locator("#posted li")).to_have_count(0)
    page.click("#post")
    expect(page.locator("#posted li")).to_have_text([EN_DRAFT])


def test_clean_post_goes_through_with_the_warning_on(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_textarea(extension, pages_url, "Lovely sunset at the beach today.")
    page.click("#post")
    expect(page.locator("#posted li")).to_have_text(["Lovely sunset at the beach today."])


def test_site_switched_off_in_options_shows_no_control(extension, pages_url):
    options = extension.new_page(extension.url("options/options.html"))
    local = options.locator('[data-postlint="site-on"][data-site^="Local pages"]')
    expect(local).to_be_checked()
    local.uncheck()
    wait_for(lambda: "127.0.0.1" in extension.stored_settings()["disabledHosts"])
    page = open_textarea(extension, pages_url, EN_DRAFT)
    page.wait_for_timeout(300)
    expect(check_control(page)).to_be_hidden()


# --- the popup and the options -------------------------------------------------------------------

def test_popup_status_and_paste_and_check(extension):
    popup = extension.new_page(extension.url("popup/popup.html"))
    expect(popup.locator('[data-postlint="server-state"]')).to_have_text("Connected")
    popup.fill('[data-postlint="input"]', JA_DRAFT)
    popup.click('[data-postlint="check"]')
    phone = finding(popup)
    expect(phone).to_have_count(1)
    phone.click()
    assert popup.eval_on_selector('[data-postlint="input"]', "e => e.value.slice(e.selectionStart, e.selectionEnd)") == PHONE
    screenshot(popup, "popup-findings")


def test_options_save_port_and_token_and_test_the_connection(extension):
    options = extension.new_page(extension.url("options/options.html"))
    expect(options.locator('[data-postlint="port"]')).to_have_value(str(extension.server.port))
    options.fill('[data-postlint="token"]', "not-the-token")
    options.click('[data-postlint="save"]')
    expect(options.locator('[data-postlint="status"]')).to_contain_text("Saved")
    assert extension.stored_settings()["token"] == "not-the-token"
    options.click('[data-postlint="test"]')
    expect(options.locator('[data-postlint="status"]')).to_contain_text("refused the token")

    options.fill('[data-postlint="token"]', extension.server.token)
    options.click('[data-postlint="save"]')
    options.click('[data-postlint="test"]')
    expect(options.locator('[data-postlint="status"]')).to_contain_text("Connected: postlint")
    screenshot(options, "options")


# --- failure modes -------------------------------------------------------------------------------

def test_server_down_says_how_to_start_it_and_keeps_the_text(extension, pages_url):
    port = free_port()
    extension.configure(port=port)
    page = open_textarea(extension, pages_url, EN_DRAFT)
    check_control(page).click()
    expect(panel_status(page)).to_contain_text(f"postlint is not running on port {port}")
    expect(page.locator('[data-postlint="command"]')).to_have_text(f"postlint serve --port {port}")
    assert composer_text(page) == EN_DRAFT
    screenshot(page, "server-down")

    popup = extension.new_page(extension.url("popup/popup.html"))
    expect(popup.locator('[data-postlint="server-state"]')).to_have_text("Not running")
    expect(popup.locator('[data-postlint="command"]')).to_have_text(f"postlint serve --port {port}")


def test_wrong_token_is_a_clear_message(extension, pages_url):
    extension.configure(token="wrong")
    page = open_textarea(extension, pages_url, EN_DRAFT)
    check_control(page).click()
    expect(panel_status(page)).to_contain_text("refused the token")
    assert composer_text(page) == EN_DRAFT


def test_too_long_draft_is_a_clear_message_and_kept(extension, pages_url):
    page = open_textarea(extension, pages_url, "")
    page.eval_on_selector("#composer", "e => { e.value = 'Such a long story. '.repeat(60000); }")
    check_control(page).click()
    expect(panel_status(page)).to_contain_text("too long for postlint")
    assert page.eval_on_selector("#composer", "e => e.value.length") == 60000 * 19


def test_slow_server_shows_checking_then_the_findings(extension, pages_url, slow_server):
    slow_server.delay = 1.5
    extension.configure(port=slow_server.server_address[1])
    page = open_textarea(extension, pages_url, EN_DRAFT)
    check_control(page).click()
    expect(panel_status(page)).to_have_text("Checking…", timeout=1000)
    expect(finding(page)).to_have_count(1, timeout=5000)
    expect(panel_status(page)).to_be_hidden()


def test_too_slow_server_gives_up_after_five_seconds(extension, pages_url, slow_server):
    slow_server.delay = 9
    extension.configure(port=slow_server.server_address[1])
    page = open_textarea(extension, pages_url, EN_DRAFT)
    started = time.monotonic()
    check_control(page).click()
    expect(panel_status(page)).to_contain_text("did not answer within 5 seconds", timeout=8000)
    assert 4.5 < time.monotonic() - started < 7.5
    assert composer_text(page) == EN_DRAFT
    expect(finding(page)).to_have_count(0)


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)
