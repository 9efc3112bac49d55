"""/noai: the templates, their claimed strength, fill-ins, files and replies."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from analyzers import analyze_text
from analyzers.model import PROTECTION_POINTS
from responses import noai
from responses.build import clause_reply
from responses.noai import NOAI_KINDS, TEMPLATES
from responses.playbook import AI_ARGUMENTS, RED_FLAG, REMOVE_AI_CLAUSE_REPLY
from tests.responses.checks import count_disclaimer, rendered_everywhere

BLANKS = ("[CLIENT NAME]", "[FREELANCER NAME]", "[DESCRIBE THE DELIVERABLES]")
RISKY_WORDS = re.compile(r"(?i)\b(perpetual|irrevocabl\w*|indemnif\w*|hold harmless|worldwide)\b")


def test_kinds_and_claims() -> None:
    assert NOAI_KINDS == ("general", "specific", "full", "licence", "rider")
    assert set(TEMPLATES) == set(NOAI_KINDS)
    claims = {kind: TEMPLATES[kind].claimed_points for kind in NOAI_KINDS}
    assert claims == {"general": 2, "specific": 4, "full": 5, "licence": 3, "rider": 5}
    for template in TEMPLATES.values():
        assert set(template.covers) <= set(PROTECTION_POINTS)
        assert set(template.missing) == set(PROTECTION_POINTS) - set(template.covers)


def test_rider_covers_every_point_in_plain_words() -> None:
    text = noai.template_text("rider")
    assert text.startswith("AI USAGE RESTRICTIONS")
    lowered = text.lower()
    for words in (
        "train, fine-tune, test or evaluate",
        "input or prompts",
        "generative ai",
        "large language models",
        "machine learning",
        "vendors",
        "sublicensee",
        "ai platform",
        "text and data mining",
        "scraping",
        "material breach",
        "terminate",
        "damages",
        "injunctive relief",
        "survives termination",
        "not expressly granted",
        "[governing law]",
    ):
        assert words in lowered, words


@pytest.mark.parametrize("kind", NOAI_KINDS)
def test_templates_have_blanks_and_no_risky_grant_words(kind: str) -> None:
    text = noai.template_text(kind)
    for blank in BLANKS:
        assert blank in text, (kind, blank)
    assert not RISKY_WORDS.search(text), RISKY_WORDS.search(text)


def test_fill_ins_replace_the_party_blanks_only() -> None:
    text = noai.template_text("rider", client="Northwind Ltd", freelancer="Ada Lovelace")
    assert 'Northwind Ltd (the "Client")' in text
    assert 'Ada Lovelace (the "Freelancer")' in text
    assert "[CLIENT NAME]" not in text and "[FREELANCER NAME]" not in text
    assert "[DESCRIBE THE DELIVERABLES]" in text and "[GOVERNING LAW]" in text


def test_fill_ins_are_cleaned_and_braces_are_harmless() -> None:
    text = noai.template_text("general", client="  Acme {client}\n\x00Ltd  ", freelancer="   ")
    assert "The Client (Acme {client} Ltd)" in text
    assert "[FREELANCER NAME]" in text
    long = noai.template_text("general", client="x" * 500)
    assert "x" * 80 in long and "x" * 81 not in long


def test_aliases_and_unknown_kinds() -> None:
    assert noai.noai_kind("License") == "licence"
    assert noai.noai_kind("RIDER") == "rider"
    assert noai.noai_kind("nonsense") is None
    with pytest.raises(ValueError, match="general, specific, full, licence, rider"):
        noai.noai_reply("nonsense")


def test_menu_reply_lists_every_template_as_a_choice() -> None:
    reply = noai.noai_menu_reply()
    assert reply.menu is not None
    assert [b.action for b in reply.menu.options] == [f"noai:{k}" for k in NOAI_KINDS]
    for platform, text in rendered_everywhere(reply).items():
        for template in TEMPLATES.values():
            assert template.name in text, platform
            assert template.effectiveness in text, platform
            assert template.pushback in text, platform
            assert f"Strength: {template.claimed_points}/5" in text, platform
        assert count_disclaimer(text) == 1, platform


@pytest.mark.parametrize("kind", NOAI_KINDS)
def test_template_reply_shows_template_strength_and_negotiation(kind: str) -> None:
    reply = noai.noai_reply(kind, client="Acme <b>Ltd</b> @everyone")
    assert [b.action for b in reply.buttons] == [f"noai-file:{kind}"]
    template = TEMPLATES[kind]
    pasted = noai.template_text(kind, client="Acme <b>Ltd</b> @everyone")
    for platform, text in rendered_everywhere(reply).items():
        assert template.protects in text, platform
        assert f"Strength: {template.claimed_points}/5" in text, platform
        for paragraph in pasted.split("\n\n"):
            assert paragraph in text, (platform, paragraph)
        assert "How to negotiate it" in text, platform
        for name, argument in AI_ARGUMENTS:
            assert f"{name}: {argument}" in text, platform
        assert REMOVE_AI_CLAUSE_REPLY in text, platform
        assert RED_FLAG in text, platform
        assert count_disclaimer(text) == 1, platform


def test_template_reply_names_what_is_missing() -> None:
    text = rendered_everywhere(noai.noai_reply("general"))["telegram"]
    assert "Strength: 2/5. Not covered: binds vendors and AI platforms" in text
    rider = rendered_everywhere(noai.noai_reply("rider"))["telegram"]
    assert "Strength: 5/5: covers all five protection points." in rider


@pytest.mark.parametrize("kind", NOAI_KINDS)
def test_file_reply_has_markdown_and_a_docx_that_opens(kind: str) -> None:
    reply = noai.noai_file_reply(kind)
    names = [f.filename for f in reply.files]
    assert names == [f"clausescout-noai-{kind}.md", f"clausescout-noai-{kind}.docx"]
    md, word = reply.files
    assert md.mime == "text/markdown"
    assert word.mime.endswith("wordprocessingml.document")
    markdown = md.data.decode("utf-8")
    assert markdown.startswith(f"# {TEMPLATES[kind].title}\n")
    for paragraph in noai.template_text(kind).split("\n\n")[1:]:
        plain = re.sub(r"\*\*(.+?)\*\*", r"\1", paragraph)
        assert plain in re.sub(r"\*\*(.+?)\*\*", r"\1", markdown)
    document = docx.Document(io.BytesIO(word.data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TEMPLATES[kind].title
    for paragraph in noai.template_text(kind).split("\n\n")[1:]:
        assert paragraph in texts
    for platform, text in rendered_everywhere(reply).items():
        assert count_disclaimer(text) == 1, platform


def test_docx_rider_bolds_clause_headings() -> None:
    document = docx.Document(io.BytesIO(noai.template_docx("rider", client="Acme")))
    assert document.paragraphs[0].text == "AI Usage Restrictions"
    assert document.core_properties.title == "AI Usage Restrictions"
    scope = next(p for p in document.paragraphs if p.text.startswith("Scope."))
    assert scope.runs[0].text == "Scope." and scope.runs[0].bold
    assert not scope.runs[1].bold
    assert any('Acme (the "Client")' in p.text for p in document.paragraphs)


def test_markdown_bolds_rider_headings() -> None:
    markdown = noai.template_markdown("rider")
    assert "\n\n**Scope.** This rider applies to [DESCRIBE THE DELIVERABLES]" in markdown
    assert "\n\n**Governing law.** This rider is governed by" in markdown
    assert markdown.count("**") == 2 * len(TEMPLATES["rider"].leads)


def test_markdown_escapes_member_names() -> None:
    markdown = noai.template_markdown("general", client="*Evil* [x](http://e)")
    assert "\\*Evil\\* \\[x\\](http://e)" in markdown
    assert "[DESCRIBE THE DELIVERABLES]" in markdown  # our own blanks stay readable


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".DOCX"])
def test_write_template_by_suffix(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"clause{suffix}"
    noai.write_template("rider", target, client="Northwind Ltd", freelancer="Ada")
    if suffix.lower() == ".docx":
        texts = [p.text for p in docx.Document(str(target)).paragraphs]
        assert texts[0] == "AI Usage Restrictions"
        joined = "\n".join(texts)
    else:
        joined = target.read_text(encoding="utf-8")
    assert 'Northwind Ltd (the "Client")' in joined
    assert "This rider is governed by the law of [GOVERNING LAW]." in joined
    if suffix == ".txt":
        assert (
            joined == noai.template_text("rider", client="Northwind Ltd", freelancer="Ada") + "\n"
        )


def test_write_template_rejects_unknown_suffix_and_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.txt, \.md or \.docx"):
        noai.write_template("rider", tmp_path / "clause.pdf")
    with pytest.raises(ValueError, match="unknown /noai template"):
        noai.write_template("everything", tmp_path / "clause.txt")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kind", NOAI_KINDS)
def test_the_fill_in_note_stays_out_of_the_clause_in_word(kind: str) -> None:
    document = docx.Document(io.BytesIO(noai.template_docx(kind)))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Fill in" not in body  # copying the clause never copies the instruction
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Fill in every [BRACKETED] blank" in header


def test_a_clause_that_bans_training_is_not_told_it_misses_a_training_ban() -> None:
    clause = "The Client shall not use the Deliverables to train any artificial intelligence model."
    result = analyze_text(clause)
    (protection,) = [f for f in result.findings if f.protection is not None]
    assert "input_scope" in protection.protection.missing  # fine-tuning and testing are
    text = rendered_everywhere(clause_reply(result))["plain"]
    strength = text[text.index("Strength:") :].split(" Why")[0].split(" What")[0]
    assert "bans training" not in strength
    assert "fine-tuning and testing as well as training" in strength
