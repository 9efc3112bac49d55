"""Hostile files, built in memory in milliseconds: small to send, huge or slow to read.

Each builder returns the bytes an attacker would upload. Bombs are written by hand rather
than by compressing their contents: a deflate segment that ends in a full flush decodes the
same wherever it stands, so repeating it makes a stream of any inflated size at no cost.
``bench/hostile.py`` measures the same files through ``clausescout analyze``.
"""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

from tests.extract.builders import docx_bytes

MB = 1_000_000
# A phrase that must never show up in a log line or on stderr.
SECRET = "Marigold Zeppelin Lighthouse"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_CONTRACT_LINES = (
    "1. Services. The Contractor shall design the brand identity for the Client.",
    "2. Payment. The Client shall pay each invoice within thirty days of receipt.",
    "3. Rights. The Contractor grants the Client a licence to use the final designs.",
)


# --- PDF -----------------------------------------------------------------------------------


def pdf_file(objects: Sequence[bytes], *, root: int = 1) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def pdf_stream(entries: bytes, data: bytes, *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data)
        entries += b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def text_ops(lines: Sequence[str], *, top: int = 640) -> bytes:
    """Content-stream operators that show ``lines`` in Helvetica, one under the other."""
    shown = [b"(%s) Tj T*" % _pdf_string(line) for line in lines]
    return b"BT /F1 11 Tf 14 TL 60 %d Td %s ET" % (top, b" ".join(shown))


def text_pages_pdf(pages: Sequence[bytes], *, root: int = 1, flate: bool = True) -> bytes:
    """A PDF whose pages have the given content streams (object 4 is the font)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< >>",
        _FONT,
    ]
    for i, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents %d 0 R >>" % (6 + 2 * i)
        )
        objects.append(pdf_stream(b"", content, flate=flate))
    return pdf_file(objects, root=root)


def xobject_bomb(depth: int = 40) -> bytes:
    """A page drawing a form that draws the form below it twice, ``depth`` deep (2**depth)."""
    first = 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject "
        b"<< /X0 %d 0 R >> /Font << /F1 4 0 R >> >> /Contents %d 0 R >>" % (first, first + depth),
        _FONT,
    ]
    for level in range(depth):
        if level < depth - 1:
            resources = b"<< /XObject << /X1 %d 0 R >> >>" % (first + level + 1)
            content = b"/X1 Do /X1 Do"
        else:
            resources = b"<< /Font << /F1 4 0 R >> >>"
            content = text_ops(_CONTRACT_LINES[:1])
        objects.append(
            pdf_stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + resources,
                content,
            )
        )
    objects.append(pdf_stream(b"", text_ops(_CONTRACT_LINES) + b" /X0 Do"))
    return pdf_file(objects)


def flate_bomb_pdf(inflated: int = 1500 * MB, *, ascii85: bool = False) -> bytes:
    """A one-page contract whose content stream inflates to ``inflated`` bytes (spaces);
    ``ascii85``: encoded as reportlab writes its streams, ASCII85 over Flate."""
    head = text_ops(_CONTRACT_LINES) + b"\n"
    data = zlib_bomb(head, b" " * MB, inflated // MB)
    filters = b"/FlateDecode"
    if ascii85:
        data, filters = base64.a85encode(data, wrapcol=76) + b"~>", b"[/ASCII85Decode /FlateDecode]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        _FONT,
        b"<< /Length %d /Filter %s >>\nstream\n%s\nendstream" % (len(data), filters, data),
    ]
    return pdf_file(objects)


def refused_by_pdfium(pages: Sequence[bytes], *, flate: bool = True) -> bytes:
    """A PDF that PDFium refuses (its trailer names a missing catalog) and pdfminer reads."""
    return text_pages_pdf(pages, root=999, flate=flate)


def slow_fallback_pdf(pages: int = 300) -> bytes:
    """Many short pages that only the slow pdfminer fallback reads."""
    return refused_by_pdfium([text_ops(_CONTRACT_LINES * 13)] * pages)


def leaky_fallback_pdf(secret: str = SECRET) -> bytes:
    """A fallback-only PDF whose content makes pdfminer log the operands: contract text."""
    content = text_ops([*_CONTRACT_LINES, f"4. Secrecy. {secret} is confidential."])
    content += b" (%s) BMC EMC (%s) MP" % (_pdf_string(secret), _pdf_string(secret))
    return refused_by_pdfium([content, content])


def damaged_text_pdf(pages: int = 3) -> bytes:
    """A text PDF whose content streams were damaged in transfer: PDFium opens it, but its
    pages come out blank. Damaged, not scanned."""
    data = bytearray(text_pages_pdf([text_ops(_CONTRACT_LINES)] * pages))
    start = 0
    while (found := data.find(b">>\nstream\n", start)) >= 0:
        start = found + len(b">>\nstream\n")
        data[start + 2 : start + 10] = b"\xff" * 8  # past the zlib header, into the data
    return bytes(data)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("latin-1")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


# --- deflate bombs -------------------------------------------------------------------------


def _repeatable(chunk: bytes) -> bytes:
    """Raw deflate blocks for ``chunk`` that decode alike wherever they are placed."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)


_FINAL_EMPTY_BLOCK = b"\x03\x00"


def deflate_bomb(head: bytes, chunk: bytes, repeats: int, tail: bytes = b"") -> bytes:
    """Raw deflate data of ``head + chunk * repeats + tail``."""
    body = _repeatable(chunk) * repeats
    return _repeatable(head) + body + _repeatable(tail) + _FINAL_EMPTY_BLOCK


def zlib_bomb(head: bytes, chunk: bytes, repeats: int) -> bytes:
    """The zlib stream (FlateDecode) of ``head + chunk * repeats``, checksum included."""
    body = _adler_repeat(chunk, repeats)
    checksum = _adler_combine(zlib.adler32(head), body, len(chunk) * repeats)
    return b"\x78\xda" + deflate_bomb(head, chunk, repeats) + struct.pack(">I", checksum)


_ADLER_BASE = 65521


def _adler_combine(first: int, second: int, second_length: int) -> int:
    """adler32(a + b) from adler32(a), adler32(b) and len(b) (zlib's adler32_combine)."""
    rem = second_length % _ADLER_BASE
    sum1 = first & 0xFFFF
    sum2 = (rem * sum1) % _ADLER_BASE
    sum1 = (sum1 + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    sum2 = (sum2 + (first >> 16) + (second >> 16) + _ADLER_BASE - rem) % _ADLER_BASE
    return sum1 | (sum2 << 16)


def _adler_repeat(chunk: bytes, repeats: int) -> int:
    """adler32(chunk * repeats) by doubling."""
    result, result_length = 1, 0  # adler32(b"") == 1
    power, power_length = zlib.adler32(chunk), len(chunk)
    while repeats:
        if repeats & 1:
            result = _adler_combine(result, power, power_length)
            result_length += power_length
        power = _adler_combine(power, power, power_length)
        power_length *= 2
        repeats >>= 1
    return result


# --- DOCX ----------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCUMENT_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
).encode()
_DOCUMENT_TAIL = b"</w:body></w:document>"


def docx_parts(document_xml: bytes | None = None) -> dict[str, bytes]:
    """The parts of a small real DOCX (python-docx), optionally with another document.xml."""
    import docx

    document = docx.Document()
    for line in _CONTRACT_LINES:
        document.add_paragraph(line)
    package = zipfile.ZipFile(io.BytesIO(docx_bytes(document)))
    parts = {info.filename: package.read(info) for info in package.infolist()}
    if document_xml is not None:
        parts["word/document.xml"] = document_xml
    return parts


def zip_file(
    parts: dict[str, bytes],
    *,
    bombs: dict[str, tuple[bytes, int, int]] | None = None,
    declared: dict[str, int] | None = None,
) -> bytes:
    """A zip of ``parts`` (deflated), written by hand.

    ``bombs`` maps a name to ready raw deflate data with its CRC-32 and inflated size;
    ``declared`` overrides the uncompressed size a member's headers claim.
    """
    entries: list[tuple[str, bytes, int, int]] = []
    for name, content in parts.items():
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        entries.append((name, data, zlib.crc32(content), len(content)))
    for name, (data, crc, size) in (bombs or {}).items():
        entries.append((name, data, crc, size))
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in entries:
        size = (declared or {}).get(name, size)
        encoded = name.encode()
        offset = len(out)
        fields = (20, 0, zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields) + encoded + data
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            *fields,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    return bytes(out + central + end)


def paragraph_bomb_docx(xml_bytes: int = 190 * MB) -> bytes:
    """A DOCX whose document.xml holds ``xml_bytes`` of tiny paragraphs."""
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    chunk = paragraph * (MB // len(paragraph))
    return _document_bomb(chunk, xml_bytes // len(chunk))


def empty_run_bomb_docx(xml_bytes: int = 190 * MB) -> bytes:
    """A DOCX with one paragraph of ``xml_bytes`` of empty runs: no text, many elements."""
    chunk = b"<w:r/>" * (MB // 6)
    return _document_bomb(chunk, xml_bytes // len(chunk), head=b"<w:p>", tail=b"</w:p>")


def deep_nesting_docx(depth: int = 200_000) -> bytes:
    """A DOCX whose paragraph nests ``depth`` hyperlinks: no word processor writes that."""
    inner = b"<w:hyperlink>" * depth + b"<w:r><w:t>a</w:t></w:r>" + b"</w:hyperlink>" * depth
    return _docx_with_body(b"<w:p>" + inner + b"</w:p>")


def _docx_with_body(body: bytes) -> bytes:
    return zip_file(docx_parts(_DOCUMENT_HEAD + body + _DOCUMENT_TAIL))


def _document_bomb(chunk: bytes, repeats: int, *, head: bytes = b"", tail: bytes = b"") -> bytes:
    start, end = _DOCUMENT_HEAD + head, tail + _DOCUMENT_TAIL
    crc = zlib.crc32(start)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(end, crc)
    data = deflate_bomb(start, chunk, repeats, end)
    size = len(start) + len(chunk) * repeats + len(end)
    parts = docx_parts()
    del parts["word/document.xml"]
    return zip_file(parts, bombs={"word/document.xml": (data, crc, size)})


def styles_bomb_docx(xml_bytes: int = 12 * MB) -> bytes:
    """A DOCX whose styles part, parsed whole, is far larger than any Word writes."""
    style = b'<w:style w:type="paragraph" w:styleId="S"><w:name w:val="x"/></w:style>'
    styles = b'<w:styles xmlns:w="%s">%s</w:styles>' % (
        _W.encode(),
        style * (xml_bytes // len(style)),
    )
    parts = docx_parts()
    parts["word/styles.xml"] = styles
    return zip_file(parts)


def forged_size_docx(declared: int = 2_147_000_000) -> bytes:
    """A small DOCX whose document.xml claims to inflate to ``declared`` bytes."""
    return zip_file(docx_parts(), declared={"word/document.xml": declared})


# --- text ----------------------------------------------------------------------------------


# --- pictures (photos of pages) ------------------------------------------------------------


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` greyscale pixels, with a few rows
    of data: a pixel bomb if it were decoded (a gigapixel is a gigabyte)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + min(width, 100_000)) * 2, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)


def png_pixel_bomb() -> bytes:
    """Ten billion pixels claimed in a few hundred bytes."""
    return png_claiming(100_000, 100_000)


def png_oversized() -> bytes:
    """81 megapixels: past our cap, under Pillow's own guard."""
    return png_claiming(9_000, 9_000)


def jpeg_truncated() -> bytes:
    """A JPEG cut off after its header, as an interrupted upload leaves it."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (800, 1000), 255).save(buffer, "JPEG")
    return buffer.getvalue()[:300]


def text_with_nuls() -> bytes:
    """A plain-text contract with a few stray NUL bytes, as some exporters leave them."""
    text = "\n".join(_CONTRACT_LINES).encode()
    return text[:40] + b"\x00" + text[40:90] + b"\x00\x00" + text[90:] + b"\x00"


def text_starting_like_a_pdf() -> bytes:
    """Notes about a contract that begin with the PDF signature, but are text."""
    notes = "%PDF-1.4 export of the agreement, pasted as text:\n" + "\n".join(_CONTRACT_LINES)
    return notes.encode()
