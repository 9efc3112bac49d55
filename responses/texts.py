"""Everything else the bot says: help, privacy, errors, history, status lines.

Each function returns a platform-neutral ``Reply``. Replies with advice carry the
not-legal-advice line as their footer (once); short status and error replies do not.
"""

from __future__ import annotations

import math
from datetime import datetime

from responses.blocks import Block, Button, Field, HistoryEntry, Reply
from responses.playbook import play
from responses.wording import VERDICT_LABEL, plural

SUPPORTED_FILES = "PDF, DOCX, TXT or Markdown"


def disclaimer() -> str:
    """The one-line footer of every advice reply."""
    return "Not legal advice. For big deals, ask a lawyer."


def _how_to_use() -> str:
    return (
        f"• Send me a contract as a {SUPPORTED_FILES} file, and I'll score it and flag "
        "risky clauses.\n"
        "• /check followed by a clause tells you if that clause is risky. You can also "
        "reply /check to a message that holds the clause.\n"
        "• /noai gives you a no-AI clause to paste into your contracts.\n"
        "• /history lists your past checks, /forget deletes them, /privacy says what I keep."
    )


def start_reply() -> Reply:
    return Reply(
        blocks=(
            Block(
                title="Hi, I'm ClauseScout 👋",
                text=(
                    "I read freelance contracts and point out the clauses that can cost you: "
                    "AI training on your work, rights grabs, slow payment, non-competes and "
                    "more. Then I tell you what to ask for instead."
                ),
            ),
            Block(title="How to use me", text=_how_to_use()),
            Block(
                text=(
                    "Your files are read in memory and never stored. In a server, DM me: "
                    "contracts are usually confidential."
                ),
            ),
        ),
        footer=disclaimer(),
        kind="start",
    )


def help_reply() -> Reply:
    return Reply(
        blocks=(
            Block(title="What I can do", text=_how_to_use()),
            Block(
                title="What I look for",
                text=(
                    "AI training and data mining of your work, who owns the work and when, "
                    "payment and revisions, cancellation, non-competes, indemnities and "
                    "liability, confidentiality, changes, disputes and renewals."
                ),
            ),
            Block(
                title="Tips",
                text=(
                    "A file with real text works best; scanned pages can't be read. "
                    "Every finding comes with a quote, why it matters and what to ask for."
                ),
            ),
        ),
        footer=disclaimer(),
        kind="help",
    )


def unknown_reply() -> Reply:
    return Reply(
        blocks=(
            Block(
                text=(
                    f"I'm not sure what to do with that. Send a contract ({SUPPORTED_FILES}), "
                    "use /check with a clause, or /noai for a no-AI clause. /help has more."
                ),
            ),
        ),
        kind="unknown",
    )


def privacy_reply(retention_days: int, *, console: bool = False) -> Reply:
    """What is kept, for how long, how to delete it. ``console``: files are saved locally."""
    if console:
        files = (
            "The full report I save quotes your contract. In this terminal it is saved only "
            "in the folder you gave with --out-dir, or else in a private temporary folder "
            "that is deleted when you quit."
        )
    else:
        files = (
            "The full report I attach quotes your contract. It stays in this chat like any "
            "message: delete it there when you no longer need it."
        )
    return Reply(
        blocks=(
            Block(
                title="Your privacy",
                text=(
                    "Contracts are read in memory and dropped as soon as I've answered. "
                    "I never store contract text, quotes or file names."
                ),
            ),
            Block(
                title="What I keep",
                text=(
                    "A short summary of each check: date, score, grade, AI verdict, page "
                    "count and the types of clauses found. It's filed under a scrambled "
                    "(hashed) version of your user ID, plus any feedback votes you give, "
                    "your history setting and a counter for the rate limit."
                ),
                fields=(
                    Field("How long", f"{plural(retention_days, 'day')}, then it's deleted."),
                    Field(
                        "Your controls",
                        "/history shows it. /forget deletes your checks and votes "
                        "(your history setting stays, and the counter expires within a day).",
                    ),
                ),
            ),
            Block(title="Files I send you", text=files),
        ),
        kind="privacy",
    )


def error_reply(user_message: str) -> Reply:
    return Reply(blocks=(Block(text=user_message, tone="error"),), kind="error")


def internal_error_reply() -> Reply:
    return Reply(
        blocks=(
            Block(
                text=(
                    "Sorry, something went wrong on my side. Please try again in a minute. "
                    "If it keeps happening, try a different file format."
                ),
                tone="error",
            ),
        ),
        kind="error",
    )


def timeout_reply() -> Reply:
    return Reply(
        blocks=(
            Block(
                text=(
                    "That took too long, so I stopped. Try sending just the main contract "
                    "without appendices, or paste the clauses you're unsure about."
                ),
                tone="error",
            ),
        ),
        kind="error",
    )


def rate_limited_reply(retry_after_s: float) -> Reply:
    wait = max(1, math.ceil(retry_after_s))
    when = plural(wait, "second") if wait < 90 else plural(math.ceil(wait / 60), "minute")
    return Reply(
        blocks=(
            Block(
                text=f"You've sent a lot in a short time. Please try again in {when}.",
                tone="warning",
            ),
        ),
        ephemeral=True,
        kind="rate_limited",
    )


def file_too_large_reply(size: int, limit: int) -> Reply:
    return Reply(
        blocks=(
            Block(
                text=(
                    f"That file is {_mb(size)}; I can read files up to {_mb(limit)}. "
                    "Try sending only the contract itself, or export it again without images."
                ),
                tone="error",
            ),
        ),
        kind="error",
    )


def queued_reply(position: int) -> Reply:
    """``position`` is the 1-based place in the queue (1 means next)."""
    ahead = position - 1
    if ahead <= 0:
        text = "Got it. You're next in line; I'll answer here."
    elif ahead == 1:
        text = "Got it. One contract is ahead of yours; I'll answer here."
    else:
        text = f"Got it. {ahead} contracts are ahead of yours; I'll answer here."
    return Reply(blocks=(Block(text=text),), kind="queued")


def working_text(pages: int | None, kind: str) -> str:
    """A one-line status while the analysis runs."""
    if kind == "clause":
        return "Checking your clause…"
    if pages:
        return f"Reading your {pages}-page contract…"
    return "Reading your contract…"


def feedback_thanks_reply(helpful: bool) -> Reply:
    text = (
        "Thanks! Glad that helped."
        if helpful
        else "Thanks for telling me. I'll use it to get better at this kind of clause."
    )
    return Reply(blocks=(Block(text=text),), ephemeral=True, kind="feedback")


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
    return Reply(blocks=(Block(text=text, tone="warning"),), kind="dm_nudge")


# --- /history and /forget -----------------------------------------------------------


def history_reply(entries: list[HistoryEntry]) -> Reply:
    if not entries:
        return Reply(
            blocks=(Block(title="Your checks", text="Nothing saved. Your history is empty."),),
            kind="history",
        )
    lines = [_history_line(entry) for entry in entries]
    return Reply(
        blocks=(
            Block(title=f"Your checks ({len(entries)})", text="\n".join(lines)),
            Block(text="Only summaries are kept, never contract text. /forget deletes them."),
        ),
        kind="history",
    )


def _history_line(entry: HistoryEntry) -> str:
    try:
        when = datetime.fromisoformat(entry.created_at.replace("Z", "+00:00")).strftime("%d %b %Y")
    except ValueError:
        when = entry.created_at[:10]
    what = "Clause" if entry.kind == "clause" else "Contract"
    if entry.pages:
        what += f", {plural(entry.pages, 'page')}"
    verdict = VERDICT_LABEL.get(entry.verdict, entry.verdict)
    found = ", ".join(play(category).title for category in entry.categories[:3])
    more = len(entry.categories) - 3
    if more > 0:
        found += f" +{more} more"
    line = f"• {when}: {what}: {entry.score}/100 ({entry.grade}), AI: {verdict}"
    return line + (f". {found}" if found else "")


def forget_confirm_reply() -> Reply:
    return Reply(
        blocks=(
            Block(
                title="Delete your history?",
                text=(
                    "This deletes every saved summary and feedback vote of yours. It can't be "
                    "undone. Your history setting stays as it is."
                ),
                tone="warning",
            ),
        ),
        buttons=(
            Button("Yes, delete everything", "forget:confirm"),
            Button("Cancel", "forget:cancel"),
        ),
        ephemeral=True,
        kind="forget",
    )


_DELETED_NOUNS: dict[str, tuple[str, str]] = {
    "analyses": ("saved check", "saved checks"),
    "prefs": ("preference", "preferences"),
    "feedback": ("feedback vote", "feedback votes"),
    "rate": ("rate-limit record", "rate-limit records"),
}


def forgotten_reply(deleted: dict[str, int]) -> Reply:
    parts = []
    for key, count in deleted.items():
        if count <= 0:
            continue
        singular, many = _DELETED_NOUNS.get(key, (key.replace("_", " "), key.replace("_", " ")))
        parts.append(plural(count, singular, many))
    text = (
        "Done. Deleted " + _join(parts) + "."
        if parts
        else "Done. There was nothing saved to delete."
    )
    return Reply(blocks=(Block(text=text, tone="good"),), ephemeral=True, kind="forget")


def forget_cancelled_reply() -> Reply:
    return Reply(
        blocks=(Block(text="Cancelled. Nothing was deleted."),), ephemeral=True, kind="forget"
    )


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def ask_for_clause_reply() -> Reply:
    """A question ("is this fair?") or /check with nothing to check."""
    return Reply(
        blocks=(
            Block(
                text=(
                    "Happy to check it. Paste the clause after your question, use "
                    "/check followed by the clause, or reply to the message that contains it."
                ),
            ),
        ),
        kind="info",
    )


def ask_for_file_reply() -> Reply:
    """/analyze with no file attached."""
    return Reply(
        blocks=(
            Block(
                text=(
                    "Send the contract as a file (PDF, DOCX, TXT or Markdown) with /analyze, "
                    "or just send the file: I'll read it. To check one clause, paste it."
                ),
            ),
        ),
        kind="info",
    )


def history_setting_reply(keep: bool, deleted: int) -> Reply:
    """/history on|off: confirm the setting (and what was deleted when switching off)."""
    if keep:
        text = "History is on: I'll keep a short summary of each check for /history."
    else:
        removed = f" I deleted {plural(deleted, 'saved check')}." if deleted else ""
        text = (
            "History is off: from now on I keep no summaries of your checks."
            + removed
            + " Turn it back on with /history on."
        )
    return Reply(blocks=(Block(text=text),), kind="history")


def feedback_help_reply() -> Reply:
    """/feedback without a vote we can store."""
    return Reply(
        blocks=(
            Block(
                text=(
                    "Use the Helpful / Wrong buttons under a finding, or type "
                    "/feedback helpful 2 or /feedback wrong 2 about finding 2 of your latest "
                    "check. I only keep the vote, never any text you write."
                ),
            ),
        ),
        kind="info",
    )


def busy_reply() -> Reply:
    """Every worker is busy and the waiting line is full."""
    return Reply(
        blocks=(
            Block(
                text=(
                    "I'm reading a lot of contracts right now. Please send yours again in a minute."
                ),
                tone="warning",
            ),
        ),
        kind="busy",
    )


def download_failed_reply() -> Reply:
    """The platform would not hand over the file."""
    return Reply(
        blocks=(
            Block(
                text=(
                    "I couldn't download that file from the chat. Please send it again; if it "
                    "keeps failing, paste the clauses you're unsure about instead."
                ),
                tone="error",
            ),
        ),
        kind="error",
    )
