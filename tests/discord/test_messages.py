"""Members' messages in a server and in DMs, end to end through a fake Discord."""

from __future__ import annotations

import asyncio

from analyzers import ClauseScoutError, analyze_file, analyze_text
from analyzers.errors import FileTooLarge
from responses import community, status
from responses.escape import unfang
from tests.discord.conftest import AI_CLAUSE, CONTRACTOR_AGREEMENT, assert_within_limits, shown
from tests.fakes.discord_api import MESSAGE_CONTENT_INTENT, FakeDiscord, Posted


def _in_channel(fake: FakeDiscord, channel_id: str) -> list[Posted]:
    return [p for p in fake.posted if p.channel_id == channel_id]


def _text(posted: list[Posted]) -> str:
    return "\n".join(p.text() for p in posted)


def _fb_buttons(posted: list[Posted]) -> list[str]:
    return [c["custom_id"] for p in posted for c in p.components() if c["custom_id"][:3] == "fb:"]


async def test_pdf_mention_in_server_opens_thread_with_analysis(start_bot, fake, contract_pdf):
    bot = await start_bot()  # the default mode: a summary in a thread
    member = fake.user("alice")
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    message = fake.message(member, "can you check this?", mention=True, attachments=[pdf])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    # The file was downloaded from the CDN, once.
    assert len(fake.requests_to("GET", f"/cdn/attachments/{fake.channel_id}/{pdf['id']}/")) == 1
    # A thread was opened on the member's message, and every answer went inside it.
    threads = f"/channels/{fake.channel_id}/messages/{message['id']}/threads"
    assert [r.body["name"] for r in fake.requests_to("POST", threads)] == [
        "ClauseScout: contract check"
    ]
    (thread_id,) = fake.threads
    assert posted and all(p.channel_id == thread_id for p in posted)
    assert not any(p.reply_to for p in posted)
    for p in posted:
        assert_within_limits(p)
        assert "contract.pdf" not in p.text()
    # While it read the file, the thread showed "ClauseScout is typing...".
    typing = fake.requests_to("POST", f"/channels/{thread_id}/typing")
    first_post = fake.requests_to("POST", f"/channels/{thread_id}/messages")[0]
    assert typing and typing[0].at < first_post.at
    # In public the member sees the summary: score, grade, verdict, top risks, advice.
    report = analyze_file(contract_pdf, "contract.pdf")
    assert report.findings
    expected = community.public_summary_reply(report, full_report_action=None)
    assert shown(expected, posted)
    assert community.PRIVACY_ADVICE in unfang(_text(posted))
    (button,) = [c for p in posted for c in p.components()]
    assert button["label"] == community.FULL_REPORT_LABEL
    assert button["custom_id"].startswith("full:")


async def test_pdf_in_a_dm_only_server_is_not_downloaded(start_bot, fake, contract_pdf):
    bot = await start_bot(community={"dm_only": [fake.guild_id]})
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message(fake.user("abe"), "", mention=True, attachments=[pdf])
    )
    posted = await bot.settle()

    assert not fake.requests_to("GET", "/cdn/")
    (thread_id,) = fake.threads
    assert all(p.channel_id == thread_id for p in posted)
    assert shown(status.dm_nudge_reply(analysed=False), posted)


async def test_unaddressed_contract_in_server_gets_a_nudge_as_a_reply(
    start_bot, fake, contract_pdf
):
    bot = await start_bot(discord={"message_content_intent": True})
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    message = fake.message(fake.user("amy"), "thoughts on this one?", attachments=[pdf])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    assert not fake.requests_to("GET", "/cdn/") and not fake.threads
    assert [p.reply_to for p in posted] == [message["id"]]
    assert shown(status.dm_nudge_reply(analysed=False), posted)


async def test_thread_name_never_carries_the_file_name(start_bot, fake):
    bot = await start_bot()
    long_name = "Master services agreement between Quasimodo and " + "x" * 120 + ".txt"
    text = CONTRACTOR_AGREEMENT.read_text(encoding="utf-8")[:5000].encode()
    attachment = fake.attachment(long_name, text, content_type="text/plain")
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message(fake.user("bo"), "", mention=True, attachments=[attachment])
    )
    await bot.settle()
    (thread,) = fake.threads.values()
    assert thread["name"] == "ClauseScout: contract check"
    assert "Quasimodo" not in _text(list(fake.posted))


async def test_dm_contract_gets_the_full_analysis_as_a_reply(start_bot, fake, contract_pdf):
    bot = await start_bot()
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    message = fake.message(fake.user("cy"), "", dm=True, attachments=[pdf])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    assert not fake.threads
    assert {p.channel_id for p in posted} == {message["channel_id"]}
    assert posted[0].reply_to == message["id"]
    assert not any(p.reply_to for p in posted[1:])
    for p in posted:
        assert_within_limits(p)
    report = analyze_file(contract_pdf, "contract.pdf")
    assert f"{report.score}/100" in _text(posted)
    buttons = _fb_buttons(posted)
    assert len(buttons) >= 2 and {b.rsplit(":", 1)[1] for b in buttons} == {"up", "down"}


async def test_dm_clause_gets_a_reply_to_the_message(start_bot, fake):
    bot = await start_bot()
    message = fake.message(fake.user("carol"), AI_CLAUSE, dm=True)
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    assert not fake.threads
    assert {p.channel_id for p in posted} == {message["channel_id"]}
    assert posted[0].reply_to == message["id"]
    for p in posted:
        assert_within_limits(p)
    report = analyze_text(AI_CLAUSE)
    assert report.findings
    assert "train" in _text(posted).lower()
    assert _fb_buttons(posted)


async def test_missing_thread_permission_falls_back_to_a_reply(start_bot, fake):
    bot = await start_bot()
    fake.thread_forbidden = True
    message = fake.message(fake.user("dan"), AI_CLAUSE, mention=True)
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    attempts = fake.requests_to("POST", f"/channels/{fake.channel_id}/messages/")
    assert [r.status for r in attempts] == [403]
    assert posted and all(p.channel_id == fake.channel_id for p in posted)
    assert posted[0].reply_to == message["id"]
    assert "train" in _text(posted).lower()


async def test_oversized_file_is_refused_without_downloading(start_bot, fake):
    bot = await start_bot()  # max_file_mb = 5 in these tests
    big = fake.attachment("huge.pdf", b"%PDF-1.7 small stand-in", size=6_000_000)
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message(fake.user("eve"), "", dm=True, attachments=[big])
    )
    posted = await bot.settle()

    assert not fake.requests_to("GET", "/cdn/")
    assert shown(status.error_reply(FileTooLarge(6_000_000, 5_000_000).user_message), posted)


async def test_corrupt_file_gets_a_friendly_error(start_bot, fake, contract_pdf):
    bot = await start_bot()
    broken = contract_pdf[: len(contract_pdf) // 3]
    try:
        analyze_file(broken, "broken.pdf")
    except ClauseScoutError as exc:
        expected = exc.user_message
    else:
        raise AssertionError("a truncated PDF must not analyse")
    attachment = fake.attachment("broken.pdf", broken, content_type="application/pdf")
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message(fake.user("fay"), "", dm=True, attachments=[attachment])
    )
    posted = await bot.settle()

    assert len(fake.requests_to("GET", "/cdn/")) == 1
    assert shown(status.error_reply(expected), posted)
    for p in posted:
        assert_within_limits(p)


async def test_rate_limited_post_is_retried_and_arrives(start_bot, fake):
    bot = await start_bot()
    fake.rate_limit_next_posts(1, retry_after=0.3)
    message = fake.message(fake.user("gus"), AI_CLAUSE, dm=True)
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    first, retry = fake.requests_to("POST", f"/channels/{message['channel_id']}/messages")[:2]
    assert (first.status, retry.status) == (429, 200)
    assert retry.at - first.at >= 0.3
    assert retry.body["content"] == first.body["content"]
    assert retry.body["embeds"] == first.body["embeds"]
    assert posted[0].reply_to == message["id"]


async def test_burst_of_twenty_members_all_answered(start_bot, fake):
    bot = await start_bot()
    fake.wait_timeout = 60.0
    members = [fake.user(f"member{i}") for i in range(20)]
    messages = [fake.message(m, AI_CLAUSE, mention=True) for m in members]
    await asyncio.gather(*(fake.dispatch("MESSAGE_CREATE", m) for m in messages))
    await bot.settle(posted=20)

    starters = {t["starter_message_id"]: t["id"] for t in fake.threads.values()}
    assert set(starters) == {m["id"] for m in messages}
    for message in messages:
        answers = _in_channel(fake, starters[message["id"]])
        assert answers, "every member gets an answer in their thread"
        assert "train" in _text(answers).lower()


async def test_without_content_intent_unaddressed_chatter_is_ignored(start_bot, fake):
    bot = await start_bot()
    assert fake.identify is not None
    assert not fake.identify["intents"] & MESSAGE_CONTENT_INTENT
    await fake.dispatch("MESSAGE_CREATE", fake.message(fake.user("hal"), AI_CLAUSE))
    # The same clause with a mention is answered; the chatter before it is not.
    mention = fake.message(fake.user("ida"), AI_CLAUSE, mention=True)
    await fake.dispatch("MESSAGE_CREATE", mention)
    await bot.settle()
    assert [t["starter_message_id"] for t in fake.threads.values()] == [mention["id"]]


async def test_content_intent_is_requested_only_when_configured(start_bot, fake):
    await start_bot(discord={"message_content_intent": True})
    assert fake.identify is not None
    assert fake.identify["intents"] & MESSAGE_CONTENT_INTENT


async def test_question_replying_to_a_clause_checks_that_clause(start_bot, fake):
    bot = await start_bot(discord={"message_content_intent": True})
    clause = fake.message(fake.user("kim"), AI_CLAUSE)  # chatter: not for the bot
    await fake.dispatch("MESSAGE_CREATE", clause)
    question = fake.message(
        fake.user("lee"), "is this clause risky?", mention=True, reply_to=clause
    )
    await fake.dispatch("MESSAGE_CREATE", question)
    posted = await bot.settle()

    (thread,) = fake.threads.values()
    assert thread["starter_message_id"] == question["id"]
    assert "train" in _text(posted).lower()
