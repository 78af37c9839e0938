"""The server's check worker: checks run one at a time in one thread, each inside spaCy memory zones.

spaCy's `memory_zone` frees the strings and lexemes a parse adds to the shared vocabulary, which is
what keeps a long-running server's memory flat; zones swap global state of a pipeline, so they must
not overlap, hence one worker thread. Waiting requests are bounded (Busy) and each has a deadline
(TimedOut); a request whose deadline passes while queued is never started.

Two more things keep the memory flat: the pipelines' morphology tables re-use analyses instead of
leaking one per Japanese token, and keep no new reading from inside a zone (morphology.py); and
what the zones free is handed back to the system (glibc keeps freed memory in the worker thread's
malloc arena otherwise).
"""
from __future__ import annotations

import asyncio
import ctypes
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Callable, TypeVar

from .engine import Linter
from .morphology import intern_morphology
from .nlp import LANGUAGES, make_lexemes_of_known_words

T = TypeVar("T")
RELEASE_INTERVAL = 1.0  # seconds: free memory goes back to the system at most this often


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
        self._released_at = 0.0

    def warm_up(self, drafts: dict[str, str]) -> None:
        """Load every language's pipeline and check a draft per language outside any zone, so that
        everything the rules build lazily (matchers, vocabulary entries) is built once and kept;
        likewise the lexemes of the English words the pipeline knows. Then hand back what loading freed."""
        self._pipelines = [self.linter.pipelines.get(language) for language in LANGUAGES]
        for nlp in self._pipelines:
            intern_morphology(nlp)
        make_lexemes_of_known_words(self.linter.pipelines.get("en"))
        for language, text in drafts.items():
            self.linter.check(text, language=language)
        self.linter.check("\n\n".join(drafts.values()))
        release_free_memory()

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
        try:
            with ExitStack() as zones:
                for nlp in self._pipelines:
                    zones.enter_context(nlp.memory_zone())
                return function()
        finally:
            self._release_memory_now_and_then()

    def _release_memory_now_and_then(self) -> None:
        if time.monotonic() - self._released_at >= RELEASE_INTERVAL:
            release_free_memory()
            self._released_at = time.monotonic()

    def close(self) -> None:
        """Stop taking checks; waiting ones are dropped, a running one finishes."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim; None where the C library has none (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def release_free_memory() -> None:
    """Hand the free pages of every malloc arena back to the system (glibc; elsewhere a no-op)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class _Expired(Exception):
    """A queued check whose deadline passed before it started."""
