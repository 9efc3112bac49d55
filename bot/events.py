"""The adapter protocol: what adapters hand to the service, and how it answers back.

An ``Adapter`` runs one platform. It turns a platform message, command or button press
into an ``Incoming`` and gives ``Service.handle`` an ``Outbox`` bound to that message (the
adapter decides threading). The service decides everything else: size checks, rate
limits, DM nudges, and which answers are private (``Service.answers_privately``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from responses.blocks import Reply


@runtime_checkable
class Adapter(Protocol):
    """One platform: ``run`` translates its events and replies until cancelled."""

    async def run(self) -> None: ...


class AttachmentTooLarge(Exception):
    """``Attachment.fetch``: the platform refused the file as over its download limit."""

    def __init__(self, size: int | None = None) -> None:
        super().__init__("the platform refused the file as too large")
        self.size = size


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file on the platform. ``fetch`` downloads it; the service calls it only after
    checking ``size`` against its own limit and ``download_limit``, the most the platform
    hands over (None: no limit of its own). It may raise ``AttachmentTooLarge``."""

    filename: str
    size: int | None
    fetch: Callable[[], Awaitable[bytes]]
    content_type: str | None = None
    download_limit: int | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a member did: a message, a command or a button press.

    ``text`` holds the message text, or a command line such as ``/noai general`` (adapters
    translate slash commands into this form). ``action`` is a pressed button's action.
    ``reply_to_text`` is the text of the message this one replies to (or that a context
    menu was used on). ``attachment`` is the file the message is about: its own, or on some
    platforms the replied message's (Telegram "/analyze" as a reply to a PDF).
    ``attachments`` are the message's own files in the order they were sent (a Telegram
    album counts as one message), and ``reply_to_attachments`` the files of the message it
    replies to; ``/compare`` reads its two drafts from these, the replied message's first
    (the earlier draft). Adapters that know no such files leave them empty.
    ``addressed`` is True when the bot was mentioned, commanded, or replied to; in private
    chats everything is addressed. ``local`` is True for the person running the bot on
    their own machine (the console): files are given by path, and no rate limit applies.
    ``is_admin`` asks the platform whether the member may change the community's settings
    (Discord: the Manage Server permission; Telegram: a group admin); None where there is
    no community. It is only called for ``/community`` changes.
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
    local: bool = False
    attachments: tuple[Attachment, ...] = ()
    reply_to_attachments: tuple[Attachment, ...] = ()
    is_admin: Callable[[], Awaitable[bool]] | None = None


class Outbox(Protocol):
    """Where replies to one ``Incoming`` go."""

    async def send(self, reply: Reply) -> None:
        """Deliver a reply, threaded as the platform expects, in as few messages as the
        platform allows; the replies of one ``Incoming`` arrive in the order sent."""

    async def send_private(self, reply: Reply) -> bool:
        """Deliver a reply to the member alone, in their private chat with the bot (the
        chat itself when it is private). False when the platform refuses (the member's
        DMs are closed, or the bot may not write first); nothing is then sent."""

    async def working(self, status: str | None = None) -> None:
        """Show that work has started: one typing indicator per job, however often this is
        called. ``status`` is an optional note (e.g. "Reading your contract…", or the place
        in line): a later call only changes it. Adapters spend requests on answers: a note
        is shown only if the answer is slow, and then becomes the answer's first message
        (edited, not sent and deleted) where the platform can edit."""
