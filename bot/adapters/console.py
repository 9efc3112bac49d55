"""Talk to ClauseScout in a terminal, exactly as a member would on a chat platform.

Reads stdin (a terminal or a pipe, so scripts and tests can drive it), hands each message
to the same ``Service`` the chat adapters use, and prints replies as plain text.

Files the bot sends (the full report quotes the contract) are saved with mode 0600 where
``--out-dir`` says, replacing an earlier copy of the same name; without it, in a private
temporary folder that is deleted when the console ends. Each save says where.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import io
import itertools
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.config import Config
from bot.events import Attachment, Incoming
from responses import plain_format
from responses.blocks import Button, Reply

if TYPE_CHECKING:
    from bot.service import Service

PLATFORM = "console"
_CHOICE_RE = re.compile(r"\d{1,3}")

USAGE = """\
How to talk to ClauseScout here:
  - Paste a clause or a whole contract, then press Enter on an empty line (or end the
    input): the lines up to the empty line are one message.
  - A line starting with "/" is a command on its own: /help, /check <clause>, /noai [kind],
    /analyze path/to/contract.pdf (reads that local file), /history [on|off], /privacy,
    /forget, /feedback helpful|wrong [finding number].
  - A question such as "is this fair?" on its own asks about the text you pasted before.
  - Buttons are shown as numbered choices: type the number on a line of its own.
  - Files the bot sends (reports, templates) are saved in the --out-dir folder, or else
    in a private temporary folder that is deleted when you quit.
  - Ctrl-D (end of input) or Ctrl-C quits."""


class MessageSplitter:
    """Turns input lines into messages.

    A line starting with "/" is a message on its own, and so is a number typed on a line of
    its own (a choice). Other lines are collected until an empty line or the end of input.
    """

    def __init__(self) -> None:
        self._lines: list[str] = []

    def feed(self, line: str) -> list[str]:
        line = line.rstrip("\r\n")
        if line.lstrip().startswith("/"):
            return [*self.flush(), line.strip()]
        if not line.strip():
            return self.flush()
        if not self._lines and _CHOICE_RE.fullmatch(line.strip()):
            return [line.strip()]  # a typed choice ("2") is a message on its own
        self._lines.append(line)
        return []

    def flush(self) -> list[str]:
        text = "\n".join(self._lines).strip()
        self._lines.clear()
        return [text] if text else []


@dataclass
class ConsoleOutbox:
    """Prints replies, numbers their buttons and saves their files."""

    adapter: ConsoleAdapter
    sent: list[Reply] = field(default_factory=list)

    async def send(self, reply: Reply) -> None:
        self.sent.append(reply)
        self.adapter.show(reply)

    async def working(self, status: str | None = None) -> None:
        if status:
            self.adapter.write(f"... {status}\n")


class ConsoleAdapter:
    """The terminal adapter: ``await ConsoleAdapter(service, config).run()``."""

    def __init__(
        self,
        service: Service,
        config: Config,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        out_dir: str | os.PathLike[str] | None = None,
        user_id: str | None = None,
    ) -> None:
        self.service = service
        self.config = config
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        # None: a private temporary folder, made at the first file, deleted at the end.
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self._temporary: Path | None = None
        self.user_id = user_id or _os_user()
        self._choices: list[Button] = []
        self._last_text: str | None = None
        self._ids = itertools.count(1)

    async def run(self) -> None:
        """Read messages until end of input; when cancelled, finish the reply in flight."""
        if _isatty(self.stdin):
            self.write("ClauseScout console. " + USAGE + "\n\n")
        splitter = MessageSplitter()
        try:
            async for line in self._lines():
                for text in splitter.feed(line):
                    await self._finish_even_if_cancelled(self._process(text))
            for text in splitter.flush():
                await self._finish_even_if_cancelled(self._process(text))
        finally:
            if self._temporary is not None:
                shutil.rmtree(self._temporary, ignore_errors=True)

    # --- output --------------------------------------------------------------------------

    def write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def show(self, reply: Reply) -> None:
        """Print a reply; list its buttons as numbered choices; save its files."""
        out = [plain_format.render(reply).rstrip("\n")]
        buttons = [b for block in reply.blocks for b in block.buttons] + list(reply.buttons)
        if buttons:
            self._choices = buttons
            listed = "  ".join(f"[{i}] {b.label}" for i, b in enumerate(buttons, 1))
            out.append(f"Type a number to choose: {listed}")
        for file in reply.files:
            out.append(f"Saved {file.filename} to {self._save(file.filename, file.data)}")
        self.write("\n".join(out) + "\n" + "-" * 40 + "\n")

    def _save(self, filename: str, data: bytes) -> str:
        """Write a file only the member can read; returns where, as the member reads it."""
        folder = self.out_dir
        if folder is None:
            if self._temporary is None:
                self._temporary = Path(tempfile.mkdtemp(prefix="clausescout-"))  # mode 0700
            folder = self._temporary
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (Path(filename).name or "clausescout-file")
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(partial, target)
        if folder == self._temporary:
            return f"{target} (private, deleted when you quit)"
        return str(target)

    # --- input ---------------------------------------------------------------------------

    async def _process(self, text: str) -> None:
        incoming = self._incoming(text)
        if incoming is not None:
            await self.service.handle(incoming, ConsoleOutbox(self))

    def _incoming(self, text: str) -> Incoming | None:
        base = {
            "platform": PLATFORM,
            "user_id": self.user_id,
            "chat_id": PLATFORM,
            "message_id": str(next(self._ids)),
            "is_private": True,
        }
        if text.isdigit() and self._choices:
            index = int(text) - 1
            if 0 <= index < len(self._choices):
                return Incoming(**base, action=self._choices[index].action)
        self._choices = []  # choices belong to the last reply only
        command = text.split(maxsplit=1)
        if len(command) == 2 and command[0].split("@")[0].lower() in ("/analyze", "/analyse"):
            attachment = self._local_file(command[1].strip())
            if attachment is None:
                return None
            return Incoming(**base, text="/analyze", attachment=attachment)
        if text.startswith("/"):
            return Incoming(**base, text=text)
        reply_to, self._last_text = self._last_text, text
        return Incoming(**base, text=text, reply_to_text=reply_to)

    def _local_file(self, raw: str) -> Attachment | None:
        path = Path(raw.strip("'\"")).expanduser()
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None
        if size is None:
            self.write(f"No readable file at {path}\n" + "-" * 40 + "\n")
            return None

        async def fetch() -> bytes:
            return await asyncio.to_thread(path.read_bytes)

        return Attachment(filename=path.name, size=size, fetch=fetch)

    async def _lines(self) -> AsyncIterator[str]:
        """Lines of stdin without blocking the event loop (pipes, terminals and files)."""
        fileno = _fileno(self.stdin)
        if fileno is None or not _selectable(fileno):
            # In-memory streams and regular files never block: read them directly.
            for line in self.stdin:
                yield line
                await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        fd = os.dup(fileno)
        was_blocking = os.get_blocking(fd)
        reader = asyncio.StreamReader()
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0)
        )
        try:
            while line := await reader.readline():
                yield line.decode("utf-8", errors="replace")
        finally:
            transport.close()
            with contextlib.suppress(OSError):
                os.set_blocking(fileno, was_blocking)  # do not leave the terminal non-blocking

    @staticmethod
    async def _finish_even_if_cancelled(coroutine: object) -> None:
        """Run a message to the end: a cancel (Ctrl-C, SIGTERM) waits for its reply."""
        task = asyncio.ensure_future(coroutine)  # type: ignore[arg-type]
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            await task
            raise


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return str(os.getuid())


def _fileno(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None


def _selectable(fd: int) -> bool:
    mode = os.fstat(fd).st_mode
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
