"""The bot's commands, and how a message's text is read.

``COMMANDS`` is what adapters register (Telegram ``setMyCommands``, Discord slash commands):
each command's name, description, the choices of its argument, and whether its answer is
for the member alone. The parsers here are pure: they turn text into a ``Command``, a
button action into an ``Action`` and a plain message into an ``Intent``; the service
decides what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from responses.noai import NOAI_KINDS


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A command as platforms list it.

    Names are Telegram-valid (lowercase a-z, 0-9, _; at most 32 characters), descriptions
    3-256 characters, which also suits Discord (1-100). ``private`` answers are seen by
    the member alone where the platform allows (they concern the member, not the chat).
    """

    name: str
    description: str
    private: bool = False
    choices: tuple[str, ...] = ()  # allowed values of the argument, when it is a choice


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "What ClauseScout does and how to start"),
    CommandSpec("help", "How to use ClauseScout", private=True),
    CommandSpec("check", "Check one clause: /check <clause text>"),
    CommandSpec("analyze", "Analyze a contract file (PDF, DOCX, TXT or MD)"),
    CommandSpec("compare", "Compare two drafts of a contract: what was fixed, added or changed"),
    CommandSpec("noai", "No-AI-training clause templates for your contracts", True, NOAI_KINDS),
    CommandSpec("privacy", "What is stored, for how long, and how to delete it", private=True),
    CommandSpec("history", "Your past analyses; /history off stops keeping them", private=True),
    CommandSpec("forget", "Delete everything stored about you", private=True),
    CommandSpec("feedback", "Rate a finding of your last analysis: /feedback wrong 2"),
    CommandSpec("stats", "This community's figures: contracts checked, AI-training grants, risks"),
    CommandSpec(
        "community",
        "Admins: how I answer contracts here (summary, full, dm_only; stats on/off)",
        private=True,
        choices=("summary", "full", "dm_only", "stats on", "stats off"),
    ),
)

COMMAND_NAMES = frozenset(spec.name for spec in COMMANDS)
# Commands that read several files sent together (a Telegram album is then one message).
MULTI_FILE_COMMANDS = frozenset({"compare"})
_SPECS = {spec.name: spec for spec in COMMANDS}
_ALIASES = {
    "analyse": "analyze",
    "scan": "analyze",
    "template": "noai",
    "templates": "noai",
    "diff": "compare",
}

# "/cmd", "/cmd@SomeBot", then optional arguments (which may span lines).
_COMMAND_RE = re.compile(r"/([A-Za-z][A-Za-z0-9_]{0,31})(?:@[A-Za-z0-9_]{1,64})?(?:\s+(.*))?", re.S)
# A leading mention: Telegram "@BotName", Discord "<@123>" / "<@!123>".
_MENTION_RE = re.compile(r"^\s*(?:@[A-Za-z0-9_]{3,64}|<@!?\d+>)[\s,:]*")


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # canonical name, lower case; may be unknown (not in COMMAND_NAMES)
    args: str = ""


def parse_command(text: str) -> Command | None:
    """Read "/name args" (also "/name@BotName args"); None when the text is not a command."""
    match = _COMMAND_RE.fullmatch(strip_mention(text).strip())
    if match is None:
        return None
    name = match.group(1).lower()
    return Command(_ALIASES.get(name, name), (match.group(2) or "").strip())


def is_private(command: Command) -> bool:
    """Is the answer to ``command`` for the member alone?"""
    spec = _SPECS.get(command.name)
    return spec is not None and spec.private


def strip_mention(text: str) -> str:
    """Drop a leading mention of the bot ("@ClauseScoutBot is this fair?")."""
    return _MENTION_RE.sub("", text, count=1)


# --- button actions --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Action:
    """A pressed button: ``name`` is the part before the first colon."""

    name: str
    parts: tuple[str, ...] = ()


def parse_action(action: str) -> Action:
    name, *parts = action.strip().split(":")
    return Action(name.lower(), tuple(parts))


@dataclass(frozen=True, slots=True)
class Vote:
    """Feedback on a finding (``finding`` is an index into the report's findings)."""

    analysis_id: str
    finding: int
    helpful: bool


def parse_vote(action: Action) -> Vote | None:
    """``fb:<analysis_id>:<i>:up|down`` -> Vote; None when malformed."""
    if action.name != "fb" or len(action.parts) != 3:
        return None
    analysis_id, index, vote = action.parts
    if not analysis_id or not index.isdigit() or vote not in ("up", "down"):
        return None
    return Vote(analysis_id, int(index), vote == "up")


_HELPFUL_WORDS = {"up", "helpful", "good", "right", "correct", "yes", "useful", "+", "+1"}
_WRONG_WORDS = {"down", "wrong", "bad", "incorrect", "no", "-", "-1", "false"}


def parse_feedback_args(args: str) -> tuple[bool, int | None] | None:
    """``/feedback wrong 2`` -> (False, 2): finding numbers are 1-based as members see them.

    Returns None when the arguments are not a vote (free text is not stored: it could quote
    the contract).
    """
    words = args.lower().replace("#", " ").split()
    if not words or len(words) > 2:
        return None
    vote_word, number = words[0], words[1] if len(words) == 2 else None
    if vote_word.isdigit() and number in _HELPFUL_WORDS | _WRONG_WORDS:
        vote_word, number = number, vote_word
    if vote_word in _HELPFUL_WORDS:
        helpful = True
    elif vote_word in _WRONG_WORDS:
        helpful = False
    else:
        return None
    if number is None:
        return helpful, None
    if not number.isdigit() or int(number) < 1:
        return None
    return helpful, int(number)


# --- plain messages ----------------------------------------------------------------------

# A question about a clause: "is this clause risky?", "is this fair?", "should I sign this?"
_QUESTION_RE = re.compile(
    r"""^\s*(?:
        (?:is|are|does|do|would|should|can|could|will|isn'?t|was)\b[^?\n]{0,120}?
        \b(?:clause|clauses|fair|unfair|risky|risk|ok|okay|safe|normal|standard|legit|bad|
           reasonable|acceptable|sign|signing|dangerous|sketchy|shady|enforceable|this|that|it)\b
        [^?\n]{0,60}\?
      | (?:what\s+do\s+you\s+think|thoughts|any\s+red\s+flags|red\s+flags?|check\s+this|
           can\s+you\s+(?:check|look\s+at|review)|please\s+(?:check|review))\b
        [^?:\n]{0,80}?(?:[?:]|(?=\n)|\Z)
    )""",
    re.I | re.X,
)
# Words that make a text look like contract language rather than chatter.
_CONTRACT_WORDS_RE = re.compile(
    r"\b(?:shall|hereby|agree[sd]?|agreement|client|contractor|freelancer|company|party|"
    r"parties|licen[cs]e[sd]?|rights?|deliverables?|work\s+product|payment|invoice|fees?|"
    r"terminat\w*|indemnif\w*|liabilit\w*|intellectual\s+property|copyright|confidential\w*|"
    r"warrant\w*|assign\w*|exclusive\w*|royalt\w*|training|artificial\s+intelligence)\b",
    re.I,
)
MIN_CLAUSE_CHARS = 40
_MIN_TRAILING_CLAUSE_CHARS = 20


@dataclass(frozen=True, slots=True)
class Intent:
    """What a plain message asks for: a clause check, a clause we still need, or neither."""

    kind: Literal["clause", "ask_clause", "unknown"]
    clause: str = ""


def classify_message(text: str, reply_to_text: str | None = None) -> Intent:
    """Decide whether a plain message is a clause to check.

    - "is this clause risky? <clause>" or the question as a reply to a message holding the
      clause -> check that clause; the question alone -> ask for the clause.
    - Text that reads like contract language (at least 40 characters) -> check it (a
      trailing question such as "... Is this fair?" is dropped).
    - Anything else -> unknown.
    """
    text = strip_mention(text).strip()
    question = _QUESTION_RE.match(text)
    if question:
        rest = text[question.end() :].strip(" \t\r\n:-—")
        if len(rest) >= _MIN_TRAILING_CLAUSE_CHARS:
            return Intent("clause", rest)
        if reply_to_text and reply_to_text.strip():
            return Intent("clause", reply_to_text.strip())
        return Intent("ask_clause")
    body = _drop_trailing_question(text)
    if len(body) >= MIN_CLAUSE_CHARS and (_CONTRACT_WORDS_RE.search(body) or len(body) >= 200):
        return Intent("clause", body)
    if reply_to_text and text.endswith("?") and len(text) <= 200:
        # A short question as a reply ("and this one?") refers to the replied message.
        return Intent("clause", reply_to_text.strip())
    return Intent("unknown")


def _drop_trailing_question(text: str) -> str:
    """ "<clause>. Is this fair?" -> "<clause>." (only when the last sentence is a question)."""
    if not text.endswith("?"):
        return text
    cut = max(text.rfind(". "), text.rfind("\n"), text.rfind("; "))
    if cut <= 0:
        return text
    tail = text[cut + 1 :].strip()
    if _QUESTION_RE.match(tail):
        return text[: cut + 1].strip()
    return text
