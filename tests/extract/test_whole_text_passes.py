"""The whole-text passes that make extraction fast give what line-by-line code would.

Cleaning, Markdown inline reduction and word collection run over many lines at once (one
regex or ``str`` pass each, instead of Python steps per line or per character). These
properties pin them to their simple one-at-a-time definitions.
"""

from __future__ import annotations

import io
import re
import string
import unicodedata
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers.errors import CorruptFile
from analyzers.extract import document_from_text, extract
from analyzers.extract.markdown import (
    _DROPPED_DELIMITER,
    _inline_all,
    inline,
    looks_like_markdown,
)
from analyzers.extract.normalize import (
    _MAP,
    clean_chars,
    clean_line,
    clean_lines,
    meaningful_chars,
    single_spaces,
)
from analyzers.extract.reflow import Vocabulary
from tests.extract.builders import docx_bytes

# Characters the cleaning treats specially, mixed into the generated text.
_SPECIAL = (
    "\t\n\r\x0b\x0c\x00\x01\x1c\x7f\x85\xa0\xad\u00b4\u0301\u1ffd\u2000\u2001\u2010\u2019"
    "\u201c\u200b\u2028\u2029\u212b\ufb01\ufeff\ufffe\u3000 e"
)
TEXT = st.text(alphabet=st.one_of(st.sampled_from(_SPECIAL), st.characters()), max_size=60)
MARKDOWN_ATOMS = st.sampled_from(
    [
        "a",
        "B",
        " ",
        "*",
        "**",
        "_",
        "__",
        "~~",
        "`",
        "\\",
        "\\*",
        "\\\\",
        "[",
        "]",
        "(",
        ")",
        "](",
        "![",
        "<",
        ">",
        "<br>",
        "<b>",
        "</i>",
        "<http://x.y>",
        "&amp;",
        "&#10;",
        "&lt;",
        ".",
        ",",
        "!",
        '"',
        "é",
        "\ue02a",
    ]
)
PIECE = st.lists(MARKDOWN_ATOMS, max_size=12).map("".join)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_clean_lines_is_clean_line_of_each_line(text: str) -> None:
    assert clean_lines(text) == [clean_line(line) for line in text.split("\n")]


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_clean_lines_of_cleaned_text_skips_nothing_it_needs(text: str) -> None:
    cleaned = clean_chars(text)
    expected = [clean_line(line) for line in cleaned.split("\n")]
    assert clean_lines(cleaned, cleaned=True) == expected


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_clean_chars_is_translate_then_nfc(text: str) -> None:
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    assert clean_chars(text) == unicodedata.normalize("NFC", unified.translate(_MAP))


@given(st.text(alphabet=" ab\n", max_size=80))
@settings(max_examples=200, deadline=None)
def test_single_spaces(text: str) -> None:
    assert "  " not in single_spaces(text)
    assert single_spaces(text).split() == text.split()


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_meaningful_chars_counts_letters_and_digits(text: str) -> None:
    assert meaningful_chars(text) == sum(c.isalnum() for c in text)


@given(st.lists(PIECE, max_size=6))
@settings(max_examples=300, deadline=None)
def test_markdown_inline_of_many_lines_at_once_is_per_line(pieces: list[str]) -> None:
    assert _inline_all(pieces) == [inline(piece) for piece in pieces]


_DELIMITER = re.compile(r"(?<!\*)\*{1,6}(?!\*)|(?<!_)_{1,3}(?!_)|(?<!~)~~(?!~)")


def _without_emphasis(text: str) -> str:
    """The emphasis rule delimiter by delimiter, as markdown.py's comment states it."""

    def drop(match: re.Match[str]) -> str:
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        opens = not after.isspace() and (before.isspace() or before in string.punctuation)
        closes = not before.isspace() and (after.isspace() or after in string.punctuation)
        inside_word = match.group(0).startswith("**") and not (before + after).isspace()
        return "" if opens or closes or inside_word else match.group(0)

    return _DELIMITER.sub(drop, text)


@given(st.text(alphabet="*_~ a.(\t\n", max_size=40))
@settings(max_examples=500, deadline=None)
def test_one_regex_drops_the_emphasis_delimiters_the_rule_drops(text: str) -> None:
    assert _DROPPED_DELIMITER.sub("", text) == _without_emphasis(text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("5 * 8 hours", "5 * 8 hours"),
        ("5*8", "5*8"),
        ("snake_case", "snake_case"),
        ("**T**rials", "Trials"),
        ("a *b* c", "a b c"),
        ("(**bold**)", "(bold)"),
        ("__x__ ~~y~~", "x y"),
        ("sign: ______", "sign: ______"),
    ],
)
def test_emphasis_delimiters(line: str, expected: str) -> None:
    assert inline(line) == expected


@given(
    st.lists(
        st.sampled_from(["agree", "ment", "non", "-", " ", "co", "op", "x.", "É"]), max_size=30
    )
)
@settings(max_examples=200, deadline=None)
def test_vocabulary_collects_the_words_of_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    vocabulary = Vocabulary([text])
    words = {w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)}
    assert vocabulary.plain | vocabulary.hyphenated == words
    assert all("-" in w for w in vocabulary.hyphenated)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "hostile", ["[" * 200_000, "[a](" * 50_000, "**" * 100_000, "__" * 100_000, "# " * 100_000]
)
def test_telling_markdown_apart_is_linear(hostile: str) -> None:
    # "[[[[..." took minutes with the old link sign; the timeout catches a regression.
    looks_like_markdown(hostile)
    assert document_from_text(hostile).text


def test_signature_blanks_do_not_make_a_paste_markdown() -> None:
    pasted = "Signed: ________ Date: ________\nBudget for R&amp;D: 5 * 8 hours"

    assert not looks_like_markdown(pasted)
    assert document_from_text(pasted).text == pasted
    assert document_from_text("**Fees.** R&amp;D").text == "Fees. R&D"


def test_a_damaged_deflate_stream_is_a_corrupt_file() -> None:
    data = bytearray(docx_bytes(docx.Document()))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    # A "stored" block with nonsense lengths: zlib.error, not zipfile.BadZipFile.
    data[header + 30 + name_length + extra_length] = 0

    with pytest.raises(CorruptFile):
        extract(bytes(data), "contract.docx")
