"""Input limits. The bot passes its configured values; the defaults suit the CLI.

Every limit is enforced while reading, so a file that breaks one costs about as much as
the part read before it: memory stays near the size of what comes out, not of what the
file claims or inflates to.
"""

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
    # What a file may inflate to in all (DOCX parts, PDF streams): past it, a zip or
    # deflate bomb. A 300-page contract inflates to some tens of megabytes.
    max_unzipped_bytes: int = 200_000_000
    # One PDF stream, inflated (embedded fonts are the largest honest ones).
    max_stream_bytes: int = 32_000_000
    # One DOCX part parsed whole: relationships, numbering, styles (a few hundred kB).
    max_part_bytes: int = 8_000_000
    # Streams in one PDF: a 300-page contract has a few thousand.
    max_pdf_streams: int = 100_000
    # XML elements of one DOCX paragraph or table, held while it is read.
    max_block_elements: int = 400_000
    # The pdfminer fallback (for PDFs PDFium refuses) reads some 10 pages a second: it
    # gives up past these, rather than hold a worker for a minute.
    fallback_max_pages: int = 60
    fallback_seconds: float = 8.0
    # ... and past this much inflated content it does not start (pdfminer reads a few
    # megabytes of page content a second).
    fallback_max_inflated: int = 8_000_000
    # Pictures (photos of pages, images on scanned PDF pages). One picture over this many
    # pixels, or this long on a side, is refused from its header, before it is decoded: a
    # phone photo has 12-50 megapixels, a PNG bomb claims billions.
    max_image_pixels: int = 60_000_000
    max_image_side: int = 20_000
    # Pictures are scaled down to this longer side before OCR (an A4 page at 300 dpi).
    ocr_max_side: int = 3508
    # Pages read by OCR in one contract (scanned PDF pages, photos of an album). Past it
    # the contract is refused with a message naming the cap, before any page is read.
    ocr_max_pages: int = 20
    # Scanned PDF pages are rendered at this resolution for OCR.
    ocr_dpi: int = 300
    # A job reading pages by OCR gets this much more time per page than the bot's
    # analysis time limit (said by the worker once it knows the count; bot/jobs.py), and
    # one OCR call on one page may take at most ``ocr_call_seconds``.
    ocr_page_seconds: float = 5.0
    ocr_call_seconds: float = 30.0
    # Pages read at once in one worker (each by its own single-threaded Tesseract).
    ocr_parallel: int = 2


DEFAULT_LIMITS = Limits()
