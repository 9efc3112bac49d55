"""The console adapter, driven by an in-process stream and by a pipe."""

from __future__ import annotations

import getpass
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bot.adapters.console import ConsoleAdapter, MessageSplitter
from bot.service import Service
from responses import plain_format, texts
from tests.service.conftest import AI_CLAUSE, CONTRACT, make_pdf

ROOT = Path(__file__).resolve().parents[2]


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
