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

    def __init__(self, chars: int, limit: int, *, at_least: bool = False) -> None:
        """``at_least``: reading stopped at the limit, so ``chars`` is a lower bound."""
        self.chars, self.limit = chars, limit
        amount = f"more than {limit:,}" if at_least else f"{chars:,}"
        super().__init__(
            f"That's {amount} characters; I check up to {limit:,} at once. "
            "Please send the contract as a file or split it up."
        )


class TooManyLines(ClauseScoutError):
    code = "too_many_lines"

    def __init__(self, lines: int, limit: int, *, at_least: bool = False) -> None:
        self.lines, self.limit = lines, limit
        amount = f"more than {limit:,}" if at_least else f"{lines:,}"
        super().__init__(
            f"That has {amount} lines; a contract has far fewer (I read up to {limit:,}). "
            "Please send the contract itself rather than a list or data export."
        )


class TooComplex(ClauseScoutError):
    """The file would take far more memory or work to read than any contract needs.

    Raised for decompression bombs, absurd nesting and whatever exhausts a worker's memory.
    The message never quotes sizes the file declares: those are the attacker's numbers.
    """

    code = "too_complex"
    user_message = (
        "That file is too complex for me to read safely: it unpacks into far more data than "
        "a contract holds. Please export the contract again (for example with 'Save as PDF' "
        "or 'Print to PDF'), or paste the clauses you want checked."
    )


# The pdfminer fallback reads what PDFium refuses, slowly; past its budget we stop.
SLOW_REPAIR_MESSAGE = (
    "That PDF is damaged, and repairing it would take me too long. Please re-export or "
    "re-download it (for example with 'Print to PDF') and send it again."
)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"
