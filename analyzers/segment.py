"""Document -> clauses (with section number or heading, page, offsets) and sentences.

Contracts arrive as lines: PDF lines are wrapped, DOCX/Markdown paragraphs are one line each.
A clause starts at a numbered line ("7.2", "(b)", "Article IV", "Section 3"), a list item, a
heading, or after a blank line; other lines continue the current clause. Sentences are the
unit rules look at: they are short enough to quote and to keep pattern work bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzers.model import Clause, Document, Party
from analyzers.parties import find_parties

# Leading decoration that hides a number: markdown emphasis, headings, quotes, bullets.
_DECOR = re.compile(r"[ \t]*(?:[#>]+[ \t]*|\*\*|__|\*(?=\S)|_(?=\S))*")
_NUMBERED = re.compile(
    r"(?:(?:section|clause|article|schedule|annex|appendix|exhibit|part)[ \t]+"
    r"(?P<word>[0-9]{1,3}(?:\.[0-9]{1,3}){0,4}|[ivxlc]{1,7}|[a-z])\b\.?"
    r"|(?P<num>[0-9]{1,3}(?:\.[0-9]{1,3}){0,4})(?:\.(?![0-9])|\)|(?=[ \t]))"
    r"|\((?P<sub>[a-z]{1,2}|[ivx]{1,6}|[0-9]{1,2})\)"
    r"|(?P<letter>[a-z]|[ivx]{1,6})[.)](?=[ \t]))"
    r"[ \t]*(?:\*\*|__)?[ \t]*",
    re.IGNORECASE,
)
_BULLET = re.compile(r"[ \t]*(?:[-*•▪◦‣●]|\d{1,2}\))[ \t]+")
_INLINE_HEADING = re.compile(r"(?:\*\*|__)?(?P<title>[A-Z][^.\n]{1,90}?)(?:\*\*|__)?\.(?:\*\*|__)?[ \t]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*[ \t\n]+(?=[\"'“‘(\[]?[A-Z0-9(])|\n[ \t]*\n")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc inc ltd co corp no nos art arts sec secs u.s u.k mr mrs ms dr st vs cf approx "
    "p pp para paras incl esp fig jr sr llc plc gmbh s.a v".split()
)
_DEFINITION = re.compile(r"[\"“][^\"”]{1,60}[\"”][ \t]*(?:\([^)]{0,40}\)[ \t]*)?(?:shall[ \t]+)?(?:means?|refers?[ \t]+to|has[ \t]+the[ \t]+meaning|includes?)\b")
_DEFINITIONS_HEADING = re.compile(r"\b(?:definitions?|interpretation|defined terms)\b", re.IGNORECASE)

MAX_SENTENCE = 900  # longer sentences are cut at a clause boundary so rules stay bounded


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    clause: int  # index into Segmentation.clauses


@dataclass(frozen=True, slots=True)
class Segmentation:
    clauses: tuple[Clause, ...]
    sentences: tuple[Sentence, ...]
    parties: tuple[Party, ...]


def segment(document: Document) -> Segmentation:
    clauses = _clauses(document)
    sentences = tuple(_sentences(document.text, clauses))
    return Segmentation(clauses=clauses, sentences=sentences, parties=find_parties(document.text))


def _clauses(document: Document) -> tuple[Clause, ...]:
    text = document.text
    out: list[Clause] = []
    number_stack: list[str] = []  # enclosing numbers, e.g. ["7", "7.2"]
    heading: str | None = None
    heading_number: str | None = None
    in_definitions = False
    start = end = -1
    section: str | None = None

    def close() -> None:
        nonlocal start
        if start >= 0 and end > start:
            body = text[start:end]
            definition = in_definitions or bool(_DEFINITION.search(body[:200]))
            out.append(Clause(start, end, section, document.page_at(start), definition))
        start = -1

    pos = 0
    length = len(text)
    while pos < length:
        nl = text.find("\n", pos)
        line_end = length if nl < 0 else nl
        line_start = pos
        pos = line_end + 1
        line = text[line_start:line_end]
        stripped = line.strip()
        if not stripped:
            close()
            continue
        lead = _DECOR.match(line).end()
        body_start = line_start + lead
        number_match = _NUMBERED.match(line, lead)
        if number_match and _plausible_number(number_match, line, section):
            label = _label(number_match)
            rest = line[number_match.end() :].strip()
            rest_plain = rest.strip("*_ ").rstrip(":")
            close()
            if label.startswith("("):
                parent = number_stack[-1] if number_stack else heading_number
                section = f"{parent}{label}" if parent else label
            else:
                number_stack = [label]
                section = label
            if _is_heading(rest_plain):
                heading, heading_number = rest_plain, label
                in_definitions = bool(_DEFINITIONS_HEADING.search(rest_plain))
                continue
            inline = _INLINE_HEADING.match(line, number_match.end())
            if inline and not label.startswith("("):
                if _DEFINITIONS_HEADING.search(inline.group("title")):
                    in_definitions = True
            start, end = body_start, line_end
            continue
        if _is_heading(stripped.strip("*_#> ").rstrip(":")) and not _BULLET.match(line):
            close()
            heading = stripped.strip("*_#> ").rstrip(":")
            heading_number = None
            in_definitions = bool(_DEFINITIONS_HEADING.search(heading))
            section = heading
            number_stack = []
            continue
        if _BULLET.match(line):
            close()
            start, end = body_start, line_end
            continue
        if start < 0:
            start = body_start
            if section is None and heading:
                section = heading
        end = line_end
    close()
    return tuple(out)


def _label(match: re.Match[str]) -> str:
    if match.group("word"):
        head = match.group(0).split()[0].capitalize()
        return f"{head} {match.group('word')}"
    if match.group("num"):
        return match.group("num")
    if match.group("sub"):
        return f"({match.group('sub')})"
    return f"({match.group('letter')})"


def _plausible_number(match: re.Match[str], line: str, section: str | None) -> bool:
    """Reject numbers that are really text: '30 days ...', '2026 ...', 'a. k. a.'."""
    num = match.group("num")
    rest = line[match.end() :]
    if not rest.strip():
        return bool(match.group("word"))
    if num is not None:
        if "." not in num and not line[match.start("num") + len(num) :].startswith((".", ")")):
            # A bare "12 " starts a clause only when followed by a capitalised word.
            return rest[:1].isupper() and int(num) < 200
        return int(num.split(".")[0]) < 200
    if match.group("letter") is not None:
        return rest[:1].isupper() and len(match.group("letter")) == 1 or rest[:1].isupper()
    return True


def _is_heading(candidate: str) -> bool:
    """A short title-like line: 'Intellectual Property', 'TERM AND TERMINATION'."""
    if not candidate or len(candidate) > 90 or candidate[-1] in ".,;!?":
        return False
    words = candidate.split()
    if len(words) > 12 or not candidate[0].isalpha() or not candidate[0].isupper():
        return False
    if candidate.isupper():
        return True
    small = {"and", "or", "of", "the", "to", "for", "in", "on", "a", "an", "with", "by", "&", "-"}
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in small or not w[0].isalpha())
    return capitalised == len(words) and len(words) <= 8


def _sentences(text: str, clauses: tuple[Clause, ...]):
    for index, clause in enumerate(clauses):
        start = clause.start
        for match in _SENTENCE_END.finditer(text, clause.start, clause.end):
            cut = match.start()
            if text[cut - 1] == "." and _is_abbreviation(text, cut - 1, clause.start):
                continue
            if not _is_heading(text[start:cut].rstrip(".:").strip("*_ ")):
                yield from _bounded(text, start, cut, index)
            start = match.end()
        if start < clause.end:
            yield from _bounded(text, start, clause.end, index)


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    word_start = dot
    while word_start > floor and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _bounded(text: str, start: int, end: int, clause: int):
    """Yield [start, end) as sentences no longer than MAX_SENTENCE, cut at ', ' or spaces."""
    while end - start > MAX_SENTENCE:
        window_end = start + MAX_SENTENCE
        cut = max(text.rfind("; ", start, window_end), text.rfind(", ", start, window_end))
        if cut <= start + MAX_SENTENCE // 2:
            cut = text.rfind(" ", start + MAX_SENTENCE // 2, window_end)
        if cut <= start:
            cut = window_end
        else:
            cut += 1
        yield Sentence(start, cut, clause)
        start = cut
        while start < end and text[start] in " \n\t":
            start += 1
    if end > start:
        yield Sentence(start, end, clause)
