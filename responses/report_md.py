"""The full report as Markdown, attached to the reply for long contracts.

It holds every finding, grouped by severity and category, with the negotiation line and
fallback for each category. Contract text (quotes, section headings, and the next steps,
which name sections) is escaped so it cannot turn into Markdown, HTML, entities or links;
the document's filename is never written into it.
"""

from __future__ import annotations

import re

from analyzers.model import CATEGORIES, Report
from responses.playbook import AI_ARGUMENTS, RED_FLAG, REMOVE_AI_CLAUSE_REPLY, play
from responses.steps import next_steps
from responses.texts import disclaimer
from responses.wording import (
    SEVERITY_HEADING,
    SEVERITY_ORDER,
    VERDICT_LABEL,
    VERDICT_TEXT,
    Group,
    counts_text,
    group_findings,
    location,
    plural,
    short_quote,
    strength_text,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")
# What starts a list item or a heading underline at the start of a line.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")
# Bare URLs that GitHub-flavoured Markdown turns into links by itself.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])://|\bwww\.")


def md_escape(text: str) -> str:
    """Escape Markdown in untrusted text (and keep it on one line)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    escaped = _AUTOLINK.sub(lambda found: found[0].replace("/", "\\/").replace(".", "\\."), escaped)
    return _LINE_START.sub(lambda found: f"{found[1] or ''}\\{found[2] or found[3]}", escaped)


def report_markdown(report: Report) -> str:
    groups = group_findings(report.findings)
    out: list[str] = ["# ClauseScout report", ""]
    verdict = VERDICT_LABEL.get(report.ai_training, report.ai_training)
    out += [
        f"- **Score:** {report.score}/100 (grade {report.grade})",
        f"- **AI training:** {verdict}. {VERDICT_TEXT.get(report.ai_training, '')}".rstrip(),
        f"- **Found:** {counts_text(report)}",
    ]
    read = []
    if report.stats.pages:
        read.append(plural(report.stats.pages, "page"))
    if report.stats.clauses:
        read.append(plural(report.stats.clauses, "clause"))
    if read:
        out.append(f"- **Read:** {', '.join(read)}")
    out += ["", "## Next steps", ""]
    out += [f"{n}. {md_escape(step)}" for n, step in enumerate(next_steps(report, groups), 1)]

    if report.ai_training in ("exposed", "unprotected"):
        out += ["", "## AI clause: how to negotiate it", ""]
        out += [f"{n}. **{name}:** {text}" for n, (name, text) in enumerate(AI_ARGUMENTS, 1)]
        out += [
            "",
            f"**If they ask you to remove your AI clause:** {REMOVE_AI_CLAUSE_REPLY}",
            "",
            f"**🚩 Red flag:** {RED_FLAG}",
            "",
            "Type /noai for clauses you can paste.",
        ]

    if not groups:
        out += ["", "## Nothing flagged", ""]
        titles = " · ".join(play(c).title for c in CATEGORIES)
        out.append(f"I checked all {len(CATEGORIES)} kinds of clause: {titles}.")

    for severity in SEVERITY_ORDER:
        chosen = [g for g in groups if g.severity == severity]
        if chosen:
            out += ["", f"## {SEVERITY_HEADING[severity]}"]
            for group in chosen:
                out += _group_lines(group)
    out += ["", "---", "", f"_{disclaimer()}_", ""]
    return "\n".join(out)


def _group_lines(group: Group) -> list[str]:
    entry = play(group.category)
    _, lead = group.lead
    count = f" ({len(group.items)}×)" if len(group.items) > 1 else ""
    lines = ["", f"### {entry.title}{count}", ""]
    lines.append(f"**Why it matters:** {md_escape(lead.explanation)}")
    lines.append("")
    lines.append(f"**What to ask for:** {md_escape(lead.tip)}")
    if lead.suggestion:
        lines += ["", f"**Suggested wording:** {md_escape(lead.suggestion)}"]
    if group.severity != "good":
        lines += ["", f"**Say to the client:** {entry.line}", ""]
        lines.append(f"**If they refuse:** {entry.fallback}")
    lines += ["", "**Where:**", ""]
    for _, finding in group.items:
        where = md_escape(location(finding)) or "In the text"
        extra = ""
        if finding.protection is not None:
            extra = f" Strength {strength_text(finding)}"
        if finding.explanation != lead.explanation:
            extra += f" {md_escape(finding.explanation)}"
        lines.append(f"- {where}.{extra}")
        quote = short_quote(finding.quote)
        if quote:
            lines.append(f"  > {md_escape(quote)}")
    return lines
