"""A long freelance contract built from our own clause sentences, as text and as a PDF.

Deterministic: the same pages every run. Used by the tests that go through the real analyzer.
"""

from __future__ import annotations

import io
import textwrap

RISKY = (
    "The Contractor grants the Client the right to use the Deliverables to train, fine-tune "
    "and improve machine learning models.",
    "Invoices are payable within ninety (90) days of receipt, and the Client may withhold "
    "payment until it is satisfied with the Deliverables.",
    "The Contractor shall indemnify, defend and hold harmless the Client against all claims "
    "arising out of the Services.",
    "During the term and for twenty-four months afterwards, the Contractor shall not provide "
    "services to any competitor of the Client.",
    "The Client may terminate this Agreement at any time for convenience, and no fee is "
    "payable for work in progress.",
)
BENIGN = (
    "The parties shall meet once a month to review progress against the project plan.",
    "Notices under this Agreement shall be sent by email to the addresses given above.",
    "Each party shall appoint a contact person for day-to-day communication.",
    "The project plan may be updated by agreement of both parties in writing.",
    "Headings in this Agreement are for convenience only.",
    "The Contractor shall keep a record of the hours spent on each milestone.",
)
HEADINGS = ("Services", "Fees", "Schedule", "Reporting", "Ownership", "Conduct", "General")
LINES_PER_PAGE = 44
WIDTH = 95


def contract_pages(pages: int = 150) -> list[str]:
    """The contract as a list of page texts, with numbered sections and clauses."""
    lines: list[str] = ["FREELANCE SERVICES AGREEMENT", ""]
    section = 0
    while len(lines) < pages * LINES_PER_PAGE:
        section += 1
        lines += [f"{section}. {HEADINGS[section % len(HEADINGS)]}", ""]
        for clause in range(1, 4):
            n = section * 3 + clause
            sentence = RISKY[(n // 9) % len(RISKY)] if n % 9 == 0 else BENIGN[n % len(BENIGN)]
            body = f"{section}.{clause} {sentence} " + BENIGN[(n + 1) % len(BENIGN)]
            lines += [*textwrap.wrap(body, WIDTH), ""]
    lines = lines[: pages * LINES_PER_PAGE]
    return ["\n".join(lines[i : i + LINES_PER_PAGE]) for i in range(0, len(lines), LINES_PER_PAGE)]


def contract_pdf(pages: int = 150) -> bytes:
    """The same contract as a text PDF, one page per page text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    for page in contract_pages(pages):
        text = pdf.beginText(40, 800)
        text.setFont("Helvetica", 8.5)
        for line in page.splitlines():
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
