"""Reports built directly from analyzers.model, for renderer tests.

These are honest inputs for the renderers: the same dataclasses the analyzer returns.
Tests that go through the real analyzer live in test_with_analyzer.py.
"""

from __future__ import annotations

import pytest

from analyzers.model import (
    CATEGORIES,
    DEFAULT_SEVERITY,
    PROTECTION_POINTS,
    Finding,
    Protection,
    Report,
    Stats,
)

HOSTILE = (
    "The Client may use the Deliverables for any purpose <b>bold</b> *star* _under_ "
    "@everyone ||spoiler|| [x](http://evil.example/steal) and https://evil.example/x too."
)


def finding(
    category: str,
    *,
    severity: str | None = None,
    page: int | None = None,
    section: str | None = None,
    quote: str = "The Contractor grants the Client the right to use the Deliverables.",
    start: int = 0,
    suggestion: str | None = None,
    protection: Protection | None = None,
    explanation: str | None = None,
) -> Finding:
    return Finding(
        category=category,
        severity=severity or DEFAULT_SEVERITY[category],  # type: ignore[arg-type]
        start=start,
        end=start + len(quote),
        quote=quote,
        explanation=explanation or f"Why {category} matters to a freelancer.",
        tip=f"Ask to change the {category} clause.",
        rule=f"{category}/test",
        page=page,
        section=section,
        suggestion=suggestion,
        protection=protection,
    )


def report(
    findings: tuple[Finding, ...] | list[Finding],
    *,
    score: int = 50,
    grade: str = "C",
    verdict: str = "unclear",
    pages: int | None = None,
    clauses: int = 10,
) -> Report:
    return Report(
        score=score,
        grade=grade,  # type: ignore[arg-type]
        ai_training=verdict,  # type: ignore[arg-type]
        findings=tuple(findings),
        stats=Stats(chars=1000, clauses=clauses, elapsed_ms=1.0, pages=pages),
    )


def long_contract_report() -> Report:
    """Like a 150-page contract: every category several times, long and hostile quotes."""
    findings: list[Finding] = []
    offset = 0
    for round_ in range(8):
        for n, category in enumerate(CATEGORIES):
            page = 1 + (round_ * len(CATEGORIES) + n) % 150
            quote = (
                HOSTILE
                if n % 5 == 0
                else f"Clause {round_}.{n} says the Contractor shall {category.replace('_', ' ')} "
                + "in every respect and without limitation " * (40 if n % 7 == 0 else 1)
            )
            points = 2 + round_ % 3
            protection = (
                Protection(points=points, missing=PROTECTION_POINTS[points:])
                if category == "ai_protection"
                else None
            )
            findings.append(
                finding(
                    category,
                    page=page,
                    section=f"{round_ + 1}.{n + 1}",
                    quote=quote,
                    start=offset,
                    suggestion="Replace with: the Client shall not do this." if n % 2 else None,
                    protection=protection,
                )
            )
            offset += 1000
    return report(findings, score=12, grade="F", verdict="exposed", pages=150, clauses=1800)


@pytest.fixture
def long_report() -> Report:
    return long_contract_report()
