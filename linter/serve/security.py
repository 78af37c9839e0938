"""The guard in front of every request of the local server (DESIGN.md, security checklist).

In order: the Host header must name this loopback server (DNS rebinding); a browser Origin must be
an extension's (exact ids when configured); CORS preflights of allowed extensions are answered
here; the shared token, when set, must match (constant time); /v1 bodies must be JSON; bodies
are capped and must arrive within BODY_TIMEOUT (else 408); requests with a body beyond
`max_requests` at once are answered 503. Unexpected errors become a bare 500 and a log line with
the exception type only, and the access log holds method, path, status, text length and
milliseconds: never a draft. Every answer the guard makes is JSON, with CORS headers for an
allowed extension and, for a 503, Retry-After.

Before any of that, HeaderDeadlineProtocol (uvicorn's httptools protocol) drops a connection
whose request line and headers are not complete within HEADER_TIMEOUT (with a 408), and refuses
connections beyond MAX_CONNECTIONS.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

ACCESS_LOG = logging.getLogger("postlint.server.access")
ERROR_LOG = logging.getLogger("postlint.server.error")
TEXT_LENGTH = "postlint.text_length"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
EXTENSION_ORIGIN = re.compile(r"(chrome-extension://[a-p]{32}|moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
TOKEN_HEADERS = (b"authorization", b"x-postlint-token")
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
JSON_TYPES = {"application/json"}
ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, X-Postlint-Token"
HEADER_TIMEOUT = 5.0  # seconds from connecting (or a request's first byte) to the end of its headers
BODY_TIMEOUT = 10.0  # seconds from the end of the headers to the end of the body
MAX_CONNECTIONS = 1000  # open connections; more are closed as soon as they are made


def is_extension_origin(origin: str) -> bool:
    """True for a chrome-extension:// or moz-extension:// origin with a well-formed id."""
    return EXTENSION_ORIGIN.fullmatch(origin) is not None


@dataclass(frozen=True)
class SecurityPolicy:
    """What the guard lets through. allowed_origins empty: any well-formed extension origin."""

    port: int
    token: str | None = None
    allowed_origins: frozenset[str] = frozenset()
    extra_hosts: frozenset[str] = frozenset()
    max_body: int = 1024 * 1024
    max_requests: int = 192  # requests with a body in progress at once (more: 503)

    def host_allowed(self, host: str) -> bool:
        names = (*LOOPBACK_NAMES, *self.extra_hosts)
        allowed = {f"{name}:{self.port}" for name in names}
        if self.port == 80:
            allowed.update(names)
        return host.lower() in allowed

    def origin_allowed(self, origin: str) -> bool:
        origin = origin.lower()
        if self.allowed_origins:
            return origin in self.allowed_origins
        return is_extension_origin(origin)

    def token_matches(self, presented: str | None) -> bool:
        if self.token is None:
            return True
        return presented is not None and hmac.compare_digest(presented.encode(), self.token.encode())


class _Refused(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None):
        self.status, self.detail, self.headers = status, detail, headers or {}


class Guard:
    """Pure ASGI middleware applying a SecurityPolicy to every HTTP request, and the access log."""

    def __init__(self, app, policy: SecurityPolicy, access_log: bool = True):
        self.app = app
        self.policy = policy
        self.access_log = access_log
        self.in_progress = 0  # requests with a body, being read or answered

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = _headers(scope)
        origin = headers.get("origin")
        state = {"status": 0}

        async def send_with_cors(message):
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                if origin is not None and state.get("origin_ok"):
                    message = {**message, "headers": [*message.get("headers", []), *_cors_headers(origin)]}
            await send(message)

        try:
            self._check_host_and_origin(scope, headers)
            state["origin_ok"] = True
            if _is_preflight(scope, headers):
                await _send_preflight(send_with_cors, headers)
                return
            self._check_token(headers)
            if scope["method"] not in BODY_METHODS:
                await self.app(scope, _replay(b"", receive), send_with_cors)
                return
            if self.in_progress >= self.policy.max_requests:
                raise _Refused(503, "too many requests at once; try again shortly", {"retry-after": "1"})
            self.in_progress += 1
            try:
                body = await self._read_body(scope, headers, receive)
                await self.app(scope, _replay(body, receive), send_with_cors)
            finally:
                self.in_progress -= 1
        except _Refused as refused:
            await _send_json(send_with_cors, refused.status, {"detail": refused.detail}, refused.headers)
        except Exception as exc:  # the one place that keeps tracebacks (and any draft in them) out of logs
            ERROR_LOG.error("internal error (%s) on %s %s", type(exc).__name__, scope["method"], _path(scope))
            if not state["status"]:
                await _send_json(send_with_cors, 500, {"detail": "internal error"})
        finally:
            if self.access_log:
                ACCESS_LOG.info("%s %s %s %s %.1fms", scope["method"], _path(scope), state["status"] or "-",
                                scope.get(TEXT_LENGTH, "-"), (time.perf_counter() - started) * 1000)

    def _check_host_and_origin(self, scope, headers: dict[str, str]) -> None:
        if _duplicated(scope, b"host") or not self.policy.host_allowed(headers.get("host", "")):
            raise _Refused(403, "this server answers only requests addressed to its loopback address")
        origin = headers.get("origin")
        if _duplicated(scope, b"origin") or (origin is not None and not self.policy.origin_allowed(origin)):
            raise _Refused(403, "origin not allowed: only the postlint browser extension may call this server")

    def _check_token(self, headers: dict[str, str]) -> None:
        presented = headers.get("x-postlint-token")
        authorization = headers.get("authorization", "")
        if presented is None and authorization[:7].lower() == "bearer ":
            presented = authorization[7:].strip()
        if not self.policy.token_matches(presented):
            raise _Refused(401, "missing or wrong token", {"www-authenticate": "Bearer"})

    async def _read_body(self, scope, headers: dict[str, str], receive) -> bytes:
        """The whole body, which must be within the size cap and arrive within BODY_TIMEOUT."""
        if scope["path"].startswith("/v1/") and _media_type(headers.get("content-type", "")) not in JSON_TYPES:
            raise _Refused(415, "the body must be JSON (Content-Type: application/json)")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.policy.max_body:
            raise _Refused(413, f"the body is larger than {self.policy.max_body} bytes")
        chunks, size = [], 0
        deadline = time.monotonic() + BODY_TIMEOUT
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                raise _Refused(408, f"the request body did not arrive within {BODY_TIMEOUT:g} s",
                               {"connection": "close"}) from None
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.policy.max_body:
                raise _Refused(413, f"the body is larger than {self.policy.max_body} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _headers(scope) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}


def _duplicated(scope, name: bytes) -> bool:
    return sum(1 for key, _ in scope["headers"] if key == name) > 1


def _path(scope) -> str:
    path = scope.get("path", "")
    return path if len(path) <= 80 else path[:80] + "…"


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _is_preflight(scope, headers: dict[str, str]) -> bool:
    return scope["method"] == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


def _cors_headers(origin: str) -> list[tuple[bytes, bytes]]:
    return [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"Origin")]


async def _send_preflight(send, headers: dict[str, str]) -> None:
    extra = [
        (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
        (b"access-control-allow-headers", ALLOWED_HEADERS.encode()),
        (b"access-control-max-age", b"600"),
        (b"content-length", b"0"),
    ]
    if headers.get("access-control-request-private-network") == "true":
        extra.append((b"access-control-allow-private-network", b"true"))
    await send({"type": "http.response.start", "status": 204, "headers": extra})
    await send({"type": "http.response.body", "body": b""})


async def _send_json(send, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
    body = json.dumps(payload).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive):
    """A receive() that hands the app the body already read, then the client's later messages."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, which waits for headers for ever: here a connection whose
    request line and headers are not complete HEADER_TIMEOUT after it opened (or after its next
    request began) gets a 408 and is closed, and connections beyond MAX_CONNECTIONS are closed at
    once, so that stalled clients cannot take the server's connections from everyone else."""

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        if len(self.connections) > MAX_CONNECTIONS:
            transport.close()
            return
        self._wait_for_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._wait_for_headers()

    def on_headers_complete(self) -> None:
        self._stop_waiting()
        super().on_headers_complete()

    def connection_lost(self, exc) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _wait_for_headers(self) -> None:
        self._stop_waiting()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._headers_too_late)

    def _stop_waiting(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_late(self) -> None:
        self._header_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            self._wait_for_headers()  # a pipelined request: its turn comes after this answer
            return
        if not self.transport.is_closing():
            body = json.dumps({"detail": f"the request headers did not arrive within {HEADER_TIMEOUT:g} s"}).encode()
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                                 b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body)
            self.transport.close()
