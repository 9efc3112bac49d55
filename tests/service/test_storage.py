"""Storage: what is kept, for how long, and that /forget really deletes it."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from analyzers import analyze_text
from bot.ratelimit import BucketSpec, take
from bot.storage import SCHEMA_VERSION, AnalysisRecord, Storage, StorageError, iso
from tests.service.conftest import CONTRACT


def record(storage: Storage, user: str, *, days_ago: float = 0, kind: str = "file") -> str:
    report = analyze_text(CONTRACT)
    analysis_id = storage.new_analysis_id()
    created = iso(datetime.now(UTC) - timedelta(days=days_ago))
    storage.add_analysis(
        AnalysisRecord.from_report(
            report,
            analysis_id=analysis_id,
            user=user,
            platform="telegram",
            kind=kind,
            doc_sha256="0" * 64,
            created_at=created,
        )
    )
    return analysis_id


def test_user_ids_are_keyed_hashes(storage: Storage) -> None:
    key = storage.user_key("telegram", "12345")
    assert key != storage.user_key("discord", "12345")
    assert key == storage.user_key("telegram", "12345")
    assert "12345" not in key and len(key) == 64
    other = Storage.memory(salt="another-salt-value")
    assert other.user_key("telegram", "12345") != key
    other.close()


def test_salt_is_generated_once_per_database(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    first = Storage.open(path)
    key = first.user_key("console", "me")
    first.close()
    again = Storage.open(path)
    assert again.user_key("console", "me") == key
    again.close()
    configured = Storage.open(path, salt="from-the-config")
    assert configured.user_key("console", "me") != key
    configured.close()


def test_file_database_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "bot.db"
    storage = Storage.open(path)
    assert path.stat().st_mode & 0o077 == 0
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.schema_version() == SCHEMA_VERSION
    storage.close()


def test_history_newest_first_with_summary_only(storage: Storage) -> None:
    user = storage.user_key("telegram", "1")
    older = record(storage, user, days_ago=2)
    newer = record(storage, user, days_ago=1)
    record(storage, storage.user_key("telegram", "2"))
    entries = storage.history(user)
    assert [e.analysis_id for e in entries] == [newer, older]
    assert entries[0].categories[0] == "ai_training_grant"
    assert entries[0].score == analyze_text(CONTRACT).score
    findings = storage.analysis_findings(newer)
    assert findings and all(rule.startswith(f"{cat}/") for rule, cat in findings)


def test_forget_deletes_every_row_of_the_member_only(storage: Storage) -> None:
    me, other = storage.user_key("telegram", "1"), storage.user_key("telegram", "2")
    analysis = record(storage, me)
    record(storage, other)
    storage.add_feedback(
        analysis_id=analysis, user=me, finding=0, rule="r/x", category="c", helpful=True
    )
    storage.set_keep_history(me, True)
    storage.update_bucket(me, "message", lambda s: take(BucketSpec(5, 1), s, time.time()))
    assert storage.counts(me) == {"analyses": 1, "feedback": 1, "prefs": 1, "rate": 1}
    assert storage.forget(me) == {"analyses": 1, "feedback": 1, "prefs": 1, "rate": 1}
    assert storage.counts(me) == {"analyses": 0, "feedback": 0, "prefs": 0, "rate": 0}
    assert storage.counts(other)["analyses"] == 1


def test_history_off_deletes_and_stops_keeping(storage: Storage) -> None:
    me = storage.user_key("telegram", "1")
    record(storage, me)
    assert storage.keep_history(me)
    assert storage.set_keep_history(me, False) == 1
    assert not storage.keep_history(me)
    assert storage.history(me) == []


def test_retention_prunes_old_rows(tmp_path: Path) -> None:
    storage = Storage.open(tmp_path / "bot.db", retention_days=30)
    me = storage.user_key("telegram", "1")
    old, fresh = record(storage, me, days_ago=31), record(storage, me, days_ago=29)
    storage.update_bucket(me, "message", lambda s: take(BucketSpec(5, 1), s, time.time() - 2e5))
    assert storage.prune() == {"analyses": 1, "feedback": 0, "rate": 1}
    assert [e.analysis_id for e in storage.history(me)] == [fresh]
    assert storage.analysis_findings(old) is None
    storage.close()
    # and at start: a 29-day-old row is gone when the retention is 7 days
    reopened = Storage.open(tmp_path / "bot.db", retention_days=7)
    assert reopened.history(me) == []
    reopened.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    Storage.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StorageError, match="schema version 99"):
        Storage.open(path)


def test_rate_bucket_state_survives_a_restart(tmp_path: Path) -> None:
    spec, now = BucketSpec(2, 1 / 60), time.time()
    storage = Storage.open(tmp_path / "bot.db")
    for _ in range(2):
        assert storage.update_bucket("u", "message", lambda s: take(spec, s, now)).allowed
    storage.close()
    storage = Storage.open(tmp_path / "bot.db")
    denied = storage.update_bucket("u", "message", lambda s: take(spec, s, now + 1))
    assert not denied.allowed and denied.notify and denied.retry_after_s == 59
    storage.close()


def test_token_bucket_refills() -> None:
    spec = BucketSpec(capacity=2, per_second=0.5)
    decision, state = take(spec, None, 0.0)
    decision, state = take(spec, state, 0.0)
    assert decision.allowed
    decision, state = take(spec, state, 0.0)
    assert not decision.allowed and decision.notify and decision.retry_after_s == 2
    decision, state = take(spec, state, 1.0)
    assert not decision.allowed and not decision.notify  # told once, then quiet
    decision, state = take(spec, state, 2.0)
    assert decision.allowed
