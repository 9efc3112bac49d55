"""Reply -> Telegram messages (HTML parse mode), each within Telegram's limits.

Blocks are kept whole when they fit; a block too big for one message is split between
its parts, and a part too big is split as plain text (paragraph, line, sentence, word)
before it is escaped and wrapped, so no message ends inside a tag. Buttons go under the
message that holds their block; a menu's options and reply-level buttons under the last
message (Telegram has no select menu).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from responses import escape
from responses.blocks import Block, Button, Reply
from responses.limits import (
    TELEGRAM_BUTTON_TEXT,
    TELEGRAM_BUTTONS_PER_ROW,
    TELEGRAM_CALLBACK_DATA_BYTES,
    TELEGRAM_MESSAGE,
)
from responses.split import split_text, trim, ulen

log = logging.getLogger(__name__)

ICONS: dict[str, str] = {
    "high": "🔴",
    "medium": "🟠",
    "low": "🟡",
    "good": "🟢",
    "error": "⚠️",
    "warning": "⚠️",
    "info": "",
}
_WIDE_LABEL = 20  # labels longer than this get a row of their own


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    text: str  # Telegram HTML
    buttons: tuple[tuple[Button, ...], ...] = ()


def render(reply: Reply, *, limit: int = TELEGRAM_MESSAGE) -> list[TelegramMessage]:
    pager = _Pager(limit)
    for block in reply.blocks:
        pager.add_block(_atoms(block, limit), _rows(block.buttons))
    if reply.footer:
        pager.add_block([f"<i>{escape.telegram(reply.footer)}</i>"], [])
    pager.add_rows(_rows((*(reply.menu.options if reply.menu else ()), *reply.buttons)))
    return pager.messages()


@dataclass
class _Page:
    parts: list[str] = field(default_factory=list)
    rows: list[tuple[Button, ...]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Pager:
    """Packs rendered atoms into pages; "\\n" within a block, a blank line between blocks."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pages: list[_Page] = [_Page()]
        self.size = 0

    def _fits(self, text: str, sep: str) -> bool:
        page = self.pages[-1]
        extra = ulen(text) + (ulen(sep) if page.parts else 0)
        return self.size + extra <= self.limit

    def _put(self, text: str, sep: str) -> None:
        page = self.pages[-1]
        if page.parts:
            page.parts.append(sep)
            self.size += ulen(sep)
        page.parts.append(text)
        self.size += ulen(text)

    def _new_page(self) -> None:
        if self.pages[-1].parts or self.pages[-1].rows:
            self.pages.append(_Page())
            self.size = 0

    def add_block(self, atoms: list[str], rows: list[tuple[Button, ...]]) -> None:
        if not atoms:
            self.add_rows(rows)
            return
        whole = "\n".join(atoms)
        if not self._fits(whole, "\n\n"):
            self._new_page()
        if self._fits(whole, "\n\n"):
            self._put(whole, "\n\n")
        else:  # bigger than a page: spill part by part
            sep = "\n\n"
            for atom in atoms:
                if not self._fits(atom, sep):
                    self._new_page()
                self._put(atom, sep)
                sep = "\n"
        self.add_rows(rows)

    def add_rows(self, rows: list[tuple[Button, ...]]) -> None:
        self.pages[-1].rows.extend(rows)

    def messages(self) -> list[TelegramMessage]:
        return [
            TelegramMessage(text=page.text, buttons=tuple(page.rows))
            for page in self.pages
            if page.parts
        ]


def _pieces(text: str, wrap: Callable[[str], str], limit: int) -> list[str]:
    return [wrap(p) for p in split_text(text, limit, cost=lambda p: ulen(wrap(p)))]


def _atoms(block: Block, limit: int) -> list[str]:
    """A block as HTML parts, each within ``limit``."""
    atoms: list[str] = []
    if block.title:
        icon = ICONS.get(block.tone, "")
        title = f"{icon} {block.title}" if icon else block.title
        atoms += _pieces(title, lambda s: f"<b>{escape.telegram(s)}</b>", limit)
    if block.text.strip():
        atoms += _pieces(block.text, escape.telegram, limit)
    if block.quote and block.quote.strip():
        atoms += _pieces(
            block.quote, lambda s: f"<blockquote>{escape.telegram(s)}</blockquote>", limit
        )
    for fld in block.fields:
        head = f"<b>{escape.telegram(fld.name)}:</b> "
        pieces = split_text(
            fld.value, limit, cost=lambda p, head=head: ulen(head + escape.telegram(p))
        )
        for n, piece in enumerate(pieces):
            atoms.append((head if n == 0 else "") + escape.telegram(piece))
    if block.code and block.code.strip():
        atoms += _pieces(block.code, lambda s: f"<pre>{escape.telegram_code(s)}</pre>", limit)
    return atoms


def _rows(buttons: tuple[Button, ...]) -> list[tuple[Button, ...]]:
    usable = []
    for button in buttons:
        if len(button.action.encode("utf-8")) > TELEGRAM_CALLBACK_DATA_BYTES:
            log.warning("dropping a button: callback data over 64 bytes")
            continue
        usable.append(replace(button, label=trim(button.label, TELEGRAM_BUTTON_TEXT)))
    rows: list[tuple[Button, ...]] = []
    row: list[Button] = []
    for button in usable:
        wide = len(button.label) > _WIDE_LABEL
        if row and (wide or len(row) >= TELEGRAM_BUTTONS_PER_ROW):
            rows.append(tuple(row))
            row = []
        row.append(button)
        if wide:
            rows.append(tuple(row))
            row = []
    if row:
        rows.append(tuple(row))
    return rows
