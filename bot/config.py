"""Configuration: a TOML file read into frozen dataclasses.

Unknown keys are errors that name the key. Secrets (bot tokens, the storage salt) come from
the environment first, then the file; they are never logged or shown in ``repr``.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzers.limits import DEFAULT_LIMITS, Limits
from bot.paths import default_database

ADAPTERS = ("console", "discord", "telegram")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CONFIG_ENV = "CLAUSESCOUT_CONFIG"


class ConfigError(Exception):
    """The configuration is invalid; the message says which key and why."""


@dataclass(frozen=True)
class BotConfig:
    adapters: tuple[str, ...] = ("console",)
    max_file_mb: float = DEFAULT_LIMITS.max_bytes / 1_000_000
    max_pages: int = DEFAULT_LIMITS.max_pages
    max_paste_chars: int = 100_000
    # Hard limit: a worker still running after it is killed. Real contracts take well under
    # a second; the slow pdfminer fallback gives up on its own after 8.
    analysis_timeout_s: float = 12.0
    # What one worker process may allocate on top of what it starts with (an address-space
    # limit): past it the analysis ends with "too complex", not the machine's memory.
    worker_memory_mb: int = 512
    max_concurrent_jobs: int = 2
    # Work is admitted by its expected wait: a file is refused ("busy, try again in N s")
    # only when it would wait longer than this for a worker.
    max_wait_s: float = 60.0
    # A memory bound, not the admission rule: each waiting file is held in memory.
    max_queued_jobs: int = 200
    # Pasted texts shorter than this run in a thread (milliseconds of work); longer texts
    # and every file run in a worker process that is killed at the time limit.
    inline_max_chars: int = 20_000
    # Deprecated (read for old configs): servers listed here answer in "summary" mode and,
    # unless ``[community] mode`` is set, every other server in "dm_only" (as before).
    analyze_public_posts: tuple[str, ...] = ()
    log_level: str = "INFO"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @property
    def file_limits(self) -> Limits:
        """The analyzer's limits for a file under this configuration."""
        return dataclasses.replace(
            DEFAULT_LIMITS, max_bytes=self.max_file_bytes, max_pages=self.max_pages
        )

    @property
    def paste_limits(self) -> Limits:
        """The analyzer's limits for pasted text under this configuration."""
        return dataclasses.replace(DEFAULT_LIMITS, max_chars=self.max_paste_chars)


COMMUNITY_MODES = ("summary", "full", "dm_only")


@dataclass(frozen=True)
class CommunityConfig:
    """How the bot answers a contract it is asked about in a server channel or group.

    ``mode`` is the default; the id lists (Discord guild ids, Telegram chat ids) override it
    per community, and an admin's ``/community`` setting overrides both.
    """

    mode: str = "summary"
    summary: tuple[str, ...] = ()
    full: tuple[str, ...] = ()
    dm_only: tuple[str, ...] = ()
    # /stats: the community's own figures; off where an id is listed in stats_off.
    stats: bool = True
    stats_off: tuple[str, ...] = ()

    def mode_for(self, server_id: str) -> str:
        for mode in COMMUNITY_MODES:
            if server_id in getattr(self, mode):
                return mode
        return self.mode

    def stats_for(self, server_id: str) -> bool:
        return self.stats and server_id not in self.stats_off


@dataclass(frozen=True)
class RateLimitConfig:
    analyses_per_hour: int = 20
    burst: int = 5
    messages_per_minute: int = 30


@dataclass(frozen=True)
class StorageConfig:
    path: str = field(default_factory=default_database)  # in the user's data directory
    retention_days: int = 90
    prune_interval_minutes: int = 60
    salt: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class TelegramConfig:
    token: str | None = field(default=None, repr=False)
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    download_limit_mb: float = 20.0
    mode: str = "polling"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    webhook_secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DiscordConfig:
    token: str | None = field(default=None, repr=False)
    message_content_intent: bool = False
    owner_ids: tuple[str, ...] = ()
    application_id: str | None = None


@dataclass(frozen=True)
class Config:
    bot: BotConfig = field(default_factory=BotConfig)
    community: CommunityConfig = field(default_factory=CommunityConfig)
    rate_limit: RateLimitConfig = field(default_factory=RateLimitConfig)
    storage: StorageConfig = field(default_factory=StorageConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    source: str | None = None


_SECTIONS: dict[str, type] = {
    "bot": BotConfig,
    "community": CommunityConfig,
    "rate_limit": RateLimitConfig,
    "storage": StorageConfig,
    "telegram": TelegramConfig,
    "discord": DiscordConfig,
}

# The accepted range of every numeric key: absurd values would overflow somewhere (a
# timestamp, a timer) and NaN or infinity would switch a limit off.
_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("bot", "max_file_mb"): (0.000001, 2000),
    ("bot", "max_pages"): (1, 10_000),
    ("bot", "max_paste_chars"): (1, 10_000_000),
    ("bot", "analysis_timeout_s"): (0.1, 3600),
    ("bot", "worker_memory_mb"): (64, 65_536),
    ("bot", "max_concurrent_jobs"): (1, 64),
    ("bot", "max_queued_jobs"): (0, 100_000),
    ("bot", "max_wait_s"): (0, 3600),
    ("bot", "inline_max_chars"): (0, 10_000_000),
    ("rate_limit", "analyses_per_hour"): (0, 1_000_000),
    ("rate_limit", "burst"): (0, 1_000_000),
    ("rate_limit", "messages_per_minute"): (0, 1_000_000),
    ("storage", "retention_days"): (1, 36_500),
    ("storage", "prune_interval_minutes"): (1, 525_600),
    ("telegram", "download_limit_mb"): (0.000001, 2000),
    ("telegram", "webhook_port"): (1, 65_535),
}

_ENV_SECRETS = {
    ("telegram", "token"): "TELEGRAM_TOKEN",
    ("telegram", "webhook_secret"): "TELEGRAM_WEBHOOK_SECRET",
    ("discord", "token"): "DISCORD_TOKEN",
    ("storage", "salt"): "CLAUSESCOUT_SALT",
}


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read ``path`` (or ``$CLAUSESCOUT_CONFIG``); no file at all means the defaults."""
    path = path or os.environ.get(CONFIG_ENV) or None
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return parse_config(raw, source=str(path) if path else None)


def parse_config(raw: dict[str, Any], source: str | None = None) -> Config:
    sections: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in _SECTIONS:
            raise ConfigError(f"unknown config section [{name}]")
        if not isinstance(value, dict):
            raise ConfigError(f"[{name}] must be a table")
        sections[name] = _build(name, _SECTIONS[name], value)
    for (section, key), env in _ENV_SECRETS.items():
        secret = os.environ.get(env)
        if secret:
            current = sections.get(section) or _SECTIONS[section]()
            sections[section] = dataclasses.replace(current, **{key: secret})
    sections["community"] = _legacy_public_posts(
        sections.get("bot") or BotConfig(),
        sections.get("community") or CommunityConfig(),
        mode_given="mode" in (raw.get("community") or {}),
    )
    config = Config(**sections, source=source)
    _validate(config)
    return config


def _legacy_public_posts(
    bot: BotConfig, community: CommunityConfig, *, mode_given: bool
) -> CommunityConfig:
    """``[bot] analyze_public_posts`` (before ``[community]``): the servers it lists were
    answered with a summary without quotes, every other one with the DM nudge only. An old
    config keeps exactly that; an empty list changes nothing."""
    if not bot.analyze_public_posts:
        return community
    placed = {*community.summary, *community.full, *community.dm_only}
    listed = tuple(s for s in bot.analyze_public_posts if s not in placed)
    return dataclasses.replace(
        community,
        summary=community.summary + listed,
        mode=community.mode if mode_given else "dm_only",
    )


def _build(section: str, cls: type, values: dict[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(f"unknown config key [{section}] {key}")
        default = fields[key].default
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
                raise ConfigError(f"[{section}] {key} must be a list of strings")
            value = tuple(str(v) for v in value)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"[{section}] {key} must be true or false")
        elif isinstance(default, int | float) and not isinstance(default, bool):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"[{section}] {key} must be a number")
            if isinstance(default, int) and not isinstance(value, int):
                raise ConfigError(f"[{section}] {key} must be a whole number")
            low, high = _RANGES[section, key]
            if not (math.isfinite(value) and low <= value <= high):
                raise ConfigError(f"[{section}] {key} must be between {low:g} and {high:g}")
        elif not isinstance(value, str):
            raise ConfigError(f"[{section}] {key} must be a string")
        kwargs[key] = value
    return cls(**kwargs)


def _validate(config: Config) -> None:
    for name in config.bot.adapters:
        if name not in ADAPTERS:
            raise ConfigError(
                f"[bot] adapters: unknown adapter {name!r} (use {', '.join(ADAPTERS)})"
            )
    if not config.bot.adapters:
        raise ConfigError("[bot] adapters must name at least one adapter")
    community = config.community
    if community.mode not in COMMUNITY_MODES:
        raise ConfigError(f"[community] mode must be one of {', '.join(COMMUNITY_MODES)}")
    seen: dict[str, str] = {}
    for mode in COMMUNITY_MODES:
        for server in getattr(community, mode):
            if server in seen and seen[server] != mode:
                raise ConfigError(
                    f"[community] {server} is listed in both {seen[server]} and {mode}"
                )
            seen[server] = mode
    if config.bot.log_level.upper() not in LOG_LEVELS:
        raise ConfigError(f"[bot] log_level must be one of {', '.join(LOG_LEVELS)}")
    if not config.storage.path.strip():
        raise ConfigError("[storage] path must name the database file")
    if Path(config.storage.path).expanduser().is_dir():
        raise ConfigError(
            f"[storage] path {config.storage.path} is a directory; name the database file, "
            f"e.g. {Path(config.storage.path) / 'clausescout.db'}"
        )
    if config.telegram.mode not in ("polling", "webhook"):
        raise ConfigError('[telegram] mode must be "polling" or "webhook"')
    if "telegram" in config.bot.adapters and not config.telegram.token:
        raise ConfigError("the telegram adapter needs a token: set TELEGRAM_TOKEN")
    if "discord" in config.bot.adapters and not config.discord.token:
        raise ConfigError("the discord adapter needs a token: set DISCORD_TOKEN")
    if config.telegram.mode == "webhook" and "telegram" in config.bot.adapters:
        if not config.telegram.webhook_url:
            raise ConfigError("[telegram] webhook mode needs webhook_url")
        if not config.telegram.webhook_secret:
            raise ConfigError("[telegram] webhook mode needs TELEGRAM_WEBHOOK_SECRET")
