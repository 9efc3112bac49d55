"""A fresh fake Bot API and a real ClauseScout bot (Service + in-memory Storage) per test."""

from __future__ import annotations

import asyncio
import contextlib
import html
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bot.adapters.telegram_adapter import TelegramAdapter
from bot.config import BotConfig, Config, StorageConfig, TelegramConfig
from bot.events import Incoming, Outbox
from bot.service import Service
from bot.storage import Storage
from responses.blocks import Reply
from responses.telegram_format import render
from tests.fakes.telegram_api import Call, FakeTelegramAPI, html_to_plain, telegram_html_errors

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
CLAUSE = (
    "The Client may use the Deliverables and any Work Product to train artificial "
    "intelligence and machine learning models, without further compensation to the Contractor."
)
Shown = list[tuple[str, list[tuple[str, str]]]]


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns when retry_after is read as a number; opt in to timedelta as advised.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@dataclass
class Bot:
    """A running bot and the fake API it talks to."""

    api: FakeTelegramAPI
    adapter: TelegramAdapter
    service: Service
    storage: Storage
    config: Config
    task: asyncio.Task[None]
    handled: list[Incoming]  # what the service was given, in the order it finished
    handled_changed: asyncio.Event

    async def wait_handled(self, count: int, seconds: float = 30.0) -> None:
        """Wait until the service has finished ``count`` updates."""
        async with asyncio.timeout(seconds):
            while len(self.handled) < count:
                self.handled_changed.clear()
                await self.handled_changed.wait()

    async def quiesce(self) -> None:
        """Stop the bot once it has every update: afterwards nothing more will be sent."""
        await self.api.wait_for(self.api.all_delivered)
        await self.stop()

    async def stop(self) -> None:
        """Cancel ``run()`` as the CLI does on SIGTERM and wait for its clean shutdown."""
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task

    async def replies(self, chat_id: int, count: int = 1, seconds: float = 30.0) -> list[Call]:
        """Wait for at least ``count`` sendMessage calls to ``chat_id`` and return them all."""

        def sent() -> list[Call]:
            calls = [c for c in self.api.called("sendMessage") if c.params["chat_id"] == chat_id]
            return calls if len(calls) >= count else []

        return await self.api.wait_for(sent, seconds)

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        """What the chat shows: every message the bot delivered there, in order."""
        return self.api.bot_messages(chat_id)


def make_config(api: FakeTelegramAPI, *, bot: dict | None = None, **telegram: Any) -> Config:
    return Config(
        bot=replace(BotConfig(adapters=("telegram",)), **(bot or {})),
        storage=StorageConfig(path=":memory:", salt="test-salt"),
        telegram=TelegramConfig(
            token=api.token, base_url=api.base_url, base_file_url=api.base_file_url, **telegram
        ),
    )


@contextlib.asynccontextmanager
async def running_bot(api: FakeTelegramAPI, config: Config) -> AsyncIterator[Bot]:
    """Run ``TelegramAdapter.run()`` as the CLI does; cancel it (clean shutdown) at the end."""
    storage = Storage.memory(salt="test-salt")
    service = Service(config, storage)
    await service.start()  # as `clausescout run` does, before the adapter connects
    handled: list[Incoming] = []
    handled_changed = asyncio.Event()
    handle = service.handle

    async def recorded(incoming: Incoming, outbox: Outbox) -> None:
        try:
            await handle(incoming, outbox)
        finally:
            handled.append(incoming)
            handled_changed.set()

    service.handle = recorded  # type: ignore[method-assign]
    adapter = TelegramAdapter(service, config)
    task = asyncio.create_task(adapter.run())
    ready = asyncio.create_task(adapter.ready.wait())
    await asyncio.wait({task, ready}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if not ready.done():
        ready.cancel()
        if task.done():
            task.result()  # raises why it stopped
        raise TimeoutError("the Telegram adapter did not start")
    running = Bot(api, adapter, service, storage, config, task, handled, handled_changed)
    try:
        yield running
    finally:
        await running.stop()
        await service.aclose()
        storage.close()


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeTelegramAPI) -> AsyncIterator[Bot]:
    async with running_bot(api, make_config(api)) as running:
        yield running


def assert_valid_messages(calls: list[Call]) -> None:
    """Every sent text fits Telegram's limit and is valid Telegram HTML, previews off."""
    for call in calls:
        text = call.params["text"]
        assert 0 < len(text) <= 4096
        assert call.params.get("parse_mode") == "HTML"
        assert telegram_html_errors(text) == []
        assert call.params["link_preview_options"] == {"is_disabled": True}


def make_pdf(text: str) -> bytes:
    """A real multi-page PDF with a text layer (one paragraph per input paragraph)."""
    style = getSampleStyleSheet()["BodyText"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title="Contract")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    doc.build([Paragraph(html.escape(p, quote=False), style) for p in paragraphs])
    return buffer.getvalue()


def shown(bot: Bot, chat_id: int) -> Shown:
    """What the member sees: each bot message's text and buttons."""
    return [(m["text"], bot.api.buttons(m)) for m in bot.messages_to(chat_id) if "text" in m]


def expected(reply: Reply) -> Shown:
    """The same, for a reply rendered by the real Telegram renderer."""
    return [
        (html_to_plain(m.text), [(b.label, b.action) for row in m.buttons for b in row])
        for m in render(reply)
    ]


def analysis_id(bot: Bot, chat_id: int) -> str:
    """The analysis id the service put in the feedback buttons."""
    actions = [a for m in bot.messages_to(chat_id) for _, a in bot.api.buttons(m)]
    return next(a.split(":")[1] for a in actions if a.startswith("fb:"))
