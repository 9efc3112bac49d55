"""``clausescout analyze PATH`` prints the contract answer as plain text (``plain_format``)."""

from __future__ import annotations

from analyzers.model import Protection, Report
from responses import markdown_format, plain_format
from responses.build import contract_reply, full_report
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


def _terminal(result: Report, **kwargs: object) -> str:
    return plain_format.render(contract_reply(result, filename="offer.pdf"), **kwargs)  # type: ignore[arg-type]


def test_header_then_findings_in_severity_order_and_one_disclaimer() -> None:
    text = _terminal(_sample())
    assert text.startswith("[HIGH] Contract check: offer.pdf\n")
    assert "Score 38/100, grade D." in text
    assert "AI training: Exposed. The client may use your work to train AI." in text
    assert "Found: 2 high · 1 medium · 1 low · 1 protection" in text
    assert "Read: 12 pages, 80 clauses" in text
    order = [
        text.index(s)
        for s in (
            "[HIGH] 1. AI training allowed",
            "[HIGH] 2. Non-compete or exclusivity",
            "[MEDIUM] 3. Slow or conditional payment",
            "[LOW] 4. Automatic renewal",
            "[GOOD] 5. AI protection in place",
        )
    ]
    assert order == sorted(order)
    assert count_disclaimer(text) == 1
    assert "\033[" not in text


def test_each_finding_has_quote_why_ask_and_suggestion() -> None:
    flat = " ".join(_terminal(_sample()).split())
    assert "> " + HOSTILE[:60] in flat  # plain text: nothing escaped in a terminal
    assert "Why it matters: Why ai_training_grant matters to a freelancer." in flat
    assert "What to ask for: Ask to change the ai_training_grant clause." in flat
    assert "Suggested wording: The Client shall not use the Deliverables to train AI." in flat
    assert "Strength: 3/5. Missing: names a remedy" in flat
    assert "1. Ask to remove the AI-training permission (section 3.1, page 2)" in flat


def test_colour_only_when_asked() -> None:
    coloured = _terminal(_sample(), color=True)
    assert "\033[1;31m[HIGH] 1. AI training allowed\033[0m" in coloured
    assert "\033[1;32m[GOOD] 5. AI protection in place\033[0m" in coloured


def test_the_header_is_the_same_in_the_terminal_and_the_report_file() -> None:
    terminal = " ".join(_terminal(_sample()).split())
    markdown = " ".join(markdown_format.render(full_report(_sample())).split())
    for line in (
        "Score 38/100, grade D. 2 high-risk clauses to fix before you sign.",
        "AI training:** Exposed. The client may use your work to train AI.",
        "Found:** 2 high · 1 medium · 1 low · 1 protection",
    ):
        assert line.replace("**", "") in terminal
        assert line in markdown


def test_a_clause_found_by_several_categories_is_quoted_once() -> None:
    clause = "The Client owns all rights in the Deliverables forever and may sublicense them."
    same = [
        finding(category, page=1, section="3", quote=clause, start=10)
        for category in ("ip_assignment", "perpetual_irrevocable", "sublicense_third_party")
    ]
    result = report(same, score=70, grade="B", verdict="unprotected", pages=1, clauses=5)
    for text in (_terminal(result), markdown_format.render(full_report(result))):
        flat = " ".join(text.split()).replace("\\", "")  # Markdown escapes "#"
        assert flat.count(clause) == 1
        assert flat.count("Same clause as #1.") == 2


def test_no_findings() -> None:
    text = _terminal(report([], score=100, grade="A", verdict="unclear"))
    assert "Found: Nothing flagged" in text
    assert "Nothing risky found." in text
    assert "[HIGH]" not in text
    assert "Add a no-AI clause: /noai." in " ".join(text.split())


def test_lines_stay_readable_in_a_terminal() -> None:
    text = _terminal(_sample())
    assert all(len(line) <= 88 for line in text.splitlines() if " " in line.strip())
