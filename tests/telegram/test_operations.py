"""Start-up, flood control, concurrency, shutdown, logging hygiene and webhook mode."""

from __future__ import annotations

import asyncio
import logging
import socket

import aiohttp
import pytest

from analyzers import analyze_text
from bot.commands import COMMANDS
from bot.events import Incoming, Outbox
from responses import build, guide
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.telegram.conftest import (
    CLAUSE,
    Bot,
    analysis_id,
    expected,
    make_config,
    running_bot,
    shown,
)


async def test_commands_are_registered_at_start(bot: Bot) -> None:
    await bot.api.wait_for(lambda: bot.api.called("getUpdates"))
    assert bot.api.commands == [
        {"command": spec.name, "description": spec.description} for spec in COMMANDS
    ]
    methods = [c.method for c in bot.api.calls]
    assert methods.index("setMyCommands") < methods.index("getUpdates")
    assert bot.api.called("getUpdates")[0].params["allowed_updates"] == [
        "message",
        "callback_query",
    ]


async def test_flood_control_is_waited_out_and_the_message_delivered(bot: Bot) -> None:
    api = bot.api
    api.fail_send_message = 1  # the next sendMessage gets 429, retry after 1 s
    member = api.user(401)
    chat = api.private_chat(member)
    api.post(chat, member, "/help")
    parts = expected(guide.help_reply())
    await api.wait_for(lambda: shown(bot, 401) == parts)

    sends = api.called("sendMessage")
    assert len(sends) == len(parts) + 1  # the refused attempt, then every part once
    assert sends[0].params["text"] == sends[1].params["text"]
    assert sends[1].at - sends[0].at >= api.retry_after


async def test_a_burst_of_twenty_members_is_answered(bot: Bot) -> None:
    api = bot.api
    members = [api.user(500 + n, f"Member {n}") for n in range(20)]
    posted = {m["id"]: api.post(api.private_chat(m), m, CLAUSE) for m in members}

    for user_id, message in posted.items():
        calls = await bot.replies(user_id, seconds=60)
        assert calls[0].params["reply_parameters"]["message_id"] == message["message_id"]
    for user_id in posted:
        reply = build.clause_reply(analyze_text(CLAUSE), analysis_id=analysis_id(bot, user_id))
        await bot.replies(user_id, len(expected(reply)))
        assert shown(bot, user_id) == expected(reply)


def hold_chat(bot: Bot, chat_id: int) -> tuple[asyncio.Event, asyncio.Event]:
    """Make the service take as long as the test wants for one chat (a long analysis)."""
    entered, release = asyncio.Event(), asyncio.Event()
    handle = bot.service.handle

    async def slow(incoming: Incoming, outbox: Outbox) -> None:
        if incoming.chat_id == str(chat_id):
            entered.set()
            await release.wait()
        await handle(incoming, outbox)

    bot.service.handle = slow  # type: ignore[method-assign]
    return entered, release


async def test_a_long_analysis_does_not_block_other_chats(bot: Bot) -> None:
    api = bot.api
    slow_member, quick_member = api.user(601), api.user(602)
    entered, release = hold_chat(bot, 601)
    api.post(api.private_chat(slow_member), slow_member, CLAUSE)
    await asyncio.wait_for(entered.wait(), 10)

    api.post(api.private_chat(quick_member), quick_member, "/help")
    await bot.replies(602, len(expected(guide.help_reply())))
    assert shown(bot, 601) == []

    release.set()
    await bot.replies(601)


async def test_shutdown_finishes_the_reply_in_flight(bot: Bot) -> None:
    api = bot.api
    member = api.user(603)
    entered, release = hold_chat(bot, 603)
    api.post(api.private_chat(member), member, "/help")
    await asyncio.wait_for(entered.wait(), 10)

    stopping = asyncio.create_task(bot.stop())
    await asyncio.sleep(0.3)
    assert not stopping.done()  # waiting for the reply being prepared
    release.set()
    await asyncio.wait_for(stopping, 20)
    assert shown(bot, 603) == expected(guide.help_reply())


async def test_token_and_member_content_never_reach_the_logs(
    api: FakeTelegramAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_name = "acme-confidential-offer.md"
    async with running_bot(api, make_config(api)) as bot:
        member = api.user(701)
        chat = api.private_chat(member)
        api.post(chat, member, CLAUSE)
        doc = api.add_file(CLAUSE.encode(), secret_name, "text/markdown")
        api.post(chat, member, "/analyze", document=doc)
        api.post(chat, member, "/noai")
        await bot.wait_handled(3)
        menu = next(
            m for m in bot.messages_to(701) if "noai:general" in dict(api.buttons(m)).values()
        )
        api.press(member, menu, "noai:general")
        await bot.wait_handled(4)

    logged = "\n".join(r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records)
    assert "telegram: receiving updates" in logged  # the run was logged at all
    assert api.token not in logged
    assert api.token.split(":")[1] not in logged
    assert CLAUSE[:30] not in logged
    assert secret_name not in logged and "acme-confidential" not in logged


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_checks_the_secret_token(api: FakeTelegramAPI) -> None:
    port, secret = free_port(), "s3cret-Token_for-tests"
    config = make_config(
        api,
        mode="webhook",
        webhook_url="https://bot.example.test/tg-hook",
        webhook_port=port,
        webhook_path="tg-hook",
        webhook_secret=secret,
    )
    async with running_bot(api, config) as bot:
        assert api.webhook["url"] == "https://bot.example.test/tg-hook"
        assert api.webhook["secret_token"] == secret
        assert not api.called("getUpdates")

        member = api.user(801)
        message = api.post(api.private_chat(member), member, "/help")
        update = {"update_id": 10_000, "message": message}
        url = f"http://127.0.0.1:{port}/tg-hook"
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 403
            await asyncio.sleep(0.2)
            assert not bot.handled
            good = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with http.post(url, json=update, headers=good) as response:
                assert response.status == 200
        await bot.replies(801, len(expected(guide.help_reply())))
        assert shown(bot, 801) == expected(guide.help_reply())
