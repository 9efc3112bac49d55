"""Help, privacy, errors, history and status replies: wording and limits on every platform."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analyzers.errors import FileTooLarge
from bot.storage import HistoryEntry
from responses import account, feedback, guide, status
from responses.blocks import Reply
from responses.feedback import vote_buttons
from responses.wording import DISCLAIMER
from tests.responses.checks import count_disclaimer, rendered_everywhere

RESPONSES_DIR = Path(__file__).resolve().parents[2] / "responses"


def _entry(n: int) -> HistoryEntry:
    return HistoryEntry(
        analysis_id=f"id{n}",
        created_at=f"2026-03-{1 + n % 28:02d}T10:00:00Z",
        kind="file" if n % 2 else "clause",
        pages=42 if n % 2 else None,
        score=80 - n % 50,
        grade="B",
        verdict="exposed" if n % 3 == 0 else "protected",
        categories=("ai_training_grant", "payment_terms", "non_compete", "auto_renewal"),
    )


ALL_REPLIES: list[tuple[str, Reply]] = [
    ("start", guide.start_reply()),
    ("help", guide.help_reply()),
    ("privacy", account.privacy_reply(90)),
    ("error", status.error_reply("That file is password-protected, so I can't read it.")),
    ("internal", status.internal_error_reply()),
    ("history-empty", account.history_reply([])),
    ("history-long", account.history_reply([_entry(n) for n in range(300)])),
    ("forget", account.forget_confirm_reply()),
    ("forgotten", account.forgotten_reply({"analyses": 3, "prefs": 1, "feedback": 0})),
    ("cancelled", account.forget_cancelled_reply()),
    ("nudge-yes", status.dm_nudge_reply(True)),
    ("nudge-no", status.dm_nudge_reply(False)),
    ("queued", status.queued_reply(3)),
    ("rate", status.rate_limited_reply(12.2)),
    ("too-large", status.error_reply(FileTooLarge(31_500_000, 20_000_000).user_message)),
    ("thanks", feedback.thanks_reply(True)),
    ("unknown", guide.unknown_reply()),
    ("timeout", status.timeout_reply()),
]


@pytest.mark.parametrize(("name", "reply"), ALL_REPLIES, ids=[n for n, _ in ALL_REPLIES])
def test_every_reply_fits_every_platform_and_has_at_most_one_disclaimer(
    name: str, reply: Reply
) -> None:
    for platform, text in rendered_everywhere(reply).items():
        assert text.strip(), (name, platform)
        assert count_disclaimer(text) == (1 if reply.footer else 0), (name, platform)


def test_disclaimer_is_one_short_line() -> None:
    line = DISCLAIMER
    assert line.lower().count("not legal advice") == 1
    assert "\n" not in line and len(line) <= 60
    assert guide.help_reply().footer == line and guide.start_reply().footer == line


def test_help_names_the_commands_and_file_types() -> None:
    text = rendered_everywhere(guide.help_reply())["telegram"]
    for word in ("/check", "/noai", "/history", "/forget", "/privacy", "PDF, DOCX, TXT"):
        assert word in text


def test_privacy_says_what_is_kept_and_for_how_long() -> None:
    text = rendered_everywhere(account.privacy_reply(30))["telegram"]
    assert "I never store contract text, quotes or file names." in text
    assert "How long: 30 days, then it's deleted." in text
    assert "/forget deletes your checks and votes" in text
    assert "your history setting stays" in text
    assert "1 day," in rendered_everywhere(account.privacy_reply(1))["plain"]


def test_error_reply_shows_the_message_as_given() -> None:
    message = "That PDF looks scanned: its pages are pictures."
    reply = status.error_reply(message)
    assert reply.blocks[0].tone == "error"
    assert message in rendered_everywhere(reply)["discord"]


def test_history_lists_each_check_compactly() -> None:
    text = rendered_everywhere(account.history_reply([_entry(1), _entry(2)]))["telegram"]
    assert "Your checks (2)" in text
    assert (
        "02 Mar 2026: Contract, 42 pages: 79/100 (B), AI: Protected. AI training allowed, "
        "Slow or conditional payment, Non-compete or exclusivity +1 more"
    ) in text
    assert "03 Mar 2026: Clause: 78/100 (B), AI: Protected." in text
    empty = rendered_everywhere(account.history_reply([]))["telegram"]
    assert "Your history is empty" in empty


def test_forget_flow_buttons_and_counts() -> None:
    confirm = account.forget_confirm_reply()
    assert [b.action for b in confirm.buttons] == ["forget:confirm", "forget:cancel"]
    text = rendered_everywhere(account.forgotten_reply({"analyses": 3, "prefs": 1, "feedback": 2}))
    assert "Deleted 3 saved checks, 1 preference and 2 feedback votes." in text["plain"]
    nothing = rendered_everywhere(account.forgotten_reply({"analyses": 0}))["plain"]
    assert "There was nothing saved to delete." in nothing


@pytest.mark.parametrize(
    ("position", "expected"),
    [(1, "You're next in line"), (2, "One contract is ahead of yours"), (5, "4 contracts")],
)
def test_queue_position(position: int, expected: str) -> None:
    assert expected in rendered_everywhere(status.queued_reply(position))["plain"]


def test_status_lines_and_waits() -> None:
    assert status.working_text(42, "pdf") == "Reading your 42-page contract…"
    assert status.working_text(None, "file") == "Reading your contract…"
    assert status.working_text(None, "clause") == "Checking your clause…"
    assert "in 13 seconds" in rendered_everywhere(status.rate_limited_reply(12.2))["plain"]
    assert "in 3 minutes" in rendered_everywhere(status.rate_limited_reply(150))["plain"]
    too_large = rendered_everywhere(
        status.error_reply(FileTooLarge(31_500_000, 20_000_000).user_message)
    )
    assert "That file is 31.5 MB; I can read files up to 20.0 MB." in too_large["plain"]


def test_dm_nudge_depends_on_whether_it_was_read() -> None:
    read = rendered_everywhere(status.dm_nudge_reply(True))["plain"]
    unread = rendered_everywhere(status.dm_nudge_reply(False))["plain"]
    assert "I've checked it" in read and "direct message" in read
    assert "I don't read them in public channels" in unread


def test_responses_never_import_a_chat_library() -> None:
    for path in RESPONSES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                root = name.split(".")[0]
                assert root not in {"discord", "telegram", "bot"}, (path.name, name)


def test_help_names_the_feedback_buttons_as_they_are_labelled() -> None:
    up, down = (b.label for b in vote_buttons("a1", 0, 1))
    up_word, down_word = (label.split()[1] for label in (up, down))  # "👍 Useful (#1)"
    for reply in (feedback.help_reply(), guide.help_reply()):
        text = rendered_everywhere(reply)["plain"]
        assert f"{up_word} / {down_word}" in text
    commands = rendered_everywhere(feedback.help_reply())["plain"]
    assert f"/feedback {up_word.lower()} 2" in commands
    assert f"/feedback {down_word.lower()} 2" in commands
