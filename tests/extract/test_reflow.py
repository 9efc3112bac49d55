"""Joining wrapped lines: where a clause ends, and which line-end hyphens were typesetting."""

from __future__ import annotations

from itertools import pairwise

import pytest

from analyzers.extract.reflow import Join, Line, continues, join_lines

WIDTH = 60.0


def line(text: str, *, hyphen: bool = False, page: int = 0) -> Line:
    """A line of a 60-character monospaced column."""
    return Line(text, page=page, x0=0.0, x1=float(len(text)), bottom=1.0, hyphen=hyphen)


def join(a: str, b: str) -> Join:
    first = line(a)
    return continues(first, line(b), WIDTH - first.x1, 1.0)


FULL = "The Client shall pay all undisputed invoices as set out in"  # 58 characters


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("Section 7.2 of this Agreement.", Join.SPACE),
        ("7.2 of this Agreement.", Join.SPACE),
        ("the Statement of Work.", Join.SPACE),
    ],
)
def test_a_full_line_runs_on(second: str, expected: Join) -> None:
    assert join(FULL, second) is expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The Designer shall, at its own cost and without delay:", "(a) deliver the files;"),
        ("deliver the final files to the Client within ten days; and", "(b) correct defects."),
        ("All fees are exclusive of value added tax and are payable.", "3. Intellectual Property"),
        ("1. Services", "1.1 The Designer shall provide the services."),
    ],
)
def test_a_new_item_or_heading_starts_a_paragraph(first: str, second: str) -> None:
    assert join(first, second) is Join.BREAK


def test_a_line_that_ends_early_ends_its_paragraph() -> None:
    assert join("The Client owns the Deliverables.", "Payment is due in 30 days.") is Join.BREAK


def test_word_split_by_typesetting_is_rejoined() -> None:
    lines = [line("This agree", hyphen=True), line("ment binds the parties.")]

    text, _ = join_lines(lines, [Join.BREAK, Join.WORD])

    assert text == "This agreement binds the parties."


def test_hyphen_of_a_compound_the_document_uses_is_kept() -> None:
    lines = [
        line("The licence is royalty", hyphen=True),
        line("free and non", hyphen=True),
        line("exclusive. A self-employed contractor."),
        line("The self", hyphen=True),
        line("employed Designer."),
    ]
    joins = [Join.BREAK, Join.WORD, Join.WORD, Join.BREAK, Join.WORD]

    text, _ = join_lines(lines, joins)

    assert text.split("\n") == [
        "The licence is royalty-free and non-exclusive. A self-employed contractor.",
        "The self-employed Designer.",
    ]


def test_plain_text_keeps_its_hyphens_unless_the_word_is_known_whole() -> None:
    lines = [line("work in-"), line("progress and the agree-"), line("ment; this agreement.")]
    joins = [Join.BREAK] + [continues(a, b, 0.0, 1.0) for a, b in pairwise(lines)]

    text, _ = join_lines(lines, joins, keep_hyphens=True)

    assert text == "work in-progress and the agreement; this agreement."


def test_page_starts_follow_the_text_even_mid_paragraph() -> None:
    lines = [line("First page text that runs", page=0), line("on to page two.", page=1)]
    lines.append(line("Page four.", page=3))

    text, starts = join_lines(lines, [Join.BREAK, Join.SPACE, Join.BREAK], pages=4)

    assert text == "First page text that runs on to page two.\nPage four."
    assert starts == (0, text.index("on to"), text.index("Page four"), text.index("Page four"))
