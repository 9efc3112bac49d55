"""Logging for the bot: one stderr handler, and secrets masked as a last line of defence.

What is logged is decided where it is logged: ids, sizes, timings, categories; never
message text, filenames or tokens. The ``SecretFilter`` also masks the configured tokens
and salt wherever they might slip into a record (for example a library logging a URL).

Document readers log document content (pdfminer's warnings quote content-stream operands),
so their loggers are silenced everywhere, and analysis workers keep only ClauseScout's own
records (``setup_worker_logging``).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.config import Config

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "[secret]"
# Libraries that log request URLs (the Telegram token is part of every Bot API URL).
_NOISY = ("httpx", "httpcore")
# Libraries that log what they read: contract text.
_DOCUMENT_READERS = ("pdfminer", "pdfplumber", "PIL", "docx")
OWN_LOGGER = "clausescout"


class SecretFilter(logging.Filter):
    """Replaces any of ``secrets`` in a record's message with ``[secret]``."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        # Very short values would mask ordinary words; real tokens and salts are long.
        self._secrets = tuple(s for s in secrets if s and len(s) >= 8)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        masked = message
        for secret in self._secrets:
            masked = masked.replace(secret, MASK)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def secrets_of(config: Config) -> tuple[str, ...]:
    values = [config.telegram.token, config.telegram.webhook_secret, config.discord.token]
    # The salt setting may list several salts (rotation): each is a secret, and so is the list.
    salts = config.storage.salt or ""
    values += [salts, *salts.replace("\n", ",").split(",")]
    return tuple(v.strip() for v in values if v and v.strip())


def setup_logging(
    config: Config, *, level: str | None = None, stream: TextIO | None = None
) -> None:
    """Log to stderr at ``level`` (default: ``[bot] log_level``), masking the config's secrets.

    Replaces only a handler installed by an earlier call, so test harnesses keep theirs.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_clausescout", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(SecretFilter(secrets_of(config)))
    handler._clausescout = True  # type: ignore[attr-defined]
    # On the handler too: a library logger with a level of its own bypasses the root's.
    handler.setLevel((level or config.bot.log_level).upper())
    root.addHandler(handler)
    root.setLevel((level or config.bot.log_level).upper())
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    _silence_document_readers()


class OwnRecordsOnly(logging.Filter):
    """Keeps ClauseScout's own records: other libraries' may quote the document."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name == OWN_LOGGER or record.name.startswith(OWN_LOGGER + ".")


def setup_worker_logging(stream: TextIO) -> None:
    """Logging in an analysis worker: ClauseScout's warnings to ``stream``, nothing else."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(OwnRecordsOnly())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    _silence_document_readers()


def _silence_document_readers() -> None:
    for name in _DOCUMENT_READERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
