"""A small text PDF for tests, like one a member exports from a word processor."""

from __future__ import annotations

import io
import textwrap

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def damaged_pdf() -> bytes:
    """A PDF cut short, as an interrupted download leaves it."""
    return make_pdf("1. Payment. The Client shall pay within thirty days.")[:400]


def make_pdf(text: str) -> bytes:
    """Draw ``text`` line by line (wrapped at 95 characters), starting new pages as needed."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for paragraph in text.splitlines():
        for line in textwrap.wrap(paragraph, 95) or [""]:
            if y < 50:
                pdf.showPage()
                y = 800
            pdf.drawString(40, y, line)
            y -= 13
    pdf.save()
    return buffer.getvalue()
