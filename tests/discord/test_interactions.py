"""Slash commands, the context menu and component presses, end to end through a fake Discord."""

from __future__ import annotations

from analyzers import analyze_file
from bot.adapters.discord_adapter import CONTEXT_MENU, MENU_ID
from responses import status
from responses.noai import NOAI_KINDS, template_markdown, template_text
from tests.discord.conftest import AI_CLAUSE, assert_within_limits, shown
from tests.fakes.discord_api import FakeDiscord, Posted, Request

DEFERRED_WITH_SOURCE = 5
EPHEMERAL = 64
SECONDARY, DANGER = 2, 4  # Discord button styles


def _callbacks(fake: FakeDiscord, interaction: dict) -> list[Request]:
    return fake.requests_to(
        "POST", f"/interactions/{interaction['id']}/{interaction['token']}/callback"
    )


def _followups(fake: FakeDiscord, interaction: dict) -> list[Posted]:
    return [p for p in fake.posted if p.token == interaction["token"]]


def _text(posted: list[Posted]) -> str:
    return "\n".join(p.text() for p in posted)


async def _run(bot, fake: FakeDiscord, interaction: dict) -> list[Posted]:
    """Dispatch an interaction; return its follow-ups once the bot is done with it."""
    before = len(_followups(fake, interaction))
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_posted(before + 1, where=lambda p: p.token == interaction["token"])
    await bot.settle()
    return _followups(fake, interaction)


def _deferral(fake: FakeDiscord, interaction: dict) -> Request:
    (callback,) = _callbacks(fake, interaction)
    assert callback.body["type"] == DEFERRED_WITH_SOURCE
    return callback


async def test_analyze_is_deferred_within_3_s_then_followed_up(start_bot, fake, contract_pdf):
    bot = await start_bot()
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    interaction = fake.slash(fake.user("ann"), "analyze", attachment=pdf, dm=True)
    followups = await _run(bot, fake, interaction)

    deferral = _deferral(fake, interaction)
    assert deferral.at - fake.dispatched_at[interaction["id"]] < 3.0
    assert not (deferral.body.get("data") or {}).get("flags", 0) & EPHEMERAL  # public command
    follow_requests = fake.requests_to("POST", f"/webhooks/{fake.app_id}/{interaction['token']}")
    assert follow_requests and all(r.at > deferral.at for r in follow_requests)
    assert len(fake.requests_to("GET", "/cdn/")) == 1
    for p in followups:
        assert_within_limits(p)
        assert not p.ephemeral
    report = analyze_file(contract_pdf, "contract.pdf")
    assert f"{report.score}/100" in _text(followups)
    assert any(c["custom_id"].startswith("fb:") for p in followups for c in p.components())


async def test_analyze_in_a_dm_only_server_nudges_without_downloading(
    start_bot, fake, contract_pdf
):
    bot = await start_bot(community={"mode": "dm_only"})
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    interaction = fake.slash(fake.user("art"), "analyze", attachment=pdf)
    followups = await _run(bot, fake, interaction)
    _deferral(fake, interaction)
    assert not fake.requests_to("GET", "/cdn/")
    assert shown(status.dm_nudge_reply(analysed=False), followups)


async def test_check_command_answers_the_clause(start_bot, fake):
    bot = await start_bot()
    interaction = fake.slash(fake.user("ben"), "check", options={"clause": AI_CLAUSE})
    followups = await _run(bot, fake, interaction)
    _deferral(fake, interaction)
    assert "train" in _text(followups).lower()
    for p in followups:
        assert_within_limits(p)


async def test_context_menu_checks_the_target_message(start_bot, fake):
    bot = await start_bot()
    target = fake.message(fake.user("cat"), AI_CLAUSE)
    interaction = fake.context_menu(fake.user("dee"), CONTEXT_MENU, target)
    followups = await _run(bot, fake, interaction)
    _deferral(fake, interaction)
    assert "train" in _text(followups).lower()
    for p in followups:
        assert_within_limits(p)


async def test_context_menu_on_a_posted_file_analyses_it(start_bot, fake, contract_pdf):
    bot = await start_bot()
    pdf = fake.attachment("contract.pdf", contract_pdf, content_type="application/pdf")
    target = fake.message(fake.user("dot"), "", attachments=[pdf])
    interaction = fake.context_menu(fake.user("dee"), CONTEXT_MENU, target)
    followups = await _run(bot, fake, interaction)
    _deferral(fake, interaction)
    assert len(fake.requests_to("GET", "/cdn/")) == 1
    report = analyze_file(contract_pdf, "contract.pdf")
    assert f"{report.score}/100" in _text(followups)


async def test_noai_select_then_template_then_file(start_bot, fake):
    bot = await start_bot()
    member = fake.user("eli")
    command = fake.slash(member, "noai")
    (menu,) = await _run(bot, fake, command)
    assert _deferral(fake, command).body["data"]["flags"] & EPHEMERAL
    assert_within_limits(menu)
    (select,) = [c for c in menu.components() if c["type"] == 3]
    assert select["custom_id"] == MENU_ID
    assert [o["value"] for o in select["options"]] == [f"noai:{kind}" for kind in NOAI_KINDS]

    choice = fake.press(member, menu, MENU_ID, values=["noai:full"])
    template = await _run(bot, fake, choice)
    assert _deferral(fake, choice).body["data"]["flags"] & EPHEMERAL
    assert all(p.ephemeral for p in template)
    first_line = next(line for line in template_text("full").splitlines() if line.strip())
    assert first_line.strip() in _text(template)
    file_buttons = [
        c for p in template for c in p.components() if c["custom_id"] == "noai-file:full"
    ]
    assert len(file_buttons) == 1

    download = fake.press(member, template[-1], "noai-file:full")
    files = [f for p in await _run(bot, fake, download) for f in p.files]
    names = sorted(name for name, _ in files)
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "md"]
    markdown = next(data for name, data in files if name.endswith(".md")).decode()
    assert markdown == template_markdown("full")


async def test_noai_with_a_strength_choice_skips_the_menu(start_bot, fake):
    bot = await start_bot()
    command = fake.slash(fake.user("fox"), "noai", options={"strength": "rider"})
    followups = await _run(bot, fake, command)
    assert all(p.ephemeral for p in followups)
    assert not [c for p in followups for c in p.components() if c["type"] == 3]
    first_line = next(line for line in template_text("rider").splitlines() if line.strip())
    assert first_line.strip() in _text(followups)


async def test_forget_asks_to_confirm_then_deletes(start_bot, fake):
    bot = await start_bot()
    member = fake.user("gil")
    await _run(bot, fake, fake.slash(member, "check", options={"clause": AI_CLAUSE}))
    history = await _run(bot, fake, fake.slash(member, "history"))

    forget = fake.slash(member, "forget")
    (prompt,) = await _run(bot, fake, forget)
    assert _deferral(fake, forget).body["data"]["flags"] & EPHEMERAL
    styles = {c["custom_id"]: c["style"] for c in prompt.components()}
    assert styles == {"forget:confirm": DANGER, "forget:cancel": SECONDARY}

    confirm = await _run(bot, fake, fake.press(member, prompt, "forget:confirm"))
    assert all(p.ephemeral for p in confirm)
    after = await _run(bot, fake, fake.slash(member, "history"))
    assert _text(after) != _text(history)  # the stored analysis is gone
    fresh = await _run(bot, fake, fake.slash(fake.user("new"), "history"))
    assert _text(after) == _text(fresh)


async def test_feedback_button_is_acknowledged_privately(start_bot, fake):
    bot = await start_bot()
    member = fake.user("hana")
    followups = await _run(bot, fake, fake.slash(member, "check", options={"clause": AI_CLAUSE}))
    posted, button = next(
        (p, c) for p in followups for c in p.components() if c["custom_id"].startswith("fb:")
    )
    assert button["style"] == SECONDARY  # quieter than the answer itself
    thanks = await _run(bot, fake, fake.press(member, posted, button["custom_id"]))
    assert thanks and all(p.ephemeral for p in thanks)


async def test_private_commands_are_ephemeral_in_a_dm_too(start_bot, fake):
    bot = await start_bot()
    for name in ("help", "privacy"):
        interaction = fake.slash(fake.user("ivy"), name, dm=True)
        followups = await _run(bot, fake, interaction)
        assert _deferral(fake, interaction).body["data"]["flags"] & EPHEMERAL
        assert followups and all(p.ephemeral for p in followups)
