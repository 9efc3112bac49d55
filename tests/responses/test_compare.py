"""Comparing two drafts: a real pair (Zoom's terms before and after August 2023), our own
edited Common Paper contract, identical drafts, and what the reply shows on each platform."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers import Report, analyze_file, analyze_text
from analyzers.compare import Change, Comparison, compare_reports
from responses import discord_format, plain_format, telegram_format
from responses.compare import compare_reply, compare_text, comparison_dict, headline
from responses.wording import DISCLAIMER

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Zoom Terms of Service, sections 9-11, as archived on 2023-07-28 and 2023-08-11 (SOURCES.md).
ZOOM_JULY = FIXTURES / "pairs" / "zoom_2023-07-27_s9-11.md"
ZOOM_AUGUST = FIXTURES / "pairs" / "zoom_2023-08-11_s9-11.md"
# Common Paper Independent Contractor Agreement (CC BY 4.0, Common Paper, Inc.).
AGREEMENT = FIXTURES / "corpus" / "contract_common-paper-independent-contractor-agreement.txt"
AI_CLAUSE = (
    "Company may use the Work Product to train, fine-tune and improve artificial "
    "intelligence and machine learning models, without further payment to Contractor."
)
NON_COMPETE = "for a period of one (1) year thereafter"
# The agreement restrains only the soliciting of Company staff, which keeps the Contractor
# free to work for others (not a non-compete under the taxonomy): our edited draft makes it
# one, then lengthens it.
NON_SOLICIT = "solicit the services of any Company personnel"
RESTRAINT = "perform services for any competitor of Company"


def _report(path: Path) -> Report:
    return analyze_file(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def zoom() -> Comparison:
    return compare_reports(_report(ZOOM_JULY), _report(ZOOM_AUGUST))


@pytest.fixture(scope="module")
def agreement() -> str:
    return AGREEMENT.read_text("utf-8")


def _of(changes: tuple[Change, ...], category: str) -> list[Change]:
    return [c for c in changes if c.category == category]


# --- the real pair ------------------------------------------------------------------------


def test_zoom_august_2023_drops_the_ai_training_grant(zoom: Comparison) -> None:
    assert (zoom.before.ai_training, zoom.after.ai_training) == ("exposed", "protected")
    assert zoom.after.score > zoom.before.score
    assert headline(zoom).startswith("The AI-training permission is gone")
    grants = _of(zoom.fixed, "ai_training_grant")
    assert sorted(c.before.section for c in grants if c.before) == ["10.2", "10.4"]
    assert any("machine learning" in c.before.quote for c in grants if c.before)
    assert not _of(zoom.added + zoom.changed + zoom.unchanged, "ai_training_grant")


def test_zoom_new_no_training_promise_is_an_added_protection(zoom: Comparison) -> None:
    (protection,) = _of(zoom.added, "ai_protection")
    assert protection.improved and not protection.worsened
    assert protection.after is not None and protection.after.section == "10.2"
    assert "does not use" in protection.after.quote


def test_zoom_renumbered_licence_grant_still_matches_its_old_self(zoom: Comparison) -> None:
    # The July "Customer License Grant" was 10.4; in August it is the end of 10.2.
    licences = _of(zoom.changed, "sublicense_third_party")
    assert [(c.before.section, c.after.section) for c in licences if c.before and c.after] == [
        ("10.4", "10.2")
    ]
    (licence,) = licences
    assert licence.moved
    assert "Permitted" in licence.added_words
    assert "hereby" in licence.removed_words


def test_zoom_reply_headline_first_then_both_scores_and_old_wording(zoom: Comparison) -> None:
    text = plain_format.render(compare_reply(zoom, old_name="july.md", new_name="august.md"))
    lines = text.splitlines()
    assert lines[0].endswith("Draft comparison: july.md → august.md")
    assert lines[2].startswith("The AI-training permission is gone")
    assert f"{zoom.before.score}/100 (grade {zoom.before.grade}) → " in text
    assert "Exposed → Protected" in text
    assert "Was: “You consent to Zoom's access" in text
    assert "Section 10.4 → Section 10.2" in text
    assert "Next: Limit sharing to the client and its project vendors." in text
    assert text.count(DISCLAIMER) == 1


def test_terminal_text_lists_every_item_the_chat_reply_cuts(zoom: Comparison) -> None:
    chat = plain_format.render(compare_reply(zoom))
    full = compare_text(zoom)
    assert len(zoom.fixed) > 6
    assert "…and" in chat and "more" in chat
    assert "…and" not in full
    assert full.count("• ") == len(zoom.changes)


# --- our own edited drafts ------------------------------------------------------------------


def test_removing_an_added_ai_clause_is_reported_as_fixed(agreement: str) -> None:
    ip = agreement.index("Contractor and Company agree that, to the fullest extent")
    with_ai = agreement[:ip] + AI_CLAUSE + "\n\n" + agreement[ip:]
    comparison = compare_reports(analyze_text(with_ai), analyze_text(agreement))
    assert (comparison.before.ai_training, comparison.after.ai_training) == (
        "exposed",
        "unprotected",
    )
    (grant,) = comparison.fixed
    assert grant.category == "ai_training_grant" and grant.before is not None
    assert grant.before.quote.startswith("Company may use the Work Product to train")
    assert not comparison.added and not comparison.changed
    assert len(comparison.unchanged) == len(comparison.after.findings)
    assert headline(comparison) == "The AI-training permission is gone."


def test_a_longer_non_compete_is_a_change_that_matters(agreement: str) -> None:
    assert NON_COMPETE in agreement and NON_SOLICIT in agreement
    restrained = agreement.replace(NON_SOLICIT, RESTRAINT)
    longer = restrained.replace(NON_COMPETE, "for a period of three (3) years thereafter")
    comparison = compare_reports(analyze_text(restrained), analyze_text(longer))
    (change,) = comparison.changed
    assert change.category == "non_compete"
    assert change.removed_words == ("one", "(1)", "year")
    assert change.added_words == ("three", "(3)", "years")
    assert not comparison.fixed and not comparison.added
    text = plain_format.render(compare_reply(comparison))
    assert "Words out: “one (1) year”; in: “three (3) years”" in text
    assert "Next: Drop the non-compete or narrow it a lot." in text


def test_an_ai_clause_slipped_into_the_new_draft_is_the_headline(agreement: str) -> None:
    end = agreement.index("Contractor and Company agree that, to the fullest extent")
    with_ai = agreement[:end] + AI_CLAUSE + "\n\n" + agreement[end:]
    comparison = compare_reports(analyze_text(agreement), analyze_text(with_ai))
    assert headline(comparison).startswith("A new AI-training permission appeared")
    (grant,) = comparison.added
    assert grant.worsened and grant.after is not None
    data = comparison_dict(comparison)
    assert data["added"][0]["before"] is None
    assert data["added"][0]["after"]["quote"] == grant.after.quote
    assert data["added"][0]["ask"] == "Ask to remove the permission to train AI on your work."


# --- no changes ---------------------------------------------------------------------------


def test_identical_files_compare_as_no_changes() -> None:
    report = _report(ZOOM_JULY)
    comparison = compare_reports(report, _report(ZOOM_JULY), same_file=True)
    assert comparison.no_changes
    assert headline(comparison) == "No changes: the two files are identical."
    text = plain_format.render(compare_reply(comparison))
    assert "Fixed" not in text and "Still there" not in text
    data = comparison_dict(comparison)
    assert data["no_changes"] is True
    assert (data["fixed"], data["added"], data["changed"]) == ([], [], [])


def test_same_text_in_other_layout_has_no_changes_in_the_clauses(agreement: str) -> None:
    spaced = agreement.replace("\n\n", "\n\n\n")
    comparison = compare_reports(analyze_text(agreement), analyze_text(spaced))
    assert comparison.no_changes and not comparison.same_file
    assert headline(comparison).startswith("No changes in the clauses I check")


# --- quotes stay text -------------------------------------------------------------------


def test_quotes_cannot_ping_or_inject_markup(agreement: str) -> None:
    hostile = "@everyone fees < 5 & rights > 6 " + AI_CLAUSE
    end = agreement.index("Contractor and Company agree that, to the fullest extent")
    comparison = compare_reports(
        analyze_text(agreement), analyze_text(agreement[:end] + hostile + "\n\n" + agreement[end:])
    )
    reply = compare_reply(comparison)
    assert any("@everyone" in block.text for block in reply.blocks)
    html = "".join(m.text for m in telegram_format.render(reply))
    assert "fees &lt; 5 &amp; rights &gt; 6" in html
    messages = discord_format.render(reply)
    shown = " ".join(
        [m.content for m in messages]
        + [e.get("description", "") for m in messages for e in m.embeds]
        + [f["value"] for m in messages for e in m.embeds for f in e.get("fields", [])]
    )
    assert "@everyone" not in shown
