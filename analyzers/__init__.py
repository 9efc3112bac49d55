"""ClauseScout's analyzer: contract bytes or text in, a ``Report`` of findings out.

    from analyzers import analyze_text, analyze_file
    report = analyze_file(pdf_bytes, "contract.pdf")
    report.to_dict()  # the JSON of report.schema.json

The analyzer knows nothing of chat platforms; it is pure, synchronous and CPU-bound, so
callers on an event loop run it in a worker.
"""

from __future__ import annotations

import time
from dataclasses import replace

from analyzers.classifier import load_classifier
from analyzers.engine import find_findings
from analyzers.errors import (
    ClauseScoutError,
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    FileTooLarge,
    NotEnglish,
    NoTextLayer,
    TextTooLong,
    TooComplex,
    TooManyLines,
    TooManyPages,
    UnsupportedFileType,
)
from analyzers.extract import document_from_text, extract
from analyzers.language import looks_english
from analyzers.limits import DEFAULT_LIMITS, Limits
from analyzers.model import CATEGORIES, Clause, Document, Finding, Protection, Report, Stats
from analyzers.rules import load_rules
from analyzers.score import score_findings
from analyzers.segment import segment

__all__ = [
    "CATEGORIES",
    "DEFAULT_LIMITS",
    "Clause",
    "ClauseScoutError",
    "CorruptFile",
    "Document",
    "EmptyDocument",
    "EncryptedFile",
    "FileTooLarge",
    "Finding",
    "Limits",
    "NoTextLayer",
    "NotEnglish",
    "Protection",
    "Report",
    "Stats",
    "TextTooLong",
    "TooComplex",
    "TooManyLines",
    "TooManyPages",
    "UnsupportedFileType",
    "analyze_document",
    "analyze_file",
    "analyze_text",
    "warm_up",
]


def analyze_text(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Analyze pasted text (a clause or a whole contract)."""
    started = time.perf_counter()
    return analyze_document(document_from_text(text, limits=limits), started=started)


def analyze_file(data: bytes, filename: str, *, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Analyze a PDF, DOCX, TXT or Markdown file or a picture of a page (JPEG, PNG, WebP);
    its type is read from the content."""
    started = time.perf_counter()
    return analyze_document(extract(data, filename, limits=limits), started=started)


def analyze_document(document: Document, *, started: float | None = None) -> Report:
    """Segment, run the rules and score an already extracted document."""
    started = time.perf_counter() if started is None else started
    if not looks_english(document.text):
        raise NotEnglish()
    segmentation = segment(document)
    findings = find_findings(document, segmentation)
    if document.ocr_pages:
        scanned = set(document.ocr_pages)
        findings = [replace(f, from_scan=True) if f.page in scanned else f for f in findings]
    score, grade, verdict = score_findings(findings)
    stats = Stats(
        chars=len(document.text),
        clauses=len(segmentation.clauses),
        pages=document.pages,
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )
    return Report(
        score=score,
        grade=grade,
        ai_training=verdict,
        findings=tuple(findings),
        stats=stats,
        kind=document.kind,
        parties=segmentation.parties,
        model=classifier.version if (classifier := load_classifier()) else None,
        scanned_pages=document.ocr_pages,
    )


def warm_up() -> None:
    """Compile the rules, load the classifier and run every rule once now, so the first
    message after start-up is answered as fast as the rest (RE2 builds its automata
    lazily, on first use). Call once per process, before taking work."""
    examples = "\n\n".join(text for rule in load_rules().rules for text in rule.hit)
    load_classifier()
    analyze_text(examples)
