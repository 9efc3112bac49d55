"""A small fake of the Telegram Bot API for offline end-to-end tests.

The real python-telegram-bot ``Application`` talks to it over HTTP on 127.0.0.1 (pass
``base_url`` / ``base_file_url``). It answers the methods ClauseScout uses the way the cloud
Bot API does (including its 400s for bad HTML, over-long text and big downloads), records
every request with its decoded parameters, and builds updates for tests to enqueue.

As on Telegram, a bot cannot write first: sending to a member's private chat fails with
403 until the member has opened it (``private_chat``, or ``open_link`` on a deep link).
``admins`` lists (chat id, user id) pairs ``getChatMember`` reports as administrators.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlparse

from aiohttp import web

TOKEN = "4242:TEST-TOKEN-never-logged"
BOT_ID = 4242
BOT_USERNAME = "ClauseScoutBot"
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the cloud Bot API's getFile limit
# Free-text parameters are kept as sent; every other value is JSON-decoded when it parses.
_TEXT_KEYS = {"text", "caption", "callback_query_id", "file_id", "url", "secret_token"}
_HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
              "a", "code", "pre", "blockquote", "tg-emoji"}  # fmt: skip
_BAD_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
_ENTITY = re.compile(r"(?P<cmd>^/[A-Za-z0-9_]+(?:@\w+)?)|(?P<mention>@\w{5,32})")


@dataclass
class Call:
    """One request the bot made: the method, its decoded parameters and uploaded files."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (filename, data)
    at: float = field(default_factory=time.monotonic)


class _TelegramHTML(HTMLParser):
    """Checks Telegram's HTML subset: known tags, balanced, no raw '<', '>' or '&'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.plain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            self.errors.append(f"unsupported start tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected end tag </{tag}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.errors.append("raw '<' or '>' in text")
        if _BAD_AMP.search(data):
            self.errors.append("raw '&' in text")
        self.plain.append(data)

    def handle_entityref(self, name: str) -> None:
        self.plain.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(name, "?"))

    def handle_charref(self, name: str) -> None:
        self.plain.append(chr(int(name[1:], 16) if name[:1] in "xX" else int(name)))


def telegram_html_errors(text: str) -> list[str]:
    """Why Telegram would reject ``text`` in parse_mode HTML (empty list: it is valid)."""
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    return parser.errors + [f"unclosed <{tag}>" for tag in parser.stack]


def html_to_plain(text: str) -> str:
    """The text a member sees for an HTML message (tags dropped, entities decoded)."""
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    return "".join(parser.plain)


def _entities(text: str) -> list[dict[str, Any]]:
    """bot_command / mention entities as Telegram computes them (UTF-16 offsets)."""

    def u16(s: str) -> int:
        return len(s.encode("utf-16-le")) // 2

    return [
        {
            "type": "bot_command" if m["cmd"] else "mention",
            "offset": u16(text[: m.start()]),
            "length": u16(m.group()),
        }
        for m in _ENTITY.finditer(text)
    ]


class ApiError(Exception):
    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


class FakeTelegramAPI:
    """The fake server. ``async with FakeTelegramAPI() as api:`` starts it on a free port."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.me = {
            **self.user(BOT_ID, "ClauseScout", BOT_USERNAME),
            "is_bot": True,
            "can_join_groups": True,
            "can_read_all_group_messages": False,  # privacy mode, as on a fresh bot
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        self.downloads: list[str] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat id, message id)
        self.commands: list[dict[str, str]] = []
        self.webhook: dict[str, Any] = {}
        self.confirmed = 0  # the bot has received every update below this id
        self.fail_send_message = 0  # answer this many sendMessage calls with 429
        self.admins: set[tuple[int, int]] = set()  # (chat id, user id) of group admins
        self.retry_after = 1
        self._updates: list[dict[str, Any]] = []
        self._files: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._waiters: set[asyncio.Future[None]] = set()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- server lifecycle ------------------------------------------------------------------
    async def __aenter__(self) -> FakeTelegramAPI:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        self._notify()  # wakes a pending long poll so shutdown is instant
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- what the bot did --------------------------------------------------------------------
    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def all_delivered(self) -> bool:
        """True once the bot has fetched (and confirmed) every enqueued update."""
        return all(u["update_id"] < self.confirmed for u in self._updates)

    async def wait_for(self, check: Callable[[], Any], seconds: float = 20.0) -> Any:
        """Wait until ``check()`` is truthy (re-checked after every request); return it."""
        async with asyncio.timeout(seconds):
            while not (result := check()):
                await self._next_change(seconds)
            return result

    def _notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def _next_change(self, seconds: float) -> None:
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await waiter

    # -- building updates --------------------------------------------------------------------
    @staticmethod
    def user(user_id: int, first_name: str = "Ada", username: str | None = None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        return user | ({"username": username} if username else {})

    def private_chat(self, user: dict[str, Any]) -> dict[str, Any]:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self._chats[chat["id"]] = chat
        return chat

    def group_chat(self, chat_id: int, title: str = "Freelancers", forum: bool = False) -> dict:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        chat |= {"is_forum": True} if forum else {}
        self._chats[chat_id] = chat
        return chat

    def forum_topic(self, chat: dict[str, Any], name: str = "Contracts") -> dict[str, Any]:
        """Create a topic; its id is the id of this service message, as on Telegram."""
        topic = self._message(chat, self.me, forum_topic_created={"name": name, "icon_color": 0})
        topic |= {"message_thread_id": topic["message_id"], "is_topic_message": True}
        return topic

    def add_file(self, data: bytes, name: str, mime: str, size: int | None = None) -> dict:
        """Store a document the bot can fetch; ``size`` can claim more bytes than ``data``."""
        n = next(self._ids)
        doc = {
            "file_id": f"doc-{n}",
            "file_unique_id": f"u{n}",
            "file_name": name,
            "mime_type": mime,
            "file_size": len(data) if size is None else size,
        }
        self._files[doc["file_id"]] = (doc, data)
        return doc

    def add_photo(self, data: bytes, width: int = 1280, height: int = 1707) -> list[dict]:
        """Store a photo as Telegram does: a list of PhotoSize, smallest first (a thumbnail
        of the same bytes here), for ``post(..., photo=...)``; the last is the largest."""
        sizes = []
        for scale in (0.25, 1.0):
            n = next(self._ids)
            size = {
                "file_id": f"photo-{n}",
                "file_unique_id": f"p{n}",
                "file_size": len(data),
                "width": round(width * scale),
                "height": round(height * scale),
            }
            self._files[size["file_id"]] = (size | {"photo": True}, data)
            sizes.append(size)
        return sizes

    def post(
        self,
        chat: dict[str, Any],
        sender: dict[str, Any],
        text: str | None = None,
        *,
        document: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
        topic: dict[str, Any] | None = None,
        quote: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A member posts a message (text, or a document with ``text`` as its caption).

        ``fields`` are further Message fields as the Bot API names them (``photo``, ...).
        """
        extra: dict[str, Any] = dict(fields)
        if text is not None:
            media = document or fields.get("photo")
            extra["caption" if media else "text"] = text
            if ents := _entities(text):
                extra["caption_entities" if media else "entities"] = ents
        if document:
            extra["document"] = document
        if topic:  # in a topic, a message without an explicit reply replies to the topic root
            extra |= {"message_thread_id": topic["message_thread_id"], "is_topic_message": True}
            reply_to = reply_to or topic
        if reply_to:
            extra["reply_to_message"] = _shallow(reply_to)
        if quote:
            extra["quote"] = {"text": quote, "position": 0}
        message = self._message(chat, sender, **extra)
        self._enqueue({"message": message})
        return message

    def press(self, sender: dict[str, Any], message: dict[str, Any], data: str) -> str:
        """A member presses an inline button under ``message``; returns the query id."""
        query_id = f"cbq-{next(self._ids)}"
        query = {"id": query_id, "from": sender, "message": message, "chat_instance": "ci-1"}
        self._enqueue({"callback_query": query | {"data": data}})
        return query_id

    def buttons(self, message: dict[str, Any]) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button on a message the bot sent."""
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def links(self, message: dict[str, Any]) -> list[tuple[str, str]]:
        """(label, url) of every link button on a message the bot sent."""
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        return [(b["text"], b["url"]) for row in rows for b in row if "url" in b]

    def open_link(self, user: dict[str, Any], url: str) -> dict[str, Any]:
        """The member opens a t.me deep link and presses Start: Telegram opens the private
        chat and sends "/start <parameter>" from the member."""
        parsed = urlparse(url)
        if parsed.netloc != "t.me" or parsed.path.strip("/") != self.me["username"]:
            raise AssertionError(f"not a deep link to this bot: {url}")
        (parameter,) = parse_qs(parsed.query)["start"]
        return self.post(self.private_chat(user), user, f"/start {parameter}")

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for (c, _), m in self.messages.items() if c == chat_id and m["from"]["is_bot"]]

    def _message(self, chat: dict, sender: dict, **extra: Any) -> dict[str, Any]:
        msg = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat}
        msg |= {"from": sender, **extra}
        self.messages[chat["id"], msg["message_id"]] = msg
        return msg

    def _enqueue(self, update: dict[str, Any]) -> None:
        self._updates.append({"update_id": next(self._ids), **update})
        self._notify()

    # -- HTTP ------------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = request.match_info["method"]
        params, files = await _read_params(request)
        self.calls.append(Call(method, params, files))
        self._notify()
        handler = getattr(self, f"_m_{method}", None)
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params, files)
        except ApiError as exc:
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return _json(body, exc.code)
        return _json({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        self.downloads.append(path)
        self._notify()
        for doc, data in self._files.values():
            if doc.get("file_path") == path:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.Response(status=404)

    # -- methods ---------------------------------------------------------------------------------
    async def _m_getMe(self, p: dict, f: dict) -> dict:
        return self.me

    async def _m_getUpdates(self, p: dict, f: dict) -> list[dict]:
        offset = int(p.get("offset", 0))
        self.confirmed = max(self.confirmed, offset)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]  # confirmed
        deadline = time.monotonic() + float(p.get("timeout", 0))
        while not self._updates and not self._closing and time.monotonic() < deadline:
            await self._next_change(deadline - time.monotonic())
        return self._updates[: int(p.get("limit", 100))]

    async def _m_deleteWebhook(self, p: dict, f: dict) -> bool:
        self.webhook = {}
        return True

    async def _m_setWebhook(self, p: dict, f: dict) -> bool:
        self.webhook = p
        return True

    async def _m_setMyCommands(self, p: dict, f: dict) -> bool:
        for c in p["commands"]:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c["command"]) or not (
                3 <= len(c["description"]) <= 256
            ):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands = p["commands"]
        return True

    async def _m_getMyCommands(self, p: dict, f: dict) -> list[dict]:
        return self.commands

    async def _m_sendChatAction(self, p: dict, f: dict) -> bool:
        return True

    async def _m_answerCallbackQuery(self, p: dict, f: dict) -> bool:
        return True

    async def _m_deleteMessage(self, p: dict, f: dict) -> bool:
        if self.messages.pop((p["chat_id"], p["message_id"]), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _m_getChatMember(self, p: dict, f: dict) -> dict:
        chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
        user = self.user(user_id)
        if (chat_id, user_id) not in self.admins:
            return {"status": "member", "user": user}
        rights = ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                  "can_manage_video_chats", "can_restrict_members", "can_promote_members",
                  "can_change_info", "can_invite_users", "can_post_stories",
                  "can_edit_stories", "can_delete_stories")  # fmt: skip
        return {"status": "administrator", "user": user, **dict.fromkeys(rights, False)}

    async def _m_getFile(self, p: dict, f: dict) -> dict:
        if p["file_id"] not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        doc, _ = self._files[p["file_id"]]
        if doc["file_size"] > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        folder, suffix = ("photos", ".jpg") if doc.get("photo") else ("documents", "")
        doc["file_path"] = f"{folder}/file_{doc['file_unique_id']}{suffix}"
        keys = ("file_id", "file_unique_id", "file_size", "file_path")
        return {k: doc[k] for k in keys}

    async def _m_sendMessage(self, p: dict, f: dict) -> dict:
        if self.fail_send_message > 0:
            self.fail_send_message -= 1
            wait = self.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        text = self._check_text(p.get("text", ""), p)
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._bot_message(p, text=text)

    async def _m_editMessageText(self, p: dict, f: dict) -> dict:
        message = self.messages.get((p["chat_id"], p["message_id"]))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        message["text"] = self._check_text(p["text"], p)
        if len(message["text"]) > 4096:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        if markup := p.get("reply_markup"):
            for button in (b for row in markup["inline_keyboard"] for b in row):
                if len(button.get("callback_data", "").encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return message

    async def _m_sendDocument(self, p: dict, f: dict) -> dict:
        if "document" not in f:
            raise ApiError(400, "Bad Request: there is no document in the request")
        name, data = f["document"]
        doc = self.add_file(data, name, "application/octet-stream")
        caption = {"caption": self._check_text(p["caption"], p)} if p.get("caption") else {}
        return self._bot_message(p, document=doc, **caption)

    def _check_text(self, text: str, p: dict) -> str:
        if p.get("parse_mode") == "HTML":
            if errors := telegram_html_errors(text):
                raise ApiError(400, f"Bad Request: can't parse entities: {errors[0]}")
            return html_to_plain(text)
        return text

    def _bot_message(self, p: dict, **content: Any) -> dict[str, Any]:
        chat_id = p["chat_id"]
        if chat_id not in self._chats and chat_id > 0:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        chat = self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "X"}
        extra: dict[str, Any] = dict(content)
        if "message_thread_id" in p:
            extra |= {"message_thread_id": p["message_thread_id"], "is_topic_message": True}
        if reply := p.get("reply_parameters"):
            target = self.messages.get((chat_id, reply["message_id"]))
            if target is not None:
                extra["reply_to_message"] = _shallow(target)
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        if markup := p.get("reply_markup"):
            for button in (b for row in markup["inline_keyboard"] for b in row):
                if len(button.get("callback_data", "").encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            extra["reply_markup"] = markup
        return self._message(chat, self.me, **extra)


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """PTB sends form data (multipart with files); nested objects arrive as JSON strings."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        return raw | await request.json(), files
    if request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename, value.file.read())
            else:
                raw[key] = value
    params: dict[str, Any] = {}
    for key, value in raw.items():
        params[key] = value
        if key not in _TEXT_KEYS and isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params, files


def _json(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, content_type="application/json")


def _shallow(message: dict[str, Any]) -> dict[str, Any]:
    """A message as nested in ``reply_to_message`` (Telegram does not nest replies further)."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}
