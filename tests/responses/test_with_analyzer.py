"""Replies built from the real analyzer: a 150-page PDF, a single clause, a clean contract,
and the /noai self-check (every template is detected as the protection it claims to be)."""

from __future__ import annotations

import pytest

from analyzers import analyze_file, analyze_text
from analyzers.model import PROTECTION_POINTS, Report
from responses import markdown_format, plain_format
from responses.build import clause_reply, contract_reply, full_report
from responses.limits import CHAT_DETAILED_GROUPS, QUOTE_CHARS, REPORT_FILENAME
from responses.noai import NOAI_KINDS, TEMPLATES, template_text
from responses.playbook import PLAYBOOK
from tests.responses.checks import count_disclaimer, rendered_everywhere
from tests.responses.longdoc import contract_pdf


@pytest.fixture(scope="module")
def long_pdf_report() -> Report:
    return analyze_file(contract_pdf(150), "long-contract.pdf")


# --- /noai self-check ---------------------------------------------------------------


@pytest.mark.parametrize("kind", NOAI_KINDS)
@pytest.mark.parametrize("names", [{}, {"client": "Northwind Media Ltd", "freelancer": "Ada Ng"}])
def test_every_template_is_detected_as_the_protection_it_claims(kind: str, names: dict) -> None:
    template = TEMPLATES[kind]
    result = analyze_text(template_text(kind, **names))
    assert result.ai_training == "protected"
    assert result.risks == (), [(f.category, f.quote) for f in result.risks]
    protections = [f for f in result.findings if f.category == "ai_protection"]
    assert protections
    best = max(f.protection.points for f in protections if f.protection)
    covered = {
        point
        for f in protections
        if f.protection
        for point in PROTECTION_POINTS
        if point not in f.protection.missing
    }
    assert best == template.claimed_points, (kind, [f.protection for f in protections])
    assert covered == set(template.covers), kind


def test_full_rider_is_five_out_of_five() -> None:
    result = analyze_text(template_text("rider"))
    (protection,) = [f.protection for f in result.findings if f.category == "ai_protection"]
    assert protection is not None
    assert protection.points == 5 and protection.missing == ()


# --- a 150-page contract ------------------------------------------------------------------


def test_150_page_contract_reply(long_pdf_report: Report) -> None:
    report = long_pdf_report
    assert report.stats.pages == 150
    reply = contract_reply(report, filename="long-contract.pdf", analysis_id="an42")
    for platform, text in rendered_everywhere(reply).items():
        assert "Contract check: long-contract.pdf" in text, platform
        assert f"Score {report.score}/100, grade {report.grade}." in text, platform
        assert "150 pages" in text, platform
        assert "AI training: Exposed." in text, platform
        assert "1. AI training allowed" in text, platform
        assert "Next steps" in text and REPORT_FILENAME in text, platform
        assert count_disclaimer(text) == 1, platform
    (file,) = reply.files
    markdown = file.data.decode("utf-8")
    assert "long-contract" not in markdown
    assert markdown.count("\n- Section ") == len(report.findings)
    for category in report.categories:
        assert PLAYBOOK[category].title in markdown


def test_150_page_contract_quotes_are_verbatim(long_pdf_report: Report) -> None:
    reply = contract_reply(long_pdf_report)
    sources = [" ".join(f.quote.split()) for f in long_pdf_report.findings]
    quoted = [b.quote for b in reply.blocks if b.quote]
    assert 0 < len(quoted) <= CHAT_DETAILED_GROUPS
    for quote in quoted:
        assert len(quote) <= QUOTE_CHARS
        assert any(s.startswith(quote.removesuffix("…")) for s in sources)


def test_150_page_contract_terminal_report(long_pdf_report: Report) -> None:
    """The terminal shows grouped findings, each clause quoted once; the report file has
    every finding."""
    reply = contract_reply(long_pdf_report, filename="long-contract.pdf")
    text = plain_format.render(reply)
    assert text.splitlines()[0].endswith("Contract check: long-contract.pdf")
    assert len(text.splitlines()) < 300
    quotes = [line for line in text.splitlines() if line.startswith("  > ")]
    assert len(quotes) == len(set(quotes))
    assert count_disclaimer(text) == 1
    (report_file,) = reply.files
    markdown = report_file.data.decode()
    assert markdown == markdown_format.render(full_report(long_pdf_report))
    listed = [line for line in markdown.splitlines() if line.startswith("- ")]
    steps = len([line for line in markdown.splitlines() if line[:2] in ("1.", "2.", "3.")])
    assert len(listed) >= len(long_pdf_report.findings) - steps


# --- a single clause and a clean contract -------------------------------------------------


def test_single_risky_clause() -> None:
    result = analyze_text(
        "The Contractor grants the Client the right to use the Deliverables to train, fine-tune "
        "and improve machine learning models."
    )
    reply = clause_reply(result, analysis_id="c1")
    text = rendered_everywhere(reply)["telegram"]
    assert text.startswith("🔴 Yes, this clause is risky I found: AI training allowed")
    assert "grants the Client the right to use the Deliverables to train" in text
    assert "How to negotiate it" in text or "how to negotiate it" in text
    assert count_disclaimer(text) == 1


def test_clean_contract_has_no_findings() -> None:
    result = analyze_text(
        "This agreement is between Ada Ng (the Freelancer) and Northwind Ltd (the Client).\n\n"
        "1. The Freelancer will design a logo and two banner images.\n\n"
        "2. The Client will pay 900 EUR within 14 days of each invoice.\n\n"
        "3. The parties will meet once a week to review progress."
    )
    reply = contract_reply(result)
    assert reply.files == ()
    for platform, text in rendered_everywhere(reply).items():
        assert "Nothing risky found." in text, platform
        assert "What I checked (22 kinds of clause)" in text, platform
        assert count_disclaimer(text) == 1, platform
