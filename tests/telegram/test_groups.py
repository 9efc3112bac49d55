"""Groups, supergroups and forum topics: what the bot answers, where, and what it ignores."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analyzers import analyze_text
from analyzers.errors import FileTooLarge
from bot.config import CommunityConfig, RateLimitConfig
from responses import build, guide, status
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.telegram.conftest import (
    CLAUSE,
    Bot,
    analysis_id,
    assert_valid_messages,
    expected,
    make_config,
    running_bot,
    shown,
)

GROUP = -1001234567890
CHATTER = "Got this from a new client today, they want the logo by Friday. "


async def test_reply_question_in_a_forum_topic_checks_the_replied_message(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP, forum=True)
    topic = api.forum_topic(chat, "Contracts")
    alice, bob = api.user(201, "Alice"), api.user(202, "Bob")
    shared = api.post(chat, alice, CLAUSE, topic=topic)
    asked = api.post(
        chat, bob, "@ClauseScoutBot is this clause risky?", topic=topic, reply_to=shared
    )

    calls = await bot.replies(GROUP, len(expected(build.clause_reply(analyze_text(CLAUSE)))))
    reply = build.clause_reply(analyze_text(CLAUSE), analysis_id=analysis_id(bot, GROUP))
    assert shown(bot, GROUP) == expected(reply)
    assert_valid_messages(calls)
    # Same topic, threaded on Bob's question; Alice's own post got no answer.
    assert {c.params["message_thread_id"] for c in calls} == {topic["message_thread_id"]}
    assert calls[0].params["reply_parameters"]["message_id"] == asked["message_id"]
    await bot.quiesce()
    assert len(api.called("sendMessage")) == len(calls)
    assert [i.reply_to_text for i in bot.handled if i.addressed] == [CLAUSE]


async def test_a_quote_narrows_the_check_to_the_quoted_part(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP)
    alice, bob = api.user(201, "Alice"), api.user(202, "Bob")
    whole = CHATTER + CLAUSE + " Payment is due within 90 days of invoice."
    assert expected(build.clause_reply(analyze_text(whole))) != expected(
        build.clause_reply(analyze_text(CLAUSE))
    )
    shared = api.post(chat, alice, whole)
    api.post(chat, bob, "@ClauseScoutBot is this fair?", reply_to=shared, quote=CLAUSE)

    await bot.replies(GROUP)
    reply = build.clause_reply(analyze_text(CLAUSE), analysis_id=analysis_id(bot, GROUP))
    await bot.replies(GROUP, len(expected(reply)))
    assert shown(bot, GROUP) == expected(reply)


async def test_group_chatter_is_ignored_even_in_a_topic_the_bot_created(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP, forum=True)
    topic = api.forum_topic(chat, "Contracts")  # created by the bot: its root is a bot message
    member = api.user(203)
    api.post(chat, member, "Anyone free for a coffee on Friday?", topic=topic)
    api.post(chat, member, CLAUSE)  # contract wording, but not addressed to the bot
    await bot.quiesce()
    assert len(bot.handled) == 2 and not any(i.addressed for i in bot.handled)
    assert not api.called("sendMessage")


async def test_commands_for_other_bots_are_ignored_and_ours_are_answered(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP)
    member = api.user(204)
    api.post(chat, member, "/help@SomeOtherBot")
    ours = api.post(chat, member, "/help@ClauseScoutBot")
    calls = await bot.replies(GROUP, len(expected(guide.help_reply())))
    await bot.quiesce()

    assert shown(bot, GROUP) == expected(guide.help_reply())
    assert [i.text for i in bot.handled] == ["/help"]
    assert calls[0].params["reply_parameters"]["message_id"] == ours["message_id"]
    assert all("message_thread_id" not in c.params for c in calls)  # not a forum


async def test_a_reply_to_the_bot_is_addressed_to_it(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP)
    member = api.user(205)
    api.post(chat, member, "/start@ClauseScoutBot")
    await bot.replies(GROUP, len(expected(guide.start_reply())))
    bot_message = bot.messages_to(GROUP)[-1]

    api.post(chat, member, CLAUSE, reply_to=bot_message)
    await api.wait_for(lambda: any(a.startswith("fb:") for _, a in _actions(bot)))
    reply = build.clause_reply(analyze_text(CLAUSE), analysis_id=analysis_id(bot, GROUP))
    await bot.replies(GROUP, len(expected(guide.start_reply())) + len(expected(reply)))
    assert shown(bot, GROUP)[-len(expected(reply)) :] == expected(reply)
    # The bot's own words are not passed on as a clause to check.
    assert bot.handled[-1].reply_to_text is None and bot.handled[-1].addressed


@pytest.mark.parametrize("legacy", [False, True], ids=["default", "legacy-allow-list"])
async def test_contract_posted_in_a_group_without_asking_gets_only_the_nudge(
    api: FakeTelegramAPI, legacy: bool
) -> None:
    """Nobody asked: the file is never downloaded, whatever the group's mode (an old
    ``analyze_public_posts`` listing included)."""
    config = make_config(api, bot={"analyze_public_posts": (str(GROUP),) if legacy else ()})
    async with running_bot(api, config) as bot:
        chat = api.group_chat(GROUP)
        member = api.user(206)
        data = (CLAUSE + "\n\n" + CLAUSE.replace("Client", "Company")).encode()
        api.post(chat, member, None, document=api.add_file(data, "offer.txt", "text/plain"))
        nudge = expected(status.dm_nudge_reply(analysed=False))
        await api.wait_for(lambda: shown(bot, GROUP)[-1:] == nudge)
        await bot.quiesce()
        assert shown(bot, GROUP) == nudge
        assert not api.called("getFile")


@pytest.mark.parametrize("mode", ["dm_only", "summary"])
async def test_oversized_file_sent_to_the_bot_in_a_group_follows_the_mode(
    api: FakeTelegramAPI, mode: str
) -> None:
    """The service decides, as for any file: the DM nudge where the group wants contracts
    by DM, else the size; never a download."""
    config = replace(make_config(api), community=CommunityConfig(mode=mode))
    async with running_bot(api, config) as bot:
        chat = api.group_chat(GROUP)
        doc = api.add_file(b"%PDF-1.7 tiny", "huge.pdf", "application/pdf", size=30_000_000)
        api.post(chat, api.user(207), "/analyze@ClauseScoutBot", document=doc)
        too_large = status.error_reply(FileTooLarge(30_000_000, 20_000_000).user_message)
        answer = expected(too_large if mode == "summary" else status.dm_nudge_reply(False))
        await api.wait_for(lambda: shown(bot, GROUP)[-1:] == answer)
        await bot.quiesce()
        assert shown(bot, GROUP) == answer
    assert not api.called("getFile")


async def test_the_rate_limit_applies_to_oversized_files_too(api: FakeTelegramAPI) -> None:
    config = replace(make_config(api), rate_limit=RateLimitConfig(messages_per_minute=1))
    async with running_bot(api, config) as bot:
        chat = api.group_chat(GROUP)
        member = api.user(208)
        api.post(chat, member, "/help@ClauseScoutBot")
        await bot.replies(GROUP, len(expected(guide.help_reply())))
        doc = api.add_file(b"%PDF-1.7 tiny", "huge.pdf", "application/pdf", size=30_000_000)
        api.post(chat, member, "/analyze@ClauseScoutBot", document=doc)
        limited = expected(status.rate_limited_reply(60))
        await api.wait_for(lambda: shown(bot, GROUP)[-1:] == limited)


def _actions(bot: Bot) -> list[tuple[str, str]]:
    return [b for m in bot.messages_to(GROUP) for b in bot.api.buttons(m)]
