"""What the server tests share: an app on the session Linter, reached as 127.0.0.1:PORT, and a
real `postlint serve` process on a free loopback port."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linter.serve.app import create_app, warm_up_drafts
from linter.serve.security import SecurityPolicy
from linter.serve.worker import CheckWorker

PORT = 7678
BASE_URL = f"http://127.0.0.1:{PORT}"
EXTENSION = "chrome-extension://" + "abcdefghijklmnopabcdefghijklmnop"
OTHER_EXTENSION = "chrome-extension://" + "ponmlkjihgfedcbaponmlkjihgfedcba"
FIREFOX_EXTENSION = "moz-extension://6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f"


@pytest.fixture(scope="module")
def worker(linter):
    """A warmed-up check worker on the session Linter, running the checks in this process (the
    server's own check processes are tested with a real server and in test_server_limits.py)."""
    worker = CheckWorker(linter, max_pending=128, timeout=30, one_process=True)
    worker.start(warm_up_drafts(linter))
    yield worker
    worker.close()


def client_for(worker: CheckWorker, **policy) -> TestClient:
    """A test client for an app with this policy, addressed as a browser or program on this machine would."""
    app = create_app(worker, SecurityPolicy(port=PORT, **policy), access_log=True)
    return TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(worker) -> TestClient:
    return client_for(worker)


class ServeProcess:
    """A `postlint serve` subprocess; its stderr is collected for the log assertions."""

    def __init__(self, args: list[str], config: Path):
        command = [sys.executable, "-m", "linter", "serve", "--port", "0", "--config", str(config), *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "NO_COLOR": "1"})
        self._stderr: list[str] = []
        threading.Thread(target=self._collect_stderr, daemon=True).start()
        self.ready_line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", self.ready_line)
        if not match:
            self.process.kill()
            raise RuntimeError(f"postlint serve did not start: {self.ready_line!r} {self.stderr}")
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def _collect_stderr(self) -> None:
        for line in self.process.stderr:
            self._stderr.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    def wait_for_log(self, text: str, timeout: float = 5) -> str:
        """The stderr so far, once it contains text (the access log is written after the response)."""
        deadline = time.monotonic() + timeout
        while text not in self.stderr and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.stderr

    def stop(self, sig: int = signal.SIGTERM, wait: float = 15) -> int:
        self.process.send_signal(sig)
        try:
            return self.process.wait(wait)
        finally:
            if self.process.poll() is None:
                self.process.kill()


@contextmanager
def serve_process(config: Path, *args: str):
    server = ServeProcess(list(args), config)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()
