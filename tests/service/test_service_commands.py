"""Every command and button, as a member sees the answer."""

from __future__ import annotations

import pytest

from bot.service import Service
from responses import account, feedback, guide, noai
from tests.service.conftest import AI_CLAUSE, CONTRACT, Ask, RecordingOutbox, message


async def test_start_help_and_privacy(ask: Ask) -> None:
    assert (await ask("/start")).replies == [guide.start_reply()]
    assert (await ask("/help")).replies == [guide.help_reply()]
    assert (await ask("/help@ClauseScoutBot")).replies == [guide.help_reply()]
    privacy = await ask("/privacy")
    assert privacy.replies == [account.privacy_reply(90)]
    assert "90 days" in privacy.text


async def test_noai_menu_then_a_button_then_the_files(ask: Ask) -> None:
    menu = await ask("/noai")
    assert menu.replies == [noai.noai_menu_reply()]
    assert "noai:general" in menu.buttons()
    chosen = await ask(action="noai:general")
    assert chosen.replies == [noai.noai_reply("general")]
    assert "noai-file:general" in chosen.buttons()
    files = await ask(action="noai-file:general")
    assert {f.filename.rsplit(".", 1)[1] for f in files.replies[0].files} == {"md", "docx"}


async def test_noai_with_a_kind(ask: Ask) -> None:
    assert (await ask("/noai specific")).replies == [noai.noai_reply("specific")]
    assert (await ask("/noai license")).replies == [noai.noai_reply("licence")]
    assert (await ask("/noai nonsense")).replies == [noai.noai_menu_reply()]


@pytest.mark.parametrize(("word", "kind"), sorted(noai.ALIASES.items()))
async def test_noai_takes_every_name_the_templates_answer_to(
    ask: Ask, word: str, kind: str
) -> None:
    """The chat reads /noai words as the CLI does (``/noai paid`` once showed the menu)."""
    assert (await ask(f"/noai {word}")).replies == [noai.noai_reply(kind)]


@pytest.mark.parametrize(
    ("text", "action", "private"),
    [
        ("/help", None, True),
        ("/noai rider", None, True),
        ("/privacy", None, True),
        ("/history off", None, True),
        ("/forget", None, True),
        ("/check The Client owns everything.", None, False),
        ("/analyze", None, False),
        ("The Client owns everything.", None, False),
        ("", "fb:abc:0:up", True),
    ],
)
def test_the_service_says_which_answers_are_private(
    text: str, action: str | None, private: bool
) -> None:
    assert Service.answers_privately(message(text, action=action)) is private


async def test_check_a_clause(ask: Ask) -> None:
    outbox = await ask(f"/check {AI_CLAUSE}")
    assert outbox.kinds == ["clause"]
    assert "risky" in outbox.text and "AI training" in outbox.text
    assert outbox.statuses == [None]  # typing indicator, no status line for a clause


async def test_check_as_a_reply_or_context_menu(ask: Ask) -> None:
    outbox = await ask("/check", reply_to_text=AI_CLAUSE, private=False, server_id="s1")
    assert outbox.kinds == ["clause"]
    assert "AI training" in outbox.text


async def test_check_without_a_clause_explains_how(ask: Ask) -> None:
    assert (await ask("/check")).replies == [guide.ask_for_clause_reply()]
    assert (await ask("/check is this fair?")).replies == [guide.ask_for_clause_reply()]


async def test_check_with_a_question_as_a_reply_checks_the_replied_message(ask: Ask) -> None:
    outbox = await ask("/check is this fair?", reply_to_text=AI_CLAUSE)
    assert outbox.kinds == ["clause"]
    assert "AI training" in outbox.text


async def test_pasted_clause_and_pasted_contract(ask: Ask) -> None:
    clause = await ask(AI_CLAUSE)
    assert clause.kinds == ["clause"]
    contract = await ask(CONTRACT)
    assert contract.kinds == ["contract"]  # five clauses: the whole-contract answer
    assert "Score" in contract.text


async def test_question_with_the_clause_in_the_replied_message(ask: Ask) -> None:
    outbox = await ask("is this clause risky?", reply_to_text=AI_CLAUSE)
    assert outbox.kinds == ["clause"]
    assert "AI training" in outbox.text


async def test_question_with_the_clause_after_it(ask: Ask) -> None:
    outbox = await ask(f"Is this fair? {AI_CLAUSE}")
    assert outbox.kinds == ["clause"]


async def test_question_without_a_clause_is_told_how(ask: Ask) -> None:
    assert (await ask("is this clause risky?")).replies == [guide.ask_for_clause_reply()]


async def test_anything_else_gets_a_friendly_answer(ask: Ask) -> None:
    assert (await ask("hi there")).replies == [guide.unknown_reply()]
    assert (await ask("/frobnicate")).replies == [guide.unknown_reply()]
    assert (await ask(action="no-such-button")).replies == [guide.unknown_reply()]


async def test_history_lists_past_analyses(ask: Ask) -> None:
    assert (await ask("/history")).replies == [account.history_reply([])]
    await ask(AI_CLAUSE)
    await ask(CONTRACT)
    history = await ask("/history")
    assert history.replies[0].kind == "history"
    assert history.text.count("AI: Exposed") == 2
    assert history.text.count("Clause") == 2  # pasted texts, not files


async def test_history_off_forgets_and_stops_keeping(ask: Ask, service: Service) -> None:
    await ask(AI_CLAUSE)
    user = service.storage.user_key("telegram", "alice")
    assert service.storage.counts(user)["analyses"] == 1
    off = await ask("/history off")
    assert off.replies == [account.history_setting_reply(False, 1)]
    assert "deleted 1 saved check" in off.text
    await ask(AI_CLAUSE)
    assert service.storage.counts(user)["analyses"] == 0
    await ask("/history on")
    await ask(AI_CLAUSE)
    assert service.storage.counts(user)["analyses"] == 1


async def test_forget_asks_then_deletes_checks_and_votes(ask: Ask, service: Service) -> None:
    clause = await ask(AI_CLAUSE)
    vote = next(a for a in clause.buttons() if a.endswith(":up"))
    await ask(action=vote)
    await ask("/history off")
    await ask("/history on")
    await ask(AI_CLAUSE)
    user = service.storage.user_key("telegram", "alice")
    before = service.storage.counts(user)
    assert before["analyses"] == 1 and before["feedback"] == 1 and before["prefs"] == 1
    confirm = await ask("/forget")
    assert confirm.replies == [account.forget_confirm_reply()]
    assert (await ask(action="forget:cancel")).replies == [account.forget_cancelled_reply()]
    assert service.storage.counts(user)["analyses"] == 1
    done = await ask(action="forget:confirm")
    after = service.storage.counts(user)
    assert (after["analyses"], after["feedback"]) == (0, 0)
    assert done.replies[0].kind == "forget"
    assert "1 saved check" in done.text and "1 feedback vote" in done.text
    assert (await ask("/history")).replies == [account.history_reply([])]


async def test_feedback_buttons_store_rule_and_category(ask: Ask, service: Service) -> None:
    outbox = await ask(CONTRACT)
    down = [a for a in outbox.buttons() if a.startswith("fb:") and a.endswith(":down")]
    assert down
    thanks = await ask(action=down[0])
    assert thanks.replies == [feedback.thanks_reply(False)]
    _, analysis_id, index, _ = down[0].split(":")
    rows = service.storage.rows("feedback")
    rule, category = service.storage.analysis_findings(analysis_id)[int(index)]
    assert [(r["rule"], r["category"], r["vote"], r["finding"]) for r in rows] == [
        (rule, category, "down", int(index))
    ]


async def test_feedback_command_votes_on_the_latest_analysis(ask: Ask, service: Service) -> None:
    assert (await ask("/feedback wrong 1")).replies == [feedback.help_reply()]  # nothing yet
    await ask(AI_CLAUSE)
    assert (await ask("/feedback wrong 1")).replies == [feedback.thanks_reply(False)]
    assert (await ask("/feedback helpful")).replies == [feedback.thanks_reply(True)]
    assert (await ask("/feedback wrong 99")).replies == [feedback.help_reply()]
    votes = {(r["finding"], r["vote"], r["category"]) for r in service.storage.rows("feedback")}
    assert votes == {(0, "down", "ai_training_grant"), (-1, "up", None)}


async def test_feedback_works_with_history_off(ask: Ask, service: Service) -> None:
    await ask("/history off")
    outbox = await ask(AI_CLAUSE)
    up = next(a for a in outbox.buttons() if a.endswith(":up"))
    assert (await ask(action=up)).replies == [feedback.thanks_reply(True)]
    assert service.storage.rows("analyses") == []
    assert [r["category"] for r in service.storage.rows("feedback")] == ["ai_training_grant"]


async def test_a_stale_feedback_button_is_answered(ask: Ask) -> None:
    assert (await ask(action="fb:0123456789abcdef:0:up")).replies == [guide.unknown_reply()]


async def test_every_addressed_message_is_answered(service: Service) -> None:
    for text in ("/start", "", "?", "/", "x" * 10, "/noai", "/history maybe", "/analyze"):
        outbox = RecordingOutbox()
        await service.handle(message(text), outbox)
        assert len(outbox.replies) >= 1, text
