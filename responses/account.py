"""What the bot keeps about a member, and their controls: /privacy, /history, /forget."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from responses.blocks import Block, Button, Field, Reply
from responses.playbook import play
from responses.wording import VERDICT_LABEL, plural


class HistoryRow(Protocol):
    """One stored analysis as /history shows it (storage's rows have these fields)."""

    @property
    def created_at(self) -> str: ...  # ISO 8601, UTC
    @property
    def kind(self) -> str: ...  # "file" or "clause"
    @property
    def pages(self) -> int | None: ...
    @property
    def score(self) -> int: ...
    @property
    def grade(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...


def privacy_reply(retention_days: int, *, local: bool = False) -> Reply:
    """What is kept, for how long, how to delete it. ``local``: files are saved on this disk."""
    if local:
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
            *(() if local else (_community_block(),)),
        ),
        kind="privacy",
    )


def _community_block() -> Block:
    return Block(
        title="In a server or group",
        text=(
            "When you ask me about a contract there, I answer with a summary without "
            "quotes or file name. Its full report waits in memory only, for up to 15 "
            "minutes, for you alone to fetch it privately. A check made there also "
            "counts, anonymously, toward that community's /stats (with /history off "
            "it is not kept, so it is not counted)."
        ),
    )


def history_reply(entries: Sequence[HistoryRow]) -> Reply:
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


def _history_line(entry: HistoryRow) -> str:
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
    return Reply.note(text, kind="history")


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
            Button("Yes, delete everything", "forget:confirm", "danger"),
            Button("Cancel", "forget:cancel", "secondary"),
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
    return Reply.note(text, tone="good", ephemeral=True, kind="forget")


def forget_cancelled_reply() -> Reply:
    return Reply.note("Cancelled. Nothing was deleted.", ephemeral=True, kind="forget")


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
