"""/noai replies: the menu of templates, one template with how to negotiate it, its files."""

from __future__ import annotations

from responses.blocks import Block, Button, Field, FileOut, Menu, Reply, Tone
from responses.noai.files import DOCX_MIME, MD_MIME, template_docx, template_markdown
from responses.noai.templates import NOAI_KINDS, TEMPLATES, Template, template, template_text
from responses.playbook import AI_ARGUMENTS, RED_FLAG, REMOVE_AI_CLAUSE_REPLY
from responses.wording import DISCLAIMER, POINT_LABEL


def strength_line(chosen: Template) -> str:
    if not chosen.missing:
        return f"{chosen.claimed_points}/5: covers all five protection points."
    missing = "; ".join(POINT_LABEL[p] for p in chosen.missing)
    return f"{chosen.claimed_points}/5. Not covered: {missing}."


def negotiation_block() -> Block:
    """The three arguments for an AI clause, the reply to 'remove it', and the red flag."""
    arguments = "\n".join(f"{n}. {name}: {text}" for n, (name, text) in enumerate(AI_ARGUMENTS, 1))
    return Block(
        title="How to negotiate it",
        text="Three arguments that work:\n" + arguments,
        fields=(
            Field("If they ask you to remove your AI clause", REMOVE_AI_CLAUSE_REPLY),
            Field("🚩 Red flag", RED_FLAG),
        ),
    )


def _summary_block(chosen: Template, strength: str, *, tone: Tone = "info") -> Block:
    """What a template protects, how well, and how much push-back to expect."""
    return Block(
        title=chosen.name,
        text=chosen.protects,
        fields=(
            Field("How effective", chosen.effectiveness),
            Field("Client push-back", chosen.pushback),
            Field("Strength", strength),
        ),
        tone=tone,
    )


def noai_menu_reply() -> Reply:
    blocks = [
        Block(
            title="No-AI clauses you can paste today",
            text=(
                "Pick one. Stronger clauses protect more, and get more push-back. "
                "Each comes ready to paste, with fill-in blanks."
            ),
            tone="good",
        )
    ]
    for kind in NOAI_KINDS:
        each = TEMPLATES[kind]
        blocks.append(_summary_block(each, f"{each.claimed_points}/5"))
    options = tuple(Button(TEMPLATES[k].button, f"noai:{k}") for k in NOAI_KINDS)
    return Reply(
        blocks=tuple(blocks),
        footer=DISCLAIMER,
        menu=Menu("Choose a template", options),
        kind="noai",
    )


def noai_reply(kind: str, *, client: str | None = None, freelancer: str | None = None) -> Reply:
    """One template: what it does, the text to paste, and how to negotiate it."""
    chosen = template(kind)
    blanks = "Replace the [BRACKETED] blanks"
    if client or freelancer:
        blanks += " that are left"
    return Reply(
        blocks=(
            _summary_block(chosen, strength_line(chosen), tone="good"),
            Block(
                title="Copy and paste",
                text=f"{blanks}, then add it to your contract or send it as a rider.",
                code=template_text(chosen.kind, client=client, freelancer=freelancer),
            ),
            negotiation_block(),
        ),
        footer=DISCLAIMER,
        buttons=(Button("Download .md and .docx", f"noai-file:{chosen.kind}"),),
        kind="noai",
    )


def noai_file_reply(kind: str) -> Reply:
    """The template as files: Markdown and Word."""
    chosen = template(kind)
    stem = f"clausescout-noai-{chosen.kind}"
    return Reply(
        blocks=(
            Block(
                title=f"{chosen.name}: files",
                text=(
                    "Here it is as Markdown and as a Word document. Fill in the "
                    "[BRACKETED] blanks before you send it."
                ),
                tone="good",
            ),
        ),
        footer=DISCLAIMER,
        files=(
            FileOut(f"{stem}.md", template_markdown(chosen.kind).encode("utf-8"), MD_MIME),
            FileOut(f"{stem}.docx", template_docx(chosen.kind), DOCX_MIME),
        ),
        kind="noai",
    )
