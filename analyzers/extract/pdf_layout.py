"""From positioned PDF lines to paragraphs: drop page furniture, find paragraph breaks.

Works on lines from either PDF engine, in top-down page coordinates (points).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from analyzers.extract.reflow import Join, Line, continues

# Running headers and footers live in these bands (share of the page height).
_BAND = 0.12
# A line in a band repeated (digits aside) on this share of pages is furniture.
_REPEAT_SHARE = 0.4
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*(?:#|[ivxlc]+)\s*[-–—]?(?:\s*(?:of|/)\s*#)?$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
# How far a line's height may differ from the previous one within a paragraph.
_HEIGHT_TOLERANCE = 0.2
# A line pitch larger than the usual one by this factor (plus a point) starts a paragraph.
_GAP_FACTOR = 1.15
_NEIGHBOURS = 8
# With fewer neighbours than this, the column edge is guessed from the page margins.
_MIN_NEIGHBOURS = 2
# A line ending this share of its width before the column edge is short (maybe a heading).
_SHORT_SHARE = 0.3


@dataclass(slots=True)
class Page:
    """A page's lines; ``left`` and ``right`` are the page's horizontal bounds."""

    height: float
    left: float = 0.0
    right: float = 0.0
    lines: list[Line] = field(default_factory=list)

    def mirrored_edge(self) -> float:
        """The right text edge if the margins are symmetric: for pages too sparse to show it."""
        if not self.lines:
            return self.right
        return self.left + self.right - min(line.x0 for line in self.lines)


def drop_furniture(pages: Sequence[Page]) -> None:
    """Remove running headers, footers and page numbers, in place."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(line) for line in page.lines if _in_band(line, page)})
    needed = max(2, math.ceil(_REPEAT_SHARE * len(pages)))
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (
                _in_band(line, page)
                and (seen[_key(line)] >= needed or _PAGE_NUMBER.match(_key(line)))
            )
        ]


def _in_band(line: Line, page: Page) -> bool:
    return line.bottom <= page.height * _BAND or line.top >= page.height * (1 - _BAND)


def _key(line: Line) -> str:
    return _DIGITS.sub("#", line.text.lower())


def paragraph_joins(pages: Sequence[Page]) -> tuple[list[Line], list[Join]]:
    """All lines in reading order, and how each attaches to the previous one."""
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return lines, []
    edges = [edge for page in pages for edge in _right_edges(page)]
    heights = [line.bottom - line.top for line in lines]
    buckets = [round(height * 2) / 2 for height in heights]
    # below[i]: line i follows line i - 1 further down the same column of the same page.
    below = [False] * len(lines)
    pitches: dict[float, list[float]] = {}
    for i, (a, b) in enumerate(pairwise(lines), 1):
        if a.page != b.page or not _below(a, b, heights[i - 1]):
            continue
        below[i] = True
        pitch = b.bottom - a.bottom
        if buckets[i - 1] == buckets[i] and pitch < 3 * heights[i - 1]:
            pitches.setdefault(buckets[i], []).append(round(pitch * 2) / 2)
    # The most common baseline-to-baseline distance for each line height.
    usual = {h: Counter(found).most_common(1)[0][0] for h, found in pitches.items()}
    joins = [Join.BREAK]
    append = joins.append
    for i, (a, b) in enumerate(pairwise(lines), 1):
        if not a.hyphen and a.page == b.page:
            ha, hb = heights[i - 1], heights[i]
            tallest = ha if ha > hb else hb
            if tallest > 0 and abs(ha - hb) > _HEIGHT_TOLERANCE * tallest:
                append(Join.BREAK)
                continue
            if below[i]:  # otherwise a new column or table cell: only the text can tell
                pitch = b.bottom - a.bottom
                expected = usual.get(buckets[i - 1], 1.25 * ha)
                if pitch > _GAP_FACTOR * expected + 1.0 or pitch > 3 * tallest:
                    append(Join.BREAK)
                    continue
        room = edges[i - 1] - a.x1
        edge = edges[i]
        short = edge - b.x1 > _SHORT_SHARE * max(1.0, edge - b.x0)
        append(continues(a, b, room if room > 0.0 else 0.0, _char_width(b), b_short=short))
    return lines, joins


def _below(a: Line, b: Line, a_height: float) -> bool:
    """``b`` follows ``a`` further down the same column."""
    overlaps = min(a.x1, b.x1) > max(a.x0, b.x0)
    return overlaps and b.top > a.top + 0.5 * a_height


def _right_edges(page: Page) -> list[float]:
    """For each line, the right edge of its column, from its neighbours on the page.

    The neighbours are the lines within ``_NEIGHBOURS`` places that overlap it
    horizontally; with fewer than ``_MIN_NEIGHBOURS`` of them the edge is at least the
    page's mirrored margin.
    """
    lines = page.lines
    x0s = [line.x0 for line in lines]
    x1s = [line.x1 for line in lines]
    fallback = page.mirrored_edge()
    count = len(lines)
    edges: list[float] = []
    for i, (left, right) in enumerate(zip(x0s, x1s, strict=True)):
        low, high = max(0, i - _NEIGHBOURS), min(count, i + _NEIGHBOURS + 1)
        overlapping = [
            x1
            for x0, x1 in zip(x0s[low:high], x1s[low:high], strict=True)
            if (x1 if x1 < right else right) > (x0 if x0 > left else left)
        ]
        # The line itself is in the list when it has a width.
        neighbours = len(overlapping) - (right > left)
        edge = max(right, *overlapping) if overlapping else right
        edges.append(edge if neighbours >= _MIN_NEIGHBOURS else max(edge, fallback))
    return edges


def _char_width(line: Line) -> float:
    """Average character width; capped by the font height, as table rows hold wide gaps."""
    per_char = (line.x1 - line.x0) / max(1, len(line.text))
    return min(per_char, 0.45 * line.height) if line.height > 0 else per_char
