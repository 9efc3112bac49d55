"""Hostile files, as an attacker would send them: every class ends with one friendly line.

Bombs (nested PDF forms, deflate streams, DOCX paragraphs and elements, forged zip sizes),
a PDF only the slow fallback reads, one whose reading logs contract text, damaged PDFs,
and text that looks binary or like a PDF. Each goes through the analyzer in this process
(memory measured with tracemalloc), through the bot's service (worker processes with the
memory limit) and through ``clausescout analyze`` in a subprocess, whose streams are
checked for contract text. Files are generated in memory (``tests/hostile.py``); timeouts
are only hang guards: ``bench/hostile.py`` prints the times and peaks.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tracemalloc
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from analyzers import (
    ClauseScoutError,
    CorruptFile,
    TooComplex,
    TooManyLines,
    analyze_file,
)
from analyzers.errors import SLOW_REPAIR_MESSAGE
from analyzers.extract import extract
from analyzers.extract.images import DamagedImage, ImageTooLarge
from analyzers.limits import Limits
from bot.service import Service
from bot.storage import Storage
from responses import status
from tests import hostile
from tests.service.conftest import AI_CLAUSE, FakeFile, RecordingOutbox, make_config, message

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


@dataclass(frozen=True)
class Case:
    build: Callable[[], bytes]
    filename: str
    # The member's message, or None: the file is read and analysed.
    message: str | None
    # A bomb: what Python allocates reading it is measured.
    bomb: bool = False
    # Whether the analyzer may run it in this process (the XObject bomb exhausts PDFium's
    # memory: only a worker's limit stops it).
    in_process: bool = True
    # Also run through `clausescout analyze` in a subprocess (the classes whose trouble was
    # the process itself: a crash, a stream, a misread type).
    cli: bool = False


TOO_COMPLEX = TooComplex().user_message
DAMAGED = CorruptFile().user_message
TOO_MANY_LINES = TooManyLines(0, Limits().max_lines, at_least=True).user_message
PICTURE_TOO_LARGE = ImageTooLarge(0, 0, Limits().max_image_pixels).user_message
CASES = {
    "pdf-xobject-bomb": Case(
        hostile.xobject_bomb, "bomb.pdf", TOO_COMPLEX, bomb=True, in_process=False, cli=True
    ),
    "pdf-flate-bomb": Case(hostile.flate_bomb_pdf, "bomb.pdf", TOO_COMPLEX, bomb=True),
    "pdf-slow-fallback": Case(hostile.slow_fallback_pdf, "slow.pdf", SLOW_REPAIR_MESSAGE),
    "pdf-leaky-fallback": Case(hostile.leaky_fallback_pdf, "leaky.pdf", None, cli=True),
    "pdf-damaged-streams": Case(hostile.damaged_text_pdf, "damaged.pdf", DAMAGED),
    "docx-paragraph-bomb": Case(
        hostile.paragraph_bomb_docx, "bomb.docx", TOO_MANY_LINES, bomb=True
    ),
    # Bounded by the element cap, not measured: tracing 400,000 elements takes seconds.
    "docx-empty-run-bomb": Case(hostile.empty_run_bomb_docx, "bomb.docx", TOO_COMPLEX),
    "docx-deep-nesting": Case(hostile.deep_nesting_docx, "deep.docx", DAMAGED),
    "docx-styles-bomb": Case(hostile.styles_bomb_docx, "styles.docx", TOO_COMPLEX, bomb=True),
    "docx-forged-size": Case(hostile.forged_size_docx, "forged.docx", TOO_COMPLEX, bomb=True),
    "png-pixel-bomb": Case(hostile.png_pixel_bomb, "bomb.png", TOO_COMPLEX, bomb=True),
    "png-oversized": Case(hostile.png_oversized, "big.png", PICTURE_TOO_LARGE, bomb=True),
    "jpeg-truncated": Case(hostile.jpeg_truncated, "photo.jpg", DamagedImage().user_message),
    "txt-with-nuls": Case(hostile.text_with_nuls, "contract.txt", None),
    "txt-pdf-signature": Case(hostile.text_starting_like_a_pdf, "notes.txt", None, cli=True),
}
IN_PROCESS = [name for name, case in CASES.items() if case.in_process]


# --- the analyzer, in this process ---------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", IN_PROCESS)
def test_the_analyzer_answers_each_class_within_bounded_memory(name: str) -> None:
    case = CASES[name]
    data = case.build()
    assert len(data) < 2 * MB  # small to send
    if case.bomb:
        tracemalloc.start()
    try:
        outcome: str | None = None
        try:
            report = analyze_file(data, case.filename)
        except ClauseScoutError as error:
            outcome = error.user_message
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome == case.message
    if outcome is None:
        assert report.stats.chars > 200  # the whole contract was read
    # What Python allocates stays near the size of the text, not of what the file inflates
    # to (hundreds of megabytes to gigabytes here).
    assert peak < 64 * MB, f"{peak / MB:.0f} MB"


def test_readable_text_is_not_called_unreadable() -> None:
    for data in (hostile.text_with_nuls(), hostile.text_starting_like_a_pdf()):
        document = extract(data, "contract.txt")
        assert "The Client shall pay each invoice within thirty days" in document.text
        assert "\x00" not in document.text


def test_binary_data_is_still_refused_as_text() -> None:
    with pytest.raises(ClauseScoutError) as caught:
        extract(bytes(range(256)) * 40, "contract.txt")
    assert caught.value.code == "unsupported_type"
    # ... and a real PDF cut short is damaged, even before its first object is complete.
    with pytest.raises(CorruptFile):
        extract(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Cat", "cut.pdf")


def test_the_fallback_has_a_page_and_time_budget() -> None:
    leaky = hostile.leaky_fallback_pdf()
    assert "is confidential" in extract(leaky, "small.pdf").text  # it does read small files
    unfiltered = hostile.refused_by_pdfium(
        [hostile.text_ops(["The Client shall pay on a plain, unfiltered page."])] * 2, flate=False
    )
    assert "unfiltered page" in extract(unfiltered, "plain.pdf").text
    for data, limits in (
        (leaky, Limits(fallback_max_pages=1)),
        (leaky, Limits(fallback_seconds=0.0)),
        (leaky, Limits(fallback_max_inflated=100)),  # content, once inflated
        (unfiltered, Limits(fallback_max_inflated=100)),  # content as it is
    ):
        with pytest.raises(CorruptFile) as caught:
            extract(data, "small.pdf", limits=limits)
        assert caught.value.user_message == SLOW_REPAIR_MESSAGE


def test_a_zip_bomb_message_quotes_no_size() -> None:
    for build in (hostile.forged_size_docx, hostile.paragraph_bomb_docx):
        with pytest.raises(TooComplex) as caught:
            extract(build(), "bomb.docx", limits=Limits(max_unzipped_bytes=10 * MB))
        assert not any(ch.isdigit() for ch in caught.value.user_message)


def test_inflated_sizes_are_capped_per_stream_and_in_all() -> None:
    bomb = hostile.flate_bomb_pdf(inflated=40 * MB)
    with pytest.raises(TooComplex):
        extract(bomb, "bomb.pdf")  # one stream past max_stream_bytes
    with pytest.raises(TooComplex):
        extract(bomb, "bomb.pdf", limits=Limits(max_stream_bytes=100 * MB, max_unzipped_bytes=MB))
    with pytest.raises(TooComplex):
        extract(hostile.flate_bomb_pdf(inflated=100 * MB, ascii85=True), "bomb.pdf")
    modest = hostile.flate_bomb_pdf(inflated=2 * MB)  # a big but possible page
    assert "Client shall pay" in extract(modest, "page.pdf").text
    encoded = hostile.flate_bomb_pdf(inflated=2 * MB, ascii85=True)
    assert "Client shall pay" in extract(encoded, "page.pdf").text


# --- the service: worker processes, and everyone else still answered ------------------------


@pytest.fixture
async def hostile_service() -> AsyncIterator[Service]:
    # A tighter memory limit than the default, so the XObject bomb hits it sooner.
    config = make_config(bot={"worker_memory_mb": 160, "max_concurrent_jobs": 2})
    service = Service(config, Storage.memory())
    yield service
    await service.aclose(grace_s=5)
    service.storage.close()


@pytest.mark.timeout(90)
@pytest.mark.parametrize("name", sorted(CASES))
async def test_the_service_answers_each_class_with_one_friendly_reply(
    name: str, hostile_service: Service
) -> None:
    case = CASES[name]
    outbox = RecordingOutbox()
    attachment = FakeFile(case.build(), filename=case.filename).attachment()
    await hostile_service.handle(message(attachment=attachment), outbox)
    if case.message is None:
        assert outbox.kinds == ["contract"]
    else:
        assert outbox.replies == [status.error_reply(case.message)]


@pytest.mark.timeout(90)
async def test_other_members_are_answered_while_bombs_are_read(hostile_service: Service) -> None:
    bombs = [
        asyncio.create_task(
            hostile_service.handle(
                message(attachment=FakeFile(build(), filename=name).attachment(), user=user),
                RecordingOutbox(),
            )
        )
        for user, build, name in (
            ("mallory", hostile.xobject_bomb, "a.pdf"),
            ("trudy", hostile.empty_run_bomb_docx, "b.docx"),
        )
    ]
    await asyncio.sleep(0.2)  # both workers busy
    answers = []
    for text in ("/help", AI_CLAUSE):
        outbox = RecordingOutbox()
        await hostile_service.handle(message(text, user="alice"), outbox)
        answers.append(outbox.kinds)
        assert not all(bomb.done() for bomb in bombs)
    assert answers == [["help"], ["clause"]]
    await asyncio.gather(*bombs)


# --- clausescout analyze, in subprocesses ---------------------------------------------------


@pytest.mark.timeout(120)
def test_clausescout_analyze_answers_each_class_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for variable in ("CLAUSESCOUT_CONFIG", "CLAUSESCOUT_SALT"):
        env.pop(variable, None)
    config = tmp_path / "config.toml"
    config.write_text("[bot]\nworker_memory_mb = 160\n")  # the XObject bomb hits it sooner
    running = {}
    for name, case in CASES.items():
        if not case.cli:
            continue
        path = tmp_path / f"{name}-{case.filename}"
        path.write_bytes(case.build())
        running[name] = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "analyze", str(path), "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
        )
    for name, process in running.items():
        out, err = process.communicate(timeout=90)
        case = CASES[name]
        assert hostile.SECRET not in err, name
        assert "Traceback" not in out + err, name
        if case.message is None:
            assert (process.returncode, err) == (0, ""), name
            assert out.splitlines()[0].endswith(f"Contract check: {name}-{case.filename}"), name
        else:
            assert (process.returncode, out) == (2, ""), name
            assert err.splitlines() == [f"clausescout: {case.message}"], name
