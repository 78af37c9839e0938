"""What the end-to-end tests do and read on a page, as a person would: write in a fixture composer,
press the extension's controls (data-postlint hooks in its open shadow root), read the selection."""
from __future__ import annotations

import time

from playwright.sync_api import Locator, Page

PHONE = "090-3141-5926"
MASKED = "090-****-5926"
# Emoji of one, two and several UTF-16 units before the number: a ZWJ family, a flag, a skin tone.
EN_DRAFT = f"Launch party tonight 🎉👩‍👩‍👧🇯🇵👍🏽 Text me at {PHONE} if you need a ride!"
JA_DRAFT = f"明日の打ち上げ🍻 参加する人は{PHONE}まで連絡ください。"
FINDING = '[data-postlint="finding"]'
COMPOSER_PAGES = ("textarea", "contenteditable", "nested")
# Composers shaped like the sites': X's (an editor over a toolbar row with Post at its right),
# LinkedIn's (a dialog: editor, toolbar, footer with Post), and a plain textarea.
SITE_PAGES = ("x", "linkedin", "textarea")


def finding(page: Page, category: str = "personal-info", rule: str | None = None) -> Locator:
    selector = f'{FINDING}[data-category="{category}"]' + (f'[data-rule="{rule}"]' if rule else "")
    return page.locator(selector)


def check_control(page: Page) -> Locator:
    return page.locator('[data-postlint="check"]')


def panel_status(page: Page) -> Locator:
    return page.locator('[data-postlint="status"]')


def post_warning(page: Page) -> Locator:
    return page.locator('[data-postlint="post-warning"]')


def posted(page: Page) -> Locator:
    """What the fixture site has posted, one item per post."""
    return page.locator("#posted li")


def selected_text(page: Page) -> str:
    """The text selected in the focused textarea, else in the document."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        return e instanceof HTMLTextAreaElement ? e.value.slice(e.selectionStart, e.selectionEnd) : getSelection().toString();
    }""")


def composer_text(page: Page) -> str:
    return page.eval_on_selector("#composer", "e => e.value ?? e.innerText")


def open_composer(extension, pages_url: str, kind: str, lines: list[str]) -> Page:
    """A fixture composer page (`kind` in COMPOSER_PAGES) holding `lines`, focused, caret at the end."""
    page = extension.new_page(f"{pages_url}/{kind}.html")
    if kind == "textarea":
        page.fill("#composer", "\n".join(lines))
        page.focus("#composer")
    elif kind in ("nested", "x", "linkedin"):
        page.evaluate("lines => setDraft(lines)", lines)
        page.click("#composer")
        page.keyboard.press("Control+End")
    else:
        page.click("#composer")
        for index, line in enumerate(lines):
            if index:
                page.keyboard.press("Enter")
            page.keyboard.type(line)
    return page


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)
