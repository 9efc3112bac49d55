"""The console adapter, driven by an in-process stream and by a pipe."""

from __future__ import annotations

import contextlib
import getpass
import io
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO

import pytest

from bot.adapters.console import PROMPT, ConsoleAdapter, MessageSplitter
from bot.service import Service
from responses import feedback, guide, plain_format
from responses.limits import REPORT_FILENAME
from tests.service.conftest import (
    AI_CLAUSE,
    CONTRACT,
    CORPUS,
    RecordingOutbox,
    make_config,
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
    assert plain_format.render(guide.help_reply(local=True)) in out
    assert "Yes, this clause is risky" in out
    assert plain_format.render(feedback.thanks_reply(True)) in out
    assert (tmp_path / "clausescout-noai-specific.docx").stat().st_size > 0
    assert (tmp_path / "clausescout-noai-specific.md").read_text().strip()
    assert "Reading your contract" in out and "Contract check: contract.pdf" in out
    assert "No readable file at /no/such/file.pdf" in out
    assert "Your checks (2)" in out
    assert "Deleted 2 saved checks" in out
    assert service.storage.counts(service.storage.user_key("console", getpass.getuser())) == {
        "analyses": 0,
        "feedback": 0,
        "prefs": 0,
        "rate": 0,
    }


async def test_question_refers_to_the_text_pasted_before(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    out = await talk(make_service(), f"{AI_CLAUSE}\n\nis this fair?\n", tmp_path)
    assert out.count("Yes, this clause is risky") == 2


def test_console_over_a_pipe(tmp_path: Path, _data_dir: Path) -> None:
    """`clausescout console` with stdin a pipe, as a script would drive it; files and the
    database go to the user's data directory, not the working directory."""
    done = _console(tmp_path, f"/start\n{AI_CLAUSE}\n\n/noai rider\n1\n")
    assert done.returncode == 0, done.stderr
    assert "Hi, I'm ClauseScout" in done.stdout
    assert "Yes, this clause is risky" in done.stdout
    saved = _data_dir / "files" / "clausescout-noai-rider.docx"
    assert f"Saved clausescout-noai-rider.docx to {saved}" in done.stdout
    assert (_data_dir / "clausescout.db").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xdg-data"]  # nothing in the cwd
    assert "Traceback" not in done.stderr


def test_end_of_input_at_once_quits_cleanly(tmp_path: Path) -> None:
    """`clausescout run </dev/null`: nothing to read is the end, exit 0."""
    with open(os.devnull) as nothing:
        done = _console(tmp_path, nothing, command="run")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_piped_line_of_any_length_is_one_message(tmp_path: Path) -> None:
    long_line = AI_CLAUSE + " " + "The Contractor shall deliver the work. " * 2000  # 80 KB
    done = _console(tmp_path, long_line + "\n")
    assert done.returncode == 0, done.stderr
    assert "Contract check" in done.stdout and "AI training allowed" in done.stdout
    assert "Traceback" not in done.stderr


async def test_help_speaks_of_paths_not_uploads(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    out = " ".join((await talk(make_service(), "/help\n/analyze\n", tmp_path)).split())
    assert "Send me /analyze followed by the path of a PDF" in out
    assert "Give the file's path: /analyze path/to/contract.pdf" in out
    assert "as a PDF, DOCX, TXT or Markdown file" not in out


async def test_the_person_at_the_console_is_not_rate_limited(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    limits = {"analyses_per_hour": 1, "burst": 1, "messages_per_minute": 2}
    service = make_service(make_config(rate_limit=limits))
    contract = tmp_path / "contract.txt"
    contract.write_text(CONTRACT, encoding="utf-8")
    out = await talk(service, f"/analyze {contract}\n" * 3 + "/help\n" * 3, tmp_path)
    assert out.count("Contract check: contract.txt") == 3
    assert "You've sent a lot" not in out


def test_at_a_terminal(tmp_path: Path, _data_dir: Path) -> None:
    """A prompt; Enter sends a one-line clause; a 10,000-character paste arrives whole; the
    banner says where files go; Ctrl-D quits with exit 0."""
    with _Terminal(tmp_path) as terminal:
        banner = terminal.read_until(PROMPT)
        assert f"Saved files go to {_data_dir / 'files'}" in " ".join(banner.split())
        terminal.type(AI_CLAUSE + "\r")
        assert "Yes, this clause is risky" in terminal.read_until(PROMPT)
        # The clause comes last: a terminal that cut the paste at 4,095 would lose it.
        paste = "The Contractor shall deliver the work on time. " * 210 + AI_CLAUSE
        assert len(paste) > 10_000
        terminal.type(paste + "\r")
        answer = " ".join(terminal.read_until(PROMPT).split())
        assert "Contract check" in answer and "AI training allowed" in answer
        terminal.type("\x04")  # Ctrl-D
        assert terminal.wait() == 0
        assert "Traceback" not in terminal.output


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
        incoming = replace(message("/privacy", platform=platform), local=platform == "console")
        await service.handle(incoming, outbox)
        replies[platform] = " ".join(outbox.text.split())
    assert "--out-dir" in replies["console"] and "deleted when you quit" in replies["console"]
    assert "stays in this chat" in replies["telegram"] and "--out-dir" not in replies["telegram"]
    for text in replies.values():
        assert "I never store contract text" in text


# --- helpers -------------------------------------------------------------------------------


def _console(tmp_path: Path, stdin: str | IO[str], *, command: str = "console"):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CLAUSESCOUT_CONFIG", None)
    piped = isinstance(stdin, str)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", command],
        input=stdin if piped else None,
        stdin=None if piped else stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )


class _Terminal:
    """`clausescout console` on a pseudo-terminal, typed into as a person would."""

    def __init__(self, cwd: Path) -> None:
        self._cwd = cwd
        self.output = ""  # everything shown so far
        self._read = 0  # how much of it read_until has handed out

    def __enter__(self) -> _Terminal:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"}
        env.pop("CLAUSESCOUT_CONFIG", None)
        controller, terminal = pty.openpty()
        self._fd = controller
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "console"],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            cwd=self._cwd,
            env=env,
            start_new_session=True,
        )
        os.close(terminal)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        os.close(self._fd)

    def type(self, text: str) -> None:
        data = text.encode()
        for start in range(0, len(data), 512):  # as a terminal delivers a paste
            os.write(self._fd, data[start : start + 512])

    def read_until(self, marker: str, within_s: float = 60.0) -> str:
        """What the program printed since the last call, up to ``marker``."""
        deadline = time.monotonic() + within_s
        while marker not in self.output[self._read :]:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._fd], [], [], remaining)[0]:
                raise AssertionError(f"{marker!r} not shown; got {self.output[self._read :]!r}")
            self.output += os.read(self._fd, 65536).decode(errors="replace")
        start, self._read = self._read, self.output.index(marker, self._read) + len(marker)
        return self.output[start : self._read]

    def wait(self) -> int:
        with contextlib.suppress(OSError):  # EIO once the program has closed the terminal
            while chunk := os.read(self._fd, 65536):
                self.output += chunk.decode(errors="replace")
        return self._process.wait(timeout=30)
