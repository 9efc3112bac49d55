"""Bytes or pasted text to a ``Document``: clean text plus the offset where each page starts.

    extract(data, filename)   PDF, DOCX, TXT or Markdown; the type is read from the content
    document_from_text(text)  a pasted clause or contract

Whatever the source, the text has one paragraph per line (single ``\\n``, no blank lines),
single spaces, NFC and straight quotes, with running headers, footers, page numbers and
line-break hyphens removed: the offsets later stages take index exactly this text.

``Document.kind`` is one of ``KINDS``: "pdf", "docx", "txt", "markdown" (files) or "text"
(pasted). Bad input raises a ``ClauseScoutError`` subclass with a user message.
"""

from __future__ import annotations

from analyzers.errors import EmptyDocument, FileTooLarge, TextTooLong, TooManyLines
from analyzers.extract.docx import docx_body
from analyzers.extract.markdown import looks_like_markdown
from analyzers.extract.pdf import pdf_body
from analyzers.extract.plaintext import decode, text_body
from analyzers.extract.sniff import Kind, is_markdown_name, sniff
from analyzers.limits import DEFAULT_LIMITS, Limits
from analyzers.model import Document

KIND_PDF = "pdf"
KIND_DOCX = "docx"
KIND_TXT = "txt"
KIND_MARKDOWN = "markdown"
KIND_TEXT = "text"
KINDS = (KIND_PDF, KIND_DOCX, KIND_TXT, KIND_MARKDOWN, KIND_TEXT)

__all__ = [
    "KINDS",
    "KIND_DOCX",
    "KIND_MARKDOWN",
    "KIND_PDF",
    "KIND_TEXT",
    "KIND_TXT",
    "document_from_text",
    "extract",
]


def extract(data: bytes, filename: str = "", *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read an uploaded file. ``filename`` only tells Markdown from plain text."""
    if len(data) > limits.max_bytes:
        raise FileTooLarge(len(data), limits.max_bytes)
    if not data.strip():
        raise EmptyDocument()
    kind = sniff(data)
    if kind is Kind.PDF:
        text, page_starts = pdf_body(data, limits)
        return _document(text, KIND_PDF, page_starts, limits)
    if kind is Kind.DOCX:
        text, page_starts = docx_body(data, limits)
        return _document(text, KIND_DOCX, page_starts, limits)
    decoded = decode(data)
    _check_length(decoded, limits)
    markdown = is_markdown_name(filename)
    text, page_starts = text_body(decoded, markdown=markdown)
    return _document(text, KIND_MARKDOWN if markdown else KIND_TXT, page_starts, limits)


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


def _document(text: str, kind: str, page_starts: tuple[int, ...], limits: Limits) -> Document:
    if not text:
        raise EmptyDocument()
    _check_length(text, limits)
    return Document(text=text, kind=kind, page_starts=page_starts)
