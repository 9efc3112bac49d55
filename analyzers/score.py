"""Findings -> score (0-100, higher is safer), grade (A-F) and the AI-training verdict.

Score: start at 100 and subtract a penalty per risky category: high 16, medium 8, low 3.
More findings of one category add a quarter of its penalty each, up to double. A category
with a ``score_cap`` in ``categories.toml`` caps the score (an AI-training grant: 54, grade
D at best: a contract that lets the client train AI on your work is never "fine").
Protections earn back up to 10 points (2 per strength point of the best protection), never
above 100. The verdict follows each category's ``verdict`` role.

Monotone by construction: every risky finding only adds penalty or lowers the cap, so adding
one never raises the score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from analyzers.categories import GRANTS, OPEN_DOORS, PROTECTIONS, SPECS
from analyzers.model import Finding, Grade, Verdict

PENALTY = {"high": 16, "medium": 8, "low": 3, "good": 0}
REPEAT_FACTOR = 0.25
REPEAT_CAP = 2.0
PROTECTION_BONUS_PER_POINT = 2
GRADES: tuple[tuple[int, Grade], ...] = ((85, "A"), (70, "B"), (55, "C"), (40, "D"), (25, "E"))


def score_findings(findings: Iterable[Finding]) -> tuple[int, Grade, Verdict]:
    findings = list(findings)
    return compute_score(findings), grade_for(compute_score(findings)), verdict(findings)


def compute_score(findings: list[Finding]) -> int:
    per_category: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for f in findings:
        if f.severity == "good":
            continue
        counts[f.category] += 1
        if PENALTY[f.severity] > PENALTY[per_category.get(f.category, "good")]:
            per_category[f.category] = f.severity
    penalty = 0.0
    for category, severity in per_category.items():
        extra = min(REPEAT_CAP, 1 + REPEAT_FACTOR * (counts[category] - 1))
        penalty += PENALTY[severity] * extra
    best_points = max(
        (f.protection.points for f in findings if f.category in PROTECTIONS and f.protection),
        default=0,
    )
    has_protection = any(f.category in PROTECTIONS for f in findings)
    bonus = PROTECTION_BONUS_PER_POINT * best_points + (2 if has_protection else 0)
    score = 100 - penalty + min(10, bonus)
    for cap in {SPECS[f.category].score_cap for f in findings} - {None}:
        score = min(score, cap)
    return int(max(0, min(100, round(score))))


def grade_for(score: int) -> Grade:
    for floor, grade in GRADES:
        if score >= floor:
            return grade
    return "F"


def verdict(findings: list[Finding]) -> Verdict:
    categories = {f.category for f in findings}
    if categories & GRANTS:
        return "exposed"
    if categories & PROTECTIONS:
        return "protected"
    if categories & OPEN_DOORS:
        return "unprotected"
    return "unclear"
