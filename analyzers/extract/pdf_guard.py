"""Refuse PDF decompression bombs before PDFium inflates them.

PDFium inflates every stream it reads whole, in memory: a 1.5 MB file whose content
stream inflates to 1.5 GB costs gigabytes before a line of text comes out. So the raw file
is scanned first: every stream that text extraction may read (all but images and attached
files, which it never decodes) and whose filters are all Flate is inflated in small steps
and thrown away, counting. One stream past ``Limits.max_stream_bytes``, or all of them
together past ``Limits.max_unzipped_bytes``, is ``TooComplex``. That costs about a
millisecond per megabyte inflated, and a contract inflates to a few megabytes. The scan
also tells whether every stream inflated cleanly (broken ones mean a damaged file) and
how much content the pdfminer fallback would have to parse.

Streams with other filters (LZW, run-length, chains mixing them) are not measured, nor are
tricks against this scan: whatever slips through meets the worker's memory limit
(``bot.jobs``) and ends with the same error.
"""

from __future__ import annotations

import bisect
import re
import zlib
from dataclasses import dataclass

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
# Flate applied more than this many times over is no PDF writer's doing.
_MAX_FLATE_CHAIN = 4
_STEP = 1 << 20  # inflate at most this much at a time
_SKIP = -1


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
        chain = _flate_chain(data[max(0, start - _DICT_WINDOW) : start])
        if chain == _SKIP:
            continue
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
            plain += stop - start
            continue
        cap = min(limits.max_stream_bytes, budget)
        try:
            size, clean = _inflated_size(view[start:stop], chain, cap)
        except _Over:
            raise TooComplex() from None
        budget -= size
        intact = intact and clean
    return StreamScan(limits.max_unzipped_bytes - budget + plain, intact)


def _flate_chain(before: bytes) -> int:
    """How many times the stream whose dictionary ends ``before`` is deflated: 0 when it is
    not filtered, ``_SKIP`` for images, attached files and other filters."""
    opening = before.rfind(b"obj")
    entries = before[opening + 3 :] if opening >= 0 else before
    if _NEVER_READ.search(entries):
        return _SKIP
    found = _FILTER.search(entries)
    if found is None:
        return 0
    names = _FILTER_NAME.findall(found[1])
    if not names or any(name not in _FLATE for name in names):
        return _SKIP
    return len(names)


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
