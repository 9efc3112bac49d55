"""Platform-neutral replies.

A ``Reply`` is what the bot says, as plain-text blocks. Renderers (Telegram HTML, Discord
content + embeds, plain text) turn it into platform messages; they escape every string,
so nothing here is markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tone = Literal["info", "high", "medium", "low", "good", "error", "warning"]


ButtonStyle = Literal["primary", "secondary", "danger"]


@dataclass(frozen=True, slots=True)
class Button:
    """A button a member can press. ``action`` comes back to the service as-is (<= 64 bytes).

    ``style`` says how much it stands out: ``secondary`` for quiet ones (feedback),
    ``danger`` for what cannot be undone; platforms without styles ignore it.
    ``private_chat``: the answer to the press goes to the member's private chat. Where a
    bot cannot write first (Telegram), such a button in a group is a link that opens the
    private chat with ``action`` as its start parameter.
    """

    label: str
    action: str
    style: ButtonStyle = "primary"
    private_chat: bool = False


@dataclass(frozen=True, slots=True)
class Menu:
    """One choice among several (a select menu where the platform has one, else buttons)."""

    placeholder: str
    options: tuple[Button, ...]


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
    """A file sent with a reply. ``private`` files quote the member's document, so where a
    platform keeps files (the console's disk) they are kept no longer than needed."""

    filename: str
    data: bytes
    mime: str
    private: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot answers. ``footer`` (the not-legal-advice line) is shown once.

    ``ephemeral`` replies are seen by the member alone where the platform can do that.
    """

    blocks: tuple[Block, ...]
    footer: str | None = None
    files: tuple[FileOut, ...] = ()
    buttons: tuple[Button, ...] = ()
    menu: Menu | None = None
    ephemeral: bool = False
    kind: str = "info"

    @classmethod
    def note(
        cls, text: str, *, tone: Tone = "info", kind: str = "info", ephemeral: bool = False
    ) -> Reply:
        """A one-paragraph reply: statuses, errors, confirmations."""
        return cls(blocks=(Block(text=text, tone=tone),), ephemeral=ephemeral, kind=kind)

    @property
    def choices(self) -> tuple[Button, ...]:
        """Everything a member can press, in reading order: block buttons, menu, buttons."""
        menu = self.menu.options if self.menu else ()
        return (*(b for block in self.blocks for b in block.buttons), *menu, *self.buttons)
