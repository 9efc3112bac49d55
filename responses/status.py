"""Short answers about the work itself: progress, queues, limits and what went wrong.

They carry no not-legal-advice footer: they give no advice.
"""

from __future__ import annotations

import math

from responses.blocks import Reply
from responses.wording import plural


def error_reply(user_message: str) -> Reply:
    """Bad input, in the words of its typed error (``ClauseScoutError.user_message``)."""
    return Reply.note(user_message, tone="error", kind="error")


def internal_error_reply() -> Reply:
    return error_reply(
        "Sorry, something went wrong on my side. Please try again in a minute. "
        "If it keeps happening, try a different file format."
    )


def timeout_reply() -> Reply:
    return error_reply(
        "That took too long, so I stopped. Try sending just the main contract without "
        "appendices, or paste the clauses you're unsure about."
    )


def download_failed_reply() -> Reply:
    """The platform would not hand over the file."""
    return error_reply(
        "I couldn't download that file from the chat. Please send it again; if it keeps "
        "failing, paste the clauses you're unsure about instead."
    )


def over_download_limit_reply(limit: int) -> Reply:
    """The platform refused a file of unknown size as too large to download."""
    return error_reply(
        f"That file is over the {limit / 1_000_000:.1f} MB I can download here. Try sending "
        "only the contract itself, or paste the clauses you're unsure about."
    )


def rate_limited_reply(retry_after_s: float) -> Reply:
    wait = max(1, math.ceil(retry_after_s))
    when = plural(wait, "second") if wait < 90 else plural(math.ceil(wait / 60), "minute")
    return Reply.note(
        f"You've sent a lot in a short time. Please try again in {when}.",
        tone="warning",
        ephemeral=True,
        kind="rate_limited",
    )


def busy_reply(retry_after_s: float = 60.0) -> Reply:
    """A new contract would wait too long for a worker; ``retry_after_s``: when to retry."""
    return Reply.note(
        f"I'm reading a lot of contracts right now. Please send yours again in "
        f"{_when(retry_after_s)}.",
        tone="warning",
        kind="busy",
    )


def queued_text(position: int, wait_s: float) -> str:
    """The status note of a contract waiting in line (``position`` 1 means next)."""
    ahead = position - 1
    if ahead <= 0:
        line = "You're next in line"
    else:
        line = f"{plural(ahead, 'contract')} {'is' if ahead == 1 else 'are'} ahead of yours"
    if wait_s >= 1:
        line += f", about {_when(wait_s)}"
    return f"Got it. {line}; I'll answer here."


def _when(seconds: float) -> str:
    wait = max(1, math.ceil(seconds))
    return plural(wait, "second") if wait < 90 else plural(math.ceil(wait / 60), "minute")


def queued_reply(position: int) -> Reply:
    """``position`` is the 1-based place in the queue (1 means next)."""
    ahead = position - 1
    if ahead <= 0:
        text = "Got it. You're next in line; I'll answer here."
    elif ahead == 1:
        text = "Got it. One contract is ahead of yours; I'll answer here."
    else:
        text = f"Got it. {ahead} contracts are ahead of yours; I'll answer here."
    return Reply.note(text, kind="queued")


def working_text(pages: int | None, kind: str) -> str:
    """A one-line status while the analysis runs."""
    if kind == "clause":
        return "Checking your clause…"
    if pages:
        return f"Reading your {pages}-page contract…"
    return "Reading your contract…"


def scan_progress_text(done: int, total: int) -> str:
    """The status note while pages of a scan or photos are read (``done`` of ``total``)."""
    if total <= 1:
        return "Reading the text of your scan or photo…"
    if done >= total:
        return f"Read all {total} scanned pages; checking the clauses…"
    return f"Reading your scan: page {done + 1} of {total}…"


def dm_nudge_reply(analysed: bool) -> Reply:
    if analysed:
        text = (
            "I've checked it, but contracts are usually confidential. Next time, send it "
            "to me in a direct message, and consider deleting the post here."
        )
    else:
        text = (
            "Contracts are usually confidential, so I don't read them in public channels. "
            "Send it to me in a direct message instead, and consider deleting the post here."
        )
    return Reply.note(text, tone="warning", kind="dm_nudge")
