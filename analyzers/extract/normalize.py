"""Character-level clean-up shared by every input path.

Extracted text is tidied before any offset is taken, so the offsets of clauses and findings
index exactly the text the user is quoted. The output convention, whatever the source:
one paragraph per line, lines separated by a single ``\\n``, no blank lines, single spaces,
no leading or trailing spaces, NFC, straight quotes.

Quotes, apostrophes and hyphen look-alikes become their ASCII forms so the rules match
"Contractor's" and "non-compete" however the document typed them; dashes (– —) stay,
as they carry meaning in ranges and asides.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_LINE_BREAKS = "\u000b\u000c\u0085\u2028\u2029"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\uffff"

_MAP: dict[int, str] = {ord(c): " " for c in _SPACES}
_MAP.update({ord(c): "\n" for c in _LINE_BREAKS})
_MAP.update({ord(c): "" for c in _INVISIBLE})
_MAP.update(
    {
        0x2018: "'",
        0x2019: "'",
        0x201A: "'",
        0x201B: "'",
        0x2032: "'",
        0x00B4: "'",
        0x201C: '"',
        0x201D: '"',
        0x201E: '"',
        0x201F: '"',
        0x2033: '"',
        0x00AB: '"',
        0x00BB: '"',
        0x2010: "-",
        0x2011: "-",
        0x2212: "-",
        0xFB00: "ff",
        0xFB01: "fi",
        0xFB02: "fl",
        0xFB03: "ffi",
        0xFB04: "ffl",
        0xFB05: "st",
        0xFB06: "st",
    }
)
# Other C0 and C1 control characters carry no text.
_MAP.update({c: "" for c in range(0x20) if chr(c) not in "\n\t\v\f\r"})
_MAP.update({c: "" for c in range(0x7F, 0xA0) if c != 0x85})
# Lone surrogates cannot be sent anywhere as UTF-8.
_MAP.update({c: "" for c in range(0xD800, 0xE000)})

# The same table for one line: every line break becomes a space.
_LINE_MAP: dict[int, str] = {**_MAP, **{ord(c): " " for c in _LINE_BREAKS}}


def _char_class(codes: list[int]) -> str:
    """A regex character class for ``codes``, written as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = (f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


# Runs of characters the tables change (both tables have the same keys).
_MAPPED_RUNS = re.compile(_char_class(list(_MAP)) + "+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def _translate(text: str, table: dict[int, str]) -> str:
    """``text.translate(table)``, fast on non-ASCII text.

    ``str.translate`` looks every character up in the table unless the text is ASCII;
    on a contract with one curly quote that is some 90 ns a character. Finding the few
    characters to change with a regex and replacing each with ``str.replace`` is several
    times faster, and still linear when the text is full of them.
    """
    if text.isascii():
        return text.translate(table)  # CPython's ASCII fast path
    runs = _MAPPED_RUNS.findall(text)
    if not runs:
        return text
    # No replacement is itself a key of the table, so the order does not matter.
    for char in set("".join(runs)):
        text = text.replace(char, table[ord(char)])
    return text


def clean_chars(text: str) -> str:
    """Unify line endings, spaces, quotes and invisible characters; keep the line structure."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _translate(text, _MAP))


def clean_line(line: str) -> str:
    """One line of text, cleaned, with single spaces and no surrounding space."""
    return single_spaces(clean_chars(line).replace("\n", " ")).strip()


def clean_lines(text: str, *, cleaned: bool = False) -> list[str]:
    """``[clean_line(line) for line in text.split("\n")]`` in a few whole-text passes.

    NFC never composes across a line break or a space, and after the table the only
    whitespace left is the space, so cleaning the lines together gives the same result.
    ``cleaned`` says ``text`` comes from ``clean_chars``: it is NFC already, so unless
    the table changes something (NFC can make characters the table maps), normalising
    it again is skipped; on text full of combining marks that is the costly pass.
    """
    translated = _translate(text.replace("\r", " "), _LINE_MAP)
    if not cleaned or translated != text:
        translated = unicodedata.normalize("NFC", translated)
    return list(map(str.strip, single_spaces(translated).split("\n")))


def single_spaces(text: str) -> str:
    """Runs of spaces collapsed to one.

    A few ``str.replace`` passes (each halves every run) are several times faster than a
    regex substitution, which scans at some 15 ns a character.
    """
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def squash(line: str) -> str:
    """Collapse spaces in an already cleaned line."""
    return single_spaces(line).strip()


def meaningful_chars(text: str) -> int:
    """Letters and digits (``str.isalnum``): what tells a real text layer from stray marks.

    The ASCII part is counted with ``bytes.translate``, some twenty times faster than a
    per-character test; only the non-ASCII characters are tested one by one.
    """
    other = ""
    if not text.isascii():
        other = "".join(_NON_ASCII.findall(text))
        text = _NON_ASCII.sub("", text)
    ascii_alnum = len(text.encode("ascii").translate(None, _ASCII_NOT_ALNUM))
    return ascii_alnum + sum(map(str.isalnum, other))
