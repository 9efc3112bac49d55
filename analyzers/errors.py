"""Typed errors for bad input. Each carries a short, friendly ``user_message``.

Anything the analyzer raises on bad input is a ``ClauseScoutError``; any other exception
is a bug, and the bot answers it with a generic apology.
"""

from __future__ import annotations


class ClauseScoutError(Exception):
    """Base class: ``code`` is a stable id, ``user_message`` is what a member reads."""

    code = "error"
    user_message = "Sorry, I couldn't read that."

    def __init__(self, user_message: str | None = None) -> None:
        if user_message is not None:
            self.user_message = user_message
        super().__init__(self.user_message)


class UnsupportedFileType(ClauseScoutError):
    code = "unsupported_type"
    user_message = (
        "I can read PDF, DOCX, TXT and Markdown files. Please send the contract in one of "
        "those formats, or paste the clause as text."
    )


class FileTooLarge(ClauseScoutError):
    code = "too_large"

    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(
            f"That file is {_mb(size)}; I can read files up to {_mb(limit)}. "
            "Try sending only the relevant pages or sections."
        )


class TooManyPages(ClauseScoutError):
    code = "too_many_pages"

    def __init__(self, pages: int, limit: int) -> None:
        self.pages, self.limit = pages, limit
        super().__init__(
            f"That document has {pages} pages; I read up to {limit}. "
            "Please send the contract itself without long appendices."
        )


class EncryptedFile(ClauseScoutError):
    code = "encrypted"
    user_message = (
        "That file is password-protected, so I can't read it. Save an unprotected copy "
        "(or print it to PDF) and send that instead."
    )


class NoTextLayer(ClauseScoutError):
    code = "no_text_layer"
    user_message = (
        "That PDF looks scanned: its pages are pictures with no text I can read. Ask for the "
        "original digital file, or run it through OCR (e.g. 'Make searchable' in your PDF app) "
        "and send the result."
    )


class CorruptFile(ClauseScoutError):
    code = "corrupt"
    user_message = (
        "I couldn't open that file: it looks damaged or incomplete. Please re-export or "
        "re-download it and send it again."
    )


class EmptyDocument(ClauseScoutError):
    code = "empty"
    user_message = "That looks empty: I found no text to check."


class NotEnglish(ClauseScoutError):
    code = "not_english"
    user_message = (
        "I can only read English contracts for now, and this doesn't look like English. "
        "If there is an English version, send me that one."
    )


class TextTooLong(ClauseScoutError):
    code = "text_too_long"

    def __init__(self, chars: int, limit: int) -> None:
        self.chars, self.limit = chars, limit
        super().__init__(
            f"That's {chars:,} characters; I check up to {limit:,} at once. "
            "Please send the contract as a file or split it up."
        )


class TooManyLines(ClauseScoutError):
    code = "too_many_lines"

    def __init__(self, lines: int, limit: int) -> None:
        self.lines, self.limit = lines, limit
        super().__init__(
            f"That has {lines:,} lines; a contract has far fewer (I read up to {limit:,}). "
            "Please send the contract itself rather than a list or data export."
        )


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"
