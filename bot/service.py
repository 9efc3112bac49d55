"""The platform-neutral core: every adapter hands its messages to ``Service.handle``.

Per message: gate (group policy, rate limit, sizes), route (button, command, file, text),
analyse off the event loop (``bot.jobs``), keep a summary (``bot.storage``), answer with a
``Reply`` built by ``responses``. ``handle`` never raises: bad input gets its friendly
message, anything unexpected is logged by type (never its text) and answered with an apology.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import sys
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeVar

from analyzers.compare import compare_reports
from analyzers.errors import ClauseScoutError, FileTooLarge, TextTooLong, UnsupportedFileType
from analyzers.extract.images import IMAGE_MIME_TYPES, IMAGE_SUFFIXES
from analyzers.extract.ocr import TooManyScannedPages
from analyzers.extract.sniff import UNSUPPORTED_MESSAGE
from analyzers.model import Report
from bot import ratelimit
from bot.commands import (
    Action,
    Command,
    classify_message,
    is_private,
    parse_action,
    parse_command,
    parse_feedback_args,
    parse_vote,
)
from bot.community import STATS_MIN_MEMBERS, Communities, parse_setting
from bot.config import Config
from bot.events import Attachment, AttachmentTooLarge, Incoming, Outbox
from bot.held import Fetch, HeldReports
from bot.jobs import Job, JobCrashed, JobRunner, JobTimeout, QueueFull
from bot.ratelimit import RateLimiter
from bot.storage import AnalysisRecord, Storage
from responses import account, build, feedback, guide, noai, status
from responses import community as community_replies
from responses import compare as compare_replies
from responses.blocks import Reply

log = logging.getLogger("clausescout.service")

# Files the analyzer reads (it decides by content; the name only lets us refuse an obvious
# photo or archive before downloading it).
DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".text"})
DOCUMENT_MIME_PREFIXES = ("application/pdf", "text/", "application/vnd.openxmlformats")
# Photos and scans of pages (JPEG, PNG, WebP) are read by OCR; several in one message (a
# Telegram album, a Discord post with many images) are one contract, in send order.
PICTURE_SUFFIXES = IMAGE_SUFFIXES
# A pasted text with more clauses or characters than this is a whole contract.
WHOLE_CONTRACT_CLAUSES = 3
WHOLE_CONTRACT_CHARS = 1500
# Whether the message being handled carries no file (the quick lane for storage trips).
_QUICK: contextvars.ContextVar[bool] = contextvars.ContextVar("quick", default=False)
T = TypeVar("T")
_RECENT_ANALYSES = 2000  # analyses remembered in memory for feedback when history is off


@dataclass(frozen=True, slots=True)
class _Message:
    """One incoming message with what the handlers need alongside it."""

    incoming: Incoming
    outbox: Outbox
    user: str  # HMAC of platform:user_id

    @property
    def public(self) -> bool:
        return not self.incoming.is_private

    @property
    def community(self) -> str | None:
        """The server or group id, in a server channel or group."""
        return None if self.incoming.is_private else self.incoming.server_id


class Service:
    """Routes members' messages to the analyzer, storage and replies."""

    def __init__(
        self,
        config: Config,
        storage: Storage,
        *,
        runner: JobRunner | None = None,
        held: HeldReports[Reply] | None = None,
    ) -> None:
        self.config = config
        self.storage = storage
        self.communities = Communities(config.community, storage)
        # Full reports of contracts answered in public, until their member fetches them.
        self.held: HeldReports[Reply] = held or HeldReports()
        self.runner = runner or JobRunner(
            max_concurrent=config.bot.max_concurrent_jobs,
            max_queued=config.bot.max_queued_jobs,
            max_wait_s=config.bot.max_wait_s,
            timeout_s=config.bot.analysis_timeout_s,
            inline_max_chars=config.bot.inline_max_chars,
            memory_mb=config.bot.worker_memory_mb,
        )
        # Storage trips of messages without a file (pasted clauses, commands, buttons) have
        # a thread of their own: they never wait in line behind fifty members' files.
        self._quick_io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clausescout-io")
        self.limiter = RateLimiter(storage, config.rate_limit, offload=self._io)
        self.file_limits = config.bot.file_limits
        self.text_limits = config.bot.paste_limits
        # analysis id -> (user, (rule, category) per finding), for analyses not kept in storage
        self._recent: OrderedDict[str, tuple[str, tuple[tuple[str, str], ...]]] = OrderedDict()
        self._latest: OrderedDict[str, str] = OrderedDict()  # user -> latest analysis id
        self._inflight: set[asyncio.Task[None]] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._started = False
        self._closed = False

    # --- public API ----------------------------------------------------------------------

    @staticmethod
    def answers_privately(incoming: Incoming) -> bool:
        """Whether the answers to ``incoming`` are for the member alone, where the platform
        can show them so (Discord interactions must say so before the answer exists):
        button presses, and the commands about the member (/help, /noai, /history...)."""
        if incoming.action:
            return True
        command = parse_command(incoming.text) if incoming.text else None
        return command is not None and is_private(command)

    async def handle(self, incoming: Incoming, outbox: Outbox) -> None:
        """Answer one message, command or button press. Never raises (except cancellation)."""
        self._start_background()
        _QUICK.set(
            incoming.attachment is None
            and not incoming.attachments
            and not incoming.reply_to_attachments
        )
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)  # type: ignore[arg-type]
        started = time.perf_counter()
        message: _Message | None = None
        outcome = "ok"
        try:
            user = await self._io(self.storage.claim, incoming.platform, incoming.user_id)
            message = _Message(incoming, outbox, user)
            outcome = await self._dispatch(message)
        except asyncio.CancelledError:
            outcome = "cancelled"
            raise
        except Exception as exc:
            outcome = "internal_error"
            log.error(
                "internal error %s while handling a %s message\n%s",
                type(exc).__name__,
                incoming.platform,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            if incoming.is_private or incoming.addressed:
                await self._send_quietly(outbox, status.internal_error_reply())
        finally:
            if task is not None:
                self._inflight.discard(task)  # type: ignore[arg-type]
            # Server chatter the bot was not asked about is only worth a debug line.
            log.log(
                logging.DEBUG if outcome == "ignored" else logging.INFO,
                "handled platform=%s user=%s outcome=%s ms=%.0f",
                incoming.platform,
                message.user[:12] if message else "-",
                outcome,
                (time.perf_counter() - started) * 1000,
            )

    async def start(self) -> None:
        """Warm up before the adapters connect: start the forkserver (which compiles the
        rules and loads the model once, for every worker) and do the same in this process
        for the pasted texts checked in threads, so the first message after start is as
        fast as the rest. Never raises: a failed warm-up only means a slower first answer."""
        started = time.perf_counter()
        results = await asyncio.gather(
            asyncio.to_thread(self.runner.warm_up),
            asyncio.to_thread(_warm_analyzer),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, Exception):
                log.warning("warm-up failed: %s", type(result).__name__)
        log.info("warmed up in %.0f ms", (time.perf_counter() - started) * 1000)
        self._start_background()

    async def aclose(self, *, grace_s: float | None = None) -> None:
        """Let replies in flight finish (up to ``grace_s``), then stop the workers."""
        if self._closed:
            return
        self._closed = True
        for task in self._background:
            task.cancel()
        others = {t for t in self._inflight if t is not asyncio.current_task()}
        if others:
            grace = self.config.bot.analysis_timeout_s + 10 if grace_s is None else grace_s
            _done, pending = await asyncio.wait(others, timeout=grace)
            for task in pending:
                task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.runner.aclose()
        self._quick_io.shutdown(wait=False)

    # --- routing -------------------------------------------------------------------------

    async def _dispatch(self, m: _Message) -> str:
        incoming = m.incoming
        if m.public and not incoming.addressed:
            # Group chatter is not for us; a contract posted in the open gets the nudge,
            # and is never downloaded: nobody asked.
            if incoming.attachment is not None and _is_document(incoming.attachment):
                await self._send(m, status.dm_nudge_reply(analysed=False))
                return "public_file"
            return "ignored"
        decision = await self._limit(m, ratelimit.MESSAGE)
        if not decision.allowed:
            if decision.notify:
                await self._send(m, status.rate_limited_reply(decision.retry_after_s))
            return "rate_limited"
        if incoming.action:
            return await self._on_action(m, parse_action(incoming.action))
        command = parse_command(incoming.text) if incoming.text else None
        if command is not None:
            return await self._on_command(m, command)
        if incoming.attachment is not None:
            return await self._analyze_file(m)
        return await self._on_text(m)

    async def _on_command(self, m: _Message, command: Command) -> str:
        args = command.args
        local = m.incoming.local
        match command.name:
            case "start":
                await self._send(m, guide.start_reply(local=local))
            case "help":
                await self._send(m, guide.help_reply(local=local))
            case "privacy":
                days = self.storage.retention_days
                await self._send(m, account.privacy_reply(days, local=local))
            case "noai":
                await self._send(m, _noai_reply(args))
            case "check":
                clause = _clause_to_check(args, m.incoming.reply_to_text)
                if not clause:
                    await self._send(m, guide.ask_for_clause_reply())
                    return "need_clause"
                return await self._check_text(m, clause)
            case "analyze":
                if m.incoming.attachment is not None:
                    return await self._analyze_file(m)
                if args or m.incoming.reply_to_text:
                    return await self._check_text(m, args or (m.incoming.reply_to_text or ""))
                await self._send(m, guide.ask_for_file_reply(local=local))
                return "need_file"
            case "compare":
                return await self._compare(m)
            case "history":
                return await self._history(m, args)
            case "forget":
                await self._send(m, account.forget_confirm_reply())
            case "feedback":
                return await self._feedback_command(m, args)
            case "stats":
                return await self._stats(m)
            case "community":
                return await self._community(m, args)
            case _:
                await self._send(m, guide.unknown_reply(local=local))
                return "unknown_command"
        return command.name

    async def _on_action(self, m: _Message, action: Action) -> str:
        match action.name:
            case "noai" if action.parts:
                await self._send(m, _noai_reply(action.parts[0]))
            case "noai-file" if action.parts and noai.noai_kind(action.parts[0]):
                await self._send(m, noai.noai_file_reply(action.parts[0]))
            case "forget" if action.parts == ("confirm",):
                deleted = await self._io(self.storage.forget, m.user)
                self._forget_recent(m.user)
                self.held.forget(m.user)
                log.info("forget user=%s deleted=%s", m.user[:12], deleted)
                await self._send(m, account.forgotten_reply(deleted))
            case "forget":
                await self._send(m, account.forget_cancelled_reply())
            case "full" if len(action.parts) == 1:
                return await self._deliver_full_report(m, action.parts[0])
            case "fb":
                vote = parse_vote(action)
                if vote is None or not await self._store_vote(
                    m, vote.analysis_id, vote.finding, vote.helpful
                ):
                    await self._send(m, guide.unknown_reply(local=m.incoming.local))
                    return "bad_vote"
                await self._send(m, feedback.thanks_reply(vote.helpful))
            case _:
                await self._send(m, guide.unknown_reply(local=m.incoming.local))
                return "unknown_action"
        return f"action:{action.name}"

    async def _on_text(self, m: _Message) -> str:
        intent = classify_message(m.incoming.text, m.incoming.reply_to_text)
        if intent.kind == "clause":
            return await self._check_text(m, intent.clause)
        if intent.kind == "ask_clause":
            await self._send(m, guide.ask_for_clause_reply())
            return "need_clause"
        await self._send(m, guide.unknown_reply(local=m.incoming.local))
        return "unknown"

    # --- analyses ------------------------------------------------------------------------

    async def _mode(self, m: _Message) -> str | None:
        """The community's mode for a contract asked about there; None in a private chat."""
        server = m.community
        if server is None:
            return None if not m.public else "dm_only"
        settings = await self._io(self.communities.settings, m.incoming.platform, server)
        return settings.mode

    async def _analyze_file(self, m: _Message) -> str:
        attachment = m.incoming.attachment
        assert attachment is not None
        mode = await self._mode(m)
        if mode == "dm_only":  # never downloaded: the admins want contracts sent by DM
            await self._send(m, status.dm_nudge_reply(analysed=False))
            return "public_file"
        pictures = pictures_of(m.incoming)
        if len(pictures) > 1:
            return await self._analyze_pictures(m, pictures, mode)
        # The smaller of our limit and what the platform hands over at all.
        limit = min(self.file_limits.max_bytes, attachment.download_limit or sys.maxsize)
        if attachment.size is not None and attachment.size > limit:
            await self._send(m, _too_large_reply(attachment.size, limit))
            return "too_large"
        if not (_is_document(attachment) or is_picture(attachment)):
            await self._send(m, status.error_reply(UNSUPPORTED_MESSAGE))
            return "unsupported"
        if not await self._allow_analysis(m):
            return "rate_limited"
        await m.outbox.working(status.working_text(None, "file"))
        try:
            data = await attachment.fetch()
        except AttachmentTooLarge as exc:  # the platform's own download limit
            await self._send(m, _too_large_reply(exc.size, limit))
            return "too_large"
        except Exception as exc:  # network trouble: say so, never the generic apology
            log.warning("download failed kind=%s", type(exc).__name__)
            await self._send(m, status.download_failed_reply())
            return "download_failed"
        if len(data) > limit:
            await self._send(m, _too_large_reply(len(data), limit))
            return "too_large"
        job = Job.for_file(bytes(data), attachment.filename, self.file_limits)
        report = await self._run(m, job, scans=True)
        if report is None:
            return "failed"
        analysis_id = await self._remember(
            m, report, "file", self.storage.document_key(data), contract=True
        )
        # The member's own answer: in a private chat, or held for them to fetch privately.
        reply = build.contract_reply(report, filename=attachment.filename, analysis_id=analysis_id)
        if mode is None:
            await self._send(m, reply)
        else:
            await self._answer_in_public(m, mode, report, analysis_id, reply)
        return "analysed"

    async def _analyze_pictures(
        self, m: _Message, pictures: tuple[Attachment, ...], mode: str | None
    ) -> str:
        """Photos of pages sent together: one contract, a page each, in send order. All are
        checked before any is downloaded; the page cap is told before reading."""
        limits = self.file_limits
        if len(pictures) > limits.ocr_max_pages:
            message = TooManyScannedPages(len(pictures), limits.ocr_max_pages).user_message
            await self._send(m, status.error_reply(message))
            return "too_many_pages"
        limit = limits.max_bytes
        for picture in pictures:
            picture_limit = min(limit, picture.download_limit or sys.maxsize)
            if picture.size is not None and picture.size > picture_limit:
                await self._send(m, _too_large_reply(picture.size, picture_limit))
                return "too_large"
        if not await self._allow_analysis(m):
            return "rate_limited"
        await m.outbox.working(status.scan_progress_text(0, len(pictures)))
        parts: list[bytes] = []
        for picture in pictures:
            picture_limit = min(limit, picture.download_limit or sys.maxsize)
            try:
                data = await picture.fetch()
            except AttachmentTooLarge as exc:
                await self._send(m, _too_large_reply(exc.size, picture_limit))
                return "too_large"
            except Exception as exc:
                log.warning("download failed kind=%s", type(exc).__name__)
                await self._send(m, status.download_failed_reply())
                return "download_failed"
            parts.append(bytes(data))
            if len(data) > picture_limit or sum(map(len, parts)) > limit:
                await self._send(m, _too_large_reply(sum(map(len, parts)), limit))
                return "too_large"
        report = await self._run(m, Job.for_pictures(tuple(parts), limits), scans=True)
        if report is None:
            return "failed"
        digest = self.storage.document_key(b"".join(parts))
        analysis_id = await self._remember(m, report, "file", digest, contract=True)
        name = f"{len(pictures)} photos"
        reply = build.contract_reply(report, filename=name, analysis_id=analysis_id)
        if mode is None:
            await self._send(m, reply)
        else:
            await self._answer_in_public(m, mode, report, analysis_id, reply)
        return "analysed"

    async def _answer_in_public(
        self, m: _Message, mode: str, report: Report, analysis_id: str, private: Reply
    ) -> None:
        """``full``: the whole answer here, without the file name. ``summary``: the summary
        here; the full answer (``private``) is held for the member to fetch in private."""
        if mode == "full":
            await self._send(m, build.contract_reply(report, analysis_id=analysis_id))
            return
        token = self.held.put(m.user, private)
        reply = community_replies.public_summary_reply(report, full_report_action=f"full:{token}")
        await self._send(m, reply)

    async def _deliver_full_report(self, m: _Message, token: str) -> str:
        """The "Send me the full report" button (or its Telegram deep link)."""
        found, reply = self.held.fetch(token, m.user)
        minutes = round(self.held.ttl_s / 60)
        if found is Fetch.NOT_YOURS:
            await self._send(m, community_replies.report_not_yours_reply())
            return "report_not_yours"
        if reply is None:
            await self._send(m, community_replies.report_gone_reply(minutes))
            return "report_gone"
        if m.incoming.is_private:
            await self._send(m, reply)
        elif await m.outbox.send_private(reply):
            await self._send(m, community_replies.report_sent_reply())
        else:
            await self._send(m, community_replies.dms_closed_reply())
            return "dms_closed"  # held still: the member may open their DMs and press again
        self.held.discard(token)
        return "report_delivered"

    async def _stats(self, m: _Message) -> str:
        server = m.community
        if server is None:
            await self._send(m, community_replies.stats_where_reply())
            return "stats_where"
        platform = m.incoming.platform
        settings = await self._io(self.communities.settings, platform, server)
        if not settings.stats:
            await self._send(m, community_replies.stats_off_reply())
            return "stats_off"
        figures = await self._io(self.communities.figures, platform, server)
        if figures.members < STATS_MIN_MEMBERS:
            await self._send(m, community_replies.stats_not_yet_reply(STATS_MIN_MEMBERS))
            return "stats_not_yet"
        await self._send(m, community_replies.stats_reply(figures, self.storage.retention_days))
        return "stats"

    async def _community(self, m: _Message, args: str) -> str:
        """``/community``: shows the settings; admins change them."""
        server = m.community
        if server is None:
            await self._send(m, community_replies.community_where_reply())
            return "community_where"
        platform = m.incoming.platform
        parsed = parse_setting(args)
        if parsed is None:
            await self._send(m, community_replies.community_usage_reply())
            return "community_usage"
        what, value = parsed
        if what == "show":
            settings = await self._io(self.communities.settings, platform, server)
            await self._send(m, community_replies.settings_reply(settings.mode, settings.stats))
            return "community"
        check = m.incoming.is_admin
        if check is None or not await check():
            await self._send(m, community_replies.not_admin_reply(platform))
            return "not_admin"
        if what == "mode":
            settings = await self._io(self.communities.set_mode, platform, server, value)
        else:
            settings = await self._io(self.communities.set_stats, platform, server, value == "on")
        log.info("community setting %s=%s platform=%s", what, value, platform)
        reply = community_replies.settings_reply(settings.mode, settings.stats, changed=True)
        await self._send(m, reply)
        return f"community:{what}"

    async def _compare(self, m: _Message) -> str:
        """``/compare``: the replied message's drafts, then the message's own, in send order;
        exactly two. Both are checked before either is downloaded, and analysed in turn."""
        incoming = m.incoming
        drafts = incoming.reply_to_attachments + incoming.attachments
        if len(drafts) != 2:
            await self._send(m, guide.ask_for_drafts_reply(len(drafts), local=incoming.local))
            return "need_drafts"
        if await self._mode(m) == "dm_only":
            await self._send(m, status.dm_nudge_reply(analysed=False))
            return "public_file"
        limit = self.file_limits.max_bytes
        for index, draft in enumerate(drafts):
            draft_limit = min(limit, draft.download_limit or sys.maxsize)
            if draft.size is not None and draft.size > draft_limit:
                message = FileTooLarge(draft.size, draft_limit).user_message
                await self._send(
                    m, compare_replies.draft_error_reply(index, draft.filename, message)
                )
                return "too_large"
            if not _is_document(draft):
                message = UnsupportedFileType().user_message
                await self._send(
                    m, compare_replies.draft_error_reply(index, draft.filename, message)
                )
                return "unsupported"
        if not await self._allow_analysis(m):
            return "rate_limited"
        await m.outbox.working(status.working_text(None, "file"))
        contents: list[bytes] = []
        for index, draft in enumerate(drafts):
            draft_limit = min(limit, draft.download_limit or sys.maxsize)
            try:
                data = await draft.fetch()
            except AttachmentTooLarge as exc:
                size = exc.size if exc.size is not None else draft_limit + 1
                message = FileTooLarge(size, draft_limit).user_message
                await self._send(
                    m, compare_replies.draft_error_reply(index, draft.filename, message)
                )
                return "too_large"
            except Exception as exc:
                log.warning("download failed kind=%s", type(exc).__name__)
                await self._send(m, status.download_failed_reply())
                return "download_failed"
            if len(data) > draft_limit:
                message = FileTooLarge(len(data), draft_limit).user_message
                await self._send(
                    m, compare_replies.draft_error_reply(index, draft.filename, message)
                )
                return "too_large"
            contents.append(bytes(data))
        reports: list[Report] = []
        for index, (draft, data) in enumerate(zip(drafts, contents, strict=True)):
            job = Job.for_file(data, draft.filename, self.file_limits)

            def refused(message: str, index: int = index, name: str = draft.filename) -> Reply:
                return compare_replies.draft_error_reply(index, name, message)

            report = await self._run(m, job, refused=refused)
            if report is None:
                return "failed"
            reports.append(report)
        before, after = reports
        comparison = compare_reports(before, after, same_file=contents[0] == contents[1])
        log.info(
            "compared fixed=%d added=%d unchanged=%d changed=%d",
            len(comparison.fixed),
            len(comparison.added),
            len(comparison.unchanged),
            len(comparison.changed),
        )
        if m.public:
            await self._send(m, compare_replies.compare_summary_reply(comparison))
            await self._send(m, status.dm_nudge_reply(analysed=True))
        else:
            reply = compare_replies.compare_reply(
                comparison, old_name=drafts[0].filename, new_name=drafts[1].filename
            )
            await self._send(m, reply)
        return "compared"

    async def _check_text(self, m: _Message, text: str) -> str:
        text = text.strip()
        limit = self.text_limits.max_chars
        if len(text) > limit:  # refused before a worker is started for it
            await self._send(m, status.error_reply(TextTooLong(len(text), limit).user_message))
            return "too_long"
        job = Job.for_text(text, self.text_limits)
        if self.runner.runs_inline(job):
            await m.outbox.working()
        else:
            if not await self._allow_analysis(m):
                return "rate_limited"
            await m.outbox.working(status.working_text(None, "file"))
        report = await self._run(m, job)
        if report is None:
            return "failed"
        digest = self.storage.document_key(text.encode("utf-8"))
        whole = (
            report.stats.clauses > WHOLE_CONTRACT_CLAUSES
            or report.stats.chars > WHOLE_CONTRACT_CHARS
        )
        analysis_id = await self._remember(m, report, "clause", digest, contract=whole)
        mode = await self._mode(m) if whole else None
        if mode == "dm_only":
            await self._send(m, build.summary_reply(report))  # as before: no quotes
        elif mode is not None:
            private = build.contract_reply(report, analysis_id=analysis_id)
            await self._answer_in_public(m, mode, report, analysis_id, private)
        elif whole:
            await self._send(m, build.contract_reply(report, analysis_id=analysis_id))
        else:
            await self._send(m, build.clause_reply(report, analysis_id=analysis_id))
        return "analysed"

    async def _allow_analysis(self, m: _Message) -> bool:
        decision = await self._limit(m, ratelimit.ANALYSIS)
        if not decision.allowed:
            await self._send(m, status.rate_limited_reply(decision.retry_after_s))
        return decision.allowed

    async def _limit(self, m: _Message, bucket: str) -> ratelimit.Decision:
        """Rate limits keep a chat's members from crowding each other out; the person
        running the bot on their own machine has no one to crowd out."""
        if m.incoming.local:
            return ratelimit.Decision(True)
        return await self.limiter.check(m.user, bucket)

    async def _run(
        self,
        m: _Message,
        job: Job,
        *,
        refused: Callable[[str], Reply] = status.error_reply,
        scans: bool = False,
    ) -> Report | None:
        """Run the analysis; on bad input, timeout or a full queue answer and return None.

        ``refused`` words the answer to bad input (the typed error's user message);
        ``scans``: pages read by OCR are told in the status note as they are read."""

        async def tell_queued(position: int, wait_s: float) -> None:
            # Into the status note, not a message of its own: requests go to answers.
            await m.outbox.working(status.queued_text(position, wait_s))

        async def tell_progress(done: int, total: int) -> None:
            await m.outbox.working(status.scan_progress_text(done, total))

        try:
            report, stats = await self.runner.run(
                job, on_queued=tell_queued, on_progress=tell_progress if scans else None
            )
        except ClauseScoutError as exc:
            log.info("analysis refused kind=%s size=%d code=%s", job.kind, job.size, exc.code)
            await self._send(m, refused(exc.user_message))
            return None
        except JobTimeout:
            log.warning("analysis timed out kind=%s size=%d", job.kind, job.size)
            await self._send(m, status.timeout_reply())
            return None
        except QueueFull as exc:
            log.warning(
                "analysis refused: expected wait %.0f s (%d waiting)",
                self.runner.expected_wait_s(),
                self.runner.waiting,
            )
            await self._send(m, status.busy_reply(exc.retry_after_s))
            return None
        except JobCrashed as exc:  # the message holds a type name or an exit code, no text
            log.error("analysis worker failed kind=%s size=%d: %s", job.kind, job.size, exc)
            await self._send(m, status.internal_error_reply())
            return None
        log.info(
            "analysed kind=%s size=%d chars=%d pages=%s clauses=%d findings=%d score=%d "
            "grade=%s verdict=%s categories=%s where=%s waited_ms=%.0f run_ms=%.0f",
            job.kind,
            job.size,
            report.stats.chars,
            report.stats.pages,
            report.stats.clauses,
            len(report.findings),
            report.score,
            report.grade,
            report.ai_training,
            ",".join(report.categories) or "-",
            stats.where,
            stats.waited_ms,
            stats.run_ms,
        )
        return report

    async def _remember(
        self, m: _Message, report: Report, kind: str, digest: str, *, contract: bool = False
    ) -> str:
        """Keep the analysis summary (or, with history off, only in memory for feedback).

        A whole contract checked in a community counts toward its figures (``/stats``):
        the row carries the community's keyed id."""
        analysis_id = self.storage.new_analysis_id()
        server = m.community
        community = (
            self.communities.key(m.incoming.platform, server)
            if contract and server is not None
            else None
        )
        record = AnalysisRecord.from_report(
            report,
            analysis_id=analysis_id,
            user=m.user,
            platform=m.incoming.platform,
            kind=kind,
            doc_sha256=digest,
            community=community,
        )
        if not await self._io(self._store, record):
            self._recent[analysis_id] = (m.user, record.findings)
            _trim(self._recent)
        self._latest[m.user] = analysis_id
        self._latest.move_to_end(m.user)
        _trim(self._latest)
        log.info("stored analysis=%s kind=%s user=%s", analysis_id, kind, m.user[:12])
        return analysis_id

    def _store(self, record: AnalysisRecord) -> bool:
        """Keep ``record`` if its member keeps a history (one trip to the storage thread:
        under load every trip waits its turn behind the other members')."""
        if not self.storage.keep_history(record.user):
            return False
        self.storage.add_analysis(record)
        return True

    # --- history, feedback, forget -------------------------------------------------------

    async def _history(self, m: _Message, args: str) -> str:
        setting = args.strip().lower()
        if setting in ("off", "on"):
            keep = setting == "on"
            deleted = await self._io(self.storage.set_keep_history, m.user, keep)
            log.info("history %s user=%s deleted=%d", setting, m.user[:12], deleted)
            await self._send(m, account.history_setting_reply(keep, deleted))
            return f"history:{setting}"
        entries = await self._io(self.storage.history, m.user)
        await self._send(m, account.history_reply(entries))
        return f"history{':' + setting if setting in ('on', 'off') else ''}"

    async def _feedback_command(self, m: _Message, args: str) -> str:
        """``/feedback wrong 2``: a vote on finding 2 of the member's latest analysis."""
        parsed = parse_feedback_args(args)
        latest = self._latest.get(m.user) or await self._io(self.storage.latest_analysis_id, m.user)
        if parsed is None or latest is None:
            await self._send(m, feedback.help_reply())
            return "bad_feedback"
        helpful, number = parsed
        if not await self._store_vote(m, latest, -1 if number is None else number - 1, helpful):
            await self._send(m, feedback.help_reply())
            return "bad_feedback"
        await self._send(m, feedback.thanks_reply(helpful))
        return "feedback"

    async def _store_vote(self, m: _Message, analysis_id: str, finding: int, helpful: bool) -> bool:
        """Store a vote with the rule id and category of the finding (-1: the whole analysis)."""
        findings = await self._io(self.storage.analysis_findings, analysis_id)
        if findings is None and analysis_id in self._recent:
            findings = self._recent[analysis_id][1]
        if findings is None or finding >= len(findings) or finding < -1:
            return False
        rule, category = findings[finding] if finding >= 0 else (None, None)
        await self._io(
            lambda: self.storage.add_feedback(
                analysis_id=analysis_id,
                user=m.user,
                finding=finding,
                rule=rule,
                category=category,
                helpful=helpful,
            )
        )
        log.info(
            "feedback analysis=%s finding=%d rule=%s vote=%s",
            analysis_id,
            finding,
            rule or "-",
            "up" if helpful else "down",
        )
        return True

    def _forget_recent(self, user: str) -> None:
        for analysis_id in [k for k, (owner, _) in self._recent.items() if owner == user]:
            del self._recent[analysis_id]
        self._latest.pop(user, None)

    # --- plumbing ------------------------------------------------------------------------

    async def _io(self, function: Callable[..., T], *args: Any) -> T:
        """Run a blocking storage call off the event loop, in the lane of the message being
        handled: its own thread for messages without a file, the default pool for files."""
        executor = self._quick_io if _QUICK.get() else None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, functools.partial(function, *args))

    async def _send(self, m: _Message, reply: Reply) -> None:
        await m.outbox.send(reply)

    @staticmethod
    async def _send_quietly(outbox: Outbox, reply: Reply) -> None:
        try:
            await outbox.send(reply)
        except Exception as exc:
            log.error("could not send the error reply: %s", type(exc).__name__)

    def _start_background(self) -> None:
        """At ``start`` (or the first message): prune old rows periodically."""
        if self._started or self._closed:
            return
        self._started = True
        task = asyncio.get_running_loop().create_task(self._prune_periodically())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _prune_periodically(self) -> None:
        interval = max(60.0, self.config.storage.prune_interval_minutes * 60.0)
        while True:
            await asyncio.sleep(interval)
            try:
                deleted = await asyncio.to_thread(self.storage.prune)
                log.info("pruned %s", deleted)
            except Exception as exc:
                log.error("pruning failed: %s", type(exc).__name__)


def _warm_analyzer() -> None:
    from analyzers import warm_up

    warm_up()


def _clause_to_check(args: str, reply_to_text: str | None) -> str:
    """What ``/check`` checks: its argument, or the replied message when the argument is only
    a question ("/check is this fair?" as a reply); "" when there is nothing to check."""
    reply_to = (reply_to_text or "").strip()
    if not args:
        return reply_to
    intent = classify_message(args, reply_to or None)
    if intent.kind == "clause":
        return intent.clause
    if intent.kind == "ask_clause":
        return ""
    return args  # an explicit /check checks what it was given


def _is_document(attachment: Attachment) -> bool:
    suffix = PurePath(attachment.filename or "").suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return True
    if suffix:
        return False
    content_type = (attachment.content_type or "").lower()
    return content_type.startswith(DOCUMENT_MIME_PREFIXES)


def is_picture(attachment: Attachment) -> bool:
    """A photo or scan of a page (JPEG, PNG, WebP) by its name, or its type if unnamed."""
    suffix = PurePath(attachment.filename or "").suffix.lower()
    if suffix:
        return suffix in PICTURE_SUFFIXES
    return (attachment.content_type or "").lower().split(";")[0].strip() in IMAGE_MIME_TYPES


def pictures_of(incoming: Incoming) -> tuple[Attachment, ...]:
    """The message's own files when all of them are pictures (an album: one contract)."""
    files = incoming.attachments
    if files and incoming.attachment in files and all(is_picture(f) for f in files):
        return files
    return ()


def _too_large_reply(size: int | None, limit: int) -> Reply:
    """A file over ``limit`` bytes (its size may be unknown when a platform refused it)."""
    if size is None:
        return status.over_download_limit_reply(limit)
    return status.error_reply(FileTooLarge(size, limit).user_message)


def _noai_reply(args: str) -> Reply:
    """``/noai paid`` -> that template; no or an unknown word -> the menu."""
    kind = noai.noai_kind(args.split()[0]) if args.split() else None
    return noai.noai_reply(kind) if kind else noai.noai_menu_reply()


def _trim(mapping: OrderedDict[str, object]) -> None:
    while len(mapping) > _RECENT_ANALYSES:
        mapping.popitem(last=False)
