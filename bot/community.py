"""How the bot answers in a community (a Discord server or Telegram group): the one place
that decides.

Per community: the mode for a contract a member asked about (``summary``: a summary in
public and the full report in private on request; ``full``: the full report in public, for
private review channels; ``dm_only``: only the nudge to send it by DM) and whether
``/stats`` shows the community's figures. An admin's ``/community`` setting wins over the
config (``[community]``), which wins over the default. Settings are stored under a keyed
hash of the community id, never the id itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import COMMUNITY_MODES, CommunityConfig
from bot.storage import CommunityFigures, Storage

STATS_MIN_MEMBERS = 10  # figures are shown only once this many members contributed


@dataclass(frozen=True, slots=True)
class Settings:
    mode: str
    stats: bool


class Communities:
    """Settings and figures of communities. Methods are blocking (storage): call them off
    the event loop."""

    def __init__(self, config: CommunityConfig, storage: Storage) -> None:
        self.config = config
        self.storage = storage

    def settings(self, platform: str, server_id: str) -> Settings:
        stored = self.storage.community_setting(self.storage.community_keys(platform, server_id))
        mode = stored.mode if stored.mode in COMMUNITY_MODES else None
        return Settings(
            mode=mode or self.config.mode_for(server_id),
            stats=self.config.stats_for(server_id) if stored.stats is None else stored.stats,
        )

    def set_mode(self, platform: str, server_id: str, mode: str) -> Settings:
        if mode not in COMMUNITY_MODES:
            raise ValueError(f"unknown mode {mode!r}")
        keys = self.storage.community_keys(platform, server_id)
        self.storage.set_community_setting(keys, mode=mode)
        return self.settings(platform, server_id)

    def set_stats(self, platform: str, server_id: str, on: bool) -> Settings:
        keys = self.storage.community_keys(platform, server_id)
        self.storage.set_community_setting(keys, stats=on)
        return self.settings(platform, server_id)

    def key(self, platform: str, server_id: str) -> str:
        """What a public contract check is stored under (``AnalysisRecord.community``)."""
        return self.storage.community_key(platform, server_id)

    def figures(self, platform: str, server_id: str) -> CommunityFigures:
        return self.storage.community_figures(self.storage.community_keys(platform, server_id))


def parse_setting(args: str) -> tuple[str, str] | None:
    """``/community`` arguments: ("mode", "full"), ("stats", "off"), ("show", "") or None."""
    words = args.lower().replace("-", "_").split()
    if not words:
        return "show", ""
    if len(words) == 1 and words[0] in COMMUNITY_MODES:
        return "mode", words[0]
    if len(words) == 2 and words[0] == "mode" and words[1] in COMMUNITY_MODES:
        return "mode", words[1]
    if len(words) == 2 and words[0] == "stats" and words[1] in ("on", "off"):
        return "stats", words[1]
    if len(words) == 1 and words[0] in ("stats_on", "stats_off"):
        return "stats", words[0].removeprefix("stats_")
    return None
