"""The ``clausescout`` command: run the bot, talk to it in a terminal, analyse a file, or
print a /noai template.

    clausescout run                  every adapter in [bot] adapters (default: console)
    clausescout console              the terminal adapter, whatever the config says
    clausescout analyze PATH... [--json]   a file, or photos of one contract's pages
    clausescout compare OLD NEW [--json]
    clausescout noai [KIND] [--client NAME] [--freelancer NAME] [--out FILE]
    clausescout discord-sync         register the Discord slash commands

``--config PATH`` (or ``$CLAUSESCOUT_CONFIG``) works with every subcommand; without either,
the defaults apply: the console adapter, and the database in the user's data directory
(``bot.paths``). Adapters are imported only when used, so the console path never loads
discord or telegram.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.config import CONFIG_ENV, Config, ConfigError, load_config
from bot.events import Adapter
from bot.logs import setup_logging

log = logging.getLogger("clausescout.cli")

PROG = "clausescout"
STDIN_NAME = "stdin.txt"
DEFAULT_NOAI_KIND = "rider"


class _Usage(Exception):
    """Bad input from the command line: one line on stderr, exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        config = load_config(args.config)
        return int(args.handler(args, config))
    except (ConfigError, _Usage) as exc:
        _say(str(exc))
        return 2
    except BrokenPipeError:
        # The reader went away (`clausescout analyze x.pdf | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug: one line, by type (messages may quote a document)
        _say(f"internal error ({type(exc).__name__}); please report it")
        return 2


# --- subcommands ---------------------------------------------------------------------------


def _run(args: argparse.Namespace, config: Config) -> int:
    return _serve(args, config, config.bot.adapters)


def _console(args: argparse.Namespace, config: Config) -> int:
    return _serve(args, config, ("console",))


def _serve(args: argparse.Namespace, config: Config, adapters: Sequence[str]) -> int:
    from bot.storage import Storage, StorageError

    level = "DEBUG" if args.verbose else None
    if "console" in adapters and not args.verbose:
        # The terminal is the conversation: keep routine logs out of it.
        level = _at_least_warning(config.bot.log_level)
    setup_logging(config, level=level)
    try:
        Path(config.storage.path).parent.mkdir(parents=True, exist_ok=True)
        storage = Storage.open(
            config.storage.path,
            salt=config.storage.salt,
            retention_days=config.storage.retention_days,
        )
    except (StorageError, OSError) as exc:
        raise _Usage(f"cannot open the database {config.storage.path}: {exc}") from None
    try:
        return asyncio.run(_serve_async(config, storage, adapters, args.out_dir))
    finally:
        storage.close()


async def _serve_async(
    config: Config, storage: Any, adapter_names: Sequence[str], out_dir: str | None
) -> int:
    """Run every adapter in one TaskGroup until they end or SIGINT/SIGTERM arrives."""
    from bot.adapters import create_adapter
    from bot.service import Service

    service = Service(config, storage)
    await service.start()  # rules compiled, models loaded: before any adapter connects
    files = Path(out_dir) if out_dir else None
    adapters = [create_adapter(name, service, config, out_dir=files) for name in adapter_names]
    loop = asyncio.get_running_loop()
    runner = asyncio.ensure_future(_run_adapters(adapters))
    stopped_by: list[str] = []

    def stop(sig: signal.Signals) -> None:
        stopped_by.append(sig.name)
        log.info("%s received: shutting down", sig.name)
        for each in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(each)  # a second signal acts as usual
        runner.cancel()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop, sig)
    code = 0
    try:
        await runner
    except asyncio.CancelledError:
        if not stopped_by:
            raise
    except Exception as exc:
        errors = exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,)
        for error in errors:
            log.error("adapter stopped: %s: %s", type(error).__name__, _safe(error))
        code = 1
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await service.aclose()
    log.info("stopped%s", f" ({stopped_by[0]})" if stopped_by else "")
    return code


async def _run_adapters(adapters: list[Adapter]) -> None:
    async with asyncio.TaskGroup() as group:
        for adapter in adapters:
            group.create_task(adapter.run())


def _analyze(args: argparse.Namespace, config: Config) -> int:
    from bot.paths import write_private
    from responses import build, markdown_format, plain_format

    limit = config.bot.file_limits.max_bytes
    inputs = [_read_input(path, limit) for path in args.path]
    setup_logging(config, level="ERROR")  # the outcome is the one line below, not a log
    if len(inputs) > 1:  # photos of the pages of one contract, in the order given
        report = _report_pictures([data for data, _ in inputs], config)
        filename = f"{len(inputs)} photos"
    else:
        data, filename = inputs[0]
        report = _report(data, filename, config)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return 0
    reply = build.contract_reply(report, filename=filename)
    print(plain_format.render(reply, color=args.color).rstrip("\n"))
    if args.report:  # the full report quotes the contract: written only where asked
        target = Path(args.report)
        try:
            write_private(target, markdown_format.render(build.full_report(report)).encode())
        except OSError as exc:
            raise _Usage(f"cannot write {target}: {exc.strerror or type(exc).__name__}") from None
        print(f"Full report: {target}")
    elif reply.files:
        print("Every finding, with what to say to the client: add --report FILE.md to save it.")
    return 0


def _compare(args: argparse.Namespace, config: Config) -> int:
    from analyzers.compare import compare_reports
    from responses.compare import compare_text, comparison_dict

    if args.old == "-" and args.new == "-":
        raise _Usage('only one of the two drafts can be read from stdin ("-")')
    limit = config.bot.file_limits.max_bytes
    old_data, old_name = _read_input(args.old, limit)
    new_data, new_name = _read_input(args.new, limit)
    setup_logging(config, level="ERROR")
    before = _report(old_data, old_name, config, which="the old draft")
    after = _report(new_data, new_name, config, which="the new draft")
    comparison = compare_reports(before, after, same_file=old_data == new_data)
    if args.json:
        print(json.dumps(comparison_dict(comparison), indent=2, ensure_ascii=False))
    else:
        print(compare_text(comparison, old_name=old_name, new_name=new_name).rstrip("\n"))
    return 0


def _read_input(raw: str, limit: int) -> tuple[bytes, str]:
    """A file's bytes and name ("-": stdin), or a one-line ``_Usage``."""
    from analyzers import FileTooLarge

    if raw == "-":
        return sys.stdin.buffer.read(limit + 1), STDIN_NAME
    path = Path(raw)
    if path.is_dir():
        raise _Usage(f"{raw} is a directory; give the path of a contract file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise _Usage(FileTooLarge(size, limit).user_message)
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise _Usage(f"no such file: {raw}") from None
    except PermissionError:
        raise _Usage(f"permission denied: {raw}") from None
    except OSError as exc:
        raise _Usage(f"cannot read {raw}: {exc.strerror or type(exc).__name__}") from None


def _report_pictures(parts: list[bytes], config: Config) -> Any:
    """The report of photos of a contract's pages (JPEG, PNG, WebP), read as one."""
    from analyzers.extract.images import is_image
    from bot.jobs import Job

    if not all(is_image(part) for part in parts):
        raise _Usage("several files are read as photos of one contract's pages: JPEG, PNG, WebP")
    return _report(b"", "", config, job=Job.for_pictures(tuple(parts), config.bot.file_limits))


def _report(data: bytes, filename: str, config: Config, *, which: str = "", job: Any = None) -> Any:
    """The report of one file, analysed in a worker process with the bot's limits."""
    from analyzers import ClauseScoutError
    from bot.jobs import Job, JobCrashed, JobTimeout, run_once
    from responses import status

    limits = config.bot.file_limits
    # In a worker process, as in the bot: a hostile file meets the time and memory limits
    # there and ends with its one-line message, never by taking this process down.
    job = job or Job.for_file(data, filename, limits)
    prefix = f"{which} ({filename}): " if which else ""
    try:
        return run_once(
            job, timeout_s=config.bot.analysis_timeout_s, memory_mb=config.bot.worker_memory_mb
        )
    except ClauseScoutError as exc:
        raise _Usage(prefix + exc.user_message) from None
    except JobTimeout:
        raise _Usage(prefix + status.timeout_reply().blocks[0].text) from None
    except JobCrashed:
        raise _Usage(prefix + status.internal_error_reply().blocks[0].text) from None


def _noai(args: argparse.Namespace, config: Config) -> int:
    from responses.noai import NOAI_KINDS, noai_kind, template_text, write_template

    kind = noai_kind(args.kind)
    if kind is None:
        raise _Usage(f"unknown template {args.kind!r}; choose one of {', '.join(NOAI_KINDS)}")
    if args.out:
        try:
            write_template(kind, args.out, client=args.client, freelancer=args.freelancer)
        except ValueError as exc:
            raise _Usage(str(exc)) from None
        except OSError as exc:
            raise _Usage(f"cannot write {args.out}: {exc.strerror or type(exc).__name__}") from None
        print(f"Wrote the {kind} template to {args.out}")
        return 0
    print(template_text(kind, client=args.client, freelancer=args.freelancer))
    return 0


def _discord_sync(args: argparse.Namespace, config: Config) -> int:
    if not config.discord.token:
        raise _Usage("discord-sync needs the bot token: set DISCORD_TOKEN")
    # The outcome is the one line printed below; routine logs only with --verbose.
    setup_logging(
        config, level="DEBUG" if args.verbose else _at_least_warning(config.bot.log_level)
    )
    from bot.adapters.discord_adapter import sync_commands

    try:
        result = sync_commands(config)
        count = asyncio.run(result) if inspect.isawaitable(result) else result
    except Exception as exc:
        raise _Usage(f"discord-sync failed: {_sync_problem(exc)}") from None
    print(f"Synced {count} Discord commands")
    return 0


def _sync_problem(error: Exception) -> str:
    """What went wrong talking to Discord, in a few words (never the token)."""
    import aiohttp
    import discord

    if isinstance(error, discord.LoginFailure):
        return "Discord refused the token (check DISCORD_TOKEN)"
    if isinstance(error, aiohttp.ClientConnectionError | TimeoutError | OSError):
        return "cannot reach Discord (check the network connection)"
    if isinstance(error, discord.HTTPException):
        return f"Discord answered with HTTP {error.status}"
    return f"unexpected {type(error).__name__}"


# --- argument parsing ----------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    from bot.adapters.console import USAGE as CONSOLE_USAGE
    from responses.noai import NOAI_KINDS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"TOML config file (default: ${CONFIG_ENV}, else built-in defaults)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="ClauseScout flags AI-training and other risky clauses in freelance contracts.",
    )
    parser.add_argument("--config", metavar="PATH", default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[..., int], **kwargs: Any) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], **kwargs)
        p.set_defaults(handler=handler)
        return p

    for name, handler, helptext, description in (
        ("run", _run, "run the bot with the adapters in the config", None),
        ("console", _console, "talk to the bot in this terminal", CONSOLE_USAGE),
    ):
        p = command(
            name,
            handler,
            help=helptext,
            description=description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "--out-dir",
            metavar="DIR",
            default=None,
            help="save the files the bot sends here (default: templates in your data "
            "directory; reports, which quote the contract, in a private temporary folder "
            "deleted on exit)",
        )
        p.add_argument("-v", "--verbose", action="store_true", help="debug logging")

    p = command("analyze", _analyze, help="analyse a contract file and print the report")
    p.add_argument(
        "path",
        metavar="PATH",
        nargs="+",
        help="PDF, DOCX, TXT or MD file, or a photo or scan of a page (JPEG, PNG, WebP); "
        'several photos are the pages of one contract, in order ("-" reads stdin)',
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--color", action="store_true", help="colour the report (ANSI)")
    p.add_argument(
        "--report",
        metavar="FILE",
        help="also save the full report (every finding; it quotes the contract) as Markdown",
    )

    p = command(
        "compare",
        _compare,
        help="compare two drafts of a contract: what was fixed, added or reworded",
    )
    p.add_argument("old", metavar="OLD", help='the earlier draft ("-" reads stdin)')
    p.add_argument("new", metavar="NEW", help="the later draft")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")

    p = command(
        "noai",
        _noai,
        help="print or save a no-AI clause template",
        description=f"Print a /noai template (default: {DEFAULT_NOAI_KIND}) or write it to a file.",
    )
    p.add_argument(
        "kind",
        nargs="?",
        default=DEFAULT_NOAI_KIND,
        help=f"{', '.join(NOAI_KINDS)} (default: {DEFAULT_NOAI_KIND}, the complete rider)",
    )
    p.add_argument("--client", metavar="NAME", help="the client's name")
    p.add_argument("--freelancer", metavar="NAME", help="your name")
    p.add_argument("--out", metavar="FILE", help="write to FILE (.docx, .md or .txt)")

    p = command("discord-sync", _discord_sync, help="register the Discord slash commands")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return parser


def _at_least_warning(level: str) -> str:
    return level if logging.getLevelName(level.upper()) >= logging.WARNING else "WARNING"


def _safe(error: BaseException) -> str:
    """An adapter error for the log: configuration errors are ours; others by type only."""
    return str(error) if isinstance(error, ConfigError) else type(error).__name__


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
