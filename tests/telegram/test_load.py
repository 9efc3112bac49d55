"""Fifty members send a contract at the same moment (issue 11): everyone gets their
analysis, nobody is told the bot is busy, and a member who pastes one clause meanwhile is
answered too. Timing is measured in bench/members_load.py, never asserted here."""

from __future__ import annotations

from collections import Counter

from analyzers import analyze_file, analyze_text
from responses import build, status
from tests.fakes.telegram_api import FakeTelegramAPI, html_to_plain
from tests.telegram.conftest import (
    CLAUSE,
    CORPUS,
    analysis_id,
    expected,
    make_config,
    running_bot,
    shown,
)

MEMBERS = 50
CONTRACT = "contract_ungoldman_hourly_web_dev.md"


async def test_fifty_members_at_once_all_get_their_analysis_and_the_paste_its_answer(
    api: FakeTelegramAPI,
) -> None:
    data = (CORPUS / CONTRACT).read_bytes()
    async with running_bot(api, make_config(api)) as bot:
        bot.adapter.status_delay_s = 0.0  # every member sees a status note: it must become
        # the answer, not linger or be deleted
        chats = []
        for n in range(MEMBERS):
            member = api.user(5000 + n)
            chat = api.private_chat(member)
            api.post(chat, member, None, document=api.add_file(data, f"c{n}.md", "text/markdown"))
            chats.append(chat["id"])
        paster = api.user(6000)
        paste_chat = api.private_chat(paster)["id"]
        api.post(api.private_chat(paster), paster, CLAUSE)
        await bot.wait_handled(MEMBERS + 1, seconds=150)

        report = analyze_file(data, "c.md", limits=bot.config.bot.file_limits)
        busy = html_to_plain(status.busy_reply().blocks[0].text).split(" Please")[0]
        for n, chat_id in enumerate(chats):
            reply = build.contract_reply(
                report, filename=f"c{n}.md", analysis_id=analysis_id(bot, chat_id)
            )
            seen = shown(bot, chat_id)
            assert not any(busy in text for text, _ in seen), f"member {n} was told busy"
            assert seen == expected(reply), f"member {n} did not get exactly their analysis"
        clause = build.clause_reply(analyze_text(CLAUSE), analysis_id=analysis_id(bot, paste_chat))
        assert shown(bot, paste_chat) == expected(clause)

        # Requests went to answers: each chat shows only its answer (above) and nothing
        # was deleted, so every status note posted became the answer's first message.
        assert not api.called("deleteMessage")
        assert api.called("editMessageText")
        typing = Counter(c.params["chat_id"] for c in api.called("sendChatAction"))
        assert max(typing.values()) == 1  # at most one typing action per job
