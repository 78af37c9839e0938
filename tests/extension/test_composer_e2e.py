"""The extension in composers shaped like X's, LinkedIn's and a plain textarea, in a real Chromium
against the real `postlint serve`, as a native tool should behave there: its Check control and
panel never cover the Post button, the toolbar or the text (panel open and closed, 1280 and 800
px wide); the control follows the composer in the Tab order, Escape and a click outside close
the panel; findings are underlined in place (without touching the editor's DOM), follow edits and
open their card; the panel, counts and warning follow fixes, undo, ignore and edits; after
posting the panel closes."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import screenshot
from .helpers import (
    PHONE, assert_clear_of_the_page, check_control, clip_around, composer_text, finding, open_composer,
    panel_status, post_warning, posted, shadow, sized_composer, wait_for,
)

HEIGHT = 800
WIDTHS = (1280, 800)
MASKED = "090-****-5926"
LINES = [f"Launch party tonight 🎉 text my neighbour Tom Baker at {PHONE} for a ride.", "See you there 👋"]
# --- placement ------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["x", "linkedin", "textarea"])
def test_control_and_panel_never_cover_the_post_button_toolbar_or_text(extension, pages_url, kind, width):
    page = extension.new_page("about:blank")
    page.set_viewport_size({"width": width, "height": HEIGHT})
    sized_composer(page, pages_url, kind, LINES)
    expect(check_control(page)).to_be_visible()
    assert_clear_of_the_page(page, kind, {"check"})

    check_control(page).click()
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(1)
    geometry = assert_clear_of_the_page(page, kind, {"check", "panel"})
    screenshot(page, f"composer-{kind}-{width}-en")
    screenshot(page, f"composer-{kind}-{width}-en-clip", clip=clip_around(geometry))


def test_the_control_leaves_the_corner_when_the_text_reaches_it(extension, pages_url):
    page = open_composer(extension, pages_url, "linkedin", ["Short note"])
    expect(check_control(page)).to_be_visible()
    corner = check_control(page).bounding_box()
    editor = page.locator("#composer").bounding_box()
    assert corner["x"] + corner["width"] <= editor["x"] + editor["width"] and corner["y"] >= editor["y"], "inside the editor"
    for _ in range(9):
        page.keyboard.press("Enter")
        page.keyboard.type("Another line of the post that runs all the way across the editor")
    assert_clear_of_the_page(page, "linkedin", {"check"})
    assert check_control(page).bounding_box() != corner


# --- keyboard, Escape, outside click, roles -------------------------------------------------------


def focused_hook(page: Page) -> str | None:
    return shadow(page, "root => root.activeElement?.dataset.postlint ?? null")


def test_the_control_follows_the_composer_in_the_tab_order_and_escape_closes_the_panel(extension, pages_url):
    page = open_composer(extension, pages_url, "x", LINES)
    control = check_control(page)
    expect(control).to_have_attribute("aria-haspopup", "dialog")
    expect(control).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Tab")
    assert focused_hook(page) == "check", "Tab from the composer reaches the Check control"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "composer"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Add photos or video", \
        "then on to the page's next control"

    page.focus("#composer")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    panel = page.locator('[data-postlint="panel"]')
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(1)
    expect(panel).to_have_attribute("role", "dialog")
    expect(control).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert focused_hook(page) == "close", "the panel comes next in the Tab order"
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "composer", "Escape gives the focus back to the composer"
    assert composer_text(page) == "\n".join(LINES)

    control.click()
    expect(panel).to_be_visible()
    page.keyboard.press("Escape")  # from the composer too
    expect(panel).to_be_hidden()
    control.click()
    expect(panel).to_be_visible()
    page.mouse.click(5, 400)  # the page, outside the panel and the composer
    expect(panel).to_be_hidden()


# --- underlines -----------------------------------------------------------------------------------

HIGHLIGHTED = """(name) => { const h = CSS.highlights.get(name); return h ? [...h].map((r) => r.toString()) : []; }"""
HIGHLIGHT_CENTER = """(name) => { const r = [...CSS.highlights.get(name)][0].getClientRects()[0];
    return [r.left + r.width / 2, r.top + r.height / 2]; }"""


def test_underlines_in_a_rich_editor_use_the_highlight_api_and_follow_edits(extension, pages_url):
    page = open_composer(extension, pages_url, "x", LINES)
    editor_html = page.eval_on_selector("#composer", "e => e.innerHTML")
    check_control(page).click()
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(1)
    assert page.evaluate(HIGHLIGHTED, "postlint-error") == [PHONE]
    assert page.evaluate(HIGHLIGHTED, "postlint-warning") == ["Tom Baker"]
    assert page.eval_on_selector("#composer", "e => e.innerHTML") == editor_html, "the editor's DOM is untouched"
    screenshot(page, "underlines-x")

    page.keyboard.press("Escape")
    x, y = page.evaluate(HIGHLIGHT_CENTER, "postlint-error")
    page.mouse.move(x, y)
    active = page.locator('[data-postlint="finding"].active')
    expect(active).to_have_attribute("data-rule", "personal-info/phone-number")
    expect(page.locator('[data-postlint="panel"]')).to_be_visible()

    page.focus("#composer")
    page.keyboard.press("Control+Home")
    page.keyboard.type("Hi! ")
    wait_for(lambda: page.evaluate(HIGHLIGHTED, "postlint-error") == [PHONE])
    assert page.evaluate(HIGHLIGHTED, "postlint-warning") == ["Tom Baker"], "underlines move with the text"

    page.evaluate("""() => { const r = [...CSS.highlights.get('postlint-error')][0];
        const s = getSelection(); s.removeAllRanges(); const c = r.cloneRange(); c.collapse(true); c.setStart(c.startContainer, c.startOffset + 4); s.addRange(c); }""")
    page.keyboard.type("7")
    wait_for(lambda: page.evaluate(HIGHLIGHTED, "postlint-error") == [])
    phone = finding(page, rule="personal-info/phone-number")
    expect(phone).to_have_attribute("data-stale", "true")
    expect(phone.locator('[data-postlint="apply"]')).to_have_count(0)
    expect(page.locator('[data-postlint="summary"]')).to_have_text("1 problem: 1 warning.")
    expect(check_control(page).locator('[data-postlint="count"]')).to_have_text("1")
    expect(panel_status(page)).to_contain_text("1 finding changed since the check.")


def test_underlines_over_a_textarea_are_an_overlay_that_opens_cards(extension, pages_url):
    page = open_composer(extension, pages_url, "textarea", LINES)
    check_control(page).click()
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(1)
    marks = page.locator('[data-postlint="underlines"] mark')
    expect(marks).to_have_text(["Tom Baker", PHONE])
    expect(marks.nth(1)).to_have_class("sev-error")
    composer_box = page.locator("#composer").bounding_box()
    mark_box = marks.nth(1).bounding_box()
    assert composer_box["x"] < mark_box["x"] and mark_box["y"] + mark_box["height"] < composer_box["y"] + composer_box["height"]
    x, y = shadow(page, """root => { const r = root.querySelectorAll('[data-postlint="underlines"] mark')[1].getClientRects()[0];
        return [r.left + r.width / 2, r.top + r.height / 2]; }""")
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).id", [x, y]) == "composer", "the overlay lets the mouse through"
    page.keyboard.press("Escape")
    page.mouse.click(x, y)
    expect(page.locator('[data-postlint="finding"].active')).to_have_attribute("data-rule", "personal-info/phone-number")
    assert page.evaluate("document.activeElement.id") == "composer", "clicking the text still edits it"
    screenshot(page, "underlines-textarea")

    page.keyboard.press("Control+End")
    page.keyboard.type(" Bring snacks!")
    expect(marks).to_have_text(["Tom Baker", PHONE])


# --- state that follows the draft -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["textarea", "x"])
def test_fix_undo_ignore_and_edits_keep_the_panel_counts_and_warning_in_step(extension, pages_url, kind):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, kind, LINES)
    summary = page.locator('[data-postlint="summary"]')
    page.click("#post")
    expect(post_warning(page)).to_contain_text("1 unresolved error")
    expect(summary).to_have_text("2 problems: 1 error, 1 warning.")
    warning_card = finding(page, rule="personal-info/private-person")
    expect(warning_card).to_have_css("font-weight", "400")  # not styled like the warning banner
    expect(warning_card).not_to_have_css("background-color", "rgb(255, 244, 214)")

    finding(page, rule="personal-info/phone-number").locator('[data-postlint="apply"]').click()
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(0)
    expect(summary).to_have_text("1 problem: 1 warning.")
    expect(post_warning(page)).to_have_text("No unresolved errors left: press “Post” to post.")
    assert MASKED in composer_text(page)

    page.focus("#composer")
    page.keyboard.press("Control+z")
    wait_for(lambda: PHONE in composer_text(page))
    expect(finding(page, rule="personal-info/phone-number")).to_have_count(1)  # checked again after the undo
    expect(summary).to_have_text("2 problems: 1 error, 1 warning.")
    expect(post_warning(page)).to_contain_text("1 unresolved error")

    finding(page, rule="personal-info/phone-number").locator('[data-postlint="ignore"]').click()
    expect(summary).to_have_text("1 problem: 1 warning.")
    expect(post_warning(page)).to_have_text("No unresolved errors left: press “Post” to post.")

    person = finding(page, rule="personal-info/private-person")
    person.locator('[data-postlint="apply"]').click()  # initials
    wait_for(lambda: "T.B." in composer_text(page))
    expect(person).to_have_count(0)
    expect(summary).to_have_text("No problems found.")

    page.click("#post")
    expect(posted(page)).to_have_count(1)
    assert "T.B." in posted(page).inner_text() and PHONE in posted(page).inner_text()
    expect(page.locator('[data-postlint="panel"]')).to_be_hidden()  # posted: the panel closes
    expect(check_control(page).locator('[data-postlint="count"]')).to_be_hidden()


def test_one_click_fixes_in_the_browser_are_undoable(extension, pages_url):
    draft = "The Glide Mini is the best kite you can buy, get one before summer!"
    page = open_composer(extension, pages_url, "x", [draft])
    check_control(page).click()
    promotion = finding(page, category="undisclosed-endorsement")
    expect(promotion.locator('[data-postlint="apply"]')).to_have_text(["Add a disclosure", "Start with #ad"])
    promotion.locator('[data-postlint="apply"]', has_text="Start with #ad").click()
    wait_for(lambda: composer_text(page).replace("\u00a0", " ") == f"#ad {draft}")
    expect(promotion).to_have_count(0)
    page.focus("#composer")
    page.keyboard.press("Control+z")
    wait_for(lambda: composer_text(page).replace("\u00a0", " ") == draft)
    expect(finding(page, category="undisclosed-endorsement")).to_have_count(1)


def test_after_posting_without_the_warning_the_panel_closes(extension, pages_url):
    page = open_composer(extension, pages_url, "linkedin", LINES)
    check_control(page).click()
    expect(page.locator('[data-postlint="panel"]')).to_be_visible()
    page.click("#post")
    expect(posted(page)).to_have_count(1)
    expect(page.locator('[data-postlint="panel"]')).to_be_hidden()
    assert shadow(page, "root => root.querySelector('[data-postlint=\"underlines\"]').children.length") == 0
    assert page.evaluate("CSS.highlights.size") == 0
