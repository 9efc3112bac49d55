"""Splitting, trimming and escaping: the building blocks every renderer relies on."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from responses import escape
from responses.split import split_text, trim, ulen
from responses.wording import short_quote
from tests.responses.checks import discord_visible, telegram_visible

WORD = st.text(alphabet="abcdefghijklmnop<>&*_@|[]()#-.:/é😀", min_size=1, max_size=12)
TEXT = st.lists(
    st.tuples(WORD, st.sampled_from([" ", " ", " ", "\n", "\n\n", ". "])), max_size=200
).map(lambda pairs: "".join(w + sep for w, sep in pairs))


@settings(max_examples=150, deadline=None)
@given(text=TEXT, limit=st.integers(min_value=40, max_value=400))
def test_split_pieces_fit_and_keep_every_word(text: str, limit: int) -> None:
    cost = lambda piece: ulen(escape.telegram(piece))  # noqa: E731
    pieces = split_text(text, limit, cost=cost)
    assert all(cost(p) <= limit for p in pieces)
    assert all(p == p.strip() and p for p in pieces)
    assert " ".join(pieces).split() == text.split()  # no word cut or lost


def test_split_prefers_paragraphs_then_lines_then_sentences() -> None:
    text = "First paragraph is here.\n\nSecond one. It has two sentences."
    assert split_text(text, 40) == ["First paragraph is here.", "Second one. It has two sentences."]
    lines = "line one is long\nline two is long\nline three"
    assert split_text(lines, 35) == ["line one is long\nline two is long", "line three"]
    sentences = "Alpha beta gamma. Delta epsilon zeta eta theta."
    assert split_text(sentences, 30) == ["Alpha beta gamma.", "Delta epsilon zeta eta theta."]


def test_split_counts_utf16_like_the_platforms() -> None:
    assert ulen("😀") == 2 and ulen("é") == 1
    pieces = split_text("😀 " * 100, 21)
    assert all(ulen(p) <= 21 for p in pieces)


def test_only_an_overlong_word_is_ever_cut() -> None:
    assert split_text("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_trim_at_word_boundary_with_ellipsis() -> None:
    assert trim("short", 10) == "short"
    assert trim("one two three four five", 14) == "one two three…"
    assert trim("one two, three", 10) == "one two…"
    assert len(trim("x" * 50, 10)) == 10


@given(st.text(max_size=800))
def test_short_quote_is_a_verbatim_prefix(quote: str) -> None:
    short = short_quote(quote)
    collapsed = " ".join(quote.split())
    assert len(short) <= 300
    assert collapsed.startswith(short.removesuffix("…"))
    assert short == collapsed or short.endswith("…")


@given(st.text(max_size=300))
def test_escaped_text_reads_the_same_on_every_platform(text: str) -> None:
    assert telegram_visible(escape.telegram(text)) == text
    assert discord_visible(escape.discord(text)) == text


def test_mentions_and_links_are_broken() -> None:
    raw = "@everyone @here <@123> see https://evil.example/a and www.evil.example and evil.example"
    for rendered in (escape.telegram(raw), escape.discord(raw)):
        assert "@everyone" not in rendered and "@here" not in rendered
        assert "https://" not in rendered and "evil.example" not in rendered
    assert "<@123>" not in escape.discord(raw)
    assert html.unescape(escape.unfang(escape.telegram(raw))) == raw


def test_discord_line_start_markdown_is_escaped() -> None:
    raw = "# Heading\n- item\n> quote\n1. first\n-# small"
    escaped = escape.discord(raw)
    assert escaped.splitlines() == [
        "\\# Heading",
        "\\- item",
        "\\> quote",
        "1\\. first",
        "\\-# small",
    ]
    assert discord_visible(escaped) == raw


def test_code_fences_cannot_be_closed_early() -> None:
    assert "```" not in escape.discord_code("a ``` b")
    assert escape.telegram_code("<pre>") == "&lt;pre&gt;"
