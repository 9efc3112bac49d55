"""PDF extraction as a user meets it: the contract's own words, in order, with pages."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from analyzers.errors import CorruptFile, EncryptedFile, NoTextLayer, TooManyPages
from analyzers.extract import KIND_PDF, extract, ocr
from analyzers.extract.normalize import clean_line
from analyzers.limits import Limits
from tests.extract.builders import (
    HEADER,
    HEADER_REF,
    PAGE_2,
    PAGE_3,
    TABLE_ROWS,
    TITLE,
    sample_paragraphs,
    sample_pdf,
    scanned_pdf,
    text_pdf,
)


@pytest.fixture(scope="module")
def contract_pdf() -> bytes:
    return sample_pdf()


def test_each_paragraph_comes_out_whole_and_in_order(contract_pdf: bytes) -> None:
    document = extract(contract_pdf, "agreement.pdf")

    assert document.kind == KIND_PDF
    assert document.text.split("\n") == [clean_line(p) for p in sample_paragraphs()]


def test_line_break_hyphenation_is_undone(contract_pdf: bytes) -> None:
    raw = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(contract_pdf))
    assert "\ufffe" in raw, "the fixture must contain hyphenated line ends"

    text = extract(contract_pdf, "agreement.pdf").text

    assert "\ufffe" not in text
    for word in ("illustration", "documentation", "intellectual", "sublicensable"):
        assert word in text
    assert "Petrovic-Lindqvist" in text
    assert "royalty-free" in text


def test_running_headers_and_page_numbers_are_dropped(contract_pdf: bytes) -> None:
    text = extract(contract_pdf, "agreement.pdf").text

    assert HEADER not in text
    assert HEADER_REF not in text
    assert "Page 2" not in text


def test_pages_start_where_their_text_starts(contract_pdf: bytes) -> None:
    document = extract(contract_pdf, "agreement.pdf")
    text = document.text

    assert document.pages == 3
    assert document.page_at(text.index(TITLE)) == 1
    assert document.page_at(text.index(PAGE_2[0][1])) == 2
    assert document.page_at(text.index("3.2 Pre-existing")) == 2
    assert document.page_at(text.index(PAGE_3[0][1])) == 3
    assert document.page_at(len(text) - 1) == 3


def test_two_columns_read_left_column_first(contract_pdf: bytes) -> None:
    text = extract(contract_pdf, "agreement.pdf").text
    definitions = [text.index(body.split(" means")[0]) for _, body in PAGE_3[1:]]

    assert definitions == sorted(definitions)


def test_table_rows_stay_one_line_each(contract_pdf: bytes) -> None:
    lines = extract(contract_pdf, "agreement.pdf").text.split("\n")

    for row in TABLE_ROWS:
        assert " ".join(row) in lines


def test_paragraph_running_onto_the_next_page_stays_whole() -> None:
    long_clause = " ".join(
        f"{n}. The Designer shall keep records of every revision requested by the Client."
        for n in range(1, 90)
    )
    document = extract(text_pdf([[long_clause, "Final clause."]]), "long.pdf")

    assert document.pages == 2
    assert document.text.split("\n") == [long_clause, "Final clause."]
    second_page = document.page_starts[1]
    assert 0 < second_page < len(long_clause)
    assert document.page_at(second_page) == 2


def test_password_protected_pdf_is_refused() -> None:
    locked = text_pdf([["Secret terms."]], encrypt=StandardEncryption("open-sesame"))

    with pytest.raises(EncryptedFile):
        extract(locked, "locked.pdf")


def test_pdf_with_only_an_owner_password_is_read() -> None:
    # Common for signed contracts: anyone may open them, but editing is restricted.
    restricted = StandardEncryption("", ownerPassword="owner", canModify=0, canCopy=0)
    clauses = [["The Client shall pay within 30 days."], ["Either party may terminate."]]
    document = extract(text_pdf(clauses, encrypt=restricted))

    assert document.text.split("\n") == [
        "The Client shall pay within 30 days.",
        "Either party may terminate.",
    ]


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without Tesseract (tests/extract/test_ocr.py reads scans)."""
    monkeypatch.setattr(ocr, "TESSERACT", "clausescout-no-such-ocr")


@pytest.mark.usefixtures("no_ocr")
def test_scanned_pdf_without_ocr_is_refused_with_the_ocr_hint() -> None:
    scan = scanned_pdf([["1. Services", "The Designer shall..."], ["2. Fees"]])

    with pytest.raises(NoTextLayer) as caught:
        extract(scan, "scan.pdf")
    assert "OCR" in caught.value.user_message


@pytest.mark.usefixtures("no_ocr")
def test_mostly_scanned_pdf_without_ocr_is_refused() -> None:
    # A typed cover page must not pass for a contract whose clauses are pictures.
    scan = scanned_pdf([None, ["1. Services"], ["2. Fees"]])

    with pytest.raises(NoTextLayer):
        extract(scan, "cover-plus-scan.pdf")


@pytest.mark.usefixtures("no_ocr")
def test_without_ocr_one_scanned_signature_page_does_not_block_the_rest() -> None:
    document = extract(scanned_pdf([None, None, ["Signed: ________"]]), "signed.pdf")

    assert "terminate this Agreement" in document.text
    assert document.pages == 3


def test_truncated_download_is_reported_as_damaged(contract_pdf: bytes) -> None:
    with pytest.raises(CorruptFile):
        extract(contract_pdf[: len(contract_pdf) // 2], "partial.pdf")


def test_garbage_after_a_pdf_header_is_reported_as_damaged() -> None:
    with pytest.raises(CorruptFile):
        extract(b"%PDF-1.7\n" + bytes(range(256)) * 20, "broken.pdf")


def test_page_limit_is_enforced(contract_pdf: bytes) -> None:
    with pytest.raises(TooManyPages) as caught:
        extract(contract_pdf, "agreement.pdf", limits=Limits(max_pages=2))
    assert caught.value.pages == 3


def test_a_pdf_named_otherwise_is_still_read_as_pdf(contract_pdf: bytes) -> None:
    assert extract(contract_pdf, "contract.docx").kind == KIND_PDF


def test_parallel_extractions_agree(contract_pdf: bytes) -> None:
    # The bot runs analyses in worker threads; PDFium itself is not thread-safe.
    expected = extract(contract_pdf, "a.pdf").text
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: extract(contract_pdf, "a.pdf").text, range(8)))

    assert results == [expected] * 8


def test_pdfplumber_reads_what_pdfium_refuses(
    contract_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = extract(contract_pdf, "agreement.pdf")

    def refuse(*args: object, **kwargs: object) -> None:
        raise pdfium.PdfiumError("Failed to load document", err_code=3)

    monkeypatch.setattr(pdfium, "PdfDocument", refuse)
    fallback = extract(contract_pdf, "agreement.pdf")

    assert fallback.text.split("\n") == expected.text.split("\n")
    assert fallback.page_starts == expected.page_starts
