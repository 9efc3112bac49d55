"""Report -> Reply: the full-contract answer, the "is this clause risky?" answer, the report.

Every answer about a contract starts with the same header (``header_block``). Findings of
one category are grouped, and a clause is quoted once per reply: a later finding on the
same clause points back to the number it was quoted under. ``full_report`` keeps every
place of every finding; it is what the report file holds (``markdown_format``).
"""

from __future__ import annotations

from analyzers.model import CATEGORIES, Finding, Report
from responses import markdown_format
from responses.blocks import Block, Field, FileOut, Reply
from responses.feedback import vote_buttons
from responses.limits import (
    CHAT_DETAILED_GROUPS,
    LONG_REPORT_FINDINGS,
    LONG_REPORT_PAGES,
    REPORT_FILENAME,
    TITLE_CHARS,
)
from responses.noai.replies import negotiation_block
from responses.playbook import play
from responses.split import trim
from responses.steps import next_steps
from responses.wording import (
    DISCLAIMER,
    SCAN_NOTE,
    SEVERITY_LABEL,
    TENTATIVE_LABEL,
    VERDICT_LABEL,
    VERDICT_TEXT,
    Group,
    counts_text,
    group_findings,
    is_tentative,
    location,
    plural,
    scanned_text,
    short_location,
    short_quote,
    strength_text,
)

_MORE_PLACES = 4  # other places listed under a finding before "+N more"


def is_long(report: Report) -> bool:
    """Long reports get the full Markdown report as a file, so the chat stays readable."""
    return len(report.findings) > LONG_REPORT_FINDINGS or (report.stats.pages or 0) > (
        LONG_REPORT_PAGES
    )


def contract_reply(
    report: Report, *, filename: str | None = None, analysis_id: str | None = None
) -> Reply:
    """The answer to a whole contract: summary, findings (high first), next steps."""
    groups = group_findings(report.findings)
    attach = is_long(report)
    blocks = [header_block(report, filename)]
    # Without the attached report, the chat is the only place for the negotiation line.
    blocks += _finding_blocks(groups, analysis_id, say=not attach, fallback=False)
    if report.ai_training in ("exposed", "unprotected"):
        blocks.append(_ai_block(report.ai_training))
    if not report.findings:
        blocks.append(_checked_block())
    blocks.append(_next_steps_block(report, groups, attach))
    files: tuple[FileOut, ...] = ()
    if attach:
        data = markdown_format.render(full_report(report)).encode("utf-8")
        files = (FileOut(REPORT_FILENAME, data, markdown_format.MIME, private=True),)
    return Reply(blocks=tuple(blocks), footer=DISCLAIMER, files=files, kind="contract")


def clause_reply(report: Report, *, analysis_id: str | None = None) -> Reply:
    """The answer to "is this clause risky?": yes / partly / no first, then the detail."""
    groups = group_findings(report.findings)
    blocks = [_answer_block(report, groups)]
    blocks += _finding_blocks(groups, analysis_id, say=True, fallback=True)
    if report.ai_training == "exposed":
        blocks.append(_ai_block(report.ai_training))
    if not report.findings:
        blocks.append(_checked_block())
    return Reply(blocks=tuple(blocks), footer=DISCLAIMER, kind="clause")


def summary_reply(report: Report, *, filename: str | None = None) -> Reply:
    """Only the header (score, grade, AI verdict, counts): for public channels, no quotes."""
    return Reply(
        blocks=(header_block(report, filename),), footer=DISCLAIMER, kind="contract_summary"
    )


def full_report(report: Report) -> Reply:
    """Everything: next steps, then every finding with every place it was found.

    The document's filename is left out: the report is a file that travels.
    """
    groups = group_findings(report.findings)
    header = header_block(report, None, title="ClauseScout report")
    blocks = [header, _next_steps_block(report, groups, attach=False)]
    if report.ai_training in ("exposed", "unprotected"):
        blocks.append(_ai_block(report.ai_training))
    if not report.findings:
        blocks.append(_checked_block())
    quoted = _Quoted()
    blocks += [_report_block(n, group, quoted) for n, group in enumerate(groups, 1)]
    return Reply(blocks=tuple(blocks), footer=DISCLAIMER, kind="report")


# --- header and answer ---------------------------------------------------------------


def _tone(report: Report) -> str:
    if report.ai_training == "exposed" or report.count("high"):
        return "high"
    if report.count("medium"):
        return "medium"
    if report.count("low"):
        return "low"
    return "good"


def _summary_line(report: Report) -> str:
    high, medium = report.count("high"), report.count("medium")
    if high:
        return f"{plural(high, 'high-risk clause')} to fix before you sign."
    if medium:
        return f"No high risks, but {plural(medium, 'clause')} worth negotiating."
    if report.risks:
        return "Only minor points, worth knowing."
    return "Nothing risky found."


def header_block(report: Report, filename: str | None, *, title: str = "Contract check") -> Block:
    """Score, grade, AI verdict and counts: the top of every answer about a contract."""
    if filename:
        title = trim(f"{title}: {' '.join(filename.split())}", TITLE_CHARS)
    text = f"Score {report.score}/100, grade {report.grade}. {_summary_line(report)}"
    fields = [
        Field(
            "AI training",
            f"{VERDICT_LABEL.get(report.ai_training, report.ai_training)}. "
            f"{VERDICT_TEXT.get(report.ai_training, '')}".strip(),
        ),
        Field("Found", counts_text(report)),
    ]
    document = []
    if report.stats.pages:
        document.append(plural(report.stats.pages, "page"))
    if report.stats.clauses:
        document.append(plural(report.stats.clauses, "clause"))
    if report.scanned_pages:
        document.append(scanned_text(report.scanned_pages, report.stats.pages))
    if document:
        fields.append(Field("Read", ", ".join(document)))
    return Block(title=title, text=text, fields=tuple(fields), tone=_tone(report))


def _answer_block(report: Report, groups: list[Group]) -> Block:
    risky = [g for g in groups if g.severity != "good"]
    good = [g for g in groups if g.severity == "good"]
    names = ", ".join(dict.fromkeys(play(g.category).title for g in risky))
    protections = ", ".join(dict.fromkeys(play(g.category).title for g in good))
    sure = [g for g in risky if not is_tentative(g.lead[1])]
    if risky and not sure and not good:
        title, tone = "Maybe: worth a look", "medium"
        text = f"It may be: {names}. I'm not sure, so read it with that in mind."
    elif any(g.severity == "high" for g in sure):
        title, text, tone = "Yes, this clause is risky", f"I found: {names}.", "high"
    elif risky and good:
        title, tone = "Partly: some protection, some risk", "medium"
        text = f"It protects you ({protections}), but watch out for: {names}."
    elif any(g.severity == "medium" for g in risky):
        title, text, tone = "Partly: worth negotiating", f"I found: {names}.", "medium"
    elif risky:
        title, text, tone = "Partly: minor points", f"Worth knowing: {names}.", "low"
    elif good:
        title, tone = "No, this clause protects you", "good"
        text = f"It's a protection: {protections}."
    else:
        title, tone = "No, I found nothing risky", "good"
        text = "Judged on its own, this clause looks fine. Other clauses can change that."
    return Block(title=title, text=text, tone=tone)


def _checked_block() -> Block:
    titles = " · ".join(play(category).title for category in CATEGORIES)
    return Block(
        title=f"What I checked ({len(CATEGORIES)} kinds of clause)",
        text=f"{titles}.",
    )


# --- findings ------------------------------------------------------------------------


class _Quoted:
    """The clauses a reply has quoted, so a clause is quoted once and referred to after."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int, int]] = []  # start, end, finding number

    def quote(self, finding: Finding, number: int) -> tuple[str | None, str]:
        """The quote to show for ``finding`` (None when shown before) and a back-reference."""
        for start, end, earlier in self._spans:
            if finding.start < end and start < finding.end:
                return None, f"Same clause as #{earlier}."
        self._spans.append((finding.start, finding.end, number))
        return short_quote(finding.quote) or None, ""


def _finding_blocks(
    groups: list[Group], analysis_id: str | None, *, say: bool, fallback: bool
) -> list[Block]:
    quoted = _Quoted()
    shown = groups[:CHAT_DETAILED_GROUPS]
    blocks = [
        _finding_block(n, group, analysis_id, quoted, say=say, fallback=fallback)
        for n, group in enumerate(shown, 1)
    ]
    rest = groups[CHAT_DETAILED_GROUPS:]
    if rest:
        lines = []
        for group in rest:
            places = [short_location(f) for _, f in group.items if short_location(f)]
            where = f": {_places(places, 3)}" if places else ""
            count = f" ×{len(group.items)}" if len(group.items) > 1 else ""
            label = SEVERITY_LABEL.get(group.severity, group.severity).lower()
            lines.append(f"• {play(group.category).title}{count} ({label}){where}")
        blocks.append(Block(title="Also found", text="\n".join(lines), tone="info"))
    return blocks


def _places(places: list[str], limit: int = _MORE_PLACES) -> str:
    unique = list(dict.fromkeys(places))
    shown = ", ".join(unique[:limit])
    more = len(unique) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def _finding_block(
    n: int,
    group: Group,
    analysis_id: str | None,
    quoted: _Quoted,
    *,
    say: bool,
    fallback: bool,
) -> Block:
    index, finding = group.lead
    quote, same = quoted.quote(finding, n)
    text = " ".join(filter(None, (_where(group, finding), same)))
    others = [short_location(f) for _, f in group.others]
    if group.others:
        listed = [p for p in others if p]
        extra = f": {_places(listed)}" if listed else ""
        text += f"\nAlso {plural(len(group.others), 'more time')}{extra}."
    return Block(
        title=f"{n}. {play(group.category).title}",
        text=text,
        quote=quote,
        fields=_advice(group, finding, say=say, fallback=fallback),
        tone=_severity_tone(group),
        buttons=vote_buttons(analysis_id, index, n) if analysis_id else (),
    )


def _report_block(n: int, group: Group, quoted: _Quoted) -> Block:
    """A group in the report file: the advice once, then every place with its quote."""
    _, lead = group.lead
    count = f" ({len(group.items)}×)" if len(group.items) > 1 else ""
    places = []
    for _, finding in group.items:
        quote, same = quoted.quote(finding, n)
        line = f"• {location(finding) or 'In the text'}."
        if is_tentative(finding):
            line += f" {TENTATIVE_LABEL}."
        if finding.protection is not None:
            line += f" Strength {strength_text(finding)}"
        if finding.explanation != lead.explanation:
            line += f" {finding.explanation}"
        if finding.from_scan:
            line += f" {SCAN_NOTE}"
        places.append(" ".join(filter(None, (line, f"“{quote}”" if quote else same))))
    fields = (*_advice(group, lead, say=True, fallback=True), Field("Where", "\n".join(places)))
    return Block(
        title=f"{n}. {play(group.category).title}{count}",
        text=SEVERITY_LABEL.get(group.severity, group.severity) + ".",
        fields=fields,
        tone=_severity_tone(group),
    )


def _where(group: Group, finding: Finding) -> str:
    """'High risk. Section 3, page 1.' ('High risk? Worth a look: ...' when unsure)."""
    head = SEVERITY_LABEL.get(group.severity, group.severity)
    if is_tentative(finding):
        head = f"{head}? {TENTATIVE_LABEL}"
    where = location(finding)
    text = f"{head}. {where}." if where else f"{head}."
    return f"{text} {SCAN_NOTE}" if finding.from_scan else text


def _advice(group: Group, finding: Finding, *, say: bool, fallback: bool) -> tuple[Field, ...]:
    """Why it matters, strength, what to ask, wording, and what to say to the client."""
    entry = play(group.category)
    fields = [Field("Why it matters", finding.explanation)]
    if finding.protection is not None:
        fields.append(Field("Strength", strength_text(finding)))
    fields.append(Field("What to ask for", finding.tip))
    if finding.suggestion:
        fields.append(Field("Suggested wording", finding.suggestion))
    if say and group.severity != "good":
        fields.append(Field("Say to the client", entry.line))
    if fallback and group.severity != "good":
        fields.append(Field("If they refuse", entry.fallback))
    return tuple(f for f in fields if f.value.strip())


def _severity_tone(group: Group) -> str:
    return group.severity if group.severity in SEVERITY_LABEL else "info"


# --- AI negotiation and next steps ---------------------------------------------------


def _ai_block(verdict: str) -> Block:
    block = negotiation_block()
    intro = (
        "This contract lets the client use your work for AI. Push back with these:"
        if verdict == "exposed"
        else "Nothing here stops AI training on your work. Add a no-AI clause (/noai) "
        "and use these if the client hesitates:"
    )
    return Block(
        title="AI clause: how to negotiate it",
        text=intro + "\n" + block.text.split("\n", 1)[1],
        fields=block.fields,
        tone="warning",
    )


def _next_steps_block(report: Report, groups: list[Group], attach: bool) -> Block:
    steps = next_steps(report, groups)
    text = "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
    if attach:
        text += f"\n\nEvery finding, with what to say to the client, is in {REPORT_FILENAME}."
    return Block(title="Next steps", text=text, tone="info")
