"""Communities through the service: modes, the full report in private, /stats, /community.

The adapters' end-to-end tests (tests/discord, tests/telegram) show the same on the wire;
these cover each decision with a recording outbox.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from analyzers import analyze_file, analyze_text
from bot.community import STATS_MIN_MEMBERS, parse_setting
from bot.config import ConfigError
from bot.held import HOLD_S, Fetch, HeldReports
from bot.service import Service
from bot.storage import SCHEMA_VERSION, AnalysisRecord, Storage, iso
from responses import build, status
from responses import community as replies
from responses.escape import unfang
from responses.wording import short_quote
from tests.service.conftest import (
    CONTRACT,
    FILENAME,
    PHRASE,
    FakeFile,
    RecordingOutbox,
    make_config,
    make_pdf,
    message,
)
from tests.service.test_service_privacy import database_bytes

MakeService = Callable[..., Service]
SERVER = "guild-77"


class Clock:
    """A clock the test moves by hand (no sleeping)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _public(user: str = "alice", **fields: object):
    return dataclasses.replace(
        message(private=False, server_id=SERVER, user=user, platform="discord"), **fields
    )


async def _post_contract(service: Service, user: str = "alice") -> RecordingOutbox:
    outbox = RecordingOutbox()
    file = FakeFile(make_pdf(CONTRACT))
    await service.handle(_public(user, attachment=file.attachment()), outbox)
    return outbox


def _full_action(outbox: RecordingOutbox) -> str:
    (action,) = [a for a in outbox.buttons() if a.startswith("full:")]
    return action


def _admin(value: bool):
    async def check() -> bool:
        return value

    return check


# --- modes -------------------------------------------------------------------------------


async def test_summary_mode_answers_in_public_without_quotes_or_file_name(
    make_service: MakeService,
) -> None:
    outbox = await _post_contract(make_service())
    (reply,) = outbox.replies
    assert reply.kind == "contract_summary"
    shown = unfang(" ".join(outbox.text.split()))
    report = analyze_file(make_pdf(CONTRACT), FILENAME)
    assert f"Score {report.score}/100, grade {report.grade}" in shown
    assert "AI training" in shown and "Exposed" in shown
    assert "Top risks" in shown and "section 3" in shown  # the AI clause, by its number
    assert replies.PRIVACY_ADVICE in shown
    # Not one quote, not the distinctive phrase, not the file's name.
    assert PHRASE not in shown and FILENAME not in shown
    for finding in report.findings:
        assert " ".join(short_quote(finding.quote).split()) not in shown
    (button,) = reply.buttons
    assert (button.label, button.private_chat) == (replies.FULL_REPORT_LABEL, True)


async def test_full_mode_shows_the_quotes_but_not_the_file_name(
    make_service: MakeService,
) -> None:
    service = make_service(make_config(community={"full": [SERVER]}))
    outbox = await _post_contract(service)
    assert outbox.kinds == ["contract"]
    shown = " ".join(outbox.text.split())
    assert PHRASE in shown and FILENAME not in shown
    assert not any(a.startswith("full:") for a in outbox.buttons())


async def test_dm_only_mode_nudges_and_never_downloads(make_service: MakeService) -> None:
    service = make_service(make_config(community={"mode": "dm_only"}))
    outbox = RecordingOutbox()
    file = FakeFile(make_pdf(CONTRACT))
    await service.handle(_public(attachment=file.attachment()), outbox)
    assert outbox.replies == [status.dm_nudge_reply(analysed=False)] and file.fetches == 0


async def test_a_pasted_contract_follows_the_mode_too(make_service: MakeService) -> None:
    outbox = RecordingOutbox()
    await make_service().handle(_public(text=CONTRACT), outbox)
    assert outbox.kinds == ["contract_summary"]
    assert PHRASE not in " ".join(outbox.text.split())
    assert _full_action(outbox)


# --- the full report in private ------------------------------------------------------------


async def test_the_member_who_asked_gets_the_full_report_by_dm_once(
    make_service: MakeService,
) -> None:
    service = make_service()
    action = _full_action(await _post_contract(service))
    press = RecordingOutbox()
    await service.handle(_public(action=action), press)
    (delivered,) = press.private
    assert delivered.kind == "contract"
    assert PHRASE in " ".join(RecordingOutbox(replies=[delivered]).text.split())
    assert press.replies == [replies.report_sent_reply()] and press.replies[0].ephemeral
    # Delivered: no longer held.
    again = RecordingOutbox()
    await service.handle(_public(action=action), again)
    assert again.replies == [replies.report_gone_reply(15)] and not again.private


async def test_another_member_cannot_fetch_the_report(make_service: MakeService) -> None:
    service = make_service()
    action = _full_action(await _post_contract(service, "alice"))
    press = RecordingOutbox()
    await service.handle(_public("mallory", action=action), press)
    assert press.replies == [replies.report_not_yours_reply()] and not press.private
    owner = RecordingOutbox()
    await service.handle(_public("alice", action=action), owner)
    assert len(owner.private) == 1  # still there for its owner


async def test_closed_dms_are_said_and_the_report_stays_for_a_retry(
    make_service: MakeService,
) -> None:
    service = make_service()
    action = _full_action(await _post_contract(service))
    closed = RecordingOutbox(dms_open=False)
    await service.handle(_public(action=action), closed)
    assert closed.replies == [replies.dms_closed_reply()] and closed.replies[0].ephemeral
    opened = RecordingOutbox()
    await service.handle(_public(action=action), opened)
    assert len(opened.private) == 1


async def test_in_a_private_chat_the_report_is_the_answer(make_service: MakeService) -> None:
    """Telegram: the deep link opens the private chat, where the press arrives."""
    service = make_service()
    action = _full_action(await _post_contract(service))
    dm = RecordingOutbox()
    await service.handle(message(action=action, user="alice", platform="discord"), dm)
    assert dm.kinds == ["contract"] and not dm.private


async def test_the_report_is_held_for_15_minutes_only(make_service: MakeService) -> None:
    clock = Clock()
    service = make_service()
    service.held = HeldReports(clock=clock)
    action = _full_action(await _post_contract(service))
    clock.now += HOLD_S - 1
    in_time = RecordingOutbox()
    await service.handle(_public(action=action), in_time)
    assert len(in_time.private) == 1

    action = _full_action(await _post_contract(service))
    clock.now += HOLD_S
    late = RecordingOutbox()
    await service.handle(_public(action=action), late)
    assert late.replies == [replies.report_gone_reply(15)] and not late.private
    assert len(service.held) == 0


def test_held_reports_are_bounded_and_the_oldest_go_first() -> None:
    held: HeldReports[str] = HeldReports(capacity=3, clock=Clock())
    tokens = [held.put("alice", f"report {n}") for n in range(5)]
    assert len(held) == 3
    assert [held.fetch(t, "alice")[0] for t in tokens] == [Fetch.GONE] * 2 + [Fetch.FOUND] * 3
    assert len(set(tokens)) == 5 and all(len(t) >= 22 for t in tokens)


async def test_forget_drops_the_held_reports_too(make_service: MakeService) -> None:
    service = make_service()
    action = _full_action(await _post_contract(service))
    await service.handle(_public(action="forget:confirm"), RecordingOutbox())
    press = RecordingOutbox()
    await service.handle(_public(action=action), press)
    assert press.replies == [replies.report_gone_reply(15)]


async def test_nothing_of_the_held_report_reaches_the_disk(
    tmp_path: Path, make_service: MakeService
) -> None:
    path = tmp_path / "bot.db"
    storage = Storage.open(path, salt="disk-test-salt-0001")
    service = make_service(store=storage)
    outbox = await _post_contract(service)
    assert len(service.held) == 1
    assert PHRASE.encode() not in database_bytes(path)
    assert FILENAME.encode() not in database_bytes(path)
    assert _full_action(outbox).split(":")[1].encode() not in database_bytes(path)
    await service.aclose(grace_s=1)
    storage.close()


# --- /community ------------------------------------------------------------------------------


async def test_only_admins_change_the_mode_and_it_then_applies(make_service: MakeService) -> None:
    service = make_service()
    member = RecordingOutbox()
    await service.handle(_public(text="/community full", is_admin=_admin(False)), member)
    assert member.replies == [replies.not_admin_reply("discord")]
    admin = RecordingOutbox()
    await service.handle(_public(text="/community dm_only", is_admin=_admin(True)), admin)
    assert admin.replies == [replies.settings_reply("dm_only", True, changed=True)]
    outbox = await _post_contract(service)
    assert outbox.replies == [status.dm_nudge_reply(analysed=False)]
    shown = RecordingOutbox()
    await service.handle(_public(text="/community"), shown)
    assert shown.replies == [replies.settings_reply("dm_only", True)]


async def test_an_admin_setting_wins_over_the_config(make_service: MakeService) -> None:
    service = make_service(make_config(community={"dm_only": [SERVER]}))
    await service.handle(
        _public(text="/community summary", is_admin=_admin(True)), RecordingOutbox()
    )
    assert (await _post_contract(service)).kinds == ["contract_summary"]


async def test_the_community_id_is_stored_as_a_keyed_hash(
    tmp_path: Path, make_service: MakeService
) -> None:
    path = tmp_path / "bot.db"
    storage = Storage.open(path, salt="disk-test-salt-0002")
    service = make_service(store=storage)
    await service.handle(_public(text="/community full", is_admin=_admin(True)), RecordingOutbox())
    await _post_contract(service)
    (row,) = storage.rows("analyses")
    assert row["community"] == storage.community_key("discord", SERVER)
    assert (storage.rows("communities")[0]["key"]) == row["community"]
    assert SERVER.encode() not in database_bytes(path)
    await service.aclose(grace_s=1)
    storage.close()


def test_community_arguments() -> None:
    assert parse_setting("") == ("show", "")
    assert parse_setting("FULL") == ("mode", "full")
    assert parse_setting("dm-only") == ("mode", "dm_only")
    assert parse_setting("stats off") == ("stats", "off")
    assert parse_setting("public please") is None


# --- /stats ----------------------------------------------------------------------------------


async def _members_check_contracts(service: Service, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        outbox = RecordingOutbox()
        await service.handle(_public(f"member-{n}", text=CONTRACT), outbox)
        assert outbox.kinds == ["contract_summary"]


async def _stats(service: Service) -> RecordingOutbox:
    outbox = RecordingOutbox()
    await service.handle(_public(text="/stats"), outbox)
    return outbox


async def test_stats_appear_once_ten_members_contributed(make_service: MakeService) -> None:
    service = make_service()
    await _members_check_contracts(service, STATS_MIN_MEMBERS - 1)
    # One member checking more contracts does not make up for missing members.
    await _members_check_contracts(service, 1, start=0)
    assert (await _stats(service)).replies == [replies.stats_not_yet_reply(STATS_MIN_MEMBERS)]
    await _members_check_contracts(service, 1, start=STATS_MIN_MEMBERS - 1)
    outbox = await _stats(service)
    assert outbox.kinds == ["stats"]
    shown = " ".join(outbox.text.split())
    report = analyze_text(CONTRACT)
    month = datetime.now(UTC).strftime("%Y-%m")
    assert "11 contracts checked here by 10 members" in shown
    assert f"Median score {report.score}/100" in shown
    assert "100% of contracts let the client train AI" in shown
    assert f"{month}: 11 contracts" in shown


async def test_members_with_history_off_are_not_counted(make_service: MakeService) -> None:
    service = make_service()
    await service.handle(_public("member-0", text="/history off"), RecordingOutbox())
    await _members_check_contracts(service, STATS_MIN_MEMBERS)
    assert service.communities.figures("discord", SERVER).members == STATS_MIN_MEMBERS - 1
    assert (await _stats(service)).kinds == ["stats_not_yet"]


async def test_admins_can_turn_stats_off(make_service: MakeService) -> None:
    service = make_service()
    await _members_check_contracts(service, STATS_MIN_MEMBERS)
    assert (await _stats(service)).kinds == ["stats"]
    member = RecordingOutbox()
    await service.handle(_public(text="/community stats off", is_admin=_admin(False)), member)
    assert member.kinds == ["not_admin"]
    await service.handle(
        _public(text="/community stats off", is_admin=_admin(True)), RecordingOutbox()
    )
    assert (await _stats(service)).replies == [replies.stats_off_reply()]


async def test_stats_off_in_the_config(make_service: MakeService) -> None:
    service = make_service(make_config(community={"stats_off": [SERVER]}))
    assert (await _stats(service)).kinds == ["stats_off"]


async def test_stats_count_only_this_community_and_show_each_month(
    make_service: MakeService, storage: Storage
) -> None:
    service = make_service()
    key = storage.community_key("discord", SERVER)
    other = storage.community_key("discord", "another-guild")
    report = analyze_text(CONTRACT)
    for n in range(12):
        when = iso(datetime(2026, 10 + n % 2, 3, tzinfo=UTC))
        storage.add_analysis(
            AnalysisRecord.from_report(
                report,
                analysis_id=storage.new_analysis_id(),
                user=storage.user_key("discord", f"m{n}"),
                platform="discord",
                kind="file",
                doc_sha256="0" * 64,
                created_at=when,
                community=key if n < 10 else other,
            )
        )
    figures = service.communities.figures("discord", SERVER)
    assert (figures.contracts, figures.members) == (10, 10)
    assert [(m.month, m.contracts) for m in figures.months] == [("2026-10", 5), ("2026-11", 5)]
    shown = " ".join((await _stats(service)).text.split())
    assert "2026-10: 5 contracts" in shown and "2026-11: 5 contracts" in shown


async def test_stats_in_a_private_chat_say_where_they_work(make_service: MakeService) -> None:
    outbox = RecordingOutbox()
    await make_service().handle(message("/stats"), outbox)
    assert outbox.replies == [replies.stats_where_reply()]


# --- config and storage ----------------------------------------------------------------------


def test_config_modes_are_checked() -> None:
    with pytest.raises(ConfigError, match="mode must be one of"):
        make_config(community={"mode": "public"})
    with pytest.raises(ConfigError, match="both"):
        make_config(community={"full": ["1"], "dm_only": ["1"]})


def test_legacy_analyze_public_posts_is_mapped() -> None:
    legacy = make_config(bot={"analyze_public_posts": ["1", "2"]}).community
    assert (legacy.mode_for("1"), legacy.mode_for("2"), legacy.mode_for("3")) == (
        "summary",
        "summary",
        "dm_only",
    )
    explicit = make_config(
        bot={"analyze_public_posts": ["1"]}, community={"mode": "summary", "full": ["1"]}
    ).community
    assert (explicit.mode_for("1"), explicit.mode_for("3")) == ("full", "summary")
    assert make_config(bot={"analyze_public_posts": []}).community.mode == "summary"


def test_a_version_2_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    with sqlite3.connect(path) as db:  # the tables as version 2 left them
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('schema_version', '2')")
        db.execute(
            "CREATE TABLE analyses (id TEXT PRIMARY KEY, user TEXT NOT NULL, platform TEXT "
            "NOT NULL, created_at TEXT NOT NULL, doc_sha256 TEXT, kind TEXT NOT NULL, chars "
            "INTEGER, pages INTEGER, clauses INTEGER, score INTEGER, grade TEXT, verdict TEXT, "
            "categories TEXT, counts TEXT, findings TEXT)"
        )
        db.execute(
            "INSERT INTO analyses VALUES ('a1', 'u', 'discord', '2026-11-01T00:00:00Z', NULL, "
            "'file', 10, 1, 2, 50, 'D', 'exposed', '[]', '{}', '[]')"
        )
        db.execute(
            "CREATE TABLE prefs (user TEXT PRIMARY KEY, keep_history INTEGER, updated_at TEXT)"
        )
        db.execute(
            "CREATE TABLE feedback (analysis_id TEXT, user TEXT, finding INTEGER, rule TEXT, "
            "category TEXT, vote TEXT, created_at TEXT, PRIMARY KEY (analysis_id, user, finding))"
        )
        db.execute(
            "CREATE TABLE rate (user TEXT, bucket TEXT, tokens FLOAT, updated_at FLOAT, "
            "notified INTEGER, PRIMARY KEY (user, bucket))"
        )
    storage = Storage.open(path, salt="migration-salt-0001", retention_days=36_500)
    assert storage.schema_version() == SCHEMA_VERSION == 3
    (row,) = storage.rows("analyses")
    assert row["id"] == "a1" and row["community"] is None
    keys = storage.community_keys("discord", SERVER)
    assert storage.community_figures(keys).contracts == 0
    storage.set_community_setting(keys, mode="full")
    assert storage.community_setting(keys).mode == "full"
    storage.close()


def test_stats_survive_a_salt_rotation(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    old = Storage.open(path, salt="old-salt-00000001")
    old.set_community_setting(old.community_keys("telegram", "-100"), stats=False)
    old.close()
    new = Storage.open(path, salt="new-salt-00000001,old-salt-00000001")
    keys = new.community_keys("telegram", "-100")
    assert new.community_setting(keys).stats is False
    new.close()


def test_public_summary_names_no_heading_words() -> None:
    """Sections are named by number only: a heading is contract text."""
    report = analyze_text(CONTRACT)
    text = " ".join(
        b.text for b in replies.public_summary_reply(report, full_report_action=None).blocks
    )
    assert "Use of Deliverables" not in text and "section 3" in text
    assert build.summary_reply(report).kind == "contract_summary"
