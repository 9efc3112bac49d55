"""No contract text, filename or token ends up on disk or in the logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.logs import MASK, SecretFilter, secrets_of
from bot.service import Service
from bot.storage import Storage
from responses import status
from tests.hostile import SECRET
from tests.service.conftest import (
    AI_CLAUSE,
    CONTRACT,
    FILENAME,
    PHRASE,
    FakeFile,
    RecordingOutbox,
    make_config,
    make_pdf,
    message,
)

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "4242:SECRET-token-that-must-never-be-logged"
SECRETS = (PHRASE, PHRASE.lower(), FILENAME, "Quasimodo", TOKEN, "alice-platform-id-77")


def database_bytes(path: Path) -> bytes:
    """The database file and its -wal and -shm companions, as they are on disk."""
    return b"".join(
        p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
    )


async def analyse_everything(service: Service) -> None:
    """A file, a pasted contract, a clause, a vote, /history: the whole range of storage."""
    user = "alice-platform-id-77"
    outbox = RecordingOutbox()
    file = FakeFile(make_pdf(CONTRACT))
    await service.handle(message(attachment=file.attachment(), user=user), outbox)
    assert outbox.kinds == ["contract"] and PHRASE in " ".join(outbox.text.split())
    await service.handle(message(CONTRACT, user=user), outbox)
    await service.handle(message(f"is this fair? {AI_CLAUSE}", user=user), outbox)
    vote = next(a for a in outbox.buttons() if a.startswith("fb:"))
    await service.handle(message(action=vote, user=user), outbox)
    await service.handle(message("/history", user=user), outbox)
    assert "AI: Exposed" in outbox.text


async def test_database_holds_no_contract_text(
    tmp_path: Path, make_service: Callable[..., Service]
) -> None:
    path = tmp_path / "clausescout.db"
    storage = Storage.open(path)
    service = make_service(make_config(), storage)
    await analyse_everything(service)
    assert storage.counts()["analyses"] == 3 and storage.counts()["feedback"] == 1
    on_disk = database_bytes(path)
    for secret in SECRETS:
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in on_disk, secret
    await service.aclose()
    storage.close()
    on_disk = database_bytes(path)
    assert PHRASE.encode() not in on_disk and FILENAME.encode() not in on_disk


async def test_logs_carry_no_contract_text_and_no_token(
    caplog: pytest.LogCaptureFixture, make_service: Callable[..., Service]
) -> None:
    caplog.set_level(logging.DEBUG)
    config = make_config(telegram={"token": TOKEN})
    service = make_service(config)
    await analyse_everything(service)
    # and an internal failure: logged by type, without the message
    failing = RecordingOutbox()

    async def broken_fetch() -> bytes:
        raise RuntimeError(f"boom {PHRASE} {TOKEN}")

    from bot.events import Attachment

    await service.handle(message(attachment=Attachment(FILENAME, 10, broken_fetch)), failing)
    assert failing.replies == [status.download_failed_reply()]
    messages = [record.getMessage() for record in caplog.records]
    assert any("analysed kind=file" in m for m in messages)  # the logs are not empty
    assert any("download failed kind=RuntimeError" in m for m in messages)
    for logged in messages:
        for secret in SECRETS:
            assert secret not in logged, (secret, logged)
    assert not any(record.exc_info for record in caplog.records)


async def test_unaddressed_server_chatter_stays_out_of_the_info_log(
    caplog: pytest.LogCaptureFixture, make_service: Callable[..., Service]
) -> None:
    caplog.set_level(logging.INFO, logger="clausescout.service")
    service = make_service(make_config())
    outbox = RecordingOutbox()
    await service.handle(message("lunch anyone?", private=False, addressed=False), outbox)
    assert outbox.replies == []
    assert not [r for r in caplog.records if "outcome=ignored" in r.getMessage()]
    await service.handle(message("/help", private=False, addressed=True), outbox)
    assert any("outcome=" in r.getMessage() for r in caplog.records)


def test_worker_processes_print_and_log_no_contract_text() -> None:
    """The analysis workers' output: pdfminer logs content-stream operands (contract text),
    and a worker may print or warn; none of it may reach the bot's streams."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.service.privacy_driver"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["contract", "noisy:", "ok"]
    # The streams are the workers' own: ClauseScout's records from a worker do arrive.
    assert "own record, no document text" in done.stderr
    assert "analysed kind=file" in done.stderr
    for stream in (done.stdout, done.stderr):
        assert SECRET not in stream and SECRET.lower() not in stream.lower()
        assert "Traceback" not in stream


def test_every_salt_of_a_rotation_list_is_masked_in_logs() -> None:
    config = make_config(storage={"salt": "new-salt-0123456789,old-salt-9876543210"})
    logged = "a new-salt-0123456789 and old-salt-9876543210"
    record = logging.LogRecord("x", logging.INFO, "", 0, logged, None, None)
    SecretFilter(secrets_of(config)).filter(record)
    assert record.getMessage() == f"a {MASK} and {MASK}"
