"""Join visual lines into paragraphs, undo line-break hyphenation, track page starts.

PDFs and hard-wrapped text files break a paragraph into lines; clause detection and the
quotes shown to users need whole paragraphs. The layout code of each format decides the
clear-cut breaks (a blank line, a vertical gap, a change of font size); for the rest the
text rules below judge whether the next line continues the current one.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import accumulate

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
      | \d{{1,5}}\.\s
      | \d{{1,3}}\s+(?=[A-Z])
      | [A-Za-z]\.\s
      | §\s?\d
      | (?i:section|article|clause|schedule|exhibit|annex|appendix|part)\s+(?:[\dIVXLC]+|[A-Z]\b)
    )""",
    re.VERBOSE,
)
_SEPARATORS = {Join.BREAK: "\n", Join.SPACE: " ", Join.GLUE: "", Join.WORD: ""}
# Words after which a numbered reference ("Section\n2.1") is still the same sentence.
_REFERENCE_WORDS = frozenset(
    "section sections clause clauses article articles paragraph paragraphs schedule "
    "schedules exhibit exhibits annex appendix item items part parts subsection "
    "sub-clause sub-section see under per in of to".split()
)
_LIST_END_WORDS = frozenset({"and", "or", "then"})
_HEADING_WORDS = 10
# The lookbehind lets the search try word starts only (otherwise every letter is tried).
_WORD_AT_END = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-?$")
_ASCII_LETTERS = string.ascii_letters
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Keeps ASCII letters and the hyphen, turns every other byte into a space.
_WORD_BYTES = bytes(
    c if chr(c).isascii() and (chr(c).isalpha() or c == 0x2D) else 0x20 for c in range(256)
)
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
        words = _lowercase_words("\n".join(texts))
        self.hyphenated = {word for word in words if "-" in word}
        self.plain = words - self.hyphenated

    def keep_hyphen(self, head: str, tail: str, *, default: bool = False) -> bool:
        """Whether ``head-`` + ``tail`` (split at a line end) is a hyphenated compound.

        ``default`` decides when the document gives no evidence: typeset text (PDF)
        hyphenates words, hand-wrapped plain text almost never does.
        """
        left, right = _word_at_end(head[-_LONGEST_WORD:]), _word_at_start(tail[:_LONGEST_WORD])
        if not left or not right:
            return True
        left, right = left.lower(), right.lower()
        if tail[:1].isupper():
            return True
        if f"{left}-{right}" in self.hyphenated:
            return True
        if left + right in self.plain:
            return False
        return default or left in _COMPOUND_FIRST or right in _COMPOUND_SECOND


def _word_at_end(text: str) -> str:
    """The letters ending ``text``, before at most one hyphen ("" if none)."""
    if text.endswith("\n"):  # "$" in the regex also matches before a final newline
        found = _WORD_AT_END.search(text)
        return found.group(1) if found else ""
    stem = text[:-1] if text.endswith("-") else text
    return stem[len(stem.rstrip(_ASCII_LETTERS)) :]


def _word_at_start(text: str) -> str:
    """The letters starting ``text`` ("" if none)."""
    return text[: len(text) - len(text.lstrip(_ASCII_LETTERS))]


def _lowercase_words(text: str) -> set[str]:
    """The distinct words of ``text`` (as ``_WORDS`` finds them), lower-cased."""
    if not text.isascii():
        found = set(_WORDS.findall(text))
        return set("\n".join(found).lower().split("\n")) if found else set()
    # ASCII: cut the text into runs of letters and hyphens with bytes operations (a
    # regex match per word costs more); only runs with a hyphen need a closer look.
    runs = set(text.encode("ascii").lower().translate(_WORD_BYTES).split())
    with_hyphen = {run for run in runs if b"-" in run}
    words = {word for run in with_hyphen for word in _WORDS.findall(run.decode("ascii"))}
    runs -= with_hyphen
    if runs:
        words.update(b"\n".join(runs).decode("ascii").split("\n"))
    return words


def join_lines(
    lines: Sequence[Line], joins: Sequence[Join], pages: int = 0, *, keep_hyphens: bool = False
) -> tuple[str, tuple[int, ...]]:
    """Build the text from lines and the join decision before each line.

    ``joins[i]`` says how ``lines[i]`` attaches to ``lines[i - 1]`` (``joins[0]`` is
    ignored). With ``pages`` > 0, returns the offset at which each page starts; a page
    with no text starts where the next text does. ``keep_hyphens`` keeps a line-end
    hyphen unless the document spells the word without it (plain text).
    """
    texts = [line.text for line in lines]
    if not texts:
        return "", fill_page_starts([None] * pages, 0)
    # The separator before each line; a broken word loses or keeps its hyphen.
    separators = [_SEPARATORS[join] for join in joins[: len(texts)]]
    separators[0] = ""
    broken = [i for i in range(1, len(texts)) if joins[i] is Join.WORD]
    if broken:
        vocabulary = Vocabulary(texts)
        for i in broken:
            previous = texts[i - 1]
            stem = previous[:-1] if previous.endswith("-") else previous
            keep = vocabulary.keep_hyphen(stem + "-", texts[i], default=keep_hyphens)
            texts[i - 1] = stem + ("-" if keep else "")
    parts = [""] * (2 * len(texts))
    parts[0::2] = separators
    parts[1::2] = texts
    text = "".join(parts)
    starts: list[int | None] = [None] * pages
    if pages:
        # Where each line starts: the length of everything up to and with its separator.
        offsets = list(accumulate(map(len, parts)))[0::2]
        numbers = [line.page for line in lines]
        # Reversed, so the first line of each page is the one that stays in the dict.
        first = dict(zip(reversed(numbers), range(len(numbers) - 1, -1, -1), strict=True))
        for page, index in first.items():
            starts[page] = offsets[index]
    return text, fill_page_starts(starts, len(text))


def fill_page_starts(starts: list[int | None], end: int) -> tuple[int, ...]:
    """Fill in the start of each page without text: where the next text starts, or ``end``.

    The first page starts at 0.
    """
    filled: list[int] = []
    following = end
    for start in reversed(starts):
        following = following if start is None else start
        filled.append(following)
    filled.reverse()
    if filled:
        filled[0] = 0
    return tuple(filled)
