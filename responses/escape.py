"""Making contract and member text inert on each platform.

Every string a renderer shows goes through here: markup is escaped, mentions are broken
with a zero-width space, and links are defanged so chat clients do not make them
clickable. The visible text stays the same.
"""

from __future__ import annotations

import html
import re

ZWSP = "\u200b"

# A scheme URL, "www." host or a bare domain such as "evil.example" (clients link those too).
_LINKISH = re.compile(
    r"(?i)\b(?:[a-z][a-z0-9+.-]{1,15}://\S+"
    r"|www\.\S+"
    r"|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b)"
)
_DISCORD_ALWAYS = re.compile(r"([\\*_~`|\[\]<>])")
# Markdown that only counts at the start of a line: quote, heading, list (incl. "1.").
_DISCORD_LINE_START = re.compile(r"(?m)^([ \t]*)(?:([#+-])|(\d+)([.)]))")


def defang(text: str) -> str:
    """Break mentions and links with zero-width spaces so they render as plain text."""
    text = _LINKISH.sub(_defang_link, text)
    return text.replace("@", "@" + ZWSP)


def _defang_link(match: re.Match[str]) -> str:
    link = match.group(0).replace("://", ":" + ZWSP + "//")
    return link.replace(".", ZWSP + ".")


def unfang(text: str) -> str:
    """Remove what ``defang`` added (tests and copy-paste helpers)."""
    return text.replace(ZWSP, "")


def telegram(text: str) -> str:
    """Text for Telegram's HTML parse mode."""
    return html.escape(defang(text), quote=False)


def discord(text: str) -> str:
    """Text for Discord markdown (content, embed descriptions and field values)."""
    text = _DISCORD_ALWAYS.sub(r"\\\1", defang(text))
    return _DISCORD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark, number, dot = match.groups()
    if mark:
        return f"{indent}\\{mark}"
    return f"{indent}{number}\\{dot}"


def discord_code(text: str) -> str:
    """Text inside a Discord code block: only fences (and, to be safe, mentions) matter."""
    return text.replace("@", "@" + ZWSP).replace("```", "`" + ZWSP + "`" + ZWSP + "`")


def telegram_code(text: str) -> str:
    """Text inside a Telegram <pre> block: HTML-escaped; links stay unlinked there."""
    return html.escape(text.replace("@", "@" + ZWSP), quote=False)
