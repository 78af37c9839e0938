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


def sized_composer(page: Page, pages_url: str, kind: str, lines: list[str]) -> Page:
    """What open_composer does, on a page already sized."""
    page.goto(f"{pages_url}/{kind}.html")
    if kind == "textarea":
        page.fill("#composer", "\n".join(lines))
        page.focus("#composer")
    else:
        page.evaluate("lines => setDraft(lines)", lines)
        page.click("#composer")
        page.keyboard.press("Control+End")
    return page


# The page's own controls around each composer: its toolbar and Post button (and a dialog's dismiss button).
PAGE_CONTROLS = {
    "x": ".toolbar button, .toolbar [role=button]",
    "linkedin": ".share-box_actions button, .share-box_footer button, .dismiss",
    "textarea": "#post",
}
GEOMETRY = """(selector) => {
    const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const root = document.querySelector('postlint-overlay').shadowRoot;
    const shown = (e) => e && !e.hidden && getComputedStyle(e).visibility !== 'hidden';
    const ours = ['check', 'panel'].map((hook) => root.querySelector(`[data-postlint="${hook}"]`))
      .filter(shown).map((e) => ({ hook: e.dataset.postlint, ...box(e.getBoundingClientRect()) }));
    const composer = document.getElementById('composer');
    let text;
    if (composer instanceof HTMLTextAreaElement) {
      const r = composer.getBoundingClientRect();
      const s = getComputedStyle(composer);
      const px = (name) => parseFloat(s[name]);
      text = [{ left: r.left + px('paddingLeft'), top: r.top + px('paddingTop'), right: r.right - px('paddingRight'), bottom: r.bottom - px('paddingBottom') }];
    } else {
      const range = document.createRange();
      range.selectNodeContents(composer);
      text = [...range.getClientRects()].filter((r) => r.width > 0).map(box);
    }
    const controls = [...document.querySelectorAll(selector)].map((e) => ({ label: e.getAttribute('aria-label') || e.textContent.trim(), ...box(e.getBoundingClientRect()) }));
    return { ours, text, controls, viewport: { width: document.documentElement.clientWidth, height: innerHeight } };
}"""


def intersects(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def shadow(page: Page, script: str):
    """Evaluate `script` (a function of the extension's shadow root) in the page."""
    return page.evaluate(f"() => ({script})(document.querySelector('postlint-overlay').shadowRoot)")


def assert_clear_of_the_page(page: Page, kind: str, expected: set[str]) -> dict:
    """No postlint element over the text, the toolbar or the Post button; all inside the viewport."""
    page.wait_for_timeout(100)  # a frame for the placement
    geometry = page.evaluate(GEOMETRY, PAGE_CONTROLS[kind])
    ours = geometry["ours"]
    assert {item["hook"] for item in ours} == expected
    assert geometry["text"] and geometry["controls"]
    assert any(control["label"] == "Post" for control in geometry["controls"])
    for item in ours:
        for text in geometry["text"]:
            assert not intersects(item, text), f"{item['hook']} covers the text: {item} {text}"
        for control in geometry["controls"]:
            assert not intersects(item, control), f"{item['hook']} covers “{control['label']}”: {item} {control}"
        assert 0 <= item["left"] and item["right"] <= geometry["viewport"]["width"]
        assert 0 <= item["top"] and item["bottom"] <= geometry["viewport"]["height"]
    return geometry


def clip_around(geometry: dict, padding: int = 16) -> dict:
    """The part of the viewport holding the composer, its controls and postlint's elements
    (a screenshot clip, for the README's pictures)."""
    boxes = [*geometry["ours"], *geometry["text"], *geometry["controls"]]
    left = max(0, min(b["left"] for b in boxes) - padding)
    top = max(0, min(b["top"] for b in boxes) - padding)
    right = min(geometry["viewport"]["width"], max(b["right"] for b in boxes) + padding)
    bottom = min(geometry["viewport"]["height"], max(b["bottom"] for b in boxes) + padding)
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}
