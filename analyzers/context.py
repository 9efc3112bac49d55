"""Context checks that decide whether a pattern match really is a finding.

A pattern says *what* a sentence talks about; these checks say *which way*: is it negated
("shall not be used to train"), whom does it bind ("Contractor shall not..." vs "Client shall
not..."), is it mutual, is it conditioned on payment. All work on lowercased sentence text
and are cheap: they only run on sentences a pattern already matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from analyzers.parties import AMBIGUOUS_WORDS, CLIENT_WORDS, FREELANCER_WORDS, Role
from analyzers.regex import Pattern, ascii_bytes, compile_pattern

# Where a new clause (with possibly a new subject and polarity) starts inside a sentence:
# a semicolon or colon (not one that opens a list item, "; (b) "), a conjunction that turns
# ("but", "except", "unless", ...), a "to the extent ... not ...," condition, or ", and"
# before a party. The candidates run on RE2; the two look-aheads are checked in Python.
_BOUNDARY = compile_pattern(
    r"[;:]\s|\.\s"
    r"|\b(?:to the extent|in ?so ?far as)\b[^,;]{0,80}\bnot\b[^,;]{0,40},|\bbut\b|\bhowever\b"
    r"|\bprovided(?:,)? (?:that|however)\b|\bexcept\b|\bunless\b"
    r"|\balthough\b|\bwhereas\b|\bnotwithstanding\b|\bin (?:addition|exchange)\b"
    r"|,\s*(?:and|or|while)\s+"
)
_ITEM_LABEL_AHEAD = re.compile(r"\s*(?:and\s+|or\s+)?\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s")
_PARTY_AHEAD = re.compile(
    r"(?:the\s+)?(?:we|you|it|they|client|company|customer|contractor|consultant|freelancer"
    r"|designer|developer|provider|agency|publisher|artist|writer|each party|either party"
    r"|neither party)\b"
)
_NEGATION = re.compile(
    r"\b(?:not|never|nothing|none of|neither|nor|cannot|prohibited|forbidden|refrain\w*"
    r"|forbear\w*|barred|precluded"
    # prohibition nouns and verbs, and exclusions: "a ban on", "prohibiting the use of"
    r"|prohibit(?:s|ing|ion|ions)?|forbid(?:s|ding)?|bans?\s+on|banned|excluded|excluding"
    r"|exclusions?\s+of|restrictions?\s+on"
    r"|in no event|under no circumstances|no (?:such |other |further )?(?:right|rights|licen[cs]e"
    r"|permission|consent|part|portion|content|data|deliverables?|works?|materials?|one|person"
    r"|training|fine-?tuning|mining|scraping|crawling|copying|ai|machine"
    r"|party|third part\w+|use)|no\s+(?:\w+\s+){1,3}(?:is|are|shall|will|may|can)\s)\b"
    r"|n't\b|\bagrees? not\b"
)
# "Not" that does not negate what follows: "not required to pay" is the no-fee risk itself,
# while "not liable to the Customer for..." does negate liability (only "liable to pay" is
# the duty form).
_NOT_A_NEGATION = re.compile(
    r"\s+(?:want|wish|like|prefer|agree to (?:this|such|that)"
    r"|(?:be\s+)?(?:(?:required|obliged|obligated|bound)\s+to"
    r"|liable\s+to\s+(?:pay|compensate|reimburse|refund|remunerate|make))"
    r"|expires?|ends?|lapses?|to\s+qualif\w*|to\s+be\s+(?:a\s+)?works?\s+(?:made\s+)?for\s+hire)\b"
)
_CONTRAST_NOT = re.compile(r"\s+(?:the|us|you|me|them)\b")
_OR_NOT = re.compile(r"\bor\s+$")
# An open condition before a negation: "If neither party gives notice, the term renews".
_CONDITION = re.compile(r"\b(?:if|in case|in the event that|should|unless)\b[^,;]*$")
_POST_NEGATION = re.compile(
    r"^[^;:]{0,80}?\b(?:(?:is|are|be|shall be|will be)\s+(?:strictly\s+)?(?:not\s+(?:permitted"
    r"|allowed|authori[sz]ed|licensed)|prohibited|forbidden|excluded)|not\s+(?:permitted|allowed"
    r"|authori[sz]ed))\b"
)
_MODAL = re.compile(
    r"\b(?:shall|will|may|must|can|could|agrees?|undertakes?|reserves?|grants?|is (?:entitled"
    r"|required|permitted|allowed|obliged|obligated)|are (?:entitled|required|permitted|allowed)"
    r"|has the right|have the right|hereby|acknowledges?|consents?|warrants?|retains?|owns?"
    r"|is responsible|are responsible)\b"
)
# The same verbs on RE2, for finding a clause's first one fast (``subject_role``).
_FIRST_MODAL = compile_pattern(_MODAL.pattern)
_MUTUAL = re.compile(
    r"\b(?:each party|either party|both parties|neither party|the parties|each of the parties"
    r"|mutual(?:ly)?|the other party|reciprocal\w*|each other)\b"
)
_PASSIVE = re.compile(r"\s+(?:not\s+)?(?:be|been|become)\s+\w+(?:ed|en|wn|ne)\b")
_BARE_PASSIVE = re.compile(r"\b(?:is|are|was|were)\s+(?:not\s+|never\s+)?\w+(?:ed|en)\b")
_AGENT = re.compile(r"\bby\s+(?:the\s+)?(\w+(?:\s\w+)?)")
_CONTRAST = re.compile(r"\b(?:however|but|nonetheless|nevertheless|though|yet)\W*$")
_SUBORDINATE = re.compile(
    r"\b(?:when|whenever|if|as|where|once|after|before|unless|while|because)\s+$"
)
_RELATIVE = re.compile(
    r"\s+(?:upload|submit|provide|create|post|send|share|make|write|record|store|deliver|produce"
    r"|generate|add|publish)\w*\b"
)
_DEPENDANT = re.compile(r"(?:\bits|\btheir|\bour|\byour|\bhis|\bher|sub-?)\s*$")
_ELIDED_SUBJECT = re.compile(r",?\s+(?:and|or)\s+$")
_RESERVES = re.compile(r"\b(?:reserv\w*|retain\w*)\b")
_GRANT_VERB = re.compile(
    r"\b(?:grants?|granted|licen[cs]es?|authori[sz]es?|permits?|allows?|consents?|agrees? that"
    r"|assigns?|transfers?|acknowledges? (?:and agrees )?that|gives?|giving|permission|the right to"
    r"|lets?|letting"
    r"|authori[sz]ation)\b"
)


@dataclass(frozen=True, slots=True)
class PartyLexicon:
    """Party words of one document, compiled into a regex with a role per word."""

    pattern: re.Pattern[str]
    roles: Mapping[str, Role]
    # The same words for RE2 over folded ASCII bytes, a possessive kept in the match to be
    # skipped (RE2 has no look-ahead): finding a clause's first party is a hot path.
    finder: Pattern

    @classmethod
    def build(cls, extra: Mapping[str, Role] | None = None) -> PartyLexicon:
        roles: dict[str, Role] = {w: "freelancer" for w in FREELANCER_WORDS}
        roles.update({w: "client" for w in CLIENT_WORDS})
        # Ambiguous words and possessives ("your content") are not subjects.
        for word in AMBIGUOUS_WORDS:
            roles.pop(word, None)
        roles.update({k.lower(): v for k, v in (extra or {}).items() if v != "unknown"})
        words = sorted(roles, key=len, reverse=True)
        alternation = "|".join(re.escape(w) for w in words)
        return cls(
            re.compile(rf"\b(?:{alternation})\b(?!'s|’s)"),
            roles,
            compile_pattern(rf"\b(?:{alternation})\b(?:'s)?"),
        )

    def first_role(self, lowered: str) -> Role | None:
        """The role of the first party word in ``lowered`` (lowercased and folded text)
        that is not a possessive and has a known role."""
        raw = ascii_bytes(lowered)
        span = self.finder.find(raw)
        while span is not None:
            start, end = span
            if raw[end - 2 : end] != b"'s":
                role = self.roles.get(lowered[start:end], "unknown")
                if role != "unknown":
                    return role
            span = self.finder.find(raw, end)
        return None

    def subject_role(self, lowered: str) -> Role | None:
        """The role of a clause's subject: the party named before its first verb of
        obligation or permission ("Contractor shall", "the Client may"). A subject that
        is a plain name ("Maimon agrees not to...") has no role, whatever party the
        clause names later; a clause without such a verb is taken by its first party."""
        modal = _FIRST_MODAL.find(ascii_bytes(lowered))
        return self.first_role(lowered[: modal[0]] if modal else lowered)

    def role(self, word: str) -> Role:
        return self.roles.get(word, "unknown")


DEFAULT_LEXICON = PartyLexicon.build()


# Cached while one document is analysed (its checks ask again and again) and emptied when
# it is done (``forget_texts``): nothing keeps contract text after an analysis returns.
@lru_cache(maxsize=8192)
def _boundaries(sentence: str) -> tuple[tuple[int, int], ...]:
    raw = sentence.encode("ascii", "replace")  # one byte per character: offsets stay
    found = []
    at = 0
    while (span := _BOUNDARY.find(raw, at)) is not None:
        start, end = span
        first = sentence[start]
        if (first in ";:" and _ITEM_LABEL_AHEAD.match(sentence, end)) or (
            first == "," and not _PARTY_AHEAD.match(sentence, end)
        ):
            at = start + 1  # not a boundary here; look further on
            continue
        found.append(span)
        at = end if end > start else start + 1
    return tuple(found)


# "Term" means ...: a definition says what a word means, not what anyone may do.
_DEFINITION_SENTENCE = re.compile(
    r"[\"'(\[]?(?P<term>[a-z][a-z0-9 -]{0,40})[\"')\]]?\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:shall\s+)?(?:means|refers to|has the meaning)\b"
)
_NOT_A_TERM = re.compile(r"\b(?:may|shall|will|must|not|can|should|would)\b")


def is_definition(sentence: str) -> bool:
    """Whether a lowercased sentence defines a term ("\"Machine Learning Use\" means...")."""
    if "mean" not in sentence and "refers to" not in sentence:
        return False  # the regex needs one of them; most sentences are spared it
    match = _DEFINITION_SENTENCE.match(sentence)
    # "Opting out means that we ..." explains; it defines nothing.
    return (
        bool(match)
        and not _NOT_A_TERM.search(match.group("term"))
        and not sentence.startswith(" that", match.end())
    )


def forget_sentences() -> None:
    """Drop the sentences cached while the last document was analysed."""
    _boundaries.cache_clear()


def segment_start(sentence: str, at: int) -> int:
    """Offset where the clause-part containing ``at`` begins."""
    start = 0
    for _, end in _boundaries(sentence):
        if end > at:
            break
        start = end
    return start


def part_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause-part around [start, end): from the last boundary before to the next after."""
    following = next((b for b, _ in _boundaries(sentence) if b >= end), len(sentence))
    return segment_start(sentence, start), following


# A second cue that cancels the first: "nothing ... prevents", "is not restricted from",
# "will not affect the Company's ability to": a negated restriction grants.
_REVERSER = re.compile(
    r"\b(?:prevent|restrict|prohibit|preclud|limit|stop|bar|hinder|impair|forbid|affect)\w*\b"
)
_PROHIBITION_WORD = re.compile(r"prohibit|forbid|ban|restrict|exclu")
# The match is what an "except" or "other than" leaves out: "all uses except AI training".
_EXCEPTED = re.compile(r"\b(?:except(?: for)?|excluding|other than|save for|but not)\s*$")
# A label that answers no: "AI training: not permitted", "Training use - prohibited".
# "except that the Client may ...", "except as required by law": a new clause, not a noun.
_EXCEPT_CLAUSE = re.compile(
    r"\s*(?:that|as|where|if|when|to the extent|insofar|in (?:the )?(?:case|event)|with|by"
    r"|under|pursuant|for (?:the|such) purposes?)\b"
)
_EXCEPT_INSIDE = re.compile(r"\b(?:except|excluding|other than)\b")
_LABEL_NO = re.compile(
    r"[^;.]{0,40}?(?::|\s[-–—])\s*(?:not|no|never|none|prohibited|forbidden|excluded"
    r"|disallowed|denied)\b"
)


def is_negated(sentence: str, start: int, end: int) -> bool:
    """A negation cue governs the match: before it in its clause-part, or right after it.

    "If you do not want us to..." is not a negation of what follows; "nothing prevents"
    and "is not restricted from" are double negatives that grant; "all uses except X"
    excludes X.
    """
    seg = segment_start(sentence, start)
    if (
        _EXCEPTED.search(sentence, max(0, seg - 14), seg)
        and not _EXCEPT_CLAUSE.match(sentence, seg)
        and "," not in sentence[seg:start]
    ):
        return True
    inside = _EXCEPT_INSIDE.search(sentence, start, end)
    if inside and not _EXCEPT_CLAUSE.match(sentence, inside.end()):
        return True  # the match spans "purposes except ai training"
    if _LABEL_NO.match(sentence, end):
        return True
    for cue in _NEGATION.finditer(sentence, seg, end):
        if _REVERSER.search(sentence, cue.end(), end) and not _REVERSER.match(
            sentence, cue.start()
        ):
            continue  # "nothing in this agreement prevents the client from using..."
        if _PROHIBITION_WORD.match(cue.group(0)) and _CONDITION.search(
            sentence, max(0, seg - 8), cue.start()
        ):
            continue  # "unless applicable law prohibits automatic renewal, ..."
        if _NOT_A_NEGATION.match(sentence, cue.end()):
            continue
        if cue.group(0) == "not":
            if _CONTRAST_NOT.match(sentence, cue.end()):
                continue  # "the in-house team, not the Contractor, is responsible..."
            if _OR_NOT.search(sentence, max(0, cue.start() - 12), cue.start()):
                continue  # "finished or not", "whether or not paid"
        if "," in sentence[cue.end() : start] and _CONDITION.search(sentence, seg, cue.start()):
            continue  # the negation belongs to a condition that ends before the match
        return True
    return bool(_POST_NEGATION.search(sentence[end : end + 100]))


def actor(sentence: str, start: int, lexicon: PartyLexicon = DEFAULT_LEXICON) -> Role | None:
    """Role of the subject of the clause-part containing ``start``.

    The subject is the party named just before the modal verb ("shall", "may", "grants"...)
    nearest the match, so in "Developer acknowledges that Client may analyse..." it is the
    Client. None when that verb is passive without an agent, or no party is named. A part
    with no verb of its own ("We may, however, use...") takes the sentence's earlier verb.
    """
    seg = segment_start(sentence, start)
    modal = previous = None
    for found in _MODAL.finditer(sentence, seg, start + 1):
        previous, modal = modal, found
    borrowed = False
    if modal is None and seg > 0 and _CONTRAST.search(sentence, max(0, seg - 12), seg):
        for found in _MODAL.finditer(sentence, 0, seg):
            previous, modal = modal, found
        if modal is not None:
            seg, borrowed = segment_start(sentence, modal.start()), True
    if modal is None:
        passive = _BARE_PASSIVE.search(sentence, seg, start + 1)
        if passive:
            # "Stories filed by the Correspondent are not licensed for...": nobody acts.
            agent = _AGENT.match(sentence, passive.end() + 1)
            return lexicon.role(agent.group(1).split()[0]) if agent else None
        # No verb cue: the subject is the first party named ("We use the photos you upload").
        return next(_roles(sentence, seg, start, lexicon), None)
    if _PASSIVE.match(sentence, modal.end()):
        # "Content you upload may be used by us to...": the agent, if named, acts.
        agent = _AGENT.search(sentence, modal.end(), modal.end() + 80)
        if agent:
            for word in (agent.group(1), agent.group(1).split()[0]):
                role = lexicon.role(word)
                if role != "unknown":
                    return role
        return None
    if previous is not None and _ELIDED_SUBJECT.search(sentence, previous.end(), modal.start()):
        # "X shall not compete, and shall keep ... secret": the second verb shares X.
        return actor(sentence, previous.start(), lexicon)
    windows = (
        (previous.end() if previous else seg,)
        if borrowed
        else (
            previous.end() if previous else seg,
            seg,
        )
    )
    for window_start in windows:
        roles = list(_roles(sentence, window_start, modal.start(), lexicon))
        if roles:
            return roles[-1]
    return None


def _roles(sentence: str, start: int, end: int, lexicon: PartyLexicon):
    """Roles of the party words in [start, end) that can be subjects.

    "its sub-contractors" or "your clients" name a party's dependants, not a party.
    """
    for match in lexicon.pattern.finditer(sentence, start, end):
        if _DEPENDANT.search(sentence, max(0, match.start() - 6), match.start()):
            continue
        if _SUBORDINATE.search(sentence, max(0, match.start() - 9), match.start()):
            continue  # "When you chat with Pip, your messages...": not the main clause
        if _RELATIVE.match(sentence, match.end()):
            continue  # "recordings you upload help train...": a relative clause
        role = lexicon.role(match.group(0))
        if role != "unknown":
            yield role


def is_mutual(sentence: str) -> bool:
    return bool(_MUTUAL.search(sentence))


def is_grant(sentence: str, start: int) -> bool:
    """The clause-part grants or permits something (rather than restricting or reserving)."""
    seg = segment_start(sentence, start)
    if _RESERVES.search(sentence, seg, start):
        return False
    return bool(_GRANT_VERB.search(sentence, seg, start + 60))


_NUMBER_WORDS = {
    "seven": 7,
    "ten": 10,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "fifty": 50,
    "sixty": 60,
    "seventy-five": 75,
    "seventy five": 75,
    "ninety": 90,
    "one hundred twenty": 120,
    "one hundred and twenty": 120,
    "hundred and twenty": 120,
    "one hundred eighty": 180,
    "one hundred and eighty": 180,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
    "twelve": 12,
}
_DURATION = re.compile(
    r"(?:(?P<num>\d{1,3})|(?P<word>one hundred(?: and)? (?:twenty|eighty)|hundred and twenty"
    r"|forty[- ]five|seventy[- ]five|seven|ten|fourteen|fifteen|twenty|thirty|forty|fifty|sixty"
    r"|ninety|two|three|four|six|twelve))(?:\s*\(\d{1,3}\))?[\s-]*(?:calendar |business "
    r"|working |banking )?(?P<unit>days?|weeks?|months?)\b|net[\s-]?(?P<net>\d{1,3})\b"
)


def longest_wait_days(text: str) -> int:
    """Longest period in the text, in days ("net 60", "forty-five (45) days", "3 months")."""
    longest = 0
    for match in _DURATION.finditer(text):
        if match.group("net"):
            longest = max(longest, int(match.group("net")))
            continue
        value = (
            int(match.group("num"))
            if match.group("num")
            else _NUMBER_WORDS[match.group("word").replace("  ", " ")]
        )
        unit = match.group("unit")
        factor = 30 if unit.startswith("month") else 7 if unit.startswith("week") else 1
        if "business" in match.group(0) or "working" in match.group(0):
            factor = factor * 7 / 5
        longest = max(longest, int(value * factor))
    return longest


_NO_RETURN = re.compile(r"\bno (?:\w+ )?(?:indemnit\w*|obligation) in return|\bnot reciprocal")


Check = Callable[[str, int, int, PartyLexicon], bool]


def _by_freelancer(sentence: str, start: int, lexicon: PartyLexicon) -> bool:
    return actor(sentence, start, lexicon) == "freelancer"


CHECKS: dict[str, Check] = {
    # The match is not negated.
    "affirmative": lambda s, a, b, lx: not is_negated(s, a, b),
    # The match is negated (protective wording).
    "negated": lambda s, a, b, lx: is_negated(s, a, b),
    # The subject is the freelancer side (they are the one bound).
    "binds_freelancer": lambda s, a, b, lx: _by_freelancer(s, a, lx),
    # The subject is not the freelancer (client, platform, passive or unknown).
    "not_freelancer": lambda s, a, b, lx: not _by_freelancer(s, a, lx),
    # The subject is the client side, or the sentence is passive / names no party.
    "client_or_passive": lambda s, a, b, lx: actor(s, a, lx) in ("client", None),
    # Grants by the freelancer are fine; other freelancer-subject sentences are restrictions.
    "freelancer_grants": lambda s, a, b, lx: not _by_freelancer(s, a, lx) or is_grant(s, a),
    # The subject is not the client alone (freelancer, mutual, passive or unknown).
    "not_client_bound": lambda s, a, b, lx: actor(s, a, lx) != "client" or is_mutual(s),
    # The subject is not the client side (freelancer, passive, or an unknown party word).
    "not_client_actor": lambda s, a, b, lx: actor(s, a, lx) != "client",
    "binds_freelancer_or_passive": lambda s, a, b, lx: actor(s, a, lx) in ("freelancer", None),
    # Not negated, unless the negation only says the other side gives nothing in return.
    "affirmative_unless_no_return": lambda s, a, b, lx: (
        not is_negated(s, a, b) or bool(_NO_RETURN.search(s))
    ),
    "one_sided": lambda s, a, b, lx: not is_mutual(s),
    # The matched payment period is longer than 30 days.
    "over_30_days": lambda s, a, b, lx: longest_wait_days(s[a:b]) > 30,
    # The match stays inside one clause-part (does not run across "but", ";" ...).
    "within_part": lambda s, a, b, lx: segment_start(s, b) <= a,
}
