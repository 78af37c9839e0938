"""`postlint serve`: the local HTTP server behind the browser extension and LanguageTool clients.

    GET  /v1/health          status, version, languages loaded
    POST /v1/check           {text, language?, format?, rules?{select, ignore}} -> {language, findings}
    GET  /v1/rules?lang=     the rules this server checks, described in English or Japanese
    GET  /v1/openapi.json    this API, versioned
    POST /v2/check, GET /v2/languages   the LanguageTool HTTP API (languagetool.py)

Checks run one at a time in a check process that is replaced when a check overruns
(worker.py); every request passes the Guard first (security.py), and connections
that stall before their headers are complete are dropped (HeaderDeadlineProtocol). Nothing
here logs or echoes a draft.
"""
from __future__ import annotations

import ipaddress
import logging
import signal
import socket
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import __version__, collector
from ..config import find_config, load_config
from ..draft import Draft
from ..engine import Linter, Report
from ..errors import UsageError
from ..nlp.segments import LANGUAGES
from .languagetool import languagetool_payload, languagetool_router, valid_unicode
from .security import ERROR_LOG, TEXT_LENGTH, Guard, HeaderDeadlineProtocol, SecurityPolicy, is_extension_origin
from .worker import Busy, CheckFailed, CheckJob, CheckWorker, Stopping, TimedOut, TooLarge

DEFAULT_PORT = 7678
SHUTDOWN_GRACE = 1  # seconds a stopping server waits for answers still being sent
API_VERSION = 1
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# uvloop and httptools (C) take a third of what asyncio and h11 (Python) spend per request; uvloop has no Windows build.
EVENT_LOOP = "asyncio" if sys.platform == "win32" else "uvloop"


# ------------------------------------------------------------------ request and response bodies

class RuleChoice(BaseModel):
    """Narrow one check to some rules: ids ("personal-info/phone-number") or categories."""

    model_config = ConfigDict(extra="forbid")
    select: list[str] = Field(default_factory=list, max_length=200)
    ignore: list[str] = Field(default_factory=list, max_length=200)


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The draft.")
    language: Literal["auto", "en", "ja"] = Field("auto", description="auto detects the language per sentence.")
    format: Literal["plain", "markdown"] = Field("markdown", description="markdown: code, link targets and HTML are not checked.")
    rules: RuleChoice = Field(default_factory=RuleChoice)
    lang: Literal["auto", "en", "ja"] = Field("auto", description="Language of message, why and suggestion; auto: the server's [output] language, else each finding in its sentence's language.")

    @field_validator("text")
    @classmethod
    def _no_lone_surrogates(cls, text: str) -> str:
        if not valid_unicode(text):
            raise ValueError("text is not valid Unicode (lone surrogate)")
        return text


class FixOut(BaseModel):
    start: int
    end: int
    replacement: str
    label: str
    utf16_start: int
    utf16_end: int


class FindingOut(BaseModel):
    rule: str
    category: str
    severity: Literal["error", "warning", "info"]
    start: int = Field(description="Code points into the text, end exclusive.")
    end: int
    utf16_start: int = Field(description="UTF-16 code units (JavaScript string offsets).")
    utf16_end: int
    line: int
    column: int
    text: str
    message: str
    why: str
    suggestion: str
    fixes: list[FixOut]
    lang: Literal["en", "ja"] = Field(description="The language message, why and suggestion are written in.")
    score: float | None = Field(None, description="A learned scorer's score of the span (0..1); absent for other rules.")


class CheckResponse(BaseModel):
    language: Literal["en", "ja"]
    findings: list[FindingOut]


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str
    api_version: int
    languages: list[str]


class RuleOut(BaseModel):
    id: str
    category: str
    severity: Literal["error", "warning", "info"]
    languages: list[str]
    summary: str
    message: str
    why: str
    instead: str
    enabled: bool


class RulesResponse(BaseModel):
    rules: list[RuleOut]


class ErrorResponse(BaseModel):
    detail: str | list[dict]


ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 403, 413, 415, 422, 503)}


# ------------------------------------------------------------------ the app

def create_app(worker: CheckWorker, policy: SecurityPolicy, access_log: bool = True) -> FastAPI:
    """The FastAPI app for a warmed-up worker, behind the Guard."""
    app = FastAPI(
        title="postlint local server", version=__version__, openapi_url=f"/v{API_VERSION}/openapi.json",
        docs_url=None, redoc_url=None,
        description="Checks social-media drafts on this machine. Draft text is never logged or stored.",
    )
    app.state.worker = worker
    app.add_exception_handler(RequestValidationError, validation_error)
    app.include_router(languagetool_router(run_check))
    app.add_api_route("/v1/health", health, methods=["GET"], response_model=HealthResponse)
    app.add_api_route("/v1/rules", list_rules, methods=["GET"], response_model=RulesResponse)
    app.add_api_route("/v1/check", check, methods=["POST"], response_model=CheckResponse, responses=ERRORS)
    app.add_middleware(Guard, policy=policy, access_log=access_log)
    app.openapi = lambda: openapi_document(app, worker.linter)
    return app


def openapi_document(app: FastAPI, linter: Linter) -> dict:
    """FastAPI's OpenAPI document, listing the rule ids and categories that rules.select/ignore accept."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        names = sorted({s.id for s in linter.specs} | {s.category for s in linter.specs})
        for field in ("select", "ignore"):
            schema["components"]["schemas"]["RuleChoice"]["properties"][field]["items"]["enum"] = names
        app.openapi_schema = schema
    return app.openapi_schema


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's default handler echoes the input (the draft): this one names the field and the problem only."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse({"detail": "malformed JSON body"}, status_code=400)
    detail = [{"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
              for e in errors]
    return JSONResponse({"detail": detail}, status_code=422)


async def health(request: Request) -> dict:
    worker: CheckWorker = request.app.state.worker
    return {"status": "ok", "version": __version__, "api_version": API_VERSION, "languages": worker.loaded_languages()}


async def list_rules(request: Request, lang: Literal["auto", "en", "ja"] = Query(
        "auto", description="Language of summary, message, why and instead; auto: the server's [output] language, else English.")) -> dict:
    linter = request.app.state.worker.linter
    enabled = {rule.spec.id for rule in linter.rules}
    lang = (linter.lang if lang == "auto" else lang) or "en"
    return {"rules": [{"id": s.id, "category": s.category, "severity": s.severity.value, "languages": list(s.languages),
                       **{key: s.text(key, lang) for key in ("summary", "message", "why", "instead")},
                       "enabled": s.id in enabled} for s in linter.specs]}


async def check(body: CheckRequest, request: Request):
    """Check a draft: findings with code-point and UTF-16 offsets."""
    request.scope[TEXT_LENGTH] = len(body.text)
    draft = Draft(text=body.text, name="<http>", format=body.format)
    job = CheckJob(draft, check_payload, language=body.language, select=tuple(body.rules.select),
                   ignore=tuple(body.rules.ignore), lang=body.lang)
    return await run_check(request.app.state.worker, job)


async def run_check(worker: CheckWorker, job: CheckJob) -> JSONResponse:
    """Run a check in the worker and answer it, or answer 422 (unknown rule), 503 (busy, too slow,
    too big, stopping: with Retry-After) or 500 (the check failed)."""
    try:
        return JSONResponse(await worker.run(job))
    except UsageError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    except Busy:
        return unavailable("too many checks waiting; try again shortly")
    except TimedOut:
        return unavailable(f"the check took longer than {worker.timeout:g} s")
    except TooLarge:
        return unavailable("the check needed more memory than the server allows")
    except Stopping:
        return unavailable("the server is stopping")
    except CheckFailed as exc:
        ERROR_LOG.error("internal error (%s) in a check", exc)
        return JSONResponse({"detail": "internal error"}, status_code=500)


def unavailable(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "1"})


def check_payload(report: Report) -> dict:
    """A Report as /v1/check answers it: each finding and fix also in UTF-16 offsets."""
    draft = report.draft
    findings = []
    for finding in report.findings:
        data = finding.to_dict()
        data["utf16_start"], data["utf16_end"] = draft.utf16(finding.start), draft.utf16(finding.end)
        for fix in data["fixes"]:
            fix["utf16_start"], fix["utf16_end"] = draft.utf16(fix["start"]), draft.utf16(fix["end"])
        findings.append(data)
    return {"language": report.language, "findings": findings}


# ------------------------------------------------------------------ warm-up and running

def warm_up_drafts(linter: Linter) -> dict[str, str]:
    """One draft per language made of every rule's own examples, so each rule runs on each language."""
    texts: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for spec in linter.specs:
        for language, blocks in spec.examples.items():
            for key in ("flag", "ok"):
                texts.get(language, []).extend(str(t) for t in (blocks or {}).get(key, []))
    return {language: "\n\n".join(found) for language, found in texts.items() if found}


def check_bind_host(host: str, unsafe_bind: bool, token: str | None) -> None:
    """Refuse a non-loopback address unless forced (and then only with a token)."""
    if is_loopback(host):
        return
    if not unsafe_bind:
        raise UsageError(f"refusing to listen on {host}: only loopback addresses (127.0.0.1, ::1) are safe; "
                         "pass --unsafe-bind to force it")
    if not token:
        raise UsageError("--unsafe-bind needs --token (or POSTLINT_TOKEN): other machines could reach the server")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_origins(origins: list[str]) -> frozenset[str]:
    for origin in origins:
        if not is_extension_origin(origin.lower()):
            raise UsageError(f"--allow-origin {origin}: expected chrome-extension://<32 letters a-p> or moz-extension://<uuid>")
    return frozenset(o.lower() for o in origins)


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on host:port (port 0: a free port)."""
    address = "127.0.0.1" if host == "localhost" else host
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off only on sockets that say they are TCP,
    # and a response written as headers then body would otherwise wait ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if sock.family == socket.AF_INET6 else f"http://{host}:{port}"


class _ReadyServer(uvicorn.Server):
    """A uvicorn Server that prints one line with its address once it accepts connections, and
    that stops the check worker first when it shuts down, so running and waiting checks are
    answered 503 at once rather than holding the shutdown up."""

    def __init__(self, config: uvicorn.Config, ready_line: str, worker: CheckWorker):
        super().__init__(config)
        self.ready_line = ready_line
        self.worker = worker

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            collector.resume()
            print(self.ready_line, flush=True)

    async def shutdown(self, sockets=None) -> None:
        self.worker.close()
        await super().shutdown(sockets=sockets)


@contextmanager
def _signals_end_quietly(interrupt: bool = False):
    """uvicorn shuts down gracefully on SIGINT/SIGTERM, then re-raises the signal: let that be a
    no-op. interrupt: while the models load, SIGTERM interrupts like Ctrl-C (so that the model
    process is stopped too)."""
    def stop(*_):
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop if interrupt else lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _NoTracebacks(logging.Filter):
    """uvicorn's own error lines, without exception details (which could quote a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def configure_logging(access_log: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("postlint serve: %(message)s"))
    handler.addFilter(_NoTracebacks())
    for name in ("postlint.server.access", "postlint.server.error", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
    logging.getLogger("postlint.server.access").setLevel(logging.INFO if access_log else logging.WARNING)
    logging.getLogger("postlint.server.error").setLevel(logging.ERROR)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)


def serve(config: Path | None = None, host: str = "127.0.0.1", port: int = DEFAULT_PORT, token: str | None = None,
          allow_origins: list[str] = (), unsafe_bind: bool = False, timeout: float = 10.0, max_pending: int = 128,
          max_body: int = 1024 * 1024, access_log: bool = True, one_process: bool = False) -> None:
    """Load and warm the models, listen on host:port, print the address, serve until Ctrl-C/SIGTERM.
    one_process: run the checks in this process (see worker.py)."""
    check_bind_host(host, unsafe_bind, token)
    origins = check_origins(list(allow_origins))
    linter = Linter(load_config(config or find_config(Path.cwd())))
    sock = bind_socket(host, port)
    worker = CheckWorker(linter, max_pending=max_pending, timeout=timeout, one_process=one_process)
    try:
        with _signals_end_quietly(interrupt=True):
            worker.start(warm_up_drafts(linter), answers=(check_payload, languagetool_payload))
        actual_port = sock.getsockname()[1]
        extra_hosts = frozenset() if is_loopback(host) else frozenset({f"[{host}]" if ":" in host else host.lower()})
        policy = SecurityPolicy(port=actual_port, token=token or None, allowed_origins=origins,
                                extra_hosts=extra_hosts, max_body=max_body, max_requests=max_pending + 64)
        configure_logging(access_log)
        app = create_app(worker, policy, access_log=access_log)
        uvicorn_config = uvicorn.Config(
            app, log_config=None, access_log=False, log_level="warning", server_header=False, ws="none",
            lifespan="off", timeout_graceful_shutdown=SHUTDOWN_GRACE, loop=EVENT_LOOP, http=HeaderDeadlineProtocol,
        )
        server = _ReadyServer(uvicorn_config, f"postlint serve: listening on {url_of(sock)} (Ctrl-C to stop)", worker)
        with _signals_end_quietly():
            server.run(sockets=[sock])
    finally:
        worker.close()
        sock.close()
