"""Community replies: the public summary, the private-report notes, /stats and /community."""

from __future__ import annotations

import pytest

from analyzers import analyze_text
from bot.storage import CommunityFigures, MonthFigures
from responses import community, guide
from responses.blocks import Reply
from responses.playbook import play
from tests.responses.checks import count_disclaimer, rendered_everywhere
from tests.service.conftest import CONTRACT, PHRASE

REPORT = analyze_text(CONTRACT)


def _figures(months: int = 3) -> CommunityFigures:
    return CommunityFigures(
        contracts=40,
        members=12,
        exposed=10,
        median_score=47.5,
        categories=(("ai_training_grant", 10), ("payment_terms", 8), ("non_compete", 2)),
        months=tuple(
            MonthFigures(f"20{20 + n // 12}-{1 + n % 12:02d}", 4, 1, 50.0) for n in range(months)
        ),
    )


REPLIES: list[tuple[str, Reply]] = [
    ("summary", community.public_summary_reply(REPORT, full_report_action="full:tok")),
    ("sent", community.report_sent_reply()),
    ("closed", community.dms_closed_reply()),
    ("gone", community.report_gone_reply(15)),
    ("not-yours", community.report_not_yours_reply()),
    ("stats", community.stats_reply(_figures(), 90)),
    ("stats-years", community.stats_reply(_figures(months=400), 90)),
    ("not-yet", community.stats_not_yet_reply(10)),
    ("off", community.stats_off_reply()),
    ("where", community.stats_where_reply()),
    ("settings", community.settings_reply("summary", True)),
    ("not-admin", community.not_admin_reply("telegram")),
]


@pytest.mark.parametrize(("name", "reply"), REPLIES, ids=[n for n, _ in REPLIES])
def test_every_community_reply_fits_every_platform(name: str, reply: Reply) -> None:
    for platform, text in rendered_everywhere(reply).items():
        assert text.strip(), (name, platform)
        assert count_disclaimer(text) == (1 if reply.footer else 0), (name, platform)


def test_the_summary_names_risks_by_title_and_number_only() -> None:
    reply = community.public_summary_reply(REPORT, full_report_action="full:tok")
    text = " ".join(rendered_everywhere(reply)["plain"].split())
    assert PHRASE not in text
    assert f"{play('ai_training_grant').title} (high risk) — section 3" in text
    (button,) = reply.buttons
    assert button.private_chat and button.action == "full:tok"
    assert community.public_summary_reply(REPORT, full_report_action=None).buttons == ()


def test_stats_show_shares_median_and_months() -> None:
    text = " ".join(rendered_everywhere(community.stats_reply(_figures(), 90))["plain"].split())
    assert "40 contracts checked here by 12 members in the last 90 days" in text
    assert "Median score 47.5/100" in text
    assert "25% of contracts let the client train AI on the work (10 of 40)" in text
    assert f"{play('payment_terms').title}: 20% (8)" in text
    assert "2020-02: 4 contracts, median 50, 25% with an AI-training grant" in text


def test_help_points_to_community_use() -> None:
    assert "/stats" in rendered_everywhere(guide.help_reply())["plain"]
    assert "/stats" not in rendered_everywhere(guide.help_reply(local=True))["plain"]
