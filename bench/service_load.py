"""How fast the bot answers other members while a hostile file spins in a worker.

    python bench/service_load.py             # medians of 5 answers per case
    python bench/service_load.py --runs 9

Runs the real ``Service`` on in-memory storage with the test worker that spins forever
on a ``SPIN:`` file (``tests/service/workers.py``), and prints, for ``/help`` and a pasted
clause, the median answer time when the bot is idle and while the hostile job runs, with
their ratio; then how long the hostile member waited for the time-out reply, against the
configured limit. Prints only; the behaviour (others are answered, the hostile member gets
the time-out reply, its worker is killed) is asserted in tests/service/test_service_load.py.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import parse_config  # noqa: E402
from bot.events import Attachment, Incoming  # noqa: E402
from bot.jobs import JobRunner  # noqa: E402
from bot.service import Service  # noqa: E402
from bot.storage import Storage  # noqa: E402
from responses.blocks import Reply  # noqa: E402
from tests.service.conftest import eventually  # noqa: E402
from tests.service.workers import slow_or_real  # noqa: E402

TIMEOUT_S = 3.0
CLAUSE = (
    "The Client may use the Deliverables to train, fine-tune or improve artificial "
    "intelligence and machine learning models, without further payment."
)


class _Outbox:
    async def send(self, reply: Reply) -> None:
        pass

    async def working(self, status: str | None = None) -> None:
        pass


def _message(text: str = "", user: str = "bob", attachment: Attachment | None = None) -> Incoming:
    return Incoming("bench", user, f"dm-{user}", "1", True, text=text, attachment=attachment)


async def _answer_ms(service: Service, text: str) -> float:
    started = time.perf_counter()
    await service.handle(_message(text), _Outbox())
    return (time.perf_counter() - started) * 1000


async def _medians(service: Service, runs: int) -> dict[str, float]:
    return {
        label: statistics.median([await _answer_ms(service, text) for _ in range(runs)])
        for label, text in (("/help", "/help"), ("clause", CLAUSE))
    }


async def main(runs: int) -> None:
    config = parse_config(
        {"bot": {"analysis_timeout_s": TIMEOUT_S}, "rate_limit": {"messages_per_minute": 0}}
    )
    storage = Storage.memory()
    runner = JobRunner(max_concurrent=2, max_queued=4, timeout_s=TIMEOUT_S, worker=slow_or_real)
    service = Service(config, storage, runner=runner)
    await asyncio.to_thread(runner.warm_up)
    await _answer_ms(service, CLAUSE)  # warm-up: the first analysis compiles the rules
    idle = await _medians(service, runs)
    with tempfile.TemporaryDirectory() as tmp:
        pid_file = Path(tmp) / "pid"
        data = f"SPIN:{pid_file}\n".encode()

        async def fetch() -> bytes:
            return data

        hostile = Attachment("hostile.txt", len(data), fetch)
        started = time.perf_counter()
        stalled = asyncio.create_task(
            service.handle(_message(user="mallory", attachment=hostile), _Outbox())
        )
        await eventually(pid_file.exists, within_s=30)  # the hostile job is running
        busy = await _medians(service, runs)
        await stalled
        waited = time.perf_counter() - started
    await service.aclose(grace_s=5)
    storage.close()
    print(f"{'case':<10}{'idle ms':>10}{'busy ms':>10}{'ratio':>8}")
    for label in idle:
        ratio = busy[label] / idle[label]
        print(f"{label:<10}{idle[label]:>10.1f}{busy[label]:>10.1f}{ratio:>8.2f}")
    print(
        f"hostile file answered after {waited:.2f} s, "
        f"{waited / TIMEOUT_S:.2f}x the {TIMEOUT_S:.1f} s limit"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    logging.basicConfig(level=logging.ERROR)  # the expected time-out is logged as a warning
    asyncio.run(main(parser.parse_args().runs))
