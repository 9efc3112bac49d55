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

_RUNS_OF_SPACE = re.compile(r" {2,}")


def clean_chars(text: str) -> str:
    """Unify line endings, spaces, quotes and invisible characters; keep the line structure."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.translate(_MAP))


def clean_line(line: str) -> str:
    """One line of text, cleaned, with single spaces and no surrounding space."""
    line = clean_chars(line).replace("\n", " ")
    return _RUNS_OF_SPACE.sub(" ", line).strip()


def squash(line: str) -> str:
    """Collapse spaces in an already cleaned line."""
    return _RUNS_OF_SPACE.sub(" ", line).strip()


def meaningful_chars(text: str) -> int:
    """Letters and digits: what tells a real text layer from stray marks."""
    return sum(1 for c in text if c.isalnum())
