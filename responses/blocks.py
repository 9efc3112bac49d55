"""Platform-neutral replies.

A ``Reply`` is what the bot says, as plain-text blocks. Renderers (Telegram HTML, Discord
content + embeds, plain text) turn it into platform messages; they escape every string,
so nothing here is markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tone = Literal["info", "high", "medium", "low", "good", "error", "warning"]


@dataclass(frozen=True, slots=True)
class Button:
    """A button a member can press. ``action`` comes back to the service as-is (<= 64 bytes)."""

    label: str
    action: str


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Block:
    """One visual unit: a heading with text, fields, a verbatim quote or copyable text.

    ``quote`` is contract text shown verbatim (rendered as a quote, always escaped);
    ``code`` is text meant to be copied as-is (templates).
    """

    title: str | None = None
    text: str = ""
    fields: tuple[Field, ...] = ()
    quote: str | None = None
    code: str | None = None
    tone: Tone = "info"
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True, slots=True)
class FileOut:
    filename: str
    data: bytes
    mime: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot answers. ``footer`` (the not-legal-advice line) is shown once."""

    blocks: tuple[Block, ...]
    footer: str | None = None
    files: tuple[FileOut, ...] = ()
    buttons: tuple[Button, ...] = ()
    ephemeral: bool = False
    kind: str = "info"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One stored analysis, as ``/history`` shows it (never any contract text)."""

    analysis_id: str
    created_at: str  # ISO 8601, UTC
    kind: str  # "file" or "clause"
    pages: int | None
    score: int
    grade: str
    verdict: str
    categories: tuple[str, ...]
