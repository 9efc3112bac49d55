"""Running the Discord bot: command sync, privacy of logs, clean shutdown."""

from __future__ import annotations

import asyncio
import logging

from bot.adapters.discord_adapter import (
    CONTEXT_MENU,
    REQUIRED_PERMISSIONS,
    invite_url,
    sync_commands,
)
from tests.discord.conftest import AI_CLAUSE


async def test_cli_sync_registers_every_command_globally(fake, make_config, point_at_fake):
    count = await asyncio.to_thread(sync_commands, make_config())

    (put,) = fake.requests_to("PUT", f"/applications/{fake.app_id}/commands")
    names = {c["name"]: c for c in put.body}
    assert count == len(put.body) == len(fake.commands)
    assert {"check", "analyze", "noai", "privacy", "history", "forget", "help"} <= set(names)
    assert names[CONTEXT_MENU]["type"] == 3  # a message context menu
    assert all(len(c.get("description", "")) <= 100 for c in put.body)
    (file_option,) = names["analyze"]["options"]
    assert file_option["type"] == 11 and file_option["required"]
    (strength,) = names["noai"]["options"]
    assert not strength.get("required")
    assert len(strength["choices"]) >= 2
    assert not fake.requests_to("GET", "/gateway")  # sync only: no gateway connection


async def test_commands_are_not_synced_at_start(start_bot, fake):
    bot = await start_bot()
    await fake.dispatch("MESSAGE_CREATE", fake.message(fake.user("pat"), AI_CLAUSE, dm=True))
    await bot.settle()
    assert not fake.requests_to("PUT", "/applications/")


async def test_owner_can_sync_from_a_dm_and_others_cannot(start_bot, fake):
    bot = await start_bot()
    stranger = fake.message(fake.user("mallory"), "!sync", dm=True)
    await fake.dispatch("MESSAGE_CREATE", stranger)
    await bot.settle()
    assert not fake.requests_to("PUT", "/applications/")

    owner = fake.message(fake.owner, "!sync", dm=True)
    await fake.dispatch("MESSAGE_CREATE", owner)
    await bot.settle(posted=2)
    (put,) = fake.requests_to("PUT", f"/applications/{fake.app_id}/commands")
    answer = fake.posted[-1]
    assert answer.reply_to == owner["id"]
    assert str(len(put.body)) in answer.content


async def test_token_content_and_filenames_never_logged(start_bot, fake, contract_pdf, caplog):
    caplog.set_level(logging.DEBUG)
    bot = await start_bot()
    fake.rate_limit_next_posts(1, retry_after=0.05)  # discord.py logs the 429 it retries
    secret_name = "acme-secret-merger-contract.pdf"
    pdf = fake.attachment(secret_name, contract_pdf, content_type="application/pdf")
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message(fake.user("quinn"), "", dm=True, attachments=[pdf])
    )
    await fake.dispatch("MESSAGE_CREATE", fake.message(fake.user("rae"), AI_CLAUSE, dm=True))
    await bot.settle(posted=2)

    logged = caplog.text
    assert "rate limited" in logged  # the capture works: library warnings are in it
    assert fake.token not in logged
    assert "acme-secret-merger" not in logged
    assert "train, fine-tune" not in logged and "Deliverables" not in logged


async def test_reply_in_flight_is_finished_on_shutdown(start_bot, fake, contract_pdf):
    bot = await start_bot()
    fake.cdn_delay = 0.5  # the bot is still downloading when it is told to stop
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    message = fake.message(fake.user("sam"), "", dm=True, attachments=[pdf])
    await fake.dispatch("MESSAGE_CREATE", message)
    await fake.wait_for(lambda f: bool(f.requests_to("GET", "/cdn/")))
    assert not fake.posted
    await bot.stop()

    assert bot.task.done()
    assert fake.posted and all(p.channel_id == message["channel_id"] for p in fake.posted)
    assert fake.posted[0].reply_to == message["id"]


def test_invite_link_asks_for_exactly_the_documented_permissions():
    url = invite_url("4242")
    assert url.startswith("https://discord.com/oauth2/authorize?client_id=4242&")
    assert "scope=bot+applications.commands" in url
    documented = (
        "view_channel",
        "send_messages",
        "send_messages_in_threads",
        "create_public_threads",
        "read_message_history",
        "attach_files",
        "embed_links",
        "use_application_commands",
    )
    assert all(getattr(REQUIRED_PERMISSIONS, name) for name in documented)
    assert bin(REQUIRED_PERMISSIONS.value).count("1") == len(documented)  # and nothing else
    assert url.endswith(f"&permissions={REQUIRED_PERMISSIONS.value}")
