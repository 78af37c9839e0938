"""The guard in front of every request of the local server (DESIGN.md, security checklist).

In order: the Host header must name this loopback server (DNS rebinding); a browser Origin must be
an extension's (exact ids when configured); CORS preflights of allowed extensions are answered
here; the shared token, when set, must match (constant time); /v1 bodies must be JSON; bodies
are capped. Unexpected errors become a bare 500 and a log line with the exception type only, and
the access log holds method, path, status, text length and milliseconds: never a draft.
"""
from __future__ import annotations

import hmac
import json
import logging
import re
import time
from dataclasses import dataclass

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
            body = await self._read_body(scope, headers, receive)
            await self.app(scope, _replay(body, receive), send_with_cors)
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
        if scope["method"] not in BODY_METHODS:
            return b""
        if scope["path"].startswith("/v1/") and _media_type(headers.get("content-type", "")) not in JSON_TYPES:
            raise _Refused(415, "the body must be JSON (Content-Type: application/json)")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.policy.max_body:
            raise _Refused(413, f"the body is larger than {self.policy.max_body} bytes")
        chunks, size = [], 0
        while True:
            message = await receive()
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
