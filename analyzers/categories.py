"""The finding categories, read once from ``categories.toml``: the one place a category is
declared (severity, group, verdict role, score cap, copy and playbook). The report schema's
category enum is written from it by ``python -m bench.schema``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Severity = Literal["high", "medium", "low", "good"]
Role = Literal["grant", "protection", "open_door"]

_SEVERITIES = ("high", "medium", "low", "good")
_GROUPS = ("ai", "rights", "money")
_ROLES = ("grant", "protection", "open_door")
_KEYS = {
    "severity",
    "group",
    "verdict",
    "score_cap",
    "per_section",
    "acts",
    "title",
    "explanation",
    "tip",
    "suggestion",
    "playbook",
}
_PLAY_KEYS = {"short", "ask", "line", "fallback"}


@dataclass(frozen=True, slots=True)
class Play:
    """What a member reads and says about a category: a short title for lists, the next
    step, the line to send the client and the fallback if they refuse."""

    title: str
    ask: str
    line: str
    fallback: str


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    severity: Severity
    group: str
    verdict: Role | None
    score_cap: int | None
    per_section: bool
    acts: str | None
    title: str
    explanation: str
    tip: str
    suggestion: str | None
    play: Play


def _load() -> dict[str, Category]:
    raw = tomllib.loads(resources.files("analyzers").joinpath("categories.toml").read_text("utf-8"))
    out: dict[str, Category] = {}
    for name, entry in raw.items():
        where = f"categories.toml: [{name}]"
        unknown = set(entry) - _KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        play = entry.get("playbook", {})
        if set(play) != _PLAY_KEYS:
            raise ValueError(f"{where}: playbook needs exactly {sorted(_PLAY_KEYS)}")
        if entry["severity"] not in _SEVERITIES or entry["group"] not in _GROUPS:
            raise ValueError(f"{where}: bad severity or group")
        if entry.get("acts") not in (None, "client", "freelancer"):
            raise ValueError(f"{where}: acts must be client or freelancer")
        if entry.get("verdict") not in (None, *_ROLES):
            raise ValueError(f"{where}: bad verdict role {entry.get('verdict')!r}")
        out[name] = Category(
            id=name,
            severity=entry["severity"],
            group=entry["group"],
            verdict=entry.get("verdict"),
            score_cap=entry.get("score_cap"),
            per_section=bool(entry.get("per_section", False)),
            acts=entry.get("acts"),
            title=entry["title"],
            explanation=entry["explanation"],
            tip=entry["tip"],
            suggestion=entry.get("suggestion"),
            play=Play(play["short"], play["ask"], play["line"], play["fallback"]),
        )
    return out


SPECS: dict[str, Category] = _load()
CATEGORIES: tuple[str, ...] = tuple(SPECS)


def with_role(role: Role) -> frozenset[str]:
    """The categories that play ``role`` in the AI-training verdict."""
    return frozenset(c for c, spec in SPECS.items() if spec.verdict == role)


GRANTS = with_role("grant")
PROTECTIONS = with_role("protection")
OPEN_DOORS = with_role("open_door")
