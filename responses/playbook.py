"""The negotiation playbook: for every finding category, what a member reads and says.

Per category (declared in ``analyzers/categories.toml``): a one-line ``title`` a member
understands, a short ``ask`` for the next-steps list, the ``line`` to send the client, and
the ``fallback`` if the client refuses. Plus the three arguments for an AI clause, a reply
to "please remove your AI clause", and the red flag when a client refuses any AI
restriction. The wording is ClauseScout's own.
"""

from __future__ import annotations

from analyzers.categories import SPECS, Play

__all__ = ["AI_ARGUMENTS", "PLAYBOOK", "RED_FLAG", "REMOVE_AI_CLAUSE_REPLY", "Play", "play"]


PLAYBOOK: dict[str, Play] = {c: spec.play for c, spec in SPECS.items()}


def play(category: str) -> Play:
    """The playbook entry for a category (a readable fallback for an unknown id)."""
    found = PLAYBOOK.get(category)
    if found is not None:
        return found
    readable = category.replace("_", " ").capitalize()
    return Play(
        title=readable,
        ask=f"Review the {readable.lower()} clause",
        line="Could we talk through this clause? I'd like it to be fair to both of us.",
        fallback="Ask what the clause is for, and propose a narrower version.",
    )


# --- the AI clause: arguments, the ready reply and the red flag -------------------------

AI_ARGUMENTS: tuple[tuple[str, str], ...] = (
    (
        "Value",
        "You're paying for original work. AI trained on it makes cheap look-alikes, and "
        "that lowers its value for you as much as for me.",
    ),
    (
        "Security",
        "Feeding deliverables into AI tools can leak your own confidential material, like "
        "briefs, unreleased products and customer data, to outside vendors.",
    ),
    (
        "Compromise",
        "You get a licence for everything the project needs. AI training rights stay "
        "reserved, and I can license them separately if you ever want them.",
    ),
)

REMOVE_AI_CLAUSE_REPLY = (
    "Thanks for flagging it. The clause doesn't limit anything the project needs: you can "
    "use, publish and adapt the work as agreed. It only rules out AI training, which also "
    "keeps your confidential material out of third-party AI tools. If AI use ever matters "
    "to you, I'm happy to quote a separate licence."
)

RED_FLAG = (
    "A client who refuses any AI limit, even a paid licence, usually plans to train on "
    "your work or pass it to someone who will. Price that in, or walk away."
)
