"""Discord adapter: discord.py events and app commands in, rendered replies out.

Messages, slash commands, the "Check clause risk" and "Check contract" message menus and
component presses become
``Incoming`` events for the service; each comes with an outbox that knows where the answer
goes: a thread on the member's message in a server (a reply when threads are not allowed),
a reply in a DM, or deferred interaction follow-ups.

The bot needs no privileged intent: DMs, mentions and interactions carry their content
without the message-content intent. Every message is sent with mentions disabled, because
contract text can contain ``@everyone``.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

with warnings.catch_warnings():
    # discord.py imports the stdlib ``audioop`` for voice, deprecated since Python 3.11;
    # ClauseScout uses no voice, and the warning must not break ``-W error`` runs.
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord
    from discord import app_commands

from bot.commands import COMMAND_NAMES, COMMANDS, parse_command
from bot.config import Config
from bot.events import Attachment, Incoming
from bot.service import Service
from responses.blocks import Button, ButtonStyle, Menu, Reply
from responses.discord_format import DiscordMessage, render

log = logging.getLogger(__name__)

PLATFORM = "discord"
CONTEXT_MENU = "Check clause risk"
CONTRACT_MENU = "Check contract"
CONTRACT_THREAD = "ClauseScout: contract check"  # never the file's name: threads are public
MENU_ID = "menu"  # the custom_id of every select menu; the chosen value is the action
SYNC_COMMAND = "!sync"  # owner-only text command: sync the app command tree
THREAD_NAME_LIMIT = 100
MAX_FILES_PER_MESSAGE = 10
NO_MENTIONS = discord.AllowedMentions.none()
# What a server admin grants when inviting the bot (see ``invite_url``).
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    read_message_history=True,
    attach_files=True,
    embed_links=True,
    use_application_commands=True,
)

CommandHandler = Callable[..., Awaitable[None]]


class DiscordAdapter:
    """Runs ClauseScout on Discord until cancelled; a reply in flight is finished first."""

    def __init__(self, service: Service, config: Config) -> None:
        self._service = service
        self._config = config
        self._owner_ids = frozenset(config.discord.owner_ids)
        self._inflight: set[asyncio.Task[Any]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._closing = False
        self.client = ScoutClient(config, on_command=self._on_command)
        self.client.event(self.on_message)
        self.client.event(self.on_interaction)
        self.client.event(self.on_ready)
        _quiet_library_logs()

    async def run(self) -> None:
        token = self._config.discord.token
        if not token:
            raise RuntimeError("the discord adapter needs a token: set DISCORD_TOKEN")
        async with self.client:
            try:
                await self.client.start(token)
            finally:
                self._closing = True
                await self._drain()

    async def wait_idle(self) -> None:
        """Return once no event is being handled (no reply is on its way)."""
        await self._idle.wait()

    async def _drain(self) -> None:
        if self._inflight:
            log.info("discord: finishing %d event(s) in flight", len(self._inflight))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._config.bot.analysis_timeout_s + 15):
                    await self.wait_idle()

    async def on_ready(self) -> None:
        user = self.client.user
        log.info("discord: connected as user id %s", user.id if user else "?")

    # -- events -> Incoming ----------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        if self._closing or message.author.bot or message.type not in _MEMBER_MESSAGE_TYPES:
            return
        me = self.client.user
        assert me is not None
        private = message.guild is None
        mentioned = _mentions_me(message, me.id)
        text = _strip_mentions(message, me.id)
        if (
            text == SYNC_COMMAND
            and (private or mentioned)
            and str(message.author.id) in self._owner_ids
        ):
            await self._sync_on_request(message)
            return
        referenced = _referenced(message)
        attachment = message.attachments[0] if message.attachments else None
        addressed = (
            private
            or mentioned
            or (referenced is not None and referenced.author.id == me.id)
            or _is_command(text)
        )
        incoming = Incoming(
            platform=PLATFORM,
            user_id=str(message.author.id),
            chat_id=str(message.channel.id),
            message_id=str(message.id),
            is_private=private,
            text=text,
            attachment=_attachment(attachment) if attachment else None,
            reply_to_text=referenced.content if referenced is not None else None,
            addressed=addressed,
            server_id=str(message.guild.id) if message.guild else None,
            attachments=tuple(_attachment(a) for a in message.attachments),
            # Downloaded again only if the service asks (``/compare`` as a reply): not stored.
            reply_to_attachments=tuple(
                _attachment(a) for a in (referenced.attachments if referenced else ())
            ),
            is_admin=None if private else _admin_check(message.author),
        )
        command = parse_command(text)
        # Never the file's name: the thread is public, and so is its name.
        if command is not None and command.name == "compare":
            thread_name = "ClauseScout: draft comparison"
        elif attachment is not None:
            thread_name = CONTRACT_THREAD
        else:
            thread_name = "ClauseScout: clause check"
        outbox = MessageOutbox(
            message,
            thread_name=thread_name[:THREAD_NAME_LIMIT],
            use_thread=addressed and isinstance(message.channel, discord.TextChannel),
        )
        await self._serve(incoming, outbox)

    async def _on_command(
        self,
        interaction: discord.Interaction,
        text: str,
        *,
        attachment: discord.Attachment | None = None,
        attachments: Sequence[discord.Attachment] = (),
        reply_to_text: str | None = None,
        target: discord.Message | None = None,
    ) -> None:
        """A slash command or the context menu: defer at once (3 s limit), then follow up.

        ``target``: the message "Check contract" was used on; in a server channel the
        answer goes in a thread on it, as for a mention, and only what is for the member
        alone follows the (private) deferral."""
        incoming = _from_interaction(
            interaction,
            message_id=str(interaction.id),
            text=text,
            attachment=_attachment(attachment) if attachment else None,
            attachments=tuple(_attachment(a) for a in attachments),
            reply_to_text=reply_to_text,
        )
        if target is not None and isinstance(target.channel, discord.TextChannel):
            if await _defer(interaction, ephemeral=True):
                thread = MessageOutbox(target, thread_name=CONTRACT_THREAD, use_thread=True)
                await self._serve(incoming, MenuOutbox(interaction, thread))
            return
        await self._answer_interaction(interaction, incoming)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Button presses and select choices; their custom_id is the Reply's button action."""
        if self._closing or interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
        action = str(data.get("custom_id", ""))
        values = data.get("values") or []
        if action == MENU_ID and values:
            action = str(values[0])
        incoming = _from_interaction(
            interaction,
            message_id=str(interaction.message.id) if interaction.message else None,
            action=action,
        )
        await self._answer_interaction(interaction, incoming)

    async def _answer_interaction(
        self, interaction: discord.Interaction, incoming: Incoming
    ) -> None:
        """Defer first (as privately as the service will answer), then serve the follow-ups."""
        private = self._service.answers_privately(incoming)
        if await _defer(interaction, ephemeral=private):
            await self._serve(incoming, InteractionOutbox(interaction, ephemeral=private))

    async def _serve(
        self, incoming: Incoming, outbox: MessageOutbox | InteractionOutbox | MenuOutbox
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._inflight.add(task)
        self._idle.clear()
        try:
            await self._service.handle(incoming, outbox)
        except Exception as exc:  # the service never raises; this guards the event loop
            log.error("discord: handling an event failed (%s)", type(exc).__name__)
        finally:
            await outbox.close()
            self._inflight.discard(task)
            if not self._inflight:
                self._idle.set()

    async def _sync_on_request(self, message: discord.Message) -> None:
        count = len(await self.client.tree.sync())
        log.info("discord: synced %d application commands on owner request", count)
        await message.channel.send(
            f"Synced {count} application commands.",
            reference=message.to_reference(fail_if_not_exists=False),
            allowed_mentions=NO_MENTIONS,
        )


class ScoutClient(discord.Client):
    """A discord.py client with ClauseScout's app commands on its tree."""

    def __init__(self, config: Config, *, on_command: CommandHandler) -> None:
        # ClauseScout never joins voice: skip discord.py's "voice will NOT be supported" lines.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents_for(config),
            allowed_mentions=NO_MENTIONS,
            application_id=_int_or_none(config.discord.application_id),
        )
        self.tree = app_commands.CommandTree(self)
        _add_commands(self.tree, on_command)


def invite_url(application_id: str | int) -> str:
    """The link a server admin opens to add the bot with the permissions it needs."""
    return (
        f"https://discord.com/oauth2/authorize?client_id={application_id}"
        f"&scope=bot+applications.commands&permissions={REQUIRED_PERMISSIONS.value}"
    )


def intents_for(config: Config) -> discord.Intents:
    """Default intents; message content only when the operator enabled it."""
    intents = discord.Intents.default()
    intents.message_content = config.discord.message_content_intent
    return intents


def _add_commands(tree: app_commands.CommandTree, on_command: CommandHandler) -> None:
    specs = {spec.name: spec for spec in COMMANDS}
    strengths = [app_commands.Choice(name=kind, value=kind) for kind in specs["noai"].choices]

    def describe(name: str) -> str:
        return specs[name].description[:100]

    async def plain(interaction: discord.Interaction) -> None:
        name = interaction.command.name if interaction.command else ""
        await on_command(interaction, f"/{name}")

    for name in ("privacy", "history", "forget", "help"):
        tree.add_command(
            app_commands.Command(name=name, description=describe(name), callback=plain)
        )

    @tree.command(name="check", description=describe("check"))
    @app_commands.describe(clause="The clause to check (paste its text)")
    async def check(
        interaction: discord.Interaction, clause: app_commands.Range[str, 1, 6000]
    ) -> None:
        await on_command(interaction, f"/check {clause}")

    @tree.command(name="analyze", description=describe("analyze"))
    @app_commands.describe(file="The contract: PDF, DOCX, TXT or Markdown")
    async def analyze(interaction: discord.Interaction, file: discord.Attachment) -> None:
        await on_command(interaction, "/analyze", attachment=file)

    @tree.command(name="compare", description=describe("compare"))
    @app_commands.describe(old="The earlier draft", new="The later draft")
    async def compare(
        interaction: discord.Interaction, old: discord.Attachment, new: discord.Attachment
    ) -> None:
        await on_command(interaction, "/compare", attachments=(old, new))

    @tree.command(name="noai", description=describe("noai"))
    @app_commands.describe(strength="Which template; leave empty to choose from a menu")
    @app_commands.choices(strength=strengths)
    async def noai(
        interaction: discord.Interaction, strength: app_commands.Choice[str] | None = None
    ) -> None:
        await on_command(interaction, f"/noai {strength.value}" if strength else "/noai")

    @tree.command(name="stats", description=describe("stats"))
    async def stats(interaction: discord.Interaction) -> None:
        await on_command(interaction, "/stats")

    settings = [app_commands.Choice(name=c, value=c) for c in specs["community"].choices]

    @tree.command(name="community", description=describe("community"))
    @app_commands.describe(setting="The new setting; leave empty to see the current one")
    @app_commands.choices(setting=settings)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def community(
        interaction: discord.Interaction, setting: app_commands.Choice[str] | None = None
    ) -> None:
        await on_command(interaction, f"/community {setting.value}" if setting else "/community")

    @tree.context_menu(name=CONTRACT_MENU)
    async def check_contract(interaction: discord.Interaction, message: discord.Message) -> None:
        if message.attachments:
            await on_command(
                interaction, "/analyze", attachment=message.attachments[0], target=message
            )
        else:  # a contract pasted as text
            await on_command(interaction, "/analyze", reply_to_text=message.content, target=message)

    @tree.context_menu(name=CONTEXT_MENU)
    async def check_message(interaction: discord.Interaction, message: discord.Message) -> None:
        if not message.content.strip() and message.attachments:  # a posted contract file
            await on_command(interaction, "/analyze", attachment=message.attachments[0])
        else:
            await on_command(interaction, "/check", reply_to_text=message.content)


# -- outboxes ---------------------------------------------------------------------------------


class MessageOutbox:
    """Answers a member's message: in a thread on it (servers) or as a reply (DMs, fallback)."""

    def __init__(self, message: discord.Message, *, thread_name: str, use_thread: bool) -> None:
        self._message = message
        self._thread_name = thread_name
        self._use_thread = use_thread
        self._thread: discord.Thread | None = None
        self._opened = False
        self._lock = asyncio.Lock()
        self._typing: asyncio.Task[None] | None = None

    async def _destination(self) -> discord.abc.Messageable:
        async with self._lock:
            if not self._opened:
                self._opened = True
                self._thread = await self._open_thread() if self._use_thread else None
        return self._thread or self._message.channel

    async def _open_thread(self) -> discord.Thread | None:
        try:
            return await self._message.create_thread(name=self._thread_name)
        except discord.Forbidden:
            log.info("discord: no permission to create threads; replying instead")
        except discord.HTTPException as exc:
            log.warning("discord: thread creation failed (HTTP %s); replying instead", exc.status)
        return None

    async def working(self, status: str | None = None) -> None:
        """One typing trigger per job (requests go to answers); later calls add nothing."""
        destination = await self._destination()
        if self._typing is None:
            self._typing = asyncio.create_task(_type_once(destination))

    async def send(self, reply: Reply) -> None:
        await self._stop_typing()
        destination = await self._destination()
        reference = None
        if self._thread is None:  # a reply, not a thread: point at the member's message
            reference = self._message.to_reference(fail_if_not_exists=False)
        for kwargs in _outgoing(reply):
            await destination.send(**kwargs, reference=reference, mention_author=False)  # type: ignore[call-overload]
            reference = None

    async def send_private(self, reply: Reply) -> bool:
        return await _send_dm(self._message.author, reply)

    async def close(self) -> None:
        await self._stop_typing()

    async def _stop_typing(self) -> None:
        if self._typing is not None:
            self._typing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._typing
            self._typing = None


class InteractionOutbox:
    """Answers a deferred interaction with follow-up messages (the deferral shows "thinking")."""

    def __init__(self, interaction: discord.Interaction, *, ephemeral: bool) -> None:
        self._interaction = interaction
        self._ephemeral = ephemeral
        self._sent = False

    async def working(self, status: str | None = None) -> None:
        """The deferral already shows "ClauseScout is thinking..."."""

    async def send(self, reply: Reply) -> None:
        for kwargs in _outgoing(reply):
            await self._interaction.followup.send(
                **kwargs, ephemeral=self._ephemeral or reply.ephemeral, wait=True
            )
            self._sent = True

    async def send_private(self, reply: Reply) -> bool:
        return await _send_dm(self._interaction.user, reply)

    async def close(self) -> None:
        if not self._sent:  # nothing to say: do not leave "thinking..." forever
            with contextlib.suppress(discord.HTTPException):
                await self._interaction.delete_original_response()


async def _send_dm(user: discord.abc.User, reply: Reply) -> bool:
    """Deliver ``reply`` by DM; False when Discord refuses (50007: the member's DMs are
    closed to the bot)."""
    try:
        for kwargs in _outgoing(reply):
            await user.send(**kwargs)
    except discord.Forbidden as exc:
        log.info("discord: cannot DM a member (code %s)", exc.code)
        return False
    return True


class MenuOutbox:
    """ "Check contract" in a server channel: the answers in a thread on the message (via
    ``thread``), what is for the member alone as ephemeral follow-ups of the deferral."""

    def __init__(self, interaction: discord.Interaction, thread: MessageOutbox) -> None:
        self._private = InteractionOutbox(interaction, ephemeral=True)
        self._thread = thread

    async def working(self, status: str | None = None) -> None:
        await self._thread.working(status)

    async def send(self, reply: Reply) -> None:
        await (self._private if reply.ephemeral else self._thread).send(reply)

    async def send_private(self, reply: Reply) -> bool:
        return await self._private.send_private(reply)

    async def close(self) -> None:
        await self._thread.close()
        await self._private.close()  # no private answer: drop the "thinking..." note


# -- Reply -> discord.py keyword arguments ---------------------------------------------------


class _ActionView(discord.ui.View):
    """Buttons and selects that are only displayed: presses are routed by ``on_interaction``.

    Keeping views out of discord.py's view store means presses work the same after a
    restart and no per-message state piles up in memory.
    """

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_dispatchable(self) -> bool:
        return False


def _outgoing(reply: Reply) -> list[dict[str, Any]]:
    """Keyword arguments for each message of a reply; files ride on the last one(s)."""
    sends = [_message_kwargs(message) for message in render(reply)]
    batches = [
        reply.files[i : i + MAX_FILES_PER_MESSAGE]
        for i in range(0, len(reply.files), MAX_FILES_PER_MESSAGE)
    ]
    for n, batch in enumerate(batches):
        files = [discord.File(io.BytesIO(f.data), filename=f.filename) for f in batch]
        if n == 0 and sends:
            sends[-1]["files"] = files
        else:
            sends.append({"files": files, "allowed_mentions": NO_MENTIONS})
    return sends


def _message_kwargs(message: DiscordMessage) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "content": message.content or None,
        "embeds": [discord.Embed.from_dict(e) for e in message.embeds],
        "allowed_mentions": NO_MENTIONS,
    }
    if message.buttons or message.menu:
        kwargs["view"] = _view(message.buttons, message.menu)
    return kwargs


_STYLES: dict[ButtonStyle, discord.ButtonStyle] = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "danger": discord.ButtonStyle.danger,
}


def _view(buttons: Sequence[Button], menu: Menu | None) -> _ActionView:
    """The renderer keeps labels, ids and counts within Discord's limits."""
    view = _ActionView()
    if menu is not None:
        options = [discord.SelectOption(label=o.label, value=o.action) for o in menu.options]
        view.add_item(
            discord.ui.Select(custom_id=MENU_ID, placeholder=menu.placeholder, options=options)
        )
    for button in buttons:
        item = discord.ui.Button(
            label=button.label, custom_id=button.action, style=_STYLES[button.style]
        )
        try:
            view.add_item(item)
        except ValueError:  # 5 rows of 5: the renderer keeps within this, so this is a bug
            log.warning("discord: %d buttons do not fit on one message", len(buttons))
            break
    return view


# -- helpers ----------------------------------------------------------------------------------

_MEMBER_MESSAGE_TYPES = (discord.MessageType.default, discord.MessageType.reply)


async def _defer(interaction: discord.Interaction, *, ephemeral: bool) -> bool:
    try:
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    except discord.HTTPException as exc:  # expired (older than 3 s) or already answered
        log.warning("discord: could not acknowledge an interaction (HTTP %s)", exc.status)
        return False
    return True


async def _type_once(channel: discord.abc.Messageable) -> None:
    """Show "ClauseScout is typing..." (for about 10 s); it is cosmetic, so never fails."""
    try:
        await channel.typing()
    except Exception as exc:
        log.debug("discord: typing indicator failed (%s)", type(exc).__name__)


def _attachment(attachment: discord.Attachment) -> Attachment:
    # ``size`` is known from the event; ``read`` downloads only when the service asks.
    return Attachment(
        filename=attachment.filename,
        size=attachment.size,
        fetch=attachment.read,
        content_type=attachment.content_type,
    )


def _admin_check(author: discord.abc.User) -> Callable[[], Awaitable[bool]]:
    """Whether a server member may change the bot's settings there: Manage Server."""

    async def check() -> bool:
        permissions = getattr(author, "guild_permissions", None)
        return bool(permissions is not None and permissions.manage_guild)

    return check


def _interaction_admin_check(interaction: discord.Interaction) -> Callable[[], Awaitable[bool]]:
    """Manage Server in the channel the interaction came from (Discord computes it)."""

    async def check() -> bool:
        return interaction.permissions.manage_guild

    return check


def _mentions_me(message: discord.Message, my_id: int) -> bool:
    if any(user.id == my_id for user in message.mentions):
        return True
    own_role = message.guild.self_role if message.guild else None
    return own_role is not None and own_role in message.role_mentions


def _strip_mentions(message: discord.Message, my_id: int) -> str:
    text = re.sub(rf"<@!?{my_id}>", " ", message.content)
    own_role = message.guild.self_role if message.guild else None
    if own_role is not None:
        text = text.replace(f"<@&{own_role.id}>", " ")
    return text.strip()


def _referenced(message: discord.Message) -> discord.Message | None:
    resolved = message.reference.resolved if message.reference else None
    return resolved if isinstance(resolved, discord.Message) else None


def _is_command(text: str) -> bool:
    command = parse_command(text)
    return command is not None and command.name in COMMAND_NAMES


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value else None


def _quiet_library_logs() -> None:
    """discord.py logs request payloads (message content) at DEBUG: never let that through."""
    library = logging.getLogger("discord")
    if library.getEffectiveLevel() < logging.INFO:
        library.setLevel(logging.INFO)


# -- command sync -----------------------------------------------------------------------------


async def sync_commands_async(config: Config) -> int:
    """Log in, register the app commands globally, close; returns how many were synced."""
    token = config.discord.token
    if not token:
        raise RuntimeError("syncing commands needs a token: set DISCORD_TOKEN")
    _quiet_library_logs()

    async def never_called(interaction: discord.Interaction, *args: Any, **kwargs: Any) -> None:
        """This client only syncs; it never connects to the gateway, so no command arrives."""

    client = ScoutClient(config, on_command=never_called)
    async with client:
        await client.login(token)
        synced = await client.tree.sync()
    log.info("discord: synced %d application commands", len(synced))
    return len(synced)


def sync_commands(config: Config) -> int:
    """For ``clausescout discord-sync`` (outside any event loop)."""
    return asyncio.run(sync_commands_async(config))


def _from_interaction(
    interaction: discord.Interaction, *, message_id: str | None, **fields: Any
) -> Incoming:
    """An interaction is always addressed to the bot; where it happened says the rest."""
    return Incoming(
        platform=PLATFORM,
        user_id=str(interaction.user.id),
        chat_id=str(interaction.channel_id),
        message_id=message_id,
        is_private=interaction.guild_id is None,
        addressed=True,
        server_id=str(interaction.guild_id) if interaction.guild_id else None,
        is_admin=_interaction_admin_check(interaction) if interaction.guild_id else None,
        **fields,
    )
