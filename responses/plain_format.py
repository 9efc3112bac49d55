"""Reply -> plain text for a terminal (the console and ``clausescout analyze``).

No markup and nothing to escape; ``color`` adds ANSI colours by tone. Buttons are left to
the caller (the console numbers them).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from responses.blocks import Block, Reply

WIDTH = 88
_TAGS = {"high": "[HIGH] ", "medium": "[MEDIUM] ", "low": "[LOW] ", "good": "[GOOD] "}
_TAGS |= {"error": "[!] ", "warning": "[!] "}
_ANSI = {
    "high": "\033[1;31m",
    "error": "\033[1;31m",
    "medium": "\033[1;33m",
    "warning": "\033[1;33m",
    "low": "\033[1;36m",
    "good": "\033[1;32m",
    "info": "\033[1m",
    "footer": "\033[2m",
}
_RESET = "\033[0m"
_BULLET = re.compile(r"(?:[•\-]|\d+\.) ")


def render(reply: Reply, *, color: bool = False) -> str:
    """The whole reply as text."""

    def paint(text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if color else text

    parts = [_block(block, paint) for block in reply.blocks]
    if reply.footer:
        parts.append(paint(reply.footer, "footer"))
    return "\n\n".join(p for p in parts if p) + "\n"


def _wrap(text: str, indent: str = "") -> str:
    lines = []
    for line in text.splitlines() or [""]:
        if not line.strip():
            lines.append("")
            continue
        lead = len(line) - len(line.lstrip())
        bullet = _BULLET.match(line.lstrip())
        hanging = indent + " " * (lead + (len(bullet.group(0)) if bullet else 0))
        lines.append(
            textwrap.fill(
                line.strip(),
                WIDTH,
                initial_indent=indent + " " * lead,
                subsequent_indent=hanging,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def _block(block: Block, paint: Callable[[str, str], str]) -> str:
    out: list[str] = []
    if block.title:
        title = _TAGS.get(block.tone, "") + block.title
        out.append(paint(title, block.tone) + "\n" + "-" * min(len(title), WIDTH))
    if block.text.strip():
        out.append(_wrap(block.text))
    if block.quote and block.quote.strip():
        out.append(_wrap(block.quote, indent="  > "))
    for field in block.fields:
        out.append(_wrap(f"{field.name}: {field.value}"))
    if block.code and block.code.strip():
        rule = "~" * 40
        out.append(f"{rule}\n{block.code.strip()}\n{rule}")
    return "\n".join(out)
