"""Groups end to end: the summary as a reply in the member's topic, the full report through
a deep link into the private chat, the modes, /community for group admins, and /stats."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.community import STATS_MIN_MEMBERS
from bot.config import CommunityConfig
from bot.held import HOLD_S, HeldReports
from responses import community, status
from responses.escape import unfang
from tests.fakes.telegram_api import BOT_USERNAME, FakeTelegramAPI
from tests.service.conftest import CONTRACT, PHRASE
from tests.telegram.conftest import (
    Bot,
    assert_valid_messages,
    expected,
    make_config,
    make_pdf,
    running_bot,
    shown,
)

GROUP = -1001234567890
QUOTE = "train, fine-tune or improve artificial intelligence"  # section 3 of CONTRACT
FILENAME = "Quasimodo-deal.pdf"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _text(bot: Bot, chat_id: int) -> str:
    return unfang("\n".join(text for text, _ in shown(bot, chat_id)))


def _ask(api: FakeTelegramAPI, chat: dict, member: dict, **kwargs: Any) -> dict:
    doc = api.add_file(make_pdf(CONTRACT), FILENAME, "application/pdf")
    kwargs.setdefault("text", "@ClauseScoutBot can you check this?")
    return api.post(chat, member, kwargs.pop("text"), document=doc, **kwargs)


async def _summary(bot: Bot) -> dict:
    """The bot's summary message in the group, once sent."""
    return await bot.api.wait_for(
        lambda: next((m for m in bot.messages_to(GROUP) if bot.api.links(m)), None)
    )


def _link(bot: Bot, message: dict) -> str:
    ((label, url),) = bot.api.links(message)
    assert label == community.FULL_REPORT_LABEL
    return url


async def test_a_mentioned_pdf_in_a_topic_gets_the_summary_there(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP, forum=True)
    topic = api.forum_topic(chat, "Contracts")
    asked = _ask(api, chat, api.user(301, "Ann"), topic=topic)
    summary = await _summary(bot)

    calls = [c for c in api.called("sendMessage") if c.params["chat_id"] == GROUP]
    assert_valid_messages(calls)
    assert {c.params["message_thread_id"] for c in calls} == {topic["message_thread_id"]}
    assert calls[0].params["reply_parameters"]["message_id"] == asked["message_id"]
    text = _text(bot, GROUP)
    assert "Score" in text and "grade" in text and "Exposed" in text and "Top risks" in text
    assert "section 3" in text and community.PRIVACY_ADVICE in text
    assert QUOTE not in text and PHRASE not in text and "Quasimodo" not in text
    url = _link(bot, summary)
    assert url.startswith(f"https://t.me/{BOT_USERNAME}?start=full-")
    assert api.buttons(summary) == [(community.FULL_REPORT_LABEL, "")]  # a link, no callback
    assert len(api.called("getFile")) == 1


async def test_the_deep_link_delivers_the_full_report_in_private(bot: Bot) -> None:
    api = bot.api
    chat, member = api.group_chat(GROUP), api.user(302, "Ben")
    _ask(api, chat, member)
    url = _link(bot, await _summary(bot))
    before = len(bot.messages_to(GROUP))
    assert not [c for c in api.called("sendMessage") if c.params["chat_id"] == member["id"]]

    api.open_link(member, url)
    await bot.replies(member["id"])
    await bot.quiesce()
    private = _text(bot, member["id"])
    assert QUOTE in private and FILENAME in private  # the complete report, in private only
    assert len(bot.messages_to(GROUP)) == before
    assert_valid_messages([c for c in api.called("sendMessage") if c.params["chat_id"] > 0])


async def test_the_deep_link_works_only_for_the_member_who_asked(bot: Bot) -> None:
    api = bot.api
    chat, owner, other = api.group_chat(GROUP), api.user(303, "Cy"), api.user(304, "Dan")
    _ask(api, chat, owner)
    url = _link(bot, await _summary(bot))
    api.open_link(other, url)
    await bot.replies(other["id"])
    assert shown(bot, other["id"]) == expected(community.report_not_yours_reply())
    api.open_link(owner, url)
    await bot.replies(owner["id"])
    await bot.quiesce()
    assert QUOTE in _text(bot, owner["id"])


async def test_the_deep_link_expires_after_15_minutes(bot: Bot) -> None:
    clock = Clock()
    bot.service.held = HeldReports(clock=clock)
    api = bot.api
    chat, member = api.group_chat(GROUP), api.user(305, "Eve")
    _ask(api, chat, member)
    url = _link(bot, await _summary(bot))
    clock.now += HOLD_S
    api.open_link(member, url)
    await bot.replies(member["id"])
    await bot.quiesce()
    assert shown(bot, member["id"]) == expected(community.report_gone_reply(15))
    assert QUOTE not in _text(bot, member["id"])


@pytest.mark.parametrize("how", ["mention", "analyze", "reply-to-bot"])
async def test_every_way_of_asking_is_answered(bot: Bot, how: str) -> None:
    api = bot.api
    chat, member = api.group_chat(GROUP), api.user(306, "Fay")
    if how == "mention":
        _ask(api, chat, member)
    elif how == "analyze":
        _ask(api, chat, member, text="/analyze@ClauseScoutBot")
    else:
        api.post(chat, member, "/start@ClauseScoutBot")
        await bot.replies(GROUP)
        _ask(api, chat, member, text=None, reply_to=bot.messages_to(GROUP)[-1])
    await _summary(bot)
    assert "Top risks" in _text(bot, GROUP)


async def test_full_mode_answers_with_the_quotes(api: FakeTelegramAPI) -> None:
    config = replace(make_config(api), community=CommunityConfig(full=(str(GROUP),)))
    async with running_bot(api, config) as bot:
        _ask(api, api.group_chat(GROUP), api.user(307))
        await api.wait_for(lambda: QUOTE in _text(bot, GROUP))
        await bot.quiesce()
        text = _text(bot, GROUP)
        assert "Quasimodo" not in text
        assert not any(api.links(m) for m in bot.messages_to(GROUP))
        assert_valid_messages(api.called("sendMessage"))  # quotes escaped: valid HTML


async def test_dm_only_mode_nudges_without_downloading(api: FakeTelegramAPI) -> None:
    config = replace(make_config(api), community=CommunityConfig(dm_only=(str(GROUP),)))
    async with running_bot(api, config) as bot:
        _ask(api, api.group_chat(GROUP), api.user(308))
        await bot.replies(GROUP)
        await bot.quiesce()
        assert shown(bot, GROUP) == expected(status.dm_nudge_reply(analysed=False))
        assert not api.called("getFile")


async def test_only_group_admins_change_the_mode(bot: Bot) -> None:
    api = bot.api
    chat, member, admin = api.group_chat(GROUP), api.user(309), api.user(310)
    api.admins.add((GROUP, admin["id"]))
    api.post(chat, member, "/community@ClauseScoutBot dm_only")
    await bot.replies(GROUP)
    assert shown(bot, GROUP) == expected(community.not_admin_reply("telegram"))
    api.post(chat, admin, "/community@ClauseScoutBot dm_only")
    await bot.replies(GROUP, 2)
    assert shown(bot, GROUP)[-1:] == expected(
        community.settings_reply("dm_only", True, changed=True)
    )
    asked = [(c.params["chat_id"], c.params["user_id"]) for c in api.called("getChatMember")]
    assert asked == [(GROUP, member["id"]), (GROUP, admin["id"])]

    _ask(api, chat, member)
    await bot.replies(GROUP, 3)
    await bot.quiesce()
    assert shown(bot, GROUP)[-1:] == expected(status.dm_nudge_reply(analysed=False))
    assert not api.called("getFile")


async def test_an_anonymous_admin_may_change_the_mode(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP)
    api.post(chat, api.user(1087968824, "Group"), "/community full", sender_chat=chat)
    await bot.replies(GROUP)
    assert shown(bot, GROUP) == expected(community.settings_reply("full", True, changed=True))
    assert not api.called("getChatMember")


async def test_stats_appear_once_ten_members_checked_contracts(bot: Bot) -> None:
    api = bot.api
    chat = api.group_chat(GROUP)
    members = [api.user(400 + n) for n in range(STATS_MIN_MEMBERS)]
    for member in members[:-1]:
        api.post(chat, member, f"@ClauseScoutBot {CONTRACT}")
    await bot.wait_handled(STATS_MIN_MEMBERS - 1)
    api.post(chat, members[0], "/stats@ClauseScoutBot")
    await bot.wait_handled(STATS_MIN_MEMBERS)
    assert shown(bot, GROUP)[-1:] == expected(community.stats_not_yet_reply(STATS_MIN_MEMBERS))

    api.post(chat, members[-1], f"@ClauseScoutBot {CONTRACT}")
    await bot.wait_handled(STATS_MIN_MEMBERS + 1)
    api.post(chat, members[0], "/stats@ClauseScoutBot")
    await bot.wait_handled(STATS_MIN_MEMBERS + 2)
    await bot.quiesce()
    text = shown(bot, GROUP)[-1][0]
    assert f"{STATS_MIN_MEMBERS} contracts checked here by {STATS_MIN_MEMBERS} members" in text
    assert "100% of contracts let the client train AI" in text
    assert PHRASE not in _text(bot, GROUP)
