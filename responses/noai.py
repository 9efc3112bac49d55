"""/noai: no-AI clause templates a freelancer can paste today, as text, Markdown and .docx.

Each template states what it protects, how effective it is, how much push-back to expect,
and which of the five strength points of an ``ai_protection`` clause it covers
(``covers``; a test runs every template through the analyzer and checks the claim).
The wording is ClauseScout's own.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analyzers.model import PROTECTION_POINTS
from responses.blocks import Block, Button, Field, FileOut, Reply
from responses.playbook import AI_ARGUMENTS, RED_FLAG, REMOVE_AI_CLAUSE_REPLY
from responses.texts import disclaimer
from responses.wording import POINT_LABEL

NOAI_KINDS: tuple[str, ...] = ("general", "specific", "full", "licence", "rider")
_ALIASES = {
    "license": "licence",
    "paid": "licence",
    "ip": "full",
    "retention": "full",
    "training": "specific",
    "notraining": "specific",
    "complete": "rider",
    "basic": "general",
}

CLIENT_BLANK = "[CLIENT NAME]"
FREELANCER_BLANK = "[FREELANCER NAME]"
DELIVERABLES_BLANK = "[DESCRIBE THE DELIVERABLES]"
PURPOSE_BLANK = "[THE AGREED PURPOSE]"
LAW_BLANK = "[GOVERNING LAW]"
NAME_CHARS = 80

MD_MIME = "text/markdown"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class Template:
    kind: str
    name: str  # what a member picks, e.g. "Specific no-training clause"
    button: str  # short button label
    title: str  # heading of the clause itself
    protects: str
    effectiveness: str
    pushback: str
    covers: tuple[str, ...]  # strength points of taxonomy.md this template earns
    paragraphs: tuple[str, ...]  # with {client} and {freelancer} fill-ins
    # Rider paragraphs open with a short heading ("Scope."), set in bold in files.
    leads: tuple[str, ...] = ()

    @property
    def claimed_points(self) -> int:
        return len(self.covers)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p for p in PROTECTION_POINTS if p not in self.covers)


_NO_TRAINING = (
    "to train, fine-tune, test or evaluate any artificial intelligence or machine learning"
)

TEMPLATES: dict[str, Template] = {
    "general": Template(
        kind="general",
        name="General no-AI clause",
        button="General",
        title="No AI Use",
        protects="Keeps your work out of AI training, fine-tuning and testing.",
        effectiveness="Moderate. The intent is clear, but vendors, data mining and remedies "
        "are not covered.",
        pushback="Low. Most clients sign it without a second look.",
        covers=("input_scope", "names_technology"),
        paragraphs=(
            "The Client ({client}) shall not use the Deliverables "
            f"({DELIVERABLES_BLANK}), in whole or in part, {_NO_TRAINING} system, including "
            "generative AI, without the prior written consent of the Freelancer "
            "({freelancer}).",
        ),
    ),
    "specific": Template(
        kind="specific",
        name="Specific no-training clause",
        button="No training",
        title="No AI Training",
        protects="Bans training, fine-tuning and testing AI on your work, plus data mining "
        "and scraping, by the client and its vendors and AI platforms.",
        effectiveness="High. It closes the usual loopholes; only a remedy is missing.",
        pushback="Moderate. Expect a question or two.",
        covers=("input_scope", "third_parties", "names_technology", "text_and_data_mining"),
        paragraphs=(
            "The Client ({client}) shall not use the Deliverables "
            f"({DELIVERABLES_BLANK}), in whole or in part, to train, fine-tune, test or "
            "evaluate any artificial intelligence model, including generative AI, large "
            "language models and other machine learning systems.",
            "The Client shall not carry out or permit text and data mining or scraping of "
            "the Deliverables.",
            "These restrictions also bind the Client's vendors, subcontractors and any AI "
            "platforms the Client uses, and the Client shall not upload the Deliverables to "
            "any service whose terms allow training on user content. Only the Freelancer "
            "({freelancer}) may authorise such uses, in writing.",
        ),
    ),
    "full": Template(
        kind="full",
        name="Full IP retention with a limited licence",
        button="Keep your IP",
        title="Ownership, Licence and AI",
        protects="You keep ownership. The client gets a licence for the agreed purpose "
        "only, and any AI use is banned, with remedies.",
        effectiveness="Highest. Nothing beyond the agreed purpose is handed over.",
        pushback="High. Clients used to full buy-outs will push back, so price it in.",
        covers=PROTECTION_POINTS,
        paragraphs=(
            "All copyright and other intellectual property in the Deliverables "
            f"({DELIVERABLES_BLANK}) stays with the Freelancer ({{freelancer}}). Once all "
            "fees are paid in full, the Client ({client}) receives a non-exclusive licence "
            f'to use the Deliverables only for {PURPOSE_BLANK} (the "Primary Purpose").',
            f"The Client shall not use the Deliverables {_NO_TRAINING} model, including "
            "generative AI and large language models, and shall not carry out or permit "
            "text and data mining or scraping of them. The Client shall ensure that its "
            "vendors, subcontractors and any AI platforms it uses keep to the same limits.",
            "Any use outside the Primary Purpose is a material breach. The Freelancer may "
            "then end the licence by written notice, claim damages and seek injunctive "
            "relief. All rights not expressly granted here are reserved by the Freelancer.",
        ),
    ),
    "licence": Template(
        kind="licence",
        name="AI use only under a paid licence",
        button="Paid AI licence",
        title="AI Use Only Under a Separate Licence",
        protects="AI use of your work stays off unless the client buys a separate AI "
        "licence from you.",
        effectiveness="High, as long as you price the AI licence properly.",
        pushback="Low to moderate. It's a yes with a price, not a no.",
        covers=("input_scope", "third_parties", "names_technology"),
        paragraphs=(
            "The Client ({client}) shall not use the Deliverables "
            f"({DELIVERABLES_BLANK}) {_NO_TRAINING} model, including generative AI and "
            "large language models, and shall not allow its vendors, subcontractors or AI "
            "platforms to do so, unless the Freelancer ({freelancer}) has agreed to a "
            "separate written AI licence.",
            "Each AI licence is priced separately from the fees under this Agreement and "
            "names the models, purpose and term it covers.",
        ),
    ),
    "rider": Template(
        kind="rider",
        name="Complete AI rider",
        button="Complete rider",
        title="AI Usage Restrictions",
        protects="All five protection points, plus survival after the contract ends and "
        "reserved rights.",
        effectiveness="Highest. A complete rider (5/5).",
        pushback="Moderate to high. It's a full page, but each part is easy to explain.",
        covers=PROTECTION_POINTS,
        leads=(
            "Scope.",
            "No training or input.",
            "Technologies covered.",
            "Vendors and platforms.",
            "Text and data mining.",
            "Remedies.",
            "Survival.",
            "Reserved rights.",
            "Governing law.",
        ),
        paragraphs=(
            'Rider to the agreement between {client} (the "Client") and {freelancer} '
            '(the "Freelancer") (the "Agreement").',
            f"Scope. This rider applies to {DELIVERABLES_BLANK} and to all drafts, source "
            "files and other material the Freelancer provides under the Agreement "
            '(together, the "Deliverables"). If this rider conflicts with the Agreement, '
            "this rider prevails.",
            "No training or input. The Client shall not use the Deliverables, in whole or "
            f"in part, {_NO_TRAINING} system, and shall not use them as input or prompts for "
            "any existing AI model or tool.",
            "Technologies covered. These limits apply to all artificial intelligence, "
            "including generative AI, large language models, machine learning and similar "
            "automated systems.",
            "Vendors and platforms. Every vendor, subcontractor and sublicensee of the "
            "Client, and every AI platform the Client uses, is bound by the same limits. The "
            "Client shall not upload the Deliverables to any service whose terms allow it to "
            "train on user content.",
            "Text and data mining. The Freelancer expressly reserves all text and data "
            "mining rights in the Deliverables. The Client shall not carry out or permit "
            "text and data mining, scraping or other automated extraction of the "
            "Deliverables.",
            "Remedies. Any breach of this rider is a material breach of the Agreement. The "
            "Freelancer may terminate the Agreement by written notice, claim damages and "
            "seek injunctive relief.",
            "Survival. This rider survives termination or expiry of the Agreement.",
            "Reserved rights. All rights in the Deliverables that are not expressly granted "
            "to the Client in writing are reserved by the Freelancer.",
            f"Governing law. This rider is governed by the law of {LAW_BLANK}.",
        ),
    ),
}


def noai_kind(text: str | None) -> str | None:
    """The template kind a member meant ("license" -> "licence"), or None."""
    word = re.sub(r"[^a-z]", "", (text or "").lower())
    if word in TEMPLATES:
        return word
    return _ALIASES.get(word)


def _template(kind: str) -> Template:
    found = noai_kind(kind)
    if found is None:
        raise ValueError(f"unknown /noai template {kind!r}; choose one of {', '.join(NOAI_KINDS)}")
    return TEMPLATES[found]


def _party(name: str | None) -> str:
    """A member-supplied party name cleaned up (one line, printable, not too long), or ''."""
    cleaned = "".join(
        (" " if ch.isspace() else "") if unicodedata.category(ch)[0] == "C" else ch
        for ch in name or ""
    )
    return " ".join(cleaned.split())[:NAME_CHARS].strip()


def template_paragraphs(
    kind: str,
    *,
    client: str | None = None,
    freelancer: str | None = None,
    quote_name: Callable[[str], str] = str,
) -> tuple[str, tuple[str, ...]]:
    """The clause heading and its paragraphs, with the party names filled in.

    ``quote_name`` escapes a member-supplied name for the output format.
    """
    template = _template(kind)
    names = {"client": _party(client), "freelancer": _party(freelancer)}
    values = {
        "client": quote_name(names["client"]) if names["client"] else CLIENT_BLANK,
        "freelancer": quote_name(names["freelancer"]) if names["freelancer"] else FREELANCER_BLANK,
    }
    # str.replace, not str.format: a member's name may contain braces.
    paragraphs = tuple(
        p.replace("{client}", values["client"]).replace("{freelancer}", values["freelancer"])
        for p in template.paragraphs
    )
    return template.title, paragraphs


def template_text(kind: str, *, client: str | None = None, freelancer: str | None = None) -> str:
    """The clause as plain text, ready to paste."""
    title, paragraphs = template_paragraphs(kind, client=client, freelancer=freelancer)
    return "\n\n".join((title.upper(), *paragraphs))


def template_markdown(
    kind: str, *, client: str | None = None, freelancer: str | None = None
) -> str:
    title, paragraphs = template_paragraphs(
        kind, client=client, freelancer=freelancer, quote_name=_md_escape
    )
    leads = _template(kind).leads
    body = "\n\n".join(
        f"**{lead}**{p[len(lead) :]}" if lead else p for lead, p in _with_leads(paragraphs, leads)
    )
    return f"# {title}\n\n{body}\n\n---\n\n_{_FILL_NOTE}_\n"


_FILL_NOTE = "Fill in every [BRACKETED] blank before you send this."


def _with_leads(paragraphs: tuple[str, ...], leads: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pair each paragraph with its lead-in heading ('' when it has none)."""
    return [(next((h for h in leads if p.startswith(h + " ")), ""), p) for p in paragraphs]


def _md_escape(name: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", name)


def template_docx(kind: str, *, client: str | None = None, freelancer: str | None = None) -> bytes:
    """The clause as a Word document."""
    from docx import Document  # imported here: only file exports need python-docx

    title, paragraphs = template_paragraphs(kind, client=client, freelancer=freelancer)
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "ClauseScout"
    document.add_heading(title, level=1)
    for lead, paragraph in _with_leads(paragraphs, _template(kind).leads):
        para = document.add_paragraph()
        if lead:
            para.add_run(lead).bold = True
            para.add_run(paragraph[len(lead) :])
        else:
            para.add_run(paragraph)
    document.add_paragraph().add_run(_FILL_NOTE).italic = True
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


# --- replies ------------------------------------------------------------------------


def strength_line(template: Template) -> str:
    if not template.missing:
        return f"{template.claimed_points}/5: covers all five protection points."
    missing = "; ".join(POINT_LABEL[p] for p in template.missing)
    return f"{template.claimed_points}/5. Not covered: {missing}."


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
        template = TEMPLATES[kind]
        blocks.append(
            Block(
                title=template.name,
                text=template.protects,
                fields=(
                    Field("How effective", template.effectiveness),
                    Field("Client push-back", template.pushback),
                    Field("Strength", f"{template.claimed_points}/5"),
                ),
            )
        )
    buttons = tuple(Button(TEMPLATES[k].button, f"noai:{k}") for k in NOAI_KINDS)
    return Reply(blocks=tuple(blocks), footer=disclaimer(), buttons=buttons, kind="noai")


def noai_reply(kind: str, *, client: str | None = None, freelancer: str | None = None) -> Reply:
    """One template: what it does, the text to paste, and how to negotiate it."""
    template = _template(kind)
    blanks = "Replace the [BRACKETED] blanks"
    if client or freelancer:
        blanks += " that are left"
    return Reply(
        blocks=(
            Block(
                title=template.name,
                text=template.protects,
                fields=(
                    Field("How effective", template.effectiveness),
                    Field("Client push-back", template.pushback),
                    Field("Strength", strength_line(template)),
                ),
                tone="good",
            ),
            Block(
                title="Copy and paste",
                text=f"{blanks}, then add it to your contract or send it as a rider.",
                code=template_text(template.kind, client=client, freelancer=freelancer),
            ),
            negotiation_block(),
        ),
        footer=disclaimer(),
        buttons=(Button("Download .md and .docx", f"noai-file:{template.kind}"),),
        kind="noai",
    )


def noai_file_reply(kind: str) -> Reply:
    """The template as files: Markdown and Word."""
    template = _template(kind)
    stem = f"clausescout-noai-{template.kind}"
    return Reply(
        blocks=(
            Block(
                title=f"{template.name}: files",
                text=(
                    "Here it is as Markdown and as a Word document. Fill in the "
                    "[BRACKETED] blanks before you send it."
                ),
                tone="good",
            ),
        ),
        footer=disclaimer(),
        files=(
            FileOut(f"{stem}.md", template_markdown(template.kind).encode("utf-8"), MD_MIME),
            FileOut(f"{stem}.docx", template_docx(template.kind), DOCX_MIME),
        ),
        kind="noai",
    )
