"""PDF text with page offsets: pypdfium2 first, pdfplumber when PDFium cannot read the file.

PDFium is fast (a 150-page contract in well under a second) but not thread-safe, and the
bot runs analyses in worker threads, so every PDFium call holds ``_PDFIUM_LOCK``. Before
PDFium sees a file, ``pdf_guard`` refuses decompression bombs.

pdfplumber (pdfminer) is pure Python and some 50 times slower; it is tried only when
PDFium refuses the file, within a page and time budget of its own
(``Limits.fallback_max_pages``, ``fallback_seconds``), and if both fail the file is
reported as damaged: reading half a truncated contract would be worse than asking for a
good copy. For the same reason a file PDFium had to repair into textless pages is called
damaged, not scanned: only pages that still draw something (pictures, outlines) are.
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
import time
from collections.abc import Callable
from contextlib import closing
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analyzers.errors import (
    SLOW_REPAIR_MESSAGE,
    ClauseScoutError,
    CorruptFile,
    EncryptedFile,
    NoTextLayer,
    TooComplex,
    TooManyPages,
)
from analyzers.extract import images, ocr
from analyzers.extract.normalize import clean_line, clean_lines, meaningful_chars
from analyzers.extract.pdf_guard import check_streams
from analyzers.extract.pdf_layout import Page, drop_furniture, paragraph_joins
from analyzers.extract.reflow import Line, join_lines
from analyzers.limits import Limits

_PDFIUM_LOCK = threading.Lock()
_PASSWORD_ERRORS = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
# One line of a page's text: PDFium ends a line with "\n", "\r\n" or a lone "\r", or with
# "\ufffe" or "\x02" where the line ends in a hyphen it takes for hyphenation. Group 1 is
# the line without surrounding whitespace (its ends index the first and last character
# boxes), group 2 the hyphen mark, if any. One regex pass per page instead of a Python
# loop over its characters.
_LINE = re.compile(
    r"([^\s\ufffe\x02](?:[^\r\n\ufffe\x02]*[^\s\ufffe\x02])?)[^\S\r\n]*([\ufffe\x02])?"
)


def _loose_box_function() -> tuple[Callable[[Any, int, Any], int], bool]:
    """``FPDFText_GetLooseCharBox(textpage, index, rect)``, and whether it takes addresses.

    There are two calls a line. Through a prototype of its own that takes plain addresses
    (and keeps the GIL, which a call of a microsecond need not drop), a call costs about a
    third less than through the binding's argument conversion. The binding is the
    fallback should its function pointer not be reachable.
    """
    binding = pdfium_c.FPDFText_GetLooseCharBox
    try:
        address = ctypes.cast(binding, ctypes.c_void_p).value
        prototype = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
        return prototype(address), True
    except (TypeError, ValueError, ctypes.ArgumentError):  # pragma: no cover
        return binding, False


_LOOSE_BOX, _BY_ADDRESS = _loose_box_function()
# Coordinates beyond this (points) come from damaged files; the layout code rounds them.
_FAR = 1e7
# Pages with fewer characters than this may be scans or blanks: see what else they draw.
_SHORT_PAGE = 600


def pdf_body(
    data: bytes, limits: Limits, *, progress: ocr.Progress | None = None
) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Text, page starts and the (1-based) pages read by OCR of a PDF; raises a
    ``ClauseScoutError`` for unusable files.

    Pages without a text layer that draw pictures are rendered and read by OCR, when the
    OCR program is installed (``progress(done, total)`` is called as they are read). In
    a file PDFium had to repair they are not: textless pages there are damage.
    """
    streams = check_streams(data, limits)
    repaired = not streams.intact
    try:
        pages = _pdfium_pages(data, limits)
    except _PdfiumFailed:
        if streams.inflated > limits.fallback_max_inflated:
            raise CorruptFile(SLOW_REPAIR_MESSAGE) from None
        pages = _pdfplumber_pages(data, limits)
        repaired = True
    scanned: tuple[int, ...] = ()
    if not repaired:
        scanned = _read_scanned_pages(data, pages, limits, progress)
    drop_furniture(pages)
    _require_text_layer(pages, limits, repaired=repaired, scanned=bool(scanned))
    lines, joins = paragraph_joins(pages)
    text, starts = join_lines(lines, joins, pages=len(pages))
    if not text:
        raise ocr.UnreadableScan() if scanned else NoTextLayer()
    return text, starts, tuple(index + 1 for index in scanned)


def _read_scanned_pages(
    data: bytes, pages: list[Page], limits: Limits, progress: ocr.Progress | None
) -> tuple[int, ...]:
    """OCR the pages that have no text but draw pictures, in place; their indexes.

    Without the OCR program, a document whose text layer suffices anyway (a scanned
    signature page) is read as before; one that needs OCR raises ``OcrUnavailable``.
    """
    least = limits.min_chars_per_page
    wanted = [
        index
        for index, page in enumerate(pages)
        if page.pictures and meaningful_chars("".join(line.text for line in page.lines)) < least
    ]
    if not wanted:
        return ()
    if not ocr.available():
        if len(wanted) * 2 <= len(pages) and len(wanted) < len(pages):
            return ()  # _require_text_layer decides, as without OCR
        raise ocr.OcrUnavailable()
    ocr.check_page_count(len(wanted), limits)

    def reader(index: int) -> Callable[[], Page]:
        return lambda: _read_scanned_page(data, index, limits)

    read = ocr.read_pages([reader(index) for index in wanted], limits, progress)
    for index, page in zip(wanted, read, strict=True):
        pages[index] = page
    return tuple(wanted)


class _PdfiumFailed(Exception):
    """PDFium could not read the file for a reason other than a password."""


def _pdfium_pages(data: bytes, limits: Limits) -> list[Page]:
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) in _PASSWORD_ERRORS:
                raise EncryptedFile() from None
            raise _PdfiumFailed() from None
        try:
            count = len(document)
            if count > limits.max_pages:
                raise TooManyPages(count, limits.max_pages)
            pages = []
            for index in range(count):
                with closing(document[index]) as page:
                    pages.append(_pdfium_page(page, index))
            return pages
        except pdfium.PdfiumError:
            raise _PdfiumFailed() from None
        finally:
            document.close()


def _pdfium_page(page: pdfium.PdfPage, number: int) -> Page:
    left, bottom, right, top = page.get_cropbox()
    result = Page(height=top - bottom, left=left, right=right)
    textpage = page.get_textpage()
    try:
        text = _all_text(textpage)
        if len(text) < _SHORT_PAGE:
            result.pictures = _draws_pictures(page)
        found = list(_LINE.finditer(text))
        if not found:
            return result
        cleaned = clean_lines("\n".join([match[1] for match in found]))
        rect = pdfium_c.FS_RECTF()
        raw: Any = textpage.raw
        box: Any = rect
        if _BY_ADDRESS:
            raw, box = ctypes.cast(raw, ctypes.c_void_p).value, ctypes.addressof(rect)
        append = result.lines.append
        for match, line in zip(found, cleaned, strict=True):
            if not line:
                continue
            start, end = match.span(1)
            if not _LOOSE_BOX(raw, start, box):
                raise pdfium.PdfiumError("Failed to get charbox.")
            x0, low, high = rect.left, rect.bottom, rect.top
            if not _LOOSE_BOX(raw, end - 1, box):
                raise pdfium.PdfiumError("Failed to get charbox.")
            x1 = rect.right if rect.right > x0 else x0
            y0 = top - (high if high > rect.top else rect.top)
            y1 = top - (low if low < rect.bottom else rect.bottom)
            if not (
                -_FAR < x0 < _FAR and -_FAR < x1 < _FAR and -_FAR < y0 < _FAR and -_FAR < y1 < _FAR
            ):
                x0, x1, y0, y1 = map(_near, (x0, x1, y0, y1))
            append(Line(line, number, x0, x1, y0, y1, match[2] is not None))
        return result
    finally:
        textpage.close()


def _read_scanned_page(data: bytes, index: int, limits: Limits) -> Page:
    """Render page ``index`` at ``limits.ocr_dpi`` (under the PDFium lock) and OCR it."""
    with (
        _PDFIUM_LOCK,
        closing(pdfium.PdfDocument(data)) as document,
        closing(document[index]) as page,
    ):
        bitmap = page.render(scale=limits.ocr_dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
        bitmap.close()
        largest = _largest_picture_width(page)
    rendered = image.width
    image = images.fit(image, limits.ocr_max_side)
    dpi = limits.ocr_dpi * image.width / rendered
    # How much larger the page's picture is drawn than its own pixels (a 150 dpi scan
    # rendered at 300 dpi: 2); for a page drawn otherwise (vector art), 1.
    enlarged = max(1.0, image.width / largest) if largest else 1.0
    read = ocr.read_page(image, index, limits, dpi=dpi, enlarged=enlarged)
    read.pictures = True
    return read


def _largest_picture_width(page: pdfium.PdfPage) -> int:
    """The pixel width of the widest image the page draws (0 if none, or unreadable)."""
    widest = 0
    try:
        for found in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            widest = max(widest, int(found.get_px_size()[0]))
    except (pdfium.PdfiumError, TypeError, ValueError, OSError):
        return 0
    return widest


def _draws_pictures(page: pdfium.PdfPage) -> bool:
    """Whether the page draws anything but text: an image, a path, a shading, a form."""
    raw = page.raw
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, index))
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
            return True
    return False


def _all_text(textpage: pdfium.PdfTextPage) -> str:
    """The page's characters, one per PDFium char index (so boxes line up with text)."""
    count = textpage.count_chars()
    text = textpage.get_text_range() if count else ""
    if len(text) != count:
        raw = textpage.raw
        text = "".join(_char(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    return text


def _char(code: int) -> str:
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else " "


def _near(value: float) -> float:
    """A coordinate from a damaged file (NaN, infinite, absurd) brought within ``_FAR``."""
    return 0.0 if value != value else min(max(value, -_FAR), _FAR)


def _pdfplumber_pages(data: bytes, limits: Limits) -> list[Page]:
    # Imported here: pdfminer is slow to import and needed only for files PDFium refuses.
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    started = time.monotonic()
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            count = len(document.pages)
            if count > limits.max_pages:
                raise TooManyPages(count, limits.max_pages)
            if count > limits.fallback_max_pages:
                raise CorruptFile(SLOW_REPAIR_MESSAGE)
            pages = []
            for number, page in enumerate(document.pages):
                if time.monotonic() - started > limits.fallback_seconds:
                    raise CorruptFile(SLOW_REPAIR_MESSAGE)
                pages.append(_plumber_page(page, number))
            return pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedFile() from None
    except ClauseScoutError:
        raise
    except (MemoryError, RecursionError):
        raise TooComplex() from None
    except Exception:  # pdfminer raises many types on damaged input; all mean "damaged"
        raise CorruptFile() from None


def _plumber_page(page: Any, number: int) -> Page:
    result = Page(height=float(page.height), right=float(page.width))
    for found in page.extract_text_lines(return_chars=False):
        text = clean_line(found["text"])
        if text:
            box = (found["x0"], found["x1"], found["top"], found["bottom"])
            x0, x1, top, bottom = (_near(float(value)) for value in box)
            result.lines.append(Line(text, page=number, x0=x0, x1=x1, top=top, bottom=bottom))
    page.close()
    return result


def _require_text_layer(
    pages: list[Page], limits: Limits, *, repaired: bool, scanned: bool = False
) -> None:
    """Refuse scanned PDFs: too little text overall, or most pages without text.

    A scan's pages are pictures. Textless pages that draw nothing else (or only running
    headers) come from a damaged or incomplete file, as does anything ``repaired`` (PDFium
    refused it, or met broken streams).
    """
    if not pages:
        raise CorruptFile()
    per_page = [meaningful_chars("".join([line.text for line in page.lines])) for page in pages]
    least = limits.min_chars_per_page
    textless = [page for page, n in zip(pages, per_page, strict=True) if n < least]
    if sum(per_page) >= least * len(pages) and len(textless) * 2 <= len(pages):
        return
    if repaired or not any(page.pictures for page in textless):
        raise CorruptFile()
    if scanned:
        raise ocr.UnreadableScan()
    raise NoTextLayer()
