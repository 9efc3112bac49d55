"""/noai: no-AI clause templates a freelancer can paste today, as text, Markdown and .docx.

``templates`` holds the wording and the names members use, ``files`` the Markdown and Word
versions, ``replies`` what the bot answers to /noai.
"""

from responses.noai.files import template_docx, template_markdown, write_template
from responses.noai.replies import (
    negotiation_block,
    noai_file_reply,
    noai_menu_reply,
    noai_reply,
    strength_line,
)
from responses.noai.templates import (
    ALIASES,
    NOAI_KINDS,
    TEMPLATES,
    Template,
    noai_kind,
    template,
    template_paragraphs,
    template_text,
)

__all__ = [
    "ALIASES",
    "NOAI_KINDS",
    "TEMPLATES",
    "Template",
    "negotiation_block",
    "noai_file_reply",
    "noai_kind",
    "noai_menu_reply",
    "noai_reply",
    "strength_line",
    "template",
    "template_docx",
    "template_markdown",
    "template_paragraphs",
    "template_text",
    "write_template",
]
