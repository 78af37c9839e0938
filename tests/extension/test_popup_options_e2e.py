"""The toolbar popup (server status, paste-and-check, postlint on/off for the current site) and the
options page (port, token, language, sites, warning before posting) in a real Chromium."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import free_port, screenshot
from .helpers import EN_DRAFT, JA_DRAFT, PHONE, check_control, finding, open_composer, post_warning, posted, \
    selected_text, wait_for

LOCAL_PAGES = '[data-site^="Local pages"]'


def server_state(popup: Page):
    return popup.locator('[data-postlint="server-state"]')


def options_status(options: Page):
    return options.locator('[data-postlint="status"]')


def refocus_composer(page: Page) -> None:
    """Leave the composer and come back to it, as a person clicking around the page does."""
    page.bring_to_front()
    page.click("h1")
    page.click("#composer")


# --- popup ---------------------------------------------------------------------------------------

def test_popup_says_connected_with_the_port(extension):
    popup = extension.new_page(extension.url("popup/popup.html"))
    expect(server_state(popup)).to_have_text("Connected")
    expect(popup.locator('[data-postlint="server-status"]')).to_contain_text(f"is running on port {extension.server.port}")


def test_popup_says_not_running_with_the_exact_command(extension):
    port = free_port()
    extension.configure(port=port)
    popup = extension.new_page(extension.url("popup/popup.html"))
    expect(server_state(popup)).to_have_text("Not running")
    expect(popup.locator('[data-postlint="server-status"]')).to_contain_text(f"postlint is not running on port {port}")
    expect(popup.locator('[data-postlint="command"]')).to_have_text(f"postlint serve --port {port}")
    screenshot(popup, "popup-not-running")


def test_popup_paste_and_check(extension):
    popup = extension.new_page(extension.url("popup/popup.html"))
    popup.click('[data-postlint="check"]')
    expect(popup.locator('[data-postlint="status"]')).to_have_text("Paste or write a draft first.")

    popup.fill('[data-postlint="input"]', JA_DRAFT)
    popup.click('[data-postlint="check"]')
    phone = finding(popup)
    expect(phone).to_have_count(1)
    expect(popup.locator('[data-postlint="summary"]')).to_contain_text("1 error")
    phone.click()
    assert selected_text(popup) == PHONE
    assert popup.input_value('[data-postlint="input"]') == JA_DRAFT
    screenshot(popup, "popup-findings")


def test_popup_switches_postlint_off_and_on_for_the_current_site(extension, pages_url):
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    expect(check_control(page)).to_be_visible()
    popup = extension.open_popup(page)
    expect(popup.locator('[data-postlint="site-host"]')).to_have_text("127.0.0.1")
    toggle = popup.locator('[data-postlint="site-toggle"]')
    expect(toggle).to_be_checked()
    screenshot(popup, "popup-site-switch")

    toggle.uncheck()
    expect(check_control(page)).to_be_hidden()
    assert "127.0.0.1" in extension.stored_settings()["disabledHosts"]
    refocus_composer(page)
    page.wait_for_timeout(200)
    expect(check_control(page)).to_be_hidden()

    toggle.check()
    wait_for(lambda: not extension.stored_settings()["disabledHosts"])
    refocus_composer(page)
    check_control(page).click()
    expect(finding(page)).to_have_count(1)


# --- options -------------------------------------------------------------------------------------

def test_options_port_and_token_and_test_the_connection(extension):
    options = extension.new_page(extension.url("options/options.html"))
    expect(options.locator('[data-postlint="port"]')).to_have_value(str(extension.server.port))
    options.fill('[data-postlint="token"]', "not-the-token")
    options.click('[data-postlint="save"]')
    expect(options_status(options)).to_contain_text("Saved")
    assert extension.stored_settings()["token"] == "not-the-token"
    options.click('[data-postlint="test"]')
    expect(options_status(options)).to_contain_text("refused the token")

    port = free_port()
    options.fill('[data-postlint="port"]', str(port))
    options.fill('[data-postlint="token"]', extension.server.token)
    options.click('[data-postlint="save"]')
    expect(options_status(options)).to_contain_text(f"Saved. The extension talks to postlint on port {port}.")
    options.click('[data-postlint="test"]')
    expect(options.locator('[data-postlint="command"]')).to_have_text(f"postlint serve --port {port}")

    options.fill('[data-postlint="port"]', str(extension.server.port))
    options.click('[data-postlint="save"]')
    options.click('[data-postlint="test"]')
    expect(options_status(options)).to_contain_text("Connected: postlint")
    assert extension.stored_settings()["port"] == extension.server.port
    screenshot(options, "options")


def test_options_language_goes_with_every_check(extension, pages_url, slow_server):
    slow_server.delay = 0
    slow_server.bodies.clear()
    extension.configure(port=slow_server.server_address[1])
    page = open_composer(extension, pages_url, "textarea", [JA_DRAFT])
    check_control(page).click()
    expect(finding(page)).to_have_count(1)
    assert slow_server.bodies[-1]["language"] == "auto"

    options = extension.new_page(extension.url("options/options.html"))
    options.select_option('[data-postlint="language"]', "ja")
    options.click('[data-postlint="save"]')
    expect(options_status(options)).to_contain_text("Saved")
    assert extension.stored_settings()["language"] == "ja"
    page.bring_to_front()
    check_control(page).click()
    wait_for(lambda: len(slow_server.bodies) == 2)
    assert slow_server.bodies[-1] == {"text": JA_DRAFT, "format": "plain", "language": "ja"}
    expect(finding(page)).to_have_count(1)


def test_options_switch_a_site_off(extension, pages_url):
    options = extension.new_page(extension.url("options/options.html"))
    local = options.locator(f'[data-postlint="site-on"]{LOCAL_PAGES}')
    expect(local).to_be_checked()
    local.uncheck()
    wait_for(lambda: {"localhost", "127.0.0.1"} <= set(extension.stored_settings()["disabledHosts"]))
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.wait_for_timeout(300)
    expect(check_control(page)).to_be_hidden()


def test_options_warning_before_posting_per_site(extension, pages_url):
    options = extension.new_page(extension.url("options/options.html"))
    warn = options.locator(f'[data-postlint="site-warn"]{LOCAL_PAGES}')
    expect(warn).not_to_be_checked()
    warn.check()
    wait_for(lambda: {"localhost", "127.0.0.1"} <= set(extension.stored_settings()["warnOnPostHosts"]))
    page = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    page.click("#post")
    expect(post_warning(page)).to_contain_text("1 unresolved error")
    expect(posted(page)).to_have_count(0)

    options.bring_to_front()
    warn.uncheck()
    wait_for(lambda: not extension.stored_settings()["warnOnPostHosts"])
    other = open_composer(extension, pages_url, "textarea", [EN_DRAFT])
    other.click("#post")
    expect(posted(other)).to_have_text([EN_DRAFT])
    expect(post_warning(other)).to_be_hidden()


def sync_sites(extension) -> dict:
    return extension.control.evaluate("() => chrome.runtime.sendMessage({ type: 'sync-sites', payload: {} })")


def registered_scripts(extension) -> list:
    return extension.control.evaluate(
        "async () => (await chrome.scripting.getRegisteredContentScripts()).map(s => ({id: s.id, matches: s.matches}))")


def test_the_service_worker_registers_the_content_script_on_granted_added_sites_only(extension):
    # 127.0.0.1 is granted by the manifest; the browser never granted social.example.
    extension.configure(extraSites=["https://social.example/*", "http://127.0.0.1/*"])
    assert sync_sites(extension) == {"ok": True, "result": ["http://127.0.0.1/*"]}
    assert registered_scripts(extension) == [{"id": "postlint-extra-sites", "matches": ["http://127.0.0.1/*"]}]

    extension.configure(extraSites=[])
    assert sync_sites(extension) == {"ok": True, "result": []}
    assert registered_scripts(extension) == []
