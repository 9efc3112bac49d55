"""The job runner: worker processes with a hard time limit, a bounded queue."""

from __future__ import annotations

import asyncio
import os
import pickle
import time
from pathlib import Path

import pytest

from analyzers import CorruptFile, Limits, TooComplex, analyze_file
from bot.jobs import Job, JobCrashed, JobRunner, JobTimeout, QueueFull, WorkerError, _decode
from tests.pdfs import damaged_pdf
from tests.service.conftest import CONTRACT, eventually, make_pdf
from tests.service.workers import slow_or_real


@pytest.fixture
async def runner() -> JobRunner:
    job_runner = JobRunner(
        max_concurrent=1, max_queued=1, timeout_s=20, inline_max_chars=0, worker=slow_or_real
    )
    yield job_runner
    await job_runner.aclose()


def _pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def test_process_result_matches_the_analyzer(runner: JobRunner) -> None:
    data = make_pdf(CONTRACT)
    report, stats = await runner.run(Job.for_file(data, "contract.pdf"))
    direct = analyze_file(data, "contract.pdf")
    assert stats.where == "process"
    assert report.findings == direct.findings
    assert (report.score, report.grade, report.ai_training) == (
        direct.score,
        direct.grade,
        direct.ai_training,
    )
    assert report.stats.pages == direct.stats.pages == 1


async def test_bad_input_comes_back_as_its_user_message(runner: JobRunner) -> None:
    with pytest.raises(WorkerError) as caught:
        await runner.run(Job.for_file(damaged_pdf(), "x.pdf"))
    assert caught.value.code == CorruptFile.code
    assert caught.value.user_message == CorruptFile().user_message


async def test_hostile_job_is_killed_at_the_time_limit(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    runner = JobRunner(timeout_s=1.0, worker=slow_or_real)
    started = time.monotonic()
    with pytest.raises(JobTimeout):
        await runner.run(Job.for_file(f"SPIN:{pid_file}\n".encode(), "hostile.txt"))
    assert 1.0 <= time.monotonic() - started < 5
    pid = int(pid_file.read_text())
    await eventually(lambda: _pid_gone(pid))  # killed, and reaped by the forkserver
    assert runner.running == 0
    await runner.aclose()


async def test_ocr_pages_extend_the_time_limit_and_report_progress() -> None:
    # Three pages at 0.6 s each outlast the 1 s limit; a second a page keeps the job alive.
    limits = Limits(ocr_page_seconds=1.0)
    runner = JobRunner(timeout_s=1.0, inline_max_chars=0, worker=slow_or_real)
    seen: list[tuple[int, int]] = []

    async def progress(done: int, total: int) -> None:
        seen.append((done, total))

    job = Job.for_file(b"PAGES:3:0.6\n" + CONTRACT.encode(), "scan.txt", limits)
    try:
        report, stats = await runner.run(job, on_progress=progress)
    finally:
        await runner.aclose()
    assert report.findings and stats.run_ms > 1800
    assert seen and seen[-1] == (3, 3)
    assert seen == sorted(seen)  # the latest only, never out of order


async def test_the_extension_is_bounded_by_the_page_cap() -> None:
    # A worker claiming 1000 pages gets the cap's worth of time (2 pages x 0.5 s), no more.
    limits = Limits(ocr_page_seconds=0.5, ocr_max_pages=2)
    runner = JobRunner(timeout_s=0.5, inline_max_chars=0, worker=slow_or_real)
    started = time.monotonic()
    with pytest.raises(JobTimeout):
        await runner.run(Job.for_file(b"PAGES:1000:0.2\n", "scan.txt", limits))
    assert time.monotonic() - started < 4
    await runner.aclose()


async def test_a_killed_worker_takes_its_ocr_child_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    runner = JobRunner(timeout_s=1.0, worker=slow_or_real)
    with pytest.raises(JobTimeout):
        await runner.run(Job.for_file(f"CHILD:{pid_file}\n".encode(), "scan.txt"))
    child = int(pid_file.read_text())
    await eventually(lambda: _pid_gone(child) or _is_zombie(child))
    await runner.aclose()


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except (OSError, IndexError):
        return True


async def test_concurrency_is_bounded_and_the_queue_too(runner: JobRunner) -> None:
    slow = Job.for_file(b"SLEEP:1.0\n" + CONTRACT.encode(), "a.txt")
    positions: list[int] = []

    async def queued(position: int, wait_s: float) -> None:
        positions.append(position)

    first = asyncio.create_task(runner.run(slow))
    await asyncio.sleep(0.3)
    assert runner.running == 1
    second = asyncio.create_task(runner.run(slow, on_queued=queued))
    await asyncio.sleep(0.1)
    assert positions == [1] and runner.waiting == 1 and runner.running == 1
    with pytest.raises(QueueFull):
        await runner.run(slow)
    (report1, _), (report2, stats2) = await asyncio.gather(first, second)
    assert report1.findings == report2.findings
    assert stats2.waited_ms > 500  # it really waited for the first one


async def test_work_is_admitted_by_expected_wait_not_by_count() -> None:
    """Many jobs wait while their expected wait is short; past the bound the refusal says
    when to retry."""
    runner = JobRunner(
        max_concurrent=1, max_queued=100, max_wait_s=30, inline_max_chars=0, worker=slow_or_real
    )
    runner.job_s = 1.0  # as if each job took a second
    slow = Job.for_file(b"SLEEP:0.5\n" + CONTRACT.encode(), "a.txt")
    waits: list[float] = []

    async def queued(position: int, wait_s: float) -> None:
        waits.append(wait_s)

    try:
        first = asyncio.create_task(runner.run(slow))
        await eventually(lambda: runner.running == 1)
        waiting = [asyncio.create_task(runner.run(slow, on_queued=queued)) for _ in range(5)]
        await eventually(lambda: runner.waiting == 5)
        assert waits == sorted(waits) and waits[0] > 0  # each later one expects to wait longer
        runner.job_s = 10.0  # now a job looks like ten seconds: six ahead is over the bound
        with pytest.raises(QueueFull) as refused:
            await runner.run(slow)
        assert refused.value.retry_after_s >= 30
        results = await asyncio.gather(first, *waiting)
        assert len({len(r.findings) for r, _ in results}) == 1
        assert runner.job_s < 10.0  # the estimate follows the jobs that really ran
    finally:
        await runner.aclose()


async def test_short_text_runs_inline_and_long_text_in_a_process() -> None:
    runner = JobRunner(inline_max_chars=1000)
    _, stats = await runner.run(Job.for_text("The Client may terminate at any time."))
    assert stats.where == "thread"
    _, stats = await runner.run(Job.for_text(CONTRACT * 2))
    assert stats.where == "process"
    await runner.aclose()


def test_only_model_classes_are_unpickled() -> None:
    with pytest.raises(pickle.UnpicklingError):
        _decode(pickle.dumps(("ok", Path("/etc/passwd"))), 0)


async def test_a_worker_that_runs_out_of_memory_ends_with_too_complex() -> None:
    runner = JobRunner(timeout_s=20, inline_max_chars=0, memory_mb=200, worker=slow_or_real)
    with pytest.raises(WorkerError) as caught:
        await runner.run(Job.for_file(b"HOG\n", "hog.txt"))
    assert caught.value.code == TooComplex.code
    assert caught.value.user_message == TooComplex().user_message
    await runner.aclose()


async def test_a_worker_killed_by_a_signal_ends_with_too_complex(runner: JobRunner) -> None:
    # What PDFium does when an allocation fails at the memory limit: abort().
    with pytest.raises(WorkerError) as caught:
        await runner.run(Job.for_file(b"ABORT\n", "bomb.pdf"))
    assert caught.value.code == TooComplex.code


async def test_a_worker_that_exits_with_an_error_is_a_crash(runner: JobRunner) -> None:
    with pytest.raises(JobCrashed):
        await runner.run(Job.for_file(b"CRASH\n", "x.txt"))


async def test_the_memory_limit_leaves_room_for_real_contracts() -> None:
    runner = JobRunner(timeout_s=20, inline_max_chars=0, memory_mb=200)
    report, _ = await runner.run(Job.for_file(make_pdf(CONTRACT * 20), "contract.pdf"))
    assert report.findings
    await runner.aclose()
