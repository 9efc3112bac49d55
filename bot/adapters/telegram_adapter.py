"""Telegram adapter: python-telegram-bot updates in, threaded HTML replies out.

The adapter maps messages and button presses to ``Incoming`` and gives the service a
``TelegramOutbox`` bound to that message: replies quote the member's message, later parts
reply to the first part, and forum topics are kept. It owns the PTB ``Application`` for the
lifetime of ``run()`` (long polling, or a webhook with a secret token).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import html
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.telegram_limits import ANSWER, CHATTER, URGENT, PriorityRateLimiter
from bot.commands import COMMANDS, MULTI_FILE_COMMANDS, CommandSpec, parse_command
from bot.events import Attachment, AttachmentTooLarge, Incoming
from bot.service import pictures_of
from responses import telegram_format
from responses.blocks import Button, Reply

if TYPE_CHECKING:
    from bot.config import Config
    from bot.service import Service

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ALLOWED_UPDATES = ("message", "callback_query")
POLL_TIMEOUT_S = 25  # long-poll duration of one getUpdates call
RATE_LIMIT_RETRIES = 5  # a 429 is waited out and retried this many times, never dropped
MAX_CONCURRENT_UPDATES = 64
STATUS_DELAY_S = 3.0  # a status note is posted only if no answer came within this time
# The items of an album arrive as separate updates, close together: an album is complete
# when no item came for this long.
ALBUM_WAIT_S = 1.0
# Replies that are a contract's analysis: sent after quick answers when requests are short.
_CONTRACT_ANSWERS = frozenset({"contract", "contract_summary", "report", "compare"})
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
# A deep link's start parameter (t.me/<bot>?start=...): 1-64 of A-Za-z0-9_-. A button
# action "name:rest" travels as "name-rest" (names have no "-").
_START_PARAMETER = re.compile(r"([a-z]{1,16})-([A-Za-z0-9_-]{1,47})")
_ADMIN_STATUSES = frozenset({"creator", "administrator"})
_TAG = re.compile(r"<[^>]*>")

Context = ContextTypes.DEFAULT_TYPE
AdminCheck = Callable[[], Awaitable[bool]]


@dataclasses.dataclass
class _Album:
    """The items of one album received so far (message objects: no file content)."""

    messages: list[Message]
    arrived: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)


class TelegramAdapter:
    """Runs ClauseScout on Telegram until cancelled."""

    def __init__(self, service: Service, config: Config) -> None:
        if not config.telegram.token:
            raise ValueError("the telegram adapter needs a token")
        self.service = service
        self.config = config
        self.ready = asyncio.Event()  # set once updates are being received
        self.status_delay_s = STATUS_DELAY_S
        self.album_wait_s = ALBUM_WAIT_S
        self._albums: dict[tuple[int, str], _Album] = {}

    @property
    def download_limit(self) -> int:
        """The Bot API's getFile limit in bytes (MB as the rest of the bot counts them)."""
        return int(self.config.telegram.download_limit_mb * 1_000_000)

    def build_application(self) -> Application:
        tg = self.config.telegram
        assert tg.token is not None
        app = (
            ApplicationBuilder()
            .token(tg.token)
            .base_url(tg.base_url)
            .base_file_url(tg.base_file_url)
            .rate_limiter(PriorityRateLimiter(max_retries=RATE_LIMIT_RETRIES))
            .concurrent_updates(MAX_CONCURRENT_UPDATES)  # a long analysis blocks no other chat
            .build()
        )
        app.add_handler(CallbackQueryHandler(self._on_callback))
        app.add_handler(
            MessageHandler(
                filters.TEXT | filters.CAPTION | filters.Document.ALL | filters.PHOTO,
                self._on_message,
            )
        )
        app.add_error_handler(self._on_error)
        return app

    async def run(self) -> None:
        """Receive updates until cancelled; then stop, letting replies in flight finish."""
        tg = self.config.telegram
        redactor = _protect_logs(tg.token or "")  # before building: PTB logs its URLs then
        try:
            app = self.build_application()
            async with app:  # initialize (getMe) ... shutdown
                try:
                    await self.post_init(app)
                    if tg.mode == "webhook":
                        await app.updater.start_webhook(  # type: ignore[union-attr]
                            listen=tg.webhook_listen,
                            port=tg.webhook_port,
                            url_path=tg.webhook_path,
                            webhook_url=tg.webhook_url,
                            secret_token=tg.webhook_secret,
                            allowed_updates=ALLOWED_UPDATES,
                        )
                    else:
                        await app.updater.start_polling(  # type: ignore[union-attr]
                            timeout=POLL_TIMEOUT_S, allowed_updates=ALLOWED_UPDATES
                        )
                    await app.start()
                    log.info("telegram: receiving updates (%s) as @%s", tg.mode, app.bot.username)
                    self.ready.set()
                    await asyncio.Future()  # until cancelled
                finally:
                    self.ready.clear()
                    if app.updater is not None and app.updater.running:
                        await app.updater.stop()
                    if app.running:
                        await app.stop()  # waits for updates being handled
        finally:
            redactor.remove()

    async def post_init(self, app: Application) -> None:
        """Register the command menu (setMyCommands)."""
        await app.bot.set_my_commands(bot_commands(COMMANDS))

    # -- updates -----------------------------------------------------------------------------
    async def _on_message(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or message.is_automatic_forward:
            return
        sender = message.from_user
        if message.sender_chat is None and (sender is None or sender.is_bot):
            return  # other bots (anonymous admins post as the group: sender_chat is set)
        if message.media_group_id is not None:
            await self._collect_album(message, context.bot)
            return
        incoming = to_incoming(message, context.bot, self.download_limit)
        if incoming is not None:
            await self._serve(incoming, message, context.bot)

    async def _serve(self, incoming: Incoming, message: Message, bot: Bot) -> None:
        outbox = TelegramOutbox(
            bot,
            message.chat_id,
            reply_to=message.message_id,
            thread_id=_thread_id(message),
            status_delay_s=self.status_delay_s,
            private=message.chat.type == ChatType.PRIVATE,
            user_id=message.from_user.id if message.from_user else None,
        )
        try:
            await self.service.handle(incoming, outbox)
        finally:
            await outbox.close()

    async def _collect_album(self, message: Message, bot: Bot) -> None:
        """An album arrives as one message per item. The first item's handler waits until
        no more came for ``album_wait_s``; the others only join it. A captioned command that
        reads several files (``/compare``), and an album of photos or pictures of pages (one
        contract), get the album as one message, its items in send order; any other album
        is answered item by item, as separate messages are."""
        key = (message.chat_id, str(message.media_group_id))
        album = self._albums.get(key)
        if album is not None:
            album.messages.append(message)
            album.arrived.set()
            return
        album = _Album([message])
        self._albums[key] = album
        try:
            while True:
                album.arrived.clear()
                try:
                    async with asyncio.timeout(self.album_wait_s):
                        await album.arrived.wait()
                except TimeoutError:
                    break
        finally:
            del self._albums[key]
        items = [
            (m, incoming)
            for m in sorted(album.messages, key=lambda m: m.message_id)
            if (incoming := to_incoming(m, bot, self.download_limit)) is not None
        ]
        if not items:
            return
        combined = album_incoming([incoming for _, incoming in items])
        command = parse_command(combined.text) if combined.text else None
        # Photos of pages sent as an album are one contract, in send order.
        pages = len(items) > 1 and len(pictures_of(combined)) == len(items)
        if pages or (command is not None and command.name in MULTI_FILE_COMMANDS):
            lead = next((m for m, incoming in items if incoming.text), items[0][0])
            await self._serve(combined, lead, bot)
            return
        for item, incoming in items:
            await self._serve(incoming, item, bot)

    async def _on_callback(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        try:  # always answer, first: it stops the button's spinner
            await query.answer()
        except TelegramError as exc:
            log.warning("telegram: answerCallbackQuery failed (%s)", type(exc).__name__)
        message = query.message
        if not query.data or message is None:
            return
        chat = message.chat
        private = chat.type == ChatType.PRIVATE
        incoming = Incoming(
            platform=PLATFORM,
            user_id=str(query.from_user.id),
            chat_id=str(chat.id),
            message_id=str(message.message_id),
            is_private=private,
            action=query.data,
            addressed=True,
            server_id=None if private else str(chat.id),
            is_admin=None if private else _admin_check(context.bot, chat.id, query.from_user.id),
        )
        outbox = TelegramOutbox(
            context.bot,
            chat.id,
            reply_to=message.message_id,
            thread_id=_thread_id(message) if isinstance(message, Message) else None,
            status_delay_s=self.status_delay_s,
            private=private,
            user_id=query.from_user.id,
        )
        try:
            await self.service.handle(incoming, outbox)
        finally:
            await outbox.close()

    async def _on_error(self, update: object, context: Context) -> None:
        error = context.error
        if isinstance(error, TelegramError):  # Bot API descriptions carry no member text
            log.error("telegram: handling an update failed: %s: %s", type(error).__name__, error)
        else:
            log.error("telegram: handling an update failed", exc_info=error)


def to_incoming(message: Message, bot: Bot, download_limit: int) -> Incoming | None:
    """Map a member's message to ``Incoming``; None when it is a command for another bot."""
    private = message.chat.type == ChatType.PRIVATE
    username = (bot.username or "").lower()
    text = message.text or message.caption or ""
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    addressed = private
    for entity, value in entities.items():
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            command, _, target = value.partition("@")
            if target and target.lower() != username:
                return None  # "/help@OtherBot"
            text = command.lower() + text[len(value) :]
            addressed = True
        elif entity.type == MessageEntity.MENTION and value.lower() == f"@{username}":
            text = text.replace(value, " ")
            addressed = True
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            addressed = True
    reply = message.reply_to_message
    if reply is not None and reply.forum_topic_created is not None:
        reply = None  # in a forum topic every message "replies" to the topic's first message
    reply_to_text = None
    reply_file = None
    if reply is not None:
        if reply.from_user is not None and reply.from_user.id == bot.id:
            addressed = True  # a reply to the bot; its own words are not a contract to check
        else:
            quoted = message.quote.text if message.quote else None
            reply_to_text = quoted or reply.text or reply.caption
            reply_file = _attachment(reply, bot, download_limit)  # fetched only if asked
    action = None
    start = re.fullmatch(r"/start\s+(\S+)", text.strip()) if private else None
    # A deep link opened the private chat ("Send me the full report" in a group).
    if start and (parameter := _START_PARAMETER.fullmatch(start.group(1))):
        action, text = f"{parameter.group(1)}:{parameter.group(2)}", ""
    own = _attachment(message, bot, download_limit)
    attachment = own
    if attachment is None and addressed and reply is not None:
        attachment = _attachment(reply, bot, download_limit)  # "/analyze" on someone's PDF
    return Incoming(
        platform=PLATFORM,
        user_id=str((message.sender_chat or message.from_user or message.chat).id),
        chat_id=str(message.chat.id),
        message_id=str(message.message_id),
        is_private=private,
        text=text.strip(),
        attachment=attachment,
        reply_to_text=reply_to_text,
        addressed=addressed,
        action=action,
        server_id=None if private else str(message.chat.id),
        attachments=(own,) if own else (),
        reply_to_attachments=(reply_file,) if reply_file else (),
        is_admin=None if private else _message_admin_check(message, bot),
    )


def _message_admin_check(message: Message, bot: Bot) -> AdminCheck | None:
    if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
        return _always_admin  # an anonymous admin, posting as the group itself
    if message.from_user is None:
        return None
    return _admin_check(bot, message.chat.id, message.from_user.id)


async def _always_admin() -> bool:
    return True


def _admin_check(bot: Bot, chat_id: int, user_id: int) -> AdminCheck:
    """Whether the member is one of the group's admins (getChatMember, asked only when a
    setting is changed)."""

    async def check() -> bool:
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            log.warning("telegram: getChatMember failed (%s)", type(exc).__name__)
            return False
        return member.status in _ADMIN_STATUSES

    return check


def deep_link(username: str, action: str) -> str | None:
    """The t.me link that opens the private chat and hands ``action`` to it; None when the
    action cannot travel as a start parameter."""
    name, _, rest = action.partition(":")
    parameter = f"{name}-{rest}"
    if not _START_PARAMETER.fullmatch(parameter) or not username:
        return None
    return f"https://t.me/{username}?start={parameter}"


def album_incoming(incomings: Sequence[Incoming]) -> Incoming:
    """One ``Incoming`` for an album's messages (given in send order): the captioned one's
    text and reply, with every document of the album as its attachments."""
    lead = next((i for i in incomings if i.text), incomings[0])
    files = tuple(a for i in incomings for a in i.attachments)
    replied = next((i for i in incomings if i.reply_to_attachments or i.reply_to_text), lead)
    return dataclasses.replace(
        lead,
        attachments=files,
        attachment=files[0] if files else lead.attachment,
        addressed=any(i.addressed for i in incomings),
        reply_to_text=lead.reply_to_text or replied.reply_to_text,
        reply_to_attachments=lead.reply_to_attachments or replied.reply_to_attachments,
    )


def _attachment(message: Message, bot: Bot, download_limit: int) -> Attachment | None:
    if message.document is not None:
        doc = message.document
        file_id, size = doc.file_id, doc.file_size
        name, mime = doc.file_name or "document", doc.mime_type
    elif message.photo:
        photo = message.photo[-1]  # the largest size
        file_id, size, name, mime = photo.file_id, photo.file_size, "photo.jpg", "image/jpeg"
    else:
        return None

    async def fetch() -> bytes:
        try:
            file = await bot.get_file(file_id)
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                raise AttachmentTooLarge(size) from None
            raise
        return bytes(await file.download_as_bytearray())

    return Attachment(name, size, fetch, content_type=mime, download_limit=download_limit)


def _thread_id(message: Message) -> int | None:
    """The forum topic to answer in (reply chains in plain groups are not topics)."""
    return message.message_thread_id if message.is_topic_message else None


def bot_commands(commands: Sequence[CommandSpec]) -> list[BotCommand]:
    """Commands in Telegram's form: a-z0-9_ names up to 32, descriptions of 3-256 chars."""
    result = []
    for spec in commands:
        name = spec.name.lstrip("/").lower()
        description = spec.description.strip()[:256]
        if _COMMAND_NAME.fullmatch(name) and len(description) >= 3:
            result.append(BotCommand(name, description))
        else:
            log.warning("telegram: command %r cannot be registered", name)
    return result


class TelegramOutbox:
    """Replies to one message (or button press) in its chat and forum topic.

    Requests are spent on answers: one typing action per job (no refresh), and a status
    note only when the answer has not come within ``status_delay_s``; that note is then
    edited into the answer's first message rather than sent and deleted.
    """

    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        *,
        reply_to: int | None,
        thread_id: int | None,
        status_delay_s: float = STATUS_DELAY_S,
        private: bool = True,
        user_id: int | None = None,
    ) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.private = private
        self.user_id = user_id
        self.reply_to = reply_to
        self.thread_id = thread_id
        self.status_delay_s = status_delay_s
        self._typing: asyncio.Task[None] | None = None
        self._status_text = ""
        self._status: asyncio.Task[int | None] | None = None
        self._status_sending = False

    async def send(self, reply: Reply) -> None:
        await self._deliver(reply)

    async def send_private(self, reply: Reply) -> bool:
        """In the private chat. From a group this works only once the member has started a
        chat with the bot (a bot cannot write first): hence the deep-link buttons."""
        if self.private:
            return await self._deliver(reply)
        if self.user_id is None:
            return False
        private = TelegramOutbox(
            self.bot, self.user_id, reply_to=None, thread_id=None, status_delay_s=0
        )
        return await private._deliver(reply)

    async def _deliver(self, reply: Reply) -> bool:
        """Send ``reply``; False when Telegram forbids writing to the chat."""
        await self._drop_typing()
        parts = telegram_format.render(reply)
        priority = URGENT if reply.kind not in _CONTRACT_ANSWERS else ANSWER
        status_id = await self._take_status()
        first: int | None = None
        try:
            for part in parts:
                sent = None
                if first is None and status_id is not None:
                    sent = await self._edit_text(status_id, part, priority)
                    status_id = None
                if sent is None:
                    sent = await self._send_text(part, first or self.reply_to, priority)
                first = first or sent.message_id
            if status_id is not None:  # nothing to edit it into (a reply of files only)
                await self._delete(status_id)
            for file in reply.files:
                await self.bot.send_document(
                    self.chat_id,
                    InputFile(file.data, filename=file.filename),
                    reply_parameters=self._reply_to(first or self.reply_to),
                    message_thread_id=self.thread_id,
                    rate_limit_args=priority,
                )
        except Forbidden:  # blocked by the member or removed from the group: nobody to tell
            log.warning("telegram: cannot write to chat (forbidden)")
            return False
        return True

    async def working(self, status: str | None = None) -> None:
        """The first call shows "typing" once; a status note follows after the delay. Later
        calls only change the note (edited if it is already shown)."""
        if self._typing is None:
            # In the background: when requests are short, a typing action waits its turn
            # behind answers, and must not hold up the work (or a quick answer) meanwhile.
            self._typing = asyncio.create_task(self._chat_action())
        if not status or status == self._status_text:
            return
        self._status_text = status
        task = self._status
        if task is None:
            self._status = asyncio.create_task(self._post_status())
        elif task.done() and not task.cancelled() and (message_id := task.result()) is not None:
            with contextlib.suppress(TelegramError):
                await self.bot.edit_message_text(
                    _status_html(status),
                    chat_id=self.chat_id,
                    message_id=message_id,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    rate_limit_args=CHATTER,
                )

    async def close(self) -> None:
        """End of the update: remove a status note no answer was edited into."""
        await self._drop_typing()
        message_id = await self._take_status()
        if message_id is not None:
            await self._delete(message_id)

    def _markup(self, part: telegram_format.TelegramMessage) -> InlineKeyboardMarkup | None:
        if not part.buttons:
            return None
        rows = [[button for b in row if (button := self._button(b))] for row in part.buttons]
        return InlineKeyboardMarkup([row for row in rows if row]) if any(rows) else None

    def _button(self, button: Button) -> InlineKeyboardButton | None:
        """A callback button; in a group, a deep link for what is answered in private."""
        if not button.private_chat or self.private:
            return InlineKeyboardButton(button.label, callback_data=button.action)
        url = deep_link(self.bot.username or "", button.action)
        if url is None:
            log.warning("telegram: a private-chat button cannot be made a deep link")
            return None
        return InlineKeyboardButton(button.label, url=url)

    async def _send_text(
        self, part: telegram_format.TelegramMessage, reply_to: int | None, priority: int
    ) -> Any:
        kwargs: dict[str, Any] = {
            "link_preview_options": LinkPreviewOptions(is_disabled=True),
            "reply_parameters": self._reply_to(reply_to),
            "message_thread_id": self.thread_id,
            "reply_markup": self._markup(part),
            "rate_limit_args": priority,
        }
        try:
            return await self.bot.send_message(
                self.chat_id, part.text, parse_mode=ParseMode.HTML, **kwargs
            )
        except BadRequest as exc:
            if "parse entities" not in exc.message.lower():
                raise
            log.error("telegram: rendered HTML was rejected; sending it as plain text")
            return await self.bot.send_message(self.chat_id, _plain(part.text), **kwargs)

    async def _edit_text(
        self, message_id: int, part: telegram_format.TelegramMessage, priority: int
    ) -> Any:
        """Edit the status note into ``part``; None when that fails (then it is sent)."""
        kwargs: dict[str, Any] = {
            "chat_id": self.chat_id,
            "message_id": message_id,
            "link_preview_options": LinkPreviewOptions(is_disabled=True),
            "reply_markup": self._markup(part),
            "rate_limit_args": priority,
        }
        try:
            try:
                return await self.bot.edit_message_text(
                    part.text, parse_mode=ParseMode.HTML, **kwargs
                )
            except BadRequest as exc:
                if "parse entities" not in exc.message.lower():
                    raise
                log.error("telegram: rendered HTML was rejected; sending it as plain text")
                return await self.bot.edit_message_text(_plain(part.text), **kwargs)
        except Forbidden:
            raise
        except TelegramError as exc:  # the note was deleted meanwhile: send the answer anew
            log.info("telegram: could not edit the status note (%s)", type(exc).__name__)
            await self._delete(message_id)
            return None

    def _reply_to(self, message_id: int | None) -> ReplyParameters | None:
        if message_id is None:
            return None
        return ReplyParameters(message_id, allow_sending_without_reply=True)

    async def _chat_action(self) -> None:
        with contextlib.suppress(TelegramError):
            await self.bot.send_chat_action(
                self.chat_id,
                ChatAction.TYPING,
                message_thread_id=self.thread_id,
                rate_limit_args=CHATTER,
            )

    async def _post_status(self) -> int | None:
        await asyncio.sleep(self.status_delay_s)
        self._status_sending = True  # from here on it is awaited, not cancelled
        with contextlib.suppress(TelegramError):
            sent = await self.bot.send_message(
                self.chat_id,
                _status_html(self._status_text),
                parse_mode=ParseMode.HTML,
                reply_parameters=self._reply_to(self.reply_to),
                message_thread_id=self.thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                rate_limit_args=CHATTER,
            )
            return sent.message_id
        return None

    async def _drop_typing(self) -> None:
        """A typing action still waiting for its turn is pointless once the answer is
        ready (and would show "typing" after it): drop it."""
        task = self._typing
        if task is None or task.done():
            return
        task.cancel()
        await asyncio.wait([task])

    async def _take_status(self) -> int | None:
        """Stop a pending status note; the id of one already posted (now ours to reuse)."""
        task, self._status = self._status, None
        if task is None:
            return None
        if not self._status_sending:
            task.cancel()
        await asyncio.wait([task])
        self._status_sending = False
        if task.cancelled():
            return None
        return task.result()

    async def _delete(self, message_id: int) -> None:
        with contextlib.suppress(TelegramError):
            await self.bot.delete_message(self.chat_id, message_id, rate_limit_args=CHATTER)


def _status_html(status: str) -> str:
    return f"<i>{html.escape(status)}</i>"


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


class _RedactToken(logging.Filter):
    """Replaces the bot token in library log records (URLs contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token and self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


class _LogGuard:
    def __init__(self, token: str) -> None:
        self.filter = _RedactToken(token)
        self.loggers = [
            logging.getLogger(name)
            for name in list(logging.root.manager.loggerDict)
            if name.split(".")[0] in ("telegram", "httpx", "httpcore", "tornado")
        ]
        for logger in self.loggers:
            logger.addFilter(self.filter)

    def remove(self) -> None:
        for logger in self.loggers:
            logger.removeFilter(self.filter)


def _protect_logs(token: str) -> _LogGuard:
    """Keep message text and the token out of the logs.

    httpx logs every request URL (which contains the token) at INFO, and PTB logs whole
    updates and request parameters at DEBUG, so those loggers are kept above that.
    """
    for name, floor in (("httpx", logging.WARNING), ("httpcore", logging.WARNING)):
        if logging.getLogger(name).getEffectiveLevel() < floor:
            logging.getLogger(name).setLevel(floor)
    if logging.getLogger("telegram").getEffectiveLevel() < logging.INFO:
        logging.getLogger("telegram").setLevel(logging.INFO)
    return _LogGuard(token)
