"""Extraction feeding the analyzer: findings quote the extracted text and know their page."""

from __future__ import annotations

from analyzers import analyze_file
from analyzers.extract import extract
from tests.extract.builders import sample_pdf


def test_findings_from_a_pdf_quote_its_text_and_point_to_the_page() -> None:
    data = sample_pdf()
    document = extract(data, "agreement.pdf")

    report = analyze_file(data, "agreement.pdf")

    assert report.stats.pages == 3
    assert report.stats.chars == len(document.text)
    for finding in report.findings:
        assert document.text[finding.start : finding.end] == finding.quote
        assert finding.page == document.page_at(finding.start)
    training = [f for f in report.findings if f.category == "ai_training_grant"]
    assert training, "clause 3.1 grants training rights"
    assert {f.page for f in training} == {2}
