"""Measuring and splitting text to fit platform limits.

Text is split as plain text *before* it is escaped and wrapped in markup, so a chunk never
ends inside a tag or an entity. ``cost`` tells how long a piece becomes once rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SENTENCE_END = re.compile(r"[.!?;:…](?=\s)")


def ulen(text: str) -> int:
    """Length in UTF-16 code units, as Telegram and Discord count it."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, cost: Callable[[str], int] = ulen) -> list[str]:
    """Split ``text`` into pieces with ``cost(piece) <= limit``.

    Cuts at the last paragraph break that fits, else a line break, a sentence end, a
    space; a single word longer than the limit is the only thing ever cut mid-word.
    ``cost`` must grow with the length of the piece (escaping and wrapping do).
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if cost(rest) <= limit:
            pieces.append(rest)
            break
        fit = _longest_prefix(rest, limit, cost)
        if fit == 0:
            raise ValueError(f"limit {limit} is too small for any text")
        cut = _best_cut(rest, fit)
        piece = rest[:cut].rstrip()
        if not piece:  # only whitespace before the cut: cut the word instead
            cut, piece = fit, rest[:fit]
        pieces.append(piece)
        rest = rest[cut:].lstrip()
    return pieces


def _longest_prefix(text: str, limit: int, cost: Callable[[str], int]) -> int:
    """Largest n with cost(text[:n]) <= limit (binary search; cost is monotone)."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if cost(text[:mid]) <= limit:
            low = mid
        else:
            high = mid - 1
    # Never leave half of a surrogate-free but combined grapheme like "\r\n" split.
    if 0 < low < len(text) and text[low - 1] == "\r" and text[low] == "\n":
        low -= 1
    return low


def _best_cut(text: str, fit: int) -> int:
    """Where to cut ``text`` so that ``text[:cut]`` fits (``cut <= fit``)."""
    # A space right after the fitting prefix is a fine place to cut too.
    head = text[: fit + 1] if fit < len(text) and text[fit].isspace() else text[:fit]
    for sep in ("\n\n", "\n"):
        i = head.rfind(sep)
        if i >= fit // 2:
            return i
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= fit // 3:
        return ends[-1]
    i = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
    if i > 0:
        return i
    return fit


def trim(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """Trim to at most ``limit`` characters at a word boundary, adding an ellipsis."""
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    if room <= 0:
        return ellipsis[:limit]
    head = text[: room + 1]
    i = head.rfind(" ")
    cut = i if i >= room // 2 else room
    return text[:cut].rstrip(" ,;:-–—") + ellipsis
