"""Reply -> Discord messages: embeds (one or more per block) within every Discord limit.

Embeds are plain dicts (``discord.Embed.from_dict`` accepts them); this module never imports
discord. All member and contract text is markdown-escaped with mentions and links broken,
and adapters also send with ``AllowedMentions.none()``. The not-legal-advice line is the
footer of the last embed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from responses import escape
from responses.blocks import Block, Button, Menu, Reply
from responses.limits import (
    DISCORD_BUTTON_LABEL,
    DISCORD_BUTTONS,
    DISCORD_BUTTONS_PER_ROW,
    DISCORD_CONTENT,
    DISCORD_CUSTOM_ID,
    DISCORD_EMBED_DESCRIPTION,
    DISCORD_EMBED_TITLE,
    DISCORD_EMBED_TOTAL,
    DISCORD_EMBEDS,
    DISCORD_FIELD_NAME,
    DISCORD_FIELD_VALUE,
    DISCORD_FIELDS,
    DISCORD_FOOTER,
    DISCORD_SELECT_OPTIONS,
    DISCORD_SELECT_PLACEHOLDER,
)
from responses.split import split_text, trim, ulen
from responses.telegram_format import ICONS

log = logging.getLogger(__name__)

COLOURS: dict[str, int] = {
    "high": 0xD93F3F,
    "medium": 0xF08C00,
    "low": 0xE3B505,
    "good": 0x2F9E44,
    "error": 0xD93F3F,
    "warning": 0xF08C00,
    "info": 0x5865F2,
}
_FOOTER_ROOM = 120  # kept free in every message for the footer line


@dataclass(frozen=True, slots=True)
class DiscordMessage:
    content: str
    embeds: tuple[dict[str, Any], ...] = ()
    buttons: tuple[Button, ...] = ()
    menu: Menu | None = None  # a select menu, shown above the buttons


def embed_size(embed: dict[str, Any]) -> int:
    """Characters Discord counts towards the 6000 per message."""
    size = ulen(embed.get("title", "")) + ulen(embed.get("description", ""))
    for fld in embed.get("fields", ()):
        size += ulen(fld["name"]) + ulen(fld["value"])
    size += ulen(embed.get("footer", {}).get("text", ""))
    size += ulen(embed.get("author", {}).get("name", ""))
    return size


def render(reply: Reply) -> list[DiscordMessage]:
    pager = _Pager()
    for block in reply.blocks:
        pager.add_block(_embeds(block), _buttons(block.buttons))
    pager.finish(reply.footer, _buttons(reply.buttons), _menu(reply.menu))
    return pager.messages()


# --- one block -> embeds --------------------------------------------------------------


def _fit(text: str, limit: int) -> str:
    """Escaped text trimmed at a word boundary until it fits ``limit``."""
    plain = " ".join(text.split())
    while ulen(escape.discord(plain)) > limit:
        plain = trim(plain, max(1, len(plain) - max(8, len(plain) // 10)))
    return escape.discord(plain)


def _desc_parts(block: Block, fields_inline: bool) -> list[str]:
    """Description parts, each within the description limit."""
    parts: list[str] = []
    limit = DISCORD_EMBED_DESCRIPTION

    def add(text: str, wrap: Any) -> None:
        parts.extend(wrap(p) for p in split_text(text, limit, cost=lambda p: ulen(wrap(p))))

    if block.text.strip():
        add(block.text, escape.discord)
    if block.quote and block.quote.strip():
        add(block.quote, _quote)
    if fields_inline:
        for fld in block.fields:
            head = f"**{escape.discord(fld.name)}:** "
            pieces = split_text(
                fld.value, limit, cost=lambda p, head=head: ulen(head + escape.discord(p))
            )
            parts += [(head if n == 0 else "") + escape.discord(p) for n, p in enumerate(pieces)]
    if block.code and block.code.strip():
        add(block.code, lambda s: f"```\n{escape.discord_code(s)}\n```")
    return parts


def _quote(text: str) -> str:
    return "\n".join("> " + escape.discord(line) for line in text.splitlines() or [""])


def _fields(block: Block) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for fld in block.fields:
        name = _fit(fld.name, DISCORD_FIELD_NAME) or "\u200b"
        pieces = split_text(fld.value, DISCORD_FIELD_VALUE, cost=lambda p: ulen(escape.discord(p)))
        for n, piece in enumerate(pieces or ["—"]):
            label = name if n == 0 else _fit(f"{fld.name} (continued)", DISCORD_FIELD_NAME)
            out.append({"name": label, "value": escape.discord(piece), "inline": False})
    return out


def _embeds(block: Block) -> list[dict[str, Any]]:
    """A block as one or more embeds; only the first carries the title."""
    colour = COLOURS.get(block.tone, COLOURS["info"])
    # With copyable code, fields go above it in the description, so the order reads well.
    fields_inline = bool(block.code and block.code.strip())
    budget = DISCORD_EMBED_TOTAL - _FOOTER_ROOM
    embeds: list[dict[str, Any]] = []
    current: dict[str, Any] = {"color": colour}
    if block.title:
        icon = ICONS.get(block.tone, "")
        title = f"{icon} {block.title}" if icon else block.title
        current["title"] = _fit(title, DISCORD_EMBED_TITLE)
    for part in _desc_parts(block, fields_inline):
        desc = current.get("description")
        joined = f"{desc}\n\n{part}" if desc else part
        if ulen(joined) <= DISCORD_EMBED_DESCRIPTION:
            current["description"] = joined
        else:
            embeds.append(current)
            current = {"color": colour, "description": part}
    for fld in [] if fields_inline else _fields(block):
        fields = current.setdefault("fields", [])
        too_big = embed_size(current) + ulen(fld["name"]) + ulen(fld["value"]) > budget
        if len(fields) >= DISCORD_FIELDS or too_big:
            embeds.append(current)
            current = {"color": colour, "fields": []}
        current["fields"].append(fld)
    if "fields" in current and not current["fields"]:
        del current["fields"]
    if any(current.get(k) for k in ("title", "description", "fields")):
        embeds.append(current)
    return embeds


def _buttons(buttons: tuple[Button, ...]) -> list[Button]:
    usable = []
    for button in buttons:
        if len(button.action) > DISCORD_CUSTOM_ID:
            log.warning("dropping a button: custom_id over 100 characters")
            continue
        usable.append(replace(button, label=trim(button.label, DISCORD_BUTTON_LABEL)))
    return usable


def _menu(menu: Menu | None) -> Menu | None:
    """Options within Discord's limits (labels and values of 100, 25 options)."""
    if menu is None:
        return None
    options = tuple(_buttons(menu.options))[:DISCORD_SELECT_OPTIONS]
    return Menu(trim(menu.placeholder, DISCORD_SELECT_PLACEHOLDER), options) if options else None


# --- embeds -> messages ---------------------------------------------------------------


@dataclass
class _Message:
    embeds: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    content: str = ""
    menu: Menu | None = None

    @property
    def size(self) -> int:
        return sum(embed_size(e) for e in self.embeds)


class _Pager:
    def __init__(self) -> None:
        self.pages: list[_Message] = [_Message()]

    def _fits(self, embeds: list[dict[str, Any]], buttons: int) -> bool:
        page = self.pages[-1]
        return (
            len(page.embeds) + len(embeds) <= DISCORD_EMBEDS
            and page.size + sum(embed_size(e) for e in embeds) <= DISCORD_EMBED_TOTAL - _FOOTER_ROOM
            and len(page.buttons) + buttons <= DISCORD_BUTTONS
        )

    def _new_page(self) -> None:
        if self.pages[-1].embeds or self.pages[-1].buttons or self.pages[-1].content:
            self.pages.append(_Message())

    def add_block(self, embeds: list[dict[str, Any]], buttons: list[Button]) -> None:
        if not self._fits(embeds, len(buttons)):
            self._new_page()
        if self._fits(embeds, len(buttons)):
            self.pages[-1].embeds.extend(embeds)
        else:  # bigger than a message: one embed at a time
            for embed in embeds:
                if not self._fits([embed], 0):
                    self._new_page()
                self.pages[-1].embeds.append(embed)
            if not self._fits([], len(buttons)):
                self._new_page()
        self.pages[-1].buttons.extend(buttons)

    def finish(self, footer: str | None, buttons: list[Button], menu: Menu | None) -> None:
        last = self.pages[-1]
        if footer:
            text = trim(" ".join(footer.split()), min(DISCORD_FOOTER, _FOOTER_ROOM))
            if last.embeds and last.size + ulen(text) <= DISCORD_EMBED_TOTAL:
                last.embeds[-1] = {**last.embeds[-1], "footer": {"text": text}}
            else:
                self._new_page()
                self.pages[-1].content = f"*{escape.discord(text)}*"[:DISCORD_CONTENT]
        room = DISCORD_BUTTONS - (DISCORD_BUTTONS_PER_ROW if menu else 0)  # a menu takes a row
        if len(self.pages[-1].buttons) + len(buttons) > room:
            self._new_page()
            self.pages[-1].content = "More options:"
        self.pages[-1].buttons.extend(buttons[:room])
        self.pages[-1].menu = menu

    def messages(self) -> list[DiscordMessage]:
        for page in self.pages:
            if (page.buttons or page.menu) and not (page.embeds or page.content):
                page.content = "Options:"
        return [
            DiscordMessage(p.content, tuple(p.embeds), tuple(p.buttons), p.menu)
            for p in self.pages
            if p.embeds or p.content or p.buttons or p.menu
        ]
