"""``clausescout analyze PATH``: the plain-text terminal report."""

from __future__ import annotations

from analyzers.model import Protection, Report
from responses.terminal import report_text
from tests.responses.checks import count_disclaimer
from tests.responses.conftest import HOSTILE, finding, report


def _sample() -> Report:
    return report(
        [
            finding("payment_terms", page=3, section="4.2", quote="Net 90 days.", start=50),
            finding(
                "ai_protection",
                page=9,
                section="12",
                quote="No AI training.",
                start=90,
                protection=Protection(3, ("remedy", "text_and_data_mining")),
            ),
            finding(
                "ai_training_grant",
                page=2,
                section="3.1",
                quote=HOSTILE,
                start=20,
                suggestion="The Client shall not use the Deliverables to train AI.",
            ),
            finding("auto_renewal", page=11, section=None, quote="Renews yearly.", start=120),
            finding("non_compete", page=5, section="7", quote="No competitors.", start=70),
        ],
        score=38,
        grade="D",
        verdict="exposed",
        pages=12,
        clauses=80,
    )


def test_header_groups_in_severity_order_and_one_disclaimer() -> None:
    text = report_text(_sample(), filename="offer.pdf")
    lines = text.splitlines()
    assert lines[0] == "ClauseScout report: offer.pdf"
    assert "Score:       38/100 (grade D)" in text
    assert "AI training: Exposed. The client may use your work to train AI." in text
    assert "Found:       2 high · 1 medium · 1 low · 1 protection" in text
    assert "Read:        12 pages, 80 clauses" in text
    headings = [line for line in lines if line.isupper() and "(" in line]
    assert headings == ["HIGH RISK (2)", "MEDIUM RISK (1)", "LOW RISK (1)", "PROTECTIONS (1)"]
    order = [
        text.index(s)
        for s in (
            "1. AI training allowed: Section 3.1, page 2",
            "2. Non-compete or exclusivity: Section 7, page 5",
            "3. Slow or conditional payment: Section 4.2, page 3",
            "4. Automatic renewal: Page 11",
            "5. AI protection in place: Section 12, page 9",
        )
    ]
    assert order == sorted(order)
    assert count_disclaimer(text) == 1
    assert "\033[" not in text


def test_each_finding_has_quote_why_ask_and_suggestion() -> None:
    flat = " ".join(report_text(_sample()).split())
    assert "> " + HOSTILE in flat  # plain text: nothing escaped in a terminal
    assert "Why it matters: Why ai_training_grant matters to a freelancer." in flat
    assert "What to ask for: Ask to change the ai_training_grant clause." in flat
    assert "Suggested wording: The Client shall not use the Deliverables to train AI." in flat
    assert "Strength: 3/5. Missing: names a remedy" in flat
    assert "Next steps 1. Ask to remove the AI-training permission (section 3.1, page 2)" in flat


def test_colour_only_when_asked() -> None:
    coloured = report_text(_sample(), color=True)
    assert "\033[1;31mHIGH RISK (2)\033[0m" in coloured
    assert "\033[1;32mPROTECTIONS (1)\033[0m" in coloured


def test_no_findings() -> None:
    text = report_text(report([], score=100, grade="A", verdict="unclear"))
    assert "Found:       Nothing flagged" in text
    assert "Nothing risky found in the patterns I check." in text
    assert "RISK" not in text
    assert "Add a no-AI clause: /noai." in " ".join(text.split())


def test_lines_stay_readable_in_a_terminal() -> None:
    text = report_text(_sample())
    assert all(len(line) <= 88 for line in text.splitlines() if " " in line.strip())
