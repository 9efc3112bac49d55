"""Clause text -> hashed features for the learned classifier (training and run time alike).

The features are chosen for what rules get wrong, direction above all:

- words and word pairs, plus 5-letter stems so "trains"/"training" share weight;
- **negation scope**: words that follow a negation or prohibition cue ("not", "never", "no",
  "without", "prohibit", "ban on", "except", "excluded") up to the next punctuation are
  also emitted marked, so "not ... train" and "train" carry different weights; a cue
  cancelled by a second one ("nothing ... prevents", "not restricted from") marks the scope
  as a double negative instead;
- **capitalised NOT**, and a **heading or list lead-in** (forbidding or not) as its own
  feature family, since it changes how the clause reads;
- **party words** folded to the side they stand for (``_PARTY``), kept apart from the words,
  and the clause's **subject side** crossed with its word stems, so "Contractor may
  terminate" and "Client may terminate" read differently;
- the **rule categories** that fired on the clause, and those whose words matched but whose
  context checks said no (negated, the other party bound), so the model learns when to
  trust the rules.

Features are strings hashed with CRC-32 into ``BUCKETS`` slots: stable across processes and
Python versions, so the trained weights stay valid.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

BUCKETS = 1 << 18

_WORD = re.compile(r"[a-z][a-z0-9]*(?:['’-][a-z0-9]+)*|[;:,.()!?]")
_CAPITAL_NOT = re.compile(r"\b(?:NOT|NEVER|NO|PROHIBITED|EXCLUDED|MAY NOT|SHALL NOT)\b")
_NEGATION_CUES = frozenset(
    "not no never nothing none neither nor without cannot can't won't don't doesn't isn't "
    "aren't shan't prohibit prohibits prohibited prohibiting prohibition forbid forbids "
    "forbidden forbidding ban bans banned banning barred except excluding excluded exclude "
    "excludes exclusion refrain restrict restricts restricted restricting restriction "
    "preclude precludes precluded prevent prevents prevented preventing".split()
)
# Cues that reverse a preceding negation: "nothing ... prevents", "not restricted from".
_REVERSERS = frozenset(
    "prevent prevents prevented preventing restrict restricts restricted restricting "
    "preclude precludes precluded prohibit prohibits prohibited limit limits limited "
    "limiting stop stops bar bars barred".split()
)
_SCOPE_END = frozenset(";:.,()!?")
_SCOPE_LENGTH = 8

_PARTY = {
    **dict.fromkeys(
        "you your yours user users customer customers subscriber subscribers member members "
        "creator creators contributor contributors seller sellers".split(),
        "P_USER",
    ),
    **dict.fromkeys(
        "we us our ours company platform service services provider licensee "
        "client agency publisher studio buyer".split(),
        "P_HOST",
    ),
    **dict.fromkeys(
        "contractor consultant freelancer designer developer writer artist photographer "
        "illustrator author supplier licensor talent performer".split(),
        "P_MAKER",
    ),
    **dict.fromkeys(
        "third party parties affiliates affiliate partners partner vendors vendor "
        "subprocessors subcontractors".split(),
        "P_OTHERS",
    ),
}


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def clause_features(
    text: str,
    *,
    context: str = "",
    rule_categories: Iterable[str] = (),
    vetoed_categories: Iterable[str] = (),
    subject: str | None = None,
) -> list[str]:
    """Feature strings of one clause; ``context`` is its heading or list lead-in, and
    ``subject`` the side of the first party the clause names ("client", "freelancer")."""
    words = tokens(text)
    out: list[str] = []
    append = out.append
    scope = 0
    polarity = "N"  # N: negated, D: double negative
    previous = "<s>"
    for word in words:
        if word in _SCOPE_END:
            scope = 0
            previous = word
            continue
        if word in _NEGATION_CUES:
            polarity = "D" if scope and word in _REVERSERS else "N"
            scope = _SCOPE_LENGTH
            append("CUE:" + word)
        elif scope:
            scope -= 1
            append(polarity + ":" + word)
            append(polarity + ":" + word[:5])
        append(word)
        if len(word) > 5:
            append(word[:5] + "~")
        append(previous + " " + word)
        party = _PARTY.get(word)
        if party is not None:
            append(party)
            append(party + " " + previous)
        previous = word
    if subject is not None:
        append("SUBJ:" + subject)
        for word in words:
            if len(word) > 3:
                append(subject + "|" + word[:5])
    if _CAPITAL_NOT.search(text):
        append("CAPS_NOT")
    for word in tokens(context)[:40]:
        append("CTX:" + word)
        if word in _NEGATION_CUES:
            append("CTX_NEG")
    for category in rule_categories:
        append("RULE:" + category)
    for category in vetoed_categories:
        append("VETO:" + category)
    if len(words) < 12:
        append("SHORT")
    return out


def hashed(features: Iterable[str]) -> list[int]:
    """Bucket indexes of the features (memoised: most features recur across clauses)."""
    cache = _BUCKET_CACHE
    if len(cache) > _BUCKET_CACHE_SIZE:
        cache.clear()
    out = []
    for feature in features:
        bucket = cache.get(feature)
        if bucket is None:
            bucket = cache[feature] = zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)
        out.append(bucket)
    return out


_BUCKET_CACHE: dict[str, int] = {}
_BUCKET_CACHE_SIZE = 200_000
