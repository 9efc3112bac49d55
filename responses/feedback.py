"""Feedback on findings: the button labels, the buttons, and the answers to a vote.

The labels are defined once here, so the help and the buttons name the same thing.
"""

from __future__ import annotations

from responses.blocks import Button, Reply

UP_LABEL = "Useful"
DOWN_LABEL = "Wrong"


def vote_buttons(analysis_id: str, index: int, number: int) -> tuple[Button, Button]:
    """The two buttons under finding ``number`` (as shown) = report index ``index``."""
    return (
        Button(f"👍 {UP_LABEL} (#{number})", f"fb:{analysis_id}:{index}:up", "secondary"),
        Button(f"👎 {DOWN_LABEL} (#{number})", f"fb:{analysis_id}:{index}:down", "secondary"),
    )


def thanks_reply(helpful: bool) -> Reply:
    text = (
        "Thanks! Glad that helped."
        if helpful
        else "Thanks for telling me. I'll use it to get better at this kind of clause."
    )
    return Reply.note(text, ephemeral=True, kind="feedback")


def help_reply() -> Reply:
    """/feedback without a vote that can be stored."""
    up, down = UP_LABEL.lower(), DOWN_LABEL.lower()
    return Reply.note(
        f"Use the {UP_LABEL} / {DOWN_LABEL} buttons under a finding, or type "
        f"/feedback {up} 2 or /feedback {down} 2 about finding 2 of your latest check. "
        "I only keep the vote, never any text you write."
    )
