"""Word's automatic list numbering, rendered as text ("7.2", "(b)", "iv.").

In a DOCX the clause numbers of most contracts are not in the text: Word computes them from
``numbering.xml``. Without them a finding could not say "section 7.2". This renders the
common cases: numbering set on the paragraph or through its style (headings linked to a
list), multi-level templates ("%1.%2"), start values and overrides, restarts, legal
numbering, and the usual number formats. Lists that share an abstract definition share
counters, as in Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
BULLET = "•"


def attr(element: Element | None, name: str = "val") -> str | None:
    """A ``w:`` attribute of an element, or None."""
    if element is None:
        return None
    return element.get(W + name)


def int_attr(element: Element | None, name: str = "val") -> int | None:
    value = attr(element, name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    suffix: str = " "
    style: str | None = None


@dataclass(slots=True)
class Instance:
    """A ``w:num``: an abstract definition plus per-level overrides."""

    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


@dataclass(slots=True)
class _StyleNumbering:
    num_id: str | None
    level: int | None
    based_on: str | None


class Numbering:
    """Computes each numbered paragraph's label, in document order."""

    def __init__(self, numbering: Element | None, styles: Element | None) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}
        self._instances: dict[str, Instance] = {}
        self._styles: dict[str, _StyleNumbering] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._pending: dict[str, dict[int, int]] = {}
        if styles is not None:
            self._read_styles(styles)
        if numbering is not None:
            self._read_numbering(numbering)

    def _read_styles(self, styles: Element) -> None:
        for style in styles.iter(W + "style"):
            style_id = attr(style, "styleId")
            if style_id is None or attr(style, "type") not in (None, "paragraph", "numbering"):
                continue
            num_pr = style.find(f"{W}pPr/{W}numPr")
            self._styles[style_id] = _StyleNumbering(
                num_id=attr(num_pr.find(W + "numId")) if num_pr is not None else None,
                level=int_attr(num_pr.find(W + "ilvl")) if num_pr is not None else None,
                based_on=attr(style.find(W + "basedOn")),
            )

    def _read_numbering(self, numbering: Element) -> None:
        for abstract in numbering.iter(W + "abstractNum"):
            abstract_id = attr(abstract, "abstractNumId")
            if abstract_id is None:
                continue
            self._abstracts[abstract_id] = {
                level_index: level
                for lvl in abstract.findall(W + "lvl")
                if (level_index := int_attr(lvl, "ilvl")) is not None
                for level in [_level(lvl)]
            }
            link = attr(abstract.find(W + "numStyleLink"))
            if link is not None:
                self._style_links[abstract_id] = link
        for num in numbering.iter(W + "num"):
            num_id = attr(num, "numId")
            abstract_id = attr(num.find(W + "abstractNumId"))
            if num_id is None or abstract_id is None:
                continue
            instance = Instance(abstract=abstract_id)
            for override in num.findall(W + "lvlOverride"):
                index = int_attr(override, "ilvl")
                if index is None:
                    continue
                start = int_attr(override.find(W + "startOverride"))
                if start is not None:
                    instance.start_overrides[index] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    instance.level_overrides[index] = _level(lvl)
            self._instances[num_id] = instance

    def label(self, paragraph: Element) -> str:
        """The paragraph's number with its separator ("7.2 "), or "" if not numbered."""
        found = self._numbering_of(paragraph)
        if found is None:
            return ""
        num_id, level_index = found
        instance = self._instances.get(num_id)
        if instance is None:
            return ""
        abstract_id = self._resolve_abstract(instance.abstract)
        levels = dict(self._abstracts.get(abstract_id, {}))
        levels.update(instance.level_overrides)
        level = levels.get(level_index)
        if level is None:
            return ""
        counters = self._counters.setdefault(abstract_id, [None] * LEVELS)
        if num_id not in self._pending:
            # A list with a start override restarts where it is first used.
            self._pending[num_id] = dict(instance.start_overrides)
            for index in instance.start_overrides:
                for deeper in range(index, LEVELS):
                    counters[deeper] = None
        current = counters[level_index]
        if current is None:
            counters[level_index] = self._pending[num_id].pop(level_index, level.start)
        else:
            counters[level_index] = current + 1
        for deeper in range(level_index + 1, LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and level_index <= restart - 1):
                counters[deeper] = None
        return _render(level, levels, counters, level_index)

    def _numbering_of(self, paragraph: Element) -> tuple[str, int] | None:
        p_pr = paragraph.find(W + "pPr")
        num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
        num_id = attr(num_pr.find(W + "numId")) if num_pr is not None else None
        level = int_attr(num_pr.find(W + "ilvl")) if num_pr is not None else None
        style_id = attr(p_pr.find(W + "pStyle")) if p_pr is not None else None
        if num_id is None and style_id is not None:
            num_id, style_level = self._style_numbering(style_id)
            level = level if level is not None else style_level
            if level is None and num_id is not None:
                level = self._level_for_style(num_id, style_id)
        if num_id is None or num_id == "0":
            return None
        return num_id, min(max(level or 0, 0), LEVELS - 1)

    def _style_numbering(self, style_id: str) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen:
            seen.add(current)
            style = self._styles.get(current)
            if style is None:
                break
            if style.num_id is not None:
                return style.num_id, style.level
            current = style.based_on
        return None, None

    def _level_for_style(self, num_id: str, style_id: str) -> int | None:
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        levels = self._abstracts.get(self._resolve_abstract(instance.abstract), {})
        return next((i for i, level in levels.items() if level.style == style_id), None)

    def _resolve_abstract(self, abstract_id: str) -> str:
        """Follow ``numStyleLink`` to the definition that holds the levels."""
        for _ in range(5):
            link = self._style_links.get(abstract_id)
            if link is None:
                break
            num_id, _ = self._style_numbering(link)
            instance = self._instances.get(num_id) if num_id else None
            if instance is None or instance.abstract == abstract_id:
                break
            abstract_id = instance.abstract
        return abstract_id


def _level(lvl: Element) -> Level:
    start = int_attr(lvl.find(W + "start"))
    legal = lvl.find(W + "isLgl")
    return Level(
        start=1 if start is None else start,
        fmt=attr(lvl.find(W + "numFmt")) or "decimal",
        text=attr(lvl.find(W + "lvlText")) or "",
        restart=int_attr(lvl.find(W + "lvlRestart")),
        legal=legal is not None and attr(legal) not in ("0", "false"),
        suffix="" if attr(lvl.find(W + "suff")) == "nothing" else " ",
        style=attr(lvl.find(W + "pStyle")),
    )


def _render(level: Level, levels: dict[int, Level], counters: list[int | None], index: int) -> str:
    if level.fmt == "bullet":
        return BULLET + " "
    if level.fmt == "none" and "%" not in level.text:
        return (level.text + level.suffix) if level.text.strip() else ""
    text = level.text
    for k in range(LEVELS, 0, -1):
        placeholder = f"%{k}"
        if placeholder not in text:
            continue
        source = levels.get(k - 1, Level())
        value = counters[k - 1]
        value = source.start if value is None else value
        fmt = "decimal" if level.legal and k - 1 < index else source.fmt
        text = text.replace(placeholder, format_number(value, fmt))
    text = text.strip()
    return text + level.suffix if text else ""


def format_number(value: int, fmt: str) -> str:
    """A counter value in one of Word's number formats."""
    if fmt in ("none",):
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "ordinal":
        return _ordinal(value)
    return str(value)


# Word's letter numbering ends at "zzz...z" (30 letters); a larger start value in a
# hostile file would otherwise make a label of millions of letters for each paragraph.
_MAX_LETTERS = 26 * 30


def _letters(value: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa..."""
    if not 0 < value <= _MAX_LETTERS:
        return str(value)
    repeat, index = divmod(value - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(value: int) -> str:
    if not 0 < value < 4000:
        return str(value)
    out = []
    for number, numeral in _ROMAN:
        count, value = divmod(value, number)
        out.append(numeral * count)
    return "".join(out)


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"
