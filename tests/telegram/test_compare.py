"""``/compare`` on Telegram, end to end: the real PTB Application and Service on a fake API.

Telegram cannot send a command with two documents in one message, so the two ways are a
document captioned /compare as a reply to the earlier draft, and an album of two documents
captioned /compare (its items arrive as separate updates and are handled as one job)."""

from __future__ import annotations

from pathlib import Path

from analyzers import CorruptFile, analyze_file
from analyzers.compare import compare_reports
from responses.compare import compare_reply, draft_error_reply, headline
from tests.fakes.telegram_api import html_to_plain
from tests.telegram.conftest import Bot, assert_valid_messages, expected, shown

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"
# Zoom Terms of Service, sections 9-11, as archived on 2023-07-28 and 2023-08-11.
JULY = (PAIRS / "zoom_2023-07-27_s9-11.md").read_bytes()
AUGUST = (PAIRS / "zoom_2023-08-11_s9-11.md").read_bytes()
MD = "text/markdown"


def _seen(bot: Bot, chat_id: int) -> str:
    return "\n".join(html_to_plain(m["text"]) for m in bot.messages_to(chat_id) if "text" in m)


def _zoom_reply(old: str = "july.md", new: str = "august.md"):
    comparison = compare_reports(analyze_file(JULY, old), analyze_file(AUGUST, new))
    return comparison, compare_reply(comparison, old_name=old, new_name=new)


def _quick(bot: Bot) -> None:
    bot.adapter.status_delay_s = 60  # no status notes in these tests
    bot.adapter.album_wait_s = 0.3


async def test_document_captioned_compare_as_a_reply_to_the_earlier_draft(bot: Bot) -> None:
    _quick(bot)
    member = bot.api.user(301)
    chat = bot.api.private_chat(member)
    earlier = bot.api.post(chat, member, None, document=bot.api.add_file(JULY, "july.md", MD))
    await bot.wait_handled(1)  # the earlier draft was analysed on its own, as usual
    count = len(shown(bot, 301))
    sends = len([c for c in bot.api.called("sendMessage") if c.params["chat_id"] == 301])
    later = bot.api.add_file(AUGUST, "august.md", MD)
    posted = bot.api.post(chat, member, "/compare", document=later, reply_to=earlier)
    await bot.wait_handled(2)

    comparison, reply = _zoom_reply()
    assert shown(bot, 301)[count:] == expected(reply)
    assert headline(comparison).startswith("The AI-training permission is gone")
    calls = [c for c in bot.api.called("sendMessage") if c.params["chat_id"] == 301]
    assert_valid_messages(calls)
    assert calls[sends].params["reply_parameters"]["message_id"] == posted["message_id"]
    # Nothing was kept: the earlier draft was downloaded again.
    assert [c.params["file_id"] for c in bot.api.called("getFile")][-2:] == [
        earlier["document"]["file_id"],
        later["file_id"],
    ]


async def test_album_of_two_documents_is_one_comparison_in_send_order(bot: Bot) -> None:
    _quick(bot)
    member = bot.api.user(302)
    chat = bot.api.private_chat(member)
    old = bot.api.add_file(JULY, "july.md", MD)
    new = bot.api.add_file(AUGUST, "august.md", MD)
    first = bot.api.post(chat, member, "/compare", document=old, media_group_id="album-1")
    bot.api.post(chat, member, None, document=new, media_group_id="album-1")
    await bot.wait_handled(1)
    await bot.quiesce()

    comparison, reply = _zoom_reply()
    assert len(bot.handled) == 1  # one job, not one per document
    assert shown(bot, 302) == expected(reply)
    text = _seen(bot, 302)
    before, after = comparison.before, comparison.after
    assert f"{before.score}/100 (grade {before.grade}) → {after.score}/100" in text
    assert text.count("Not legal advice") == 1
    first_call = next(c for c in bot.api.called("sendMessage") if c.params["chat_id"] == 302)
    assert first_call.params["reply_parameters"]["message_id"] == first["message_id"]


async def test_album_without_a_command_is_analysed_item_by_item(bot: Bot) -> None:
    _quick(bot)
    member = bot.api.user(303)
    chat = bot.api.private_chat(member)
    for name, data in (("july.md", JULY), ("august.md", AUGUST)):
        doc = bot.api.add_file(data, name, MD)
        bot.api.post(chat, member, None, document=doc, media_group_id="album-2")
    await bot.wait_handled(2)
    assert [i.attachment.filename for i in bot.handled if i.attachment] == [
        "july.md",
        "august.md",
    ]


async def test_identical_album_says_no_changes(bot: Bot) -> None:
    _quick(bot)
    member = bot.api.user(304)
    chat = bot.api.private_chat(member)
    for n, caption in ((1, "/compare"), (2, None)):
        doc = bot.api.add_file(AUGUST, f"v{n}.md", MD)
        bot.api.post(chat, member, caption, document=doc, media_group_id="album-3")
    await bot.wait_handled(1)
    assert "No changes: the two files are identical." in _seen(bot, 304)


async def test_a_broken_draft_gets_one_friendly_line(bot: Bot) -> None:
    _quick(bot)
    member = bot.api.user(305)
    chat = bot.api.private_chat(member)
    old = bot.api.add_file(JULY, "july.md", MD)
    bad = bot.api.add_file(b"%PDF-1.7\n1 0 obj broken", "v2.pdf", "application/pdf")
    bot.api.post(chat, member, "/compare", document=old, media_group_id="album-4")
    bot.api.post(chat, member, None, document=bad, media_group_id="album-4")
    await bot.wait_handled(1)
    await bot.quiesce()
    assert shown(bot, 305) == expected(draft_error_reply(1, "v2.pdf", CorruptFile.user_message))


async def test_compare_alone_asks_for_two_drafts(bot: Bot) -> None:
    _quick(bot)
    member = bot.api.user(306)
    chat = bot.api.private_chat(member)
    bot.api.post(chat, member, "/compare")
    await bot.wait_handled(1)
    assert "I need exactly two drafts" in _seen(bot, 306)
