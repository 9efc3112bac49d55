"""The /noai templates as files: Markdown and Word, and writing one to a path.

The instruction to fill in the blanks stays outside the clause itself (after a rule in
Markdown, in the page header in Word), so copying the clause never copies it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from responses.noai.templates import template, template_paragraphs, template_text

MD_MIME = "text/markdown"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILL_NOTE = "Fill in every [BRACKETED] blank before you send this."


def template_markdown(
    kind: str, *, client: str | None = None, freelancer: str | None = None
) -> str:
    title, paragraphs = template_paragraphs(
        kind, client=client, freelancer=freelancer, quote_name=_md_escape
    )
    body = "\n\n".join(
        f"**{lead}**{p[len(lead) :]}" if lead else p
        for lead, p in _with_leads(paragraphs, template(kind).leads)
    )
    return f"# {title}\n\n{body}\n\n---\n\n_{FILL_NOTE}_\n"


def template_docx(kind: str, *, client: str | None = None, freelancer: str | None = None) -> bytes:
    """The clause as a Word document; the fill-in note is the page header, not clause text."""
    from docx import Document  # imported here: only file exports need python-docx

    title, paragraphs = template_paragraphs(kind, client=client, freelancer=freelancer)
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "ClauseScout"
    document.sections[0].header.paragraphs[0].add_run(FILL_NOTE).italic = True
    document.add_heading(title, level=1)
    for lead, paragraph in _with_leads(paragraphs, template(kind).leads):
        para = document.add_paragraph()
        if lead:
            para.add_run(lead).bold = True
            para.add_run(paragraph[len(lead) :])
        else:
            para.add_run(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_template(
    kind: str,
    path: str | Path,
    *,
    client: str | None = None,
    freelancer: str | None = None,
) -> None:
    """Write the template to ``path``; the suffix (.txt, .md or .docx) picks the format."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".docx":
        target.write_bytes(template_docx(kind, client=client, freelancer=freelancer))
    elif suffix == ".md":
        text = template_markdown(kind, client=client, freelancer=freelancer)
        target.write_text(text, encoding="utf-8")
    elif suffix == ".txt":
        text = template_text(kind, client=client, freelancer=freelancer) + "\n"
        target.write_text(text, encoding="utf-8")
    else:
        raise ValueError(f"unsupported file type {suffix or '(none)'!r}: use .txt, .md or .docx")


def _with_leads(paragraphs: tuple[str, ...], leads: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pair each paragraph with its lead-in heading ('' when it has none)."""
    return [(next((h for h in leads if p.startswith(h + " ")), ""), p) for p in paragraphs]


def _md_escape(name: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", name)
