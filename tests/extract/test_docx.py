"""DOCX extraction: what the reader of the Word file sees, numbered as Word numbers it."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from analyzers.errors import CorruptFile, EncryptedFile, TooComplex, UnsupportedFileType
from analyzers.extract import KIND_DOCX, extract
from analyzers.limits import Limits
from tests.extract.builders import (
    W,
    add_body_xml,
    add_list,
    add_list_definition,
    add_xml_paragraph,
    docx_bytes,
    numbered,
    run,
)


def lines_of(document: docx.document.Document) -> list[str]:
    return extract(docx_bytes(document), "contract.docx").text.split("\n")


def test_paragraphs_headings_and_tables_in_reading_order() -> None:
    d = docx.Document()
    d.add_heading("Freelance Agreement", 0)
    d.add_paragraph("This Agreement is made between the Client and the Designer.")
    d.add_heading("Fees", 2)
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate([["Milestone", "Due", "Amount"], ["M1", "2026-03-01", "EUR 500"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("Invoices are payable within 30 days.")

    document = extract(docx_bytes(d), "contract.docx")

    assert document.kind == KIND_DOCX
    assert document.pages is None
    assert document.text.split("\n") == [
        "Freelance Agreement",
        "This Agreement is made between the Client and the Designer.",
        "Fees",
        "Milestone Due Amount",
        "M1 2026-03-01 EUR 500",
        "Invoices are payable within 30 days.",
    ]


def test_cells_holding_clauses_stay_separate_paragraphs() -> None:
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    english = "The Designer assigns all rights in the Deliverables to the Client upon payment."
    german = "Die Designerin überträgt alle Rechte an den Arbeitsergebnissen nach Zahlung."
    table.cell(0, 0).text = english
    table.cell(0, 1).text = german

    assert lines_of(d) == [english, german]


def test_word_list_numbers_are_part_of_the_text() -> None:
    d = docx.Document()
    d.add_paragraph("Services", style="List Number")
    d.add_paragraph("Fees", style="List Number")
    d.add_paragraph("A bullet point", style="List Bullet")
    d.add_paragraph("Term", style="List Number")

    assert lines_of(d) == ["1. Services", "2. Fees", "• A bullet point", "3. Term"]


def test_multi_level_legal_numbering() -> None:
    d = docx.Document()
    add_list_definition(
        d,
        90,
        [
            ("decimal", "%1."),
            ("decimal", "%1.%2"),
            ("lowerLetter", "(%3)"),
            ("lowerRoman", "(%4)"),
        ],
    )
    add_list(d, 90, 90)
    add_list(d, 91, 90, start=7)
    for level, text in [
        (0, "Services"),
        (1, "The Designer shall:"),
        (2, "design;"),
        (2, "build;"),
        (3, "and test."),
        (0, "Payment"),
        (1, "Net 30."),
        (2, "restarts at a."),
    ]:
        add_xml_paragraph(d, numbered(90, level, text))
    add_xml_paragraph(d, numbered(91, 0, "Schedules"))

    assert lines_of(d) == [
        "1. Services",
        "1.1 The Designer shall:",
        "(a) design;",
        "(b) build;",
        "(i) and test.",
        "2. Payment",
        "2.1 Net 30.",
        "(a) restarts at a.",
        "7. Schedules",
    ]


def test_tracked_changes_read_as_accepted() -> None:
    d = docx.Document()
    change = 'w:id="{}" w:author="Client" w:date="2026-01-01T00:00:00Z"'
    add_xml_paragraph(
        d,
        run("The Client owns the Deliverables ")
        + f"<w:del {change.format(1)}><w:r><w:delText>upon creation</w:delText></w:r></w:del>"
        + f"<w:ins {change.format(2)}>{run('upon full payment')}</w:ins>"
        + run("."),
    )

    assert lines_of(d) == ["The Client owns the Deliverables upon full payment."]


def test_content_controls_and_fields_keep_their_visible_text() -> None:
    d = docx.Document()
    add_body_xml(
        d,
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p>{run('Fees: EUR 4,000.')}</w:p>"
        "</w:sdtContent></w:sdt>",
    )
    add_xml_paragraph(
        d,
        run("See ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("Section 7.2")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + run("."),
    )

    assert lines_of(d) == ["Fees: EUR 4,000.", "See Section 7.2."]


def test_text_box_text_appears_once() -> None:
    d = docx.Document()
    box = f"<w:txbxContent><w:p>{run('Initials: ____')}</w:p></w:txbxContent>"
    add_xml_paragraph(
        d,
        run("Signature page.")
        + '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        + 'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing>'
        + f'<wps:txbx xmlns:wps="urn:test-wps">{box}</wps:txbx></w:drawing></mc:Choice>'
        + f'<mc:Fallback><w:pict><v:textbox xmlns:v="urn:test-vml">{box}</v:textbox>'
        + "</w:pict></mc:Fallback></mc:AlternateContent></w:r>",
    )

    assert lines_of(d) == ["Signature page.", "Initials: ____"]


def test_headers_footers_and_table_of_contents_are_left_out() -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "CONFIDENTIAL - Northwind"
    d.sections[0].footer.paragraphs[0].text = "Page 1"
    add_xml_paragraph(d, '<w:pPr><w:pStyle w:val="TOC1"/></w:pPr>' + run("1. Services ........ 2"))
    d.add_paragraph("1. Services")

    assert lines_of(d) == ["1. Services"]


def test_pages_come_from_words_saved_layout() -> None:
    d = docx.Document()
    d.add_paragraph("First page clause.")
    add_xml_paragraph(
        d,
        run("A clause that runs from page one ")
        + "<w:r><w:lastRenderedPageBreak/><w:t>onto page two.</w:t></w:r>",
    )
    add_xml_paragraph(d, "<w:r><w:lastRenderedPageBreak/><w:t>Third page clause.</w:t></w:r>")

    document = extract(docx_bytes(d), "contract.docx")
    text = document.text

    assert text.split("\n") == [
        "First page clause.",
        "A clause that runs from page one onto page two.",
        "Third page clause.",
    ]
    assert document.pages == 3
    assert document.page_at(text.index("A clause")) == 1
    assert document.page_at(text.index("onto page two")) == 2
    assert document.page_at(text.index("Third")) == 3


def test_a_docx_named_pdf_is_still_read() -> None:
    d = docx.Document()
    d.add_paragraph("The Client shall pay within 30 days.")

    assert extract(docx_bytes(d), "contract.pdf").kind == KIND_DOCX


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {info.filename: source.read(info) for info in source.infolist()}
    files[name] = content
    return _zip(files)


def test_spreadsheet_is_not_a_word_file() -> None:
    xlsx = _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/content-types"><Override PartName="/xl/'
            b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sheet.main+xml"/></Types>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": b"<workbook/>",
        }
    )

    with pytest.raises(UnsupportedFileType):
        extract(xlsx, "contract.docx")


def test_plain_zip_is_not_supported() -> None:
    with pytest.raises(UnsupportedFileType):
        extract(_zip({"contract.pdf": b"%PDF-1.7"}), "contracts.zip")


def test_damaged_zip_is_reported_as_damaged() -> None:
    d = docx.Document()
    d.add_paragraph("Clause.")
    data = docx_bytes(d)

    with pytest.raises(CorruptFile):
        extract(data[: len(data) // 2], "contract.docx")
    with pytest.raises(CorruptFile):
        extract(b"PK\x03\x04" + b"D" * 4000, "not_a_pdf.pdf")


def test_entity_declarations_are_refused() -> None:
    d = docx.Document()
    d.add_paragraph("Clause.")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        b'main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )

    with pytest.raises(CorruptFile):
        extract(_replace_part(docx_bytes(d), "word/document.xml", bomb), "contract.docx")


def test_parts_inflating_past_the_limit_are_refused() -> None:
    d = docx.Document()
    for _ in range(200):
        d.add_paragraph("The Designer shall deliver the final files on time. " * 20)
    data = docx_bytes(d)
    assert len(data) < 100_000, "the point: small on disk, large once inflated"

    with pytest.raises(TooComplex) as caught:
        extract(data, "contract.docx", limits=Limits(max_unzipped_bytes=150_000))
    assert not any(ch.isdigit() for ch in caught.value.user_message)  # no sizes quoted


def test_password_protected_word_file_is_refused() -> None:
    # Word encrypts a DOCX into an OLE2 compound file holding an "EncryptedPackage" stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00") + bytes(64)
    with pytest.raises(EncryptedFile):
        extract(header + directory + bytes(4096), "contract.docx")


def test_legacy_word_file_is_not_supported() -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "WordDocument".encode("utf-16-le").ljust(64, b"\x00") + bytes(64)
    with pytest.raises(UnsupportedFileType):
        extract(header + directory + bytes(4096), "contract.doc")


def test_a_hostile_list_start_makes_no_giant_label() -> None:
    d = docx.Document()
    add_list_definition(d, 95, [("lowerLetter", "(%1)")])
    add_list(d, 95, 95, start=2_000_000_000)
    for _ in range(50):
        add_xml_paragraph(d, numbered(95, 0, "The Client shall pay."))

    first = lines_of(d)[0]

    assert first == "(2000000000) The Client shall pay."
