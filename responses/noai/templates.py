"""The /noai clause templates: their wording, what each covers, and the names members use.

Each template states what it protects, how effective it is, how much push-back to expect,
and which of the five strength points of an ``ai_protection`` clause it covers
(``covers``; a test runs every template through the analyzer and checks the claim).
``noai_kind`` is the one reading of what a member typed ("license", "paid", "basic"...).
The wording is ClauseScout's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from analyzers.model import PROTECTION_POINTS

NOAI_KINDS: tuple[str, ...] = ("general", "specific", "full", "licence", "rider")
ALIASES: dict[str, str] = {
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
    return ALIASES.get(word)


def template(kind: str) -> Template:
    """The template a member meant; ValueError naming the choices when there is none."""
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
    chosen = template(kind)
    names = {"client": _party(client), "freelancer": _party(freelancer)}
    values = {
        "client": quote_name(names["client"]) if names["client"] else CLIENT_BLANK,
        "freelancer": quote_name(names["freelancer"]) if names["freelancer"] else FREELANCER_BLANK,
    }
    # str.replace, not str.format: a member's name may contain braces.
    paragraphs = tuple(
        p.replace("{client}", values["client"]).replace("{freelancer}", values["freelancer"])
        for p in chosen.paragraphs
    )
    return chosen.title, paragraphs


def template_text(kind: str, *, client: str | None = None, freelancer: str | None = None) -> str:
    """The clause as plain text, ready to paste."""
    title, paragraphs = template_paragraphs(kind, client=client, freelancer=freelancer)
    return "\n\n".join((title.upper(), *paragraphs))
