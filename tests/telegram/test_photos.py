"""Photos of contract pages on Telegram: a photo, a picture sent as a file, an album of
pages (one contract, in send order), through the real PTB code and the fake Bot API."""

from __future__ import annotations

import pytest

from tests.ocr_pictures import AI_CLAUSE, PAYMENT_CLAUSE, page_picture, photo_of, png
from tests.telegram.conftest import Bot, shown

pytestmark = [pytest.mark.usefixtures("tesseract"), pytest.mark.timeout(180)]
SCAN_NOTE = "Read from a scan: check the wording."


def _text(bot: Bot, chat_id: int) -> str:
    return "\n".join(text for text, _ in shown(bot, chat_id))


async def test_photo_is_read_and_its_findings_say_so(bot: Bot) -> None:
    member = bot.api.user(501)
    chat = bot.api.private_chat(member)
    bot.api.post(chat, member, None, photo=bot.api.add_photo(photo_of(AI_CLAUSE)))
    await bot.wait_handled(1, 120)
    await bot.quiesce()

    assert len(bot.api.called("getFile")) == 1
    assert [path.split("/")[0] for path in bot.api.downloads] == ["photos"]
    text = _text(bot, 501)
    assert "AI training" in text and "Contract check" in text
    assert SCAN_NOTE in text
    assert "read from a scan" in text


async def test_largest_photo_size_is_downloaded(bot: Bot) -> None:
    member = bot.api.user(502)
    chat = bot.api.private_chat(member)
    sizes = bot.api.add_photo(photo_of(PAYMENT_CLAUSE))
    bot.api.post(chat, member, None, photo=sizes)
    await bot.wait_handled(1, 120)
    await bot.quiesce()
    assert [c.params["file_id"] for c in bot.api.called("getFile")] == [sizes[-1]["file_id"]]


async def test_picture_sent_as_a_file_is_read(bot: Bot) -> None:
    member = bot.api.user(503)
    chat = bot.api.private_chat(member)
    picture = bot.api.add_file(png(page_picture(AI_CLAUSE)), "page1.png", "image/png")
    bot.api.post(chat, member, None, document=picture)
    await bot.wait_handled(1, 120)
    await bot.quiesce()
    assert SCAN_NOTE in _text(bot, 503)


async def test_album_of_pages_is_one_contract_in_send_order(bot: Bot) -> None:
    bot.adapter.album_wait_s = 0.3  # the collection window; items arrive at once here
    bot.adapter.status_delay_s = 0.0  # show the status note (and its progress) at once
    member = bot.api.user(504)
    chat = bot.api.private_chat(member)
    first = bot.api.post(
        chat, member, None, photo=bot.api.add_photo(photo_of(PAYMENT_CLAUSE)), media_group_id="a1"
    )
    bot.api.post(
        chat, member, None, photo=bot.api.add_photo(photo_of(AI_CLAUSE)), media_group_id="a1"
    )
    await bot.wait_handled(1, 120)
    await bot.quiesce()

    assert len(bot.handled) == 1  # one contract, not one answer per photo
    assert len(bot.handled[0].attachments) == 2
    text = _text(bot, 504)
    assert "2 pages" in text
    # In send order: the payment clause is on page 1, the AI clause on page 2.
    assert "Section 2, page 1" in text and "Section 4, page 2" in text
    notes = [c.params["text"] for c in bot.api.called("sendMessage")] + [
        c.params["text"] for c in bot.api.called("editMessageText")
    ]
    assert any("page 1 of 2" in note or "page 2 of 2" in note for note in notes)
    replies = [c for c in bot.api.called("sendMessage") if c.params["chat_id"] == 504]
    assert replies[0].params["reply_parameters"]["message_id"] == first["message_id"]
