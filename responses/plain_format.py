"""Reply -> plain text for the console: no markup, nothing to escape, one string."""

from __future__ import annotations

import re
import textwrap

from responses.blocks import Block, Reply

WIDTH = 88
_TAGS = {"high": "[HIGH] ", "medium": "[MEDIUM] ", "low": "[LOW] ", "good": "[GOOD] "}
_TAGS |= {"error": "[!] ", "warning": "[!] "}
_BULLET = re.compile(r"(?:[•\-]|\d+\.) ")


def render(reply: Reply) -> str:
    """The whole reply as text. Buttons are left to the caller (the console numbers them)."""
    parts = [_block(block) for block in reply.blocks]
    if reply.footer:
        parts.append(reply.footer)
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


def _block(block: Block) -> str:
    out: list[str] = []
    if block.title:
        title = _TAGS.get(block.tone, "") + block.title
        out.append(title + "\n" + "-" * min(len(title), WIDTH))
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
