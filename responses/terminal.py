"""A readable plain-text report for ``clausescout analyze PATH`` in a terminal."""

from __future__ import annotations

import textwrap

from analyzers.model import Report
from responses.playbook import play
from responses.steps import next_steps
from responses.texts import disclaimer
from responses.wording import (
    SEVERITY_HEADING,
    SEVERITY_ORDER,
    TENTATIVE_LABEL,
    VERDICT_LABEL,
    VERDICT_TEXT,
    counts_text,
    group_findings,
    is_tentative,
    location,
    plural,
    short_quote,
    strength_text,
)

WIDTH = 88
_ANSI = {
    "high": "\033[1;31m",
    "medium": "\033[1;33m",
    "low": "\033[1;36m",
    "good": "\033[1;32m",
    "bold": "\033[1m",
    "dim": "\033[2m",
}
_RESET = "\033[0m"


def report_text(report: Report, *, filename: str | None = None, color: bool = False) -> str:
    """Header, findings grouped by severity (high first), next steps, the disclaimer once."""

    def paint(text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if color else text

    title = "ClauseScout report" + (f": {' '.join(filename.split())}" if filename else "")
    out = [paint(title, "bold"), "=" * min(len(title), WIDTH), ""]
    verdict = VERDICT_LABEL.get(report.ai_training, report.ai_training)
    verdict_style = {"exposed": "high", "unprotected": "medium", "protected": "good"}
    rows = [
        ("Score", f"{report.score}/100 (grade {report.grade})"),
        (
            "AI training",
            paint(verdict, verdict_style.get(report.ai_training, "bold"))
            + f". {VERDICT_TEXT.get(report.ai_training, '')}".rstrip(),
        ),
        ("Found", counts_text(report)),
    ]
    read = []
    if report.stats.pages:
        read.append(plural(report.stats.pages, "page"))
    if report.stats.clauses:
        read.append(plural(report.stats.clauses, "clause"))
    if read:
        rows.append(("Read", ", ".join(read)))
    out += [f"{name + ':':<13}{value}" for name, value in rows]

    groups = group_findings(report.findings)
    number = 0
    for severity in SEVERITY_ORDER:
        findings = [f for g in groups if g.severity == severity for _, f in g.items]
        if not findings:
            continue
        findings.sort(key=lambda f: f.start)
        heading = f"{SEVERITY_HEADING[severity]} ({len(findings)})"
        out += ["", paint(heading.upper(), severity), "-" * len(heading)]
        for finding in findings:
            number += 1
            where = location(finding)
            head = f"{number}. {play(finding.category).title}" + (f": {where}" if where else "")
            out.append(paint(head, "bold"))
            if is_tentative(finding):
                out.append(_indent(TENTATIVE_LABEL + "."))
            quote = short_quote(finding.quote)
            if quote:
                out.append(_indent(f"> {quote}", "   ", "     "))
            if finding.protection is not None:
                out.append(_indent(f"Strength: {strength_text(finding)}"))
            out.append(_indent(f"Why it matters: {finding.explanation}"))
            out.append(_indent(f"What to ask for: {finding.tip}"))
            if finding.suggestion:
                out.append(_indent(f"Suggested wording: {finding.suggestion}"))
            out.append("")
        out.pop()
    if not groups:
        out += ["", "Nothing risky found in the patterns I check."]

    out += ["", paint("Next steps", "bold")]
    out += [_indent(f"{n}. {s}", "", "   ") for n, s in enumerate(next_steps(report, groups), 1)]
    out += ["", paint(disclaimer(), "dim")]
    return "\n".join(out) + "\n"


def _indent(text: str, first: str = "   ", rest: str = "   ") -> str:
    return textwrap.fill(
        " ".join(text.split()),
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
