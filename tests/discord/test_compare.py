"""``/compare`` on Discord, end to end through a fake Discord: two files in one message, a
reply to the message holding the earlier draft, and the slash command with two files."""

from __future__ import annotations

from pathlib import Path

from analyzers import CorruptFile, analyze_file
from analyzers.compare import compare_reports
from responses.compare import compare_reply, draft_error_reply, headline
from tests.discord.conftest import assert_within_limits, shown
from tests.fakes.discord_api import FakeDiscord, Posted

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"
# Zoom Terms of Service, sections 9-11, as archived on 2023-07-28 and 2023-08-11.
JULY = (PAIRS / "zoom_2023-07-27_s9-11.md").read_bytes()
AUGUST = (PAIRS / "zoom_2023-08-11_s9-11.md").read_bytes()


def _expected(old: str = "july.md", new: str = "august.md"):
    comparison = compare_reports(analyze_file(JULY, old), analyze_file(AUGUST, new))
    return comparison, compare_reply(comparison, old_name=old, new_name=new)


def _text(posted: list[Posted]) -> str:
    return "\n".join(p.text() for p in posted)


def _drafts(fake: FakeDiscord) -> tuple[dict, dict]:
    return (
        fake.attachment("july.md", JULY, content_type="text/markdown"),
        fake.attachment("august.md", AUGUST, content_type="text/markdown"),
    )


async def test_two_drafts_in_one_dm(start_bot, fake):
    bot = await start_bot()
    old, new = _drafts(fake)
    message = fake.message(fake.user("cleo"), "/compare", dm=True, attachments=[old, new])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    comparison, reply = _expected()
    assert shown(reply, posted)
    text = _text(posted)
    assert headline(comparison) in text
    before, after = comparison.before, comparison.after
    assert f"{before.score}/100 (grade {before.grade}) → {after.score}/100" in text
    assert text.count("Not legal advice") == 1
    for p in posted:
        assert_within_limits(p)
    assert len(fake.requests_to("GET", "/cdn/")) == 2


async def test_reply_to_the_earlier_draft(start_bot, fake):
    bot = await start_bot()
    member = fake.user("dana")
    old, new = _drafts(fake)
    earlier = fake.message(member, "", dm=True, attachments=[old])  # posted before; not kept
    message = fake.message(member, "/compare", dm=True, attachments=[new], reply_to=earlier)
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    comparison, reply = _expected()
    assert shown(reply, posted)
    assert headline(comparison).startswith("The AI-training permission is gone")
    # Both drafts were downloaded again, the earlier one from the replied message.
    assert len(fake.requests_to("GET", f"/cdn/attachments/{fake.channel_id}/{old['id']}/")) == 1


async def test_identical_drafts_say_no_changes(start_bot, fake):
    bot = await start_bot()
    first = fake.attachment("v1.md", AUGUST, content_type="text/markdown")
    second = fake.attachment("v2.md", AUGUST, content_type="text/markdown")
    message = fake.message(fake.user("eve"), "/compare", dm=True, attachments=[first, second])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()
    assert "No changes: the two files are identical." in _text(posted)


async def test_a_broken_draft_gets_one_friendly_line(start_bot, fake):
    bot = await start_bot()
    old = fake.attachment("july.md", JULY, content_type="text/markdown")
    bad = fake.attachment("v2.pdf", b"%PDF-1.7\n1 0 obj broken", content_type="application/pdf")
    message = fake.message(fake.user("fay"), "/compare", dm=True, attachments=[old, bad])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()
    assert len(posted) == 1
    assert shown(draft_error_reply(1, "v2.pdf", CorruptFile.user_message), posted)


async def test_in_a_server_the_summary_comes_in_a_thread(start_bot, fake):
    bot = await start_bot()
    old, new = _drafts(fake)
    message = fake.message(fake.user("hal"), "/compare", mention=True, attachments=[old, new])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle(posted=2)

    comparison, _ = _expected()
    (thread_id,) = fake.threads
    threads = f"/channels/{fake.channel_id}/messages/{message['id']}/threads"
    assert [r.body["name"] for r in fake.requests_to("POST", threads)] == [
        "ClauseScout: draft comparison"
    ]
    assert all(p.channel_id == thread_id for p in posted)
    text = _text(posted)
    assert headline(comparison) in text and f"{comparison.after.score}/100" in text
    assert "july.md" not in text and "machine learning" not in text  # no names, no quotes


async def test_slash_command_with_two_files(start_bot, fake):
    bot = await start_bot()
    old, new = _drafts(fake)
    options = [
        {"name": "old", "type": 11, "value": old["id"]},
        {"name": "new", "type": 11, "value": new["id"]},
    ]
    data = {
        "id": fake.new_id(),
        "name": "compare",
        "type": 1,
        "options": options,
        "resolved": {"attachments": {old["id"]: old, new["id"]: new}},
    }
    interaction = fake.interaction(fake.user("gus"), 2, data, dm=True)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_posted(1, where=lambda p: p.token == interaction["token"])
    posted = await bot.settle()

    followups = [p for p in posted if p.token == interaction["token"]]
    comparison, reply = _expected()
    assert shown(reply, followups)
    assert headline(comparison) in _text(followups)


def test_compare_is_a_slash_command_with_two_files(make_config):
    from bot.adapters.discord_adapter import ScoutClient

    async def never(*args, **kwargs) -> None: ...

    client = ScoutClient(make_config(), on_command=never)
    command = client.tree.get_command("compare")
    assert command is not None
    assert [(p.name, p.type.name) for p in command.parameters] == [
        ("old", "attachment"),
        ("new", "attachment"),
    ]
