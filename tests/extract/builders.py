"""Build the PDF and DOCX files the extraction tests read, from known text.

Generated at test time (reportlab, python-docx) so every expectation is written next to
the text that produced it, and no binary fixtures are committed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.oxml import parse_xml
from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HEADER = "DESIGN SERVICES AGREEMENT - CONFIDENTIAL"
HEADER_REF = "Ref. DSA-2026-0042"

_BODY = ParagraphStyle(
    "body",
    fontName="Times-Roman",
    fontSize=10.5,
    leading=13.5,
    alignment=TA_JUSTIFY,
    hyphenationLang="en_US",
    embeddedHyphenation=1,
    uriWasteReduce=0.3,
    spaceAfter=4,
)
_NARROW = ParagraphStyle("narrow", parent=_BODY, fontSize=9, leading=11)
_HEADING = ParagraphStyle(
    "heading", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
)
_TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=8)

# The sample contract, page by page: (style, text). Page 3 is set in two columns.
TITLE = "FREELANCE DESIGN AGREEMENT"
PAGE_1 = [
    ("title", TITLE),
    (
        "body",
        'This Freelance Design Agreement (the "Agreement") is made between Northwind Media '
        'Holdings Ltd. (the "Client") and Alexandra Petrovic-Lindqvist (the "Designer").',
    ),
    ("heading", "1. Services"),
    (
        "body",
        "1.1 The Designer shall provide the illustration, typographic and communication "
        "services described in each Statement of Work with the degree of skill, care and "
        "diligence reasonably expected of an experienced professional, and shall deliver "
        "all intermediate sketches, preparatory drawings and documentation requested by "
        "the Client within the agreed milestones.",
    ),
    (
        "body",
        "1.2 The Client may request changes to the scope of the Services at any time; the "
        "Designer shall accommodate such changes without additional remuneration unless the "
        "change increases the estimated effort by more than fifteen percent.",
    ),
    ("heading", "2. Fees and Payment"),
    (
        "body",
        "2.1 Invoices are payable within ninety days of receipt of a correct and undisputed "
        "invoice, and the Client may withhold payment pending its acceptance of the "
        "Deliverables.",
    ),
]
TABLE_ROWS = [
    ["Milestone", "Deliverable", "Due date", "Amount (EUR)"],
    ["M1", "Concept drafts", "2026-03-24", "4,700"],
    ["M2", "Final files", "2026-05-12", "3,600"],
]
PAGE_2 = [
    ("heading", "3. Intellectual Property"),
    (
        "body",
        "3.1 The Designer hereby irrevocably assigns to the Client all present and future "
        "intellectual property rights in the Deliverables, including the right to use the "
        "Deliverables to train, fine-tune and evaluate machine learning models, without "
        "further compensation and regardless of whether the fees have been paid in full.",
    ),
    (
        "body",
        "3.2 Pre-existing materials of the Designer incorporated into the Deliverables are "
        "licensed to the Client on a perpetual, worldwide, royalty-free, sublicensable and "
        "transferable basis.",
    ),
    ("heading", "4. Signatures"),
    ("body", "Signed for and on behalf of the Client by its authorised representative."),
]
PAGE_3 = [
    ("heading", "SCHEDULE A - DEFINITIONS"),
    (
        "narrow",
        '"Affiliate" means any entity that directly or indirectly controls, is controlled '
        "by, or is under common control with a party, including successors and permitted "
        "assigns from time to time.",
    ),
    (
        "narrow",
        '"Deliverables" means all documents, products, materials, designs, illustrations, '
        "source files and other works developed by the Designer in relation to the Services "
        "and delivered to the Client.",
    ),
    (
        "narrow",
        '"Machine Learning Use" means any use of data or works to train, validate, test or '
        "improve an algorithmic or statistical model, including large language models and "
        "image generation systems.",
    ),
    (
        "narrow",
        '"Statement of Work" means a document agreed by the parties describing specific '
        "Services, Deliverables, milestones and fees, as amended from time to time by "
        "written agreement.",
    ),
]
SAMPLE_PAGES = [PAGE_1, PAGE_2, PAGE_3]


def sample_paragraphs() -> list[str]:
    """Every paragraph of the sample contract, in reading order, table rows included."""
    out = [text for _, text in PAGE_1]
    out += [" ".join(row) for row in TABLE_ROWS]
    out += [text for _, text in PAGE_2]
    out += [text for _, text in PAGE_3]
    return out


def _styled(kind: str, text: str) -> Paragraph:
    style = {"title": _TITLE, "heading": _HEADING, "narrow": _NARROW}.get(kind, _BODY)
    return Paragraph(text.replace("&", "&amp;"), style)


def _furniture(canvas: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(20 * mm, 287 * mm, HEADER)
    canvas.drawRightString(190 * mm, 287 * mm, HEADER_REF)
    canvas.drawCentredString(105 * mm, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()


def sample_pdf(*, encrypt: StandardEncryption | None = None) -> bytes:
    """The three-page sample contract: header, footer, table, two-column schedule."""
    story: list[Flowable] = [_styled(kind, text) for kind, text in PAGE_1]
    table = Table(TABLE_ROWS, colWidths=[22 * mm, 60 * mm, 35 * mm, 35 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
            ]
        )
    )
    story += [Spacer(1, 4), table, PageBreak()]
    story += [_styled(kind, text) for kind, text in PAGE_2]
    story += [NextPageTemplate("columns"), PageBreak()]
    story += [_styled(kind, text) for kind, text in PAGE_3]
    return _build(story, encrypt=encrypt)


def _build(story: list[Flowable], *, encrypt: StandardEncryption | None = None) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        encrypt=encrypt,
    )
    width, height = doc.width, doc.height
    gap = 8 * mm
    column = (width - gap) / 2
    doc.addPageTemplates(
        [
            PageTemplate(
                "one", [Frame(doc.leftMargin, doc.bottomMargin, width, height)], _furniture
            ),
            PageTemplate(
                "columns",
                [
                    Frame(doc.leftMargin, doc.bottomMargin, column, height),
                    Frame(doc.leftMargin + column + gap, doc.bottomMargin, column, height),
                ],
                _furniture,
            ),
        ]
    )
    doc.build(story)
    return buffer.getvalue()


def text_pdf(pages: Sequence[Sequence[str]], *, encrypt: StandardEncryption | None = None) -> bytes:
    """A plain PDF with the given paragraphs on each page."""
    story: list[Flowable] = []
    for number, paragraphs in enumerate(pages):
        if number:
            story.append(PageBreak())
        story += [_styled("body", text) for text in paragraphs]
    return _build(story, encrypt=encrypt)


def scanned_pdf(pages: Sequence[Sequence[str] | None]) -> bytes:
    """Pages drawn as pictures of text (``None`` entries are real text pages)."""
    buffer = io.BytesIO()
    canvas = rl_canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for paragraphs in pages:
        if paragraphs is None:
            text = canvas.beginText(20 * mm, height - 30 * mm)
            text.setFont("Times-Roman", 11)
            for sentence in _LONG_TEXT:
                text.textLine(sentence)
            canvas.drawText(text)
        else:
            image = Image.new("L", (620, 877), 255)
            draw = ImageDraw.Draw(image)
            for row, line in enumerate(paragraphs):
                draw.text((40, 40 + 18 * row), line, fill=0)
            picture = io.BytesIO()
            image.save(picture, "PNG")
            picture.seek(0)
            canvas.drawImage(ImageReader(picture), 0, 0, width, height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


_LONG_TEXT = [
    "The Designer shall deliver the final files within thirty days of the kick-off meeting.",
    "The Client shall pay each invoice within thirty days of receipt.",
    "Either party may terminate this Agreement on fourteen days' written notice.",
]


# ---------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_xml_paragraph(document: docx.document.Document, inner: str) -> None:
    """Append a ``w:p`` whose content is the given WordprocessingML."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f"<w:p {W}>{inner}</w:p>"))


def add_body_xml(document: docx.document.Document, xml: str) -> None:
    """Append any body-level element (``xml`` must declare the ``w`` namespace)."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def add_list_definition(
    document: docx.document.Document, abstract_id: int, levels: Sequence[tuple[str, str]]
) -> None:
    """A multi-level list definition: one (number format, level text) per level."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    )


def add_list(
    document: docx.document.Document, num_id: int, abstract_id: int, start: int | None = None
) -> None:
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        if start is not None
        else ""
    )
    document.part.numbering_part.element.append(
        parse_xml(
            f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"
        )
    )


def numbered(num_id: int, level: int, text: str, *, page_break: bool = False) -> str:
    """Inner XML of a paragraph in list ``num_id`` at ``level``."""
    marker = "<w:lastRenderedPageBreak/>" if page_break else ""
    return (
        f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        f'<w:r>{marker}<w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
