"""A local fake of Discord's gateway (websocket) and REST API, for end-to-end adapter tests.

A real discord.py client, with ``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` pointed
here by the test, logs in, connects and receives the events a test dispatches. Every REST
request is recorded, and every message the bot posts is kept as a ``Posted``, so tests assert
on what members would see. Payload shapes follow discord.py 2.7.1 (pinned in pyproject.toml).

Like Discord, the fake strips content and attachments from guild messages that do not mention
the bot unless the client identified with the message-content intent. Members have the
@everyone permissions (no Manage Server) unless listed in ``admins`` (a "Moderators" role
with Manage Server); DMs to members listed in ``dms_closed`` fail with 50007, as Discord
answers when a member's DMs are closed to the bot.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

MESSAGE_CONTENT_INTENT = 1 << 15
ADMINISTRATOR, MANAGE_GUILD = 1 << 3, 1 << 5
ALL_PERMISSIONS = 2147483647
MEMBER_PERMISSIONS = ALL_PERMISSIONS & ~(ADMINISTRATOR | MANAGE_GUILD)  # @everyone
CANNOT_MESSAGE_USER = 50007
TIMESTAMP = "2025-01-01T12:00:00.000000+00:00"
ATTACHMENT_SIZE_LIMIT = 25 * 1024 * 1024
Json = dict[str, Any]


@dataclass
class Request:
    """One REST or CDN request the fake received, and the status it answered."""

    method: str
    path: str  # "/channels/1/messages" for REST, "/cdn/attachments/..." for downloads
    query: dict[str, str]
    body: Any  # the JSON body, or the payload_json part of a multipart body
    files: list[tuple[str, bytes]]
    headers: dict[str, str]
    at: float  # event-loop time
    status: int = 200


@dataclass
class Posted:
    """A message the bot posted: in a channel or thread, or as an interaction response."""

    kind: str  # "channel", "followup", "original" (edit of an interaction response), "callback"
    channel_id: str | None
    payload: Json
    files: list[tuple[str, bytes]] = field(default_factory=list)
    message_id: str | None = None
    token: str | None = None  # interaction token for interaction responses

    @property
    def content(self) -> str:
        return self.payload.get("content") or ""

    @property
    def embeds(self) -> list[Json]:
        return self.payload.get("embeds") or []

    @property
    def reply_to(self) -> str | None:
        """The id of the message this one replies to, if any."""
        reference = self.payload.get("message_reference")
        return str(reference["message_id"]) if reference else None

    @property
    def ephemeral(self) -> bool:
        return bool((self.payload.get("flags") or 0) & 64)

    def components(self) -> list[Json]:
        """Buttons and selects, flattened out of their action rows."""
        return [c for row in self.payload.get("components") or [] for c in row["components"]]

    def text(self) -> str:
        """Everything a member reads in this message (content and embed text)."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
            parts.append((embed.get("footer") or {}).get("text") or "")
        return "\n".join(p for p in parts if p)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py parses a body only when the content-type is exactly application/json (no charset).
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class FakeDiscord:
    """The fake server: start it, point discord.py at ``api_base`` / ``gateway_url``, dispatch."""

    def __init__(self, *, token: str = "fake-bot-token") -> None:
        self.token = token
        self._ids = itertools.count(1_300_000_000_000_000_000)
        self.bot = self.user("ClauseScout", bot=True)
        self.app_id = self.new_id()
        self.owner = self.user("owner")
        self.guild_id = self.new_id()
        self.channel_id = self.new_id()
        self.requests: list[Request] = []
        self.posted: list[Posted] = []
        self.threads: dict[str, Json] = {}
        self.commands: list[Json] = []
        self.dispatched_at: dict[str, float] = {}  # interaction id -> loop time of dispatch
        self.identify: Json | None = None
        self.thread_forbidden = False
        self.admins: set[str] = set()  # user ids with the Manage Server permission
        self.dms_closed: set[str] = set()  # user ids whose DMs refuse the bot (50007)
        self.admin_role_id = self.new_id()
        self.cdn_delay = 0.0  # seconds the CDN takes to answer (a download in flight)
        self.wait_timeout = 20.0  # seconds ``wait_for`` waits before failing the test
        self._rate_limited_posts = 0
        self._retry_after = 0.0
        self._cdn: dict[str, bytes] = {}
        self._dm_channels: dict[str, str] = {}
        self._seq = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._changed = asyncio.Condition()
        self.connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/attachments/{channel}/{attachment}/{filename}", self._cdn_get)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- switches -------------------------------------------------------------------------

    def rate_limit_next_posts(self, count: int, retry_after: float = 0.3) -> None:
        """Answer the next ``count`` channel message posts with 429 (as Discord does)."""
        self._rate_limited_posts, self._retry_after = count, retry_after

    # -- payload builders -----------------------------------------------------------------

    def new_id(self) -> str:
        return str(next(self._ids))

    def user(self, name: str, *, bot: bool = False) -> Json:
        return {
            "id": self.new_id(),
            "username": name,
            "global_name": name,
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
        }

    def _member(self, user: Json) -> Json:
        admin = user["id"] in self.admins or user["id"] == self.owner["id"]
        permissions = ALL_PERMISSIONS if admin else MEMBER_PERMISSIONS
        roles = [self.admin_role_id] if user["id"] in self.admins else []
        return {"user": user, "roles": roles, "joined_at": TIMESTAMP, "deaf": False,
                "mute": False, "flags": 0, "permissions": str(permissions)}  # fmt: skip

    def attachment(
        self,
        filename: str,
        data: bytes,
        *,
        content_type: str | None = None,
        size: int | None = None,
        dimensions: tuple[int, int] | None = None,
    ) -> Json:
        """An attachment whose bytes the fake CDN serves; ``size`` may overstate the bytes.
        ``dimensions`` (width, height) mark a picture, as Discord sends them for images."""
        attachment_id = self.new_id()
        self._cdn[attachment_id] = data
        url = f"http://127.0.0.1:{self.port}/cdn/attachments/{self.channel_id}"
        url += f"/{attachment_id}/{filename}"
        size = len(data) if size is None else size
        found = {"id": attachment_id, "filename": filename, "size": size, "url": url,
                 "proxy_url": url, "content_type": content_type}  # fmt: skip
        if dimensions is not None:
            found |= {"width": dimensions[0], "height": dimensions[1]}
        return found

    def dm_channel_id(self, user: Json) -> str:
        return self._dm_channels.setdefault(user["id"], self.new_id())

    def message(
        self,
        author: Json,
        content: str = "",
        *,
        dm: bool = False,
        mention: bool = False,
        attachments: Iterable[Json] = (),
        reply_to: Posted | Json | None = None,
    ) -> Json:
        """A MESSAGE_CREATE payload from a member (in the guild's text channel unless ``dm``)."""
        if mention:
            content = f"<@{self.bot['id']}> {content}".rstrip()
        data: Json = {
            "id": self.new_id(), "type": 0, "author": author, "content": content,
            "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [self.bot] if mention else [],
            "mention_roles": [], "attachments": list(attachments), "embeds": [],
            "components": [], "pinned": False, "flags": 0,
        }  # fmt: skip
        if dm:
            data["channel_id"] = self.dm_channel_id(author)
        else:
            data.update(channel_id=self.channel_id, guild_id=self.guild_id)
            data["member"] = {k: v for k, v in self._member(author).items() if k != "user"}
        if reply_to is not None:
            target = self._bot_message(reply_to) if isinstance(reply_to, Posted) else reply_to
            data["type"] = 19
            data["message_reference"] = {
                "message_id": target["id"],
                "channel_id": target["channel_id"],
            }
            data["referenced_message"] = target
        return data

    def _bot_message(self, posted: Posted) -> Json:
        return self._message_out(posted.channel_id or self.channel_id, posted.payload, [],
                                 message_id=posted.message_id)  # fmt: skip

    def interaction(
        self, user: Json, itype: int, data: Json, *, dm: bool = False, message: Json | None = None
    ) -> Json:
        """An INTERACTION_CREATE payload (2 = application command, 3 = component)."""
        payload: Json = {
            "id": self.new_id(), "application_id": self.app_id, "type": itype, "data": data,
            "token": f"itoken-{self.new_id()}", "version": 1, "locale": "en-US",
            "app_permissions": "2147483647", "entitlements": [],
            "authorizing_integration_owners": {"0": self.guild_id},
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT, "context": 1 if dm else 0,
        }  # fmt: skip
        if dm:
            channel_id = self.dm_channel_id(user)
            payload.update(channel_id=channel_id, user=user)
            payload["channel"] = {"id": channel_id, "type": 1, "recipients": [user]}
        else:
            payload.update(
                channel_id=self.channel_id, guild_id=self.guild_id, member=self._member(user)
            )
            payload["channel"] = {"id": self.channel_id, "type": 0, "guild_id": self.guild_id,
                                  "name": "contracts", "position": 0,
                                  "permission_overwrites": []}  # fmt: skip
        if message is not None:
            payload["message"] = message
        return payload

    def slash(
        self,
        user: Json,
        name: str,
        *,
        options: Json | None = None,
        attachment: Json | None = None,
        dm: bool = False,
    ) -> Json:
        """A slash command: string options by name; ``attachment`` fills the ``file`` option."""
        opts = [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()]
        data: Json = {"id": self._command_id(name), "name": name, "type": 1}
        if attachment is not None:
            opts.append({"name": "file", "type": 11, "value": attachment["id"]})
            data["resolved"] = {"attachments": {attachment["id"]: attachment}}
        data["options"] = opts
        return self.interaction(user, 2, data, dm=dm)

    def context_menu(self, user: Json, name: str, target: Json) -> Json:
        data = {"id": self._command_id(name), "name": name, "type": 3, "target_id": target["id"],
                "resolved": {"messages": {target["id"]: target}}}  # fmt: skip
        return self.interaction(user, 2, data)

    def press(
        self, user: Json, posted: Posted, custom_id: str, *, values: list[str] | None = None
    ) -> Json:
        """A button press (with ``values``: a select-menu choice) on a message the bot posted."""
        data: Json = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data.update(component_type=3, values=values)
        dm = posted.channel_id is not None and posted.channel_id in self._dm_channels.values()
        return self.interaction(user, 3, data, dm=dm, message=self._bot_message(posted))

    def _command_id(self, name: str) -> str:
        for command in self.commands:
            if command["name"] == name:
                return command["id"]
        return self.new_id()

    # -- dispatching ----------------------------------------------------------------------

    async def dispatch(self, event: str, data: Json) -> None:
        await self.connected.wait()
        assert self._ws is not None
        if event == "MESSAGE_CREATE":
            data = self._apply_intents(data)
        elif event == "INTERACTION_CREATE":
            self.dispatched_at[data["id"]] = asyncio.get_running_loop().time()
        await self._send({"op": 0, "t": event, "s": next(self._seq), "d": data})

    def _apply_intents(self, data: Json) -> Json:
        intents = (self.identify or {}).get("intents", 0)
        mentioned = any(u["id"] == self.bot["id"] for u in data.get("mentions", []))
        by_bot = data["author"]["id"] == self.bot["id"]
        if "guild_id" not in data or mentioned or by_bot or intents & MESSAGE_CONTENT_INTENT:
            visible = data
        else:
            visible = {**data, "content": "", "attachments": [], "embeds": [], "components": []}
        if data.get("referenced_message"):
            visible = {
                **visible,
                "referenced_message": self._apply_intents(data["referenced_message"]),
            }
        return visible

    async def _send(self, payload: Json) -> None:
        assert self._ws is not None
        await self._ws.send_str(json.dumps(payload))

    # -- waiting and inspecting -----------------------------------------------------------

    async def wait_for(self, predicate: Callable[[FakeDiscord], bool]) -> None:
        """Wait until ``predicate(self)`` holds (re-checked after every request)."""
        async with asyncio.timeout(self.wait_timeout), self._changed:
            await self._changed.wait_for(lambda: predicate(self))

    async def wait_posted(
        self, count: int = 1, *, where: Callable[[Posted], bool] = lambda p: True
    ) -> list[Posted]:
        await self.wait_for(lambda f: len([p for p in f.posted if where(p)]) >= count)
        return [p for p in self.posted if where(p)]

    def requests_to(self, method: str, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    async def _record(self, request: Request, posted: Posted | None = None) -> None:
        async with self._changed:
            self.requests.append(request)
            if posted is not None:
                self.posted.append(posted)
            self._changed.notify_all()

    # -- gateway --------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await self._send({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:
                await self._send({"op": 11})
            elif frame["op"] == 2:
                self.identify = frame["d"]
                await self._ready()
        return ws

    async def _ready(self) -> None:
        ready = {
            "v": 10, "user": self.bot, "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "guilds": [{"id": self.guild_id, "unavailable": True}],
            "application": {"id": self.app_id, "flags": 0},
        }  # fmt: skip
        await self._send({"op": 0, "t": "READY", "s": next(self._seq), "d": ready})
        await self._send({"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": self._guild()})
        self.connected.set()

    def _guild(self) -> Json:
        everyone = {"id": self.guild_id, "name": "@everyone",
                    "permissions": str(MEMBER_PERMISSIONS), "position": 0, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False,
                    "flags": 0}  # fmt: skip
        moderators = {**everyone, "id": self.admin_role_id, "name": "Moderators",
                      "permissions": str(MEMBER_PERMISSIONS | MANAGE_GUILD),
                      "position": 1}  # fmt: skip
        channel = {"id": self.channel_id, "type": 0, "name": "contracts", "position": 0,
                   "guild_id": self.guild_id, "permission_overwrites": [], "nsfw": False,
                   "parent_id": None, "topic": None, "last_message_id": None,
                   "rate_limit_per_user": 0}  # fmt: skip
        return {
            "id": self.guild_id, "name": "Freelancers", "owner_id": self.owner["id"],
            "unavailable": False, "large": False, "member_count": 2, "features": [],
            "emojis": [], "stickers": [], "roles": [everyone, moderators], "channels": [channel],
            "threads": [], "members": [self._member(self.bot), self._member(self.owner)],
            "voice_states": [], "presences": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [], "premium_tier": 0,
            "preferred_locale": "en-US", "system_channel_flags": 0, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
            "nsfw_level": 0, "afk_timeout": 300, "joined_at": TIMESTAMP,
        }  # fmt: skip

    # -- REST -----------------------------------------------------------------------------

    async def _cdn_get(self, request: web.Request) -> web.Response:
        data = self._cdn.get(request.match_info["attachment"])
        status = 200 if data is not None else 404
        await self._record(self._request(request, None, [], status))
        await asyncio.sleep(self.cdn_delay)
        return web.Response(
            status=status, body=data or b"", content_type="application/octet-stream"
        )

    def _request(self, request: web.Request, body: Any, files: list, status: int) -> Request:
        loop_time = asyncio.get_running_loop().time()
        path = request.path.removeprefix("/api/v10")  # REST paths as in Discord's docs
        return Request(request.method, path, dict(request.query), body, files,
                       dict(request.headers), loop_time, status)  # fmt: skip

    async def _read_body(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if request.content_type == "multipart/form-data":
            form = await request.post()
            files = [(v.filename, v.file.read()) for k, v in form.items() if k.startswith("files[")]
            return json.loads(str(form.get("payload_json") or "null")), files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    async def _rest(self, request: web.Request) -> web.Response:
        body, files = await self._read_body(request)
        parts = request.match_info["path"].split("/")
        status, result, posted, headers = self._route(request.method, parts, body, files)
        await self._record(self._request(request, body, files, status), posted)
        if status == 204:
            return web.Response(status=204)
        return _json(result, status, headers)

    def _route(
        self, method: str, parts: list[str], body: Any, files: list[tuple[str, bytes]]
    ) -> tuple[int, Any, Posted | None, dict[str, str] | None]:
        """(status, JSON answer, the message posted if any, extra headers) for one request."""
        match method, parts:
            case "GET", ["users", "@me"]:
                return 200, self.bot, None, None
            case "GET", ["oauth2", "applications", "@me"]:
                return 200, self._application(), None, None
            case "GET", ["gateway"] | ["gateway", "bot"]:
                limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
                gateway = {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}
                return 200, gateway, None, None
            case "PUT", ["applications", _, "commands"]:
                # Discord answers with the commands plus ids (context menus get "" descriptions).
                self.commands = [
                    {"description": "", "default_member_permissions": None, **c,
                     "application_id": self.app_id, "id": self._command_id(c["name"]),
                     "version": self.new_id()}
                    for c in body
                ]  # fmt: skip
                return 200, self.commands, None, None
            case "GET", ["applications", _, "commands"]:
                return 200, self.commands, None, None
            case "POST", ["users", "@me", "channels"]:
                recipient_id = str(body["recipient_id"])  # discord.py sends it as a number
                recipient = {**self.owner, "id": recipient_id}
                channel_id = self._dm_channels.setdefault(recipient_id, self.new_id())
                channel = {"id": channel_id, "type": 1, "recipients": [recipient],
                           "last_message_id": None}  # fmt: skip
                return 200, channel, None, None
            case "POST", ["channels", channel_id, "typing"]:
                return 204, None, None, None
            case "POST", ["channels", channel_id, "messages", message_id, "threads"]:
                if self.thread_forbidden:
                    return 403, {"message": "Missing Permissions", "code": 50013}, None, None
                return 200, self._create_thread(channel_id, message_id, body), None, None
            case "POST", ["channels", channel_id, "messages"] if self._dm_refused(channel_id):
                refused = {"message": "Cannot send messages to this user",
                           "code": CANNOT_MESSAGE_USER}  # fmt: skip
                return 403, refused, None, None
            case "POST", ["channels", channel_id, "messages"]:
                if self._rate_limited_posts > 0:
                    self._rate_limited_posts -= 1
                    limited = {"message": "You are being rate limited.",
                               "retry_after": self._retry_after, "global": False}  # fmt: skip
                    return 429, limited, None, {"Via": "1.1 google", "Retry-After": "1"}
                message = self._message_out(channel_id, body, files)
                posted = Posted("channel", channel_id, body, files, message["id"])
                return 200, message, posted, None
            case "POST", ["interactions", interaction_id, token, "callback"]:
                answer = self._callback(interaction_id, body)
                return 200, answer, self._callback_posted(token, body, files), None
            case "POST", ["webhooks", _, token]:
                message = self._message_out(None, body, files)
                posted = Posted("followup", None, body, files, message["id"], token)
                return 200, message, posted, None
            case "PATCH", ["webhooks", _, token, "messages", "@original"]:
                message = self._message_out(None, body, files)
                posted = Posted("original", None, body, files, message["id"], token)
                return 200, message, posted, None
            case "DELETE", ["webhooks", _, token, "messages", "@original"]:
                return 204, None, None, None
        return 404, {"message": "404: Not Found", "code": 0}, None, None

    def _dm_refused(self, channel_id: str) -> bool:
        return any(self._dm_channels.get(user) == channel_id for user in self.dms_closed)

    def dms_to(self, user: Json) -> list[Posted]:
        """What the bot posted in its DM channel with ``user``."""
        channel = self._dm_channels.get(user["id"])
        return [p for p in self.posted if channel is not None and p.channel_id == channel]

    def _application(self) -> Json:
        return {"id": self.app_id, "name": "ClauseScout", "description": "", "icon": None,
                "bot_public": True, "bot_require_code_grant": False, "owner": self.owner,
                "verify_key": "0" * 64, "flags": 0, "team": None, "summary": "",
                "interactions_endpoint_url": None, "bot": self.bot}  # fmt: skip

    def _create_thread(self, channel_id: str, message_id: str, body: Json) -> Json:
        thread = {
            "id": self.new_id(), "guild_id": self.guild_id, "parent_id": channel_id,
            "owner_id": self.bot["id"], "name": body["name"], "type": 11, "message_count": 0,
            "member_count": 1, "rate_limit_per_user": 0, "flags": 0, "last_message_id": None,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                "archive_timestamp": TIMESTAMP, "locked": False},
            "starter_message_id": message_id,
        }  # fmt: skip
        self.threads[thread["id"]] = thread
        return thread

    def _message_out(
        self,
        channel_id: str | None,
        body: Json | None,
        files: list[tuple[str, bytes]],
        *,
        message_id: str | None = None,
    ) -> Json:
        body = body or {}
        attachments = [self.attachment(name, data) for name, data in files]
        message = {
            "id": message_id or self.new_id(), "channel_id": channel_id or self.channel_id,
            "type": 19 if body.get("message_reference") else 0, "author": self.bot,
            "content": body.get("content") or "", "embeds": body.get("embeds") or [],
            "components": body.get("components") or [], "attachments": attachments,
            "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "pinned": False,
            "flags": body.get("flags") or 0,
        }  # fmt: skip
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        if channel_id is not None and channel_id not in self._dm_channels.values():
            message["guild_id"] = self.guild_id
        return message

    def _callback(self, interaction_id: str, body: Json) -> Json:
        data = body.get("data") or {}
        answer: Json = {"interaction": {
            "id": interaction_id, "type": body["type"],
            "response_message_loading": body["type"] == 5,
            "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
        }}  # fmt: skip
        if body["type"] in (4, 5):
            message = self._message_out(None, data, [])
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"] = {"type": body["type"], "message": message}
        return answer

    def _callback_posted(
        self, token: str, body: Json, files: list[tuple[str, bytes]]
    ) -> Posted | None:
        if body["type"] != 4:  # only type 4 carries a message; deferrals are requests only
            return None
        return Posted("callback", None, body.get("data") or {}, files, None, token)
