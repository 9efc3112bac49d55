"""Inline keyboards: /noai templates and /forget, pressed through callback queries."""

from __future__ import annotations

from responses import account, noai
from tests.telegram.conftest import CLAUSE, Bot, assert_valid_messages, expected, shown


async def test_noai_menu_template_and_file(bot: Bot) -> None:
    api = bot.api
    member = api.user(301)
    chat = api.private_chat(member)
    api.post(chat, member, "/noai")
    menu_parts = expected(noai.noai_menu_reply())
    await bot.replies(301, len(menu_parts))
    assert shown(bot, 301) == menu_parts
    menu = next(m for m in bot.messages_to(301) if api.buttons(m))
    assert {a for _, a in api.buttons(menu)} == {f"noai:{kind}" for kind in noai.NOAI_KINDS}

    query = api.press(member, menu, "noai:general")
    template = expected(noai.noai_reply("general"))
    await api.wait_for(lambda: shown(bot, 301)[len(menu_parts) :] == template)
    assert [c.params["callback_query_id"] for c in api.called("answerCallbackQuery")] == [query]
    answer = api.called("sendMessage")[len(menu_parts)]
    assert answer.params["reply_parameters"]["message_id"] == menu["message_id"]
    assert_valid_messages(api.called("sendMessage"))

    with_file_button = next(
        m for m in bot.messages_to(301) if ("noai-file:general" in dict(api.buttons(m)).values())
    )
    second = api.press(member, with_file_button, "noai-file:general")
    await api.wait_for(lambda: len(api.called("sendDocument")) == 2)
    assert [c.params["callback_query_id"] for c in api.called("answerCallbackQuery")] == [
        query,
        second,
    ]
    files = {c.files["document"][0]: c.files["document"][1] for c in api.called("sendDocument")}
    wanted = {f.filename: f.data for f in noai.noai_file_reply("general").files}
    assert files.keys() == wanted.keys()
    md = next(name for name in wanted if name.endswith(".md"))
    assert files[md] == wanted[md]
    docx = next(name for name in wanted if name.endswith(".docx"))
    assert files[docx][:2] == b"PK"  # a real .docx (zip) archive


async def test_forget_with_confirm_button_deletes_the_members_rows(bot: Bot) -> None:
    api = bot.api
    member = api.user(302)
    chat = api.private_chat(member)
    user = bot.storage.user_key("telegram", "302")
    api.post(chat, member, CLAUSE)
    await api.wait_for(lambda: bot.storage.counts(user)["analyses"] == 1)

    api.post(chat, member, "/forget")
    confirm = expected(account.forget_confirm_reply())
    await api.wait_for(lambda: shown(bot, 302)[-len(confirm) :] == confirm)
    asking = next(m for m in reversed(bot.messages_to(302)) if api.buttons(m))
    assert {a for _, a in api.buttons(asking)} == {"forget:confirm", "forget:cancel"}
    before = bot.storage.counts(user)

    query = api.press(member, asking, "forget:confirm")
    done = expected(account.forgotten_reply({k: before[k] for k in ("analyses", "feedback")}))
    await api.wait_for(lambda: shown(bot, 302)[-len(done) :] == done)
    assert query in [c.params["callback_query_id"] for c in api.called("answerCallbackQuery")]
    after = bot.storage.counts(user)
    assert (after["analyses"], after["feedback"]) == (0, 0)

    api.post(chat, member, "/history")
    empty = expected(account.history_reply([]))
    await api.wait_for(lambda: shown(bot, 302)[-len(empty) :] == empty)


async def test_forget_cancel_keeps_the_rows(bot: Bot) -> None:
    api = bot.api
    member = api.user(303)
    chat = api.private_chat(member)
    user = bot.storage.user_key("telegram", "303")
    api.post(chat, member, CLAUSE)
    await api.wait_for(lambda: bot.storage.counts(user)["analyses"] == 1)
    api.post(chat, member, "/forget")
    confirm = expected(account.forget_confirm_reply())
    await api.wait_for(lambda: shown(bot, 303)[-len(confirm) :] == confirm)
    asking = bot.messages_to(303)[-1]

    api.press(member, asking, "forget:cancel")
    cancelled = expected(account.forget_cancelled_reply())
    await api.wait_for(lambda: shown(bot, 303)[-len(cancelled) :] == cancelled)
    assert bot.storage.counts(user)["analyses"] == 1
    assert len(api.called("answerCallbackQuery")) == 1
