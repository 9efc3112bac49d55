"""Bytes or pasted text to a ``Document``: clean text plus the offset where each page starts.

    extract(data, filename)   PDF, DOCX, TXT, Markdown or a picture (JPEG, PNG, WebP);
                              the type is read from the content
    extract_pictures(parts)   pictures of pages (a Telegram album), one page each, in order
    document_from_text(text)  a pasted clause or contract

Whatever the source, the text has one paragraph per line (single ``\\n``, no blank lines),
single spaces, NFC and straight quotes, with running headers, footers, page numbers and
line-break hyphens removed: the offsets later stages take index exactly this text.

``Document.kind`` is one of ``KINDS``: "pdf", "docx", "txt", "markdown", "image" (files) or
"text" (pasted). ``Document.ocr_pages`` lists the pages read by OCR (scanned PDF pages,
pictures). Bad input raises a ``ClauseScoutError`` subclass with a user message.
``progress(done, total)``, if given, is called while pages are read by OCR.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from analyzers.errors import (
    EmptyDocument,
    FileTooLarge,
    TextTooLong,
    TooManyLines,
    UnsupportedFileType,
)
from analyzers.extract import ocr
from analyzers.extract.docx import docx_body
from analyzers.extract.images import decode_image, is_image
from analyzers.extract.markdown import looks_like_markdown
from analyzers.extract.ocr import Progress
from analyzers.extract.pdf import pdf_body
from analyzers.extract.pdf_layout import Page, drop_furniture, paragraph_joins
from analyzers.extract.plaintext import decode, text_body
from analyzers.extract.reflow import join_lines
from analyzers.extract.sniff import UNSUPPORTED_MESSAGE, Kind, is_markdown_name, sniff
from analyzers.limits import DEFAULT_LIMITS, Limits
from analyzers.model import Document

KIND_PDF = "pdf"
KIND_DOCX = "docx"
KIND_TXT = "txt"
KIND_MARKDOWN = "markdown"
KIND_TEXT = "text"
KIND_IMAGE = "image"
KINDS = (KIND_PDF, KIND_DOCX, KIND_TXT, KIND_MARKDOWN, KIND_IMAGE, KIND_TEXT)

__all__ = [
    "KINDS",
    "KIND_DOCX",
    "KIND_IMAGE",
    "KIND_MARKDOWN",
    "KIND_PDF",
    "KIND_TEXT",
    "KIND_TXT",
    "document_from_text",
    "extract",
    "extract_pictures",
]


def extract(
    data: bytes,
    filename: str = "",
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> Document:
    """Read an uploaded file. ``filename`` only tells Markdown from plain text."""
    if len(data) > limits.max_bytes:
        raise FileTooLarge(len(data), limits.max_bytes)
    if not data.strip():
        raise EmptyDocument()
    kind = sniff(data)
    if kind is Kind.PDF:
        text, page_starts, scanned = pdf_body(data, limits, progress=progress)
        return _document(text, KIND_PDF, page_starts, limits, ocr_pages=scanned)
    if kind is Kind.IMAGE:
        return extract_pictures([data], limits=limits, progress=progress)
    if kind is Kind.DOCX:
        text, page_starts = docx_body(data, limits)
        return _document(text, KIND_DOCX, page_starts, limits)
    decoded = decode(data)
    _check_length(decoded, limits)
    markdown = is_markdown_name(filename)
    text, page_starts = text_body(decoded, markdown=markdown)
    return _document(text, KIND_MARKDOWN if markdown else KIND_TXT, page_starts, limits)


def extract_pictures(
    parts: Sequence[bytes], *, limits: Limits = DEFAULT_LIMITS, progress: Progress | None = None
) -> Document:
    """Read pictures of pages (JPEG, PNG, WebP), one page each, in the order given."""
    total = sum(len(part) for part in parts)
    if total > limits.max_bytes:
        raise FileTooLarge(total, limits.max_bytes)
    if not parts:
        raise EmptyDocument()
    for part in parts:
        if not is_image(part):
            raise UnsupportedFileType(UNSUPPORTED_MESSAGE)
    ocr.check_page_count(len(parts), limits)

    def reader(number: int, part: bytes) -> Callable[[], Page]:
        def read() -> Page:
            image, enlarged = decode_image(part, limits)
            return ocr.read_page(image, number, limits, enlarged=enlarged)

        return read

    readers = [reader(number, part) for number, part in enumerate(parts)]
    pages = ocr.read_pages(readers, limits, progress if len(parts) > 1 else None)
    drop_furniture(pages)
    lines, joins = paragraph_joins(pages)
    text, starts = join_lines(lines, joins, pages=len(pages))
    if not text:
        raise ocr.UnreadableScan()
    ocr_pages = tuple(range(1, len(pages) + 1))
    return _document(text, KIND_IMAGE, starts, limits, ocr_pages=ocr_pages)


def document_from_text(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read pasted text, as typed in a chat message."""
    _check_length(text, limits)
    body, _ = text_body(text, markdown=looks_like_markdown(text), soft_wraps=False)
    return _document(body, KIND_TEXT, (), limits)


def _check_length(text: str, limits: Limits) -> None:
    if len(text) > limits.max_chars:
        raise TextTooLong(len(text), limits.max_chars)
    lines = text.count("\n") + 1
    if lines > limits.max_lines:
        raise TooManyLines(lines, limits.max_lines)


def _document(
    text: str,
    kind: str,
    page_starts: tuple[int, ...],
    limits: Limits,
    *,
    ocr_pages: tuple[int, ...] = (),
) -> Document:
    if not text:
        raise EmptyDocument()
    _check_length(text, limits)
    return Document(text=text, kind=kind, page_starts=page_starts, ocr_pages=ocr_pages)
