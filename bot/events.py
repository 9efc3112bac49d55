"""What adapters hand to the service, and how the service answers back.

An adapter turns a platform message, command or button press into an ``Incoming`` and gives
the service an ``Outbox`` bound to that message; the adapter decides threading.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from responses.blocks import Reply


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file on the platform. ``fetch`` downloads it; call it only after checking ``size``."""

    filename: str
    size: int | None
    fetch: Callable[[], Awaitable[bytes]]
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a member did: a message, a command or a button press.

    ``text`` holds the message text, or a command line such as ``/noai general`` (adapters
    translate slash commands into this form). ``action`` is a pressed button's action.
    ``reply_to_text`` is the text of the message this one replies to (or that a context
    menu was used on). ``addressed`` is True when the bot was mentioned, commanded, or
    replied to; in private chats everything is addressed.
    """

    platform: str
    user_id: str
    chat_id: str
    message_id: str | None
    is_private: bool
    text: str = ""
    attachment: Attachment | None = None
    reply_to_text: str | None = None
    addressed: bool = True
    action: str | None = None
    server_id: str | None = None


class Outbox(Protocol):
    """Where replies to one ``Incoming`` go."""

    async def send(self, reply: Reply) -> None:
        """Deliver a reply, threaded as the platform expects."""

    async def working(self, status: str | None = None) -> None:
        """Show that work has started (typing indicator; ``status`` is an optional note)."""
