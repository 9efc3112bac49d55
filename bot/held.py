"""Full reports held in memory for the member who asked in public, until they fetch them.

A contract answered in a server channel or group gets a summary there and a button that
delivers the full report (it quotes the contract) in private. The report waits here: in
memory only, never on disk, under a random token, for at most ``ttl_s`` seconds, and only
the member it was made for can fetch it. At most ``capacity`` reports are held; a new one
evicts the oldest, so a burst of contracts cannot grow memory without bound.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

T = TypeVar("T")

HOLD_S = 15 * 60.0
CAPACITY = 200  # a long contract's report with its file is some 100 KB: 20 MB at most
TOKEN_BYTES = 16  # 22 URL-safe characters: fits Discord custom ids and Telegram deep links


class Fetch(Enum):
    FOUND = "found"
    GONE = "gone"  # unknown, expired or evicted: the member must ask again
    NOT_YOURS = "not_yours"


@dataclass(frozen=True, slots=True)
class _Held(Generic[T]):
    owner: str
    item: T
    expires: float


class HeldReports(Generic[T]):
    """Token -> report for its owner. ``clock`` is injectable (tests move time by hand)."""

    def __init__(
        self,
        *,
        ttl_s: float = HOLD_S,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s = ttl_s
        self.capacity = capacity
        self._clock = clock
        self._held: OrderedDict[str, _Held[T]] = OrderedDict()

    def __len__(self) -> int:
        self._expire()
        return len(self._held)

    def put(self, owner: str, item: T) -> str:
        """Hold ``item`` for ``owner``; returns the token that fetches it."""
        self._expire()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        self._held[token] = _Held(owner, item, self._clock() + self.ttl_s)
        while len(self._held) > self.capacity:
            self._held.popitem(last=False)
        return token

    def fetch(self, token: str, owner: str) -> tuple[Fetch, T | None]:
        """The held item if ``owner`` may have it; it stays held until ``discard``."""
        self._expire()
        held = self._held.get(token)
        if held is None:
            return Fetch.GONE, None
        if not secrets.compare_digest(held.owner, owner):
            return Fetch.NOT_YOURS, None
        return Fetch.FOUND, held.item

    def discard(self, token: str) -> None:
        """Drop a report once delivered: it has no reason to stay in memory."""
        self._held.pop(token, None)

    def forget(self, owner: str) -> None:
        """Drop every report held for ``owner`` (``/forget``)."""
        for token in [t for t, h in self._held.items() if h.owner == owner]:
            del self._held[token]

    def _expire(self) -> None:
        now = self._clock()
        # Insertion order is expiry order (one ttl for all), so the oldest go first.
        while self._held:
            token, held = next(iter(self._held.items()))
            if held.expires > now:
                break
            del self._held[token]
