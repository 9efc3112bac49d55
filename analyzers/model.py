"""The analyzer's data types, as frozen dataclasses.

Data flows one way: bytes -> ``Document`` -> ``Clause`` list -> ``Finding`` list -> ``Report``.
Offsets are Python ``str`` indices into ``Document.text``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

from analyzers.categories import CATEGORIES, SPECS, Severity

SCHEMA_ID = "clausescout.report/1"

Verdict = Literal["exposed", "unprotected", "protected", "unclear"]
Grade = Literal["A", "B", "C", "D", "E", "F"]

# Declared once, in categories.toml (see analyzers.categories).
DEFAULT_SEVERITY: dict[str, Severity] = {c: spec.severity for c, spec in SPECS.items()}

PROTECTION_POINTS: tuple[str, ...] = (
    "input_scope",
    "third_parties",
    "remedy",
    "names_technology",
    "text_and_data_mining",
)


@dataclass(frozen=True, slots=True)
class Document:
    """Extracted text with the offset at which each page starts (empty when unpaged).

    ``ocr_pages``: the 1-based pages whose text was read by OCR from a picture (a scanned
    PDF page, a photo), whose wording may hold misread words.
    """

    text: str
    kind: str
    page_starts: tuple[int, ...] = ()
    ocr_pages: tuple[int, ...] = ()

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_at(self, offset: int) -> int | None:
        """1-based page number of a text offset, or None for unpaged text."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))


@dataclass(frozen=True, slots=True)
class Party:
    """A contracting party as named in the preamble or definitions."""

    name: str
    role: Literal["client", "freelancer", "unknown"]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Clause:
    """A unit of the contract: a numbered clause, a paragraph or a list item.

    ``lead_in`` is the span of the paragraph that introduces a list ("You shall not:"), so
    rules can read an item in its context.
    """

    start: int
    end: int
    section: str | None = None
    page: int | None = None
    is_definition: bool = False
    lead_in: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Protection:
    """Strength of an ``ai_protection`` clause: points out of five, and which are missing."""

    points: int
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "missing": list(self.missing)}


@dataclass(frozen=True, slots=True)
class Finding:
    category: str
    severity: Severity
    start: int
    end: int
    quote: str
    explanation: str
    tip: str
    rule: str
    page: int | None = None
    section: str | None = None
    suggestion: str | None = None
    confidence: float = 0.8
    protection: Protection | None = None
    pattern: str = ""  # which of the rule's patterns fired ("#2" or its name)
    from_scan: bool = False  # its page was read by OCR: the quote may hold misread words

    @property
    def is_risk(self) -> bool:
        return self.severity != "good"

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
            "explanation": self.explanation,
            "tip": self.tip,
            "suggestion": self.suggestion,
            "rule": self.rule,
            "pattern": self.pattern,
            "confidence": round(self.confidence, 3),
            "protection": self.protection.to_dict() if self.protection else None,
            "from_scan": self.from_scan,
        }


@dataclass(frozen=True, slots=True)
class Stats:
    chars: int
    clauses: int
    elapsed_ms: float
    pages: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "chars": self.chars,
            "clauses": self.clauses,
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


@dataclass(frozen=True, slots=True)
class Report:
    score: int
    grade: Grade
    ai_training: Verdict
    findings: tuple[Finding, ...]
    stats: Stats
    kind: str = "text"
    parties: tuple[Party, ...] = field(default=(), compare=False)
    model: str | None = None  # the classifier's version, None when the rules decided alone
    scanned_pages: tuple[int, ...] = ()  # pages read by OCR (``Document.ocr_pages``)

    @property
    def categories(self) -> tuple[str, ...]:
        """Distinct finding categories, in taxonomy order."""
        seen = {f.category for f in self.findings}
        return tuple(c for c in CATEGORIES if c in seen)

    @property
    def risks(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_risk)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``report.schema.json``."""
        return {
            "schema": SCHEMA_ID,
            "score": self.score,
            "grade": self.grade,
            "ai_training": self.ai_training,
            "findings": [f.to_dict() for f in self.findings],
            "stats": self.stats.to_dict(),
            "model": self.model,
        }
