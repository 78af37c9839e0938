"""A real `postlint serve` process on a free loopback port: HTTP, 64 concurrent checks, a real
LanguageTool client library, the access log, stopping on SIGTERM/Ctrl-C, and refused options."""
from __future__ import annotations

import asyncio
import signal
import socket

import httpx
import language_tool_python
import pytest
from language_tool_python.download_lt import LocalLanguageTool
from typer.testing import CliRunner

from linter.cli import app

from .conftest import EXAMPLE_CONFIG
from .server_fixtures import EXTENSION, OTHER_EXTENSION, serve_process

DRAFTS = [
    "Please call my neighbour 🐕 at +81 90-2218-4470, she lost her dog.",
    "Text my sister at 971-555-0163 if you want the couch.",
    "同僚の携帯は090-1234-5678です。連絡してあげてください。",
    "友人の番号は０９０－２２１８－４４７０なので電話してね。",
    "Write to jo.weller@gmail.com for the spare tickets.",
    "We shipped version 2.4.1 on March 3, 2024 to 1,500 users.",
    "今年の売上は前年比120%でした。",
    "Great run this morning along the river 🏃‍♀️ #running",
]


@pytest.fixture(scope="module")
def server():
    with serve_process(EXAMPLE_CONFIG) as process:
        yield process


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.url, trust_env=False, timeout=30) as client:
        yield client


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    """The LanguageTool client uses requests: keep it off any proxy the environment names."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def test_ready_line_names_the_loopback_address(server):
    assert server.ready_line.startswith("postlint serve: listening on http://127.0.0.1:")
    assert server.ready_line.rstrip().endswith("(Ctrl-C to stop)")


def test_health_and_check_over_http(server, http, linter):
    assert http.get("/v1/health").json()["languages"] == ["en", "ja"]
    for draft in DRAFTS:
        served = http.post("/v1/check", json={"text": draft}).json()["findings"]
        direct = linter.check(draft).findings
        assert [(f["rule"], f["start"], f["end"]) for f in served] == [(f.rule, f.start, f.end) for f in direct]


def test_64_concurrent_checks_are_all_answered_with_the_same_findings(server, http):
    expected = {draft: http.post("/v1/check", json={"text": draft}).json() for draft in DRAFTS}
    texts = [DRAFTS[i % len(DRAFTS)] for i in range(64)]

    async def all_at_once():
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=server.url, trust_env=False, timeout=60, limits=limits) as client:
            return await asyncio.gather(*(client.post("/v1/check", json={"text": t}) for t in texts))

    responses = asyncio.run(all_at_once())
    assert [r.status_code for r in responses] == [200] * 64
    assert [r.json() for r in responses] == [expected[t] for t in texts]


def test_languagetool_client_library_gets_correct_matches(server, monkeypatch):
    monkeypatch.setattr(LocalLanguageTool, "download", lambda self: pytest.fail("the client tried to download LanguageTool"))
    with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
        text = DRAFTS[0]
        [match] = tool.check(text)
        assert text[match.offset:match.offset + match.error_length] == "+81 90-2218-4470"
        assert match.rule_id == "personal-info/phone-number" and match.category == "personal-info"
        assert match.replacements and match.message.startswith("Phone number")
        assert tool.check(DRAFTS[5]) == []
    with language_tool_python.LanguageTool("ja-JP", remote_server=server.url) as tool:
        text = DRAFTS[3]
        [match] = tool.check(text)
        assert text[match.offset:match.offset + match.error_length] == "０９０－２２１８－４４７０"
        tool.disabled_rules.add("personal-info/phone-number")
        assert tool.check(text) == []


def test_access_log_has_no_draft_text(server, http):
    http.post("/v2/check", data={"text": "Kestrel-7 says Dana Whitlock moved", "language": "auto"})
    log = server.wait_for_log("POST /v2/check 200 34 ")
    assert "POST /v1/check 200 " in log and "POST /v2/check 200 34 " in log
    for draft in DRAFTS:
        assert draft not in log
    assert "Dana" not in log and "Traceback" not in log


def test_sigterm_stops_the_server_cleanly(server):
    assert server.stop(signal.SIGTERM) == 0
    assert "Traceback" not in server.stderr


def test_token_and_origin_options_and_ctrl_c():
    with serve_process(EXAMPLE_CONFIG, "--token", "t0k3n", "--allow-origin", EXTENSION, "--no-access-log") as process:
        with httpx.Client(base_url=process.url, trust_env=False, timeout=30) as client:
            assert client.get("/v1/health").status_code == 401
            ok = client.post("/v1/check", json={"text": "hi"}, headers={"Authorization": "Bearer t0k3n", "Origin": EXTENSION})
            assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == EXTENSION
            other = client.post("/v1/check", json={"text": "hi"}, headers={"X-Postlint-Token": "t0k3n", "Origin": OTHER_EXTENSION})
            assert other.status_code == 403
        assert process.stop(signal.SIGINT) == 0
        assert "Traceback" not in process.stderr and "/v1/" not in process.stderr


@pytest.mark.parametrize("args, message", [
    (["--host", "0.0.0.0"], "refusing to listen on 0.0.0.0"),
    (["--host", "192.168.1.20", "--unsafe-bind"], "--unsafe-bind needs --token"),
    (["--allow-origin", "https://evil.example"], "--allow-origin https://evil.example"),
])
def test_unsafe_options_are_refused_with_one_line(args, message):
    result = CliRunner().invoke(app, ["serve", "--config", str(EXAMPLE_CONFIG), *args])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("postlint: error:")


def test_busy_port_is_refused_with_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--config", str(EXAMPLE_CONFIG), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"postlint: error: cannot listen on 127.0.0.1:{port}")
