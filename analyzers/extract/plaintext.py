"""Plain text and Markdown: bytes to a str, then to one paragraph per line.

Text arrives hard-wrapped (e-mail, copies from a PDF viewer, 72-column contracts) or with
one paragraph per line. Wrapped lines are joined only when the text shows a wrap width,
so a list of short lines stays a list. A form feed separates pages (``pdftotext`` output).
"""

from __future__ import annotations

import re
from itertools import chain, compress

from analyzers.errors import UnsupportedFileType
from analyzers.extract.markdown import markdown_paragraphs
from analyzers.extract.normalize import clean_chars, clean_lines
from analyzers.extract.reflow import Join, Line, continues, fill_page_starts, join_lines

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.01
# Some exporters leave a few NUL bytes in a text file; binary data has them everywhere.
_STRAY_NULS, _MAX_NUL_SHARE = 8, 0.001
# Control characters (Unicode category Cc) other than the usual whitespace ones.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]+")
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
        if encoding is not None:
            return _checked(data.decode(encoding, errors="replace"))
        nuls = data.count(0)
        if nuls > _STRAY_NULS and nuls > _MAX_NUL_SHARE * len(data):
            raise UnsupportedFileType()
        data = data.replace(b"\x00", b"")
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
    controls = sum(map(len, _CONTROLS.findall(sample)))
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
        body, starts = _stacked(paragraphs)
    else:
        body, starts = _reflowed([clean_chars(page) for page in pages])
    return body, starts if len(pages) > 1 else ()


def _stacked(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """Paragraphs one per line: the text, and where each page starts.

    What ``join_lines`` gives when every line starts a paragraph, without a Python
    step per line.
    """
    starts: list[int | None] = []
    offset = 0
    for paragraphs in pages:
        starts.append(offset if paragraphs else None)
        offset += sum(map(len, paragraphs)) + len(paragraphs)
    text = "\n".join(chain.from_iterable(pages))
    return text, fill_page_starts(starts, len(text))


def _reflowed(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Join hard-wrapped lines into paragraphs, if the text shows a wrap width.

    A blank line always ends a paragraph. Widths come from the lines as typed, as
    cleaning collapses runs of spaces (a tab is already a space).
    """
    texts = [clean_lines(page, cleaned=True) for page in pages]
    # The typed length of each line with text (C-level passes, no Python step per line).
    typed = [
        list(map(len, map(str.rstrip, compress(page.split("\n"), cleaned))))
        for page, cleaned in zip(pages, texts, strict=True)
    ]
    width = wrap_width(list(chain.from_iterable(typed)))
    if width is None:  # one paragraph per line, as most pasted text is
        return _stacked([list(filter(None, page)) for page in texts])
    lines: list[Line] = []
    joins: list[Join] = []
    blank = True
    previous: Line | None = None
    for number, (page, lengths) in enumerate(zip(texts, typed, strict=True)):
        typed_lengths = iter(lengths)
        for text in page:
            if not text:
                blank = True
                continue
            line = Line(text, page=number, x0=0.0, x1=float(next(typed_lengths)), bottom=1.0)
            if previous is None or blank:
                joins.append(Join.BREAK)
            else:
                room = max(0.0, width - previous.x1)
                short = width - line.x1 > _SHORT_SHARE * width
                joins.append(continues(previous, line, room, 1.0, b_short=short))
            lines.append(line)
            previous, blank = line, False
    return join_lines(lines, joins, pages=len(pages), keep_hyphens=True)


def wrap_width(lengths: list[int]) -> int | None:
    """The column at which the text was hard-wrapped, or None if it was not."""
    if len(lengths) < 2:
        return None
    ordered = sorted(lengths)
    width = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    if not _WRAP_MIN <= width <= _WRAP_MAX:
        return None
    near = sum(map((width - _WRAP_SLACK).__le__, lengths))
    return width if near / len(lengths) >= _WRAP_SHARE else None
