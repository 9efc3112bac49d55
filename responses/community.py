"""Replies in communities (server channels, groups): the public summary of a contract, the
full report delivered in private, ``/stats`` and ``/community``.

The public summary never quotes the contract and never names the file: a member shared it
with the channel, the bot does not spread its wording further. Risks are named by their
title and section number only (a section heading is contract text too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from analyzers.model import Finding, Report
from responses.blocks import Block, Button, Field, Reply
from responses.build import header_block
from responses.playbook import play
from responses.wording import DISCLAIMER, SEVERITY_LABEL, group_findings, plural

TOP_RISKS = 5
TOP_CATEGORIES = 5
FULL_REPORT_LABEL = "Send me the full report"
PRIVACY_ADVICE = (
    "Contracts are usually confidential: next time, send it to me in a direct message. "
    "You may want to delete your post here."
)
MODE_TEXT = {
    "summary": "a summary here (score, grade, AI verdict, top risks; no quotes), the full "
    "report in private on request",
    "full": "the full report here, with quotes (for private review channels)",
    "dm_only": "no analysis here, only a suggestion to send the contract by direct message",
}
_SECTION_NUMBER = re.compile(r"^\s*(§?\s*\d+(?:\.\d+)*)")


def public_summary_reply(report: Report, *, full_report_action: str | None) -> Reply:
    """Score, grade, AI verdict and the top risks by title and section; one line of privacy
    advice; and the button that sends the full report in private."""
    blocks = [header_block(report, None)]
    risky = [g for g in group_findings(report.findings) if g.severity != "good"]
    if risky:
        lines = []
        for group in risky[:TOP_RISKS]:
            where = _section(group.lead[1])
            count = f" ×{len(group.items)}" if len(group.items) > 1 else ""
            label = SEVERITY_LABEL.get(group.severity, group.severity).lower()
            lines.append(f"• {play(group.category).title}{count} ({label})" + where)
        if len(risky) > TOP_RISKS:
            lines.append(f"…and {plural(len(risky) - TOP_RISKS, 'more kind')} of risk.")
        blocks.append(Block(title="Top risks", text="\n".join(lines), tone="info"))
    blocks.append(Block(text=PRIVACY_ADVICE, tone="warning"))
    buttons = ()
    if full_report_action:
        buttons = (Button(FULL_REPORT_LABEL, full_report_action, private_chat=True),)
    return Reply(blocks=tuple(blocks), footer=DISCLAIMER, buttons=buttons, kind="contract_summary")


def _section(finding: Finding) -> str:
    """' — section 7.2, page 3': the number only (never the heading's words)."""
    parts = []
    match = _SECTION_NUMBER.match(finding.section or "")
    if match:
        parts.append(f"section {match.group(1).removeprefix('§').strip()}")
    if finding.page:
        parts.append(f"page {finding.page}")
    return f" — {', '.join(parts)}" if parts else ""


# --- the full report in private --------------------------------------------------------


def report_sent_reply() -> Reply:
    return Reply.note(
        "I've sent you the full report in a direct message.", ephemeral=True, kind="report_sent"
    )


def dms_closed_reply() -> Reply:
    """Discord: the member's DMs are closed to the bot."""
    return Reply.note(
        "I couldn't send you a direct message: your DMs are closed to me. Allow direct "
        "messages from this server's members (Privacy Settings), then press the button again.",
        tone="warning",
        ephemeral=True,
        kind="dms_closed",
    )


def report_gone_reply(minutes: int) -> Reply:
    return Reply.note(
        f"That report is no longer available: I keep it for {minutes} minutes, in memory "
        "only. Send me the contract in a direct message to get it again.",
        tone="warning",
        ephemeral=True,
        kind="report_gone",
    )


def report_not_yours_reply() -> Reply:
    return Reply.note(
        "Only the member who asked can get this report. Send me your own contract in a "
        "direct message.",
        tone="warning",
        ephemeral=True,
        kind="report_not_yours",
    )


# --- /stats ----------------------------------------------------------------------------


class MonthRow(Protocol):
    @property
    def month(self) -> str: ...  # "2026-11"
    @property
    def contracts(self) -> int: ...
    @property
    def exposed(self) -> int: ...
    @property
    def median_score(self) -> float: ...


class Figures(Protocol):
    """A community's figures (storage's ``CommunityFigures`` has these fields)."""

    @property
    def contracts(self) -> int: ...
    @property
    def members(self) -> int: ...
    @property
    def exposed(self) -> int: ...
    @property
    def median_score(self) -> float | None: ...
    @property
    def categories(self) -> Sequence[tuple[str, int]]: ...
    @property
    def months(self) -> Sequence[MonthRow]: ...


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def _score(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def stats_reply(figures: Figures, retention_days: int) -> Reply:
    """The community's own figures: contracts, AI-training grants, common risks, scores."""
    total = figures.contracts
    text = (
        f"{plural(total, 'contract')} checked here by {plural(figures.members, 'member')} "
        f"in the last {retention_days} days. Median score {_score(figures.median_score)}/100."
    )
    fields = [
        Field(
            "AI-training grant",
            f"{_share(figures.exposed, total)} of contracts let the client train AI on the "
            f"work ({figures.exposed} of {total}).",
        )
    ]
    common = [
        f"• {play(category).title}: {_share(count, total)} ({count})"
        for category, count in figures.categories[:TOP_CATEGORIES]
    ]
    if common:
        fields.append(Field("Most common risks", "\n".join(common)))
    months = [
        f"• {row.month}: {plural(row.contracts, 'contract')}, median {_score(row.median_score)}, "
        f"{_share(row.exposed, row.contracts)} with an AI-training grant"
        for row in figures.months
    ]
    if months:
        fields.append(Field("By month", "\n".join(months)))
    return Reply(
        blocks=(Block(title="This community's contracts", text=text, fields=tuple(fields)),),
        kind="stats",
    )


def stats_not_yet_reply(min_members: int) -> Reply:
    return Reply.note(
        f"Not enough checks here yet: the figures appear once at least {min_members} members "
        "have had a contract checked in this community (members who turned history off are "
        "never counted).",
        kind="stats_not_yet",
    )


def stats_off_reply() -> Reply:
    return Reply.note("The admins have turned /stats off in this community.", kind="stats_off")


def stats_where_reply() -> Reply:
    return Reply.note(
        "/stats shows a community's figures: use it in a server channel or group. "
        "Your own checks are in /history.",
        kind="stats_where",
    )


# --- /community ------------------------------------------------------------------------


def settings_reply(mode: str, stats: bool, *, changed: bool = False) -> Reply:
    intro = "Changed. " if changed else ""
    return Reply(
        blocks=(
            Block(
                title="How I answer contracts here",
                text=f"{intro}Mode {mode}: {MODE_TEXT.get(mode, mode)}.",
                fields=(
                    Field("/stats", "on" if stats else "off"),
                    Field(
                        "Admins can change it",
                        "/community summary · /community full · /community dm_only · "
                        "/community stats on · /community stats off",
                    ),
                ),
            ),
        ),
        kind="community",
    )


def not_admin_reply(platform: str) -> Reply:
    who = {
        "discord": "members with the Manage Server permission",
        "telegram": "the group's admins",
    }.get(platform, "the community's admins")
    return Reply.note(
        f"Only {who} can change how I answer here.",
        tone="warning",
        ephemeral=True,
        kind="not_admin",
    )


def community_usage_reply() -> Reply:
    return Reply.note(
        "Use /community summary, /community full or /community dm_only to choose how I "
        "answer contracts here, and /community stats on|off for /stats.",
        ephemeral=True,
        kind="community_usage",
    )


def community_where_reply() -> Reply:
    return Reply.note(
        "/community sets how I answer in a server channel or group: use it there.",
        ephemeral=True,
        kind="community_where",
    )
