"""Contract files: analysis, bad files, size limits, and contracts posted in groups."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from analyzers import CorruptFile, EmptyDocument, UnsupportedFileType
from analyzers.errors import FileTooLarge
from analyzers.extract.images import DamagedImage
from analyzers.extract.sniff import UNSUPPORTED_MESSAGE
from bot.service import Service
from responses import guide, status
from tests.pdfs import damaged_pdf
from tests.service.conftest import (
    CONTRACT,
    CORPUS,
    FILENAME,
    PHRASE,
    Ask,
    FakeFile,
    RecordingOutbox,
    make_config,
    make_pdf,
    message,
)

MakeService = Callable[..., Service]
# Common Paper Independent Contractor Agreement (CC BY 4.0, Common Paper, Inc.).
AGREEMENT = CORPUS / "contract_common-paper-independent-contractor-agreement.txt"


async def test_pdf_in_a_private_chat(ask: Ask, service: Service) -> None:
    pdf = make_pdf(CONTRACT)
    file = FakeFile(pdf)
    outbox = await ask(attachment=file.attachment())
    assert outbox.statuses == [status.working_text(None, "file")]
    assert outbox.kinds == ["contract"]
    assert "Score" in outbox.text and FILENAME in outbox.text  # the member's own chat
    assert PHRASE in " ".join(outbox.text.split())  # the quote of the AI clause
    assert any(a.startswith("fb:") for a in outbox.buttons())
    [row] = service.storage.rows("analyses")
    assert (row["kind"], row["pages"], row["doc_sha256"]) == (
        "file",
        1,
        service.storage.document_key(pdf),  # keyed: a guess at the file cannot be confirmed
    )
    assert row["doc_sha256"] != hashlib.sha256(pdf).hexdigest()
    assert "ai_training_grant" in row["categories"]


async def test_text_file_with_analyze_command(ask: Ask) -> None:
    file = FakeFile(AGREEMENT.read_bytes(), filename="agreement.txt")
    outbox = await ask("/analyze", attachment=file.attachment())
    assert outbox.kinds == ["contract"]
    assert file.fetches == 1


async def test_analyze_without_a_file_explains_how(ask: Ask) -> None:
    assert (await ask("/analyze")).replies == [guide.ask_for_file_reply()]


async def test_corrupt_file(ask: Ask) -> None:
    outbox = await ask(attachment=FakeFile(damaged_pdf()).attachment())
    assert outbox.replies == [status.error_reply(CorruptFile().user_message)]


async def test_empty_file(ask: Ask) -> None:
    outbox = await ask(attachment=FakeFile(b"", filename="contract.txt").attachment())
    assert outbox.replies == [status.error_reply(EmptyDocument().user_message)]


async def test_wrong_type_by_name_is_refused_without_download(ask: Ask) -> None:
    animation = FakeFile(b"GIF89a" + bytes(100), filename="funny.gif")
    outbox = await ask(attachment=animation.attachment())
    assert outbox.replies == [status.error_reply(UNSUPPORTED_MESSAGE)]
    assert "JPEG, PNG or WebP" in UNSUPPORTED_MESSAGE
    assert animation.fetches == 0


async def test_wrong_type_by_content(ask: Ask) -> None:
    disguised = FakeFile(b"GIF89a" + bytes(100), filename="contract.pdf")
    outbox = await ask(attachment=disguised.attachment())
    assert outbox.replies == [
        status.error_reply(UnsupportedFileType(UNSUPPORTED_MESSAGE).user_message)
    ]


async def test_damaged_picture_is_answered_as_damaged(ask: Ask) -> None:
    photo = FakeFile(b"\x89PNG\r\n\x1a\n" + bytes(100), filename="photo.png")
    outbox = await ask(attachment=photo.attachment())
    assert outbox.replies == [status.error_reply(DamagedImage().user_message)]
    assert photo.fetches == 1


async def test_oversize_file_is_never_downloaded(make_service: MakeService) -> None:
    service = make_service(make_config(bot={"max_file_mb": 1.0}))
    big = FakeFile(b"x", size=1_500_000)
    outbox = RecordingOutbox()
    await service.handle(message(attachment=big.attachment()), outbox)
    assert outbox.replies == [status.error_reply(FileTooLarge(1_500_000, 1_000_000).user_message)]
    assert big.fetches == 0
    assert outbox.statuses == []


async def test_file_without_a_size_is_checked_after_download(make_service: MakeService) -> None:
    service = make_service(make_config(bot={"max_file_mb": 0.001}))
    unknown = FakeFile(b"The Client shall pay. " * 100, filename="c.txt", size=None)
    outbox = RecordingOutbox()
    await service.handle(message(attachment=unknown.attachment()), outbox)
    assert outbox.replies == [status.error_reply(FileTooLarge(2200, 1000).user_message)]


# --- groups ----------------------------------------------------------------------------------


async def test_unaddressed_group_chatter_is_ignored(ask: Ask, service: Service) -> None:
    for text in ("hello all", CONTRACT, "/help"):
        outbox = await ask(text, private=False, addressed=False, server_id="s1")
        assert outbox.replies == [] and outbox.statuses == []
    assert service.storage.counts() == {"analyses": 0, "feedback": 0, "prefs": 0, "rate": 0}


async def test_addressed_group_message_is_answered(ask: Ask) -> None:
    outbox = await ask("/help@ClauseScoutBot", private=False, addressed=True, server_id="s1")
    assert outbox.replies == [guide.help_reply()]


async def test_contract_posted_publicly_without_asking_gets_only_the_nudge(ask: Ask) -> None:
    file = FakeFile(make_pdf(CONTRACT))
    outbox = await ask(attachment=file.attachment(), private=False, addressed=False, server_id="s1")
    assert outbox.replies == [status.dm_nudge_reply(analysed=False)]
    assert file.fetches == 0


async def test_contract_asked_about_in_a_dm_only_server_gets_only_the_nudge(
    make_service: MakeService,
) -> None:
    service = make_service(make_config(community={"dm_only": ["s1"]}))
    outbox = RecordingOutbox()
    file = FakeFile(make_pdf(CONTRACT))
    await service.handle(
        message(attachment=file.attachment(), private=False, server_id="s1"), outbox
    )
    assert outbox.replies == [status.dm_nudge_reply(analysed=False)]
    assert file.fetches == 0


async def test_legacy_allow_list_keeps_its_servers_summarised_and_others_dm_only(
    make_service: MakeService,
) -> None:
    service = make_service(make_config(bot={"analyze_public_posts": ["s1"]}))
    for server, kinds in (("s1", ["contract_summary"]), ("s2", ["dm_nudge"])):
        outbox = RecordingOutbox()
        file = FakeFile(make_pdf(CONTRACT))
        incoming = message(attachment=file.attachment(), private=False, server_id=server)
        await service.handle(incoming, outbox)
        assert outbox.kinds == kinds
        assert file.fetches == (1 if server == "s1" else 0)
        shown = " ".join(outbox.text.split())
        assert PHRASE not in shown and FILENAME not in shown


async def test_long_pasted_contract_in_a_group_is_summarised(ask: Ask) -> None:
    outbox = await ask(CONTRACT, private=False, addressed=True, server_id="s1")
    assert outbox.kinds == ["contract_summary"]
    assert PHRASE not in " ".join(outbox.text.split())


async def test_non_document_posted_in_a_group_is_ignored(ask: Ask) -> None:
    photo = FakeFile(b"\x89PNG", filename="cat.png")
    outbox = await ask(attachment=photo.attachment(), private=False, addressed=False)
    assert outbox.replies == [] and photo.fetches == 0
