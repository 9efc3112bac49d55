"""The Bot API's shared outgoing limit (about 30 requests a second), spent by priority.

PTB's ``AIORateLimiter`` serves requests first come, first served: when fifty members send
a contract at once, the answer to a member who pasted one clause waits behind every
typing action and every part of the fifty analyses. ``PriorityRateLimiter`` keeps its
group limits, its 429 handling and its retries, and replaces the overall limit with a
token bucket that hands each free token to the most urgent request waiting:

- ``URGENT``: answers that take milliseconds to compute (pasted clauses, commands, errors);
- ``ANSWER``: the parts of a contract's analysis;
- ``CHATTER``: typing actions and status notes.

Requests without a chat (getFile, getUpdates) are not limited, as in PTB. Requests of
one chat are awaited one after another by its outbox, so ordering within a
chat is kept whatever the priorities.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.constants import FloodLimit
from telegram.ext import AIORateLimiter

URGENT = 0
ANSWER = 1
CHATTER = 2

_priority: contextvars.ContextVar[int] = contextvars.ContextVar("priority", default=URGENT)


class PriorityBucket:
    """``rate`` tokens per ``period`` seconds (bursts up to ``rate``); the lowest priority
    number waiting gets the next token, ties in arrival order."""

    def __init__(self, rate: float, period: float = 1.0) -> None:
        self.capacity = float(rate)
        self.per_s = rate / period
        self._tokens = float(rate)
        self._stamp = time.monotonic()
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        return sum(1 for *_, future in self._waiting if not future.done())

    async def acquire(self, priority: int) -> None:
        self._refill()
        if not self._waiting and self._tokens >= 1:
            self._tokens -= 1
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), future))
        self._schedule()
        await future  # cancelled while waiting: its entry is skipped when reached

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.per_s)
        self._stamp = now

    def _schedule(self) -> None:
        if self._timer is not None or not self._waiting:
            return
        delay = max(0.0, (1 - self._tokens) / self.per_s)
        self._timer = asyncio.get_running_loop().call_later(delay, self._release)

    def _release(self) -> None:
        self._timer = None
        self._refill()
        while self._waiting and self._tokens >= 1:
            *_, future = heapq.heappop(self._waiting)
            if future.done():
                continue
            self._tokens -= 1
            future.set_result(None)
        self._schedule()


class PriorityRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` with the overall limit served by priority.

    ``rate_limit_args`` of a Bot call is its priority (``URGENT`` ... ``CHATTER``).
    """

    def __init__(
        self,
        *,
        overall_max_rate: float = FloodLimit.MESSAGES_PER_SECOND,
        max_retries: int = 0,
    ) -> None:
        super().__init__(overall_max_rate=0, max_retries=max_retries)  # no FIFO limit
        self.bucket = PriorityBucket(overall_max_rate)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        token = _priority.set(URGENT if rate_limit_args is None else int(rate_limit_args))
        try:
            return await super().process_request(callback, args, kwargs, endpoint, data, None)
        finally:
            _priority.reset(token)

    async def _run_request(
        self,
        chat: bool,
        group: str | int | bool,
        allow_paid_broadcast: bool,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> Any:
        if chat and not allow_paid_broadcast:
            await self.bucket.acquire(_priority.get())
        return await super()._run_request(chat, group, allow_paid_broadcast, callback, args, kwargs)
