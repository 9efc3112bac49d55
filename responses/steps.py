"""The top three next steps after an analysis, shared by the chat reply and the reports."""

from __future__ import annotations

from analyzers.model import Finding, Report
from responses.playbook import play
from responses.wording import Group, group_findings, location


def next_steps(report: Report, groups: list[Group] | None = None) -> list[str]:
    """Up to three concrete next steps, most important first."""
    groups = group_findings(report.findings) if groups is None else groups
    steps: list[str] = []
    ai_group = next((g for g in groups if g.category == "ai_training_grant"), None)
    if report.ai_training == "exposed" and ai_group is not None:
        steps.append(
            f"Ask to remove the AI-training permission{_at(ai_group.lead[1])}, then add a "
            "no-AI rider: /noai rider."
        )
    elif report.ai_training == "unprotected":
        steps.append("Add a no-AI clause, so AI training on your work is clearly off: /noai.")
    for group in groups:
        if len(steps) >= 3:
            break
        if group.severity == "good" or group.category == "ai_training_grant":
            continue
        steps.append(f"{play(group.category).ask}{_at(group.lead[1])}.")
    protection = next((g for g in groups if g.category == "ai_protection"), None)
    if len(steps) < 3 and protection is not None:
        lead = protection.lead[1]
        if lead.protection is not None and lead.protection.missing:
            steps.append(
                f"Strengthen your AI clause ({lead.protection.points}/5): /noai rider covers "
                "all five points."
            )
    if len(steps) < 3 and report.ai_training == "unclear":
        steps.append("The contract says nothing about AI. Add a no-AI clause: /noai.")
    if len(steps) < 3 and not report.risks:
        steps.append(
            "Still read payment, ownership and cancellation yourself before you sign: "
            "I catch common patterns, not everything."
        )
    return steps[:3]


def _at(finding: Finding) -> str:
    """' (section 7.2, page 12)' or ''."""
    where = location(finding)
    return f" ({where[0].lower()}{where[1:]})" if where else ""
