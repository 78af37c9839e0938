"""The server's check worker: checks run one at a time in one thread, each inside spaCy memory zones.

spaCy's `memory_zone` frees the strings and lexemes a parse adds to the shared vocabulary, which is
what keeps a long-running server's memory flat; zones swap global state of a pipeline, so they must
not overlap, hence one worker thread. Waiting requests are bounded (Busy) and each has a deadline
(TimedOut); a request whose deadline passes while queued is never started.
"""
from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Callable, TypeVar

from .engine import Linter
from .nlp import LANGUAGES

T = TypeVar("T")


class Busy(Exception):
    """Too many checks are waiting already."""


class TimedOut(Exception):
    """The check did not finish within the per-request time limit."""


class CheckWorker:
    """Runs functions of the Linter in one thread, in memory zones, with bounded waiting and deadlines."""

    def __init__(self, linter: Linter, max_pending: int = 128, timeout: float = 10.0):
        self.linter = linter
        self.timeout = timeout
        self.max_pending = max_pending
        self._slots = threading.BoundedSemaphore(max_pending)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postlint-check")
        self._pipelines: list = []

    def warm_up(self, drafts: dict[str, str]) -> None:
        """Load every language's pipeline and check a draft per language outside any zone, so that
        everything the rules build lazily (matchers, vocabulary entries) is built once and kept."""
        self._pipelines = [self.linter.pipelines.get(language) for language in LANGUAGES]
        for language, text in drafts.items():
            self.linter.check(text, language=language)
        self.linter.check("\n\n".join(drafts.values()))

    def loaded_languages(self) -> list[str]:
        return list(LANGUAGES) if self._pipelines else []

    async def run(self, function: Callable[[], T]) -> T:
        """function() in the worker thread; Busy when too many wait, TimedOut past the time limit."""
        if not self._slots.acquire(blocking=False):
            raise Busy()
        deadline = time.monotonic() + self.timeout
        try:
            future = self._executor.submit(self._in_zone, function, deadline)
        except RuntimeError:
            self._slots.release()
            raise Busy() from None
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except (asyncio.TimeoutError, _Expired):
            raise TimedOut() from None

    def _in_zone(self, function: Callable[[], T], deadline: float) -> T:
        if time.monotonic() > deadline:
            raise _Expired()
        with ExitStack() as zones:
            for nlp in self._pipelines:
                zones.enter_context(nlp.memory_zone())
            return function()

    def close(self) -> None:
        """Stop taking checks; waiting ones are dropped, a running one finishes."""
        self._executor.shutdown(wait=False, cancel_futures=True)


class _Expired(Exception):
    """A queued check whose deadline passed before it started."""
