"""Tell a file's type from its first bytes; the filename only separates Markdown from text.

Chat attachments are often misnamed ("contract.pdf" that is a Word file, a download saved
without an extension), so the content decides.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import PurePath

from analyzers.errors import EncryptedFile, UnsupportedFileType
from analyzers.extract.images import is_image

# What we read, for refusals (UnsupportedFileType's own message predates pictures).
UNSUPPORTED_MESSAGE = (
    "I can read PDF, DOCX, TXT and Markdown files, and photos or scans of the pages "
    "(JPEG, PNG or WebP). Please send the contract in one of those formats, or paste the "
    "clause as text."
)
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected DOCX is an OLE2 container with this stream (name in UTF-16LE).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Formats refused by their signature. Others (BMP, EXE, ...) hold NUL bytes early on,
# which the text decoder refuses; short signatures that could begin a text are left out.
_BINARY = (
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"%!PS",
    b"{\\rtf",
    b"SQLite format 3",
)
# Text formats whose markup would end up in the quotes.
_MARKUP = (b"<!doctype html", b"<html", b"<?xml")
_PDF_SIGNATURE = b"%PDF-"
# An indirect object ("12 0 obj"): every PDF, even a truncated one, has one early on, so
# only the start is searched (bounded work, whatever the file).
_PDF_OBJECT = re.compile(rb"\d{1,10}[\x00\t\n\f\r ]{1,4}\d{1,5}[\x00\t\n\f\r ]{1,4}obj\b")
_PDF_OBJECT_WITHIN = 1 << 16


class Kind(Enum):
    PDF = "pdf"
    DOCX = "docx"
    IMAGE = "image"  # JPEG, PNG or WebP: read by OCR
    TEXT = "text"


def sniff(data: bytes) -> Kind:
    """The format to read ``data`` as; raises for formats that are not supported."""
    if _PDF_SIGNATURE in data[:1024] and _is_pdf(data):
        return Kind.PDF
    if data.startswith(_ZIP):
        return Kind.DOCX
    if is_image(data):
        return Kind.IMAGE
    if data.startswith(_OLE2):
        if _ENCRYPTED_PACKAGE in data:
            raise EncryptedFile()
        raise UnsupportedFileType(UNSUPPORTED_MESSAGE)  # legacy .doc, .xls or .msg
    if data.startswith(_BINARY) or data[4:12] in (b"ftypheic", b"ftypmif1", b"ftypavif"):
        raise UnsupportedFileType(UNSUPPORTED_MESSAGE)
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_MARKUP):
        raise UnsupportedFileType(UNSUPPORTED_MESSAGE)
    return Kind.TEXT


def _is_pdf(data: bytes) -> bool:
    """A PDF has objects; text that merely starts with the signature (notes about a PDF, a
    paste of its first line) is valid UTF-8 without them."""
    if _PDF_OBJECT.search(data, 0, _PDF_OBJECT_WITHIN):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True  # binary: a PDF cut before its first object
    return False


def is_markdown_name(filename: str) -> bool:
    return PurePath(filename).suffix.lower() in MARKDOWN_SUFFIXES
