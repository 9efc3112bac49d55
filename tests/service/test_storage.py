"""Storage: what is kept, for how long, and that /forget really deletes it."""

from __future__ import annotations

import hashlib
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


def test_salt_lives_in_a_private_key_file_beside_the_database(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    first = Storage.open(path)
    key = first.user_key("console", "me")
    record(first, key)
    first.close()
    key_file = tmp_path / "bot.db.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    salt = key_file.read_text().strip()
    assert len(salt) >= 32 and salt.encode() not in _database_bytes(path)
    again = Storage.open(path)
    assert again.user_key("console", "me") == key and len(again.history(key)) == 1
    again.close()
    # The database alone re-identifies no one: without the key file the keys differ.
    key_file.rename(tmp_path / "elsewhere.key")
    stranger = Storage.open(path)
    assert stranger.user_key("console", "me") != key
    stranger.close()


def test_a_configured_salt_writes_no_key_file(tmp_path: Path) -> None:
    storage = Storage.open(tmp_path / "bot.db", salt="from-the-config-0001")
    other = Storage.memory(salt="from-the-config-0001")
    assert storage.user_key("console", "me") == other.user_key("console", "me")
    assert not (tmp_path / "bot.db.key").exists()
    storage.close()
    other.close()


def test_a_salt_an_older_version_kept_in_the_database_moves_out(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    storage = Storage.open(path, salt="legacy-salt-in-the-db")
    me = storage.user_key("telegram", "1")
    record(storage, me)
    storage.close()
    with sqlite3.connect(path) as db:  # as version 1 left it
        db.execute("INSERT INTO meta VALUES ('salt', 'legacy-salt-in-the-db')")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        db.execute("UPDATE analyses SET doc_sha256 = ?", [hashlib.sha256(b"doc").hexdigest()])
    upgraded = Storage.open(path)
    assert upgraded.user_key("telegram", "1") == me  # same salt, now from the key file
    assert (tmp_path / "bot.db.key").read_text().strip() == "legacy-salt-in-the-db"
    assert upgraded.rows("meta") == [{"key": "schema_version", "value": str(SCHEMA_VERSION)}]
    assert [row["doc_sha256"] for row in upgraded.rows("analyses")] == [None]
    upgraded.close()
    assert b"legacy-salt-in-the-db" not in _database_bytes(path)


def test_rotated_salt_still_reaches_the_old_rows(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    old = Storage.open(path, salt="old-salt-0123456789")
    me = old.user_key("telegram", "1")
    record(old, me)
    old.set_keep_history(me, False)
    old.update_bucket(me, "analysis", lambda s: take(BucketSpec(5, 1), s, time.time()))
    record(old, old.user_key("telegram", "2"))
    old.close()

    rotated = Storage.open(path, salt="new-salt-9876543210, old-salt-0123456789")
    assert rotated.user_key("telegram", "1") != me
    new_key = rotated.claim("telegram", "1")
    assert new_key == rotated.user_key("telegram", "1")
    assert rotated.counts(new_key) == {"analyses": 0, "feedback": 0, "prefs": 1, "rate": 1}
    assert rotated.counts(me) == {"analyses": 0, "feedback": 0, "prefs": 0, "rate": 0}
    assert not rotated.keep_history(new_key)  # the member's choice survives the rotation
    rotated.set_keep_history(new_key, True)
    record(rotated, new_key)
    assert rotated.forget(new_key)["analyses"] == 1
    assert rotated.counts()["analyses"] == 1  # the other member's row, still under the old salt
    rotated.close()


def test_document_hashes_are_keyed() -> None:
    one, two = Storage.memory(salt="first-salt-value"), Storage.memory(salt="second-salt-value")
    data = b"%PDF-1.7 the contract"
    assert one.document_key(data) == one.document_key(data) != two.document_key(data)
    assert one.document_key(data) != hashlib.sha256(data).hexdigest()
    one.close()
    two.close()


def test_a_directory_or_a_non_database_file_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a directory"):
        Storage.open(tmp_path)
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_bytes(b"These are my notes, not a database. " * 200)
    with pytest.raises(StorageError, match="cannot use"):
        Storage.open(not_a_database)


def _database_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


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


def test_forget_deletes_checks_and_votes_but_not_the_setting_or_the_counters(
    storage: Storage,
) -> None:
    me, other = storage.user_key("telegram", "1"), storage.user_key("telegram", "2")
    analysis = record(storage, me)
    record(storage, other)
    storage.add_feedback(
        analysis_id=analysis, user=me, finding=0, rule="r/x", category="c", helpful=True
    )
    storage.set_keep_history(me, True)
    storage.set_keep_history(me, False)
    record(storage, me)  # (the service would not store it with history off)
    storage.update_bucket(me, "analysis", lambda s: take(BucketSpec(5, 1), s, time.time()))
    assert storage.counts(me) == {"analyses": 1, "feedback": 1, "prefs": 1, "rate": 1}
    assert storage.forget(me) == {"analyses": 1, "feedback": 1}
    # Forgetting is no way around the rate limit, and does not turn history back on.
    assert storage.counts(me) == {"analyses": 0, "feedback": 0, "prefs": 1, "rate": 1}
    assert not storage.keep_history(me)
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
