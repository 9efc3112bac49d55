"""The console adapter, driven by an in-process stream and by a pipe."""

from __future__ import annotations

import getpass
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter, MessageSplitter
from bot.service import Service
from responses import plain_format, texts
from responses.limits import REPORT_FILENAME
from tests.service.conftest import (
    AI_CLAUSE,
    CONTRACT,
    CORPUS,
    RecordingOutbox,
    make_pdf,
    message,
)

ROOT = Path(__file__).resolve().parents[2]
# Common Paper Professional Services Agreement (CC BY 4.0): long enough for a report file.
AGREEMENT = CORPUS / "contract_common-paper-professional-services-agreement.txt"


async def talk(service: Service, script: str, out_dir: Path) -> str:
    stdout = io.StringIO()
    adapter = ConsoleAdapter(
        service, service.config, stdin=io.StringIO(script), stdout=stdout, out_dir=out_dir
    )
    await adapter.run()
    return stdout.getvalue()


def test_message_boundaries() -> None:
    splitter = MessageSplitter()
    lines = ["first line of a clause", "second line", "", "/help", "2", "tail", "/noai"]
    messages = [m for line in lines for m in splitter.feed(line + "\n")]
    assert messages == ["first line of a clause\nsecond line", "/help", "2", "tail", "/noai"]
    assert splitter.feed("end of input without a blank line\n") == []
    assert splitter.flush() == ["end of input without a blank line"]


async def test_a_conversation(make_service: Callable[..., Service], tmp_path: Path) -> None:
    service = make_service()
    half = len(AI_CLAUSE) // 2
    contract = tmp_path / "contract.pdf"
    contract.write_bytes(make_pdf(CONTRACT))
    script = "\n".join(
        [
            "/help",
            AI_CLAUSE[:half],  # a clause pasted over two lines
            AI_CLAUSE[half:],
            "",
            "1",  # press the first button: "useful" on finding 1
            "/noai",
            "2",  # the second template
            "1",  # its download button
            f"/analyze {contract}",
            "/analyze /no/such/file.pdf",
            "/history",
            "/forget",
            "1",
        ]
    )
    out = await talk(service, script, tmp_path)
    assert plain_format.render(texts.help_reply()) in out
    assert "Yes, this clause is risky" in out
    assert plain_format.render(texts.feedback_thanks_reply(True)) in out
    assert (tmp_path / "clausescout-noai-specific.docx").stat().st_size > 0
    assert (tmp_path / "clausescout-noai-specific.md").read_text().strip()
    assert "Reading your contract" in out and "Contract check: contract.pdf" in out
    assert "No readable file at /no/such/file.pdf" in out
    assert "Your checks (2)" in out
    assert "Deleted 2 saved checks" in out
    after = service.storage.counts(service.storage.user_key("console", getpass.getuser()))
    assert (after["analyses"], after["feedback"]) == (0, 0)


async def test_question_refers_to_the_text_pasted_before(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    out = await talk(make_service(), f"{AI_CLAUSE}\n\nis this fair?\n", tmp_path)
    assert out.count("Yes, this clause is risky") == 2


def test_console_over_a_pipe(tmp_path: Path) -> None:
    """`clausescout console` with stdin a pipe, as a script would drive it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CLAUSESCOUT_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console", "--out-dir", str(tmp_path / "out")],
        input=f"/start\n{AI_CLAUSE}\n\n/noai rider\n1\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Hi, I'm ClauseScout" in done.stdout
    assert "Yes, this clause is risky" in done.stdout
    assert (tmp_path / "out" / "clausescout-noai-rider.docx").exists()
    assert (tmp_path / "clausescout.db").exists()  # the default database, in the working dir
    assert "Traceback" not in done.stderr


class _Watching(io.StringIO):
    """Console output that notes, as each "Saved" line is printed, the file's mode."""

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[tuple[Path, int, int]] = []

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.startswith("Saved "):
                path = Path(line.split(" to ", 1)[1].split(" (", 1)[0])
                self.saved.append((path, path.stat().st_mode & 0o777, path.parent.stat().st_mode))
        return super().write(text)


async def _analyse_long_contract(service: Service, out_dir: Path | None) -> _Watching:
    stdout = _Watching()
    adapter = ConsoleAdapter(
        service,
        service.config,
        stdin=io.StringIO(f"/analyze {AGREEMENT}\n"),
        stdout=stdout,
        out_dir=out_dir,
    )
    await adapter.run()
    return stdout


async def test_the_report_file_is_private_and_gone_when_the_console_ends(
    make_service: Callable[..., Service], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = await _analyse_long_contract(make_service(), None)
    [(path, mode, folder_mode)] = out.saved
    assert path.name == REPORT_FILENAME and "(private, deleted when you quit)" in out.getvalue()
    assert mode == 0o600 and folder_mode & 0o077 == 0
    assert not path.exists() and not path.parent.exists()  # deleted at the end
    assert os.listdir(tmp_path) == []  # nothing in the working directory


async def test_with_an_out_dir_the_report_is_saved_there_privately_once(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    service = make_service()
    for _ in range(2):
        out = await _analyse_long_contract(service, tmp_path / "reports")
        [(path, mode, _)] = out.saved
        assert path == tmp_path / "reports" / REPORT_FILENAME and mode == 0o600
    assert [p.name for p in (tmp_path / "reports").iterdir()] == [REPORT_FILENAME]
    assert path.read_text(encoding="utf-8").startswith("# ClauseScout report")


async def test_privacy_in_the_console_says_where_files_go(
    make_service: Callable[..., Service],
) -> None:
    service = make_service()
    replies = {}
    for platform in ("console", "telegram"):
        outbox = RecordingOutbox()
        await service.handle(message("/privacy", platform=platform), outbox)
        replies[platform] = " ".join(outbox.text.split())
    assert "--out-dir" in replies["console"] and "deleted when you quit" in replies["console"]
    assert "stays in this chat" in replies["telegram"] and "--out-dir" not in replies["telegram"]
    for text in replies.values():
        assert "I never store contract text" in text
