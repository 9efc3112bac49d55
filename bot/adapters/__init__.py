"""The platform adapters, each an ``bot.events.Adapter``, created by name.

Each is imported only when used, so the console never loads discord or telegram.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError

if TYPE_CHECKING:
    from bot.config import Config
    from bot.events import Adapter
    from bot.service import Service


def create_adapter(
    name: str, service: Service, config: Config, *, out_dir: Path | None = None
) -> Adapter:
    """The adapter called ``name`` in ``[bot] adapters``; ``out_dir``: the console's files."""
    if name == "console":
        from bot.adapters.console import ConsoleAdapter

        return ConsoleAdapter(service, config, out_dir=out_dir)
    if name == "telegram":
        from bot.adapters.telegram_adapter import TelegramAdapter

        return TelegramAdapter(service, config)
    if name == "discord":
        from bot.adapters.discord_adapter import DiscordAdapter

        return DiscordAdapter(service, config)
    raise ConfigError(f"[bot] adapters: unknown adapter {name!r}")
