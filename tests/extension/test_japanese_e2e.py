"""The extension for a Japanese user, in a Chromium whose UI is in Japanese: the Check control, the
panel, the warning before posting, the error messages, the popup and the options speak Japanese
(chrome.i18n, _locales/ja); findings come in the language of their sentence, or in Japanese when
chosen in the options. Screenshots of each composer with the panel open, in Japanese."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import free_port, screenshot
from .helpers import (
    PHONE, assert_clear_of_the_page, check_control, clip_around, finding, open_composer, panel_status,
    post_warning, posted, sized_composer,
)

JA_LINES = [f"明日の打ち上げ🍻 隣の佐藤花子さんの携帯は{PHONE}です。", "みんな来てね！"]
EN_LINES = [f"Text my neighbour Tom Baker at {PHONE} for a ride."]


@pytest.fixture(scope="module")
def browser_language() -> str:
    return "ja"


@pytest.mark.parametrize("kind", ["x", "linkedin", "textarea"])
def test_each_composer_with_the_panel_open_in_japanese(extension, pages_url, kind):
    page = extension.new_page("about:blank")
    page.set_viewport_size({"width": 1280, "height": 800})
    sized_composer(page, pages_url, kind, JA_LINES)
    expect(check_control(page)).to_contain_text("チェック")
    expect(check_control(page)).to_have_attribute("aria-label", "この投稿を postlint でチェック（Alt+Shift+L）")
    check_control(page).click()
    phone = finding(page, rule="personal-info/phone-number")
    expect(phone).to_have_count(1)
    expect(page.locator('[data-postlint="summary"]')).to_have_text("問題が 2 件あります（エラー 1 件、警告 1 件）。")
    expect(phone.locator(".badge")).to_have_text("エラー")
    expect(phone.locator(".category")).to_have_text("個人情報")
    expect(phone.locator(".message")).to_have_text("個人の電話番号")
    expect(phone.locator(".why strong")).to_have_text("理由:")
    expect(phone.locator('[data-postlint="apply"]')).to_have_text("伏せ字にする")
    expect(page.locator('[data-postlint="panel"]')).to_have_attribute("lang", "ja")
    expect(finding(page, rule="personal-info/private-person").locator('[data-postlint="apply"]')).to_have_text("イニシャルにする（S.H.）")
    geometry = assert_clear_of_the_page(page, kind, {"check", "panel"})
    screenshot(page, f"composer-{kind}-1280-ja")
    screenshot(page, f"composer-{kind}-1280-ja-clip", clip=clip_around(geometry))

    phone.locator('[data-postlint="apply"]').click()
    expect(page.locator("#composer")).to_contain_text("090-****-5926") if kind != "textarea" else \
        expect(page.locator("#composer")).to_have_value(f"{JA_LINES[0].replace(PHONE, '090-****-5926')}\n{JA_LINES[1]}")


def test_findings_follow_the_sentence_or_the_chosen_language(extension, pages_url):
    page = open_composer(extension, pages_url, "x", EN_LINES)
    check_control(page).click()
    phone = finding(page, rule="personal-info/phone-number")
    expect(phone.locator(".message")).to_have_text("Phone number of a person")
    expect(phone.locator(".words")).to_have_attribute("lang", "en")
    expect(phone.locator(".why strong")).to_have_text("理由:")  # the UI stays Japanese

    extension.configure(messages="ja")
    check_control(page).click()
    expect(phone.locator(".message")).to_have_text("個人の電話番号")
    expect(phone.locator(".words")).to_have_attribute("lang", "ja")
    expect(phone.locator('[data-postlint="apply"]')).to_have_text("伏せ字にする")


def test_warning_before_posting_in_japanese(extension, pages_url):
    extension.configure(warnOnPostHosts=["127.0.0.1"])
    page = open_composer(extension, pages_url, "linkedin", JA_LINES)
    page.click("#post")
    expect(post_warning(page)).to_have_text(
        "この投稿には未解決のエラーが 1 件あります。修正するか無視してください。このまま投稿するには、もう一度 「Post」 を押してください。")
    expect(posted(page)).to_have_count(0)
    finding(page, rule="personal-info/phone-number").locator('[data-postlint="ignore"]').click()
    expect(post_warning(page)).to_have_text("未解決のエラーはなくなりました。「Post」 を押すと投稿できます。")
    screenshot(page, "warn-before-posting-ja")


def test_server_down_message_popup_and_options_in_japanese(extension, pages_url):
    port = free_port()
    extension.configure(port=port)
    page = open_composer(extension, pages_url, "textarea", JA_LINES)
    check_control(page).click()
    expect(panel_status(page)).to_have_text(f"ポート {port} で postlint が動いていません。次のコマンドで起動してください: postlint serve --port {port}")
    expect(page.locator('[data-postlint="command"]')).to_have_text(f"postlint serve --port {port}")

    popup = extension.open_popup(beside=page)
    expect(popup.locator('[data-postlint="server-state"]')).to_have_text("停止中")
    expect(popup.locator("label[for=draft]")).to_have_text("ここに下書きを貼り付けてチェック")
    expect(popup.locator('[data-postlint="site-switch-label"]')).to_have_text("127.0.0.1 で投稿をチェック")
    assert popup.evaluate("document.documentElement.lang") == "ja"

    options = extension.new_page(extension.url("options/options.html"))
    expect(options.locator("h1")).to_have_text("postlint のオプション")
    expect(options.locator('[data-postlint="messages"] option[value="auto"]')).to_have_text("投稿に合わせる（各指摘をその文の言語で表示）")
    expect(options.locator('[data-postlint="privacy"] code')).to_have_text("postlint serve")
    screenshot(options, "options-ja")
