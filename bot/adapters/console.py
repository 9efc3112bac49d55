"""Talk to ClauseScout in a terminal, exactly as a member would on a chat platform.

Input comes from one of three sources, and hands each message to the same ``Service`` the
chat adapters use; replies are printed as plain text.

- A terminal (stdin and stdout both ttys): a prompt, line editing and no line-length limit
  through readline; each Enter sends what was typed or pasted. A paste of many lines
  arrives as one entry (bracketed paste), or, where the terminal cannot mark pastes, as
  lines already waiting when the first one is read, which are joined to it.
- A pipe, a file or ``/dev/null``: read in chunks of any length; an empty line or the end
  of input ends a message, since there nothing tells a finished clause from the next line.
- An in-memory stream (tests): read as lines, like a pipe.

End of input (Ctrl-D, or the end of the pipe) quits. Blocking reads run on a daemon
thread, so the event loop keeps serving and a quit never waits for a read to return.

Files the bot sends are saved readable by their owner only, where ``--out-dir`` says
(replacing an earlier copy of the same name); without it, templates go to the user's data
directory, and a full report, which quotes the contract, to a private temporary folder
deleted when the console ends. Each save says where.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import getpass
import io
import itertools
import os
import re
import select
import shlex
import shutil
import sys
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar

from bot.commands import parse_command
from bot.config import Config
from bot.events import Attachment, Incoming
from bot.paths import FILES_DIR, data_dir, write_private
from responses import plain_format
from responses.blocks import Button, FileOut, Reply

if TYPE_CHECKING:
    from bot.service import Service

PLATFORM = "console"
PROMPT = "clausescout> "
# A message longer than this is cut (and the member told): it bounds memory on a pipe
# that never sends a newline. The service refuses far shorter pastes anyway.
MAX_MESSAGE_CHARS = 10_000_000
# A terminal in canonical mode (no readline) cuts a line at this many characters.
TTY_LINE_MAX = 4095
_READ_CHUNK = 1 << 16
_CHOICE_RE = re.compile(r"\d{1,3}")
_RULE = "-" * 40

USAGE = """\
How to talk to ClauseScout here:
  - Type or paste a clause, or a whole contract, and press Enter. (From a pipe or a
    file, an empty line or the end of the input ends a message.)
  - A line starting with "/" is a command: /help, /check <clause>, /noai [kind],
    /analyze path/to/contract.pdf (reads that local file), /compare old.pdf new.pdf
    (compares two drafts), /history [on|off], /privacy,
    /forget, /feedback useful|wrong [finding number].
  - A question such as "is this fair?" on its own asks about the text you sent before.
  - Buttons are shown as numbered choices: type the number.
  - Files the bot sends are saved in the --out-dir folder; without it, templates go to
    your data directory, and reports (they quote the contract) to a private temporary
    folder that is deleted when you quit. Each saved file's path is printed.
  - Ctrl-D (end of input) or Ctrl-C quits."""

T = TypeVar("T")


class MessageSplitter:
    """Turns input lines into messages (pipes and streams).

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

    async def send_private(self, reply: Reply) -> bool:
        """The terminal is a private chat already."""
        await self.send(reply)
        return True

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
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self._temporary: Path | None = None  # made at the first private file, then deleted
        self.user_id = user_id or _os_user()
        self._choices: tuple[Button, ...] = ()
        self._last_text: str | None = None
        self._ids = itertools.count(1)

    async def run(self) -> None:
        """Read messages until end of input; when cancelled, finish the reply in flight."""
        source = self._source()
        if isinstance(source, _TerminalInput):
            where = self.out_dir or data_dir() / FILES_DIR
            self.write(
                f"ClauseScout console. {USAGE}\n"
                f"Saved files go to {where}; the database is {self.config.storage.path}\n\n"
            )
        try:
            async for text in source.messages():
                await _finish_even_if_cancelled(self._process(text))
        finally:
            source.close()
            if self._temporary is not None:
                shutil.rmtree(self._temporary, ignore_errors=True)

    # --- output --------------------------------------------------------------------------

    def write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def show(self, reply: Reply) -> None:
        """Print a reply; list what can be pressed as numbered choices; save its files."""
        out = [plain_format.render(reply).rstrip("\n")]
        if reply.choices:
            self._choices = reply.choices
            listed = "  ".join(f"[{i}] {b.label}" for i, b in enumerate(reply.choices, 1))
            out.append(f"Type a number to choose: {listed}")
        for file in reply.files:
            out.append(f"Saved {file.filename} to {self._save(file)}")
        self.write("\n".join(out) + f"\n{_RULE}\n")

    def _save(self, file: FileOut) -> str:
        """Write a file only the member can read; returns where, as the member reads it."""
        folder = self.out_dir
        if folder is None and file.private:
            if self._temporary is None:
                self._temporary = Path(tempfile.mkdtemp(prefix="clausescout-"))  # mode 0700
            folder = self._temporary
        target = (folder or data_dir() / FILES_DIR) / (Path(file.filename).name or "file")
        write_private(target, file.data)
        if folder is not None and folder == self._temporary:
            return f"{target} (private, deleted when you quit)"
        return str(target)

    # --- input ---------------------------------------------------------------------------

    def _source(self) -> _Source:
        fd = _fileno(self.stdin)
        if fd is None:
            return _StreamInput(self.stdin)
        # readline edits the real terminal only, so only stdin and stdout both ttys are one.
        real = self.stdin is sys.stdin and self.stdout is sys.stdout
        if real and os.isatty(fd) and _isatty(sys.stdout):
            return _TerminalInput(fd, self.write)
        return _FdInput(fd, self.write)

    async def _process(self, text: str) -> None:
        incoming = self._incoming(text)
        if incoming is not None:
            await self.service.handle(incoming, ConsoleOutbox(self))

    def _incoming(self, text: str) -> Incoming | None:
        base: dict[str, Any] = {
            "platform": PLATFORM,
            "user_id": self.user_id,
            "chat_id": PLATFORM,
            "message_id": str(next(self._ids)),
            "is_private": True,
            "local": True,
        }
        if text.isdigit() and self._choices:
            index = int(text) - 1
            if 0 <= index < len(self._choices):
                return Incoming(**base, action=self._choices[index].action)
        self._choices = ()  # choices belong to the last reply only
        command = parse_command(text)
        if command is not None and command.name == "analyze" and command.args:
            attachment = self._local_file(command.args)
            if attachment is None:
                return None
            return Incoming(**base, text="/analyze", attachment=attachment)
        if command is not None and command.name == "compare" and command.args:
            drafts = self._local_files(command.args)
            if drafts is None:
                return None
            return Incoming(**base, text="/compare", attachments=drafts)
        if command is not None:
            return Incoming(**base, text=text)
        reply_to, self._last_text = self._last_text, text
        return Incoming(**base, text=text, reply_to_text=reply_to)

    def _local_files(self, raw: str) -> tuple[Attachment, ...] | None:
        """The files named by ``/compare`` arguments (quote a path that holds spaces)."""
        try:
            paths = shlex.split(raw)
        except ValueError:  # an unclosed quote
            paths = raw.split()
        files = []
        for path in paths:
            attachment = self._local_file(path)
            if attachment is None:
                return None
            files.append(attachment)
        return tuple(files)

    def _local_file(self, raw: str) -> Attachment | None:
        path = Path(raw.strip().strip("'\"")).expanduser()
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None
        if size is None:
            self.write(f"No readable file at {path}\n{_RULE}\n")
            return None

        async def fetch() -> bytes:
            return await asyncio.to_thread(path.read_bytes)

        return Attachment(filename=path.name, size=size, fetch=fetch)


# --- input sources -------------------------------------------------------------------------


class _Source(Protocol):
    """Where messages come from; ``close`` leaves the terminal as it was."""

    def messages(self) -> AsyncIterator[str]:
        """The member's messages, one by one, until the input ends."""
        ...

    def close(self) -> None:
        """Nothing to undo by default."""


class _Capped:
    """Collects one message's text up to MAX_MESSAGE_CHARS and says when it cut some."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self._say = say
        self._parts: list[str] = []
        self._size = 0
        self._cut = False

    def add(self, text: str) -> None:
        room = MAX_MESSAGE_CHARS - self._size
        if len(text) > room:
            text, self._cut = text[: max(room, 0)], True
        self._parts.append(text)
        self._size += len(text)

    def take(self) -> str:
        if self._cut:
            self._say(f"(That message was longer than {MAX_MESSAGE_CHARS:,} characters: ")
            self._say("only its beginning was kept.)\n")
        text = "".join(self._parts)
        self._parts, self._size, self._cut = [], 0, False
        return text


class _StreamInput(_Source):
    """An in-memory text stream: lines, split into messages as from a pipe."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    async def messages(self) -> AsyncIterator[str]:
        splitter = MessageSplitter()
        for line in self._stream:
            for text in splitter.feed(line):
                yield text
            await asyncio.sleep(0)
        for text in splitter.flush():
            yield text


class _FdInput(_Source):
    """A pipe, file, device or terminal read in raw chunks: no limit on a line's length."""

    def __init__(self, fd: int, say: Callable[[str], None]) -> None:
        self._fd = os.dup(fd)  # ours to close, whatever happens to sys.stdin
        self._say = say
        self._tty = os.isatty(fd)
        self._reading = False

    async def messages(self) -> AsyncIterator[str]:
        splitter = MessageSplitter()
        async for line in self._lines():
            for text in splitter.feed(line):
                yield text
        for text in splitter.flush():
            yield text

    async def _lines(self) -> AsyncIterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        line = _Capped(self._say)
        while chunk := await self._read():
            *complete, rest = decoder.decode(chunk).split("\n")
            for piece in complete:
                line.add(piece)
                text = line.take()
                if self._tty and len(text) == TTY_LINE_MAX:
                    self._say(_TTY_CUT_NOTE)
                yield text
            line.add(rest)
        line.add(decoder.decode(b"", final=True))
        if text := line.take():
            yield text

    async def _read(self) -> bytes:
        self._reading = True
        data = await _in_daemon_thread(lambda: os.read(self._fd, _READ_CHUNK))
        self._reading = False
        return data

    def close(self) -> None:
        # A read still blocked on the descriptor keeps it: closed, its number could be
        # reused by another file under that read.
        if not self._reading:
            with contextlib.suppress(OSError):
                os.close(self._fd)


class _TerminalInput(_Source):
    """A person at a terminal: readline's prompt and editing; each Enter sends a message."""

    def __init__(self, fd: int, say: Callable[[str], None]) -> None:
        self._fd = fd
        self._say = say
        self._saved = _terminal_settings(fd)
        self._readline = _load_readline()

    async def messages(self) -> AsyncIterator[str]:
        while (entry := await _in_daemon_thread(self._entry)) is not None:
            if self._readline is None and any(len(s) == TTY_LINE_MAX for s in entry):
                self._say(_TTY_CUT_NOTE)
            message = _Capped(self._say)
            message.add("\n".join(entry).strip())
            if text := message.take():
                yield text

    def _entry(self) -> list[str] | None:
        """One entry: what was typed or pasted before Enter, with lines already waiting."""
        try:
            lines = [input(PROMPT)]
            while _waiting(self._fd):  # the rest of a paste the terminal did not mark
                lines.append(input(""))
        except EOFError:
            return None
        return lines

    def close(self) -> None:
        """Leave the terminal as found, though a read may still be waiting in readline."""
        if self._saved is not None:
            import termios

            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
        self._say("\n")


_TTY_CUT_NOTE = (
    f"(This terminal cuts a typed line at {TTY_LINE_MAX:,} characters, so the end of that "
    "one may be missing. For long text, give a file: /analyze path/to/contract.txt)\n"
)


def _load_readline() -> Any:
    """readline, with bracketed paste on (a multi-line paste is one entry), or None."""
    try:
        import readline
    except ImportError:
        return None
    with contextlib.suppress(Exception):
        readline.parse_and_bind("set enable-bracketed-paste on")
    return readline


def _terminal_settings(fd: int) -> Any:
    try:
        import termios

        return termios.tcgetattr(fd)
    except (ImportError, OSError):
        return None


def _waiting(fd: int) -> bool:
    """Is more input already there (a human does not type the next line that fast)?"""
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):
        return False


async def _in_daemon_thread(function: Callable[[], T]) -> T:
    """Run a blocking read on a daemon thread: unlike an executor's, nothing waits for it
    at exit, so quitting never hangs on a read that has not returned."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():  # not cancelled meanwhile
            outcome()

    def run() -> None:
        try:
            result = function()
        except Exception as exc:
            error = exc
            outcome = lambda: future.set_exception(error)  # noqa: E731
        else:
            outcome = lambda: future.set_result(result)  # noqa: E731
        with contextlib.suppress(RuntimeError):  # the loop closed while we read
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=run, name="clausescout-console-input", daemon=True).start()
    return await future


async def _finish_even_if_cancelled(coroutine: Any) -> None:
    """Run a message to the end: a cancel (Ctrl-C, SIGTERM) waits for its reply."""
    task = asyncio.ensure_future(coroutine)
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


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
