"""Reply -> one Markdown document: the report file attached to long contract answers.

Every string is escaped, so contract text (quotes, section headings, the next steps that
name sections) cannot turn into Markdown, HTML, entities or links; our own "•" and
numbered lines become Markdown lists. The document's filename is never written into it.
"""

from __future__ import annotations

import re

from responses.blocks import Block, Reply

MIME = "text/markdown"
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")
# What starts a list item or a heading underline at the start of a line.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")
# Bare URLs that GitHub-flavoured Markdown turns into links by itself.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])://|\bwww\.")
# Our own list lines: "• item" and "1. step".
_OWN_ITEM = re.compile(r"(•|\d{1,2}\.) (.*)")


def escape(text: str) -> str:
    """Untrusted text as inert Markdown on one line: no emphasis, link, list, HTML or entity."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    escaped = _AUTOLINK.sub(lambda found: found[0].replace("/", "\\/").replace(".", "\\."), escaped)
    return _LINE_START.sub(lambda found: f"{found[1] or ''}\\{found[2] or found[3]}", escaped)


def render(reply: Reply) -> str:
    parts = [_block(block, "#" if n == 0 else "##") for n, block in enumerate(reply.blocks)]
    if reply.footer:
        parts.append(f"---\n\n_{escape(reply.footer)}_")
    return "\n\n".join(p for p in parts if p) + "\n"


def _lines(text: str) -> str:
    """Our block text: "•" and numbered lines become list items, other lines paragraphs."""
    pieces: list[tuple[bool, str]] = []  # (is a list item, Markdown)
    for line in filter(str.strip, text.splitlines()):
        item = _OWN_ITEM.fullmatch(line.strip())
        if item is None:
            pieces.append((False, escape(line)))
        else:
            pieces.append((True, f"{'-' if item[1] == '•' else item[1]} {escape(item[2])}"))
    out = ""
    for n, (is_item, piece) in enumerate(pieces):
        if n:
            out += "\n" if is_item and pieces[n - 1][0] else "\n\n"
        out += piece
    return out


def _block(block: Block, level: str) -> str:
    out: list[str] = []
    if block.title:
        out.append(f"{level} {escape(block.title)}")
    if block.text.strip():
        out.append(_lines(block.text))
    if block.quote and block.quote.strip():
        out.append("> " + escape(block.quote))
    for field in block.fields:
        if "\n" in field.value.strip() or field.value.startswith("• "):
            out.append(f"**{escape(field.name)}:**\n\n{_lines(field.value)}")
        else:
            out.append(f"**{escape(field.name)}:** {escape(field.value)}")
    if block.code and block.code.strip():
        out.append(f"```\n{block.code.strip().replace('```', '` ` `')}\n```")
    return "\n\n".join(out)
