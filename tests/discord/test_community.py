"""Server channels end to end: the summary in a thread, the full report by DM (or why not),
the modes, /community for members with Manage Server, and /stats."""

from __future__ import annotations

from analyzers import analyze_file
from bot.adapters.discord_adapter import CONTRACT_MENU
from bot.community import STATS_MIN_MEMBERS
from responses import community, status
from responses.escape import unfang
from tests.discord.conftest import assert_within_limits, shown
from tests.fakes.discord_api import CANNOT_MESSAGE_USER, MANAGE_GUILD, FakeDiscord, Posted
from tests.service.conftest import CONTRACT, PHRASE

EPHEMERAL = 64
QUOTE = "train, fine-tune or improve artificial intelligence"  # from the AI clause


def _text(posted: list[Posted]) -> str:
    return unfang("\n".join(p.text() for p in posted))


def _full_button(posted: list[Posted]) -> tuple[Posted, str]:
    (found,) = [
        (p, c["custom_id"]) for p in posted for c in p.components() if c["custom_id"][:5] == "full:"
    ]
    return found


async def _ask_in_a_thread(
    bot, fake: FakeDiscord, member: dict, contract_pdf: bytes
) -> list[Posted]:
    pdf = fake.attachment("Quasimodo-deal.pdf", contract_pdf, content_type="application/pdf")
    message = fake.message(member, "can you check this?", mention=True, attachments=[pdf])
    await fake.dispatch("MESSAGE_CREATE", message)
    return await bot.settle()


async def _press(bot, fake: FakeDiscord, member: dict, posted: Posted, custom_id: str) -> dict:
    press = fake.press(member, posted, custom_id)
    await fake.dispatch("INTERACTION_CREATE", press)
    await fake.wait_posted(1, where=lambda p: p.token == press["token"])
    await bot.settle()
    return press


def _followups(fake: FakeDiscord, interaction: dict) -> list[Posted]:
    return [p for p in fake.posted if p.token == interaction["token"]]


async def test_a_mentioned_pdf_gets_a_thread_with_the_summary_only(start_bot, fake, contract_pdf):
    bot = await start_bot()
    posted = await _ask_in_a_thread(bot, fake, fake.user("ana"), contract_pdf)

    (thread,) = fake.threads.values()
    assert thread["name"] == "ClauseScout: contract check"
    assert posted and all(p.channel_id == thread["id"] for p in posted)
    text = _text(posted)
    report = analyze_file(contract_pdf, "x.pdf")
    assert f"Score {report.score}/100, grade {report.grade}" in text
    assert "Exposed" in text and "Top risks" in text and community.PRIVACY_ADVICE in text
    assert QUOTE not in text and "Quasimodo" not in text  # no quote, no file name
    for p in posted:
        assert_within_limits(p)
    assert not fake.requests_to("POST", "/users/@me/channels")  # nothing sent privately yet


async def test_the_button_sends_the_full_report_by_dm(start_bot, fake, contract_pdf):
    bot = await start_bot()
    member = fake.user("ben")
    message, custom_id = _full_button(await _ask_in_a_thread(bot, fake, member, contract_pdf))
    press = await _press(bot, fake, member, message, custom_id)

    (deferral,) = fake.requests_to("POST", f"/interactions/{press['id']}/{press['token']}/callback")
    assert deferral.body["data"]["flags"] & EPHEMERAL
    dms = fake.dms_to(member)
    assert QUOTE in _text(dms)  # the complete report, quotes and all, in private
    assert "Quasimodo-deal.pdf" in _text(dms)  # there the file may be named
    (note,) = _followups(fake, press)
    assert note.ephemeral and shown(community.report_sent_reply(), [note])
    for p in dms:
        assert_within_limits(p)


async def test_closed_dms_are_said_where_only_the_member_sees_it(start_bot, fake, contract_pdf):
    bot = await start_bot()
    member = fake.user("cat")
    fake.dms_closed.add(member["id"])
    message, custom_id = _full_button(await _ask_in_a_thread(bot, fake, member, contract_pdf))
    press = await _press(bot, fake, member, message, custom_id)

    dm_channel = fake.dm_channel_id(member)
    (refused,) = fake.requests_to("POST", f"/channels/{dm_channel}/messages")
    assert refused.status == 403
    assert not fake.dms_to(member)
    (note,) = _followups(fake, press)
    assert note.ephemeral and shown(community.dms_closed_reply(), [note])
    assert CANNOT_MESSAGE_USER == 50007

    # With DMs open again, the same button works (the report was still held).
    fake.dms_closed.clear()
    await _press(bot, fake, member, message, custom_id)
    assert QUOTE in _text(fake.dms_to(member))


async def test_another_member_cannot_get_the_report(start_bot, fake, contract_pdf):
    bot = await start_bot()
    owner, other = fake.user("dee"), fake.user("eve")
    message, custom_id = _full_button(await _ask_in_a_thread(bot, fake, owner, contract_pdf))
    press = await _press(bot, fake, other, message, custom_id)
    (note,) = _followups(fake, press)
    assert note.ephemeral and shown(community.report_not_yours_reply(), [note])
    assert not fake.dms_to(other) and not fake.dms_to(owner)


async def test_full_mode_puts_the_quotes_in_the_thread(start_bot, fake, contract_pdf):
    bot = await start_bot(community={"full": [fake.guild_id]})
    posted = await _ask_in_a_thread(bot, fake, fake.user("fox"), contract_pdf)
    (thread,) = fake.threads.values()
    assert thread["name"] == "ClauseScout: contract check"
    text = _text(posted)
    assert QUOTE in text and "Quasimodo" not in text
    assert not any(c["custom_id"].startswith("full:") for p in posted for c in p.components())


async def test_quotes_in_the_thread_cannot_ping_or_inject_markup(start_bot, fake):
    bot = await start_bot(community={"full": [fake.guild_id]})
    hostile = CONTRACT.replace(
        "The Client may use the Deliverables",
        "@everyone **Read me** [click](https://evil.example) The Client may use the Deliverables",
    )
    txt = fake.attachment("c.txt", hostile.encode(), content_type="text/plain")
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message(fake.user("pip"), "", mention=True, attachments=[txt])
    )
    posted = await bot.settle()
    assert "Read me" in _text(posted)  # the quote is there...
    raw = "\n".join(p.text() for p in posted)
    assert "@everyone" not in raw and "**Read me**" not in raw  # ...but inert
    assert "https://evil.example" not in raw
    for p in posted:
        assert_within_limits(p)  # allowed_mentions: none


async def test_without_thread_permission_the_summary_is_a_reply(start_bot, fake, contract_pdf):
    bot = await start_bot()
    fake.thread_forbidden = True
    pdf = fake.attachment("c.pdf", contract_pdf, content_type="application/pdf")
    message = fake.message(fake.user("gil"), "", mention=True, attachments=[pdf])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()
    assert posted[0].reply_to == message["id"] and posted[0].channel_id == fake.channel_id
    assert "Top risks" in _text(posted) and QUOTE not in _text(posted)


async def test_a_reply_to_the_bot_with_a_contract_is_asking(start_bot, fake, contract_pdf):
    bot = await start_bot(discord={"message_content_intent": True})
    await fake.dispatch("MESSAGE_CREATE", fake.message(fake.user("hal"), "/help", mention=True))
    (help_message, *_) = await bot.settle()
    pdf = fake.attachment("c.pdf", contract_pdf, content_type="application/pdf")
    reply = fake.message(fake.user("hal"), "", attachments=[pdf], reply_to=help_message)
    await fake.dispatch("MESSAGE_CREATE", reply)
    await fake.wait_posted(where=lambda p: "Top risks" in p.text())
    starters = [t["starter_message_id"] for t in fake.threads.values()]
    assert reply["id"] in starters


async def test_an_unasked_contract_stays_untouched_apart_from_the_nudge(
    start_bot, fake, contract_pdf
):
    bot = await start_bot(discord={"message_content_intent": True})
    pdf = fake.attachment("c.pdf", contract_pdf, content_type="application/pdf")
    message = fake.message(fake.user("ivy"), "new client!", attachments=[pdf])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()
    assert not fake.requests_to("GET", "/cdn/") and not fake.threads
    assert shown(status.dm_nudge_reply(analysed=False), posted)


async def test_check_contract_menu_answers_in_a_thread_on_the_message(
    start_bot, fake, contract_pdf
):
    bot = await start_bot()
    assert bot.adapter.client.tree.get_command(CONTRACT_MENU, type=_message_menu()) is not None
    pdf = fake.attachment("Quasimodo-deal.pdf", contract_pdf, content_type="application/pdf")
    target = fake.message(fake.user("jo"), "", attachments=[pdf])
    asker = fake.user("kai")
    menu = fake.context_menu(asker, CONTRACT_MENU, target)
    await fake.dispatch("INTERACTION_CREATE", menu)
    posted = await bot.settle()

    (deferral,) = fake.requests_to("POST", f"/interactions/{menu['id']}/{menu['token']}/callback")
    assert deferral.body["data"]["flags"] & EPHEMERAL  # "thinking..." for the asker only
    (thread,) = fake.threads.values()
    assert thread["starter_message_id"] == target["id"]
    assert thread["name"] == "ClauseScout: contract check"
    in_thread = [p for p in posted if p.channel_id == thread["id"]]
    assert "Top risks" in _text(in_thread) and QUOTE not in _text(in_thread)
    assert "Quasimodo" not in _text(in_thread)
    assert not _followups(fake, menu)  # the thinking note is removed, nothing else said
    assert fake.requests_to("DELETE", f"/webhooks/{fake.app_id}/{menu['token']}/messages/")
    # The member who used the menu is the one who asked: the report is theirs.
    message, custom_id = _full_button(in_thread)
    await _press(bot, fake, asker, message, custom_id)
    assert QUOTE in _text(fake.dms_to(asker))


def _message_menu():
    import discord  # already imported (warning-free) through the adapter

    return discord.AppCommandType.message


async def test_only_members_with_manage_server_change_the_mode(start_bot, fake, contract_pdf):
    bot = await start_bot()
    member, moderator = fake.user("lou"), fake.user("mod")
    fake.admins.add(moderator["id"])

    refused = fake.slash(member, "community", options={"setting": "dm_only"})
    await fake.dispatch("INTERACTION_CREATE", refused)
    await fake.wait_posted(where=lambda p: p.token == refused["token"])
    (note,) = _followups(fake, refused)
    assert note.ephemeral and shown(community.not_admin_reply("discord"), [note])

    allowed = fake.slash(moderator, "community", options={"setting": "dm_only"})
    await fake.dispatch("INTERACTION_CREATE", allowed)
    await fake.wait_posted(where=lambda p: p.token == allowed["token"])
    await bot.settle()
    assert shown(community.settings_reply("dm_only", True, changed=True), _followups(fake, allowed))

    pdf = fake.attachment("c.pdf", contract_pdf, content_type="application/pdf")
    await fake.dispatch("MESSAGE_CREATE", fake.message(member, "", mention=True, attachments=[pdf]))
    posted = await bot.settle(posted=3)
    assert shown(status.dm_nudge_reply(analysed=False), posted)
    assert not fake.requests_to("GET", "/cdn/")


async def test_the_community_command_by_mention_checks_the_role(start_bot, fake):
    bot = await start_bot()
    moderator = fake.user("ned")
    fake.admins.add(moderator["id"])
    member = fake.user("ola")
    await fake.dispatch("MESSAGE_CREATE", fake.message(member, "/community full", mention=True))
    await fake.dispatch("MESSAGE_CREATE", fake.message(moderator, "/community full", mention=True))
    posted = await bot.settle(posted=2)
    assert shown(community.not_admin_reply("discord"), posted)
    assert shown(community.settings_reply("full", True, changed=True), posted)


async def test_the_community_command_is_registered_for_managers(start_bot, fake):
    bot = await start_bot()
    await fake.dispatch("MESSAGE_CREATE", fake.message(fake.owner, "!sync", dm=True))
    await bot.settle()
    registered = {c["name"]: c for c in fake.commands}
    assert int(registered["community"]["default_member_permissions"]) == MANAGE_GUILD
    assert "stats" in registered and CONTRACT_MENU in registered


async def test_stats_appear_once_ten_members_checked_contracts(start_bot, fake):
    bot = await start_bot()
    fake.wait_timeout = 60.0
    members = [fake.user(f"member{n}") for n in range(STATS_MIN_MEMBERS)]
    for member in members[:-1]:
        await fake.dispatch("MESSAGE_CREATE", fake.message(member, CONTRACT, mention=True))
    await bot.settle(posted=STATS_MIN_MEMBERS - 1)
    await fake.wait_for(lambda f: len(f.threads) == STATS_MIN_MEMBERS - 1)
    await bot.settle(posted=STATS_MIN_MEMBERS - 1)
    assert PHRASE not in _text(list(fake.posted))

    early = fake.slash(members[0], "stats")
    await fake.dispatch("INTERACTION_CREATE", early)
    await fake.wait_posted(where=lambda p: p.token == early["token"])
    assert shown(community.stats_not_yet_reply(STATS_MIN_MEMBERS), _followups(fake, early))

    await fake.dispatch("MESSAGE_CREATE", fake.message(members[-1], CONTRACT, mention=True))
    await fake.wait_for(lambda f: len(f.threads) == STATS_MIN_MEMBERS)
    await bot.settle()
    ready = fake.slash(members[0], "stats")
    await fake.dispatch("INTERACTION_CREATE", ready)
    await fake.wait_posted(where=lambda p: p.token == ready["token"])
    await bot.settle()
    text = _text(_followups(fake, ready))
    assert f"{STATS_MIN_MEMBERS} contracts checked here by {STATS_MIN_MEMBERS} members" in text
    assert "100% of contracts let the client train AI" in text
    assert not any(p.ephemeral for p in _followups(fake, ready))  # the community's figures
