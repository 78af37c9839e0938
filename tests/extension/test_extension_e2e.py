"""The extension on composer pages in a real Chromium, against the real `postlint serve`.

Each test works as a person would: focus a composer on a fixture page, press Check (or the
shortcut), read the findings in the panel, click one to select its text, apply a fix or ignore
it; and, with the warning before posting switched on, post with the Post button or Ctrl+Enter.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import free_port, screenshot
from .helpers import (
    COMPOSER_PAGES, EN_DRAFT, JA_DRAFT, MASKED, PHONE, check_control, composer_text, finding, open_composer,
    panel_status, post_warning, posted, selected_text,
)

# --- composers ---------------------------------------------------------------------------------


def test_textarea_check_control_findings_selection_after_emoji_and_fix(extension, pages_url):
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    expect(check_control(page)).to_be_visible()
    check_control(page).click()

    phone = finding(page, rule="personal-info/phone-number")
    expect(phone).to_have_count(1)
    expect(phone).to_contain_text(PHONE)
    expect(phone.locator(".why")).not_to_be_empty()
    screenshot(page, "textarea-findings")

    phone.click()
    assert selected_text(page) == PHONE, "after ZWJ, flag and skin-tone emoji the finding selects exactly the number"

    phone.locator('[data-postlint="apply"]').click()
    expect(page.locator("#composer")).to_have_value(EN_DRAFT.replace(PHONE, MASKED))
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(0)


def test_contenteditable_japanese_selection_after_emoji(extension, pages_url):
    page = open_composer(extension, pages_url, "contenteditable", ["こんにちは！", JA_DRAFT])
    expect(check_control(page)).to_be_visible()
    check_control(page).click()

    phone = finding(page)
    expect(phone).to_have_count(1)
    phone.click()
    assert selected_text(page) == PHONE
    screenshot(page, "contenteditable-ja-selected")


def test_add_a_disclosure_appends_it_to_a_contenteditable_post(extension, pages_url):
    draft = "Just tried the new Glide Mini at the beach 🪁 honestly the best kite out there, grab one before they sell out!"
    page = open_composer(extension, pages_url, "contenteditable", [draft])
    check_control(page).click()
    promotion = finding(page, category="undisclosed-endorsement")
    expect(promotion).to_have_count(1)
    promotion.locator('[data-postlint="apply"]', has_text="Add a disclosure").click()
    expect(promotion).to_have_count(0)
    text = composer_text(page).replace("\u00a0", " ")
    assert text == draft + " (I work at Kitefin Labs) #ad"
    expect(panel_status(page)).to_be_hidden()


def test_nested_composer_select_and_mask_keeps_every_other_line(extension, pages_url):
    lines = ["Big week 🚀✨", "", f"Ping me 👉 {PHONE} for the details", "See you there 👋"]
    page = open_composer(extension, pages_url, "nested", lines)
    expect(check_control(page)).to_be_visible()
    check_control(page).click()

    phone = finding(page, rule="personal-info/phone-number")
    expect(phone).to_have_count(1)
    expect(phone).to_have_css("font-size", "13px")  # the page's CSS does not reach the panel
    screenshot(page, "nested-findings")
    phone.click()
    assert selected_text(page) == PHONE

    phone.locator('[data-postlint="apply"]').click()
    expect(page.locator('[data-text="true"]').nth(2)).to_have_text(f"Ping me 👉 {MASKED} for the details")
    texts = page.eval_on_selector_all("[data-block]", "blocks => blocks.map(b => b.textContent)")
    assert texts == [line.replace(PHONE, MASKED) for line in lines]


def test_keyboard_shortcut_checks(extension, pages_url):
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.keyboard.press("Alt+Shift+L")
    expect(finding(page)).to_have_count(1)
    assert composer_text(page) == EN_DRAFT


def test_ignore_hides_a_finding_for_this_post(extension, pages_url):
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    check_control(page).click()
    finding(page).locator('[data-postlint="ignore"]').click()
    expect(finding(page)).to_have_count(0)
    expect(page.locator('[data-postlint="summary"]')).to_have_text("No problems found.")
    assert composer_text(page) == EN_DRAFT


# --- the warning before posting: the Post button ------------------------------------------------


def test_warns_once_before_posting_with_unresolved_errors(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.click("#post")
    expect(post_warning(page)).to_contain_text("1 unresolved error")
    expect(post_warning(page)).to_contain_text("press “Post” again")
    expect(posted(page)).to_have_count(0)
    screenshot(page, "warn-before-posting")

    page.click("#post")
    expect(posted(page)).to_have_text([EN_DRAFT])


def test_after_the_fix_the_post_goes_through_at_once(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.click("#post")
    expect(post_warning(page)).to_be_visible()
    finding(page).locator('[data-postlint="apply"]').click()
    page.click("#post")
    expect(posted(page)).to_have_text([EN_DRAFT.replace(PHONE, MASKED)])


def test_warning_on_with_the_server_down_stops_one_press_only(extension, pages_url):
    extension.configure(port=free_port(), warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.click("#post")
    expect(post_warning(page)).to_contain_text("could not check this post")
    expect(panel_status(page)).to_contain_text("postlint is not running")
    expect(posted(page)).to_have_count(0)
    page.click("#post")
    expect(posted(page)).to_have_text([EN_DRAFT])


def test_clean_post_goes_through_with_the_warning_on(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "textarea", ["Lovely sunset at the beach today."])
    page.click("#post")
    expect(posted(page)).to_have_text(["Lovely sunset at the beach today."])


# --- the warning before posting: Ctrl/Cmd+Enter -------------------------------------------------


@pytest.mark.parametrize("kind", COMPOSER_PAGES)
def test_ctrl_enter_warns_once_and_keeps_the_draft(extension, pages_url, kind):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, kind, [EN_DRAFT])
    draft = composer_text(page)
    page.keyboard.press("Control+Enter")
    expect(post_warning(page)).to_contain_text("1 unresolved error")
    expect(post_warning(page)).to_contain_text("press Ctrl+Enter again")
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(1)
    expect(posted(page)).to_have_count(0)
    assert composer_text(page) == draft, "the stopped key press changed the draft"
    if kind == "nested":
        screenshot(page, "warn-before-posting-keyboard")

    page.keyboard.press("Control+Enter")
    expect(posted(page)).to_have_text([draft])
    expect(page.locator('[data-postlint="panel"]')).to_be_hidden()  # posted: the panel closes


def test_cmd_enter_after_a_check_warns_at_once(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "contenteditable", ["Hi all!", EN_DRAFT])
    check_control(page).click()
    expect(finding(page)).to_have_count(1)
    page.focus("#composer")
    page.keyboard.press("Meta+Enter")
    expect(post_warning(page)).to_contain_text("press ⌘+Enter again")
    expect(posted(page)).to_have_count(0)
    page.keyboard.press("Meta+Enter")
    expect(posted(page)).to_have_count(1)


def test_ctrl_enter_posts_a_clean_draft_once_after_checking_it(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "nested", ["Lovely sunset at the beach today 🌅"])
    page.keyboard.press("Control+Enter")
    expect(posted(page)).to_have_text(["Lovely sunset at the beach today 🌅"])
    page.wait_for_timeout(300)
    expect(posted(page)).to_have_count(1)
    expect(post_warning(page)).to_be_hidden()


def test_ctrl_enter_after_the_fix_posts_the_masked_draft(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.keyboard.press("Control+Enter")
    expect(post_warning(page)).to_be_visible()
    finding(page).locator('[data-postlint="apply"]').click()
    page.focus("#composer")
    page.keyboard.press("Control+Enter")
    expect(posted(page)).to_have_text([EN_DRAFT.replace(PHONE, MASKED)])


def test_ctrl_enter_is_left_alone_without_the_warning(extension, pages_url):
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.keyboard.press("Control+Enter")
    expect(posted(page)).to_have_text([EN_DRAFT])
    expect(post_warning(page)).to_be_hidden()
