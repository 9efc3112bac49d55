"""Runs analyses off the event loop, with a hard time limit and bounded concurrency.

A file (or a long pasted contract) is analysed in its own worker process, forked from a
``forkserver`` that has the analyzers preloaded, so starting one costs a fork rather than an
import. On timeout the process is killed: threads cannot be, so a hostile file cannot hold
a worker or the event loop. At most ``max_concurrent`` such jobs run at once; the others
wait in line (the caller is told its position and expected wait). Work is admitted by its
expected wait, not by a count: the runner keeps a running estimate of one job's time, and
refuses with ``QueueFull`` (saying when to retry) only when a new job would wait longer
than ``max_wait_s``, or when ``max_queued`` jobs already wait (a memory bound: each holds
its file's bytes).

Short pasted texts (under ``inline_max_chars``) take milliseconds: they run in a small
thread pool instead, where a process would cost more than the work.

A worker may grow by ``memory_mb`` (an address-space limit, ``RLIMIT_AS``): a file that
makes PDFium or the XML parser allocate without end fails its allocation there, and the
job ends with ``TooComplex``, the same friendly error the extractors raise for bombs they
spot themselves. Workers print nothing: their stdout goes nowhere and their logging keeps
only ClauseScout's own records (third-party libraries log document content, e.g.
pdfminer's warnings quote content-stream operands).

The result comes back as a pickled ``Report``, read with an unpickler that only accepts the
analyzer's own model classes: a compromised worker cannot make the bot run code.

Scans and photos are read by OCR, a few seconds a page. A worker says on a second pipe how
many pages it reads that way and how far it is (``on_progress(done, total)``, for the
member's status note), and the job's time limit then grows by ``Limits.ocr_page_seconds``
for each such page: the page cap (``Limits.ocr_max_pages``) bounds the extension. The
messages on that pipe are two small integers, checked before use; nothing else is read.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import math
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import signal
import threading
import time
import warnings
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from analyzers.errors import ClauseScoutError, TooComplex
from analyzers.limits import DEFAULT_LIMITS, Limits
from analyzers.model import Report
from bot.logs import setup_worker_logging

log = logging.getLogger("clausescout.jobs")

# Imported once by the forkserver, then inherited by every worker through fork(). bot.cli
# is there because each worker re-runs the main module (``clausescout``) on start.
PRELOAD = ("analyzers", "bot.jobs", "bot.cli", "pdfplumber")
_JOIN_TIMEOUT_S = 5.0
# A first guess at one process job's time before any has run (a 30-page PDF takes about
# half a second), and how much each finished job moves the estimate.
INITIAL_JOB_S = 1.0
_ESTIMATE_WEIGHT = 0.2
# Set only while the forkserver is launched: bot.jobs, imported there, then warms the
# analyzer (compiles its rules) once, instead of once per worker.
_PRELOAD_ENV = "CLAUSESCOUT_FORKSERVER_PRELOAD"
_ROOT = str(Path(__file__).resolve().parent.parent)  # the directory holding bot/, analyzers/
# Thread-pool sizes of the numeric libraries (numpy's BLAS), set for the forkserver.
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True, slots=True)
class Job:
    """One analysis to run: pasted text, a file's bytes with its name (for the type), or
    pictures of pages read as one contract in order (a Telegram album)."""

    kind: Literal["text", "file", "pictures"]
    text: str = field(default="", repr=False)
    data: bytes = field(default=b"", repr=False)
    filename: str = field(default="", repr=False)
    limits: Limits = DEFAULT_LIMITS
    parts: tuple[bytes, ...] = field(default=(), repr=False)

    @classmethod
    def for_text(cls, text: str, limits: Limits = DEFAULT_LIMITS) -> Job:
        return cls("text", text=text, limits=limits)

    @classmethod
    def for_file(cls, data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Job:
        return cls("file", data=data, filename=filename, limits=limits)

    @classmethod
    def for_pictures(cls, parts: tuple[bytes, ...], limits: Limits = DEFAULT_LIMITS) -> Job:
        return cls("pictures", parts=parts, limits=limits)

    @property
    def size(self) -> int:
        if self.kind == "pictures":
            return sum(len(part) for part in self.parts)
        return len(self.data) if self.kind == "file" else len(self.text)


def analyze_job(job: Job) -> Report:
    """The default worker: the analyzer itself (telling OCR progress to the bot)."""
    import time

    from analyzers import analyze_document, analyze_text
    from analyzers.extract import extract, extract_pictures

    if job.kind == "text":
        return analyze_text(job.text, limits=job.limits)
    started = time.perf_counter()
    if job.kind == "pictures":
        document = extract_pictures(job.parts, limits=job.limits, progress=report_progress)
    else:
        document = extract(job.data, job.filename, limits=job.limits, progress=report_progress)
    return analyze_document(document, started=started)


# In a worker process: the write end of its progress pipe (None elsewhere).
_progress: multiprocessing.connection.Connection | None = None


def report_progress(done: int, total: int) -> None:
    """From the worker: ``done`` of ``total`` pages read by OCR. A no-op outside workers."""
    if _progress is not None:
        with contextlib.suppress(OSError):
            _progress.send_bytes(b"%d %d" % (done, total))


Worker = Callable[[Job], Report]


class JobTimeout(Exception):
    """The analysis took longer than the time limit and was stopped."""


class QueueFull(Exception):
    """A new analysis would wait too long; ``retry_after_s`` says when to try again."""

    def __init__(self, retry_after_s: float = 60.0) -> None:
        super().__init__(f"queue full, retry after {retry_after_s:.0f} s")
        self.retry_after_s = retry_after_s


class JobCrashed(Exception):
    """The worker failed with something other than a ClauseScoutError (the type name only)."""


class WorkerError(ClauseScoutError):
    """A ClauseScoutError raised in a worker process, carried back by code and message."""

    def __init__(self, code: str, user_message: str) -> None:
        self.code = code
        super().__init__(user_message)


@dataclass(frozen=True, slots=True)
class JobStats:
    """How a job ran, for logs: where, how long it waited and how long it took."""

    where: Literal["thread", "process"]
    waited_ms: float
    run_ms: float


class JobRunner:
    """Runs ``Job``s: processes for heavy ones, a thread pool for short texts."""

    def __init__(
        self,
        *,
        max_concurrent: int = 2,
        max_queued: int = 200,
        max_wait_s: float = 60.0,
        timeout_s: float = 60.0,
        inline_max_chars: int = 20_000,
        memory_mb: int | None = None,
        worker: Worker = analyze_job,
    ) -> None:
        """``memory_mb``: how much a worker process may grow (None: no limit)."""
        self.max_concurrent = max_concurrent
        self.max_queued = max_queued
        self.max_wait_s = max_wait_s
        # A running estimate of one process job's time (start, analysis, result), in s.
        self.job_s = INITIAL_JOB_S
        self._active = 0  # jobs holding a slot
        self.timeout_s = timeout_s
        self.inline_max_chars = inline_max_chars
        self.memory_mb = memory_mb
        self._worker = worker
        self._slots = asyncio.Semaphore(max_concurrent)
        self._waiting = 0
        self._running: set[multiprocessing.process.BaseProcess] = set()
        self._threads = ThreadPoolExecutor(
            max_workers=max(2, max_concurrent), thread_name_prefix="clausescout-inline"
        )
        self._closed = False

    @property
    def waiting(self) -> int:
        """Jobs waiting for a free slot right now."""
        return self._waiting

    @property
    def running(self) -> int:
        return len(self._running)

    def expected_wait_s(self) -> float:
        """How long a process job admitted now would wait for a slot (0: one is free)."""
        if self._active < self.max_concurrent:
            return 0.0
        ahead = self._waiting + self._active - self.max_concurrent + 1
        return ahead * self.job_s / self.max_concurrent

    def _record(self, run_s: float) -> None:
        self.job_s += _ESTIMATE_WEIGHT * (run_s - self.job_s)

    def runs_inline(self, job: Job) -> bool:
        return job.kind == "text" and len(job.text) < self.inline_max_chars

    def warm_up(self) -> None:
        """Start the forkserver (which imports the analyzers) now rather than at the first job.

        Blocking: call it in a thread.
        """
        _context()
        with _start_lock:
            _ensure_forkserver()

    async def run(
        self,
        job: Job,
        *,
        on_queued: Callable[[int, float], Awaitable[None]] | None = None,
        on_progress: Callable[[int, int], Awaitable[None]] | None = None,
    ) -> tuple[Report, JobStats]:
        """Analyse ``job``. Raises ClauseScoutError, JobTimeout, QueueFull or JobCrashed.

        ``on_queued(position, expected_wait_s)`` is awaited when the job has to wait,
        ``on_progress(done, total)`` as a worker reads pages by OCR (the latest only, if
        the callback is slower than the worker)."""
        if self._closed:
            raise RuntimeError("the job runner is closed")
        if self.runs_inline(job):
            return await self._run_inline(job)
        return await self._run_queued(job, on_queued, on_progress)

    async def aclose(self) -> None:
        """Kill running workers and stop the thread pool."""
        self._closed = True
        for process in list(self._running):
            _kill(process)
        self._threads.shutdown(wait=False, cancel_futures=True)

    # --- inline (thread) -----------------------------------------------------------------

    async def _run_inline(self, job: Job) -> tuple[Report, JobStats]:
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        future = loop.run_in_executor(self._threads, self._worker, job)
        try:
            async with asyncio.timeout(self.timeout_s):
                report = await future
        except TimeoutError:
            raise JobTimeout from None
        stats = JobStats("thread", 0.0, (time.perf_counter() - started) * 1000)
        return report, stats

    # --- process -------------------------------------------------------------------------

    async def _run_queued(
        self,
        job: Job,
        on_queued: Callable[[int, float], Awaitable[None]] | None,
        on_progress: Callable[[int, int], Awaitable[None]] | None = None,
    ) -> tuple[Report, JobStats]:
        queued_at = time.perf_counter()
        if self._slots.locked():
            wait_s = self.expected_wait_s()
            if wait_s > self.max_wait_s or self._waiting >= self.max_queued:
                # The line drains at max_concurrent jobs per job_s: retry once it is short.
                over = max(wait_s - self.max_wait_s, 0.0) + self.job_s
                raise QueueFull(max(5.0, math.ceil(over)))
            self._waiting += 1
            try:
                if on_queued is not None:
                    await on_queued(self._waiting, wait_s)
                await self._slots.acquire()
            finally:
                self._waiting -= 1
        else:
            await self._slots.acquire()
        self._active += 1
        try:
            started = time.perf_counter()
            report = await self._run_process(job, on_progress)
            run_s = time.perf_counter() - started
            self._record(run_s)
            stats = JobStats("process", (started - queued_at) * 1000, run_s * 1000)
            return report, stats
        finally:
            self._active -= 1
            self._slots.release()

    async def _run_process(
        self, job: Job, on_progress: Callable[[int, int], Awaitable[None]] | None = None
    ) -> Report:
        context = _context()
        receiver, sender = context.Pipe(duplex=False)
        progress_receiver, progress_sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_worker_main,
            args=(sender, self._worker, job, self.memory_mb, progress_sender),
            daemon=True,
        )
        try:
            await _start(process)
        except BaseException:
            receiver.close()
            progress_receiver.close()
            raise
        finally:
            sender.close()  # the worker holds the only write end: EOF means it is done
            progress_sender.close()
        self._running.add(process)
        loop = asyncio.get_running_loop()
        watcher = _ProgressWatcher(progress_receiver, on_progress)
        try:
            async with asyncio.timeout(self.timeout_s) as deadline:
                started = loop.time()

                def extend(pages: int) -> None:
                    # Once the worker knows how many pages it reads by OCR, they get their time.
                    extra = min(pages, job.limits.ocr_max_pages) * job.limits.ocr_page_seconds
                    deadline.reschedule(started + self.timeout_s + extra)

                watcher.start(loop, extend)
                payload = await _read_all(receiver)
        except TimeoutError:
            log.warning("job killed after %.1f s (pid %s)", self.timeout_s, process.pid)
            raise JobTimeout from None
        finally:
            await watcher.stop(loop)
            receiver.close()
            _kill(process)
            self._running.discard(process)
            await asyncio.to_thread(process.join, _JOIN_TIMEOUT_S)
        return _decode(payload, process.exitcode)


class _ProgressWatcher:
    """Reads a worker's progress pipe on the event loop: extends the job's time limit once
    the number of OCR pages is known, and passes the latest progress to ``on_progress``."""

    def __init__(
        self,
        connection: multiprocessing.connection.Connection,
        on_progress: Callable[[int, int], Awaitable[None]] | None,
    ) -> None:
        self._connection = connection
        self._on_progress = on_progress
        self._latest: tuple[int, int] | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._extended = False
        self._extend: Callable[[int], None] | None = None
        self._reading = False

    def start(self, loop: asyncio.AbstractEventLoop, extend: Callable[[int], None]) -> None:
        self._extend = extend
        loop.add_reader(self._connection.fileno(), self._readable)
        self._reading = True
        if self._on_progress is not None:
            self._task = loop.create_task(self._tell())

    def _readable(self) -> None:
        try:
            message = self._connection.recv_bytes(64)
        except (EOFError, OSError):
            self._stop_reading()
            return
        parts = message.split()
        if len(parts) != 2 or not all(part.isdigit() for part in parts):
            return
        done, total = (int(part) for part in parts)
        if total < 1 or done > total:
            return
        if not self._extended and self._extend is not None:
            self._extended = True
            self._extend(total)
        self._latest = (done, total)
        self._wake.set()

    def _stop_reading(self) -> None:
        if self._reading:
            self._reading = False
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._connection.fileno())

    async def _tell(self) -> None:
        assert self._on_progress is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._latest is not None:
                try:
                    await self._on_progress(*self._latest)
                except Exception as exc:  # a status note is never worth failing the job
                    log.warning("progress note failed: %s", type(exc).__name__)

    async def stop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._stop_reading()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._connection.close()


def run_once(job: Job, *, timeout_s: float, memory_mb: int | None) -> Report:
    """Analyse one job in a worker process, from code without an event loop (the CLI).

    Raises what ``JobRunner.run`` raises.
    """

    async def run() -> Report:
        runner = JobRunner(
            max_concurrent=1,
            max_queued=0,
            timeout_s=timeout_s,
            inline_max_chars=0,
            memory_mb=memory_mb,
        )
        try:
            report, _ = await runner.run(job)
            return report
        finally:
            await runner.aclose()

    return asyncio.run(run())


_start_lock = threading.Lock()
_forkserver_context: multiprocessing.context.BaseContext | None = None


def _context() -> multiprocessing.context.BaseContext:
    """The forkserver context, with the analyzers preloaded (set once per process)."""
    global _forkserver_context
    with _start_lock:
        if _forkserver_context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(list(PRELOAD))
            _forkserver_context = context
        return _forkserver_context


def _ensure_forkserver() -> None:
    """Start the forkserver if it is not running, able to import and warm the analyzers.

    Python 3.11 does not hand ``sys.path`` to the forkserver, so ``PYTHONPATH`` names this
    checkout (it matters when ClauseScout runs from a source tree rather than installed).
    Warnings are off there and in the workers: nothing they print may reach the bot's
    streams (a worker re-running ``python -m bot.cli`` as its main module would warn).
    Numeric libraries get one thread unless told otherwise: a worker is one job on one
    core, and every extra thread (its stack, its malloc arena) would count against the
    worker's address-space limit. Call with ``_start_lock`` held.
    """
    from multiprocessing import forkserver

    names = ("PYTHONPATH", "PYTHONWARNINGS", _PRELOAD_ENV, *_ONE_THREAD)
    saved = {key: os.environ.get(key) for key in names}
    paths = [p for p in (saved["PYTHONPATH"] or "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join([_ROOT, *(p for p in paths if p != _ROOT)])
    os.environ["PYTHONWARNINGS"] = "ignore"
    os.environ[_PRELOAD_ENV] = "1"
    for key in _ONE_THREAD:
        os.environ.setdefault(key, "1")
    try:
        forkserver.ensure_running()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _start_now(process: multiprocessing.process.BaseProcess) -> None:
    with _start_lock:
        _ensure_forkserver()
        process.start()


async def _start(process: multiprocessing.process.BaseProcess) -> None:
    """Start the process in a thread (it pickles the job and may start the forkserver).

    If we are cancelled meanwhile, wait for the start to finish and kill the process, so
    no worker is left running unwatched.
    """
    starting = asyncio.ensure_future(asyncio.to_thread(_start_now, process))
    try:
        await asyncio.shield(starting)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await starting
        _kill(process)
        raise


async def _read_all(connection: multiprocessing.connection.Connection) -> bytes:
    """Read the pipe to EOF without blocking the event loop."""
    loop = asyncio.get_running_loop()
    fd = os.dup(connection.fileno())
    reader = asyncio.StreamReader(limit=2**20)
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0)
    )
    try:
        return await reader.read()
    finally:
        transport.close()


def _kill(process: multiprocessing.process.BaseProcess) -> None:
    """Kill a worker and whatever it started (Tesseract): it leads its own process group."""
    with contextlib.suppress(Exception):
        if process.is_alive():
            try:
                if process.pid is not None and os.getpgid(process.pid) == process.pid:
                    os.killpg(process.pid, signal.SIGKILL)
                    return
            except (ProcessLookupError, PermissionError):
                pass
            process.kill()


def _worker_main(
    connection: multiprocessing.connection.Connection,
    worker: Worker,
    job: Job,
    memory_mb: int | None = None,
    progress: multiprocessing.connection.Connection | None = None,
) -> None:
    """Runs in the worker process: analyse, then write the pickled outcome and exit."""
    global _progress
    _progress = progress
    # A group of its own: a kill at the time limit reaches the OCR program it runs too.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    _quiet_worker()
    # A worker that dies at its memory limit must not leave a core dump of the document.
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if memory_mb is not None:
        _limit_memory(memory_mb)
    outcome: tuple[Any, ...]
    try:
        outcome = ("ok", worker(job))
    except ClauseScoutError as exc:
        outcome = ("error", exc.code, exc.user_message)
    except MemoryError:
        outcome = ("error", TooComplex.code, TooComplex.user_message)
    except BaseException as exc:  # report the type only: messages may quote the document
        outcome = ("crash", type(exc).__name__)
    try:
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        payload = pickle.dumps(("crash", f"unpicklable result: {type(exc).__name__}"))
    if progress is not None:
        progress.close()
        _progress = None
    view = memoryview(payload)
    fd = connection.fileno()
    while view:
        view = view[os.write(fd, view) :]
    connection.close()


def _quiet_worker() -> None:
    """Nothing a library prints or logs in a worker reaches the bot's output streams.

    Both standard streams go to /dev/null (native code writes there too); ClauseScout's own
    records, which never hold document text, still reach the original stderr.
    """
    stderr = os.fdopen(os.dup(2), "w", buffering=1, errors="replace")
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    warnings.simplefilter("ignore")
    setup_worker_logging(stderr)


def _limit_memory(memory_mb: int) -> None:
    """Let the process grow by ``memory_mb`` from its size now (it starts as a copy of the
    forkserver, whose libraries are already mapped)."""
    limit = _address_space() + memory_mb * 2**20
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    """The process's current virtual size in bytes."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):  # pragma: no cover (not Linux)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _decode(payload: bytes, exitcode: int | None) -> Report:
    if not payload:
        if exitcode is not None and exitcode < 0:
            # Killed by a signal: native code (PDFium) aborts when an allocation fails at
            # the memory limit, or the system ran out of memory. The file is to blame.
            log.warning("worker died of %s", _signal_name(-exitcode))
            raise WorkerError(TooComplex.code, TooComplex.user_message)
        raise JobCrashed(f"worker exited with code {exitcode} and no result")
    outcome = _SafeUnpickler(io.BytesIO(payload)).load()
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "error":
        raise WorkerError(outcome[1], outcome[2])
    raise JobCrashed(str(outcome[1]))


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class _SafeUnpickler(pickle.Unpickler):
    """Accepts only the analyzer's model classes (and nothing that can run code)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "analyzers.model":
            import analyzers.model

            candidate = getattr(analyzers.model, name, None)
            if isinstance(candidate, type) and hasattr(candidate, "__dataclass_fields__"):
                return candidate
        raise pickle.UnpicklingError(f"refused to load {module}.{name}")


def _warm_analyzer() -> None:
    """Compile the analyzer's rules and load its model now, so every forked worker starts
    with them ready."""
    try:
        from analyzers import warm_up

        warm_up()
    except Exception as exc:  # never break the forkserver; workers then warm up themselves
        log.warning("could not warm the analyzer: %s", type(exc).__name__)


if os.environ.pop(_PRELOAD_ENV, None) == "1":
    # We are being imported by the forkserver as it starts (see ``_ensure_forkserver``).
    _warm_analyzer()
