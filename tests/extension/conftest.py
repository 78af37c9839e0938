"""Fixtures for the browser extension's end-to-end tests.

Debian's chromium (driven by Playwright, with a fresh profile and no network) loads extension/
unpacked; the real `postlint serve` answers its checks; fixture pages that mimic composers are
served from 127.0.0.1. Server and pages start once per session, the browser once per module (a
module may load another copy of the extension by overriding `extension_dir`).
"""
from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer, BaseHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
EXTENSION_DIR = ROOT / "extension"
PAGES_DIR = Path(__file__).resolve().parent / "pages"
ARTIFACTS = ROOT / "test-artifacts" / "extension"
EXAMPLE_CONFIG = ROOT / "examples" / "postlint.toml"
SERVER_START_TIMEOUT = 180
# Keep Chromium off the network: no updates, sync, field trials, QUIC or first-run pings.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-quic",
    "--disable-domain-reliability",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--metrics-recording-only",
    "--password-store=basic",
]


def chromium_executable() -> str:
    """Debian's chromium; without it the tests are skipped locally and fail in CI."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "Debian's chromium is not installed (make browser installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def start_http(handler) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@dataclass
class Postlint:
    """The real `postlint serve` running for the session."""

    port: int
    token: str
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="session")
def postlint_server():
    token = secrets.token_urlsafe(16)
    command = [str(Path(sys.executable).with_name("postlint")), "serve", "--port", "0", "--token", token,
               "--config", str(EXAMPLE_CONFIG), "--no-access-log"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    port = read_listening_port(process)
    yield Postlint(port=port, token=token, process=process)
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def read_listening_port(process: subprocess.Popen) -> int:
    """The port from the server's "listening on http://127.0.0.1:PORT" line."""
    found: list[int] = []

    def read() -> None:
        for line in process.stdout:
            if "listening on http://" in line:
                found.append(int(line.rsplit(":", 1)[1].split()[0]))
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(SERVER_START_TIMEOUT)
    if not found:
        process.kill()
        raise RuntimeError(f"postlint serve did not start: {process.stderr.read()[-2000:]}")
    return found[0]


class DelayProxy(BaseHTTPRequestHandler):
    """Forwards to the real server after `server.delay` seconds: a slow postlint. The JSON bodies
    it forwards are kept in `server.bodies`, so a test can see what the extension sent."""

    def do_GET(self) -> None:
        self.forward(None)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.bodies.append(json.loads(body or b"null"))
        self.forward(body)

    def forward(self, body: bytes | None) -> None:
        time.sleep(self.server.delay)
        headers = {name: value for name, value in self.headers.items() if name.lower() in ("authorization", "content-type")}
        request = urllib.request.Request(self.server.target + self.path, data=body, headers=headers, method=self.command)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except OSError:  # the real server is gone (end of session)
            status, payload = 502, b'{"detail": "upstream gone"}'
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def slow_server(postlint_server):
    """A proxy in front of the real server whose delay a test sets (server.delay = seconds)."""
    server = start_http(DelayProxy)
    server.target = postlint_server.url
    server.delay = 0.0
    server.bodies = []
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def pages_url():
    """Base URL of the fixture pages (tests/extension/pages) on 127.0.0.1."""
    server = start_http(functools.partial(QuietHandler, directory=str(PAGES_DIR)))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@dataclass
class Extension:
    """The loaded extension: its id, its settings, its pages, and screenshots as test artifacts."""

    context: BrowserContext
    id: str
    server: Postlint
    control: Page
    pages: list[Page] = field(default_factory=list)

    def configure(self, **overrides) -> dict:
        """Store settings (the real server's port and token unless overridden)."""
        settings = {"port": self.server.port, "token": self.server.token, "language": "auto", "messages": "auto",
                    "disabledHosts": [], "warnOnPostHosts": [], "extraSites": [], **overrides}
        self.control.evaluate("settings => chrome.storage.local.set({settings})", settings)
        return settings

    def stored_settings(self) -> dict:
        return self.control.evaluate("async () => (await chrome.storage.local.get('settings')).settings")

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def new_page(self, url: str) -> Page:
        page = self.context.new_page()
        self.pages.append(page)
        page.goto(url)
        return page

    def open_popup(self, beside: Page) -> Page:
        """The toolbar popup as it opens over `beside`: a background tab in `beside`'s window, so
        the active tab the popup asks the browser about is `beside`."""
        beside.bring_to_front()
        with self.context.expect_page() as opened:
            self.control.evaluate("""async (url) => {
                const [tab] = await chrome.tabs.query({ url, active: true });
                await chrome.tabs.create({ url: chrome.runtime.getURL('popup/popup.html'), active: false, windowId: tab.windowId });
            }""", beside.url)
        popup = opened.value
        self.pages.append(popup)
        popup.wait_for_load_state()
        return popup

    def close_pages(self) -> None:
        for page in self.pages:
            page.close()
        self.pages.clear()


@pytest.fixture(scope="module")
def extension_dir() -> Path:
    """The extension folder the module's browser loads unpacked: the source folder by default."""
    return EXTENSION_DIR


@pytest.fixture(scope="module")
def browser_language() -> str:
    """The language the module's browser shows its UI in (chrome.i18n follows it): en-US by default."""
    return "en-US"


# Module scope: Playwright's sync API allows one running instance per thread, so the browser
# must be closed before another test module starts its own.
@pytest.fixture(scope="module")
def browser_context(tmp_path_factory, extension_dir, browser_language):
    executable = chromium_executable()
    profile = tmp_path_factory.mktemp("chromium-profile")
    flags = [*CHROMIUM_FLAGS, f"--disable-extensions-except={extension_dir}", f"--load-extension={extension_dir}",
             f"--lang={browser_language}"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=False, args=flags,
            viewport={"width": 1100, "height": 800}, locale=browser_language,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def loaded_extension(browser_context, postlint_server):
    worker = browser_context.service_workers[0] if browser_context.service_workers \
        else browser_context.wait_for_event("serviceworker", timeout=30_000)
    extension_id = worker.url.split("/")[2]
    control = browser_context.new_page()
    control.goto(f"chrome-extension://{extension_id}/options/options.html")
    return Extension(context=browser_context, id=extension_id, server=postlint_server, control=control)


@pytest.fixture()
def extension(loaded_extension):
    """The extension, configured for the real server; pages a test opens are closed after it."""
    loaded_extension.configure()
    yield loaded_extension
    loaded_extension.close_pages()


def screenshot(page: Page, name: str, clip: dict | None = None) -> Path:
    """Save a screenshot (of the `clip` {x, y, width, height} only, if given) under
    test-artifacts/extension/ (git-ignored), and make sure it is there."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), clip=clip)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"no screenshot at {path}"
    return path
