"""Fixtures for the Discord end-to-end tests: a fresh fake Discord and a real bot per test.

The bot is the real ``DiscordAdapter`` on a real ``discord.py`` client, the real ``Service``
with in-memory storage, and the real renderers; only Discord itself is faked.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import yarl

from bot.adapters.discord_adapter import DiscordAdapter
from bot.config import Config, parse_config
from bot.service import Service
from bot.storage import Storage
from responses.blocks import Reply
from responses.discord_format import render
from tests.fakes.discord_api import FakeDiscord, Posted
from tests.pdfs import make_pdf

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
# Common Paper Independent Contractor Agreement, CC BY 4.0, Copyright Common Paper, Inc.
CONTRACTOR_AGREEMENT = CORPUS / "contract_common-paper-independent-contractor-agreement.txt"
AI_CLAUSE = (
    "The Client may use the Deliverables and any materials provided by the Contractor to "
    "train, fine-tune or improve artificial intelligence and machine learning models, "
    "without further payment."
)


@pytest.fixture(scope="session")
def contract_pdf() -> bytes:
    """The corpus agreement with an AI-training clause added, so it has findings to show."""
    agreement = CONTRACTOR_AGREEMENT.read_text(encoding="utf-8")
    return make_pdf(f"{agreement}\n\nUse of Deliverables\n{AI_CLAUSE}\n")


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def make_config(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Config]:
    """Builds a Config for the fake; keyword tables override sections (``discord={...}``)."""
    for name in ("DISCORD_TOKEN", "TELEGRAM_TOKEN", "CLAUSESCOUT_SALT", "CLAUSESCOUT_CONFIG"):
        monkeypatch.delenv(name, raising=False)

    def build(**sections: dict[str, Any]) -> Config:
        raw: dict[str, Any] = {
            "bot": {"adapters": ["discord"], "max_file_mb": 5.0},
            "discord": {"token": fake.token, "owner_ids": [fake.owner["id"]]},
            "storage": {"salt": "discord-test-salt"},
        }
        for name, table in sections.items():
            raw[name] = {**raw.get(name, {}), **table}
        return parse_config(raw)

    return build


@pytest.fixture
def point_at_fake(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    # By dotted name: discord is imported through the adapter (which quiets its audioop
    # DeprecationWarning), never directly by the tests.
    monkeypatch.setattr("discord.http.Route.BASE", fake.api_base)
    monkeypatch.setattr(
        "discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY", yarl.URL(fake.gateway_url)
    )


class RunningBot:
    """A started adapter; ``stop()`` cancels ``run()`` the way ``clausescout run`` does."""

    def __init__(self, adapter: DiscordAdapter, task: asyncio.Task[None], fake: FakeDiscord):
        self.adapter = adapter
        self.task = task
        self.fake = fake

    async def settle(self, *, posted: int = 1) -> list[Posted]:
        """Wait for at least ``posted`` bot messages and for the bot to finish handling."""
        await self.fake.wait_posted(posted)
        async with asyncio.timeout(self.fake.wait_timeout):
            await self.adapter.wait_idle()
        return list(self.fake.posted)

    async def stop(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self.task, 30)


@pytest.fixture
async def start_bot(
    fake: FakeDiscord, make_config: Callable[..., Config], point_at_fake: None
) -> AsyncIterator[Callable[..., Any]]:
    """``await start_bot(**config_sections)`` -> a RunningBot connected to the fake."""
    running: list[tuple[RunningBot, Service, Storage]] = []

    async def start(**sections: dict[str, Any]) -> RunningBot:
        config = make_config(**sections)
        storage = Storage.memory()
        service = Service(config, storage)
        adapter = DiscordAdapter(service, config)
        adapter.client._connection.guild_ready_timeout = 0.05  # test-only: no 2 s READY wait
        bot = RunningBot(adapter, asyncio.create_task(adapter.run()), fake)
        running.append((bot, service, storage))
        await asyncio.wait_for(fake.connected.wait(), 15)
        # READY is dispatched after guild_ready_timeout; a test that ended before it would
        # close the client with that dispatch still pending (it then never runs).
        await asyncio.wait_for(adapter.client.wait_until_ready(), 15)
        return bot

    yield start
    for bot, service, storage in running:
        await bot.stop()
        await service.aclose()
        storage.close()


# -- what members see: limits every message must respect ---------------------------------


def shown(reply: Reply, posted: list[Posted]) -> bool:
    """Whether members saw ``reply`` (as the real renderer draws it) among ``posted``."""
    seen = "\n".join(p.text() for p in posted)
    parts = [m.content for m in render(reply)]
    parts += [e.get("description", "") for m in render(reply) for e in m.embeds]
    return all(part in seen for part in parts)


def ulen(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def assert_within_limits(posted: Posted) -> None:
    """Content, embeds and components within Discord's limits; mentions disabled."""
    payload = posted.payload
    assert payload.get("allowed_mentions", {}).get("parse") == []
    assert not payload["allowed_mentions"].get("replied_user")
    assert ulen(posted.content) <= 2000
    embeds = posted.embeds
    assert len(embeds) <= 10
    total = 0
    for embed in embeds:
        title, description = embed.get("title") or "", embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        fields = embed.get("fields") or []
        assert ulen(title) <= 256 and ulen(description) <= 4096 and ulen(footer) <= 2048
        assert len(fields) <= 25
        for field in fields:
            assert 0 < ulen(field["name"]) <= 256 and 0 < ulen(field["value"]) <= 1024
        total += ulen(title) + ulen(description) + ulen(footer)
        total += sum(ulen(f["name"]) + ulen(f["value"]) for f in fields)
    assert total <= 6000
    rows = payload.get("components") or []
    assert len(rows) <= 5
    for component in posted.components():
        assert 0 < len(component["custom_id"]) <= 100
        assert len(component.get("label") or "") <= 80
