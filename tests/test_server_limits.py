"""A server nothing can freeze (issue 13): checks in a check process that is killed and replaced
when it overruns its time or memory or dies, connections that stall dropped with a 408, and every
503 JSON with CORS and Retry-After, whoever sends it.

The check processes run on a config with a rule of one's own whose regex backtracks for ever on
some drafts: what a user's rule file can do, which postlint must survive. The connection tests
run uvicorn with postlint's protocol and app in a thread of this process, with short timeouts.
"""
from __future__ import annotations

import asyncio
import signal
import socket
import threading
import time
from contextlib import contextmanager

import httpx
import psutil
import pytest
import uvicorn

from linter.config import load_config
from linter.draft import Draft
from linter.engine import Linter
from linter.serve import security as server_security
from linter.serve.app import bind_socket, check_payload, create_app, warm_up_drafts
from linter.serve.security import HeaderDeadlineProtocol, SecurityPolicy
from linter.serve.worker import CheckFailed, CheckJob, CheckWorker, Stopping, TimedOut, TooLarge

from .conftest import EXAMPLE_CONFIG
from .server_fixtures import EXTENSION, serve_process, worker  # noqa: F401  (fixture)

RUNAWAY_RULE = """\
id: defamation/runaway-of-my-own
kind: lexicon
severity: warning
languages: [en]
summary: A rule of one's own whose regex backtracks for ever on a long run of a.
message: Runaway
why: Only for the tests.
instead: Nothing.
params:
  patterns:
    en:
      regex: ["(?:a|aa)+$"]
examples:
  en: {flag: ["Look: aaaa"], ok: ["Look: b"]}
"""
RUNAWAY = "Look at this: " + "a" * 60 + "!"
NORMAL = "Call my sister at 090-2218-4470 tonight."


@pytest.fixture(scope="module")
def runaway_config(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runaway")
    (folder / "rules" / "defamation").mkdir(parents=True)
    (folder / "rules" / "defamation" / "runaway-of-my-own.yaml").write_text(RUNAWAY_RULE, encoding="utf-8")
    config = folder / "postlint.toml"
    config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8") + '\n[rules]\nextra = ["rules"]\n', encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def checks(runaway_config):
    """A worker whose checks run in check processes forked from a model process of its own."""
    linter = Linter(load_config(runaway_config))
    worker = CheckWorker(linter, max_pending=8, timeout=2.0)
    worker.start(warm_up_drafts(linter))
    yield worker
    worker.close()


def run(worker: CheckWorker, text: str):
    return asyncio.run(worker.run(CheckJob(Draft(text), check_payload)))


def check_processes() -> list[psutil.Process]:
    """This test process's model processes' children: the check processes (and entity children)."""
    models = [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())]
    return [child for model in models for child in model.children()]


def all_gone_within(processes: list[psutil.Process], seconds: float) -> bool:
    """Whether every process has ended (or is a zombie) within the time: a killed process takes a
    moment to hand back its memory."""
    deadline = time.monotonic() + seconds
    while any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in processes):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_checks_in_a_check_process_answer_as_the_linter_does(checks, linter):
    for text in (NORMAL, "同僚の携帯は090-1234-5678です。", "Mail jo.weller@gmail.com today", ""):
        assert run(checks, text) == check_payload(linter.check(text))


def test_a_check_past_its_deadline_is_answered_and_its_process_killed(checks):
    assert run(checks, NORMAL)["findings"]
    before = check_processes()
    assert before
    started = time.monotonic()
    with pytest.raises(TimedOut):
        run(checks, RUNAWAY)
    assert time.monotonic() - started < checks.timeout + 1.5
    assert all_gone_within(before, 1.0)  # no CPU spent on it a second later
    assert run(checks, NORMAL)["findings"]  # a new check process answers
    assert {p.pid for p in check_processes()}.isdisjoint(p.pid for p in before)


def test_a_check_past_the_memory_limit_is_answered_too_large(checks):
    limit = checks.memory_limit
    checks.memory_limit = 1  # every check process is past it: the first look during a check sees it
    try:
        with pytest.raises(TooLarge):
            run(checks, RUNAWAY)
    finally:
        checks.memory_limit = limit
    assert run(checks, NORMAL)["findings"]


def test_a_check_process_that_dies_is_replaced(checks):
    assert run(checks, NORMAL)["findings"]

    def kill_soon():
        time.sleep(0.5)
        for process in check_processes():
            process.kill()

    killer = threading.Thread(target=kill_soon)
    killer.start()
    with pytest.raises(CheckFailed):
        run(checks, RUNAWAY)
    killer.join()
    assert run(checks, NORMAL)["findings"]


# ------------------------------------------------------------------ connections

@contextmanager
def served(app_worker: CheckWorker, **policy):
    """uvicorn with postlint's protocol and app in a thread: (host, port)."""
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = create_app(app_worker, SecurityPolicy(port=port, **policy), access_log=False)
    config = uvicorn.Config(app, log_config=None, access_log=False, log_level="critical", lifespan="off",
                            http=HeaderDeadlineProtocol, loop="asyncio", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture()
def short_timeouts(monkeypatch):
    monkeypatch.setattr(server_security, "HEADER_TIMEOUT", 0.5)
    monkeypatch.setattr(server_security, "BODY_TIMEOUT", 0.5)


def answer_to(address, request: bytes, wait: float = 5.0) -> bytes:
    """What the server sends back on a connection that sends request and then nothing."""
    with socket.create_connection(address, timeout=wait) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
    return received


def test_a_connection_that_stalls_in_its_headers_gets_408_and_is_closed(worker, short_timeouts):
    with served(worker) as (host, port):
        answer = answer_to((host, port), f"GET /v1/health HTTP/1.1\r\nHost: {host}:{port}\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 408 ") and b"application/json" in answer
        assert answer_to((host, port), b"").startswith(b"HTTP/1.1 408 ")  # one that sends nothing at all


def test_a_body_that_stalls_gets_408_json_with_cors(worker, short_timeouts):
    with served(worker) as (host, port):
        request = (f"POST /v1/check HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {EXTENSION}\r\n"
                   f"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"text\": \"Call").encode()
        answer = answer_to((host, port), request)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408 ") and b"did not arrive" in body
        assert f"access-control-allow-origin: {EXTENSION}".encode() in head.lower()


@contextmanager
def half_open_connections(host: str, port: int, count: int):
    """count connections that each stop partway through a check request: half in the headers,
    half in the body."""
    half_open = []
    try:
        for index in range(count):
            sock = socket.create_connection((host, port))
            head = f"POST /v1/check HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            sock.sendall((head if index % 2 else head + "Content-Length: 50\r\n\r\n{\"text\"").encode())
            half_open.append(sock)
        yield
    finally:
        for sock in half_open:
            sock.close()


def test_health_is_answered_while_200_connections_are_half_open(worker):
    with served(worker) as (host, port), half_open_connections(host, port, 200):
        with httpx.Client(base_url=f"http://{host}:{port}", trust_env=False, timeout=10) as client:
            for _ in range(5):
                assert client.get("/v1/health").status_code == 200
            assert client.post("/v1/check", json={"text": NORMAL}).status_code == 200


def test_too_many_requests_at_once_get_the_guards_503_with_cors_and_retry_after(worker):
    with served(worker, max_requests=2) as (host, port):
        stalled = []
        try:
            for _ in range(2):
                sock = socket.create_connection((host, port))
                sock.sendall(f"POST /v1/check HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                             f"Content-Length: 50\r\n\r\n{{".encode())
                stalled.append(sock)
            time.sleep(0.3)
            with httpx.Client(base_url=f"http://{host}:{port}", trust_env=False, timeout=10) as client:
                response = client.post("/v1/check", json={"text": NORMAL}, headers={"Origin": EXTENSION})
                assert response.status_code == 503 and response.headers["retry-after"] == "1"
                assert response.headers["access-control-allow-origin"] == EXTENSION
                assert response.json()["detail"].startswith("too many requests")
                assert client.get("/v1/health").status_code == 200
        finally:
            for sock in stalled:
                sock.close()


def test_closing_the_worker_answers_a_running_check_and_later_ones_stopping(checks):
    """What the server does first when it stops (SIGTERM, Ctrl-C); last here, as it ends the worker."""
    async def scenario():
        running = asyncio.ensure_future(checks.run(CheckJob(Draft(RUNAWAY), check_payload)))
        await asyncio.sleep(0.5)
        checks.close()
        with pytest.raises(Stopping):
            await running
        with pytest.raises(Stopping):
            await checks.run(CheckJob(Draft(NORMAL), check_payload))

    asyncio.run(scenario())
    assert check_processes() == []


# ------------------------------------------------------------------ a real server

@pytest.fixture(scope="module")
def server(runaway_config):
    with serve_process(runaway_config, "--timeout", "2", "--no-access-log") as process:
        yield process


def post_in_background(url: str, text: str, answers: list) -> threading.Thread:
    def post():
        with httpx.Client(base_url=url, trust_env=False, timeout=60) as client:
            response = client.post("/v1/check", json={"text": text}, headers={"Origin": EXTENSION})
            answers.append((response.status_code, dict(response.headers), response.json(), time.monotonic()))

    thread = threading.Thread(target=post)
    thread.start()
    return thread


def test_a_runaway_check_never_holds_up_health_and_is_answered_503(server):
    answers: list = []
    thread = post_in_background(server.url, RUNAWAY, answers)
    time.sleep(0.5)
    with httpx.Client(base_url=server.url, trust_env=False, timeout=10) as client:
        health = [client.get("/v1/health") for _ in range(3)]
        answered_at = time.monotonic()
        thread.join()
        assert [r.status_code for r in health] == [200] * 3 and answers[0][3] > answered_at
        status, headers, body, _ = answers[0]
        assert status == 503 and headers["retry-after"] == "1" and headers["access-control-allow-origin"] == EXTENSION
        assert body == {"detail": "the check took longer than 2 s"}
        assert client.post("/v1/check", json={"text": NORMAL}).json()["findings"]


def test_half_open_connections_leave_health_answered(server):
    with half_open_connections("127.0.0.1", server.port, 200):
        with httpx.Client(base_url=server.url, trust_env=False, timeout=10) as client:
            assert client.get("/v1/health").status_code == 200


def test_sigterm_during_a_check_answers_503_and_stops_the_server(server):
    answers: list = []
    thread = post_in_background(server.url, RUNAWAY, answers)
    time.sleep(0.5)
    assert server.stop(signal.SIGTERM, wait=10) == 0
    thread.join()
    status, headers, body, _ = answers[0]
    assert status == 503 and body == {"detail": "the server is stopping"} and headers["retry-after"] == "1"
    assert "Traceback" not in server.stderr
