"""Markdown to plain paragraphs, one per line.

Quotes shown to users should read like the contract, not like its markup, so headings,
emphasis, links, escapes, tables and HTML are reduced to their text. Soft-wrapped lines
of one paragraph are joined, as Markdown renders them.
"""

from __future__ import annotations

import html
import re
import string

from analyzers.extract.normalize import clean_line

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_ATX = re.compile(r"^#{1,6}(?=\s|$)")
_UNDERLINE = re.compile(r"^(?:=+|-+)\s*$")
_THEMATIC = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_REF_DEFINITION = re.compile(r"^\[[^\]]+\]:\s*\S+")
_QUOTE = re.compile(r"^(?:>\s?)+")
_BULLET_ITEM = re.compile(r"^[-*+]\s+(.*)$")
_ORDERED_ITEM = re.compile(r"^(\d{1,9}[.)])\s+(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
# Only real HTML tags: contract templates write placeholders as "<Client Name>".
_HTML_NAMES = (
    r"(?:a|abbr|b|big|blockquote|br|caption|center|cite|code|col|colgroup|dd|del|details|"
    r"div|dl|dt|em|figcaption|figure|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|s|"
    r"small|span|strike|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul)"
)
_HTML_BLOCK = re.compile(rf"^</?{_HTML_NAMES}(?:\s[^>]*)?/?>$", re.IGNORECASE)

_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_PROTECT_BASE = 0xE000
_PROTECTED = re.compile("[\ue000-\ue07f]")
_CODE = re.compile(r"(`+)(.+?)\1")
_URL = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
# Bracketed text stops at the next bracket, so scans stay linear on hostile input.
_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _URL)
_LINK = re.compile(r"\[([^\[\]]*)\](?:" + _URL + r"|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]+)>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(rf"</?{_HTML_NAMES}(?:\s[^<>]*)?/?>", re.IGNORECASE)
# Emphasis delimiters (runs of * up to six long, of _ up to three, or ~~). They are dropped
# where they open or close a span, without pairing them: pairing with lazy patterns is
# quadratic on hostile input, and an unpaired marker is noise anyway. A double asterisk
# also goes inside a word ("**T**rials"). "5 * 8", "5*8", "snake_case" and signature
# blanks ("____") neither open nor close, so they stay.
_DELIMITER = re.compile(r"(?<!\*)\*{1,6}(?!\*)|(?<!_)_{1,3}(?!_)|(?<!~)~~(?!~)")
_PUNCTUATION = frozenset(string.punctuation)
_MARKDOWN_SIGNS = re.compile(
    r"^#{1,6} \S|^(?:=+|-{3,})\s*$|\*\*\S[^*\n]*\*\*|__\S[^_\n]*__|\[[^\]\n]+\]\([^)\s]+\)",
    re.MULTILINE,
)


def markdown_paragraphs(text: str, *, soft_wraps: bool = True) -> list[str]:
    """Paragraphs of a Markdown document as cleaned plain text.

    With ``soft_wraps`` (Markdown files), consecutive lines form one paragraph; without
    (chat messages, where a newline is a line break), every line stands alone.
    """
    out: list[str] = []
    paragraph: list[str] = []
    fence: str | None = None

    def flush() -> None:
        joined = clean_line(" ".join(paragraph))
        if joined:
            out.append(joined)
        paragraph.clear()

    lines = text.split("\n")
    in_table = False
    for index, raw in enumerate(lines):
        line = raw.strip()
        if fence is not None:
            if line.startswith(fence):
                fence = None
            elif line:
                out.append(clean_line(line))
            continue
        line = _QUOTE.sub("", line).strip()
        fence_match = _FENCE.match(line)
        if fence_match:
            flush()
            fence = fence_match.group(1)[:3]
            continue
        if not line or (_HTML_BLOCK.match(line) and not _BR.fullmatch(line)):
            flush()
            in_table = False
            continue
        if _UNDERLINE.match(line) or _THEMATIC.match(line) or _REF_DEFINITION.match(line):
            flush()
            continue
        heading = _ATX.match(line)
        if heading:
            flush()
            paragraph.append(inline(_heading_text(line[heading.end() :])))
            flush()
            continue
        if "|" in line and (in_table or line.startswith("|") or _is_separator(lines, index + 1)):
            flush()
            if _TABLE_SEPARATOR.match(line):
                in_table = True
            else:
                paragraph.append(" ".join(inline(cell) for cell in _cells(line)))
                flush()
            continue
        bullet = _BULLET_ITEM.match(line)
        ordered = _ORDERED_ITEM.match(line)
        if bullet or ordered:
            flush()
            line = f"- {bullet.group(1)}" if bullet else f"{ordered.group(1)} {ordered.group(2)}"
        paragraph.append(inline(line))
        if not soft_wraps or raw.endswith(("  ", "\\")) or _BR.search(raw):
            flush()
    flush()
    return out


def looks_like_markdown(text: str) -> bool:
    """Headings, bold or links written in Markdown (as pasted from chat or a README)."""
    return _MARKDOWN_SIGNS.search(text) is not None


def inline(text: str) -> str:
    """Inline Markdown and HTML reduced to text."""
    text = _ESCAPE.sub(lambda m: chr(_PROTECT_BASE + ord(m.group(1))), text)
    text = _CODE.sub(lambda m: m.group(2).strip(), text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _BR.sub(" ", text)
    text = _TAG.sub("", text)
    text = _without_emphasis(text)
    text = _PROTECTED.sub(lambda m: chr(ord(m.group(0)) - _PROTECT_BASE), text)
    if text.endswith("\\"):
        text = text[:-1]
    return html.unescape(text)


def _heading_text(rest: str) -> str:
    """An ATX heading's text without its optional closing hashes ("## Fees ##")."""
    rest = rest.strip()
    bare = rest.rstrip("#")
    if bare != rest and (not bare or bare[-1].isspace()):
        rest = bare.strip()
    return rest


def _without_emphasis(text: str) -> str:
    def drop(match: re.Match[str]) -> str:
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        opens = not after.isspace() and (before.isspace() or before in _PUNCTUATION)
        closes = not before.isspace() and (after.isspace() or after in _PUNCTUATION)
        inside_word = match.group(0).startswith("**") and not (before + after).isspace()
        return "" if opens or closes or inside_word else match.group(0)

    return _DELIMITER.sub(drop, text)


def _is_separator(lines: list[str], index: int) -> bool:
    return index < len(lines) and bool(_TABLE_SEPARATOR.match(lines[index].strip()))


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row) if cell.strip()]
