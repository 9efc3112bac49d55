"""DOCX text in reading order, with Word's list numbers and, when Word saved them, pages.

The package is read with ``zipfile`` and the standard XML parser rather than python-docx,
to control what is inflated and to keep text python-docx's paragraph API skips: tracked
insertions, content controls, fields and text boxes. Deleted text, field codes, headers,
footers, comments and tables of contents are left out.

Against zip bombs, only the parts needed are inflated, within a byte budget (in all and per
part; sizes the zip declares are checked first but never trusted). ``document.xml`` is
streamed: each paragraph or table of the body is walked as soon as it is parsed, then
dropped, and the line and character limits are checked as text comes out, so memory
stays near the size of the text rather than of the XML.

Word writes ``w:lastRenderedPageBreak`` where its last layout started each page; when the
file has them, findings get page numbers too.
"""

from __future__ import annotations

import lzma
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from analyzers.errors import (
    CorruptFile,
    EncryptedFile,
    TextTooLong,
    TooComplex,
    TooManyLines,
    UnsupportedFileType,
)
from analyzers.extract.docx_numbering import Numbering, W, attr
from analyzers.extract.normalize import clean_line
from analyzers.extract.reflow import Join, Line, join_lines
from analyzers.limits import Limits

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORD_MAIN_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
# Elements whose text is not shown as part of the paragraph.
_SKIPPED = frozenset(
    {
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "delInstrText",
        "pPr",
        "rPr",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "annotationRef",
        "object",
    }
)
# What a damaged zip raises: zipfile's own errors, and those of the decompressors it
# calls (a corrupt deflate stream raises zlib.error, LZMA its own; an unknown
# compression method, NotImplementedError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    NotImplementedError,
    OSError,
    ValueError,
    EOFError,
    RuntimeError,
)
# A row whose cells each hold one short paragraph reads best as one line.
_SHORT_CELL = 60
_CHUNK = 1 << 16  # bytes inflated and parsed at a time
# Never in Office files: refused wherever they appear (entity expansion tricks).
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_MARKER_OVERLAP = max(map(len, _DTD_MARKERS)) - 1


def docx_body(data: bytes, limits: Limits) -> tuple[str, tuple[int, ...]]:
    """Text and page starts (empty when Word saved no page layout) of a DOCX."""
    package = _Package(data, limits)
    main = package.main_part()
    related = package.related(main)
    numbering = Numbering(
        package.xml(related["numbering"]) if "numbering" in related else None,
        package.xml(related["styles"]) if "styles" in related else None,
    )
    walker = _Walker(numbering, limits)
    try:
        for block in package.body_blocks(main):
            walker.block_item(block)
            walker.check_limits()
    except RecursionError:
        raise CorruptFile() from None  # nesting no word processor writes
    if not package.had_body:
        raise CorruptFile()
    pages = walker.page + 1 if walker.paged else 0
    text, starts = join_lines(walker.lines, walker.joins, pages=pages)
    return text, starts


class _Package:
    """The parts of an OOXML package, read within a byte budget."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS:
            raise CorruptFile() from None
        if any(info.flag_bits & 0x1 for info in infos):
            raise EncryptedFile()
        self._names = {info.filename: info for info in infos}
        self._budget = limits.max_unzipped_bytes
        self._limits = limits
        self.had_body = False
        if "[Content_Types].xml" not in self._names:
            raise UnsupportedFileType()  # a plain zip, or OpenDocument

    def main_part(self) -> str:
        rels = self.xml("_rels/.rels")
        target = next(
            (
                rel.get("Target", "")
                for rel in rels.iter(_PACKAGE_RELS + "Relationship")
                if rel.get("Type", "").endswith("/officeDocument")
            ),
            None,
        )
        if target is None:
            raise UnsupportedFileType()
        name = _resolve("/", target)
        if _content_type(self.xml("[Content_Types].xml"), name) not in _WORD_MAIN_TYPES:
            raise UnsupportedFileType()  # a spreadsheet or presentation
        return name

    def related(self, part: str) -> dict[str, str]:
        """Parts related to ``part``, by the last word of the relationship type."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self._names:
            return {}
        found: dict[str, str] = {}
        for rel in self.xml(rels_name).iter(_PACKAGE_RELS + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = _resolve(folder, rel.get("Target", ""))
            if target in self._names:
                found.setdefault(kind, target)
        return found

    def xml(self, name: str) -> Element:
        """A small part (relationships, numbering, styles), parsed whole."""
        raw = b"".join(self._chunks(name, self._limits.max_part_bytes))
        try:
            return ElementTree.fromstring(raw)
        except ElementTree.ParseError:
            raise CorruptFile() from None

    def body_blocks(self, name: str) -> Iterator[Element]:
        """Each paragraph, table or other child of the part's ``w:body``, once parsed.

        A block is dropped from the tree once the caller has it; other elements outside
        the body are dropped as they end. More than ``max_block_elements`` held at once
        is ``TooComplex``.
        """
        parser = ElementTree.XMLPullParser(events=("start", "end"))
        stack: list[Element] = []
        held = 0
        limit = self._limits.max_block_elements
        for chunk in self._chunks(name, self._budget):
            try:
                parser.feed(chunk)
                events = list(parser.read_events())
            except ElementTree.ParseError:
                raise CorruptFile() from None
            for event, element in events:
                if event == "start":
                    stack.append(element)
                    held += 1
                    if held > limit:
                        raise TooComplex()
                    if len(stack) == 2 and element.tag == W + "body":
                        self.had_body = True
                    continue
                stack.pop()
                if len(stack) != 2:
                    continue
                # ``element`` is a child of a child of the root: a block when the child is
                # the body. Either way it is done with.
                parent = stack[1]
                if parent.tag == W + "body":
                    yield element
                parent.clear()
                held = 0
        try:
            parser.close()
        except ElementTree.ParseError:
            raise CorruptFile() from None
        if stack:
            raise CorruptFile()

    def _chunks(self, name: str, cap: int) -> Iterator[bytes]:
        """The part's bytes, inflated a chunk at a time; ``TooComplex`` past ``cap``."""
        info = self._names.get(name)
        if info is None:
            raise CorruptFile()
        cap = min(cap, self._budget)
        if info.file_size > cap:
            raise TooComplex()  # the zip says so; checked again while inflating
        tail = b""
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    if len(chunk) > self._budget or len(chunk) > cap:
                        raise TooComplex()
                    self._budget -= len(chunk)
                    cap -= len(chunk)
                    window = tail + chunk[:_MARKER_OVERLAP]
                    if any(m in chunk or m in window for m in _DTD_MARKERS):
                        raise CorruptFile()
                    tail = chunk[-_MARKER_OVERLAP:]
                    yield chunk
        except _ZIP_ERRORS:
            raise CorruptFile() from None


def _resolve(folder: str, target: str) -> str:
    path = target if target.startswith("/") else posixpath.join("/", folder, target)
    return posixpath.normpath(path).lstrip("/")


def _content_type(types: Element, part: str) -> str | None:
    for override in types.iter(_CONTENT_TYPES + "Override"):
        if override.get("PartName", "").lstrip("/").lower() == part.lower():
            return override.get("ContentType")
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    for default in types.iter(_CONTENT_TYPES + "Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


@dataclass(slots=True)
class _Paragraph:
    """Text pieces of one paragraph, split where a new page starts."""

    pieces: list[str] = field(default_factory=lambda: [""])
    pages: list[int] = field(default_factory=list)
    boxes: list[Element] = field(default_factory=list)
    page_breaks: bool = False  # whether any is inside, counted or not (text boxes)


class _Walker:
    """Walks the body in reading order, collecting lines and how they join."""

    def __init__(self, numbering: Numbering, limits: Limits) -> None:
        self.numbering = numbering
        self.limits = limits
        self.paged = False  # whether Word saved page breaks (seen one so far)
        self.page = 0
        self.in_box = 0  # text boxes float: their page breaks are not the body's
        self.lines: list[Line] = []
        self.joins: list[Join] = []
        self._paragraphs = 0  # lines that start a paragraph (each is a line of the text)
        self._chars = 0
        self._counted = 0  # lines already counted

    def check_limits(self) -> None:
        """Stop as soon as the text read so far is too long."""
        new = slice(self._counted, None)
        for line, join in zip(self.lines[new], self.joins[new], strict=True):
            self._chars += len(line.text) + 1
            self._paragraphs += join is Join.BREAK
        self._counted = len(self.lines)
        if self._paragraphs > self.limits.max_lines:
            raise TooManyLines(self._paragraphs, self.limits.max_lines, at_least=True)
        if self._chars > self.limits.max_chars:
            raise TextTooLong(self._chars, self.limits.max_chars, at_least=True)

    def block(self, container: Element) -> None:
        for child in container:
            self.block_item(child)

    def block_item(self, child: Element) -> None:
        tag = _local(child)
        if tag == "p":
            self.paragraph(child)
        elif tag == "tbl":
            self.table(child)
        elif tag == "sdt":
            if not _is_table_of_contents(child):
                self.block(_sdt_content(child))
        elif tag == "customXml":
            self.block(child)

    def paragraph(self, element: Element) -> None:
        if _style(element).lower().startswith("toc"):
            return
        label = self.numbering.label(element)
        paragraph = _Paragraph(pages=[self.page])
        _collect(element, paragraph, track_pages=not self.in_box)
        self.paged = self.paged or paragraph.page_breaks
        previous: str | None = None  # the last piece with text
        for raw, page in zip(paragraph.pieces, paragraph.pages, strict=True):
            self.page = page
            cleaned = clean_line(raw)
            if not cleaned:
                continue
            if previous is None:
                text, join = (clean_line(label + raw) if label else cleaned), Join.BREAK
            else:
                spaced = previous[-1:].isspace() or raw[:1].isspace()
                text, join = cleaned, Join.SPACE if spaced else Join.GLUE
            self.lines.append(Line(text, page=self.page))
            self.joins.append(join)
            previous = raw
        self.in_box += 1
        try:
            for box in paragraph.boxes:
                self.block(box)
        finally:
            self.in_box -= 1

    def table(self, table: Element) -> None:
        for row in _children(table, "tr"):
            cells = [self._cell_lines(cell) for cell in _children(row, "tc")]
            filled = [cell for cell in cells if cell]
            short = all(len(c) == 1 and len(c[0][0].text) <= _SHORT_CELL for c in filled)
            if len(filled) > 1 and short:
                text = " ".join(cell[0][0].text for cell in filled)
                self.lines.append(Line(text, page=filled[0][0][0].page))
                self.joins.append(Join.BREAK)
                continue
            for cell in filled:
                for line, join in cell:
                    self.lines.append(line)
                    self.joins.append(join)

    def _cell_lines(self, cell: Element) -> list[tuple[Line, Join]]:
        """Lines of one cell, collected apart so the row can decide how to lay them out."""
        outer_lines, outer_joins = self.lines, self.joins
        self.lines, self.joins = [], []
        try:
            self.block(cell)
            return list(zip(self.lines, self.joins, strict=True))
        finally:
            self.lines, self.joins = outer_lines, outer_joins


def _collect(element: Element, paragraph: _Paragraph, *, track_pages: bool) -> None:
    """Append the visible text under ``element`` to the paragraph's pieces."""
    for child in element:
        tag = _local(child)
        if tag in _SKIPPED:
            continue
        if tag == "t" or child.tag == _MATH + "t":
            paragraph.pieces[-1] += child.text or ""
        elif tag in ("tab", "ptab", "br", "cr"):
            paragraph.pieces[-1] += " "
        elif tag == "noBreakHyphen":
            paragraph.pieces[-1] += "-"
        elif tag == "lastRenderedPageBreak":
            paragraph.page_breaks = True
            if track_pages:
                paragraph.pieces.append("")
                paragraph.pages.append(paragraph.pages[-1] + 1)
        elif tag == "txbxContent":
            paragraph.boxes.append(child)
        elif child.tag == _MC + "AlternateContent":
            choice = child.find(_MC + "Choice")
            if choice is not None:
                _collect(choice, paragraph, track_pages=track_pages)
        elif tag == "sdt":
            _collect(_sdt_content(child), paragraph, track_pages=track_pages)
        elif tag != "rt" and len(child):  # runs, links, insertions, fields, drawings...
            _collect(child, paragraph, track_pages=track_pages)


def _children(element: Element, name: str) -> Iterator[Element]:
    """Direct children called ``name``, looking through content controls and custom XML."""
    for child in element:
        tag = _local(child)
        if tag == name:
            yield child
        elif tag == "sdt":
            yield from _children(_sdt_content(child), name)
        elif tag == "customXml":
            yield from _children(child, name)


def _sdt_content(sdt: Element) -> Element:
    content = sdt.find(W + "sdtContent")
    return content if content is not None else Element("empty")


def _is_table_of_contents(sdt: Element) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return (attr(gallery) or "").lower().startswith("table of contents")


def _style(paragraph: Element) -> str:
    return attr(paragraph.find(f"{W}pPr/{W}pStyle")) or ""


def _local(element: Element) -> str:
    tag = element.tag
    if isinstance(tag, str) and tag.startswith(W):
        return tag[len(W) :]
    return ""
