"""What the bot keeps, in SQLite through sqlite-utils (the only module that imports it).

Kept: per analysis a summary (hashed member id, platform, time, keyed document hash, kind,
sizes, score, grade, verdict, category ids, counts, and the rule id and category of each
finding so feedback buttons can name the rule), preferences, feedback votes, rate-limit
buckets. Never kept: contract text, quotes, filenames, message text or raw platform user ids.

Member ids and documents are hashed with HMAC-SHA256 under a secret salt that is never in
the database (the database alone must not re-identify anyone): ``CLAUSESCOUT_SALT`` (or
``[storage] salt``), else a key file created with mode 0600 beside the database
(``clausescout.db.key``). Either may list older salts after the current one (comma- or
line-separated, newest first): a member's rows made under an older salt are moved to the
current one when they next write, so ``/history`` and ``/forget`` still reach them.

One connection, guarded by a lock; every method is synchronous and thread-safe, and the
service calls them through ``asyncio.to_thread`` so the event loop never waits on disk.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import statistics
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlite_utils import Database

from bot.ratelimit import BucketState

if TYPE_CHECKING:
    from analyzers.model import Report

SCHEMA_VERSION = 3
SALT_ENV = "CLAUSESCOUT_SALT"
KEY_FILE_SUFFIX = ".key"
TABLES = ("analyses", "feedback", "prefs", "rate")
# Per-community settings admins chose (keyed like members; no member column).
COMMUNITY_TABLE = "communities"
# What /forget deletes. The history preference stays, or forgetting would silently turn
# history back on; so do the rate-limit buckets (hashed counters that expire within a
# day), or forgetting would be a way around the limit.
FORGOTTEN_TABLES = ("analyses", "feedback")
_MIN_SALT_CHARS = 8  # shorter ones would not be masked in logs (bot.logs)
_CLAIMED_MEMO = 10_000  # members already moved to the current salt, remembered
_RATE_STALE_S = 86_400  # a bucket untouched for a day is full again: its row can go

T = TypeVar("T")


class StorageError(Exception):
    """The database cannot be used (for example, it was written by a newer version)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One stored analysis, as ``/history`` shows it (never any contract text)."""

    analysis_id: str
    created_at: str  # ISO 8601, UTC
    kind: str  # "file" or "clause"
    pages: int | None
    score: int
    grade: str
    verdict: str
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One month of a community's contract checks."""

    month: str  # "2026-11"
    contracts: int
    exposed: int  # with an AI-training grant (verdict "exposed")
    median_score: float


@dataclass(frozen=True, slots=True)
class CommunityFigures:
    """A community's contract checks, from the stored summaries (numbers and ids only)."""

    contracts: int
    members: int  # distinct members who contributed
    exposed: int
    median_score: float | None
    categories: tuple[tuple[str, int], ...]  # (category id, contracts with it), most first
    months: tuple[MonthFigures, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class CommunitySetting:
    """What an admin set for a community with ``/community`` (None: not set)."""

    mode: str | None = None
    stats: bool | None = None


@dataclass(frozen=True, slots=True)
class AnalysisRecord:
    """One analysis as stored: numbers and ids only."""

    id: str
    user: str
    platform: str
    created_at: str
    doc_sha256: str
    kind: str  # "file" or "clause"
    chars: int
    pages: int | None
    clauses: int
    score: int
    grade: str
    verdict: str
    categories: tuple[str, ...]
    counts: dict[str, int]
    findings: tuple[tuple[str, str], ...]  # (rule id, category) per finding, report order
    community: str | None = None  # community key (``community_key``) of a public contract check

    @classmethod
    def from_report(
        cls,
        report: Report,
        *,
        analysis_id: str,
        user: str,
        platform: str,
        kind: str,
        doc_sha256: str,
        created_at: str | None = None,
        community: str | None = None,
    ) -> AnalysisRecord:
        return cls(
            id=analysis_id,
            user=user,
            platform=platform,
            created_at=created_at or iso(utc_now()),
            doc_sha256=doc_sha256,
            kind=kind,
            chars=report.stats.chars,
            pages=report.stats.pages,
            clauses=report.stats.clauses,
            score=report.score,
            grade=report.grade,
            verdict=report.ai_training,
            categories=tuple(report.categories),
            counts={s: report.count(s) for s in ("high", "medium", "low", "good")},
            findings=tuple((f.rule, f.category) for f in report.findings),
            community=community,
        )


class Storage:
    """The bot's database. Open with ``Storage.open(path)`` or ``Storage.memory()``."""

    def __init__(
        self,
        db: Database,
        *,
        salt: str | None = None,
        retention_days: int = 90,
        path: str | None = None,
    ) -> None:
        """``salt``: the salts to use, newest first (comma- or line-separated); without it,
        ``$CLAUSESCOUT_SALT``, then the key file beside a file database, else a random one."""
        self._db = db
        self._lock = threading.RLock()
        self.path = path
        self.retention_days = retention_days
        self._closed = False
        self._claimed: OrderedDict[str, None] = OrderedDict()
        with self._lock:
            self._db.execute("PRAGMA secure_delete = ON")  # deleted rows are zeroed on disk
            if path is not None:
                self._db.enable_wal()
            self._migrate()
            self._salts = self._resolve_salts(salt or os.environ.get(SALT_ENV))
        self.prune()

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, salt: str | None = None, retention_days: int = 90
    ) -> Storage:
        """Open (creating and migrating as needed) the database file at ``path``."""
        path = Path(path)
        if path.is_dir():
            raise StorageError(f"{path} is a directory, not a database file")
        try:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                # Only the bot's user may read the database.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            connection = sqlite3.connect(path, check_same_thread=False)
            return cls(
                Database(connection), salt=salt, retention_days=retention_days, path=str(path)
            )
        except sqlite3.Error as exc:
            raise StorageError(f"cannot use {path} as the database: {exc}") from None

    @classmethod
    def memory(cls, *, salt: str | None = None, retention_days: int = 90) -> Storage:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        return cls(Database(connection), salt=salt, retention_days=retention_days)

    @property
    def key_file(self) -> Path | None:
        """Where the salts are kept when none is configured (beside the database)."""
        return Path(self.path + KEY_FILE_SUFFIX) if self.path is not None else None

    # --- identity ------------------------------------------------------------------------

    def user_key(self, platform: str, user_id: str) -> str:
        """HMAC-SHA256 of "platform:user_id": rows cannot be tied to an account without the salt."""
        return _hmac(self._salts[0], f"{platform}:{user_id}".encode())

    def claim(self, platform: str, user_id: str) -> str:
        """The member's key, after moving any rows kept under an older salt to it."""
        key = self.user_key(platform, user_id)
        if len(self._salts) == 1 or key in self._claimed:
            return key
        message = f"{platform}:{user_id}".encode()
        old = [_hmac(salt, message) for salt in self._salts[1:]]
        marks = ", ".join("?" * len(old))
        with self._locked() as db, db.conn:
            for table in TABLES:
                # Where the member already has a row under the new key, the new one wins.
                db.execute(
                    f"UPDATE OR IGNORE {table} SET user = ? WHERE user IN ({marks})", [key, *old]
                )
                db.execute(f"DELETE FROM {table} WHERE user IN ({marks})", old)
        self._claimed[key] = None
        while len(self._claimed) > _CLAIMED_MEMO:
            self._claimed.popitem(last=False)
        return key

    def document_key(self, data: bytes) -> str:
        """A keyed hash of a document: it cannot confirm a guess at the document."""
        return _hmac(self._salts[0], data)

    def community_keys(self, platform: str, server_id: str) -> tuple[str, ...]:
        """Keyed hashes of a server or group id, like member ids: the current salt's first,
        then the older salts' (so rows made before a rotation still count)."""
        message = f"community:{platform}:{server_id}".encode()
        return tuple(_hmac(salt, message) for salt in self._salts)

    def community_key(self, platform: str, server_id: str) -> str:
        return self.community_keys(platform, server_id)[0]

    @staticmethod
    def new_analysis_id() -> str:
        return secrets.token_hex(8)

    # --- analyses ------------------------------------------------------------------------

    def add_analysis(self, record: AnalysisRecord) -> None:
        row = {
            "id": record.id,
            "user": record.user,
            "platform": record.platform,
            "created_at": record.created_at,
            "doc_sha256": record.doc_sha256,
            "kind": record.kind,
            "chars": record.chars,
            "pages": record.pages,
            "clauses": record.clauses,
            "score": record.score,
            "grade": record.grade,
            "verdict": record.verdict,
            "categories": json.dumps(list(record.categories)),
            "counts": json.dumps(record.counts, sort_keys=True),
            "findings": json.dumps([list(pair) for pair in record.findings]),
            "community": record.community,
        }
        with self._locked() as db:
            db["analyses"].insert(row)

    def history(self, user: str, *, limit: int = 10) -> list[HistoryEntry]:
        """The member's latest analyses, newest first."""
        with self._locked() as db:
            rows = list(
                db["analyses"].rows_where(
                    "user = ?", [user], order_by="created_at desc, rowid desc", limit=limit
                )
            )
        return [
            HistoryEntry(
                analysis_id=row["id"],
                created_at=row["created_at"],
                kind=row["kind"],
                pages=row["pages"],
                score=row["score"],
                grade=row["grade"],
                verdict=row["verdict"],
                categories=tuple(json.loads(row["categories"])),
            )
            for row in rows
        ]

    def latest_analysis_id(self, user: str) -> str | None:
        entries = self.history(user, limit=1)
        return entries[0].analysis_id if entries else None

    def analysis_findings(self, analysis_id: str) -> tuple[tuple[str, str], ...] | None:
        """(rule id, category) of each finding of an analysis; None when it is not stored."""
        with self._locked() as db:
            rows = list(db["analyses"].rows_where("id = ?", [analysis_id], select="findings"))
        if not rows:
            return None
        return tuple((rule, category) for rule, category in json.loads(rows[0]["findings"]))

    # --- communities ---------------------------------------------------------------------

    def community_figures(self, keys: tuple[str, ...]) -> CommunityFigures:
        """The community's contract checks still kept (members with history off have no
        rows, so they are never counted)."""
        marks = ", ".join("?" * len(keys))
        with self._locked() as db:
            rows = db.execute(
                f"SELECT user, created_at, score, verdict, categories FROM analyses "
                f"WHERE community IN ({marks}) ORDER BY created_at",
                list(keys),
            ).fetchall()
        categories: dict[str, int] = {}
        months: dict[str, list[tuple[int, str]]] = {}
        for _user, created_at, score, verdict, cats in rows:
            months.setdefault(created_at[:7], []).append((score, verdict))
            for category in set(json.loads(cats or "[]")):
                categories[category] = categories.get(category, 0) + 1
        return CommunityFigures(
            contracts=len(rows),
            members=len({row[0] for row in rows}),
            exposed=sum(1 for row in rows if row[3] == "exposed"),
            median_score=statistics.median(row[2] for row in rows) if rows else None,
            categories=tuple(sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))),
            months=tuple(
                MonthFigures(
                    month=month,
                    contracts=len(entries),
                    exposed=sum(1 for _, verdict in entries if verdict == "exposed"),
                    median_score=statistics.median(score for score, _ in entries),
                )
                for month, entries in months.items()
            ),
        )

    def community_setting(self, keys: tuple[str, ...]) -> CommunitySetting:
        """The admins' settings, under the newest salt that has any."""
        with self._locked() as db:
            for key in keys:
                rows = list(db[COMMUNITY_TABLE].rows_where("key = ?", [key]))
                if rows:
                    stats = rows[0]["stats"]
                    return CommunitySetting(rows[0]["mode"], None if stats is None else bool(stats))
        return CommunitySetting()

    def set_community_setting(
        self, keys: tuple[str, ...], *, mode: str | None = None, stats: bool | None = None
    ) -> CommunitySetting:
        """Change the mode and/or the stats switch (None leaves it); kept under the current
        salt's key. Returns the settings now in force."""
        current = self.community_setting(keys)
        new = CommunitySetting(
            mode if mode is not None else current.mode,
            stats if stats is not None else current.stats,
        )
        with self._locked() as db, db.conn:
            marks = ", ".join("?" * len(keys))
            db.execute(f"DELETE FROM {COMMUNITY_TABLE} WHERE key IN ({marks})", list(keys))
            db[COMMUNITY_TABLE].insert(
                {
                    "key": keys[0],
                    "mode": new.mode,
                    "stats": None if new.stats is None else int(new.stats),
                    "updated_at": iso(utc_now()),
                }
            )
        return new

    # --- feedback ------------------------------------------------------------------------

    def add_feedback(
        self,
        *,
        analysis_id: str,
        user: str,
        finding: int,
        rule: str | None,
        category: str | None,
        helpful: bool,
    ) -> None:
        """One vote per member and finding: voting again replaces the earlier vote."""
        row = {
            "analysis_id": analysis_id,
            "user": user,
            "finding": finding,
            "rule": rule,
            "category": category,
            "vote": "up" if helpful else "down",
            "created_at": iso(utc_now()),
        }
        with self._locked() as db:
            db["feedback"].upsert(row, pk=("analysis_id", "user", "finding"))

    # --- preferences ---------------------------------------------------------------------

    def keep_history(self, user: str) -> bool:
        with self._locked() as db:
            rows = list(db["prefs"].rows_where("user = ?", [user], select="keep_history"))
        return bool(rows[0]["keep_history"]) if rows else True

    def set_keep_history(self, user: str, keep: bool) -> int:
        """Turn history on or off; off also deletes the analyses kept so far (returns how many)."""
        with self._locked() as db, db.conn:
            db["prefs"].upsert(
                {"user": user, "keep_history": int(keep), "updated_at": iso(utc_now())},
                pk="user",
            )
            deleted = 0
            if not keep:
                deleted = db.execute("DELETE FROM analyses WHERE user = ?", [user]).rowcount
        if deleted:
            self._checkpoint()
        return deleted

    # --- rate limits ---------------------------------------------------------------------

    def update_bucket(
        self, user: str, bucket: str, update: Callable[[BucketState | None], tuple[T, BucketState]]
    ) -> T:
        """Read a bucket, let ``update`` compute its new state, write it back, atomically."""
        with self._locked() as db:
            rows = list(db["rate"].rows_where("user = ? and bucket = ?", [user, bucket]))
            state = (
                BucketState(rows[0]["tokens"], rows[0]["updated_at"], bool(rows[0]["notified"]))
                if rows
                else None
            )
            result, new_state = update(state)
            with db.conn:
                db["rate"].upsert(
                    {
                        "user": user,
                        "bucket": bucket,
                        "tokens": new_state.tokens,
                        "updated_at": new_state.updated,
                        "notified": int(new_state.notified),
                    },
                    pk=("user", "bucket"),
                )
        return result

    # --- deletion ------------------------------------------------------------------------

    def forget(self, user: str) -> dict[str, int]:
        """Delete a member's analyses and votes (``FORGOTTEN_TABLES``); returns how many rows
        went from each table. Call ``claim`` first, so rows under older salts count too."""
        with self._locked() as db, db.conn:
            deleted = {
                table: db.execute(f"DELETE FROM {table} WHERE user = ?", [user]).rowcount
                for table in FORGOTTEN_TABLES
            }
        self._checkpoint()
        return deleted

    def prune(self, *, now: float | None = None) -> dict[str, int]:
        """Delete analyses and feedback older than the retention period, and stale buckets."""
        now = time.time() if now is None else now
        cutoff = iso(datetime.fromtimestamp(now - self.retention_days * 86_400, UTC))
        with self._locked() as db, db.conn:
            deleted = {
                "analyses": db.execute(
                    "DELETE FROM analyses WHERE created_at < ?", [cutoff]
                ).rowcount,
                "feedback": db.execute(
                    "DELETE FROM feedback WHERE created_at < ?", [cutoff]
                ).rowcount,
                "rate": db.execute(
                    "DELETE FROM rate WHERE updated_at < ?", [now - _RATE_STALE_S]
                ).rowcount,
            }
        if any(deleted.values()):
            self._checkpoint()
        return deleted

    # --- inspection ----------------------------------------------------------------------

    def counts(self, user: str | None = None) -> dict[str, int]:
        """Rows per table, for one member (by hashed id) or for everyone."""
        with self._locked() as db:
            if user is None:
                return {table: db[table].count for table in TABLES}
            return {
                table: db.execute(
                    f"SELECT count(*) FROM {table} WHERE user = ?", [user]
                ).fetchone()[0]
                for table in TABLES
            }

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of one of ``TABLES`` (for tests and operators)."""
        if table not in (*TABLES, COMMUNITY_TABLE, "meta"):
            raise ValueError(f"unknown table {table!r}")
        with self._locked() as db:
            return list(db[table].rows)

    def schema_version(self) -> int:
        with self._locked() as db:
            return int(db["meta"].get("schema_version")["value"])

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self.path is not None:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.close()

    # --- internals -----------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[Database]:
        with self._lock:
            if self._closed:
                raise StorageError("storage is closed")
            yield self._db

    def _checkpoint(self) -> None:
        """Fold the WAL into the database file so deleted rows do not linger in it."""
        if self.path is not None:
            with self._locked() as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _resolve_salts(self, configured: str | None) -> tuple[str, ...]:
        """The salts, newest first; moves a salt older versions kept in ``meta`` out of it."""
        legacy = [str(row["value"]) for row in self._db["meta"].rows_where("key = 'salt'")]
        key_file = self.key_file
        kept = _read_key_file(key_file) if key_file is not None and key_file.exists() else []
        if configured:
            salts = [*_split_salts(configured), *kept]
        elif key_file is not None:
            if not kept:
                kept = legacy or [secrets.token_hex(32)]
                _write_key_file(key_file, kept)
            salts = list(kept)
        else:
            salts = [secrets.token_hex(32)]
        missing = [salt for salt in legacy if salt not in salts]
        if missing and key_file is not None:
            _write_key_file(key_file, [*kept, *missing])  # written before it leaves meta
        salts += missing
        if legacy:
            with self._db.conn:
                self._db.execute("DELETE FROM meta WHERE key = 'salt'")
            self._checkpoint()
        if any(len(salt) < _MIN_SALT_CHARS for salt in salts):
            raise StorageError(f"a salt must have at least {_MIN_SALT_CHARS} characters")
        return tuple(dict.fromkeys(salts))

    def _migrate(self) -> None:
        db = self._db
        with db.conn:
            db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
            rows = list(db["meta"].rows_where("key = 'schema_version'"))
            version = int(rows[0]["value"]) if rows else 0
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the database has schema version {version}; this ClauseScout knows up "
                    f"to {SCHEMA_VERSION}: upgrade ClauseScout"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                _MIGRATIONS[step](db)
            db["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")


def _schema_v1(db: Database) -> None:
    db["analyses"].create(
        {
            "id": str,
            "user": str,
            "platform": str,
            "created_at": str,
            "doc_sha256": str,
            "kind": str,
            "chars": int,
            "pages": int,
            "clauses": int,
            "score": int,
            "grade": str,
            "verdict": str,
            "categories": str,
            "counts": str,
            "findings": str,
        },
        pk="id",
        not_null={"user", "platform", "created_at", "kind"},
    )
    db["analyses"].create_index(["user", "created_at"])
    db["analyses"].create_index(["created_at"])
    db["prefs"].create({"user": str, "keep_history": int, "updated_at": str}, pk="user")
    db["feedback"].create(
        {
            "analysis_id": str,
            "user": str,
            "finding": int,
            "rule": str,
            "category": str,
            "vote": str,
            "created_at": str,
        },
        pk=("analysis_id", "user", "finding"),
    )
    db["feedback"].create_index(["user"])
    db["feedback"].create_index(["created_at"])
    db["rate"].create(
        {"user": str, "bucket": str, "tokens": float, "updated_at": float, "notified": int},
        pk=("user", "bucket"),
    )


def _schema_v2(db: Database) -> None:
    """Document hashes were plain SHA-256 (a guess at a document could be confirmed)."""
    db.execute("UPDATE analyses SET doc_sha256 = NULL")


def _schema_v3(db: Database) -> None:
    """Community checks: which server or group (keyed) a public contract check was made in,
    and the settings its admins chose. Existing rows keep ``community`` NULL (they were
    not counted anywhere before)."""
    if "community" not in db["analyses"].columns_dict:
        db["analyses"].add_column("community", str)
    db["analyses"].create_index(["community", "created_at"], if_not_exists=True)
    db[COMMUNITY_TABLE].create(
        {"key": str, "mode": str, "stats": int, "updated_at": str},
        pk="key",
        if_not_exists=True,
    )


# schema version -> the step that brings the previous version up to it
_MIGRATIONS: dict[int, Callable[[Database], None]] = {1: _schema_v1, 2: _schema_v2, 3: _schema_v3}


def _hmac(salt: str, message: bytes) -> str:
    return hmac.new(salt.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _split_salts(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


def _read_key_file(path: Path) -> list[str]:
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)  # it is a secret: only the bot's user may read it
        salts = _split_salts(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(f"cannot read the key file {path}: {exc}") from None
    if not salts:
        raise StorageError(f"the key file {path} holds no salt")
    return salts


def _write_key_file(path: Path, salts: list[str]) -> None:
    """Write the salts to a new file of mode 0600, then move it into place."""
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write("\n".join(salts) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
