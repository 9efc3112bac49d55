"""Photos and scans of contract pages posted on Discord, end to end through a fake Discord:
one image, and several images in one message (one contract, in the order attached)."""

from __future__ import annotations

import pytest

from tests.discord.conftest import assert_within_limits
from tests.fakes.discord_api import Posted
from tests.ocr_pictures import AI_CLAUSE, PAYMENT_CLAUSE, page_picture, photo_of, png

pytestmark = [pytest.mark.usefixtures("tesseract"), pytest.mark.timeout(180)]
SCAN_NOTE = "Read from a scan: check the wording."


def _text(posted: list[Posted]) -> str:
    return "\n".join(p.text() for p in posted)


async def test_dm_photo_is_read_and_its_findings_say_so(start_bot, fake):
    bot = await start_bot()
    photo = fake.attachment(
        "IMG_2041.jpg", photo_of(AI_CLAUSE), content_type="image/jpeg", dimensions=(1984, 2727)
    )
    message = fake.message(fake.user("ida"), "", dm=True, attachments=[photo])
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    assert len(fake.requests_to("GET", f"/cdn/attachments/{fake.channel_id}/{photo['id']}/")) == 1
    assert posted[0].reply_to == message["id"]
    text = _text(posted)
    assert "AI training" in text and SCAN_NOTE in text and "read from a scan" in text
    for p in posted:
        assert_within_limits(p)


async def test_several_images_in_one_message_are_one_contract_in_order(start_bot, fake):
    bot = await start_bot()
    pages = [
        fake.attachment("p1.png", png(page_picture(PAYMENT_CLAUSE)), content_type="image/png"),
        fake.attachment("p2.png", png(page_picture(AI_CLAUSE)), content_type="image/png"),
    ]
    message = fake.message(fake.user("jo"), "", dm=True, attachments=pages)
    await fake.dispatch("MESSAGE_CREATE", message)
    posted = await bot.settle()

    text = _text(posted)
    assert text.count("Contract check") == 1  # one answer for both pictures
    assert "2 pages" in text
    assert "page 1" in text and "page 2" in text
    for page in pages:
        assert len(fake.requests_to("GET", f"/cdn/attachments/{fake.channel_id}/{page['id']}/"))
