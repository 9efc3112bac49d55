"""Markdown to plain paragraphs, one per line.

Quotes shown to users should read like the contract, not like its markup, so headings,
emphasis, links, escapes, tables and HTML are reduced to their text. Soft-wrapped lines
of one paragraph are joined, as Markdown renders them.
"""

from __future__ import annotations

import html
import re

from analyzers.extract.normalize import clean_lines

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

_ESCAPABLE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_PROTECT_BASE = 0xE000
_PROTECTED = re.compile("[\ue000-\ue07f]")
_CODE = re.compile(r"(`+)(.+?)\1")
# The inline patterns never cross a line: markdown_paragraphs runs them over many pieces
# joined with newlines at once.
_URL = r"\((?:[^()\s]|\([^()\s]*\))*(?:[^\S\n]+\"[^\"\n]*\")?\)"
# Bracketed text stops at the next bracket, so scans stay linear on hostile input.
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _URL)
_LINK = re.compile(r"\[([^\[\]\n]*)\](?:" + _URL + r"|\[[^\[\]\n]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]+)>")
_BR = re.compile(r"<br[^\S\n]*/?>", re.IGNORECASE)
_TAG = re.compile(rf"</?{_HTML_NAMES}(?:[^\S\n][^<>\n]*)?/?>", re.IGNORECASE)
_TRAILING_BACKSLASH = re.compile(r"\\$", re.MULTILINE)
# Emphasis delimiters (runs of * up to six long, of _ up to three, or ~~). They are dropped
# where they open or close a span, without pairing them: pairing with lazy patterns is
# quadratic on hostile input, and an unpaired marker is noise anyway. A double asterisk
# also goes inside a word ("**T**rials"). "5 * 8", "5*8", "snake_case" and signature
# blanks ("____") neither open nor close, so they stay.
#
# With S a space (or the start or end), P ASCII punctuation and O anything else before
# and after a delimiter, it opens when after is not S and before is S or P, and closes
# when before is not S and after is S or P. So it stays only between S and S, or between
# O and O when it is not "**" (which goes inside a word). Written as lookarounds, the
# whole pass is one regex substitution without a Python call per delimiter.
_D = r"(?:(?<!\*)\*{1,6}(?!\*)|(?<!_)_{1,3}(?!_)|(?<!~)~~(?!~))"
_P = r"[!-/:-@\[-`{-~]"
_O = r"[^\s!-/:-@\[-`{-~]"
_DROPPED_DELIMITER = re.compile(
    rf"(?=[*_~])(?:(?<={_P}){_D}|{_D}(?={_P})|(?<={_O}){_D}(?!\S)|(?<!\S){_D}(?={_O})"
    rf"|(?<={_O})(?<!\*)\*{{2,6}}(?!\*)(?={_O}))"
)
_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6} \S|^(?:=+|-{3,})[^\S\n]*$", re.MULTILINE),
    # Bold text: signature blanks ("______") and rules ("*****") are not bold.
    re.compile(r"\*\*[^*\s][^*\n]*\*\*"),
    re.compile(r"__[^_\s][^_\n]*__"),
    # A link. Its text may hold no bracket and its address no more than one level of
    # parentheses, so each try stops at the next bracket or parenthesis and the search
    # stays linear on "[[[[..." or "[a]([a]([a](...".
    re.compile(r"\[[^\[\]\n]+\]\((?:[^()\s]|\([^()\s]*\))+\)"),
)
# Characters that can start a Markdown block (after spaces and quote markers).
_BLOCK_STARTS = frozenset("#=-*_+>`~<[0123456789")
_RULE_STARTS = frozenset("=-*_[")
_ITEM_STARTS = frozenset("-*+0123456789")


def markdown_paragraphs(text: str, *, soft_wraps: bool = True) -> list[str]:
    """Paragraphs of a Markdown document as cleaned plain text.

    With ``soft_wraps`` (Markdown files), consecutive lines form one paragraph; without
    (chat messages, where a newline is a line break), every line stands alone.

    The block structure is read line by line (plain lines take a short path); the inline
    markup of all paragraphs is then removed in one pass per pattern, and all
    paragraphs are cleaned together.
    """
    # Each paragraph: pieces to reduce to text and join with spaces, or a fenced line.
    paragraphs: list[list[str] | str] = []
    paragraph: list[str] = []
    fence: str | None = None
    fenced = False  # whether any fenced lines are among the paragraphs
    in_table = False
    lines = text.split("\n")
    for index, raw in enumerate(lines):
        line = raw.strip()
        if fence is not None:
            if line.startswith(fence):
                fence = None
            elif line:
                paragraphs.append(line)
                fenced = True
            continue
        if not line:
            if paragraph:
                paragraphs.append(paragraph)
                paragraph = []
            in_table = False
            continue
        if line[0] not in _BLOCK_STARTS and "|" not in line:
            paragraph.append(line)  # the short path: a line of plain text
        elif line[0] == "#" and (heading := _ATX.match(line)):
            if paragraph:
                paragraphs.append(paragraph)
                paragraph = []
            paragraphs.append([_heading_text(line[heading.end() :])])
            continue
        else:
            done, fence, in_table = _block(line, lines, index, paragraph, paragraphs, in_table)
            if done:
                paragraph = []
                continue
        if not soft_wraps or raw.endswith(("  ", "\\")) or ("<" in raw and _BR.search(raw)):
            paragraphs.append(paragraph)
            paragraph = []
    if paragraph:
        paragraphs.append(paragraph)
    pieces = _inline_all([piece for p in paragraphs if isinstance(p, list) for piece in p])
    if not fenced and set(map(len, paragraphs)) <= {1}:
        joined = pieces  # one piece a paragraph, as in chat messages
    else:
        joined = []
        taken = 0
        for p in paragraphs:
            if isinstance(p, str):
                joined.append(p)
            else:
                joined.append(" ".join(pieces[taken : taken + len(p)]))
                taken += len(p)
    if "\n" in "".join(joined):  # a character reference for a newline ends no paragraph
        joined = [paragraph.replace("\n", " ") for paragraph in joined]
    return [line for line in clean_lines("\n".join(joined)) if line]


def _block(
    line: str,
    lines: list[str],
    index: int,
    paragraph: list[str],
    paragraphs: list[list[str] | str],
    in_table: bool,
) -> tuple[bool, str | None, bool]:
    """Read a line that may be Markdown block syntax.

    Returns whether the line is done with (the caller starts a new paragraph), the fence
    it opens, and whether a table is open. Otherwise the line's text is appended to
    ``paragraph`` (after any paragraph it ends is moved to ``paragraphs``).
    """

    if line[0] == ">":
        line = _QUOTE.sub("", line).strip()
    first = line[:1]
    if first in ("`", "~") and (fence_match := _FENCE.match(line)):
        _flush(paragraph, paragraphs)
        return True, fence_match.group(1)[:3], in_table
    if not line or (
        first == "<" and line.endswith(">") and _HTML_BLOCK.match(line) and not _BR.fullmatch(line)
    ):
        _flush(paragraph, paragraphs)
        return True, None, False
    if first in _RULE_STARTS and (
        _UNDERLINE.match(line) or _THEMATIC.match(line) or _REF_DEFINITION.match(line)
    ):
        _flush(paragraph, paragraphs)
        return True, None, in_table
    if first == "#" and (heading := _ATX.match(line)):
        _flush(paragraph, paragraphs)
        paragraphs.append([_heading_text(line[heading.end() :])])
        return True, None, in_table
    if "|" in line and (in_table or first == "|" or _is_separator(lines, index + 1)):
        _flush(paragraph, paragraphs)
        if _TABLE_SEPARATOR.match(line):
            return True, None, True
        paragraphs.append(_cells(line))
        return True, None, in_table
    if first in _ITEM_STARTS:
        bullet = _BULLET_ITEM.match(line)
        ordered = _ORDERED_ITEM.match(line)
        if bullet or ordered:
            _flush(paragraph, paragraphs)
            line = f"- {bullet.group(1)}" if bullet else f"{ordered.group(1)} {ordered.group(2)}"
    paragraph.append(line)
    return False, None, in_table


def _flush(paragraph: list[str], paragraphs: list[list[str] | str]) -> None:
    """Move the lines of an open paragraph to ``paragraphs``."""
    if paragraph:
        paragraphs.append(paragraph[:])
        paragraph.clear()


def looks_like_markdown(text: str) -> bool:
    """Headings, bold or links written in Markdown (as pasted from chat or a README)."""
    return any(sign.search(text) for sign in _MARKDOWN_SIGNS)


def inline(line: str) -> str:
    """Inline Markdown and HTML of one line reduced to text."""
    if "\n" in line:
        raise ValueError("inline() reads one line")
    return _inline_all([line])[0]


def _inline_all(pieces: list[str]) -> list[str]:
    """``inline`` of each piece (none holds a newline), with one pass per pattern."""
    if not pieces:
        return []
    text = "\n".join(pieces)
    protected = False
    if "\\" in text:
        protected = True
        # An escaped backslash first: what follows it is then not escaped.
        text = text.replace("\\\\", chr(_PROTECT_BASE + ord("\\")))
        for char in _ESCAPABLE:
            if "\\" + char in text:
                text = text.replace("\\" + char, chr(_PROTECT_BASE + ord(char)))
    if "`" in text:
        text = _CODE.sub(lambda m: m.group(2).strip(), text)
    if "[" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", text))
    if "<" in text:
        text = _TAG.sub("", _BR.sub(" ", _AUTOLINK.sub(r"\1", text)))
    if "*" in text or "_" in text or "~" in text:
        text = _DROPPED_DELIMITER.sub("", text)
    if protected or not text.isascii():
        for char in set(_PROTECTED.findall(text)):
            text = text.replace(char, chr(ord(char) - _PROTECT_BASE))
    if "\\" in text:
        text = _TRAILING_BACKSLASH.sub("", text)
    out = text.split("\n")
    if "&" in text:
        out = [html.unescape(piece) if "&" in piece else piece for piece in out]
    return out


def _heading_text(rest: str) -> str:
    """An ATX heading's text without its optional closing hashes ("## Fees ##")."""
    rest = rest.strip()
    bare = rest.rstrip("#")
    if bare != rest and (not bare or bare[-1].isspace()):
        rest = bare.strip()
    return rest


def _is_separator(lines: list[str], index: int) -> bool:
    return index < len(lines) and bool(_TABLE_SEPARATOR.match(lines[index].strip()))


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row) if cell.strip()]
