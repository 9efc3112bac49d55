"""The Markdown report file: contract text in it stays text when a Markdown viewer opens it.

Rendered with cmarkgfm, GitHub's own Markdown engine (autolinks, tables, strikethrough):
every heading and quote from the contract must come out exactly as written, with no link,
image, emphasis, list or HTML of its own.
"""

from __future__ import annotations

import html
import re

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from responses import markdown_format
from responses.build import full_report
from tests.responses.conftest import finding, report

HEADINGS = [
    "Use of **Deliverables** and __AI__",
    "Terms [click here](http://evil.example/steal) ![pixel](http://evil.example/p.png)",
    "Payment <img src=x onerror=alert(1)> &amp; &lt;b&gt; `code`",
    "Rights https://evil.example/x www.evil.example ~~struck~~ $x^2$ | a | b |",
    "# Not a heading _under_ *star*",
]
QUOTES = [
    "1. The Client may use the Deliverables to train models.",
    "- The Client may sublicense the Deliverables.",
    "+ see https://evil.example/terms and <script>alert(1)</script> &copy; 2026",
    "> quoted [x](http://evil.example)",
]


def _rendered(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def _visible(fragment: str) -> str:
    """The text a reader sees in rendered HTML."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _tags(fragment: str) -> list[str]:
    """The elements of rendered HTML, in order: the shape of the page."""
    return re.findall(r"</?([a-z0-9]+)", fragment)


def _report_html(heading: str, quotes: list[str]) -> str:
    categories = ("ai_training_grant", "sublicense_third_party", "payment_terms", "ip_assignment")
    findings = [
        finding(category, section=heading, quote=quote, start=1000 * n, page=n + 1)
        for n, (category, quote) in enumerate(zip(categories, quotes, strict=True))
    ]
    return _rendered(markdown_format.render(full_report(report(findings, verdict="exposed"))))


@pytest.mark.parametrize("heading", HEADINGS)
def test_headings_and_quotes_stay_text(heading: str) -> None:
    plain = _report_html("Plain heading", [f"Plain quote {n}." for n in range(len(QUOTES))])
    rendered = _report_html(heading, QUOTES)
    # Not one element more or less than with harmless text: no link, image, list, code...
    assert _tags(rendered) == _tags(plain)
    visible = _visible(rendered)
    assert f"“{heading[:25]}" in visible  # the heading as written (long ones are trimmed)
    for quote in QUOTES:
        assert quote in visible
