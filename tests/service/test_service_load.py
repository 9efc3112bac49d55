"""Under load: rate limits, a hostile file, a full worker pool."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.service import Service
from responses import guide, status
from tests.service.conftest import (
    AI_CLAUSE,
    CONTRACT,
    FakeFile,
    RecordingOutbox,
    eventually,
    make_config,
    make_pdf,
    message,
)

MakeService = Callable[..., Service]


async def send(service: Service, text: str = "", **kwargs: object) -> RecordingOutbox:
    outbox = RecordingOutbox()
    await service.handle(message(text, **kwargs), outbox)  # type: ignore[arg-type]
    return outbox


async def test_message_rate_limit_answers_once_then_stays_quiet(
    make_service: MakeService,
) -> None:
    service = make_service(make_config(rate_limit={"messages_per_minute": 3}))
    for _ in range(3):
        assert (await send(service, "/help")).replies == [guide.help_reply()]
    limited = await send(service, "/help")
    assert len(limited.replies) == 1 and limited.replies[0].kind == "rate_limited"
    assert "20 seconds" in limited.text  # a third of a minute buys the next message
    assert (await send(service, "/help")).replies == []  # a flood is not answered twice
    assert (await send(service, "/help", user="bob")).replies == [guide.help_reply()]


async def test_analysis_rate_limit(make_service: MakeService) -> None:
    config = make_config(rate_limit={"analyses_per_hour": 1, "burst": 1})
    service = make_service(config)
    first = FakeFile(make_pdf(CONTRACT))
    assert (await send(service, attachment=first.attachment())).kinds == ["contract"]
    second = FakeFile(make_pdf(CONTRACT))
    limited = await send(service, attachment=second.attachment())
    assert limited.replies == [status.rate_limited_reply(3600)]
    assert second.fetches == 0
    # short clause checks cost milliseconds and stay available
    assert (await send(service, AI_CLAUSE)).kinds == ["clause"]


async def test_hostile_file_does_not_stall_other_members(
    make_service: MakeService, tmp_path: Path
) -> None:
    config = make_config(bot={"analysis_timeout_s": 1.5})
    service = make_service(config, slow_worker=True)
    """Answer times while it spins are printed by bench/service_load.py; here: who is
    answered, and that the hostile job ends with the time-out reply and a killed worker."""
    pid_file = tmp_path / "pid"
    hostile = FakeFile(f"SPIN:{pid_file}\n".encode(), filename="hostile.txt")
    stalled = asyncio.create_task(send(service, attachment=hostile.attachment()))
    await eventually(pid_file.exists)  # the hostile job is running
    assert (await send(service, "/help", user="bob")).replies == [guide.help_reply()]
    assert (await send(service, AI_CLAUSE, user="bob")).kinds == ["clause"]
    bob = FakeFile(make_pdf(CONTRACT))
    assert (await send(service, attachment=bob.attachment(), user="bob")).kinds == ["contract"]
    assert not stalled.done()
    outbox = await stalled
    assert outbox.replies == [status.timeout_reply()]
    pid = int(pid_file.read_text())
    await eventually(lambda: _gone(pid))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def test_queued_member_is_told_in_the_status_and_a_full_queue_says_busy(
    make_service: MakeService,
) -> None:
    config = make_config(bot={"max_concurrent_jobs": 1, "max_queued_jobs": 1})
    service = make_service(config, slow_worker=True)
    slow = b"SLEEP:1.0\n" + CONTRACT.encode()
    first = asyncio.create_task(
        send(service, attachment=FakeFile(slow, filename="a.txt").attachment())
    )
    await eventually(lambda: service.runner.running == 1)
    second = asyncio.create_task(
        send(service, attachment=FakeFile(slow, filename="b.txt").attachment(), user="bob")
    )
    await eventually(lambda: service.runner.waiting == 1)
    busy = await send(service, attachment=FakeFile(slow, filename="c.txt").attachment(), user="cy")
    assert len(busy.replies) == 1 and busy.replies[0].kind == "busy"
    # It says when to try again: about when the line ahead has drained.
    assert "again in" in busy.replies[0].blocks[0].text
    assert (await first).kinds == ["contract"]
    # The member in line is told so in the status note, not in a message of its own.
    assert (await second).kinds == ["contract"]
    assert any(s and "next in line" in s for s in (await second).statuses)


async def test_a_crashing_worker_gets_an_apology(
    make_service: MakeService, caplog: pytest.LogCaptureFixture
) -> None:
    service = make_service(slow_worker=True)
    crash = FakeFile(b"CRASH\n", filename="crash.txt")
    assert (await send(service, attachment=crash.attachment())).replies == [
        status.internal_error_reply()
    ]
    assert "worker failed" in caplog.text and "code 70" in caplog.text
    healthy = FakeFile(make_pdf(CONTRACT))
    assert (await send(service, attachment=healthy.attachment())).kinds == ["contract"]
