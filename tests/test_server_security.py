"""The security checklist of the local server: Host, Origin, CORS, token, body limits, malformed
input, and no draft text in any response or log line."""
from __future__ import annotations

import logging

import pytest

from .server_fixtures import (EXTENSION, FIREFOX_EXTENSION, OTHER_EXTENSION, PORT, client, client_for,  # noqa: F401
                              worker)

SECRET = "Kestrel-7 told me Dana Whitlock 090-7731-2046 is sick"


def post_check(client, text=SECRET, headers=None):
    return client.post("/v1/check", json={"text": text}, headers=headers or {})


@pytest.mark.parametrize("host", [
    "evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1", f"localhost.evil.example:{PORT}",
    f"127.0.0.2:{PORT}", "",
])
def test_foreign_host_header_is_refused_before_anything_else(client, host):
    response = client.get("/v1/health", headers={"Host": host, "Origin": EXTENSION})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}", f"LOCALHOST:{PORT}"])
def test_loopback_host_headers_are_accepted(client, host):
    assert client.get("/v1/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("origin", [
    "https://evil.example", "http://127.0.0.1:7678", "null", "chrome-extension://short",
    "chrome-extension://" + "z" * 32, "moz-extension://not-a-uuid", EXTENSION + "/popup.html",
])
def test_web_page_origins_are_refused_and_never_echoed(client, origin):
    response = post_check(client, headers={"Origin": origin})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    assert "Dana" not in response.text


@pytest.mark.parametrize("origin", [EXTENSION, FIREFOX_EXTENSION])
def test_extension_origins_get_their_own_origin_back(client, origin):
    response = post_check(client, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert response.headers["vary"] == "Origin"


def test_requests_without_origin_are_local_programs_and_allowed(client):
    response = post_check(client)
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_cors_preflight_for_an_extension(client):
    response = client.options("/v1/check", headers={
        "Origin": EXTENSION, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization",
        "Access-Control-Request-Private-Network": "true"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == EXTENSION
    assert "POST" in response.headers["access-control-allow-methods"]
    assert {"authorization", "content-type", "x-postlint-token"} <= {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert response.headers["access-control-allow-private-network"] == "true"


def test_cors_preflight_from_a_web_page_is_refused(client):
    response = client.options("/v1/check", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert response.status_code == 403 and "access-control-allow-origin" not in response.headers


def test_configured_origins_narrow_to_exact_extension_ids(worker):
    narrowed = client_for(worker, allowed_origins=frozenset({EXTENSION}))
    assert post_check(narrowed, headers={"Origin": EXTENSION}).status_code == 200
    assert post_check(narrowed, headers={"Origin": OTHER_EXTENSION}).status_code == 403
    assert post_check(narrowed, headers={"Origin": FIREFOX_EXTENSION}).status_code == 403


def test_token_is_required_when_configured(worker):
    guarded = client_for(worker, token="s3cret-token")
    missing = post_check(guarded)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert post_check(guarded, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert post_check(guarded, headers={"X-Postlint-Token": "s3cret-token-and-more"}).status_code == 401
    assert post_check(guarded, headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert post_check(guarded, headers={"X-Postlint-Token": "s3cret-token"}).status_code == 200
    assert guarded.get("/v1/health").status_code == 401
    assert guarded.post("/v2/check", data={"text": "hi", "language": "en-US"}).status_code == 401


def test_preflight_needs_no_token_but_the_request_does(worker):
    guarded = client_for(worker, token="s3cret-token")
    preflight = guarded.options("/v1/check", headers={"Origin": EXTENSION, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    response = post_check(guarded, headers={"Origin": EXTENSION, "Authorization": "Bearer s3cret-token"})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == EXTENSION


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None])
def test_v1_bodies_must_be_json(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/v1/check", content=b'{"text": "Dana Whitlock"}', headers=headers)
    assert response.status_code == 415 and "Dana" not in response.text


def test_json_content_type_with_charset_is_accepted(client):
    response = client.post("/v1/check", content=b'{"text": "hello there"}', headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 200


def test_body_over_the_cap_is_413_whether_declared_or_streamed(worker):
    small = client_for(worker, max_body=2048)
    declared = small.post("/v1/check", json={"text": "x" * 4096})
    assert declared.status_code == 413

    def chunks():
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 512
        yield b'"}'

    streamed = small.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert small.post("/v1/check", json={"text": "x" * 1000}).status_code == 200


def test_default_cap_is_one_megabyte(client):
    assert post_check(client, text="a " * 600_000).status_code == 413


@pytest.mark.parametrize("body, status", [
    (b'{"text": "Dana Whitlock is sick', 400),
    (b'{"text": "Dana Whitlock is sick", "language": "fr"}', 422),
    (b'{"text": "Dana Whitlock is sick", "format": "html"}', 422),
    (b'{"text": "Dana Whitlock is sick", "rules": {"select": "Dana Whitlock"}}', 422),
    (b'{"text": "Dana Whitlock is sick", "extra": "Dana Whitlock"}', 422),
    (b'{"draft": "Dana Whitlock is sick"}', 422),
    (b'["Dana Whitlock is sick"]', 422),
    (b'{"text": "Dana Whitlock \\ud800 is sick"}', 422),
    (b'\xff\xfe Dana Whitlock', 400),
])
def test_malformed_input_is_refused_without_echoing_it(client, body, status):
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert "Dana" not in response.text and "Whitlock" not in response.text


def test_no_draft_text_in_logs_even_on_internal_errors(worker, caplog, monkeypatch):
    client = client_for(worker)
    caplog.set_level(logging.DEBUG)
    assert post_check(client).status_code == 200
    assert client.post("/v2/check", data={"text": SECRET, "language": "en-US"}).status_code == 200
    assert post_check(client, headers={"Origin": "https://evil.example"}).status_code == 403
    client.post("/v1/check", content=b'{"text": "' + SECRET.encode() + b'"', headers={"Content-Type": "application/json"})

    def failing_check(text, **kwargs):
        raise ValueError(f"cannot handle {text.text if hasattr(text, 'text') else text}")

    monkeypatch.setattr(worker.linter, "check", failing_check)
    failed = post_check(client)
    assert failed.status_code == 500 and failed.json() == {"detail": "internal error"}
    logged = "\n".join(record.getMessage() + str(record.exc_info or "") + str(record.args) for record in caplog.records)
    assert "POST /v1/check 200 " + str(len(SECRET)) in logged
    assert "internal error (ValueError)" in logged
    for secret in ("Kestrel", "Dana", "Whitlock", "7731"):
        assert secret not in logged
