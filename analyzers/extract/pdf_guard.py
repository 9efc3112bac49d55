"""Refuse PDF decompression bombs before PDFium inflates them.

PDFium inflates every stream it reads whole, in memory: a 1.5 MB file whose content
stream inflates to 1.5 GB costs gigabytes before a line of text comes out. So the raw file
is scanned first: every stream that text extraction may read (all but images and attached
files, which it never decodes) and whose filters are Flate, after any ASCII85 or hex
encoding (reportlab writes ASCII85 then Flate), is inflated in small steps and thrown away,
counting. One stream past ``Limits.max_stream_bytes``, or all of them
together past ``Limits.max_unzipped_bytes``, is ``TooComplex``. That costs about a
millisecond per megabyte inflated, and a contract inflates to a few megabytes. The scan
also tells whether every stream inflated cleanly (broken ones mean a damaged file) and
how much content the pdfminer fallback would have to parse.

Streams with other filters (LZW, run-length, other orders) are not measured, nor are
tricks against this scan: whatever slips through meets the worker's memory limit
(``bot.jobs``) and ends with the same error.
"""

from __future__ import annotations

import binascii
import bisect
import re
import zlib
from dataclasses import dataclass

import numpy as np

from analyzers.errors import TooComplex
from analyzers.limits import Limits

# "stream" right after a dictionary, then the end of line that starts its data.
_STREAM = re.compile(rb">>[\x00\t\n\f\r ]*stream(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"endstream")
# How far before "stream" the stream's dictionary is looked for.
_DICT_WINDOW = 4096
_FILTER = re.compile(rb"/Filter[\x00\t\n\f\r ]*(\[[^\]]*\]|/[^\x00\t\n\f\r /\[\]<>()]+)")
_FILTER_NAME = re.compile(rb"/([^\x00\t\n\f\r /\[\]<>()]+)")
_NEVER_READ = re.compile(rb"/Subtype[\x00\t\n\f\r ]*/Image\b|/Type[\x00\t\n\f\r ]*/EmbeddedFile\b")
_FLATE = frozenset({b"FlateDecode", b"Fl"})
_ASCII85 = frozenset({b"ASCII85Decode", b"A85"})
_ASCII_HEX = frozenset({b"ASCIIHexDecode", b"AHx"})
_WHITESPACE = b"\x00\t\n\f\r "
# Flate applied more than this many times over is no PDF writer's doing.
_MAX_FLATE_CHAIN = 4
_STEP = 1 << 20  # inflate at most this much at a time
_BASE85_PLACES = np.array([85**4, 85**3, 85**2, 85, 1], dtype=np.uint64)


class _Over(Exception):
    """The inflated size passed a limit."""


@dataclass(frozen=True, slots=True)
class StreamScan:
    """What the readable streams hold once inflated (unfiltered ones as they are), and
    whether each Flate stream inflated cleanly."""

    inflated: int = 0
    intact: bool = True


def check_streams(data: bytes, limits: Limits) -> StreamScan:
    """Measure the file's streams; raise ``TooComplex`` if they inflate past the limits."""
    starts = [match.end() for match in _STREAM.finditer(data)]
    if len(starts) > limits.max_pdf_streams:
        raise TooComplex()
    if not starts:
        return StreamScan()
    ends = [match.start() for match in _ENDSTREAM.finditer(data)]
    view = memoryview(data)
    budget = limits.max_unzipped_bytes
    intact = True
    plain = 0
    for index, start in enumerate(starts):
        filters = _filters(data[max(0, start - _DICT_WINDOW) : start])
        if filters is None:
            continue
        encodings, chain = filters
        if chain > _MAX_FLATE_CHAIN:
            raise TooComplex()
        # The data runs to the next "endstream" (or the next stream, if that comes first).
        stop = len(data)
        found = bisect.bisect_left(ends, start)
        if found < len(ends):
            stop = ends[found]
        if index + 1 < len(starts):
            stop = min(stop, starts[index + 1])
        if chain == 0:
            plain += stop - start  # text encodings only shrink the data
            continue
        cap = min(limits.max_stream_bytes, budget)
        try:
            deflated = _decoded(view[start:stop], encodings)
            size, clean = _inflated_size(deflated, chain, cap)
        except _Over:
            raise TooComplex() from None
        except (ValueError, binascii.Error):  # broken ASCII85 or hex
            size, clean = 0, False
        budget -= size
        intact = intact and clean
    return StreamScan(limits.max_unzipped_bytes - budget + plain, intact)


def _filters(before: bytes) -> tuple[list[bytes], int] | None:
    """The text encodings, then the number of Flate filters, of the stream whose dictionary
    ends ``before``; None for images, attached files and filters not measured here."""
    opening = before.rfind(b"obj")
    entries = before[opening + 3 :] if opening >= 0 else before
    if _NEVER_READ.search(entries):
        return None
    found = _FILTER.search(entries)
    if found is None:
        return [], 0
    names = _FILTER_NAME.findall(found[1])
    encodings = 0
    while encodings < len(names) and names[encodings] in _ASCII85 | _ASCII_HEX:
        encodings += 1
    if not names or any(name not in _FLATE for name in names[encodings:]):
        return None
    return names[:encodings], len(names) - encodings


def _decoded(data: memoryview, encodings: list[bytes]) -> memoryview:
    """``data`` with its ASCII85 or hex encodings undone (whole: they only shrink it)."""
    for name in encodings:
        text = bytes(data)
        if name in _ASCII85:
            data = memoryview(_ascii85(text))
        else:
            end = text.find(b">")
            digits = text[: end if end >= 0 else len(text)].translate(None, _WHITESPACE)
            data = memoryview(binascii.unhexlify(digits + b"0" * (len(digits) % 2)))
    return data


def _ascii85(text: bytes) -> bytes:
    """ASCII85 decoded (vectorised: the standard library's decoder is pure Python, some
    20 times slower, and a contract PDF from reportlab holds a megabyte of it)."""
    end = text.find(b"~>")
    text = text[: end if end >= 0 else len(text)].translate(None, _WHITESPACE)
    text = text.removeprefix(b"<~")
    text = text.replace(b"z", b"!!!!!")  # "z" stands for four zero bytes
    padding = -len(text) % 5
    digits = np.frombuffer(text + b"u" * padding, dtype=np.uint8).reshape(-1, 5)
    if digits.size and (digits.min() < 33 or digits.max() > 117):
        raise ValueError("not ASCII85")
    values = (digits - np.uint8(33)).astype(np.uint64) @ _BASE85_PLACES
    if values.size and int(values.max()) > 0xFFFFFFFF:
        raise ValueError("not ASCII85")
    decoded = values.astype(">u4").tobytes()
    return decoded[: len(decoded) - padding]


def _inflated_size(data: memoryview, chain: int, cap: int) -> tuple[int, bool]:
    """The size of ``data`` inflated ``chain`` times, and whether it ended cleanly; raises
    ``_Over`` past ``cap``. Damaged data counts up to where it breaks, as PDFium reads it.
    """
    decoders = [zlib.decompressobj() for _ in range(chain)]
    total = 0

    def push(level: int, chunk: bytes | memoryview) -> None:
        nonlocal total
        decoder = decoders[level]
        while chunk and not decoder.eof:
            out = decoder.decompress(chunk, _STEP)
            chunk = decoder.unconsumed_tail
            if level + 1 < chain:
                push(level + 1, out)
            else:
                total += len(out)
                if total > cap:
                    raise _Over

    try:
        for offset in range(0, len(data), _STEP):
            push(0, data[offset : offset + _STEP])
            if decoders[0].eof:
                break
    except zlib.error:
        return total, False
    return total, decoders[0].eof
