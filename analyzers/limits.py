"""Input limits. The bot passes its configured values; the defaults suit the CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 20_000_000
    max_pages: int = 300
    max_chars: int = 3_000_000
    # Lines after extraction are paragraphs: a 300-page contract has a few thousand. Far
    # more means a list or data dump, and would only slow every member's queue down.
    max_lines: int = 20_000
    # Under this many characters per page on average a PDF is treated as scanned.
    min_chars_per_page: int = 20
    # DOCX is a zip: refuse archives that would inflate past this (zip bombs).
    max_unzipped_bytes: int = 200_000_000


DEFAULT_LIMITS = Limits()
