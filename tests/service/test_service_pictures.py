"""Photos and scans through the service: one picture, several as one contract, the page cap
before any download, progress in the status note, and no OCR engine."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from analyzers.extract.ocr import OcrUnavailable, TooManyScannedPages
from analyzers.limits import DEFAULT_LIMITS
from bot.events import Incoming
from bot.service import Service, is_picture, pictures_of
from responses import status
from tests.ocr_pictures import AI_CLAUSE, PAYMENT_CLAUSE, page_picture, png
from tests.service.conftest import FakeFile, RecordingOutbox, make_config, message

SCAN_NOTE = "Read from a scan: check the wording."
MakeService = Callable[..., Service]


def _album(*files: FakeFile) -> Incoming:
    attachments = tuple(f.attachment() for f in files)
    return dataclasses.replace(
        message(attachment=attachments[0]), attachment=attachments[0], attachments=attachments
    )


def test_pictures_are_told_by_name_or_by_type() -> None:
    assert is_picture(FakeFile(b"", filename="IMG_1.JPG").attachment())
    assert is_picture(FakeFile(b"", filename="scan.webp").attachment())
    assert not is_picture(FakeFile(b"", filename="contract.pdf").attachment())
    unnamed = dataclasses.replace(FakeFile(b"", filename="").attachment(), content_type="image/png")
    assert is_picture(unnamed)
    mixed = _album(FakeFile(b"", filename="a.jpg"), FakeFile(b"", filename="b.pdf"))
    assert pictures_of(mixed) == ()


@pytest.mark.usefixtures("tesseract")
@pytest.mark.timeout(180)
async def test_two_pictures_in_one_message_are_one_contract(service: Service) -> None:
    first = FakeFile(png(page_picture(PAYMENT_CLAUSE)), filename="p1.png")
    second = FakeFile(png(page_picture(AI_CLAUSE)), filename="p2.png")
    outbox = RecordingOutbox()

    await service.handle(_album(first, second), outbox)

    assert outbox.kinds == ["contract"]
    assert first.fetches == second.fetches == 1
    assert "Contract check: 2 photos" in outbox.text
    assert "Section 2, page 1" in outbox.text and "Section 4, page 2" in outbox.text
    assert outbox.text.count(SCAN_NOTE) >= 2
    # The status note says how far the reading is, page by page, in order.
    notes = [s for s in outbox.statuses if s]
    assert notes[0] == status.scan_progress_text(0, 2)
    assert status.scan_progress_text(1, 2) in notes or status.scan_progress_text(2, 2) in notes


async def test_more_pictures_than_the_cap_are_refused_before_download(service: Service) -> None:
    cap = DEFAULT_LIMITS.ocr_max_pages
    files = [FakeFile(b"\xff\xd8\xff", filename=f"p{n}.jpg") for n in range(cap + 1)]
    outbox = RecordingOutbox()

    await service.handle(_album(*files), outbox)

    refusal = TooManyScannedPages(cap + 1, cap).user_message
    assert outbox.replies == [status.error_reply(refusal)]
    assert all(f.fetches == 0 for f in files)


async def test_without_tesseract_a_photo_gets_a_plain_answer(make_service: MakeService) -> None:
    service = make_service(slow_worker=True)  # its worker can hide Tesseract (NO-OCR)
    photo = FakeFile(b"NO-OCR\n" + png(page_picture(AI_CLAUSE)), "page.png")
    outbox = RecordingOutbox()
    await service.handle(message(attachment=photo.attachment()), outbox)
    assert outbox.replies == [status.error_reply(OcrUnavailable().user_message)]
    assert "sudo apt-get install tesseract-ocr" in outbox.text


def _public_album(*files: FakeFile) -> Incoming:
    album = _album(*files)
    return dataclasses.replace(
        album, is_private=False, server_id="guild-77", chat_id="group-1", platform="discord"
    )


async def test_an_album_in_a_dm_only_community_is_never_downloaded(
    make_service: MakeService,
) -> None:
    service = make_service(make_config(community={"mode": "dm_only"}))
    files = [FakeFile(b"\xff\xd8\xff", filename=f"p{n}.jpg") for n in range(2)]
    outbox = RecordingOutbox()
    await service.handle(_public_album(*files), outbox)
    assert outbox.replies == [status.dm_nudge_reply(analysed=False)]
    assert all(f.fetches == 0 for f in files)


@pytest.mark.usefixtures("tesseract")
@pytest.mark.timeout(180)
async def test_an_album_in_public_gets_the_summary_without_quotes(service: Service) -> None:
    files = [
        FakeFile(png(page_picture(PAYMENT_CLAUSE)), filename="p1.png"),
        FakeFile(png(page_picture(AI_CLAUSE)), filename="p2.png"),
    ]
    outbox = RecordingOutbox()
    await service.handle(_public_album(*files), outbox)
    assert outbox.kinds[0] == "contract_summary"
    shown = " ".join(outbox.text.split())
    assert "train artificial intelligence" not in shown and "photos" not in shown
