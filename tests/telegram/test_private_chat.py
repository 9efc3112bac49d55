"""Private chats, end to end: the real PTB Application, Service and renderers on a fake API."""

from __future__ import annotations

import pytest

from analyzers import CorruptFile, Limits, analyze_file, analyze_text
from analyzers.errors import FileTooLarge
from responses import build, feedback, guide, status
from responses.limits import REPORT_FILENAME
from responses.telegram_format import render
from tests.fakes.telegram_api import FakeTelegramAPI, html_to_plain
from tests.telegram.conftest import (
    CLAUSE,
    CORPUS,
    Bot,
    analysis_id,
    assert_valid_messages,
    expected,
    make_config,
    make_pdf,
    running_bot,
    shown,
)

PROFESSIONAL_SERVICES = "contract_common-paper-professional-services-agreement.txt"


async def test_start_and_help_answer_with_their_texts(bot: Bot) -> None:
    member = bot.api.user(101)
    chat = bot.api.private_chat(member)
    start = bot.api.post(chat, member, "/start")
    await bot.replies(chat["id"], 1)
    help_ = bot.api.post(chat, member, "/help")
    parts = len(render(guide.start_reply())) + len(render(guide.help_reply()))
    calls = await bot.replies(chat["id"], parts)

    assert_valid_messages(calls)
    assert shown(bot, chat["id"]) == expected(guide.start_reply()) + expected(guide.help_reply())
    targets = [c.params["reply_parameters"]["message_id"] for c in calls]
    assert targets[0] == start["message_id"] and targets[-1] == help_["message_id"]


async def test_pdf_is_analysed_and_the_answer_is_threaded(bot: Bot) -> None:
    bot.adapter.status_delay_s = 60  # the status note has its own test
    pdf = make_pdf((CORPUS / PROFESSIONAL_SERVICES).read_text())
    member = bot.api.user(102)
    chat = bot.api.private_chat(member)
    doc = bot.api.add_file(pdf, "contract.pdf", "application/pdf")
    posted = bot.api.post(chat, member, None, document=doc)
    await bot.api.wait_for(lambda: bot.api.called("sendDocument"), 60)

    # The file was fetched through getFile and downloaded once; typing showed meanwhile.
    assert [c.params["file_id"] for c in bot.api.called("getFile")] == [doc["file_id"]]
    assert len(bot.api.downloads) == 1
    methods = [c.method for c in bot.api.calls]
    assert "sendChatAction" in methods[: methods.index("sendMessage")]
    assert bot.api.called("sendChatAction")[0].params["action"] == "typing"

    # Exactly the full analysis the renderer produces for this contract.
    limits = Limits(max_bytes=bot.config.bot.max_file_bytes, max_pages=bot.config.bot.max_pages)
    report = analyze_file(pdf, "contract.pdf", limits=limits)
    reply = build.contract_reply(report, filename="contract.pdf", analysis_id=analysis_id(bot, 102))
    assert len(reply.files) == 1  # a long contract: the Markdown report comes as a file
    assert shown(bot, chat["id"]) == expected(reply)
    fb = [a for m in bot.messages_to(102) for _, a in bot.api.buttons(m) if a.startswith("fb:")]
    # Helpful / wrong buttons under the findings shown, pointing at real findings.
    assert len(fb) >= 2 and {a.rsplit(":", 1)[1] for a in fb} == {"up", "down"}
    assert all(0 <= int(a.split(":")[2]) < len(report.findings) for a in fb)

    # Threading: the first part replies to the member's message, the rest to the first part.
    calls = [c for c in bot.api.called("sendMessage") if c.params["chat_id"] == 102]
    assert_valid_messages(calls)
    first_id = bot.messages_to(102)[0]["message_id"]
    assert calls[0].params["reply_parameters"]["message_id"] == posted["message_id"]
    assert all(c.params["reply_parameters"]["message_id"] == first_id for c in calls[1:])
    assert all(c.params["reply_parameters"]["allow_sending_without_reply"] for c in calls)

    (upload,) = bot.api.called("sendDocument")
    name, data = upload.files["document"]
    assert name == REPORT_FILENAME
    assert f"{report.score}/100" in data.decode("utf-8")
    assert upload.params["reply_parameters"]["message_id"] == first_id


async def test_feedback_button_is_answered_and_stored(bot: Bot) -> None:
    member = bot.api.user(103)
    chat = bot.api.private_chat(member)
    bot.api.post(chat, member, CLAUSE)
    await bot.replies(103)
    with_buttons = next(m for m in bot.messages_to(103) if bot.api.buttons(m))
    _, action = bot.api.buttons(with_buttons)[0]
    assert action.startswith("fb:") and action.endswith(":up")

    query = bot.api.press(member, with_buttons, action)
    thanks = expected(feedback.thanks_reply(True))
    await bot.api.wait_for(lambda: shown(bot, 103)[-len(thanks) :] == thanks)

    assert [c.params["callback_query_id"] for c in bot.api.called("answerCallbackQuery")] == [query]
    assert len(bot.storage.rows("feedback")) == 1
    thanks = bot.api.called("sendMessage")[-1]
    assert thanks.params["reply_parameters"]["message_id"] == with_buttons["message_id"]


async def test_pasted_clause_gets_the_clause_check(bot: Bot) -> None:
    member = bot.api.user(104)
    chat = bot.api.private_chat(member)
    posted = bot.api.post(chat, member, CLAUSE)
    calls = await bot.replies(104)

    report = analyze_text(CLAUSE)
    assert report.findings, "the clause is a known AI-training grant"
    reply = build.clause_reply(report, analysis_id=analysis_id(bot, 104))
    await bot.replies(104, len(render(reply)))
    assert shown(bot, 104) == expected(reply)
    assert calls[0].params["reply_parameters"]["message_id"] == posted["message_id"]
    assert_valid_messages(bot.api.called("sendMessage"))
    assert not bot.api.called("getFile")


async def test_corrupt_file_gets_a_friendly_error(bot: Bot) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40
    with pytest.raises(CorruptFile) as error:
        analyze_file(data, "contract.pdf")
    member = bot.api.user(105)
    chat = bot.api.private_chat(member)
    doc = bot.api.add_file(data, "contract.pdf", "application/pdf")
    bot.api.post(chat, member, None, document=doc)
    reply = status.error_reply(error.value.user_message)
    await bot.replies(105, len(render(reply)))
    assert shown(bot, 105) == expected(reply)


@pytest.mark.parametrize("bot_limit_mb", [20.0, 100.0], ids=["service-limit", "bot-api-limit"])
async def test_oversized_file_is_refused_before_any_download(
    api: FakeTelegramAPI, bot_limit_mb: float
) -> None:
    """Whether the bot's own limit or the Bot API's 20 MB is the lower, getFile never runs."""
    config = make_config(api, bot={"max_file_mb": bot_limit_mb})
    async with running_bot(api, config) as bot:
        member = api.user(106)
        chat = api.private_chat(member)
        doc = api.add_file(b"%PDF-1.7 tiny", "huge.pdf", "application/pdf", size=25_000_000)
        api.post(chat, member, None, document=doc)
        await bot.replies(106)
        assert shown(bot, 106) == expected(
            status.error_reply(FileTooLarge(25_000_000, 20_000_000).user_message)
        )
        assert "25.0 MB" in shown(bot, 106)[0][0]
    assert not api.called("getFile")
    assert api.downloads == []


async def test_animation_is_refused_without_downloading(bot: Bot) -> None:
    member = bot.api.user(107)
    chat = bot.api.private_chat(member)
    gif = bot.api.add_file(b"GIF89a animation", "funny.gif", "image/gif")
    bot.api.post(chat, member, None, document=gif)
    await bot.replies(107)
    assert "JPEG, PNG or WebP" in shown(bot, 107)[0][0]
    assert not bot.api.called("getFile")


async def test_slow_analysis_shows_a_status_note_then_edits_it_into_the_answer(
    bot: Bot,
) -> None:
    bot.adapter.status_delay_s = 0.0
    member = bot.api.user(108)
    chat = bot.api.private_chat(member)
    text = (CORPUS / "contract_ungoldman_hourly_web_dev.md").read_bytes()
    posted = bot.api.post(
        chat, member, None, document=bot.api.add_file(text, "hourly.md", "text/markdown")
    )
    await bot.wait_handled(1, 60)

    note = bot.api.called("sendMessage")[0]
    assert html_to_plain(note.params["text"]) == status.working_text(None, "file")
    assert note.params["reply_parameters"]["message_id"] == posted["message_id"]
    # The note became the answer's first message: edited, never deleted.
    assert not bot.api.called("deleteMessage")
    (edit,) = bot.api.called("editMessageText")
    first = bot.messages_to(108)[0]
    assert edit.params["message_id"] == first["message_id"]
    assert status.working_text(None, "file") not in [t for t, _ in shown(bot, 108)]
    assert len(bot.api.called("sendChatAction")) == 1  # one typing action for the job
    # What the member sees is exactly the analysis, buttons included.
    report = analyze_file(text, "hourly.md", limits=bot.config.bot.file_limits)
    reply = build.contract_reply(report, filename="hourly.md", analysis_id=analysis_id(bot, 108))
    assert shown(bot, 108) == expected(reply)
