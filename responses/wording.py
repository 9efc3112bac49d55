"""Shared wording around findings: severities, verdicts, strength points, locations, quotes."""

from __future__ import annotations

from dataclasses import dataclass

from analyzers.model import CATEGORIES, PROTECTION_POINTS, Finding, Report
from responses.limits import QUOTE_CHARS, SECTION_CHARS
from responses.split import trim

# The one-line footer of every advice reply (and of the report files).
DISCLAIMER = "Not legal advice. For big deals, ask a lawyer."

SEVERITY_ORDER: tuple[str, ...] = ("high", "medium", "low", "good")

SEVERITY_LABEL: dict[str, str] = {
    "high": "High risk",
    "medium": "Worth negotiating",
    "low": "Worth knowing",
    "good": "Protects you",
}

SEVERITY_HEADING: dict[str, str] = {
    "high": "High risk",
    "medium": "Medium risk",
    "low": "Low risk",
    "good": "Protections",
}

VERDICT_LABEL: dict[str, str] = {
    "exposed": "Exposed",
    "unprotected": "Unprotected",
    "protected": "Protected",
    "unclear": "Not addressed",
}

VERDICT_TEXT: dict[str, str] = {
    "exposed": "The client may use your work to train AI.",
    "unprotected": "No AI clause, but broad rights leave the door open to AI training.",
    "protected": "A clause limits AI use of your work.",
    "unclear": "Nothing about AI training either way.",
}

# Each point as what a clause must do to earn it. Read after "Missing:" or "Not covered:",
# so a clause that bans training but not fine-tuning is not told it misses a training ban.
POINT_LABEL: dict[str, str] = {
    "input_scope": "names fine-tuning and testing as well as training",
    "third_parties": "binds vendors and AI platforms",
    "remedy": "names a remedy (material breach, damages, injunction)",
    "names_technology": "names the technology (generative AI, LLMs, machine learning)",
    "text_and_data_mining": "covers text-and-data mining and scraping",
}
if set(POINT_LABEL) != set(PROTECTION_POINTS):
    raise RuntimeError("POINT_LABEL does not match analyzers.model.PROTECTION_POINTS")


# Below this confidence a finding is put as a question ("worth a look"), not as a fact.
TENTATIVE_BELOW = 0.6
TENTATIVE_LABEL = "Worth a look: I'm not sure of this one"


def is_tentative(finding: Finding) -> bool:
    return finding.confidence < TENTATIVE_BELOW


def short_quote(quote: str, limit: int = QUOTE_CHARS) -> str:
    """The quote with whitespace collapsed, trimmed at a word boundary with an ellipsis."""
    return trim(" ".join(quote.split()), limit)


# Under a finding whose page was read by OCR (``Finding.from_scan``): the quote may hold a
# misread word, so the member checks it against the paper.
SCAN_NOTE = "Read from a scan: check the wording."


def scanned_text(pages: tuple[int, ...], total: int | None) -> str:
    """'read from a scan' (every page) or 'pages 2, 5 read from a scan' (a mixed PDF)."""
    if not pages:
        return ""
    if total is None or len(pages) >= total:
        return "read from a scan"
    listed = ", ".join(str(page) for page in pages[:6]) + (" …" if len(pages) > 6 else "")
    return f"{'page' if len(pages) == 1 else 'pages'} {listed} read from a scan"


def location(finding: Finding) -> str:
    """'Section 7.2, page 12', 'Page 3', '“Payment”, page 3' or ''."""
    parts: list[str] = []
    if finding.section:
        section = trim(" ".join(finding.section.split()), SECTION_CHARS)
        if section[:1].isdigit() or section[:1] in "§(":
            parts.append(f"Section {section.removeprefix('§').strip()}")
        else:
            parts.append(f"“{section}”")
    if finding.page:
        parts.append(f"page {finding.page}" if parts else f"Page {finding.page}")
    return ", ".join(parts)


def short_location(finding: Finding) -> str:
    """Compact form for lists: '7.2 (p. 12)', 'p. 12', '“Payment”' or ''."""
    section = ""
    if finding.section:
        section = trim(" ".join(finding.section.split()), SECTION_CHARS)
        if not (section[:1].isdigit() or section[:1] in "§("):
            section = f"“{section}”"
    if section and finding.page:
        return f"{section} (p. {finding.page})"
    if finding.page:
        return f"p. {finding.page}"
    return section


def strength_text(finding: Finding) -> str:
    """'3/5. Missing: names a remedy; covers text-and-data mining and scraping.'"""
    if finding.protection is None:
        return ""
    points = finding.protection.points
    missing = [POINT_LABEL.get(p, p.replace("_", " ")) for p in finding.protection.missing]
    if not missing:
        return f"{points}/5: a complete AI clause."
    return f"{points}/5. Missing: " + "; ".join(missing) + "."


def counts_text(report: Report) -> str:
    """'2 high · 3 medium · 1 low · 1 protection' (zero counts left out)."""
    parts = []
    for severity, noun in (("high", "high"), ("medium", "medium"), ("low", "low")):
        n = report.count(severity)  # type: ignore[arg-type]
        if n:
            parts.append(f"{n} {noun}")
    good = report.count("good")
    if good:
        parts.append(f"{good} protection" + ("s" if good != 1 else ""))
    return " · ".join(parts) if parts else "Nothing flagged"


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else (plural_form or noun + 's')}"


@dataclass(frozen=True, slots=True)
class Group:
    """Findings of one category and severity; ``items`` pairs each with its report index."""

    category: str
    severity: str
    items: tuple[tuple[int, Finding], ...]

    @property
    def lead(self) -> tuple[int, Finding]:
        """The finding shown in full: the first one, or the strongest protection."""
        if self.severity == "good":
            return max(self.items, key=lambda item: _points(item[1]))
        return self.items[0]

    @property
    def others(self) -> tuple[tuple[int, Finding], ...]:
        lead_index = self.lead[0]
        return tuple(item for item in self.items if item[0] != lead_index)


def _points(finding: Finding) -> int:
    return finding.protection.points if finding.protection else -1


def group_findings(findings: tuple[Finding, ...]) -> list[Group]:
    """Group by (category, severity): high first, then taxonomy order, then text order."""
    buckets: dict[tuple[str, str], list[tuple[int, Finding]]] = {}
    for index, finding in enumerate(findings):
        buckets.setdefault((finding.category, finding.severity), []).append((index, finding))
    rank = {category: n for n, category in enumerate(CATEGORIES)}

    def order(key: tuple[str, str]) -> tuple[int, int, str]:
        category, severity = key
        sev = SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else 9
        return (sev, rank.get(category, len(rank)), category)

    return [
        Group(category, severity, tuple(sorted(items, key=lambda item: (item[1].start, item[0]))))
        for (category, severity), items in sorted(buckets.items(), key=lambda kv: order(kv[0]))
    ]
