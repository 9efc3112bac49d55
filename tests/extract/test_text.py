"""Text files, Markdown and pasted text."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers.errors import (
    ClauseScoutError,
    EmptyDocument,
    FileTooLarge,
    TextTooLong,
    UnsupportedFileType,
)
from analyzers.extract import (
    KIND_MARKDOWN,
    KIND_TEXT,
    KIND_TXT,
    document_from_text,
    extract,
)
from analyzers.extract.normalize import clean_line
from analyzers.limits import Limits

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
CLAUSES = [
    "1. Services",
    "1.1 The Designer shall provide the illustration services described in each Statement "
    "of Work with the skill and care of an experienced professional, including in-progress "
    "drafts, and shall keep the Client informed of the progress of the work.",
    "1.2 The Client may request changes to the scope of the Services at any time without "
    "additional remuneration unless the change increases the effort by more than ten "
    "percent.",
    "2. Fees",
    "2.1 Invoices are payable within ninety days of receipt of a correct invoice.",
]


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_text_file_keeps_one_paragraph_per_line() -> None:
    document = extract("\n".join(CLAUSES).encode(), "contract.txt")

    assert document.kind == KIND_TXT
    assert lines(document.text) == CLAUSES
    assert document.pages is None


@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_hard_wrapped_text_is_rejoined(separator: str) -> None:
    wrapped = separator.join(textwrap.fill(clause, 72) for clause in CLAUSES)
    assert len(wrapped.split("\n")) > len(CLAUSES) + 4, "the fixture must wrap"

    assert lines(extract(wrapped.encode(), "contract.txt").text) == CLAUSES


def test_a_list_of_short_lines_stays_a_list() -> None:
    block = "Client: Northwind Media\nDesigner: A. Petrovic\nRate: EUR 80 per hour\nTerm: 6 months"

    assert lines(extract(block.encode(), "terms.txt").text) == block.split("\n")


def test_form_feeds_separate_pages() -> None:
    document = extract(b"Page one clause.\n\x0cPage two clause.\n\x0c", "pdftotext.txt")

    assert lines(document.text) == ["Page one clause.", "Page two clause."]
    assert document.pages == 2
    assert document.page_at(document.text.index("Page two")) == 2


@pytest.mark.parametrize(
    "encoded",
    [
        "\ufeffThe Client’s fee is €500 – payable on delivery.".encode(),
        "The Client’s fee is €500 – payable on delivery.".encode("utf-16"),
        "The Client’s fee is €500 – payable on delivery.".encode("utf-16-le"),
        "The Client’s fee is €500 – payable on delivery.".encode("cp1252"),
    ],
    ids=["utf-8-bom", "utf-16-bom", "utf-16-no-bom", "windows-1252"],
)
def test_common_encodings_are_decoded(encoded: bytes) -> None:
    assert extract(encoded, "fee.txt").text == "The Client's fee is €500 – payable on delivery."


def test_characters_are_normalised() -> None:
    messy = "Non\u2011compete\u00a0clause:\u200b the \u201cClient\u201d shall \ufb01le  it.\t"

    assert document_from_text(messy).text == 'Non-compete clause: the "Client" shall file it.'


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a" + bytes(100),
        b"II*\x00" + bytes(100),
        b"{\\rtf1\\ansi Contract}",
        b"<!DOCTYPE html><html><body>Terms</body></html>",
        bytes(range(256)) * 10,
    ],
    ids=["gif", "tiff", "rtf", "html", "binary"],
)
def test_other_formats_are_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedFileType) as caught:
        extract(data, "contract.txt")
    assert "PDF, DOCX, TXT" in caught.value.user_message


def test_empty_files_and_messages_are_refused() -> None:
    with pytest.raises(EmptyDocument):
        extract(b"  \n\r\n\t", "empty.txt")
    with pytest.raises(EmptyDocument):
        extract("\ufeff".encode(), "bom-only.txt")
    with pytest.raises(EmptyDocument):
        document_from_text("\u200b \n ")


def test_size_limits() -> None:
    with pytest.raises(FileTooLarge) as too_big:
        extract(b"a" * 2_000, "big.txt", limits=Limits(max_bytes=1_000))
    assert too_big.value.size == 2_000
    with pytest.raises(TextTooLong):
        extract(b"word " * 400, "long.txt", limits=Limits(max_chars=1_000))
    with pytest.raises(TextTooLong):
        document_from_text("word " * 400, limits=Limits(max_chars=1_000))


MARKDOWN = """\
Terms of Service
================

Effective as of **October 29, 2025** ([previous version](https://example.com/old)).

## 1\\. Your Content

You grant us a *worldwide*, __royalty-free__ licence to use your content
to operate and improve the Services.<hard-break>
We may use `analytics` tools.

* **Your content belongs to you**
* Your content isn't used to train AI

| Plan | Price |
|------|-------|
| Pro  | $10   |

> Quoted notice <br> with a break.
""".replace("<hard-break>", "  ")  # two trailing spaces: a Markdown line break


def test_markdown_is_reduced_to_plain_paragraphs() -> None:
    document = extract(MARKDOWN.encode(), "terms.md")

    assert document.kind == KIND_MARKDOWN
    assert lines(document.text) == [
        "Terms of Service",
        "Effective as of October 29, 2025 (previous version).",
        "1. Your Content",
        "You grant us a worldwide, royalty-free licence to use your content to operate and "
        "improve the Services.",
        "We may use analytics tools.",
        "- Your content belongs to you",
        "- Your content isn't used to train AI",
        "Plan Price",
        "Pro $10",
        "Quoted notice with a break.",
    ]


def test_markdown_keeps_template_placeholders() -> None:
    template = "This Agreement is between <Client Name> and <b>the Designer</b>."

    assert extract(template.encode(), "t.md").text == (
        "This Agreement is between <Client Name> and the Designer."
    )


def test_markdown_link_with_parentheses_in_the_address() -> None:
    text = "[Download pdf](https://example.com/Terms%20(US).pdf) now."

    assert extract(text.encode(), "terms.md").text == "Download pdf now."


def test_pasted_markdown_keeps_each_line() -> None:
    pasted = "**7.2 Licence.** The Client may use the work to train AI.\n**7.3** No other use."
    document = document_from_text(pasted)

    assert document.kind == KIND_TEXT
    assert lines(document.text) == [
        "7.2 Licence. The Client may use the work to train AI.",
        "7.3 No other use.",
    ]


def test_pasted_plain_text_keeps_its_asterisks() -> None:
    assert document_from_text("Rate: 5 * 8 hours * EUR 80").text == "Rate: 5 * 8 hours * EUR 80"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_text_files_keep_their_paragraphs(path: Path) -> None:
    raw = path.read_bytes()
    expected = [clean_line(line) for line in raw.decode("utf-8").splitlines()]

    assert lines(extract(raw, path.name).text) == [line for line in expected if line]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.md")), ids=lambda p: p.name)
def test_corpus_markdown_loses_its_markup_but_no_words(path: Path) -> None:
    raw = path.read_bytes()
    text = extract(raw, path.name).text

    assert re.search(r"\*\*\w|\w\*\*", text) is None
    assert "](http" not in text
    assert "\\." not in text
    source_words = {w for w in raw.decode("utf-8").split() if w.isalpha() and len(w) > 3}
    kept = sum(1 for w in source_words if w in text)
    assert kept / len(source_words) > 0.99


def _assert_conventions(text: str) -> None:
    assert text
    for line in lines(text):
        assert line, "no blank lines"
        assert line == line.strip()
        assert "  " not in line
        assert not any(unicodedata.category(c) == "Cc" for c in line)
    text.encode("utf-8")  # what the bot sends must encode


@given(st.text(min_size=1, max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_pasted_text_follows_the_output_conventions(pasted: str) -> None:
    try:
        document = document_from_text(pasted)
    except ClauseScoutError:
        return
    _assert_conventions(document.text)
    assert document.kind == KIND_TEXT


@given(st.binary(min_size=1, max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_uploaded_bytes_give_text_or_a_typed_error(data: bytes) -> None:
    try:
        document = extract(data, "upload.txt")
    except ClauseScoutError as error:
        assert error.user_message
        return
    _assert_conventions(document.text)


@pytest.mark.parametrize(
    "hostile",
    ["**a " * 60_000, "_a " * 60_000, "[" * 200_000, "<http:x" * 30_000, "# a" + " " * 200_000],
    ids=["bold", "underscore", "brackets", "autolinks", "heading"],
)
def test_hostile_markdown_is_read_in_linear_time(hostile: str) -> None:
    # Each would take hours with backtracking patterns; the suite's timeout catches that.
    document = extract(hostile.encode(), "hostile.md")

    assert document.text
