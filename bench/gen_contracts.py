"""Realistic freelance-contract documents for the extraction and speed benchmarks.

Adapted from the team's ``../shared/bench/gen_contracts.py`` (same clause bank, layout and
seeded randomness, so the documents match the shared ones): made importable, typed, and
writing into a directory of our own (``bench/out/``, git-ignored) with a cache, so
``bench/speed.py`` generates the documents once and reuses them.

    python bench/gen_contracts.py [OUTDIR] [--pages 3,30,150] [--force]

Writes ``contract_{N}p.pdf`` (text PDFs made with reportlab: numbered sections, headings,
justified text with automatic hyphenation, a payment table, a two-column schedule, a
two-column signature block, a running header and a "Page N of M" footer),
``contract_30p.docx`` (python-docx, the content of the 30-page PDF), and each one's
``.truth.txt``: the logical text, one paragraph per line, in reading order, without
headers, footers or hyphenation. With the extras: ``scanned_3p.pdf`` (pictures of pages,
no text layer), ``truncated.pdf`` (the first 55% of the 3-page PDF) and ``not_a_pdf.pdf``.
Needs the test extras: reportlab, pyphen, pillow, python-docx, pypdfium2.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

DEFAULT_OUT = Path(__file__).resolve().parent / "out"
PAGES = (3, 30, 150)
_MANIFEST = "manifest.json"

HEADER_L = "FREELANCE SERVICES AGREEMENT - CONFIDENTIAL"
HEADER_R = "Ref. FSA-2026-0142"
FOOTER_R = "Initials: ______ / ______"

CLIENT = "Northwind Media Holdings Ltd."
CONTRACTOR = "Alexandra Petrovic-Lindqvist"

# The clause bank: (heading, paragraph templates). Several are deliberately risky.
CLAUSES: list[tuple[str, list[str]]] = [
    (
        "Services",
        [
            (
                "The Contractor shall provide the services described in each Statement of Work "
                '(the "Services") with the degree of skill, care and diligence reasonably '
                "expected of an experienced professional in the {field} industry."
            ),
            (
                "The Client may request changes to the scope of the Services at any time; the "
                "Contractor shall accommodate such changes without additional remuneration "
                "unless the change increases the estimated effort by more than {pct} percent."
            ),
        ],
    ),
    (
        "Fees and Payment",
        [
            (
                "In consideration of the Services, the Client shall pay the Contractor the fees "
                "set out in the applicable Statement of Work. Invoices are payable within "
                "{days} days of receipt of a correct and undisputed invoice."
            ),
            (
                "The Client may withhold payment of any invoice, in whole or in part, pending "
                "its acceptance of the Deliverables, and no interest shall accrue on amounts so "
                "withheld."
            ),
            (
                "All fees are exclusive of value added tax. The Contractor shall bear all "
                "expenses incurred in the performance of the Services unless the Client has "
                "approved such expenses in writing in advance."
            ),
        ],
    ),
    (
        "Intellectual Property",
        [
            (
                "The Contractor hereby irrevocably assigns to the Client, with full title "
                "guarantee, all present and future intellectual property rights in the "
                "Deliverables and in all works, inventions and materials created by the "
                "Contractor during the Term, whether or not created in the course of the "
                "Services."
            ),
            (
                "The Contractor waives, and shall procure the waiver of, all moral rights in "
                "the Deliverables to the fullest extent permitted by applicable law."
            ),
            (
                "Pre-existing materials of the Contractor incorporated into the Deliverables "
                "are licensed to the Client on a perpetual, worldwide, royalty-free, "
                "sublicensable and transferable basis."
            ),
        ],
    ),
    (
        "Artificial Intelligence and Data",
        [
            (
                "The Contractor grants the Client and its affiliates the right to use the "
                "Deliverables, and any drafts, sketches, source files and communications "
                "provided by the Contractor, to train, fine-tune, evaluate and improve machine "
                "learning and artificial intelligence models, without further compensation."
            ),
            (
                "The Contractor shall not use generative artificial intelligence tools in the "
                "creation of the Deliverables without the prior written consent of the Client, "
                "and shall disclose any such use in each delivery note."
            ),
        ],
    ),
    (
        "Confidentiality",
        [
            (
                "Each party shall keep confidential all information disclosed by the other "
                "party and marked or reasonably understood to be confidential, for a period of "
                "{years} years after termination of this Agreement."
            ),
            (
                "The obligations in this clause shall not apply to information which is or "
                "becomes publicly available other than through a breach of this Agreement."
            ),
        ],
    ),
    (
        "Non-Competition and Non-Solicitation",
        [
            (
                "During the Term and for a period of {months} months thereafter, the Contractor "
                "shall not, without the prior written consent of the Client, provide services "
                "to any competitor of the Client anywhere in the world."
            ),
            (
                "The Contractor shall not solicit or entice away any employee or customer of "
                "the Client during the restricted period."
            ),
        ],
    ),
    (
        "Liability and Indemnity",
        [
            (
                "The Contractor shall indemnify and hold harmless the Client from and against "
                "all losses, damages, costs and expenses (including legal fees) arising out of "
                "or in connection with the Services, without limitation as to amount."
            ),
            (
                "The Client's total liability under or in connection with this Agreement shall "
                "not exceed the fees paid in the {cap} months preceding the claim."
            ),
        ],
    ),
    (
        "Term and Termination",
        [
            (
                "This Agreement commences on the Effective Date and continues for an initial "
                "term of {months} months, after which it renews automatically for successive "
                "periods of twelve months unless either party gives ninety days' written "
                "notice."
            ),
            (
                "The Client may terminate this Agreement at any time for convenience on "
                "{notice} days' written notice. On termination the Client shall pay only for "
                "Deliverables accepted before the termination date, and no kill fee shall be "
                "payable."
            ),
        ],
    ),
    (
        "Acceptance",
        [
            (
                "The Client shall have {days} business days to review each Deliverable. A "
                "Deliverable is deemed accepted only upon written confirmation by the Client; "
                "silence shall not constitute acceptance."
            ),
            (
                "The Contractor shall correct any non-conformity notified by the Client within "
                "five business days at no additional charge, and unlimited rounds of revisions "
                "are included in the fees."
            ),
        ],
    ),
    (
        "Warranties",
        [
            (
                "The Contractor warrants that the Deliverables are original, do not infringe "
                "the rights of any third party and have not been generated, in whole or in "
                "part, by automated means except as disclosed."
            ),
            (
                "The Contractor warrants that it is an independent contractor responsible for "
                "its own taxes, social security contributions and insurance, and nothing in "
                "this Agreement creates an employment relationship."
            ),
        ],
    ),
    (
        "Governing Law and Disputes",
        [
            (
                "This Agreement is governed by the laws of {law}. The courts of {court} shall "
                "have exclusive jurisdiction, and the Contractor waives any right to a jury "
                "trial and to participate in a class action."
            ),
            (
                "Any dispute shall first be referred to mediation; the costs of the mediation "
                "shall be borne by the party initiating it."
            ),
        ],
    ),
    (
        "General",
        [
            (
                "This Agreement constitutes the entire agreement between the parties. No "
                "variation is effective unless made in writing and signed by both parties, "
                "except that the Client may update its supplier policies from time to time by "
                "notice."
            ),
            (
                "The Client may assign or subcontract any of its rights under this Agreement "
                "without the consent of the Contractor; the Contractor may not assign this "
                "Agreement."
            ),
        ],
    ),
]
FILLER = [
    (
        "For the avoidance of doubt, references to the Client include its successors, permitted "
        "assigns and affiliated entities from time to time."
    ),
    (
        "Headings are for convenience only and shall not affect the interpretation of this "
        "clause or of any Statement of Work issued hereunder."
    ),
    (
        "Where the Contractor is required to obtain consent, such consent shall not be "
        "unreasonably withheld, conditioned or delayed by the Client."
    ),
    (
        "The parties acknowledge that the communications infrastructure, documentation "
        "repositories and collaboration platforms designated by the Client shall be used for "
        "all deliverables."
    ),
    (
        "Notwithstanding anything to the contrary, the obligations under this sub-clause "
        "survive the expiry or termination of this Agreement for any reason whatsoever."
    ),
]
FIELDS = ["illustration", "software development", "copywriting", "video production", "translation"]
LAWS = [
    ("England and Wales", "London"),
    ("the State of New York", "New York County"),
    ("Germany", "Berlin"),
    ("Ireland", "Dublin"),
]
DEFINITIONS = [
    (
        "Affiliate",
        (
            "any entity that directly or indirectly controls, is controlled by, or is under "
            "common control with a party."
        ),
    ),
    (
        "Business Day",
        (
            "a day other than a Saturday, Sunday or public holiday in the place of the Client's "
            "registered office."
        ),
    ),
    (
        "Deliverables",
        (
            "all documents, products, materials, designs, code and other works developed by the "
            "Contractor in relation to the Services."
        ),
    ),
    ("Effective Date", "the date on which this Agreement is signed by the last of the parties."),
    (
        "Intellectual Property Rights",
        (
            "patents, copyright and related rights, trade marks, rights in designs, database "
            "rights, rights in confidential information and all similar rights worldwide."
        ),
    ),
    (
        "Machine Learning Use",
        (
            "any use of data or works to train, validate, test or improve an algorithmic or "
            "statistical model, including large language models."
        ),
    ),
    (
        "Statement of Work",
        (
            "a document agreed by the parties describing specific Services, Deliverables, "
            "milestones and fees."
        ),
    ),
    ("Term", "the period from the Effective Date until termination or expiry of this Agreement."),
    (
        "Background Materials",
        (
            "materials owned by or licensed to the Contractor before the Effective Date or "
            "developed independently of the Services."
        ),
    ),
    (
        "Confidential Information",
        (
            "all information of a confidential nature disclosed by a party, including business "
            "plans, pricing, source code, customer lists and the terms of this Agreement."
        ),
    ),
    (
        "Fees",
        (
            "the amounts payable to the Contractor as set out in the relevant Statement of "
            "Work, exclusive of any applicable taxes."
        ),
    ),
    (
        "Generative AI Tool",
        (
            "any software that produces text, images, audio, code or other content in response "
            "to prompts, including hosted services and locally run models."
        ),
    ),
    (
        "Moral Rights",
        (
            "the rights of attribution and integrity and any similar rights of an author under "
            "the laws of any jurisdiction."
        ),
    ),
    (
        "Personal Data",
        (
            "has the meaning given in the applicable data protection legislation, and includes "
            "any information relating to an identified or identifiable natural person."
        ),
    ),
    (
        "Restricted Period",
        (
            "the Term and the period of months after its end stated in the clause headed "
            "Non-Competition and Non-Solicitation."
        ),
    ),
    (
        "Training Data",
        (
            "any dataset, corpus or collection of works assembled for the purpose of Machine "
            "Learning Use, whether or not it is retained after training."
        ),
    ),
]

Block = tuple[str, Any]


def fill(template: str, rng: random.Random) -> str:
    law, court = rng.choice(LAWS)
    return template.format(
        field=rng.choice(FIELDS),
        pct=rng.choice([10, 15, 20, 25]),
        days=rng.choice([30, 45, 60, 90, 120]),
        years=rng.choice([3, 5, 7, 10]),
        months=rng.choice([6, 12, 18, 24, 36]),
        cap=rng.choice([1, 3, 6, 12]),
        notice=rng.choice([0, 7, 14, 30]),
        law=law,
        court=court,
    )


def build_model(n_sections: int, seed: int = 42) -> list[Block]:
    """The document as blocks: ("title" | "h1" | "p" | "item" | "schedule", text),
    ("table", rows), ("defs", pairs), ("sig", None). Section numbers are part of the text,
    as in real contracts."""
    rng = random.Random(seed)
    blocks: list[Block] = [
        ("title", "FREELANCE SERVICES AGREEMENT"),
        (
            "p",
            f'This Freelance Services Agreement (the "Agreement") is made between {CLIENT}, '
            'a company registered under number 0918-2231 (the "Client"), and '
            f'{CONTRACTOR}, trading as an independent professional (the "Contractor").',
        ),
        ("p", "The parties agree as follows:"),
    ]
    for s in range(1, n_sections + 1):
        heading, paras = CLAUSES[(s - 1) % len(CLAUSES)]
        if s > len(CLAUSES):
            heading = f"{heading} (Statement of Work {1 + (s - 1) // len(CLAUSES)})"
        blocks.append(("h1", f"{s}. {heading}"))
        sub = 0
        for p in paras:
            sub += 1
            blocks.append(("p", f"{s}.{sub} {fill(p, rng)}"))
        for _ in range(rng.randint(1, 3)):
            sub += 1
            items = rng.sample(FILLER, 2)
            blocks.append(("p", f"{s}.{sub} {rng.choice(FILLER)}"))
            blocks.append(("item", f"(a) {items[0]}"))
            blocks.append(("item", f"(b) {items[1]}"))
        if heading.startswith("Fees and Payment"):
            rows = [["Milestone", "Deliverable", "Due date", "Amount (EUR)"]]
            for m in range(1, 5):
                deliverable = rng.choice(
                    [
                        "Concept drafts",
                        "First review",
                        "Final files",
                        "Source handover",
                        "Style guide",
                    ]
                )
                due = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                rows.append([f"M{m}", deliverable, due, f"{rng.randint(5, 90) * 100:,}"])
            blocks.append(("table", rows))
    blocks.append(("h1", f"{n_sections + 1}. Signatures"))
    blocks.append(("sig", None))
    blocks.append(("schedule", "SCHEDULE A - DEFINITIONS"))
    blocks.append(("defs", DEFINITIONS))
    return blocks


def truth_text(blocks: Sequence[Block]) -> str:
    """The logical text: one paragraph per line, in reading order."""
    out: list[str] = []
    for kind, val in blocks:
        if kind in ("title", "h1", "p", "item", "schedule"):
            out.append(val)
        elif kind == "table":
            out.extend(" ".join(r) for r in val)
        elif kind == "sig":
            out.append(
                f"For the Client: {CLIENT} Name: Jonathan Reyes Title: Head of Procurement "
                "Date: ____________"
            )
            out.append(f"The Contractor: {CONTRACTOR} Signature: ____________ Date: ____________")
        elif kind == "defs":
            out.extend(f'"{k}" means {v} {FILLER[i % len(FILLER)]}' for i, (k, v) in enumerate(val))
    return "\n".join(out) + "\n"


# ---------------- PDF ----------------
class NumberedCanvas(rl_canvas.Canvas):
    """Two-pass page numbering: 'Page N of M', with a running header."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            self.drawString(20 * mm, 287 * mm, HEADER_L)
            self.drawRightString(190 * mm, 287 * mm, HEADER_R)
            self.line(20 * mm, 285.5 * mm, 190 * mm, 285.5 * mm)
            self.drawCentredString(105 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
            self.drawRightString(190 * mm, 10 * mm, FOOTER_R)
            super().showPage()
        super().save()


def pdf_story(blocks: Sequence[Block]) -> list[Flowable]:
    ss = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=ss["BodyText"],
        fontName="Times-Roman",
        fontSize=10.5,
        leading=13.5,
        alignment=TA_JUSTIFY,
        hyphenationLang="en_US",
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
        spaceAfter=4,
    )
    item = ParagraphStyle("item", parent=body, leftIndent=14 * mm, firstLineIndent=-6 * mm)
    h1 = ParagraphStyle(
        "h1",
        parent=ss["Heading2"],
        fontName="Helvetica-Bold",
        fontSize=12,
        spaceBefore=8,
        spaceAfter=4,
    )
    title = ParagraphStyle("title", parent=ss["Title"], fontName="Helvetica-Bold", fontSize=16)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11, hyphenationLang="en_US")
    story: list[Flowable] = []
    for kind, val in blocks:
        if kind == "title":
            story.append(Paragraph(val, title))
        elif kind == "h1":
            story.append(Paragraph(val, h1))
        elif kind == "p":
            story.append(Paragraph(val.replace("&", "&amp;"), body))
        elif kind == "item":
            story.append(Paragraph(val, item))
        elif kind == "table":
            t = Table(val, colWidths=[22 * mm, 60 * mm, 35 * mm, 35 * mm], repeatRows=1)
            t.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("FONTSIZE", (0, 0), (-1, -1), 9),
                        ("ALIGN", (3, 1), (3, -1), "RIGHT"),
                    ]
                )
            )
            story.extend([Spacer(1, 4), t, Spacer(1, 6)])
        elif kind == "sig":
            left = [
                Paragraph("For the Client:", small),
                Paragraph(CLIENT, small),
                Paragraph("Name: Jonathan Reyes", small),
                Paragraph("Title: Head of Procurement", small),
                Paragraph("Date: ____________", small),
            ]
            right = [
                Paragraph("The Contractor:", small),
                Paragraph(CONTRACTOR, small),
                Paragraph("Signature: ____________", small),
                Paragraph("Date: ____________", small),
            ]
            story.append(KeepTogether(Table([[left, right]], colWidths=[85 * mm, 85 * mm])))
        elif kind == "schedule":
            story.append(NextPageTemplate("twocol"))
            story.append(PageBreak())
            story.append(Paragraph(val, h1))
        elif kind == "defs":
            for i, (k, v) in enumerate(val):
                story.append(Paragraph(f'"{k}" means {v} {FILLER[i % len(FILLER)]}', small))
    return story


def build_pdf(blocks: Sequence[Block], path: Path) -> int:
    """Write the PDF; returns its page count."""
    import pypdfium2 as pdfium

    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Freelance Services Agreement",
        author="bench generator",
    )
    fw, fh = doc.width, doc.height
    one = Frame(doc.leftMargin, doc.bottomMargin, fw, fh, id="one")
    gap = 8 * mm
    c1 = Frame(doc.leftMargin, doc.bottomMargin, (fw - gap) / 2, fh, id="c1")
    c2 = Frame(doc.leftMargin + (fw + gap) / 2, doc.bottomMargin, (fw - gap) / 2, fh, id="c2")
    doc.addPageTemplates([PageTemplate("one", [one]), PageTemplate("twocol", [c1, c2])])
    doc.build(pdf_story(blocks), canvasmaker=NumberedCanvas)
    with pdfium.PdfDocument(str(path)) as pdf:
        return len(pdf)


def build_pdf_pages(target: int, path: Path) -> tuple[int, int]:
    """Write a PDF of about ``target`` pages; returns (sections, pages)."""
    n = max(1, round(target * 1.9))  # about 1.9 sections a page
    seen: set[int] = set()
    for _ in range(12):
        p = build_pdf(build_model(n), path)
        if p == target or n in seen:
            break
        seen.add(n)
        n = max(1, round(n * target / p)) if abs(p - target) > 2 else n + (1 if p < target else -1)
    return n, build_pdf(build_model(n), path)


# ---------------- DOCX ----------------
def build_docx(blocks: Sequence[Block], path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(10.5)
    st.paragraph_format.space_after = Pt(4)
    st.paragraph_format.line_spacing = 1.0
    sec = d.sections[0]
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(20)
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.header.paragraphs[0].text = f"{HEADER_L}\t\t{HEADER_R}"
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("Page ")
    for instr in ("PAGE", None, "NUMPAGES"):
        if instr is None:
            fp.add_run(" of ")
            continue
        r = fp.add_run()
        for tag, value in (("w:fldChar", "begin"), ("w:instrText", instr), ("w:fldChar", "end")):
            el = OxmlElement(tag)
            if tag == "w:fldChar":
                el.set(qn("w:fldCharType"), value)
            else:
                el.set(qn("xml:space"), "preserve")
                el.text = value
            r._r.append(el)
    for kind, val in blocks:
        if kind == "title":
            d.add_heading(val, 0)
        elif kind == "h1":
            d.add_heading(val, 2)
        elif kind == "schedule":
            d.add_page_break()
            d.add_heading(val, 2)
        elif kind == "p":
            d.add_paragraph(val).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif kind == "item":
            d.add_paragraph(val).paragraph_format.left_indent = Pt(28)
        elif kind == "table":
            t = d.add_table(rows=len(val), cols=len(val[0]))
            t.style = "Table Grid"
            for i, row in enumerate(val):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
        elif kind == "sig":
            t = d.add_table(rows=1, cols=2)
            t.cell(0, 0).text = (
                f"For the Client:\n{CLIENT}\nName: Jonathan Reyes\n"
                "Title: Head of Procurement\nDate: ____________"
            )
            t.cell(
                0, 1
            ).text = f"The Contractor:\n{CONTRACTOR}\nSignature: ____________\nDate: ____________"
        elif kind == "defs":
            for i, (k, v) in enumerate(val):
                d.add_paragraph(f'"{k}" means {v} {FILLER[i % len(FILLER)]}')
    d.core_properties.title = "Freelance Services Agreement"
    d.save(str(path))


# ---------------- scanned-like ----------------
def build_scanned(src_pdf: Path, path: Path, dpi: int = 150) -> None:
    """Pictures of the pages of ``src_pdf`` (slightly rotated, blurred, speckled)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter
    from reportlab.lib.utils import ImageReader

    rng = random.Random(7)
    width, height = A4
    c = rl_canvas.Canvas(str(path), pagesize=A4)
    with pdfium.PdfDocument(str(src_pdf)) as pdf:
        for i in range(len(pdf)):
            img = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
            img = img.rotate(
                rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=255, expand=False
            )
            img = img.filter(ImageFilter.GaussianBlur(0.6))
            px = img.load()
            for _ in range(img.width * img.height // 400):  # speckle noise
                x, y = rng.randrange(img.width), rng.randrange(img.height)
                px[x, y] = rng.choice((0, 90, 200))
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=55)
            buf.seek(0)
            c.drawImage(ImageReader(buf), 0, 0, width, height)
            c.showPage()
    c.save()


# ---------------- the set, cached ----------------
def pdf_path(outdir: Path, pages: int) -> Path:
    return outdir / f"contract_{pages}p.pdf"


def truth_path(document: Path) -> Path:
    """``contract_30p.pdf`` -> ``contract_30p.truth.txt``; a DOCX keeps its suffix."""
    if document.suffix == ".docx":
        return document.with_name(document.name + ".truth.txt")
    return document.with_suffix(".truth.txt")


def generate(
    outdir: Path = DEFAULT_OUT,
    pages: Sequence[int] = PAGES,
    *,
    extras: bool = True,
    force: bool = False,
    log: Any = None,
) -> dict[str, Path]:
    """Write the documents into ``outdir``, reusing those already there unless ``force``.

    Returns the paths by name ("contract_30p.pdf", "contract_30p.docx", ...). The DOCX
    holds the content of the 30-page PDF (or of 78 sections without one).
    """
    outdir.mkdir(parents=True, exist_ok=True)
    manifest_path = outdir / _MANIFEST
    manifest: dict[str, int] = {}
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text())
    made: dict[str, Path] = {}
    for target in pages:
        path = pdf_path(outdir, target)
        truth = truth_path(path)
        if force or not (path.exists() and truth.exists() and path.name in manifest):
            sections, got = build_pdf_pages(target, path)
            truth.write_text(truth_text(build_model(sections)), encoding="utf-8")
            manifest[path.name] = sections
            manifest_path.write_text(json.dumps(manifest, indent=1))
            if log:
                log(f"{path}: {got} pages, {path.stat().st_size / 1e3:.0f} kB")
        made[path.name] = path
    docx_path = outdir / "contract_30p.docx"
    if force or not (docx_path.exists() and truth_path(docx_path).exists()):
        blocks = build_model(manifest.get("contract_30p.pdf", 78))
        build_docx(blocks, docx_path)
        truth_path(docx_path).write_text(truth_text(blocks), encoding="utf-8")
        if log:
            log(f"{docx_path}: {docx_path.stat().st_size / 1e3:.0f} kB")
    made[docx_path.name] = docx_path
    if extras and 3 in pages:
        small = pdf_path(outdir, 3)
        scanned, truncated, garbage = (
            outdir / "scanned_3p.pdf",
            outdir / "truncated.pdf",
            outdir / "not_a_pdf.pdf",
        )
        if force or not scanned.exists():
            build_scanned(small, scanned)
        data = small.read_bytes()
        truncated.write_bytes(data[: int(len(data) * 0.55)])
        # The shared generator's bytes: its expression re-seeds for every byte, so it is
        # one value 4000 times. Kept, so both sets hold the same files.
        garbage.write_bytes(b"PK\x03\x04" + bytes([random.Random(1).randrange(256)] * 4000))
        made.update({p.name: p for p in (scanned, truncated, garbage)})
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pages", default=",".join(map(str, PAGES)))
    parser.add_argument("--force", action="store_true", help="rebuild cached documents")
    args = parser.parse_args(argv)
    pages = [int(x) for x in args.pages.split(",")]
    generate(args.outdir, pages, force=args.force, log=print)
    print(f"documents in {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
