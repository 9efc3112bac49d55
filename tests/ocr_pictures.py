"""Pictures of contract pages for the OCR tests, made at test time (nothing binary is
committed): text PDFs drawn by reportlab, rendered by PDFium, photographed by
``bench/photos.py``."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from bench.gen_contracts import generate
from bench.photos import phone_photo, render_pages
from tests.pdfs import make_pdf

AI_CLAUSE = (
    "4. The Client may use the Deliverables and any Work Product to train artificial "
    "intelligence and machine learning models, without further compensation to the "
    "Contractor."
)
PAYMENT_CLAUSE = (
    "2. Payment. Invoices are payable within 90 days of receipt. The Client may withhold "
    "payment of any invoice pending its acceptance of the Deliverables."
)


def bench_documents(folder: Path) -> dict[str, Path]:
    """The generated 3-page contract, its text and its scan (``scanned_3p.pdf``)."""
    return generate(folder, [3])


def page_picture(text: str, dpi: int = 200) -> Image.Image:
    """A greyscale picture of the first page of a text PDF of ``text``."""
    return render_pages(make_pdf(text), dpi=dpi, pages=1)[0]


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=80)
    return buffer.getvalue()


def photo_of(text: str, seed: int = 1) -> bytes:
    """A phone-style JPEG of a page of ``text``."""
    return phone_photo(page_picture(text), seed)


def one_page(pdf: bytes, index: int) -> bytes:
    """A PDF of page ``index`` of ``pdf`` alone."""
    source = pdfium.PdfDocument(pdf)
    target = pdfium.PdfDocument.new()
    target.import_pages(source, [index])
    buffer = io.BytesIO()
    target.save(buffer)
    return buffer.getvalue()


def mixed_pdf(text_page: str, scanned_page: str) -> bytes:
    """Page 1 with a text layer, page 2 a picture of a page (as a scanned annex is)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    lines = pdf.beginText(40, 800)
    lines.setFont("Times-Roman", 11)
    for line in _wrap(text_page):
        lines.textLine(line)
    pdf.drawText(lines)
    pdf.showPage()
    picture = io.BytesIO()
    page_picture(scanned_page, dpi=200).save(picture, "JPEG", quality=80)
    picture.seek(0)
    width, height = A4
    pdf.drawImage(ImageReader(picture), 0, 0, width, height)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str) -> list[str]:
    import textwrap

    return [line for paragraph in text.splitlines() for line in textwrap.wrap(paragraph, 90)]
