"""A finding the analyzer is unsure of is put as a question ("worth a look"), not a fact."""

from __future__ import annotations

from dataclasses import replace

from analyzers import Report, analyze_text
from responses import build
from responses.plain_format import render

CLAUSE = "The Client may terminate this Agreement at any time without paying the Contractor."


def _with_confidence(report: Report, confidence: float) -> Report:
    findings = tuple(replace(f, confidence=confidence) for f in report.findings)
    return replace(report, findings=findings)


def test_a_sure_finding_is_stated_as_a_fact() -> None:
    report = _with_confidence(analyze_text(CLAUSE), 0.95)
    text = render(build.clause_reply(report))
    assert "Worth a look" not in text and "Maybe" not in text
    assert "Partly: worth negotiating" in text


def test_an_unsure_finding_is_phrased_as_worth_a_look() -> None:
    report = _with_confidence(analyze_text(CLAUSE), 0.55)
    text = render(build.clause_reply(report))
    assert "Maybe: worth a look" in text
    assert "I'm not sure" in text


def test_the_contract_reply_marks_each_unsure_finding() -> None:
    report = _with_confidence(analyze_text(CLAUSE), 0.55)
    text = render(build.contract_reply(report, filename="draft.txt"))
    assert "Worth a look: I'm not sure of this one" in text
