"""How to use the bot: the welcome, help, and what to say when a message is not understood.

``local`` is True for the person running the bot in a terminal: there files are given as a
path (``/analyze PATH``), not uploaded, and there is no server to leave for a DM.
"""

from __future__ import annotations

from responses.blocks import Block, Reply
from responses.feedback import DOWN_LABEL, UP_LABEL
from responses.wording import DISCLAIMER

SUPPORTED_FILES = "PDF, DOCX, TXT or Markdown"


def _send_a_file(local: bool) -> str:
    if local:
        return f"/analyze followed by the path of a {SUPPORTED_FILES} file"
    return f"a contract as a {SUPPORTED_FILES} file"


def _how_to_use(local: bool) -> str:
    check = "• /check followed by a clause tells you if that clause is risky."
    if local:
        check += " Or just paste the clause and press Enter."
    else:
        check += " You can also reply /check to a message that holds the clause."
    return (
        f"• Send me {_send_a_file(local)}, and I'll score it and flag risky clauses.\n"
        f"{check}\n"
        f"• {_compare_how(local)}\n"
        "• /noai gives you a no-AI clause to paste into your contracts.\n"
        "• /history lists your past checks, /forget deletes them, /privacy says what I keep."
        + (
            ""
            if local
            else "\n• In a server or group, mention me on a contract: I answer with a summary "
            "there and send the full report privately if you ask. /stats shows the "
            "community's figures."
        )
    )


def _compare_how(local: bool) -> str:
    if local:
        return "/compare old.pdf new.pdf compares two drafts: what was fixed, added or changed."
    return (
        "/compare with two drafts attached (earlier one first) tells you what was fixed, "
        "added or changed; or reply /compare with the new draft to the message holding the "
        "old one."
    )


def start_reply(*, local: bool = False) -> Reply:
    files = (
        "Files are read from your disk and never copied into my database."
        if local
        else "Your files are read in memory and never stored. In a server, DM me: "
        "contracts are usually confidential."
    )
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
            Block(title="How to use me", text=_how_to_use(local)),
            Block(text=files),
        ),
        footer=DISCLAIMER,
        kind="start",
    )


def help_reply(*, local: bool = False) -> Reply:
    return Reply(
        blocks=(
            Block(title="What I can do", text=_how_to_use(local)),
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
                    "Every finding comes with a quote, why it matters and what to ask for. "
                    f"Rate a finding with its {UP_LABEL} / {DOWN_LABEL} buttons."
                ),
            ),
        ),
        footer=DISCLAIMER,
        kind="help",
    )


def unknown_reply(*, local: bool = False) -> Reply:
    return Reply.note(
        f"I'm not sure what to do with that. Send me {_send_a_file(local)}, use /check with "
        "a clause, or /noai for a no-AI clause. /help has more.",
        kind="unknown",
    )


def ask_for_clause_reply() -> Reply:
    """A question ("is this fair?") or /check with nothing to check."""
    return Reply.note(
        "Happy to check it. Paste the clause after your question, use /check followed by "
        "the clause, or reply to the message that contains it."
    )


def ask_for_file_reply(*, local: bool = False) -> Reply:
    """/analyze with no file."""
    if local:
        return Reply.note(
            f"Give the file's path: /analyze path/to/contract.pdf ({SUPPORTED_FILES}). "
            "To check one clause, paste it."
        )
    return Reply.note(
        f"Send the contract as a file ({SUPPORTED_FILES}) with /analyze, or just send the "
        "file: I'll read it. To check one clause, paste it."
    )


def ask_for_drafts_reply(count: int, *, local: bool = False) -> Reply:
    """/compare without exactly two drafts (``count``: how many it found)."""
    found = f" I found {count}." if count else ""
    if local:
        how = "Give both paths, the earlier draft first: /compare old.pdf new.pdf"
    else:
        how = (
            "Send both drafts in one message with /compare (the earlier one first), or reply "
            "/compare with the new draft to the message that holds the old one"
        )
    return Reply.note(
        f"To compare, I need exactly two drafts ({SUPPORTED_FILES}).{found} {how}.",
        kind="need_drafts",
    )
