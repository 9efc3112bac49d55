"""Property tests: whatever arrives, the analyzer answers with a report or a typed error.

Random and damaged files of every kind the bot accepts, random and hostile text: the
extraction (``extract``, ``document_from_text``) and the whole analysis (``analyze_file``,
``analyze_text``) must return, or raise a ``ClauseScoutError`` (which carries the message
a member reads); any other exception is a bug. Every report must match the published
JSON schema. The timeouts only catch hangs; speed is bench/speed.py's business.
"""

from __future__ import annotations

import functools
import io
import json
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers import ClauseScoutError, NotEnglish, Report, analyze_file, analyze_text
from analyzers.extract import document_from_text, extract
from analyzers.model import Document
from tests.extract.builders import (
    add_list,
    add_list_definition,
    add_xml_paragraph,
    docx_bytes,
    numbered,
    text_pdf,
)

SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "report.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
EXTENSIONS = [".pdf", ".docx", ".txt", ".md", ".bin"]
CLAUSES = [
    "1. Licence",
    "1.1 The Contractor grants the Client a perpetual, irrevocable, worldwide, royalty-free "
    "licence to use the Deliverables to train machine learning models.",
    "1.2 The Contractor shall indemnify the Client against all claims, without limitation.",
    "2. Payment",
    "2.1 Invoices are payable within ninety days; the Client may withhold payment at will.",
]
TWO_MB = 2_000_000

FUZZ = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _valid(report: Report) -> None:
    data = report.to_dict()
    VALIDATOR.validate(data)
    assert json.loads(json.dumps(data)) == data


def _document_or_error(read: object) -> Document | None:
    """Run an extraction; a typed error must carry a message for the member."""
    try:
        document = read()  # type: ignore[operator]
    except ClauseScoutError as error:
        assert error.user_message
        return None
    assert isinstance(document, Document)
    assert document.text
    return document


def check_file(data: bytes, filename: str) -> None:
    """Extraction and analysis of a file agree, and fail only with typed errors."""
    document = _document_or_error(lambda: extract(data, filename))
    try:
        report = analyze_file(data, filename)
    except ClauseScoutError as error:
        assert error.user_message
        assert document is None or isinstance(error, NotEnglish), (
            "extraction worked, so the analysis should have too"
        )
        return
    assert document is not None
    assert report.stats.chars == len(document.text)
    _valid(report)


def check_text(text: str) -> None:
    """The same for pasted text."""
    document = _document_or_error(lambda: document_from_text(text))
    try:
        report = analyze_text(text)
    except ClauseScoutError as error:
        assert error.user_message
        assert document is None or isinstance(error, NotEnglish)
        return
    assert document is not None
    for finding in report.findings:
        assert document.text[finding.start : finding.end] == finding.quote
    _valid(report)


def mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    """``data`` with the byte at each (relative position, value) overwritten."""
    out = bytearray(data)
    for where, value in edits:
        out[where % len(out)] = value
    return bytes(out)


@functools.cache
def contract_pdf() -> bytes:
    return text_pdf([CLAUSES, CLAUSES[::-1]])


@functools.cache
def contract_docx() -> bytes:
    """A DOCX with a heading, Word list numbering, a page break and a table."""
    document = docx.Document()
    document.add_heading("Freelance Agreement", 1)
    add_list_definition(document, 7, [("decimal", "%1."), ("lowerLetter", "(%2)")])
    add_list(document, 7, 7)
    for level, clause in enumerate(CLAUSES):
        add_xml_paragraph(document, numbered(7, level % 2, clause, page_break=level == 3))
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["Milestone", "Amount"], ["M1", "EUR 500"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    return docx_bytes(document)


def test_the_undamaged_files_are_read() -> None:
    # The damaged variants below start from files that work.
    check_file(contract_pdf(), "contract.pdf")
    check_file(contract_docx(), "contract.docx")
    assert "train machine learning models" in extract(contract_pdf(), "c.pdf").text
    assert "1. Licence" in extract(contract_docx(), "c.docx").text


# ------------------------------------------------------------------ random bytes


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.binary(max_size=3000), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_with_any_extension(data: bytes, extension: str) -> None:
    check_file(data, "upload" + extension)


@pytest.mark.timeout(120)
@FUZZ
@given(
    head=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b""]),
    data=st.binary(max_size=3000),
    extension=st.sampled_from(EXTENSIONS),
)
def test_random_bytes_behind_a_file_signature(head: bytes, data: bytes, extension: str) -> None:
    check_file(head + data, "contract" + extension)


# ------------------------------------------------------------------ damaged files


DAMAGEABLE = pytest.mark.parametrize(
    ("filename", "build"), [("contract.pdf", contract_pdf), ("contract.docx", contract_docx)]
)


@DAMAGEABLE
@pytest.mark.timeout(120)
@FUZZ
@given(keep=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_file(filename: str, build: Callable[[], bytes], keep: float) -> None:
    data = build()
    check_file(data[: int(len(data) * keep)], filename)


@DAMAGEABLE
@pytest.mark.timeout(120)
@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
        min_size=1,
        max_size=20,
    )
)
def test_mutated_file(
    filename: str, build: Callable[[], bytes], edits: list[tuple[int, int]]
) -> None:
    check_file(mutate(build(), edits), filename)


@pytest.mark.timeout(120)
@FUZZ
@given(
    part=st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml"]),
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(b"<>/=\"'&;:wp0123456789 -x")),
        min_size=1,
        max_size=12,
    ),
)
def test_docx_with_damaged_xml_in_a_sound_zip(part: str, edits: list[tuple[int, int]]) -> None:
    # A byte flipped in a zip fails its checksum; this reaches the XML reader instead.
    source = zipfile.ZipFile(io.BytesIO(contract_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(
                info.filename, mutate(content, edits) if info.filename == part else content
            )
    check_file(buffer.getvalue(), "contract.docx")


# ------------------------------------------------------------------ text


@pytest.mark.timeout(120)
@FUZZ
@given(text=st.text(max_size=2000))
def test_random_unicode_text(text: str) -> None:
    check_text(text)
    check_file(text.encode("utf-8", "surrogatepass"), "pasted.txt")


_WORDS = st.sampled_from(
    [
        "the Client",
        "shall",
        "train",
        "models",
        "perpetual",
        "indemnify",
        "1.",
        "7.2",
        "(a)",
        "**",
        "__",
        "#",
        "[link](http://x)",
        "<b>",
        "&amp;",
        "`",
        "|",
        "-",
    ]
)
_ODD = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Mn"])


@pytest.mark.timeout(120)
@FUZZ
@given(pieces=st.lists(st.one_of(_WORDS, _ODD, st.just("\n"), st.just(" ")), max_size=300))
def test_contract_words_mixed_with_control_and_format_characters(pieces: list[str]) -> None:
    text = " ".join(pieces)
    check_text(text)
    check_file(text.encode("utf-8", "surrogatepass"), "pasted.md")


def _random_unicode(size: int) -> str:
    rng = random.Random(2026)
    alphabet = [chr(c) for c in rng.sample(range(0x20, 0x3000), 400)] + [" ", "\u0301"]
    return "".join(rng.choices(alphabet, k=size))


HUGE_LINES = {
    "letters": "a" * TWO_MB,
    "trigger-words": (
        "train models license perpetual sublicense royalty-free worldwide indemnify "
        "arbitration irrevocable assign waive non-compete "
    )
    * (TWO_MB // 120),
    "brackets": "[" * TWO_MB,
    "links": "[a](" * (TWO_MB // 4),
    "emphasis": "**a*_b_ " * (TWO_MB // 8),
    "escapes": "\\*" * (TWO_MB // 2),
    "tags": "<b " * (TWO_MB // 3),
    "control-characters": "\x01a\x7f\u200b" * (TWO_MB // 4),
    "unicode": _random_unicode(TWO_MB),
    "one-long-sentence-per-line": ("the Client shall " * 100 + "\n") * (TWO_MB // 1800),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(HUGE_LINES))
def test_huge_pastes_and_files(name: str) -> None:
    text = HUGE_LINES[name]
    check_text(text)
    check_file(text.encode("utf-8"), "huge.md")
