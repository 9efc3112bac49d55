"""Fixtures for the service tests: a real Service on in-memory storage, a recording outbox.

Only the job runner's worker can be swapped, for a test-only worker that stalls on demand
(``tests/service/workers.py``); everything else is the real code.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.config import Config, parse_config
from bot.events import Attachment, Incoming
from bot.jobs import JobRunner
from bot.service import Service
from bot.storage import Storage
from responses import plain_format
from responses.blocks import Reply
from tests.pdfs import make_pdf  # noqa: F401  (re-exported for the tests)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
# A phrase no template or rule contains: if it shows up in the database or the logs, the
# contract text leaked there.
PHRASE = "Marigold Zeppelin Lighthouse"
FILENAME = "secret-deal-with-Quasimodo-Widgets.pdf"
CONTRACT = f"""\
FREELANCE ILLUSTRATION AGREEMENT

1. Services. The Contractor shall create the {PHRASE} illustrations for the Client.

2. Payment. The Client shall pay each invoice within ninety (90) days of receipt, and only
after the Client's final approval of all Deliverables.

3. Use of Deliverables. The Client may use the Deliverables, including the {PHRASE}
illustrations, to train, fine-tune or improve artificial intelligence and machine learning
models, without further payment.

4. Ownership. The Contractor hereby assigns to the Client all right, title and interest,
including all intellectual property rights, in the Deliverables upon creation.

5. Non-competition. For two (2) years after this Agreement ends, the Contractor shall not
provide services to any competitor of the Client.
"""
AI_CLAUSE = (
    "The Client may use the Deliverables to train, fine-tune or improve artificial "
    "intelligence and machine learning models, without further payment."
)


@dataclass
class RecordingOutbox:
    """An Outbox that keeps what the service sent, rendered as the console shows it."""

    replies: list[Reply] = field(default_factory=list)
    statuses: list[str | None] = field(default_factory=list)
    private: list[Reply] = field(default_factory=list)  # delivered by send_private
    dms_open: bool = True

    async def send(self, reply: Reply) -> None:
        self.replies.append(reply)

    async def send_private(self, reply: Reply) -> bool:
        if self.dms_open:
            self.private.append(reply)
        return self.dms_open

    async def working(self, status: str | None = None) -> None:
        self.statuses.append(status)

    @property
    def text(self) -> str:
        return "\n".join(plain_format.render(reply) for reply in self.replies)

    @property
    def kinds(self) -> list[str]:
        return [reply.kind for reply in self.replies]

    def buttons(self) -> list[str]:
        """Every action a member can press in every reply, in order."""
        return [button.action for reply in self.replies for button in reply.choices]


@dataclass
class FakeFile:
    """A platform attachment that counts downloads."""

    data: bytes
    filename: str = FILENAME
    size: int | None = -1  # -1: the real size
    fetches: int = 0

    def attachment(self) -> Attachment:
        async def fetch() -> bytes:
            self.fetches += 1
            return self.data

        size = len(self.data) if self.size == -1 else self.size
        return Attachment(filename=self.filename, size=size, fetch=fetch)


def message(
    text: str = "",
    *,
    user: str = "alice",
    private: bool = True,
    addressed: bool = True,
    attachment: Attachment | None = None,
    reply_to_text: str | None = None,
    action: str | None = None,
    server_id: str | None = None,
    platform: str = "telegram",
) -> Incoming:
    return Incoming(
        platform=platform,
        user_id=user,
        chat_id=f"dm-{user}" if private else "group-1",
        message_id="1",
        is_private=private,
        text=text,
        attachment=attachment,
        reply_to_text=reply_to_text,
        addressed=addressed or private,
        action=action,
        server_id=server_id if not private else None,
    )


def make_config(**sections: dict[str, Any]) -> Config:
    raw: dict[str, Any] = {"bot": {"adapters": ["console"]}}
    for name, values in sections.items():
        raw.setdefault(name, {}).update(values)
    return parse_config(raw)


Ask = Callable[..., Awaitable[RecordingOutbox]]


async def eventually(condition: Callable[[], bool], within_s: float = 10.0) -> None:
    """Wait until ``condition()`` holds (polling), or fail after ``within_s`` seconds."""
    for _ in range(int(within_s / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISCORD_TOKEN", "TELEGRAM_TOKEN", "CLAUSESCOUT_SALT", "CLAUSESCOUT_CONFIG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def storage() -> Any:
    store = Storage.memory()
    yield store
    store.close()


@pytest.fixture
async def make_service(storage: Storage) -> AsyncIterator[Callable[..., Service]]:
    """Builds the Service under test. ``slow_worker=True`` gives its job runner the test
    worker (``tests.service.workers.slow_or_real``), which stalls on demand."""
    services: list[Service] = []

    def build(
        config: Config | None = None, store: Storage | None = None, *, slow_worker: bool = False
    ) -> Service:
        config = config or make_config()
        job_runner = None
        if slow_worker:
            from tests.service.workers import slow_or_real

            job_runner = JobRunner(
                max_concurrent=config.bot.max_concurrent_jobs,
                max_queued=config.bot.max_queued_jobs,
                timeout_s=config.bot.analysis_timeout_s,
                inline_max_chars=config.bot.inline_max_chars,
                worker=slow_or_real,
            )
        service = Service(config, store or storage, runner=job_runner)
        services.append(service)
        return service

    yield build
    for service in services:
        await service.aclose(grace_s=5)


@pytest.fixture
async def service(make_service: Callable[..., Service]) -> Service:
    return make_service()


@pytest.fixture
def ask(service: Service) -> Ask:
    """``await ask("/help")``: send one message to the default service, get its outbox."""

    async def send(text: str = "", **kwargs: Any) -> RecordingOutbox:
        outbox = RecordingOutbox()
        await service.handle(message(text, **kwargs), outbox)
        return outbox

    return send
