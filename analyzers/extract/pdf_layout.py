"""From positioned PDF lines to paragraphs: drop page furniture, find paragraph breaks.

Works on lines from either PDF engine, in top-down page coordinates (points).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np

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
_CHUNK = 4096  # lines whose edges are found in one go (bounds the arrays' size)


@dataclass(slots=True)
class Page:
    """A page's lines; ``left`` and ``right`` are the page's horizontal bounds.

    ``pictures``: whether it draws anything but text (checked on pages with little text;
    None when not checked).
    """

    height: float
    left: float = 0.0
    right: float = 0.0
    lines: list[Line] = field(default_factory=list)
    pictures: bool | None = None

    def mirrored_edge(self) -> float:
        """The right text edge if the margins are symmetric: for pages too sparse to show it."""
        if not self.lines:
            return self.right
        return self.left + self.right - min(line.x0 for line in self.lines)


def drop_furniture(pages: Sequence[Page]) -> None:
    """Remove running headers, footers and page numbers, in place."""
    banded = [_banded(page) for page in pages]
    seen: Counter[str] = Counter()
    for found in banded:
        seen.update({key for _, key in found})
    needed = max(2, math.ceil(_REPEAT_SHARE * len(pages)))
    for page, found in zip(pages, banded, strict=True):
        drop = {i for i, key in found if seen[key] >= needed or _PAGE_NUMBER.match(key)}
        if drop:
            page.lines = [line for i, line in enumerate(page.lines) if i not in drop]


def _banded(page: Page) -> list[tuple[int, str]]:
    """The lines of ``page`` in its header and footer bands: index and ``_key``."""
    low, high = page.height * _BAND, page.height * (1 - _BAND)
    return [
        (i, _key(line))
        for i, line in enumerate(page.lines)
        if line.bottom <= low or line.top >= high
    ]


def _key(line: Line) -> str:
    return _DIGITS.sub("#", line.text.lower())


def paragraph_joins(pages: Sequence[Page]) -> tuple[list[Line], list[Join]]:
    """All lines in reading order, and how each attaches to the previous one."""
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return lines, []
    joins = _layout_breaks(lines)
    undecided = [i for i, join in enumerate(joins) if join is None]
    edges = _right_edges(pages, {j for i in undecided for j in (i - 1, i)})
    for i in undecided:
        a, b = lines[i - 1], lines[i]
        room = edges[i - 1] - a.x1
        edge = edges[i]
        short = edge - b.x1 > _SHORT_SHARE * max(1.0, edge - b.x0)
        joins[i] = continues(a, b, room if room > 0.0 else 0.0, _char_width(b), b_short=short)
    return lines, cast(list[Join], joins)


def _layout_breaks(lines: Sequence[Line]) -> list[Join | None]:
    """BREAK before each line the layout separates from the previous one, else None.

    A change of font size, or a gap larger than the usual line pitch for the font
    size, starts a paragraph; then only the text can tell.
    """
    heights = [line.bottom - line.top for line in lines]
    buckets = [round(height * 2) / 2 for height in heights]
    # pitches[i]: the baseline distance when line i follows line i - 1 further down the
    # same column of the same page, else None.
    pitches: list[float | None] = [None]
    by_height: dict[float, list[float]] = {}
    for a, b, ha, bucket_a, bucket_b in zip(
        lines, lines[1:], heights, buckets, buckets[1:], strict=False
    ):
        a_x1, b_x1, a_x0, b_x0 = a.x1, b.x1, a.x0, b.x0
        overlaps = (a_x1 if a_x1 < b_x1 else b_x1) > (a_x0 if a_x0 > b_x0 else b_x0)
        if a.page != b.page or not overlaps or not b.top > a.top + 0.5 * ha:
            pitches.append(None)
            continue
        pitch = b.bottom - a.bottom
        pitches.append(pitch)
        if bucket_a == bucket_b and pitch < 3 * ha:
            by_height.setdefault(bucket_b, []).append(round(pitch * 2) / 2)
    # The most common baseline-to-baseline distance for each line height.
    usual = {h: Counter(found).most_common(1)[0][0] for h, found in by_height.items()}
    joins: list[Join | None] = [Join.BREAK]
    append = joins.append
    for a, b, ha, hb, bucket_a, pitch in zip(
        lines, lines[1:], heights, heights[1:], buckets, pitches[1:], strict=False
    ):
        if not a.hyphen and a.page == b.page:
            tallest = ha if ha > hb else hb
            if tallest > 0 and abs(ha - hb) > _HEIGHT_TOLERANCE * tallest:
                append(Join.BREAK)
                continue
            # Without a pitch, a new column or table cell: only the text can tell.
            if pitch is not None and (
                pitch > _GAP_FACTOR * usual.get(bucket_a, 1.25 * ha) + 1.0 or pitch > 3 * tallest
            ):
                append(Join.BREAK)
                continue
        append(None)
    return joins


def _right_edges(pages: Sequence[Page], wanted: set[int]) -> list[float]:
    """The right edge of the column of each wanted line (by index in reading order).

    The edge is the rightmost end of the lines within ``_NEIGHBOURS`` places on the same
    page that overlap the line horizontally; with fewer than ``_MIN_NEIGHBOURS`` of them,
    at least the page's mirrored margin. Other lines get 0.

    Array operations over the wanted lines settle the usual case, where the line reaching
    furthest right overlaps this one, as do the lines just before and after it: then the
    edge is that furthest end and there are neighbours enough. The rest are counted one by
    one.
    """
    x0s = [line.x0 for page in pages for line in page.lines]
    x1s = [line.x1 for page in pages for line in page.lines]
    if not wanted:
        return [0.0] * len(x0s)
    sizes = [len(page.lines) for page in pages]
    firsts = np.repeat(np.cumsum([0, *sizes[:-1]]), sizes)  # each line's page's first line
    ends = firsts + np.repeat(sizes, sizes)
    fallbacks = np.repeat([page.mirrored_edge() for page in pages], sizes)
    x0, x1 = np.array(x0s), np.array(x1s)
    edges = np.zeros(len(x0s))
    ordered = sorted(wanted)
    for chunk in range(0, len(ordered), _CHUNK):
        at = np.array(ordered[chunk : chunk + _CHUNK])
        # The window of each line, one row per place from -_NEIGHBOURS on; places off the
        # page reach nothing (their end is -inf, so the first maximum is the list's).
        places = at + np.arange(-_NEIGHBOURS, _NEIGHBOURS + 1)[:, None]
        on_page = (places >= firsts[at]) & (places < ends[at])
        places = np.where(on_page, places, at)
        reach = np.where(on_page, x1[places], -np.inf)
        widest = places[reach.argmax(axis=0), np.arange(len(at))]
        edge = x1[widest]
        left, right = x0[at], x1[at]
        before, after = places[_NEIGHBOURS - 1], places[_NEIGHBOURS + 1]
        usual = (
            (x0[widest] < right)
            & (edge > left)
            & (edge > x0[widest])
            & on_page[_NEIGHBOURS - 1]
            & on_page[_NEIGHBOURS + 1]
            & (x1[before] > left)
            & (x0[before] < right)
            & (x1[before] > x0[before])
            & (x1[after] > left)
            & (x0[after] < right)
            & (x1[after] > x0[after])
        )
        usual &= right > left
        edges[at[usual]] = edge[usual]
        for i in at[~usual].tolist():
            edges[i] = _counted_edge(x0s, x1s, i, int(firsts[i]), int(ends[i]), fallbacks[i])
    return edges.tolist()


def _counted_edge(
    x0s: list[float], x1s: list[float], i: int, first: int, end: int, fallback: float
) -> float:
    """``_right_edges`` for line ``i`` of a page's lines ``first`` to ``end``, counting the
    lines that overlap it."""
    left, right = x0s[i], x1s[i]
    edge, neighbours = right, 0
    if right > left:  # a line without width overlaps nothing
        low, high = max(first, i - _NEIGHBOURS), min(end, i + _NEIGHBOURS + 1)
        # The line itself is in the list.
        overlapping = [
            x1
            for x0, x1 in zip(x0s[low:high], x1s[low:high], strict=True)
            if x1 > left and x0 < right and x1 > x0
        ]
        neighbours = len(overlapping) - 1
        edge = max(overlapping)
    return edge if neighbours >= _MIN_NEIGHBOURS else max(edge, float(fallback))


def _char_width(line: Line) -> float:
    """Average character width; capped by the font height, as table rows hold wide gaps."""
    per_char = (line.x1 - line.x0) / max(1, len(line.text))
    return min(per_char, 0.45 * line.height) if line.height > 0 else per_char
