"""Document -> clauses (with section number or heading, page, offsets) and sentences.

Extraction delivers one paragraph per line, so every line is a clause. A numbered line
("7.2", "(b)", "Article IV", "Section 3") sets the section; a heading line ("Intellectual
Property", "10. CUSTOMER CONTENT") is not a clause but names the section of the paragraphs
under it. Sentences are the unit rules look at: short enough to quote, and they keep
pattern work bounded.
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
    r"|(?P<num>[0-9]{1,5}(?:\.[0-9]{1,3}){0,4})(?:\.(?![0-9])|\)|(?=[ \t]))"
    r"|\((?P<sub>[a-z]{1,2}|[ivx]{1,6}|[0-9]{1,2})\)"
    r"|(?P<letter>[a-z]|[ivx]{1,6})[.)](?=[ \t]))"
    r"[ \t]*(?:\*\*|__)?[ \t]*",
    re.IGNORECASE,
)
_BULLET = re.compile(r"[ \t]*(?:[-*•▪◦‣●]|\d{1,2}\))[ \t]+")
_INLINE_HEADING = re.compile(
    r"(?:\*\*|__)?(?P<title>[A-Z][^.\n]{1,90}?)(?:\*\*|__)?\.(?:\*\*|__)?[ \t]"
)
# How far from its start the title of an inline heading can reach (its group above).
_INLINE_TITLE_REACH = 2 + 1 + 90
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*[ \t\n]+(?=[\"'“‘(\[]?[A-Z0-9(])|\n[ \t]*\n")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc inc ltd co corp no nos art arts sec secs u.s u.k mr mrs ms dr st vs cf approx "
    "p pp para paras incl esp fig jr sr llc plc gmbh s.a v".split()
)
_DEFINITIONS_HEADING = re.compile(
    r"\b(?:definitions?|interpretation|defined terms)\b", re.IGNORECASE
)

_LABEL_ONLY = re.compile(
    r"\(?(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[a-z]{1,2}|[ivxlc]{1,6})[.)]{1,2}", re.I
)

_DECOR_INITIALS = frozenset(" \t#>*_")
_BULLET_INITIALS = frozenset(" \t-*•▪◦‣●0123456789")
_KEYWORD_INITIALS = frozenset("scaepSCAEP")  # Section, Clause, Article, Annex, Exhibit, Part...
_MAYBE_SPLIT = re.compile(r"[.!?][\"')\]]*\s")

# Sentence-case headings and questions standing above a paragraph are at most this long.
_SENTENCE_CASE_WORDS = 6
_QUESTION_WORDS = 12
_SHORT_HEADING_CHARS = 70

# Top-level numbers from this on are taken for clause numbers only where they continue
# the numbering ("199.", "200."): a line starting "2026 " or "250 " is usually text.
_FREE_NUMBERS = 200

_MAX_SPLITS = 2000  # sentences looked for in one paragraph; real ones have a few

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
    """One clause per paragraph line; headings name sections; lists keep their lead-in."""
    text = document.text
    out: list[list] = []  # [start, end, section, is_definition, lead_in], mutable while lines join
    parent: str | None = None  # the last "7" or "7.2", for labelling "(b)" as "7.2(b)"
    top = 0  # the last top-level clause number, so "200." may follow "199."
    section: str | None = None  # what an unnumbered paragraph is filed under
    in_definitions = False
    lead_in: tuple[int, int] | None = None  # a paragraph ending in ":" introducing a list
    pos = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            lead_in = None
            continue
        decorated = line[0] in _DECOR_INITIALS
        body_start = line_start + (_DECOR.match(line).end() if decorated else 0)
        body_end = line_start + len(line.rstrip())
        if body_end <= body_start:
            continue  # only decoration ("**", "> ")
        label, rest = _number(line, body_start - line_start, top + 1)
        title = rest.strip("*_#> ")
        following_line = lines[index + 1] if index + 1 < len(lines) else ""
        if _names_section(title, following_line) and (label is None or not label.startswith("(")):
            parent = label or parent
            section = label or title
            top = _top_number(label or "") or top
            in_definitions = bool(_DEFINITIONS_HEADING.search(title))
            lead_in = None
            continue
        is_item = line[0] in _BULLET_INITIALS and _BULLET.match(line) is not None
        if out and label is None and not is_item and _continues(text, out[-1][1], body_start):
            out[-1][1] = body_end  # a hard-wrapped line: the paragraph above goes on
            continue
        if label is not None:
            if label.startswith("(") or (lead_in is not None and "." not in label):
                is_item = True
                section = f"{parent}{label}" if parent and label.startswith("(") else label
            else:
                parent = section = label
                top = _top_number(label) or top
                if _inline_definitions_heading(line, len(line) - len(rest)):
                    in_definitions = True
        out.append([body_start, body_end, section, in_definitions, lead_in if is_item else None])
        if line.rstrip().endswith(":"):
            lead_in = (body_start, body_end)
        elif not is_item:
            lead_in = None
    return tuple(
        Clause(start, end, section, document.page_at(start), definition, lead)
        for start, end, section, definition, lead in out
    )


def _inline_definitions_heading(line: str, at: int) -> bool:
    """Does the clause text at ``at`` open with a heading naming definitions ("1.
    Definitions. In this Agreement...")?"""
    window = line[at : at + _INLINE_TITLE_REACH]
    if window.isascii():
        # Cheap test first: the heading regex is slow where it fails, on most clauses.
        lowered = window.lower()
        if "defin" not in lowered and "interpretation" not in lowered:
            return False
    inline = _INLINE_HEADING.match(line, at)
    return bool(inline and _DEFINITIONS_HEADING.search(inline.group("title")))


def _continues(text: str, previous_end: int, start: int) -> bool:
    """Does the line at ``start`` continue the paragraph ending at ``previous_end``?"""
    last = text[previous_end - 1]
    if last in ".;:!?)\"'":
        return False
    first = text[start]
    return first.islower() or last in ",-("


def _number(line: str, at: int, following: int) -> tuple[str | None, str]:
    """The clause number at ``at`` ("7.2", "(b)", "Article IV") and the text after it.

    ``following`` is the top-level number that would continue the numbering so far.
    """
    first, second = line[at : at + 1], line[at + 1 : at + 2]
    if not (first.isdigit() or first == "(" or second in ".)" or first in _KEYWORD_INITIALS):
        return None, line[at:]  # cheap test first: most lines start with a plain word
    match = _NUMBERED.match(line, at)
    if match is None or not _plausible_number(match, line, following):
        return None, line[at:]
    return _label(match), line[match.end() :]


def _top_number(label: str) -> int | None:
    """7 for "7" and "7.2"; None for "Article IV" or "(b)"."""
    head = label.split(".")[0]
    return int(head) if head.isdigit() else None


def _label(match: re.Match[str]) -> str:
    if match.group("word"):
        head = match.group(0).split()[0].capitalize()
        return f"{head} {match.group('word')}"
    if match.group("num"):
        return match.group("num")
    if match.group("sub"):
        return f"({match.group('sub')})"
    return f"({match.group('letter')})"


def _plausible_number(match: re.Match[str], line: str, following: int) -> bool:
    """Reject numbers that are really text: '30 days ...', '2026 ...', 'a. k. a.'."""
    num = match.group("num")
    rest = line[match.end() :]
    if not rest.strip():
        return bool(match.group("word"))
    if num is not None:
        top = int(num.split(".")[0])
        in_range = top < _FREE_NUMBERS or top in (following - 1, following)
        if "." not in num and not line[match.start("num") + len(num) :].startswith((".", ")")):
            # A bare "12 " starts a clause only when followed by a capitalised word.
            return rest[:1].isupper() and in_range
        return in_range
    if match.group("letter") is not None:
        return rest[:1].isupper()
    return True


def _names_section(title: str, following_line: str) -> bool:
    """Is this line a heading that names the section of the paragraphs under it?

    Title-case and upper-case lines are ('Intellectual Property', 'TERM AND TERMINATION'),
    and so are short sentence-case lines and questions standing above a new paragraph, as
    Markdown headings read once their marks are gone ('The work', 'What do we agree?').
    A line ending in a colon introduces a list ('You:', 'Me:'); only an upper-case one
    ('DEFINITIONS:') is a heading.
    """
    if title.endswith(":"):
        title = title.rstrip(":")
        return title.isupper() and _is_heading(title)
    if _is_heading(title):
        return True
    if len(title) > _SHORT_HEADING_CHARS or not title[:1].isupper() or title[-1:] in ".,;!:":
        return False  # tested before counting words: most lines are long sentences
    words = title.split()
    short = len(words) <= (_QUESTION_WORDS if title.endswith("?") else _SENTENCE_CASE_WORDS)
    return short and _starts_paragraph(following_line)


def _starts_paragraph(line: str) -> bool:
    """Does ``line`` start a paragraph of its own (not continue a wrapped sentence)?"""
    first = line.lstrip(" \t#>*_")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in '-•("“')


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
    capitalised = sum(
        1 for w in words if w[0].isupper() or w.lower() in small or not w[0].isalpha()
    )
    return capitalised == len(words) and len(words) <= 8


def _sentences(text: str, clauses: tuple[Clause, ...]):
    for index, clause in enumerate(clauses):
        start = clause.start
        if not _MAYBE_SPLIT.search(text, clause.start, clause.end):
            # One sentence, as most clauses are; one short enough to need no cut, mostly.
            if clause.end - start > MAX_SENTENCE:
                yield from _bounded(text, start, clause.end, index)
            elif clause.end > start:
                yield Sentence(start, clause.end, index)
            continue
        for splits, match in enumerate(_SENTENCE_END.finditer(text, clause.start, clause.end)):
            if splits > _MAX_SPLITS:
                break  # "1. 1. 1. ...": no prose; the rest is cut in plain chunks below
            cut = match.start()
            if (text[cut - 1] == "." and _is_abbreviation(text, cut - 1, clause.start)) or (
                _LABEL_ONLY.fullmatch(text, start, cut)  # "(iv). Developing...": not a sentence
            ):
                continue
            if not _is_heading(_strip_label(text[start:cut]).rstrip(".:").strip("*_ ")):
                yield from _bounded(text, start, cut, index)
            start = match.end()
        if start < clause.end:
            yield from _bounded(text, start, clause.end, index)


def _strip_label(sentence: str) -> str:
    match = _NUMBERED.match(sentence)
    return sentence[match.end() :] if match else sentence


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
