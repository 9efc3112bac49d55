"""What a member sees on Telegram, Discord and the console, for real-shaped reports."""

from __future__ import annotations

import re

import pytest

from analyzers.model import CATEGORIES, Protection, Report
from responses import discord_format, plain_format, telegram_format
from responses.blocks import Block, Button, Field, Reply
from responses.build import clause_reply, contract_reply
from responses.limits import CHAT_DETAILED_GROUPS, QUOTE_CHARS, REPORT_FILENAME
from responses.playbook import PLAYBOOK
from tests.responses.checks import (
    check_discord,
    check_telegram,
    count_disclaimer,
    discord_visible,
    rendered_everywhere,
    telegram_visible,
)
from tests.responses.conftest import HOSTILE, finding, report

# --- a 150-page contract ---------------------------------------------------------------


def test_long_contract_header_findings_and_steps(long_report: Report) -> None:
    reply = contract_reply(long_report, filename="Big Contract.pdf", analysis_id="a1b2c3")
    for platform, text in rendered_everywhere(reply).items():
        assert "Contract check: Big Contract.pdf" in text, platform
        assert "Score 12/100, grade F" in text, platform
        assert "Exposed. The client may use your work to train AI." in text, platform
        high, medium = long_report.count("high"), long_report.count("medium")
        assert f"{high} high · {medium} medium" in text, platform
        assert "150 pages, 1,800 clauses" in text, platform
        assert "1. AI training allowed" in text, platform
        assert "Also found" in text, platform
        assert "Next steps" in text and "/noai rider" in text, platform
        assert REPORT_FILENAME in text, platform
        # The AI negotiation notes appear because the verdict is "exposed".
        assert "How to negotiate it" in text or "how to negotiate it" in text, platform
        assert "Red flag" in text, platform
        assert count_disclaimer(text) == 1, platform


def test_long_contract_keeps_chat_short_and_attaches_the_full_report(
    long_report: Report,
) -> None:
    reply = contract_reply(long_report, filename="Big Contract.pdf")
    numbered = [b.title for b in reply.blocks if b.title and re.match(r"\d+\. ", b.title)]
    assert len(numbered) == CHAT_DETAILED_GROUPS
    # High risks come first.
    first_titles = [t.split(". ", 1)[1] for t in numbered]
    highs = [PLAYBOOK[c].title for c in CATEGORIES if _default_high(c)]
    assert first_titles[: len(highs)] == highs
    assert len(telegram_format.render(reply)) <= 5
    assert len(discord_format.render(reply)) <= 3

    (file,) = reply.files
    assert file.filename == REPORT_FILENAME
    assert file.mime == "text/markdown"
    markdown = file.data.decode("utf-8")
    assert "Big Contract" not in markdown  # the user's filename stays out of the file
    for category in CATEGORIES:
        assert PLAYBOOK[category].title in markdown
        if category != "ai_protection":
            assert PLAYBOOK[category].line in markdown
            assert PLAYBOOK[category].fallback in markdown
    for f in long_report.findings:
        assert f"Section {f.section}, page {f.page}." in markdown
    assert count_disclaimer(markdown) == 1
    assert "\\<b\\>bold\\</b\\>" in markdown and "<b>" not in markdown


def _default_high(category: str) -> bool:
    from analyzers.model import DEFAULT_SEVERITY

    return DEFAULT_SEVERITY[category] == "high"


def test_feedback_buttons_sit_under_their_finding(long_report: Report) -> None:
    reply = contract_reply(long_report, analysis_id="a1b2c3")
    messages = check_telegram(reply)
    seen = 0
    for message in messages:
        visible = telegram_visible(message.text)
        for row in message.buttons:
            actions = [b.action for b in row]
            if not actions[0].startswith("fb:"):
                continue
            _, analysis_id, index, _ = actions[0].split(":")
            assert analysis_id == "a1b2c3"
            assert actions == [f"fb:a1b2c3:{index}:up", f"fb:a1b2c3:{index}:down"]
            number = re.search(r"#(\d+)", row[0].label).group(1)
            category = long_report.findings[int(index)].category
            assert f"{number}. {PLAYBOOK[category].title}" in visible
            seen += 1
    assert seen == CHAT_DETAILED_GROUPS
    discord_actions = [b.action for m in check_discord(reply) for b in m.buttons]
    assert len([a for a in discord_actions if a.startswith("fb:")]) == 2 * CHAT_DETAILED_GROUPS


def test_no_feedback_buttons_without_an_analysis_id(long_report: Report) -> None:
    reply = contract_reply(long_report)
    assert not any(b.buttons for b in reply.blocks)


# --- quotes ------------------------------------------------------------------------------


def test_quotes_are_short_verbatim_excerpts(long_report: Report) -> None:
    reply = contract_reply(long_report)
    quoted = [b for b in reply.blocks if b.quote]
    assert len(quoted) == CHAT_DETAILED_GROUPS
    for block in quoted:
        quote = block.quote
        assert len(quote) <= QUOTE_CHARS
        assert "  " not in quote and "\n" not in quote
        body = quote.removesuffix("…")
        sources = [" ".join(f.quote.split()) for f in long_report.findings]
        assert any(s.startswith(body) for s in sources)
        if quote.endswith("…"):  # trimmed at a word boundary
            source = next(s for s in sources if s.startswith(body))
            assert source[len(body)] in " ,;:-–—"


def test_hostile_quote_renders_inert_on_telegram() -> None:
    reply = clause_reply(report([finding("broad_media_rights", quote=HOSTILE)]))
    html = "".join(m.text for m in check_telegram(reply))
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html
    assert "<a" not in html
    assert "http://evil" not in html and "https://evil" not in html
    assert "evil.example" not in html  # bare domains are not linkified either
    visible = "".join(telegram_visible(m.text) for m in telegram_format.render(reply))
    assert HOSTILE in visible  # the member still reads the exact words


def test_hostile_quote_renders_inert_on_discord() -> None:
    reply = clause_reply(report([finding("broad_media_rights", quote=HOSTILE)]))
    messages = check_discord(reply)
    raw = "\n".join(e.get("description", "") for m in messages for e in m.embeds)
    assert "@everyone" not in raw and "@\u200beveryone" in raw
    assert "\\*star\\*" in raw and "\\_under\\_" in raw
    assert "\\|\\|spoiler\\|\\|" in raw
    assert "\\[x\\]" in raw
    assert "\\<b\\>bold\\</b\\>" in raw
    assert "http://evil" not in raw and "https://evil" not in raw
    assert "> " in raw  # shown as a quote
    assert HOSTILE in discord_visible(raw)


def test_hostile_text_everywhere_else_is_escaped_too() -> None:
    """Filenames, section headings and names are member text as well."""
    bad = "@everyone <i>x</i> [x](http://evil)"
    f = finding("payment_terms", section=bad, quote="Net 90.")
    reply = contract_reply(report([f]), filename=bad)
    for message in check_discord(reply):
        for embed in message.embeds:
            assert "@everyone" not in str(embed)
            assert "http://evil" not in str(embed)
    html = "".join(m.text for m in check_telegram(reply))
    assert "<i>x</i>" not in html and "@everyone" not in html


# --- a single clause ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("findings", "answer"),
    [
        ([finding("ai_training_grant")], "Yes, this clause is risky"),
        ([finding("payment_terms")], "Partly: worth negotiating"),
        ([finding("auto_renewal")], "Partly: minor points"),
        (
            [finding("ai_protection", protection=Protection(5, ()))],
            "No, this clause protects you",
        ),
        (
            [
                finding("ai_protection", protection=Protection(1, ("third_parties",) * 4)),
                finding("ai_training_grant"),
            ],
            "Yes, this clause is risky",
        ),
        (
            [
                finding("ai_protection", protection=Protection(2, ("remedy",) * 3)),
                finding("ip_assignment"),
            ],
            "Partly: some protection, some risk",
        ),
        ([], "No, I found nothing risky"),
    ],
)
def test_single_clause_answers_first(findings: list, answer: str) -> None:
    verdict = "exposed" if any(f.category == "ai_training_grant" for f in findings) else "unclear"
    reply = clause_reply(report(findings, verdict=verdict), analysis_id="z9")
    for platform, text in rendered_everywhere(reply).items():
        assert answer in text[:50], platform  # the answer comes first
        assert count_disclaimer(text) == 1, platform


def test_single_clause_detail_has_quote_why_ask_and_negotiation() -> None:
    f = finding(
        "non_compete",
        section="9.1",
        quote="The Contractor shall not work for any competitor for 24 months.",
        suggestion="Delete this clause.",
    )
    reply = clause_reply(report([f]), analysis_id="id7")
    text = rendered_everywhere(reply)["telegram"]
    assert "Yes, this clause is risky" in text
    assert "I found: Non-compete or exclusivity." in text
    assert "Section 9.1." in text
    assert "The Contractor shall not work for any competitor for 24 months." in text
    assert "Why it matters: Why non_compete matters to a freelancer." in text
    assert "What to ask for: Ask to change the non_compete clause." in text
    assert "Suggested wording: Delete this clause." in text
    assert f"Say to the client: {PLAYBOOK['non_compete'].line}" in text
    assert f"If they refuse: {PLAYBOOK['non_compete'].fallback}" in text
    assert reply.files == ()
    actions = [b.action for block in reply.blocks for b in block.buttons]
    assert actions == ["fb:id7:0:up", "fb:id7:0:down"]


def test_protection_strength_is_explained() -> None:
    f = finding("ai_protection", protection=Protection(3, ("remedy", "text_and_data_mining")))
    text = rendered_everywhere(clause_reply(report([f], verdict="protected")))["telegram"]
    assert "No, this clause protects you" in text
    assert "Strength: 3/5. Missing: names a remedy" in text
    assert "text-and-data mining" in text


def test_nothing_found_in_a_clause_says_what_was_checked() -> None:
    text = rendered_everywhere(clause_reply(report([])))["telegram"]
    assert "What I checked (22 kinds of clause)" in text
    for category in CATEGORIES:
        assert PLAYBOOK[category].title in text


# --- a contract with no findings --------------------------------------------------------


def test_contract_without_findings() -> None:
    clean = report([], score=100, grade="A", verdict="unclear", pages=3, clauses=24)
    reply = contract_reply(clean, filename="clean.docx")
    assert reply.files == ()
    for platform, text in rendered_everywhere(reply).items():
        assert "Score 100/100, grade A. Nothing risky found." in text, platform
        assert "Nothing flagged" in text, platform
        assert "Not addressed. Nothing about AI training either way." in text, platform
        assert "What I checked (22 kinds of clause)" in text, platform
        assert "Add a no-AI clause: /noai." in text, platform
        assert "Still read payment, ownership and cancellation yourself" in text, platform
        assert count_disclaimer(text) == 1, platform


def test_short_contract_shows_everything_in_chat() -> None:
    findings = [
        finding("ai_training_grant", page=2, section="4.1", start=10),
        finding("ip_assignment", page=2, section="4.2", start=20),
        finding("payment_terms", page=1, section="3", start=5),
    ]
    reply = contract_reply(report(findings, verdict="exposed", pages=4))
    assert reply.files == ()
    text = rendered_everywhere(reply)["telegram"]
    assert "1. AI training allowed" in text
    assert "2. You hand over all rights" in text
    assert "3. Slow or conditional payment" in text
    assert "Also found" not in text
    assert f"Say to the client: {PLAYBOOK['ip_assignment'].line}" in text
    steps = text.split("Next steps", 1)[1]
    assert "1. Ask to remove the AI-training permission (section 4.1, page 2)" in steps
    assert "2. Transfer rights only on full payment" in steps
    assert "3. Ask for payment within 30 days and a late fee (section 3, page 1)." in steps


def test_repeated_findings_are_grouped_with_their_places() -> None:
    findings = [
        finding("payment_terms", page=p, section=f"{p}.1", start=p * 10) for p in range(1, 8)
    ]
    text = rendered_everywhere(contract_reply(report(findings)))["telegram"]
    assert "1. Slow or conditional payment" in text
    assert "Section 1.1, page 1." in text
    assert "Also 6 more times: 2.1 (p. 2), 3.1 (p. 3), 4.1 (p. 4), 5.1 (p. 5) and 2 more." in text


# --- splitting ---------------------------------------------------------------------------

VOCAB = [f"w{n:05d}" for n in range(6000)]


def _tokens(text: str) -> list[str]:
    return re.findall(r"w\d+", text)


def _long_reply() -> Reply:
    words = " ".join(VOCAB[:2500])
    paragraphs = "\n\n".join(" ".join(VOCAB[i : i + 300]) for i in range(2500, 4000, 300))
    return Reply(
        blocks=(
            Block(title="Long text", text=words + "\n\n" + paragraphs, buttons=(Button("A", "a"),)),
            Block(
                title="Long quote and fields",
                quote=" ".join(VOCAB[4000:4900]),
                fields=(Field("Big field", " ".join(VOCAB[4900:5500])),),
            ),
            Block(title="Long code", code="\n".join(VOCAB[5500:6000])),
        ),
        footer="Not legal advice.",
        buttons=(Button("B", "b"),),
    )


def test_long_blocks_split_between_words_never_inside_one() -> None:
    reply = _long_reply()
    telegram = check_telegram(reply)
    assert len(telegram) > 3
    tokens: list[str] = []
    for message in telegram:
        tokens += _tokens(telegram_visible(message.text))
    assert tokens == VOCAB  # every word once, whole, in order

    discord_messages = check_discord(reply)
    tokens = []
    for message in discord_messages:
        for embed in message.embeds:
            tokens += _tokens(embed.get("description", ""))
            for fld in embed.get("fields", []):
                tokens += _tokens(fld["value"])
    assert tokens == VOCAB


def test_buttons_of_a_split_block_and_the_reply_land_where_expected() -> None:
    telegram = telegram_format.render(_long_reply())
    actions = [[b.action for row in m.buttons for b in row] for m in telegram]
    assert actions[-1] == ["b"]
    assert sum(a.count("a") for a in actions) == 1
    holder = next(i for i, a in enumerate(actions) if "a" in a)
    assert "w03999" in telegram_visible(telegram[holder].text)  # end of that block


def test_discord_splits_many_buttons_and_embeds_across_messages() -> None:
    blocks = tuple(
        Block(title=f"Item {n}", text="x " * 300, buttons=(Button(f"up {n}", f"u{n}"),) * 2)
        for n in range(40)
    )
    reply = Reply(blocks=blocks, footer="Not legal advice.", buttons=(Button("End", "end"),))
    messages = check_discord(reply)
    actions = [b.action for m in messages for b in m.buttons]
    assert actions == [a for n in range(40) for a in (f"u{n}", f"u{n}")] + ["end"]
    titles = [e["title"] for m in messages for e in m.embeds if "title" in e]
    assert titles == [f"Item {n}" for n in range(40)]
    assert messages[-1].embeds[-1]["footer"]["text"] == "Not legal advice."


def test_plain_text_has_no_markup_and_keeps_text_verbatim() -> None:
    reply = clause_reply(report([finding("broad_media_rights", quote=HOSTILE)]))
    text = plain_format.render(reply)
    assert "\u200b" not in text and "\\*" not in text
    joined = " ".join(line.strip().removeprefix("> ") for line in text.splitlines())
    assert HOSTILE in joined


@pytest.mark.parametrize(
    ("count", "pages", "attached"),
    [(8, None, False), (9, None, True), (8, 10, False), (1, 11, True), (0, 150, True)],
)
def test_markdown_report_only_for_long_contracts(
    count: int, pages: int | None, attached: bool
) -> None:
    findings = [finding("payment_terms", page=1, start=n) for n in range(count)]
    reply = contract_reply(report(findings, pages=pages))
    assert [f.filename for f in reply.files] == ([REPORT_FILENAME] if attached else [])
    text = rendered_everywhere(reply)["telegram"]
    assert (REPORT_FILENAME in text) is attached


def test_unprotected_contract_gets_the_ai_negotiation_notes() -> None:
    reply = contract_reply(report([finding("ip_assignment", section="5")], verdict="unprotected"))
    text = rendered_everywhere(reply)["discord"]
    assert "Unprotected. No AI clause, but broad rights leave the door open" in text
    assert "Nothing here stops AI training on your work. Add a no-AI clause (/noai)" in text
    assert "If they ask you to remove your AI clause:" in text
    assert "Red flag:" in text
    steps = text.split("Next steps", 1)[1]
    assert "1. Add a no-AI clause, so AI training on your work is clearly off: /noai." in steps


def test_protected_contract_has_no_ai_negotiation_block() -> None:
    f = finding("ai_protection", protection=Protection(5, ()))
    reply = contract_reply(report([f], verdict="protected", score=100, grade="A"))
    text = rendered_everywhere(reply)["telegram"]
    assert "Protected. A clause limits AI use of your work." in text
    assert "Red flag" not in text
    assert "Strength: 5/5: a complete AI clause." in text
