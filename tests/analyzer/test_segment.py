"""Clauses, sections, pages and parties."""

from __future__ import annotations

from analyzers import Limits, analyze_document, analyze_text
from analyzers.extract import document_from_text, extract
from analyzers.model import Document
from analyzers.segment import segment


def sections_of(text: str) -> list[str | None]:
    return [clause.section for clause in segment(document_from_text(text)).clauses]


def test_numbered_clauses_and_sub_items_get_their_numbers() -> None:
    text = (
        "7. Intellectual Property\n"
        "7.2 The Contractor assigns all rights to the Client.\n"
        "(b) The Client may modify the Deliverables.\n"
        "Article IV The Client pays the fees."
    )
    assert sections_of(text) == ["7.2", "7.2(b)", "Article IV"]


def test_headings_name_the_unnumbered_paragraphs_under_them() -> None:
    text = "Intellectual Property\nAll rights in the Work pass to the Client on delivery."
    assert sections_of(text) == ["Intellectual Property"]


def test_definitions_sections_are_recognised_and_not_read_as_grants() -> None:
    text = (
        "1. Definitions\n"
        '"Machine Learning Use" means any use of works to train or fine-tune a model.\n'
        "2. Services\n"
        "The Contractor will design the website."
    )
    clauses = segment(document_from_text(text)).clauses
    assert [c.is_definition for c in clauses] == [True, False]
    assert "ai_training_grant" not in analyze_text(text).categories


def test_a_definition_is_no_finding_of_the_model_either() -> None:
    # The rules skip definitions; the model, reading the whole paragraph, must not add a
    # category whose best evidence is the definition sentence itself.
    text = (
        'Schedule A\n\n"Machine Learning Use" means any use of data or works to train, '
        "validate, test or improve an algorithmic or statistical model, including large "
        "language models. For the avoidance of doubt, references to the Client include its "
        "successors, permitted assigns and affiliated entities from time to time."
    )
    assert "ai_training_grant" not in analyze_text(text).categories


def test_parties_and_roles_come_from_the_preamble() -> None:
    text = (
        'This Agreement is made between Acme Media Ltd ("Client") and Jane Doe, an independent '
        'designer ("Designer").\n1. Services\nThe Designer will create a logo.'
    )
    parties = {p.aliases[0]: p.role for p in segment(document_from_text(text)).parties}
    assert parties == {"Client": "client", "Designer": "freelancer"}


def test_names_given_to_you_and_we_in_platform_terms_take_those_sides() -> None:
    # Taxonomy v2: in a platform's own terms the user is the freelancer's side, even when
    # the terms call the user "Company"; the platform is the client's side by any name.
    text = (
        "You and the business you represent (\u201cyou,\u201d \u201cyour,\u201d or "
        "\u201cCompany\u201d) agree to these terms with Chatty LLC (collectively, "
        '"Chatty," "we," or "us").\n'
        "Company agrees to defend, indemnify and hold harmless Chatty from all claims "
        "arising from its use of the service."
    )
    parties = {p.aliases[0]: p.role for p in segment(document_from_text(text)).parties}
    assert parties == {"Company": "freelancer", "Chatty": "client"}
    assert "indemnification" in analyze_text(text).categories


def test_findings_carry_page_and_section() -> None:
    page_one = "1. Fees\nThe Client shall pay within 14 days.\n"
    page_two = "2. Rights\nThe Contractor hereby assigns all copyright in the Work to the Client.\n"
    document = Document(text=page_one + page_two, kind="pdf", page_starts=(0, len(page_one)))

    report = analyze_document(document)
    (finding,) = [f for f in report.findings if f.category == "ip_assignment"]
    assert finding.page == 2
    assert finding.section == "2"
    assert document.text[finding.start : finding.end] == finding.quote


def test_lines_of_pure_decoration_are_skipped() -> None:
    document = Document(text="the Client\n**\n> \n1. The Client pays the fees.", kind="md")
    clauses = segment(document).clauses
    assert [document.text[c.start : c.end] for c in clauses] == [
        "the Client",
        "1. The Client pays the fees.",
    ]


def test_a_long_numbered_list_keeps_every_clause_and_its_number() -> None:
    """Clause numbers go past 199 and 999 where they continue the numbering."""
    text = "\n".join(
        f"{n}. The Client shall pay invoice number {n} within thirty days." for n in range(1, 10001)
    )
    clauses = segment(document_from_text(text, limits=Limits(max_chars=1_000_000))).clauses
    assert len(clauses) == 10_000
    assert [c.section for c in clauses[198:201]] == ["199", "200", "201"]
    assert [c.section for c in clauses[-2:]] == ["9999", "10000"]


def test_a_number_out_of_sequence_is_still_text() -> None:
    text = (
        "1. The term is one year.\n2. The fee is 500 EUR.\n"
        "2026 The Client pays by 1 March.\n250 The fee is due on signing."
    )
    assert sections_of(text) == ["1", "2", "2", "2"]


def test_markdown_headings_of_any_case_name_their_sections() -> None:
    """Markdown headings lose their marks in extraction; 'You:' and 'Me:' lead lists."""
    text = (
        "## What do both parties agree to do?\n\n"
        "### Me:\n\n"
        "- I'll keep everything you give me confidential.\n\n"
        "## The work\n\n"
        "The requirements for the work can be changed at any time.\n"
    )
    document = extract(text.encode(), "contract.md")
    clauses = segment(document).clauses
    by_text = {document.text[c.start : c.end].lstrip("- "): c for c in clauses}
    item = by_text["I'll keep everything you give me confidential."]
    assert item.section == "What do both parties agree to do?"
    assert item.lead_in is not None and document.text[slice(*item.lead_in)] == "Me:"
    assert by_text["The requirements for the work can be changed at any time."].section == (
        "The work"
    )
