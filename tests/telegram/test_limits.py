"""The outgoing limit is spent by priority: a quick answer goes before waiting chatter."""

from __future__ import annotations

import asyncio

from bot.adapters.telegram_limits import ANSWER, CHATTER, URGENT, PriorityBucket


async def test_the_most_urgent_waiting_request_gets_the_next_token() -> None:
    bucket = PriorityBucket(2, period=0.4)  # a burst of 2, then one every 0.2 s
    order: list[str] = []

    async def request(name: str, priority: int) -> None:
        await bucket.acquire(priority)
        order.append(name)

    await request("first", CHATTER)
    await request("second", CHATTER)  # the burst is spent
    waiting = [asyncio.create_task(request(f"typing {n}", CHATTER)) for n in range(3)]
    waiting.append(asyncio.create_task(request("analysis", ANSWER)))
    await asyncio.sleep(0)  # all four are in line
    waiting.append(asyncio.create_task(request("clause answer", URGENT)))
    await asyncio.gather(*waiting)
    assert order == [
        "first",
        "second",
        "clause answer",
        "analysis",
        "typing 0",
        "typing 1",
        "typing 2",
    ]


async def test_a_cancelled_request_gives_its_turn_away() -> None:
    bucket = PriorityBucket(1, period=0.02)
    await bucket.acquire(CHATTER)
    gone = asyncio.create_task(bucket.acquire(URGENT))
    later = asyncio.create_task(bucket.acquire(CHATTER))
    await asyncio.sleep(0)
    gone.cancel()
    await later  # served although the request ahead of it was cancelled
    assert gone.cancelled() and bucket.waiting == 0
