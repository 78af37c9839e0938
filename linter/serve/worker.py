"""The server's checks: one at a time, each inside spaCy memory zones, in a process that is
replaced when a check overruns.

Three kinds of process, so that nothing a check does can hold up the server:

- the server (uvicorn) keeps the Linter's rules but loads no model;
- the model process, spawned once, loads and warms the pipelines, then only forks check processes;
- a check process, forked from it in milliseconds with everything loaded, runs the checks one at a
  time (and finds English entities in a child of its own, nlp/entity_worker.py).

The server hands each check (a CheckJob) to the check process over a pipe and waits for the answer
in one thread, so its event loop stays free: /v1/health answers whatever a check does. A check
past its deadline gets TimedOut at once and its check process is killed with its child, so nothing
keeps running; the next check gets a new one. So does a check process past its memory limit
(during a check: TooLarge; after one that left it big: replaced quietly). Waiting checks are
bounded (Busy) and a check whose deadline passes while it waits never starts. Closing the worker
(the server stopping) answers every waiting and running check with Stopping at once.

`one_process` (and on a system without fork, e.g. Windows): the checks run in a thread of the
server's own process instead, with no entity process: less memory, but a check past its limit is
answered TimedOut and runs on to its end.

spaCy's `memory_zone` frees the strings and lexemes a parse adds to the shared vocabulary, which
keeps a long-running check process flat; zones swap global state of a pipeline, so they must not
overlap, hence one check at a time. The pipelines' morphology tables re-use analyses instead of
leaking one per Japanese token and keep no new reading from inside a zone (nlp/morphology.py), and
what the zones free is handed back to the system (glibc keeps it in the process otherwise).
"""
from __future__ import annotations

import asyncio
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Callable

from ..config import Config
from ..draft import Draft
from ..engine import Linter, Report
from ..errors import PostlintError, UsageError
from ..nlp.morphology import intern_morphology
from ..nlp.segments import LANGUAGES, make_lexemes_of_known_words

RELEASE_INTERVAL = 1.0  # seconds: free memory goes back to the system at most this often
WATCH_INTERVAL = 0.05  # seconds between looks at a running check's memory
START_TIMEOUT = 300.0  # seconds the model process may take to load and warm up
MEMORY_LIMIT = 3 * 1024**3  # bytes of RSS a check process may reach during a check (then TooLarge)
# A check process that has grown by this much over the model process it was forked from is
# replaced after its check (a fork costs milliseconds; the memory goes back to the system).
REPLACE_AFTER_GROWTH = 512 * 1024**2
CAN_FORK = hasattr(os, "fork")


class Busy(Exception):
    """Too many checks are waiting already."""


class TimedOut(Exception):
    """The check did not finish within the per-request time limit."""


class TooLarge(Exception):
    """The check needed more memory than a check process may have."""


class Stopping(Exception):
    """The server is stopping: the check was not run or not finished."""


class CheckFailed(Exception):
    """The check raised an unexpected error (its type is the message), or its process died."""


@dataclass(frozen=True)
class CheckJob:
    """One check as the server hands it to the check process: the draft, the Linter.check options,
    and a picklable function (module-level, or a functools.partial of one) that turns the Report
    into the JSON answer."""

    draft: Draft
    answer: Callable[[Report], dict]
    language: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lang: str | None = None


# ------------------------------------------------------------------ where checks run

class Checks:
    """Runs CheckJobs on a Linter whose pipelines are loaded and warm, each inside memory zones."""

    def __init__(self, linter: Linter):
        self.linter = linter
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

    def run(self, job: CheckJob) -> dict:
        """The job's answer, its check run inside a memory zone of every loaded pipeline."""
        try:
            with ExitStack() as zones:
                for nlp in self._pipelines:
                    zones.enter_context(nlp.memory_zone())
                report = self.linter.check(job.draft, language=job.language, select=job.select, ignore=job.ignore,
                                           lang=job.lang)
                return job.answer(report)
        finally:
            if time.monotonic() - self._released_at >= RELEASE_INTERVAL:
                release_free_memory()
                self._released_at = time.monotonic()


class CheckWorker:
    """The server's side: bounded waiting, deadlines and one thread that hands checks on.

    start() loads the models (in the model process, or here with one_process) before the server
    says it is ready; run(job) is awaited by request handlers; close() stops everything."""

    def __init__(self, linter: Linter, max_pending: int = 128, timeout: float = 10.0, one_process: bool = False,
                 entities_aside: bool = True, memory_limit: int = MEMORY_LIMIT):
        self.linter = linter
        self.timeout = timeout
        self.max_pending = max_pending
        self.memory_limit = memory_limit  # bytes of RSS a check process may reach during a check
        self._slots = threading.BoundedSemaphore(max_pending)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postlint-check")
        self._closed = False
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Future]] = set()
        self._waiters_lock = threading.Lock()
        if one_process or not CAN_FORK:
            self._backend: _InThread | _InProcess = _InThread(linter)
        else:
            self._backend = _InProcess(linter.config, entities_aside)

    def start(self, warm_up: dict[str, str], answers: tuple[Callable, ...] = ()) -> None:
        """Load and warm the models (every rule's examples as warm_up drafts, by language). answers:
        the functions the jobs will name to make their answers, imported once in the model process
        so that every check process forked from it has them."""
        self._backend.start(warm_up, answers)

    def loaded_languages(self) -> list[str]:
        return list(LANGUAGES) if self._backend.started else []

    async def run(self, job: CheckJob) -> dict:
        """The job's answer. Busy when too many wait, TimedOut past the time limit, TooLarge past
        the memory limit, Stopping when the server stops; UsageError and CheckFailed from the check."""
        if self._closed:
            raise Stopping()
        if not self._slots.acquire(blocking=False):
            raise Busy()
        deadline = time.monotonic() + self.timeout
        try:
            future = self._executor.submit(self._exchange, job, deadline)
        except RuntimeError:  # the executor is shut down
            self._slots.release()
            raise Stopping() from None
        future.add_done_callback(lambda _: self._slots.release())
        loop = asyncio.get_running_loop()
        stopped = loop.create_future()
        with self._waiters_lock:
            self._waiters.add((loop, stopped))
        try:
            answer = asyncio.wrap_future(future)
            done, _ = await asyncio.wait({answer, stopped}, timeout=self.timeout + self._backend.grace,
                                         return_when=asyncio.FIRST_COMPLETED)
            if answer in done and not answer.cancelled():
                return answer.result()
            answer.add_done_callback(_retrieved)  # its end (Stopping, TimedOut) is no news then
            if stopped in done or answer in done:
                raise Stopping()
            raise TimedOut()  # only in one process: the check goes on in its thread
        finally:
            with self._waiters_lock:
                self._waiters.discard((loop, stopped))

    def _exchange(self, job: CheckJob, deadline: float) -> dict:
        """In the worker thread: the check's answer, if it is still wanted."""
        if self._closed:
            raise Stopping()
        if time.monotonic() > deadline:
            raise TimedOut()  # waited past its deadline: never started
        return self._backend.exchange(job, deadline, self.memory_limit)

    def close(self) -> None:
        """Stop: waiting and running checks are answered Stopping, every process ends."""
        self._closed = True
        with self._waiters_lock:
            for loop, stopped in self._waiters:
                if not loop.is_closed():
                    loop.call_soon_threadsafe(lambda f=stopped: f.done() or f.set_result(None))
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._backend.close()


def _retrieved(future: asyncio.Future) -> None:
    """Mark an answer nobody waits for any more as read, so asyncio does not log it as lost."""
    if not future.cancelled():
        future.exception()


class _InThread:
    """Checks in the server's own process, in the worker thread."""

    grace = 0.0  # the event loop's own timeout is the limit: nothing else enforces it

    def __init__(self, linter: Linter):
        self.checks = Checks(linter)
        self.started = False

    def start(self, warm_up: dict[str, str], answers: tuple[Callable, ...] = ()) -> None:
        self.checks.warm_up(warm_up)
        self.started = True

    def exchange(self, job: CheckJob, deadline: float, memory_limit: int) -> dict:
        return self.checks.run(job)

    def close(self) -> None:
        pass


# ------------------------------------------------------------------ the processes

@dataclass
class _CheckProcess:
    """A check process as the server knows it: its pid (also its process group) and its pipe."""

    pid: int
    conn: Connection
    base_rss: int | None  # the model process's when it forked this one

    def kill(self) -> None:
        """Kill it and its entity child at once (they share a process group)."""
        for kill in (os.killpg, os.kill):
            try:
                kill(self.pid, signal.SIGKILL)
                return
            except (ProcessLookupError, PermissionError):
                continue

    def rss(self) -> int | None:
        return process_rss(self.pid)


class _InProcess:
    """Checks in a check process forked from the model process (see the module docstring)."""

    grace = 2.0  # the worker thread answers at the deadline; this is only a safety net

    def __init__(self, config: Config, entities_aside: bool):
        self.config = config
        self.entities_aside = entities_aside
        self.started = False
        self._model = None  # the model process
        self._model_conn: Connection | None = None
        self._current: _CheckProcess | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self, warm_up: dict[str, str], answers: tuple[Callable, ...] = ()) -> None:
        context = multiprocessing.get_context("spawn")
        self._model_conn, child = context.Pipe()
        # One thread each: a forked process must not inherit a BLAS thread pool.
        environment = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
        saved = {name: os.environ.get(name) for name in environment}
        os.environ.update({name: os.environ.get(name) or value for name, value in environment.items()})
        try:
            self._model = context.Process(target=model_process, args=(child, self.config, warm_up, self.entities_aside, answers),
                                          name="postlint-models", daemon=True)
            self._model.start()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        child.close()
        if not self._model_conn.poll(START_TIMEOUT):
            raise RuntimeError("the model process did not start in time")
        try:
            status, detail = self._model_conn.recv()
        except EOFError:
            raise RuntimeError("the model process ended while loading the models") from None
        if status == "failed":
            raise detail
        self._current = self._fork()
        self.started = True

    def exchange(self, job: CheckJob, deadline: float, memory_limit: int) -> dict:
        process = self._process()
        try:
            process.conn.send(job)
        except (OSError, ValueError):
            return self._lost(process)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._replace(process)
                raise TimedOut()
            try:
                if process.conn.poll(min(remaining, WATCH_INTERVAL)):
                    break
            except (OSError, ValueError):
                return self._lost(process)
            if (process.rss() or 0) > memory_limit:
                self._replace(process)
                raise TooLarge()
        try:
            status, value, rss = process.conn.recv()
        except (EOFError, OSError, ValueError):
            return self._lost(process)
        if rss is not None and process.base_rss is not None and rss - process.base_rss > REPLACE_AFTER_GROWTH:
            self._replace(process)
        if status == "usage":
            raise UsageError(value)
        if status == "error":
            raise CheckFailed(value)
        return value

    def _process(self) -> _CheckProcess:
        """The current check process, forked anew when the last one was replaced."""
        with self._lock:
            if self._closed:
                raise Stopping()
            if self._current is None:
                self._current = self._fork()
            return self._current

    def _fork(self) -> _CheckProcess:
        """A new check process from the model process: its pid and the server's end of its pipe."""
        try:
            self._model_conn.send("fork")
            pid, base_rss = self._model_conn.recv()
            fd = reduction.recv_handle(self._model_conn)
        except (EOFError, OSError, ValueError):
            raise Stopping() if self._closed else CheckFailed("the model process ended") from None
        return _CheckProcess(pid, Connection(fd), base_rss)

    def _replace(self, process: _CheckProcess) -> None:
        """Kill a check process (in the worker thread, which alone uses its pipe); the next check
        gets a new one."""
        with self._lock:
            if self._current is process:
                self._current = None
        process.kill()
        process.conn.close()

    def _lost(self, process: _CheckProcess):
        """The check process died during a check (killed by close, or crashed)."""
        self._replace(process)
        if self._closed:
            raise Stopping()
        raise CheckFailed("the check process ended unexpectedly")

    def close(self) -> None:
        """Kill every process; a check waiting on one then finds its pipe closed (Stopping)."""
        with self._lock:
            self._closed = True
            current, self._current = self._current, None
        if current is not None:
            current.kill()
        if self._model is not None:
            self._model.kill()
            self._model.join(2)
            self._model_conn.close()


def model_process(conn: Connection, config: Config, warm_up: dict[str, str], entities_aside: bool,
                  answers: tuple[Callable, ...]) -> None:
    """The model process: load the Linter, warm it up, say so, then fork a check process whenever
    asked until the pipe closes. answers came pickled by name: receiving them imported their
    modules here, once for every fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        linter = Linter(config)
        checks = Checks(linter)
        checks.warm_up(warm_up)
    except PostlintError as exc:  # a pipeline not installed…: the server says it in one line
        conn.send(("failed", exc))
        return
    gc.collect()
    gc.freeze()  # the garbage collector then leaves the shared pages of forked processes unwritten
    conn.send(("ready", None))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # check processes are reaped by the system
    while True:
        try:
            conn.recv()
        except (EOFError, OSError):
            return
        server_end, process_end = multiprocessing.Pipe()
        pid = os.fork()
        if pid == 0:
            conn.close()
            server_end.close()
            _run_check_process(process_end, checks, entities_aside)
        process_end.close()
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass  # it did so itself already
        conn.send((pid, process_rss(os.getpid())))
        reduction.send_handle(conn, server_end.fileno(), os.getppid())
        server_end.close()


def _run_check_process(conn: Connection, checks: Checks, entities_aside: bool) -> None:
    """A forked check process: its own process group (so that killing it kills its entity child),
    the default signal handling, then serve checks; never return into the model process's loop."""
    status = 1
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        serve_checks(conn, checks, entities_aside)
        status = 0
    finally:
        os._exit(status)


def serve_checks(conn: Connection, checks: Checks, entities_aside: bool) -> None:
    """Answer each CheckJob received with (status, answer, RSS after it) until the pipe closes."""
    if entities_aside and (os.cpu_count() or 1) > 1:
        for language in LANGUAGES:
            checks.linter.pipelines.find_entities_aside(language)
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            try:
                reply = ("ok", checks.run(job))
            except UsageError as exc:
                reply = ("usage", str(exc))
            except Exception as exc:  # reported by type only: a message could quote the draft
                reply = ("error", type(exc).__name__)
            conn.send((*reply, process_rss(os.getpid())))
    finally:
        checks.linter.pipelines.stop_entity_workers()


# ------------------------------------------------------------------ memory

def process_rss(pid: int) -> int | None:
    """Resident memory of a process in bytes (Linux: /proc; elsewhere None)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


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
