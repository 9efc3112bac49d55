"""Score, grade and verdict: monotone, documented thresholds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers.model import CATEGORIES, DEFAULT_SEVERITY, Finding, Protection
from analyzers.score import compute_score, grade_for, score_findings, verdict


def finding(category: str, severity: str | None = None, points: int | None = None) -> Finding:
    return Finding(
        category=category,
        severity=severity or DEFAULT_SEVERITY[category],  # type: ignore[arg-type]
        start=0,
        end=1,
        quote="x",
        explanation="",
        tip="",
        rule=f"{category}/test",
        protection=Protection(points, ()) if points is not None else None,
    )


RISKY = [c for c in CATEGORIES if DEFAULT_SEVERITY[c] != "good"]
findings_strategy = st.lists(
    st.one_of(
        st.builds(finding, st.sampled_from(RISKY)),
        st.builds(finding, st.just("ai_protection"), st.just("good"), st.integers(0, 5)),
    ),
    max_size=12,
)


@settings(max_examples=300, derandomize=True)
@given(findings_strategy, st.sampled_from(RISKY))
def test_adding_a_risky_finding_never_raises_the_score(findings, extra) -> None:
    assert compute_score([*findings, finding(extra)]) <= compute_score(findings)


@settings(max_examples=200, derandomize=True)
@given(findings_strategy)
def test_score_is_within_range_and_grade_matches(findings) -> None:
    score, grade, _ = score_findings(findings)
    assert 0 <= score <= 100
    assert grade == grade_for(score)


def test_clean_contract_scores_full_marks() -> None:
    assert score_findings([]) == (100, "A", "unclear")


def test_grades_follow_the_thresholds() -> None:
    assert [grade_for(s) for s in (100, 85, 84, 70, 55, 40, 25, 24, 0)] == [
        "A",
        "A",
        "B",
        "B",
        "C",
        "D",
        "E",
        "F",
        "F",
    ]


def test_an_ai_training_grant_caps_the_grade() -> None:
    score, grade, ai = score_findings([finding("ai_training_grant")])
    assert ai == "exposed"
    assert score <= 54 and grade in {"D", "E", "F"}


def test_verdicts() -> None:
    assert verdict([finding("ai_protection", points=3)]) == "protected"
    assert verdict([finding("ai_protection", points=3), finding("ai_training_grant")]) == "exposed"
    assert verdict([finding("ip_assignment")]) == "unprotected"
    assert verdict([finding("data_processing_rights")]) == "unprotected"
    assert verdict([finding("payment_terms")]) == "unclear"


def test_protection_earns_points_back() -> None:
    base = [finding("payment_terms")]
    assert compute_score([*base, finding("ai_protection", points=5)]) > compute_score(base)
