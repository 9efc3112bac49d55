"""Findings read from a scan say so, wherever a finding is shown; the header says which
pages were read by OCR. (Responses know the flag, not the OCR engine.)"""

from __future__ import annotations

import dataclasses

from analyzers import analyze_text
from analyzers.model import Report
from responses import build, markdown_format, plain_format
from responses.wording import SCAN_NOTE, scanned_text

CLAUSE = (
    "4. The Client may use the Deliverables to train artificial intelligence models, "
    "without further compensation to the Contractor."
)


def _scanned(report: Report, pages: tuple[int, ...], total: int) -> Report:
    findings = tuple(dataclasses.replace(f, page=1, from_scan=True) for f in report.findings)
    stats = dataclasses.replace(report.stats, pages=total)
    return dataclasses.replace(report, findings=findings, scanned_pages=pages, stats=stats)


def test_every_view_of_a_scanned_finding_carries_the_note() -> None:
    report = _scanned(analyze_text(CLAUSE), (1,), 1)
    assert report.findings
    for reply in (
        build.contract_reply(report),
        build.clause_reply(report),
        build.full_report(report),
    ):
        assert SCAN_NOTE in plain_format.render(reply)
    assert SCAN_NOTE in markdown_format.render(build.full_report(report))
    assert "read from a scan" in plain_format.render(build.contract_reply(report))


def test_findings_from_a_text_layer_have_no_note() -> None:
    report = analyze_text(CLAUSE)
    assert SCAN_NOTE not in plain_format.render(build.contract_reply(report))
    assert "scan" not in plain_format.render(build.summary_reply(report))


def test_the_header_names_the_scanned_pages_of_a_mixed_pdf() -> None:
    assert scanned_text((2,), 5) == "page 2 read from a scan"
    assert scanned_text((2, 5), 5) == "pages 2, 5 read from a scan"
    assert scanned_text((1, 2, 3), 3) == "read from a scan"
    assert scanned_text((), 3) == ""
    report = _scanned(analyze_text(CLAUSE), (2,), 3)
    header = build.header_block(report, None)
    assert any("page 2 read from a scan" in field.value for field in header.fields)
