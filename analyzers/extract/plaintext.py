"""Plain text and Markdown: bytes to a str, then to one paragraph per line.

Text arrives hard-wrapped (e-mail, copies from a PDF viewer, 72-column contracts) or with
one paragraph per line. Wrapped lines are joined only when the text shows a wrap width,
so a list of short lines stays a list. A form feed separates pages (``pdftotext`` output).
"""

from __future__ import annotations

import unicodedata

from analyzers.errors import UnsupportedFileType
from analyzers.extract.markdown import markdown_paragraphs
from analyzers.extract.normalize import clean_chars, clean_line
from analyzers.extract.reflow import Join, Line, continues, join_lines

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.01
# Hard wrapping: most lines end within this many characters of a width in this range.
_WRAP_SLACK = 10
_WRAP_MIN, _WRAP_MAX = 40, 110
_WRAP_SHARE = 0.4
# A line ending this share of the width before the wrap column is short (maybe a heading).
_SHORT_SHARE = 0.3


def decode(data: bytes) -> str:
    """Decode a text file: BOM, then UTF-8, then UTF-16 without BOM, then Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _checked(text)
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise UnsupportedFileType()
        return _checked(data.decode(encoding, errors="replace"))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("cp1252"))
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin script has a zero in every other byte."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    if odd.count(0) / len(odd) > 0.4 and even.count(0) / len(even) < 0.05:
        return "utf-16-le"
    if even.count(0) / len(even) > 0.4 and odd.count(0) / len(odd) < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    sample = text[:20000]
    controls = sum(1 for c in sample if c not in "\n\r\t\f\v" and unicodedata.category(c) == "Cc")
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise UnsupportedFileType()
    return text


def text_body(text: str, *, markdown: bool, soft_wraps: bool = True) -> tuple[str, tuple[int, ...]]:
    """The cleaned text and its page starts (empty unless form feeds separate pages).

    ``soft_wraps`` is False for chat messages: there a newline in Markdown is a break.
    """
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    while len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    if markdown:
        paragraphs = [
            markdown_paragraphs(clean_chars(page), soft_wraps=soft_wraps) for page in pages
        ]
        lines = [Line(p, page=i) for i, page in enumerate(paragraphs) for p in page]
        joins = [Join.BREAK] * len(lines)
    else:
        lines, joins = _reflowed([clean_chars(page) for page in pages])
    body, starts = join_lines(lines, joins, pages=len(pages), keep_hyphens=True)
    return body, starts if len(pages) > 1 else ()


def _reflowed(pages: list[str]) -> tuple[list[Line], list[Join]]:
    lines: list[Line] = []
    blank_before: list[bool] = []
    blank = True
    for number, page in enumerate(pages):
        for raw in page.split("\n"):
            text = clean_line(raw)
            if not text:
                blank = True
                continue
            # Widths come from the line as typed: cleaning collapses runs of spaces.
            typed = float(len(raw.expandtabs().rstrip()))
            lines.append(Line(text, page=number, x0=0.0, x1=typed, bottom=1.0))
            blank_before.append(blank)
            blank = False
    width = wrap_width([round(line.x1) for line in lines])
    joins: list[Join] = []
    for i, line in enumerate(lines):
        if i == 0 or blank_before[i] or width is None:
            joins.append(Join.BREAK)
            continue
        previous = lines[i - 1]
        room = max(0.0, width - previous.x1)
        short = width - line.x1 > _SHORT_SHARE * width
        joins.append(continues(previous, line, room, 1.0, b_short=short))
    return lines, joins


def wrap_width(lengths: list[int]) -> int | None:
    """The column at which the text was hard-wrapped, or None if it was not."""
    if len(lengths) < 2:
        return None
    ordered = sorted(lengths)
    width = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    if not _WRAP_MIN <= width <= _WRAP_MAX:
        return None
    near = sum(1 for n in lengths if n >= width - _WRAP_SLACK)
    return width if near / len(lengths) >= _WRAP_SHARE else None
