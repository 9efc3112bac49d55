"""Comparison -> the "did they fix it?" reply, its JSON and its terminal text.

The reply opens with one headline ("The AI-training permission is gone; new in section
9.2: non-compete or exclusivity"), then score, grade and AI verdict before and after, then
the four lists: fixed (with the old wording), added (with the new wording), still there
word for word, and still there but reworded (both wordings, and the words that moved).
Every item of a list says the next thing to ask for. Nothing here is markup: renderers
escape every string, quotes included.
"""

from __future__ import annotations

from typing import Any

from analyzers.compare import Change, Comparison
from analyzers.model import Finding, Report
from responses.blocks import Block, Field, Reply, Tone
from responses.playbook import play
from responses.split import trim
from responses.wording import (
    DISCLAIMER,
    VERDICT_LABEL,
    VERDICT_TEXT,
    location,
    plural,
    short_quote,
)

SCHEMA_ID = "clausescout.compare/1"
LIST_ITEMS = 6  # items of one list shown in chat; the rest are counted
LIST_QUOTE_CHARS = 160  # a quote inside a list line
_ARROW = "→"

KEEP_FIXED = "Make sure the copy you sign is this draft, so it stays out."
ASK_RESTORE = "Ask to put the AI protection back"


# --- wording shared by the reply and the JSON --------------------------------------------


def ask_for(change: Change) -> str:
    """The next thing to ask for about one change."""
    if change.improved:
        return f"{play(change.category).ask}." if change.is_protection else KEEP_FIXED
    if change.worsened and change.is_protection:
        return f"{ASK_RESTORE}."
    return f"{play(change.category).ask}."


def headline(comparison: Comparison) -> str:
    """One line: what matters most in the new draft."""
    if comparison.same_file:
        return "No changes: the two files are identical."
    if comparison.no_changes:
        return "No changes in the clauses I check: the same risks, word for word."
    before, after = comparison.before, comparison.after
    parts: list[str] = []
    grants_added = [c for c in comparison.added if c.category == "ai_training_grant"]
    protections_added = [c for c in comparison.added if c.category == "ai_protection"]
    if before.ai_training == "exposed" and after.ai_training != "exposed":
        parts.append("The AI-training permission is gone")
    elif after.ai_training == "exposed" and before.ai_training != "exposed":
        where = _in(grants_added[0].finding) if grants_added else ""
        parts.append(f"A new AI-training permission appeared{where}")
    elif after.ai_training == "exposed":
        parts.append("The AI-training permission is still there")
    elif after.ai_training == "protected" and before.ai_training != "protected":
        where = _in(protections_added[0].finding) if protections_added else ""
        parts.append(f"An AI protection was added{where}")
    elif before.ai_training == "protected" and after.ai_training != "protected":
        parts.append("The AI protection is gone")
    worse = [c for c in comparison.added if c.worsened and c.category != "ai_training_grant"]
    if worse:
        first = worse[0]
        part = f"new{_in(first.finding)}: {play(first.category).title.lower()}"
        if len(worse) > 1:
            part += f" (+{len(worse) - 1} more new)"
        parts.append(part)
    elif not parts:
        fixed = [c for c in comparison.fixed if c.improved]
        if fixed:
            parts.append(f"{plural(len(fixed), 'risk')} fixed and none added")
        elif comparison.changed:
            parts.append(f"The same risks, {plural(len(comparison.changed), 'clause')} reworded")
        else:
            parts.append("The same risks")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _in(finding: Finding) -> str:
    """' in section 9.2' or ''."""
    where = location(finding)
    return f" in {where[0].lower()}{where[1:]}" if where else ""


def _score(report: Report) -> str:
    return f"{report.score}/100 (grade {report.grade})"


def _verdict(report: Report) -> str:
    return VERDICT_LABEL.get(report.ai_training, report.ai_training)


# --- the chat reply ------------------------------------------------------------------------


def compare_reply(
    comparison: Comparison, *, old_name: str | None = None, new_name: str | None = None
) -> Reply:
    before, after = comparison.before, comparison.after
    title = "Draft comparison"
    if old_name and new_name:
        names = f"{' '.join(old_name.split())} {_ARROW} {' '.join(new_name.split())}"
        title = trim(f"{title}: {names}", 120)
    verdict_text = VERDICT_TEXT.get(after.ai_training, "")
    fields = [
        Field("Score", f"{_score(before)} {_ARROW} {_score(after)}"),
        Field(
            "AI training",
            f"{_verdict(before)} {_ARROW} {_verdict(after)}. {verdict_text}".strip(),
        ),
    ]
    if not comparison.no_changes:
        fields.append(Field("Changes", _counts(comparison)))
    blocks = [
        Block(title=title, text=headline(comparison), fields=tuple(fields), tone=_tone(comparison))
    ]
    if not comparison.no_changes:
        for name, changes, tone, side in _lists(comparison):
            if changes:
                blocks.append(_list_block(name, changes, tone, side))
    return Reply(blocks=tuple(blocks), footer=DISCLAIMER, kind="compare")


def compare_summary_reply(comparison: Comparison) -> Reply:
    """For a public chat: the headline, scores and counts; no quotes and no file names."""
    first = compare_reply(comparison).blocks[0]
    return Reply(blocks=(first,), footer=DISCLAIMER, kind="compare")


DRAFT_NAMES = ("The earlier draft", "The later draft")


def draft_error_reply(index: int, filename: str | None, user_message: str) -> Reply:
    """One line naming the draft (0: earlier, 1: later) that could not be read."""
    name = " ".join((filename or "").split())
    which = f"{DRAFT_NAMES[index]} ({trim(name, 60)})" if name else DRAFT_NAMES[index]
    return Reply.note(f"{which}: {user_message}", tone="error", kind="error")


def _lists(comparison: Comparison) -> list[tuple[str, tuple[Change, ...], Tone, str]]:
    return [
        ("Fixed or better", comparison.fixed + _gained(comparison), "good", "before"),
        ("New or worse", _new_risks(comparison), "high", "after"),
        ("Still there, word for word", comparison.unchanged, "medium", "after"),
        ("Still there, reworded", comparison.changed, "medium", "both"),
    ]


def _gained(comparison: Comparison) -> tuple[Change, ...]:
    return tuple(c for c in comparison.added if c.improved)


def _new_risks(comparison: Comparison) -> tuple[Change, ...]:
    lost = tuple(c for c in comparison.fixed if c.worsened)
    return tuple(c for c in comparison.added if c.worsened) + lost


def _counts(comparison: Comparison) -> str:
    better = len(comparison.fixed) - sum(c.worsened for c in comparison.fixed)
    better += len(_gained(comparison))
    parts = [
        f"{better} better",
        f"{len(_new_risks(comparison))} worse",
        f"{len(comparison.unchanged)} unchanged",
        f"{len(comparison.changed)} reworded",
    ]
    return " · ".join(parts)


def _tone(comparison: Comparison) -> Tone:
    if comparison.after.ai_training == "exposed" or _new_risks(comparison):
        return "high"
    if comparison.unchanged or comparison.changed:
        return "medium"
    return "good"


def _list_block(name: str, changes: tuple[Change, ...], tone: Tone, side: str) -> Block:
    lines: list[str] = []
    for change in changes[:LIST_ITEMS]:
        lines.append(_item_line(change, side))
    rest = len(changes) - LIST_ITEMS
    if rest > 0:
        lines.append(f"…and {rest} more (clausescout compare --json lists them all).")
    return Block(
        title=f"{name} ({len(changes)})",
        text="\n".join(lines),
        fields=_list_fields(changes),
        tone=tone,
    )


def _list_fields(changes: tuple[Change, ...]) -> tuple[Field, ...]:
    if any(c.kind == "fixed" and c.improved for c in changes):
        return (Field("Next", KEEP_FIXED),)
    return ()


def _item_line(change: Change, side: str) -> str:
    title = play(change.category).title
    if change.is_protection and change.kind != "unchanged":
        title = f"{title} ({'gone' if change.worsened else 'new'})"
    finding = change.before if side == "before" and change.before else change.finding
    where = _where(change)
    line = f"• {title}{f', {where}' if where else ''}"
    quote = short_quote(finding.quote, LIST_QUOTE_CHARS)
    if side == "both" and change.before is not None and change.after is not None:
        line += f"\n  Was: “{short_quote(change.before.quote, LIST_QUOTE_CHARS)}”"
        line += f"\n  Now: “{short_quote(change.after.quote, LIST_QUOTE_CHARS)}”"
        moved = _moved_words(change)
        if moved:
            line += f"\n  {moved}"
    elif quote:
        label = "Was" if finding is change.before and change.after is None else "Says"
        line += f"\n  {label}: “{quote}”"
    if not (change.kind == "fixed" and change.improved):  # said once, under the list
        line += f"\n  Next: {ask_for(change)}"
    return line


def _where(change: Change) -> str:
    old = location(change.before) if change.before else ""
    new = location(change.after) if change.after else ""
    if change.before is not None and change.after is not None and change.moved and old and new:
        return f"{old} {_ARROW} {new}"
    return new or old


def _words(words: tuple[str, ...]) -> str:
    return "“" + trim(" ".join(words), 80).strip(",;:. ") + "”"


def _moved_words(change: Change) -> str:
    parts = []
    if change.removed_words:
        parts.append("out: " + _words(change.removed_words))
    if change.added_words:
        parts.append("in: " + _words(change.added_words))
    if change.before and change.after and change.before.severity != change.after.severity:
        parts.append(f"severity {change.before.severity} {_ARROW} {change.after.severity}")
    return ("Words " + "; ".join(parts)) if parts else ""


# --- JSON -----------------------------------------------------------------------------------


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    """The JSON of ``tests/fixtures/compare.schema.json``."""
    return {
        "schema": SCHEMA_ID,
        "headline": headline(comparison),
        "no_changes": comparison.no_changes,
        "before": _side(comparison.before),
        "after": _side(comparison.after),
        **{
            kind: [_item(c) for c in getattr(comparison, kind)]
            for kind in ("fixed", "added", "unchanged", "changed")
        },
    }


def _side(report: Report) -> dict[str, Any]:
    return {
        "score": report.score,
        "grade": report.grade,
        "ai_training": report.ai_training,
        "risks": len(report.risks),
        "protections": report.count("good"),
    }


def _item(change: Change) -> dict[str, Any]:
    return {
        "category": change.category,
        "title": play(change.category).title,
        "direction": "better" if change.improved else "worse" if change.worsened else "same",
        "before": _finding(change.before),
        "after": _finding(change.after),
        "similarity": round(change.similarity, 3),
        "removed_words": list(change.removed_words),
        "added_words": list(change.added_words),
        "ask": ask_for(change),
    }


def _finding(finding: Finding | None) -> dict[str, Any] | None:
    if finding is None:
        return None
    return {
        "section": finding.section,
        "page": finding.page,
        "severity": finding.severity,
        "quote": finding.quote,
    }


# --- terminal -------------------------------------------------------------------------------


def compare_text(
    comparison: Comparison, *, old_name: str | None = None, new_name: str | None = None
) -> str:
    """The comparison for ``clausescout compare`` in a terminal (every item, no cut-off)."""
    from responses.plain_format import render

    reply = compare_reply(comparison, old_name=old_name, new_name=new_name)
    if not comparison.no_changes:
        blocks = [reply.blocks[0]]
        for name, changes, tone, side in _lists(comparison):
            if changes:
                lines = [_item_line(c, side) for c in changes]
                text = "\n".join(lines)
                title = f"{name} ({len(changes)})"
                blocks.append(Block(title, text, _list_fields(changes), tone=tone))
        reply = Reply(blocks=tuple(blocks), footer=reply.footer, kind=reply.kind)
    return render(reply)
