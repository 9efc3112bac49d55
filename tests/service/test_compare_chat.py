"""``/compare`` through the service and the console: two drafts in, the comparison out."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from analyzers import CorruptFile, analyze_file
from analyzers.compare import compare_reports
from analyzers.errors import UnsupportedFileType
from bot.adapters.console import ConsoleAdapter
from bot.service import Service
from responses import guide, plain_format, status
from responses.compare import compare_reply, draft_error_reply, headline
from tests.service.conftest import FakeFile, RecordingOutbox, make_config, message

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"
# Zoom Terms of Service, sections 9-11, as archived on 2023-07-28 and 2023-08-11.
ZOOM_JULY = PAIRS / "zoom_2023-07-27_s9-11.md"
ZOOM_AUGUST = PAIRS / "zoom_2023-08-11_s9-11.md"
BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without an end"


def _zoom_reply() -> str:
    before = analyze_file(ZOOM_JULY.read_bytes(), ZOOM_JULY.name)
    after = analyze_file(ZOOM_AUGUST.read_bytes(), ZOOM_AUGUST.name)
    comparison = compare_reports(before, after)
    reply = compare_reply(comparison, old_name=ZOOM_JULY.name, new_name=ZOOM_AUGUST.name)
    return plain_format.render(reply)


async def _compare(service: Service, *files: FakeFile, **fields: object) -> RecordingOutbox:
    outbox = RecordingOutbox()
    incoming = replace(
        message("/compare", **fields),  # type: ignore[arg-type]
        attachments=tuple(f.attachment() for f in files),
    )
    await service.handle(incoming, outbox)
    return outbox


async def test_two_drafts_get_the_comparison(service: Service) -> None:
    old = FakeFile(ZOOM_JULY.read_bytes(), ZOOM_JULY.name)
    new = FakeFile(ZOOM_AUGUST.read_bytes(), ZOOM_AUGUST.name)
    outbox = await _compare(service, old, new)

    assert outbox.text == _zoom_reply()
    assert "The AI-training permission is gone" in outbox.text
    assert (old.fetches, new.fetches) == (1, 1)


async def test_replied_draft_is_the_earlier_one(service: Service) -> None:
    old = FakeFile(ZOOM_JULY.read_bytes(), ZOOM_JULY.name)
    new = FakeFile(ZOOM_AUGUST.read_bytes(), ZOOM_AUGUST.name)
    outbox = RecordingOutbox()
    incoming = replace(
        message("/compare"),
        attachments=(new.attachment(),),
        reply_to_attachments=(old.attachment(),),
    )
    await service.handle(incoming, outbox)
    assert outbox.text == _zoom_reply()


async def test_not_two_drafts_asks_for_them_without_downloading(service: Service) -> None:
    one = FakeFile(ZOOM_JULY.read_bytes(), ZOOM_JULY.name)
    outbox = await _compare(service, one)
    assert outbox.replies == [guide.ask_for_drafts_reply(1)]
    outbox = await _compare(service, one, one, one)
    assert outbox.replies == [guide.ask_for_drafts_reply(3)]
    assert one.fetches == 0


async def test_a_bad_draft_gets_one_line_naming_it(service: Service) -> None:
    old = FakeFile(ZOOM_JULY.read_bytes(), ZOOM_JULY.name)
    outbox = await _compare(service, old, FakeFile(BROKEN_PDF, "v2.pdf"))
    assert outbox.replies == [draft_error_reply(1, "v2.pdf", CorruptFile.user_message)]
    (block,) = outbox.replies[0].blocks
    assert block.text.startswith("The later draft (v2.pdf): ") and "\n" not in block.text

    photo = FakeFile(b"\xff\xd8\xff\xe0 not a contract", "photo.jpg")
    outbox = await _compare(service, photo, old)
    assert outbox.replies == [draft_error_reply(0, "photo.jpg", UnsupportedFileType.user_message)]
    assert photo.fetches == 0


async def test_in_a_server_only_where_allowed_and_without_quotes(
    make_service: Callable[..., Service],
) -> None:
    old = FakeFile(ZOOM_JULY.read_bytes(), ZOOM_JULY.name)
    new = FakeFile(ZOOM_AUGUST.read_bytes(), ZOOM_AUGUST.name)
    dm_only = make_config(community={"dm_only": ["s1"]})
    closed = await _compare(make_service(dm_only), old, new, private=False, server_id="s1")
    assert closed.replies == [status.dm_nudge_reply(analysed=False)] and old.fetches == 0

    open_ = await _compare(make_service(), old, new, private=False, server_id="s1")
    assert "The AI-training permission is gone" in open_.text
    assert open_.replies[-1] == status.dm_nudge_reply(analysed=True)
    assert ZOOM_JULY.name not in open_.text and "machine learning" not in open_.text


async def test_console_compares_two_paths(service: Service, tmp_path: Path) -> None:
    old, new = tmp_path / "old draft.md", tmp_path / "new.md"
    old.write_bytes(ZOOM_JULY.read_bytes())
    new.write_bytes(ZOOM_AUGUST.read_bytes())
    same = tmp_path / "same.md"
    same.write_bytes(ZOOM_AUGUST.read_bytes())
    script = f"/compare '{old}' {new}\n/compare {new} {same}\n/compare {new}\n/help\n"
    stdout = io.StringIO()
    adapter = ConsoleAdapter(service, service.config, stdin=io.StringIO(script), stdout=stdout)
    await adapter.run()
    out = " ".join(stdout.getvalue().split())  # the console wraps long lines

    before = analyze_file(ZOOM_JULY.read_bytes(), "a.md")
    after = analyze_file(ZOOM_AUGUST.read_bytes(), "b.md")
    assert headline(compare_reports(before, after)) in out
    assert f"{before.score}/100" in out and f"{after.score}/100" in out
    assert "old draft.md → new.md" in out
    assert "No changes: the two files are identical." in out
    assert " ".join(plain_format.render(guide.ask_for_drafts_reply(1, local=True)).split()) in out
    assert "/compare old.pdf new.pdf" in out  # the help text


async def test_console_names_a_missing_path(service: Service, tmp_path: Path) -> None:
    stdout = io.StringIO()
    script = f"/compare {ZOOM_JULY} {tmp_path / 'nope.md'}\n"
    adapter = ConsoleAdapter(service, service.config, stdin=io.StringIO(script), stdout=stdout)
    await adapter.run()
    assert f"No readable file at {tmp_path / 'nope.md'}" in stdout.getvalue()
