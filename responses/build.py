"""Report -> Reply: the full-contract answer and the "is this clause risky?" answer."""

from __future__ import annotations

from analyzers.model import CATEGORIES, Report
from responses.blocks import Block, Button, Field, FileOut, Reply
from responses.limits import (
    CHAT_DETAILED_GROUPS,
    LONG_REPORT_FINDINGS,
    LONG_REPORT_PAGES,
    REPORT_FILENAME,
    TITLE_CHARS,
)
from responses.noai import negotiation_block
from responses.playbook import play
from responses.report_md import report_markdown
from responses.split import trim
from responses.steps import next_steps
from responses.texts import disclaimer
from responses.wording import (
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
    short_location,
    short_quote,
    strength_text,
)

MD_MIME = "text/markdown"
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
    blocks = [_header_block(report, filename)]
    # Without the attached report, the chat is the only place for the negotiation line.
    blocks += _finding_blocks(groups, analysis_id, say=not attach, fallback=False)
    if report.ai_training in ("exposed", "unprotected"):
        blocks.append(_ai_block(report.ai_training))
    if not report.findings:
        blocks.append(_checked_block())
    blocks.append(_next_steps_block(report, groups, attach))
    files: tuple[FileOut, ...] = ()
    if attach:
        data = report_markdown(report).encode("utf-8")
        files = (FileOut(REPORT_FILENAME, data, MD_MIME),)
    return Reply(blocks=tuple(blocks), footer=disclaimer(), files=files, kind="contract")


def clause_reply(report: Report, *, analysis_id: str | None = None) -> Reply:
    """The answer to "is this clause risky?": yes / partly / no first, then the detail."""
    groups = group_findings(report.findings)
    blocks = [_answer_block(report, groups)]
    blocks += _finding_blocks(groups, analysis_id, say=True, fallback=True)
    if report.ai_training == "exposed":
        blocks.append(_ai_block(report.ai_training))
    if not report.findings:
        blocks.append(_checked_block())
    return Reply(blocks=tuple(blocks), footer=disclaimer(), kind="clause")


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


def summary_reply(report: Report, *, filename: str | None = None) -> Reply:
    """Only the header (score, grade, AI verdict, counts): for public channels, no quotes."""
    return Reply(
        blocks=(_header_block(report, filename),), footer=disclaimer(), kind="contract_summary"
    )


def _header_block(report: Report, filename: str | None) -> Block:
    title = "Contract check"
    if filename:
        title = trim(f"Contract check: {' '.join(filename.split())}", TITLE_CHARS)
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


def _finding_blocks(
    groups: list[Group], analysis_id: str | None, *, say: bool, fallback: bool
) -> list[Block]:
    shown = groups[:CHAT_DETAILED_GROUPS]
    blocks = [
        _finding_block(n, group, analysis_id, say=say, fallback=fallback)
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
    n: int, group: Group, analysis_id: str | None, *, say: bool, fallback: bool
) -> Block:
    index, finding = group.lead
    entry = play(group.category)
    where = location(finding)
    head = SEVERITY_LABEL.get(group.severity, group.severity)
    if is_tentative(finding):
        head = f"{head}? {TENTATIVE_LABEL}"
    text = f"{head}. {where}." if where else f"{head}."
    others = [short_location(f) for _, f in group.others]
    if group.others:
        listed = [p for p in others if p]
        extra = f": {_places(listed)}" if listed else ""
        text += f"\nAlso {plural(len(group.others), 'more time')}{extra}."
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
    buttons: tuple[Button, ...] = ()
    if analysis_id:
        buttons = (
            Button(f"👍 Useful (#{n})", f"fb:{analysis_id}:{index}:up"),
            Button(f"👎 Not useful (#{n})", f"fb:{analysis_id}:{index}:down"),
        )
    return Block(
        title=f"{n}. {entry.title}",
        text=text,
        quote=short_quote(finding.quote) or None,
        fields=tuple(f for f in fields if f.value.strip()),
        tone=group.severity if group.severity in SEVERITY_LABEL else "info",
        buttons=buttons,
    )


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
