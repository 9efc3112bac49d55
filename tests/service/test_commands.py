"""Command and message parsing: what the service understands a member to ask."""

from __future__ import annotations

import re

import pytest

from bot.commands import (
    COMMANDS,
    classify_message,
    parse_action,
    parse_command,
    parse_feedback_args,
    parse_vote,
)

CLAUSE = "The Client may use the Deliverables to train artificial intelligence models."


def test_commands_are_valid_for_telegram_and_discord() -> None:
    names = [spec.name for spec in COMMANDS]
    assert len(names) == len(set(names))
    for spec in COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", spec.name), spec.name
        assert 3 <= len(spec.description) <= 100, spec.description
    assert {"start", "help", "check", "analyze", "noai", "privacy", "history", "forget"} <= set(
        names
    )


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("/help", "help", ""),
        ("/help@ClauseScoutBot", "help", ""),
        ("/HELP", "help", ""),
        ("/noai general", "noai", "general"),
        ("/noai@ClauseScoutBot   specific ", "noai", "specific"),
        (f"/check {CLAUSE}", "check", CLAUSE),
        ("/check@ClauseScoutBot line one\nline two", "check", "line one\nline two"),
        ("/analyse", "analyze", ""),
        ("@ClauseScoutBot /history off", "history", "off"),
        ("/frobnicate now", "frobnicate", "now"),
    ],
)
def test_parse_command(text: str, name: str, args: str) -> None:
    command = parse_command(text)
    assert command is not None
    assert (command.name, command.args) == (name, args)


@pytest.mark.parametrize("text", ["hello", "and/or this", "/", "//comment", "/ help", ""])
def test_not_a_command(text: str) -> None:
    assert parse_command(text) is None


def test_pasted_clause_is_checked() -> None:
    intent = classify_message(CLAUSE)
    assert (intent.kind, intent.clause) == ("clause", CLAUSE)


def test_question_with_the_clause_after_it() -> None:
    intent = classify_message(f"Is this clause risky? {CLAUSE}")
    assert (intent.kind, intent.clause) == ("clause", CLAUSE)


def test_question_replying_to_the_clause() -> None:
    for question in ("is this fair?", "Is this clause risky?", "@ClauseScoutBot is this ok?"):
        intent = classify_message(question, reply_to_text=CLAUSE)
        assert (intent.kind, intent.clause) == ("clause", CLAUSE), question


def test_question_without_a_clause_asks_for_it() -> None:
    assert classify_message("is this clause risky?").kind == "ask_clause"
    assert classify_message("Is this fair?").kind == "ask_clause"


def test_trailing_question_is_dropped_from_the_clause() -> None:
    intent = classify_message(f"{CLAUSE} Is this fair?")
    assert (intent.kind, intent.clause) == ("clause", CLAUSE)


@pytest.mark.parametrize("text", ["hi", "thanks!", "Hello everyone, I love this community!"])
def test_chatter_is_not_a_clause(text: str) -> None:
    assert classify_message(text).kind == "unknown"


def test_actions_and_votes() -> None:
    assert parse_action("noai:general").name == "noai"
    assert parse_action("forget:confirm").parts == ("confirm",)
    vote = parse_vote(parse_action("fb:abc123:4:down"))
    assert vote is not None
    assert (vote.analysis_id, vote.finding, vote.helpful) == ("abc123", 4, False)
    for bad in ("fb:abc:x:up", "fb:abc:1:maybe", "fb::1:up", "fb:abc:1"):
        assert parse_vote(parse_action(bad)) is None, bad


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("wrong 2", (False, 2)),
        ("helpful", (True, None)),
        ("2 up", (True, 2)),
        ("#3 bad", (False, 3)),
        ("bad #3", (False, 3)),
        ("this finding is silly", None),
        ("", None),
        ("wrong 0", None),
    ],
)
def test_feedback_arguments(args: str, expected: tuple[bool, int | None] | None) -> None:
    assert parse_feedback_args(args) == expected
