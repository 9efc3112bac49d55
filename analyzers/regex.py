"""One place that compiles rule patterns.

Patterns run through RE2 (``google-re2``) when they can: its automata run in time linear in
the text, so no paste can make a rule backtrack, and a long alternation of AI words costs
one pass instead of one try per word at every position. The few patterns that need
look-around (RE2 has none) fall back to Python's ``re``; the rule linter keeps those
bounded, and sentences are capped in length.

Both engines see ASCII-folded lowercase text as bytes (see ``fold``), so ``\\w`` and ``\\b``
mean the same in each, offsets equal string offsets, and RE2 is spared re-encoding the text
on every call. A compiled pattern answers with spans, not match objects (``Pattern``): the
rules only ever need where a match is, and for RE2 the module's match objects (built by a
generator per search) cost twice the search itself on a sentence.
"""

from __future__ import annotations

import codecs
import re
from typing import Protocol

import re2

_LOOKAROUND = re.compile(r"\(\?<?[=!]")
_OPTIONS = re2.Options()
# Each pattern's automata may use this much, and each grows its cache with the variety of
# text it meets (some 160 MB in all after 13 real documents): 16 MB is as fast as 64 MB on
# the corpus and the hostile pastes (bench/speed.py) and bounds the total four times lower.
_OPTIONS.max_mem = 16 << 20


Span = tuple[int, int]


class Pattern(Protocol):
    """What rules need of a compiled pattern."""

    def find(self, text: bytes, pos: int = 0, endpos: int | None = None) -> Span | None:
        """The span of the first match in ``text[pos:endpos]``, or None."""
        ...

    def matches_at(self, text: bytes, pos: int) -> bool:
        """Whether a match starts at ``pos``."""
        ...


class _Re2Pattern:
    """An RE2 automaton, called the way ``re2``'s own ``search`` and ``match`` call it
    (same positions, so the same matches) but without their per-call generator and match
    object. This reaches into ``re2``'s private ``_regexp`` and ``_Anchor``; a release
    without them gets ``_ModulePattern`` instead (slower, same answers), and a test
    checks that both agree."""

    __slots__ = ("_match",)

    def __init__(self, compiled: re2._Regexp) -> None:
        self._match = compiled._regexp.Match

    def find(self, text: bytes, pos: int = 0, endpos: int | None = None) -> Span | None:
        size = len(text)
        end = size if endpos is None or endpos > size else endpos
        pos = size if pos > size else pos
        if pos > end:
            return None
        span = self._match(_UNANCHORED, text, pos, end)[0]
        return None if span == _NO_MATCH else span

    def matches_at(self, text: bytes, pos: int) -> bool:
        size = len(text)
        return self._match(_ANCHORED, text, size if pos > size else pos, size)[0] != _NO_MATCH


class _ModulePattern:
    """A pattern called through its module's ``search`` and ``match``: Python's ``re`` (for
    look-around), or RE2 through ``re2``'s public API."""

    __slots__ = ("_compiled",)

    def __init__(self, compiled: re.Pattern[bytes] | re2._Regexp) -> None:
        self._compiled = compiled

    def find(self, text: bytes, pos: int = 0, endpos: int | None = None) -> Span | None:
        found = self._compiled.search(text, pos, len(text) if endpos is None else endpos)
        return None if found is None else found.span()

    def matches_at(self, text: bytes, pos: int) -> bool:
        return self._compiled.match(text, pos) is not None


_NO_MATCH = (-1, -1)
try:
    _UNANCHORED = re2._Anchor.UNANCHORED
    _ANCHORED = re2._Anchor.ANCHOR_START
    re2.compile(b"x")._regexp.Match  # noqa: B018 (is the private entry point there?)
    _RE2_PATTERN: type[_Re2Pattern] | type[_ModulePattern] = _Re2Pattern
except AttributeError:  # a google-re2 release that moved its internals
    _RE2_PATTERN = _ModulePattern


def needs_backtracking(pattern: str) -> bool:
    """Look-around is beyond RE2; such patterns run on Python's ``re``."""
    return bool(_LOOKAROUND.search(pattern))


def compile_pattern(pattern: str) -> Pattern:
    """Compile for ASCII bytes with RE2, or with ``re`` when the pattern uses look-around."""
    raw = pattern.encode("ascii")
    if not _LOOKAROUND.search(pattern):
        try:
            return _RE2_PATTERN(re2.compile(raw, _OPTIONS))
        except re2.error:
            pass
    return _ModulePattern(re.compile(raw))


def compile_word_set(words: list[str]) -> re2.Set:
    """A set of literal words matched in one pass; ``Match`` returns the indexes found."""
    word_set = re2.Set.SearchSet(_OPTIONS)
    for word in words:
        word_set.Add(re2.escape(word.encode("ascii")))
    word_set.Compile()
    return word_set


def fold(lowered: str) -> str:
    """Replace each non-ASCII character by a space, keeping offsets (one C pass per run).

    Patterns are ASCII, so such a character only ever matters as "not a word character";
    extraction has already turned curly quotes and dashes into ASCII ones.
    """
    if lowered.isascii():
        return lowered
    return lowered.encode("ascii", _SPACES).decode("ascii")


def _spaces(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    return " " * (error.end - error.start), error.end


_SPACES = "clausescout-spaces"
codecs.register_error(_SPACES, _spaces)


def ascii_bytes(folded: str) -> bytes:
    """The folded text as bytes for the pattern engines (one byte per character)."""
    return folded.encode("ascii")


def lowercase(text: str) -> str:
    """Lowercase without changing offsets: "İ" (the one character that grows under
    ``str.lower``) becomes "i" first."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return text.replace("\u0130", "i").lower()
