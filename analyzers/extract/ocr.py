"""Text from pictures of pages, by Tesseract OCR (chosen by measurement: bench/README.md).

Each page's greyscale picture is cleaned (the light evened out, specks removed),
straightened (a projection-profile deskew of a few degrees), handed to ``tesseract``
through its standard input as PNG bytes (no temporary file), and its TSV output (words
with boxes and confidences) becomes the same positioned ``Line``s the PDF reader makes, so
running headers, paragraphs and hyphenation are handled by the same layout code. A page
that reads badly is asked about its orientation (Tesseract's OSD), turned, and read again:
upright pages, nearly all of them, pay for one call.

Tesseract runs as a child of the worker process, with one thread (``OMP_THREAD_LIMIT``:
a worker is one job on one core), under the worker's memory limit (``RLIMIT_AS`` is
inherited), with a time limit per call; a worker that is killed at its time limit takes
its Tesseract children with it (it leads a process group, which bot/jobs.py kills). What
Tesseract prints on stderr is dropped; nothing is logged. ``read_pages`` reads up to
``Limits.ocr_parallel`` pages at once (two cores: a 10-page scan in half the time).

When the ``tesseract`` program is missing, ``OcrUnavailable`` says so plainly, with the
one line that installs it.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import os
import shutil
import statistics
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from PIL import Image, ImageFilter

from analyzers.errors import ClauseScoutError, NoTextLayer, TooComplex
from analyzers.extract.normalize import clean_line
from analyzers.extract.pdf_layout import Page
from analyzers.extract.reflow import Line
from analyzers.limits import Limits

# The program, found on PATH (a module attribute, so tests can point it elsewhere).
TESSERACT = "tesseract"
INSTALL_HINT = "sudo apt-get install tesseract-ocr"
LANGUAGE = "eng"
# Points per pixel are reckoned at this resolution for pictures that do not say theirs.
NOMINAL_DPI = 300
# Words Tesseract is less sure of than this (0-100) are dropped. None are: on the bench
# scan, dropping those under 10 lost real words and split paragraphs; specks read as
# punctuation are dropped by the rule below instead.
_MIN_WORD_CONFIDENCE = 0.0
# Words of punctuation alone ("_", "-", "'") are kept only when read this surely.
_PUNCTUATION_CONFIDENCE = 70.0
# Words further apart than this many line heights are on separate lines.
_SPLIT_GAP = 3.0
# Around the text, a frame this share of the text's height (as a page's margins).
_FRAME_MARGIN = 0.02
# A picture scaled up this many times or more (from its own pixels) has its specks
# filtered at half size (see ``clean``).
_ENLARGED = 1.6
_HYPHENS = frozenset({"-", "–", "—", "‐"})
# A page whose words average under this confidence, or with fewer than this many words,
# is asked about its orientation and read again turned (kept if it then reads better).
_RETRY_CONFIDENCE = 55.0
_RETRY_WORDS = 25
# The deskew search: angles in degrees, coarse then fine, on a picture this wide.
_SKEW_MAX = 6.0
_SKEW_STEP = 0.5
_SKEW_FINE = 0.1
_SKEW_WIDTH = 900
_SKEW_MIN = 0.2  # straighter than this is left alone


class OcrUnavailable(NoTextLayer):
    """The OCR program is not installed where the bot runs (a scan we cannot read)."""

    code = "ocr_unavailable"
    user_message = (
        "That looks like a scan or a photo, and I can't read those here: the OCR program "
        "(Tesseract) is not installed on the machine I run on. Whoever runs me can add it "
        f"with: {INSTALL_HINT}. Meanwhile, send the digital file (a PDF with text, or "
        "DOCX) or paste the clauses you're unsure about."
    )


class UnreadableScan(ClauseScoutError):
    code = "unreadable_scan"
    user_message = (
        "I tried to read that scan or photo but found almost no text. Please send a sharper "
        "picture: the whole page, flat, in good light, or the digital file if you have it."
    )


class TooManyScannedPages(ClauseScoutError):
    code = "too_many_scanned_pages"

    def __init__(self, pages: int, limit: int) -> None:
        self.pages, self.limit = pages, limit
        super().__init__(
            f"That has {pages} scanned pages or photos; I read up to {limit} at once, as "
            "each one takes me a few seconds. Please send the pages with the clauses you're "
            "unsure about, or the digital file (a PDF with text, or DOCX)."
        )


Progress = Callable[[int, int], None]


def available() -> bool:
    """Whether the OCR program can be run."""
    return shutil.which(TESSERACT) is not None


def check_page_count(pages: int, limits: Limits) -> None:
    """Refuse before reading when more than ``limits.ocr_max_pages`` need OCR. (A missing
    OCR program is found at the first call: a damaged or hostile picture is refused as such
    first, with or without it.)"""
    if pages > limits.ocr_max_pages:
        raise TooManyScannedPages(pages, limits.ocr_max_pages)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line: tuple[int, int, int]  # block, paragraph, line


def read_page(
    image: Image.Image, number: int, limits: Limits, *, dpi: float = 0, enlarged: float = 1.0
) -> Page:
    """The lines of one picture of a page (``number`` is 0-based), in points.

    ``enlarged``: how many times the picture was scaled up from the pixels it came as (a
    150 dpi scan rendered at 300 dpi: 2), which makes its specks as many times larger.
    """
    dpi = dpi or NOMINAL_DPI
    image = deskew(clean(image, enlarged=enlarged))
    words = run_tesseract(image, limits, dpi=dpi)
    if _reads_badly(words):
        turn = orientation(image, limits, dpi=dpi)
        if turn:
            image = image.rotate(-turn, expand=True, fillcolor=255)
            turned = run_tesseract(image, limits, dpi=dpi)
            if _quality(turned) > _quality(words):
                words = turned
    return page_of(words, number, image.width, image.height, dpi)


def read_pages(
    readers: Sequence[Callable[[], Page]], limits: Limits, progress: Progress | None
) -> list[Page]:
    """Run each page's reader (render or decode, then ``read_page``), up to
    ``limits.ocr_parallel`` at once; the pages in order. ``progress(done, total)`` is
    called before the first and as each page is done; the first error stops the rest."""
    total = len(readers)
    if progress is not None:
        progress(0, total)
    if limits.ocr_parallel <= 1 or total == 1:
        pages = []
        for done, reader in enumerate(readers, start=1):
            pages.append(reader())
            if progress is not None:
                progress(done, total)
        return pages
    pool = ThreadPoolExecutor(max_workers=limits.ocr_parallel, thread_name_prefix="ocr")
    try:
        futures = [pool.submit(reader) for reader in readers]
        for done, _ in enumerate(as_completed(futures), start=1):
            if progress is not None:
                progress(done, total)
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def page_of(words: list[Word], number: int, width: int, height: int, dpi: float) -> Page:
    """Words grouped into positioned lines, in top-down page coordinates (points).

    A line Tesseract found is split where its words stand far apart (a footer's page
    number and its initials box, two table cells), as a PDF's text layer has them. The
    page is framed by its text, not by the picture: a photo shows the table around the
    sheet, and running headers and footers are told by their place near the page's edges.
    """
    scale = 72.0 / dpi
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    heights = [w.height for w in words if w.text.isalnum() and len(w.text) > 1]
    usual = statistics.median(heights) if heights else 0.0
    pieces: list[list[Word]] = []
    for found in by_line.values():
        found = _without_smudges(sorted(found, key=lambda w: w.left))
        if not found:
            continue
        piece = [found[0]]
        for before, word in itertools.pairwise(found):
            if usual and word.left - (before.left + before.width) > _SPLIT_GAP * usual:
                pieces.append(piece)
                piece = []
            piece.append(word)
        pieces.append(piece)
    lines = []
    for piece in pieces:
        text = clean_line(" ".join(w.text for w in piece))
        if not text:
            continue
        x0 = min(w.left for w in piece)
        x1 = max(w.left + w.width for w in piece)
        bottom = statistics.median(w.top + w.height for w in piece)
        tall = statistics.median(w.height for w in piece)
        # Ascenders and descenders make word boxes of one font size differ: lines of
        # about the usual height get the usual height, so the layout sees one font.
        if usual and abs(tall - usual) < 0.3 * usual:
            tall = usual
        lines.append((text, x0, x1, bottom - tall, bottom))
    if not lines:
        return Page(height=height * scale, left=0.0, right=width * scale)
    top = min(line[3] for line in lines)
    extent = max(line[4] for line in lines) - top
    margin = _FRAME_MARGIN * extent
    left = min(line[1] for line in lines)
    right = max(line[2] for line in lines)
    page = Page(height=(extent + 2 * margin) * scale, left=0.0, right=(right - left) * scale)
    shift_y, shift_x = top - margin, left
    for text, x0, x1, y0, y1 in lines:
        page.lines.append(
            Line(
                text,
                number,
                (x0 - shift_x) * scale,
                (x1 - shift_x) * scale,
                (y0 - shift_y) * scale,
                (y1 - shift_y) * scale,
            )
        )
    return page  # Tesseract gives the lines in reading order


def _without_smudges(words: list[Word]) -> list[Word]:
    """A line's words (left to right) without specks read as punctuation ("_", "~", "'"),
    except a line-end hyphen, which is glued back to its word (it marks hyphenation)."""
    kept: list[Word] = []
    for index, word in enumerate(words):
        if word.confidence >= _PUNCTUATION_CONFIDENCE or any(c.isalnum() for c in word.text):
            kept.append(word)
        elif word.text in _HYPHENS and index == len(words) - 1 and kept:
            before = kept[-1]
            if word.left - (before.left + before.width) < before.height:
                kept[-1] = dataclasses.replace(
                    before, text=before.text + "-", width=word.left + word.width - before.left
                )
    return kept


def run_tesseract(image: Image.Image, limits: Limits, *, dpi: float) -> list[Word]:
    """The words Tesseract reads in ``image`` (automatic page segmentation)."""
    output = _call(
        image,
        ["--psm", "3", "-l", LANGUAGE, "--dpi", str(round(dpi)), "tsv"],
        limits,
    )
    return parse_tsv(output)


def parse_tsv(output: bytes) -> list[Word]:
    words = []
    for row in output.decode("utf-8", "replace").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            confidence = float(cells[10])
            left, top, width, height = (int(v) for v in cells[6:10])
            key = (int(cells[2]), int(cells[3]), int(cells[4]))
        except ValueError:
            continue
        if text and confidence >= _MIN_WORD_CONFIDENCE:
            words.append(Word(text, left, top, width, height, confidence, key))
    return words


def orientation(image: Image.Image, limits: Limits, *, dpi: float) -> int:
    """Degrees clockwise the page must turn to be upright (0, 90, 180, 270), by OSD."""
    try:
        output = _call(image, ["--psm", "0", "--dpi", str(round(dpi))], limits)
    except UnreadableScan:
        return 0  # too little text to tell
    for row in output.decode("ascii", "replace").splitlines():
        name, _, value = row.partition(":")
        if name.strip() == "Rotate":
            try:
                return int(value.strip()) % 360
            except ValueError:
                return 0
    return 0


def clean(image: Image.Image, *, enlarged: float = 1.0) -> Image.Image:
    """Even out the light and remove speckles: a photo's shadows and a scanner's dust.

    The page's background is estimated by a coarse maximum filter (which erases the text)
    on a small copy, blurred and scaled back up; dividing by it makes the paper white
    everywhere and leaves the ink. A median filter then removes isolated dots: 3 pixels
    wide, or 3 at half the size on a picture scaled up ``_ENLARGED`` times or more (its
    dots are larger: on the bench scan, rendered at twice its resolution, 3 pixels leave
    specks that turn "Term and" into "Term:and"; on photos a wider filter eats strokes).
    """
    import numpy as np

    small = image.reduce(8) if min(image.size) >= 64 else image
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(4))
    background = background.resize(image.size, Image.Resampling.BILINEAR)
    pixels = np.asarray(image, dtype=np.uint16)
    light = np.maximum(np.asarray(background, dtype=np.uint16), 1)
    flat = np.minimum(pixels * 255 // light, 255).astype(np.uint8)
    cleaned = Image.fromarray(flat)
    if enlarged < _ENLARGED:
        return cleaned.filter(ImageFilter.MedianFilter(3))
    # Filtered at half the size (about the picture's own pixels) and scaled back: as a
    # 5-pixel filter at full size, at a third of its cost.
    half = cleaned.reduce(2).filter(ImageFilter.MedianFilter(3))
    return half.resize(cleaned.size, Image.Resampling.BICUBIC)


def deskew(image: Image.Image) -> Image.Image:
    """``image`` turned so its text lines run level (within a tenth of a degree), if they
    slope by more than ``_SKEW_MIN`` degrees and at most ``_SKEW_MAX``."""
    angle = skew_angle(image)
    if abs(angle) < _SKEW_MIN:
        return image
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)


def skew_angle(image: Image.Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes the rows of text sharpest.

    The projection profile: ink summed along each row of pixels peaks on text lines and
    drops to nothing between them when the lines are level; the angle whose profile has
    the largest variance wins. Searched on a small copy, coarse then fine.
    """
    import numpy as np

    small = image
    if image.width > _SKEW_WIDTH:
        height = max(1, round(image.height * _SKEW_WIDTH / image.width))
        small = image.resize((_SKEW_WIDTH, height), Image.Resampling.BILINEAR)
    pixels = np.asarray(small, dtype=np.uint8)
    # Ink is what is clearly darker than the page around it.
    threshold = min(160.0, float(pixels.mean()) - 2.0 * float(pixels.std()) + 60.0)
    ink = Image.fromarray(((pixels < threshold) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        turned = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float32)
        rows = turned.sum(axis=1)
        return float(np.var(np.diff(rows)))

    coarse = [i * _SKEW_STEP - _SKEW_MAX for i in range(int(2 * _SKEW_MAX / _SKEW_STEP) + 1)]
    best = max(coarse, key=sharpness)
    steps = int(_SKEW_STEP / _SKEW_FINE)
    fine = [best + i * _SKEW_FINE for i in range(-steps, steps + 1)]
    return round(max(fine, key=sharpness), 2)


def _reads_badly(words: list[Word]) -> bool:
    if not words:
        return True
    mean = sum(w.confidence for w in words) / len(words)
    return mean < _RETRY_CONFIDENCE or len(words) < _RETRY_WORDS


def _quality(words: list[Word]) -> float:
    """Confidence-weighted letters read: more sure text is better text."""
    return sum(w.confidence * sum(c.isalpha() for c in w.text) for w in words)


def _call(image: Image.Image, arguments: list[str], limits: Limits) -> bytes:
    """Run Tesseract on ``image`` (PNG through stdin) and return its stdout."""
    program = shutil.which(TESSERACT)
    if program is None:
        raise OcrUnavailable()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OMP_THREAD_LIMIT": "1",
        "LC_ALL": "C",
    }
    if "TESSDATA_PREFIX" in os.environ:
        environment["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    try:
        finished = subprocess.run(
            [program, "stdin", "stdout", *arguments],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=limits.ocr_call_seconds,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TooComplex() from None
    except OSError:
        raise OcrUnavailable() from None
    if finished.returncode < 0:  # killed: by its memory limit, most likely
        raise TooComplex()
    if finished.returncode != 0:
        if b"Too few characters" in finished.stderr or b"Less than" in finished.stderr:
            raise UnreadableScan()
        if b"Failed loading language" in finished.stderr or b"tessdata" in finished.stderr:
            raise OcrUnavailable()
        raise UnreadableScan()
    return finished.stdout
