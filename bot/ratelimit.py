"""Per-member rate limits: token buckets whose state lives in storage.

Two buckets per member: ``message`` for everything they send (a light limit that stops
floods) and ``analysis`` for the expensive work (files and long pasted contracts). A bucket
holds up to ``capacity`` tokens and refills at ``per_second``; each message takes one.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.config import RateLimitConfig

if TYPE_CHECKING:
    from bot.storage import Storage

MESSAGE = "message"
ANALYSIS = "analysis"


@dataclass(frozen=True, slots=True)
class BucketSpec:
    capacity: float
    per_second: float

    @property
    def unlimited(self) -> bool:
        return self.capacity <= 0 or self.per_second <= 0


@dataclass(frozen=True, slots=True)
class BucketState:
    tokens: float
    updated: float  # unix time of ``tokens``
    notified: bool = False  # the member was told they are limited (and not since let through)


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after_s: float = 0.0
    # First refusal since the member was last let through: tell them once, then stay quiet
    # (answering every message of a flood would double it).
    notify: bool = False


def take(spec: BucketSpec, state: BucketState | None, now: float) -> tuple[Decision, BucketState]:
    """Try to take one token. Pure: returns the decision and the bucket's new state."""
    if state is None:
        state = BucketState(tokens=spec.capacity, updated=now)
    elapsed = max(0.0, now - state.updated)
    tokens = min(spec.capacity, state.tokens + elapsed * spec.per_second)
    if tokens >= 1.0:
        return Decision(True), BucketState(tokens - 1.0, now, notified=False)
    retry_after = math.ceil((1.0 - tokens) / spec.per_second)
    decision = Decision(False, float(retry_after), notify=not state.notified)
    return decision, BucketState(tokens, now, notified=True)


def specs_from_config(config: RateLimitConfig) -> dict[str, BucketSpec]:
    """``messages_per_minute`` / ``analyses_per_hour`` of 0 switch that limit off."""
    return {
        MESSAGE: BucketSpec(config.messages_per_minute, config.messages_per_minute / 60.0),
        ANALYSIS: BucketSpec(
            max(config.burst, 1) if config.analyses_per_hour else 0,
            config.analyses_per_hour / 3600.0,
        ),
    }


class RateLimiter:
    """Checks a member's buckets; the read-modify-write happens atomically in storage."""

    def __init__(
        self,
        storage: Storage,
        config: RateLimitConfig,
        *,
        offload: Callable[..., Awaitable[Any]] | None = None,
    ) -> None:
        """``offload(function, *args)`` runs the storage call off the event loop (default:
        ``asyncio.to_thread``)."""
        self._storage = storage
        self._specs = specs_from_config(config)
        self._offload = offload or asyncio.to_thread

    async def check(self, user: str, bucket: str, *, now: float | None = None) -> Decision:
        spec = self._specs[bucket]
        if spec.unlimited:
            return Decision(True)
        now = time.time() if now is None else now
        return await self._offload(
            self._storage.update_bucket, user, bucket, lambda state: take(spec, state, now)
        )
