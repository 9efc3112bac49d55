"""Join visual lines into paragraphs, undo line-break hyphenation, track page starts.

PDFs and hard-wrapped text files break a paragraph into lines; clause detection and the
quotes shown to users need whole paragraphs. The layout code of each format decides the
clear-cut breaks (a blank line, a vertical gap, a change of font size); for the rest the
text rules below judge whether the next line continues the current one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

# A line that ends where the PDF engine already found a line-break hyphen.
SOFT_HYPHEN_MARK = "\ufffe"


@dataclass(slots=True)
class Line:
    """One visual line. Geometry is in points (PDF) or characters (text files)."""

    text: str
    page: int = 0
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    # True when the line ended in a hyphen the PDF engine judged to be hyphenation.
    hyphen: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top


class Join(Enum):
    BREAK = "break"  # b starts a new paragraph
    SPACE = "space"  # b continues a's paragraph
    WORD = "word"  # b continues a word a broke with a hyphen
    GLUE = "glue"  # b continues a's text directly (a page break inside a word)


_BULLET = r"[•◦▪▫●○■□‣⁃∙·*\-–—]"
_ROMAN = r"(?:[ivxlcdm]{1,6}|[IVXLCDM]{1,6})"
_MARKER = re.compile(
    rf"""^(?:
        {_BULLET}\s
      | [\[(]\s*[xX✓✔]?\s*[\])]\s
      | [☐☑☒]\s?
      | \((?:\d{{1,3}}|[a-zA-Z]{{1,2}}|{_ROMAN})\)\s*
      | (?:\d{{1,3}}|[a-zA-Z]|{_ROMAN})\)\s
      | \d{{1,3}}(?:\.\d{{1,3}})+\.?\s
      | \d{{1,3}}\.\s
      | \d{{1,3}}\s+(?=[A-Z])
      | [A-Za-z]\.\s
      | §\s?\d
      | (?i:section|article|clause|schedule|exhibit|annex|appendix|part)\s+(?:[\dIVXLC]+|[A-Z]\b)
    )""",
    re.VERBOSE,
)
# Words after which a numbered reference ("Section\n2.1") is still the same sentence.
_REFERENCE_WORDS = frozenset(
    "section sections clause clauses article articles paragraph paragraphs schedule "
    "schedules exhibit exhibits annex appendix item items part parts subsection "
    "sub-clause sub-section see under per in of to".split()
)
_LIST_END_WORDS = frozenset({"and", "or", "then"})
_HEADING_WORDS = 10
_WORD_AT_END = re.compile(r"([A-Za-z]+)-?$")
_WORD_AT_START = re.compile(r"^([A-Za-z]+)")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_LONGEST_WORD = 48

# A line-break hyphen after these is more often a real compound ("non-exclusive").
_COMPOUND_FIRST = frozenset(
    "non self third anti cross well long royalty multi semi quasi counter".split()
)
_COMPOUND_SECOND = frozenset("free based party term time owned related exclusive".split())


def marker_at_start(text: str) -> re.Match[str] | None:
    """The list, clause or section marker a line starts with, if any."""
    return _MARKER.match(text)


def continues(a: Line, b: Line, room: float, char_width: float, *, b_short: bool = False) -> Join:
    """Judge from the text whether ``b`` continues ``a``.

    ``room`` is the free space left at the end of ``a`` before the column's right edge,
    ``char_width`` the width of an average character, in the same unit. A line that ends
    early, when the next word would have fitted, ended a paragraph. ``b_short`` says ``b``
    ends well before the edge: after a finished sentence, such a line is a heading.
    """
    if a.hyphen:
        return Join.WORD
    if _broken_word(a.text, b.text):
        return Join.WORD
    first_word = b.text.split(" ", 1)[0]
    full = room < (len(first_word) + 1.5) * char_width
    if not full:
        return Join.BREAK
    if b_short and _ends_sentence(a.text) and _looks_like_heading(b.text):
        return Join.BREAK
    marker = marker_at_start(b.text)
    if marker is None:
        return Join.SPACE
    last_word = a.text.rsplit(" ", 1)[-1].lower()
    if _ends_sentence(a.text) or a.text.endswith(",") or last_word in _LIST_END_WORDS:
        return Join.BREAK
    after = b.text[marker.end() :].lstrip()
    if last_word in _REFERENCE_WORDS or after[:1].islower():
        return Join.SPACE
    return Join.BREAK


def _ends_sentence(text: str) -> bool:
    return text.endswith((".", ";", ":", "!", "?"))


def _looks_like_heading(text: str) -> bool:
    return (
        (text[:1].isupper() or text[:1].isdigit())
        and not text.endswith((".", ",", ";", ":", "!", "?"))
        and len(text.split()) <= _HEADING_WORDS
    )


def _broken_word(a: str, b: str) -> bool:
    """``a`` ends in ``letter-`` and ``b`` starts with a lowercase letter."""
    return len(a) > 2 and a.endswith("-") and a[-2].isalpha() and b[:1].islower()


class Vocabulary:
    """Words of the document, to tell hyphenation ("agree-ment") from compounds."""

    def __init__(self, texts: Sequence[str]) -> None:
        # One regex pass over all the text, then lower-case each distinct word once.
        words = set(_WORDS.findall("\n".join(texts)))
        lowered = set("\n".join(words).lower().split("\n")) if words else set()
        self.hyphenated = {word for word in lowered if "-" in word}
        self.plain = lowered - self.hyphenated

    def keep_hyphen(self, head: str, tail: str, *, default: bool = False) -> bool:
        """Whether ``head-`` + ``tail`` (split at a line end) is a hyphenated compound.

        ``default`` decides when the document gives no evidence: typeset text (PDF)
        hyphenates words, hand-wrapped plain text almost never does.
        """
        h = _WORD_AT_END.search(head[-_LONGEST_WORD:])
        t = _WORD_AT_START.search(tail[:_LONGEST_WORD])
        if not h or not t:
            return True
        left, right = h.group(1).lower(), t.group(1).lower()
        if tail[:1].isupper():
            return True
        if f"{left}-{right}" in self.hyphenated:
            return True
        if left + right in self.plain:
            return False
        return default or left in _COMPOUND_FIRST or right in _COMPOUND_SECOND


def join_lines(
    lines: Sequence[Line], joins: Sequence[Join], pages: int = 0, *, keep_hyphens: bool = False
) -> tuple[str, tuple[int, ...]]:
    """Build the text from lines and the join decision before each line.

    ``joins[i]`` says how ``lines[i]`` attaches to ``lines[i - 1]`` (``joins[0]`` is
    ignored). With ``pages`` > 0, returns the offset at which each page starts; a page
    with no text starts where the next text does. ``keep_hyphens`` keeps a line-end
    hyphen unless the document spells the word without it (plain text).
    """
    vocabulary: Vocabulary | None = None  # built when a line-end hyphen needs it
    paragraphs: list[str] = []
    current: list[str] = []
    offset = 0  # where the current paragraph starts in the final text
    length = 0  # length of the current paragraph so far
    starts: list[int | None] = [None] * pages
    for i, line in enumerate(lines):
        join = joins[i] if i else Join.BREAK
        if not current:
            pass
        elif join is Join.BREAK:
            paragraphs.append("".join(current))
            offset += length + 1
            current, length = [], 0
        elif join is Join.SPACE:
            current.append(" ")
            length += 1
        elif join is Join.WORD:
            if vocabulary is None:
                vocabulary = Vocabulary([line.text for line in lines])
            previous = current[-1]
            stem = previous[:-1] if previous.endswith("-") else previous
            keep = vocabulary.keep_hyphen(stem + "-", line.text, default=keep_hyphens)
            current[-1] = stem + ("-" if keep else "")
            length += len(current[-1]) - len(previous)
        if pages and starts[line.page] is None:
            starts[line.page] = offset + length
        current.append(line.text)
        length += len(line.text)
    if current:
        paragraphs.append("".join(current))
    text = "\n".join(paragraphs)
    return text, _fill_page_starts(starts, len(text))


def _fill_page_starts(starts: list[int | None], end: int) -> tuple[int, ...]:
    filled: list[int] = []
    following = end
    for start in reversed(starts):
        following = following if start is None else start
        filled.append(following)
    filled.reverse()
    if filled:
        filled[0] = 0
    return tuple(filled)
