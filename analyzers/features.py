"""Clauses -> hashed features for the learned classifier (training and run time alike).

The features are chosen for what rules get wrong, direction above all:

- words and word pairs, plus 5-letter stems so "trains"/"training" share weight;
- **negation scope**: words that follow a negation or prohibition cue ("not", "never", "no",
  "without", "prohibit", "ban on", "except", "excluded") up to the next punctuation (at most
  ``SCOPE_LENGTH`` words) are also emitted marked, so "not ... train" and "train" carry
  different weights; a cue that reverses one before it ("nothing ... prevents", "not
  restricted from") marks its scope as a double negative instead;
- **capitalised NOT**, and a **heading or list lead-in** (forbidding or not) as its own
  feature family, since it changes how the clause reads;
- **party words** folded to the side they stand for (``_PARTY``), alone and with the word
  before them, and the clause's **subject side** crossed with its word stems, so
  "Contractor may terminate" and "Client may terminate" read differently;
- the **rule categories** that fired on the clause, and those whose words matched but whose
  context checks said no (negated, the other party bound), so the model learns when to
  trust the rules.

A feature is a family number and one or two word hashes (CRC-32, stable across processes
and Python versions, so trained weights stay valid), mixed into one of ``BUCKETS`` slots.
All the clauses of a document are featurised in one pass of array operations: the Python
work per word is one dictionary lookup, which is what keeps a 30-page contract fast.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np

_BUCKET_BITS = 18
BUCKETS = 1 << _BUCKET_BITS
# Up to this many units, a (unit, bucket) key fits in a positive 32-bit integer.
_INT32_UNITS = 1 << (31 - _BUCKET_BITS)
SCOPE_LENGTH = 8

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

# "Provider" is left out: the platform in a vendor's terms, the freelancer in a services
# contract; which one only the document can tell.
_PARTY = {
    **dict.fromkeys(
        "you your yours user users customer customers subscriber subscribers member members "
        "creator creators contributor contributors seller sellers".split(),
        "P_USER",
    ),
    **dict.fromkeys(
        "we us our ours company platform service services licensee "
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

# Feature families: the first ingredient of every feature's hash.
(
    _ALWAYS,
    _W,  # word
    _STEM,  # first 5 letters of a word longer than 5
    _PAIR,  # previous token, word
    _PARTY_SIDE,  # the side a party word stands for
    _PARTY_AFTER,  # that side, previous token
    _CUE,  # a negation cue itself
    _NEG,  # word in negation scope
    _NEG_STEM,
    _DOUBLE,  # word in double-negative scope
    _DOUBLE_STEM,
    _SUBJECT,  # the clause's subject side
    _SUBJECT_STEM,  # subject side, stem of a word longer than 3
    _CAPS_NOT,
    _CONTEXT,  # a word of the heading or lead-in
    _CONTEXT_NEG,  # the heading or lead-in holds a cue
    _RULE,
    _VETO,
    _SHORT,
) = range(19)

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@lru_cache(maxsize=64)
def _label_crc(label: str) -> int:
    """``crc`` of a category name or a subject side: a few dozen fixed words, met once
    per unit."""
    return crc(label)


@dataclass(frozen=True)
class Unit:
    """What the classifier reads of one clause (or window of one): its words, its heading
    or list lead-in, the rule categories that fired or were refused in it, and its subject
    side ("client", "freelancer") when it names a party."""

    text: str
    context: str = ""
    rules: frozenset[str] = frozenset()
    vetoed: frozenset[str] = frozenset()
    subject: str | None = None


class _Vocabulary:
    """Word -> row of per-word arrays (hashes, kind, side), grown as words are met and
    emptied when large, so memory stays bounded whatever the input."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.ids = _Ids(self.lookup)
        size = 4096
        self.word = np.zeros(size, dtype=np.uint64)
        self.stem = np.zeros(size, dtype=np.uint64)
        self.length = np.zeros(size, dtype=np.int32)
        self.kind = np.zeros(size, dtype=np.int8)  # 0 word, 1 scope end, 2 cue, 3 reverser
        self.side = np.zeros(size, dtype=np.uint64)  # 0: not a party word
        self.lookup("<s>")  # row 0: what comes before a clause's first word

    def lookup(self, word: str) -> int:
        index = len(self.ids)
        if index == len(self.word):
            for name in ("word", "stem", "length", "kind", "side"):
                old = getattr(self, name)
                grown = np.zeros(2 * len(old), dtype=old.dtype)
                grown[: len(old)] = old
                setattr(self, name, grown)
        self.ids[word] = index  # before any other word can be added
        self.word[index] = crc(word)
        self.stem[index] = crc(word[:5])
        self.length[index] = len(word)
        self.kind[index] = (
            1
            if word in _SCOPE_END
            else (3 if word in _REVERSERS else 2)
            if word in _NEGATION_CUES
            else 0
        )
        party = _PARTY.get(word)
        self.side[index] = crc(party) if party else 0
        return index

    def encode(self, word_lists: list[list[str]]) -> np.ndarray:
        """The rows of every word of every list, in order, as one array."""
        if len(self.ids) > self.LIMIT:
            self.reset()
        lookup = self.ids.__getitem__
        return np.fromiter(
            chain.from_iterable(map(lookup, words) for words in word_lists), dtype=np.int64
        )


class _Ids(dict):
    """Word -> row; an unknown word gets the next row (``_Vocabulary.lookup``)."""

    def __init__(self, add: Callable[[str], int]) -> None:
        super().__init__()
        self.add = add

    def __missing__(self, word: str) -> int:
        return self.add(word)


_VOCABULARY = _Vocabulary()


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def negation_scope(kind: np.ndarray, starts: np.ndarray | None = None) -> np.ndarray:
    """Per token: 0 outside any negation scope, 1 negated, 2 double negative. ``kind`` is
    each token's kind (0 word, 1 punctuation, 2 cue, 3 reversing cue); ``starts`` marks the
    first token of each clause (a scope never crosses into the next clause)."""
    n = len(kind)
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    at = np.arange(n, dtype=np.int64)
    is_cue = kind >= 2
    # Doubled positions, so a clause start ranks just before its first token: a cue that
    # opens a clause ("No licence is granted") still governs the words after it.
    ends = np.where(kind == 1, 2 * at, -4)
    if starts is not None:
        ends = np.maximum(ends, np.where(starts, 2 * at - 1, -4))
    last_end = np.maximum.accumulate(ends)
    cue_at = np.where(is_cue, 2 * at, -4)
    last_cue = np.maximum.accumulate(cue_at)
    previous_cue = np.concatenate(([-4], last_cue[:-1]))
    # A reversing cue inside an earlier cue's scope makes a double negative.
    reversed_ = (
        (kind == 3)
        & (previous_cue > last_end)
        & (at - previous_cue // 2 <= SCOPE_LENGTH)
        & (previous_cue >= 0)
    )
    governing = np.clip(last_cue // 2, 0, None)
    in_scope = (
        ~is_cue & (kind != 1) & (last_cue > last_end) & (at - governing <= SCOPE_LENGTH)
    ) & (last_cue >= 0)
    return np.where(in_scope, np.where(reversed_[governing], 2, 1), 0).astype(np.int8)


def scoped_words(text: str) -> list[tuple[str, str]]:
    """Each token of one clause with its negation mark: "N" negated, "D" double
    negative, "" neither (what the classifier sees; for tests and debugging)."""
    words = tokens(text)
    kind = _VOCABULARY.kind[_VOCABULARY.encode([words])]
    return [(w, ("", "N", "D")[mark]) for w, mark in zip(words, negation_scope(kind), strict=True)]


def _mix(family: int | np.ndarray, *parts: np.ndarray) -> np.ndarray:
    """Hash a family number and word hashes into buckets (multiply-xorshift, wrapping)."""
    with np.errstate(over="ignore"):  # the multiplications wrap, as hashing means them to
        h = (np.asarray(family, dtype=np.uint64) + np.uint64(0x5BD1E995)) * _MULTIPLIER
        for part in parts:
            h = (h ^ np.asarray(part, dtype=np.uint64)) * _MULTIPLIER
            h = h ^ (h >> np.uint64(29))
    return (h >> np.uint64(64 - 18)).astype(np.int64)


def unit_buckets(units: Sequence[Unit]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct feature buckets of each unit, as two aligned arrays sorted by unit:
    the unit's index and the bucket."""
    if not units:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    vocabulary = _VOCABULARY
    word_lists = [tokens(unit.text) for unit in units]
    ids = vocabulary.encode(word_lists)
    sizes = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(units))
    owner = np.repeat(np.arange(len(units), dtype=np.int64), sizes)
    first = np.zeros(len(ids), dtype=bool)
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    first[offsets[sizes > 0]] = True
    v = vocabulary
    word, stem, length, kind = v.word[ids], v.stem[ids], v.length[ids], v.kind[ids]
    side = v.side[ids]
    previous = np.zeros_like(ids)  # row 0: "<s>", before each clause's first word
    previous[1:] = ids[:-1]
    previous[first] = 0
    previous_word = v.word[previous]
    content = kind != 1
    scope = negation_scope(kind, first)
    owners: list[np.ndarray] = []
    buckets: list[np.ndarray] = []

    def emit(where: np.ndarray, family: int, *parts: np.ndarray) -> None:
        # Only the chosen tokens are hashed: most families choose few.
        owners.append(owner[where])
        buckets.append(_mix(family, *(part[where] for part in parts)))

    emit(content, _W, word)
    emit(content & (length > 5), _STEM, stem)
    emit(content, _PAIR, previous_word, word)
    party = content & (side != 0)
    emit(party, _PARTY_SIDE, side)
    emit(party, _PARTY_AFTER, side, previous_word)
    emit(kind >= 2, _CUE, word)
    negated, double = scope == 1, scope == 2
    emit(negated, _NEG, word)
    emit(negated, _NEG_STEM, stem)
    emit(double, _DOUBLE, word)
    emit(double, _DOUBLE_STEM, stem)
    subjects = np.array(
        [_label_crc(unit.subject) if unit.subject else 0 for unit in units], dtype=np.uint64
    )
    token_subject = subjects[owner]
    emit(content & (token_subject != 0) & (length > 3), _SUBJECT_STEM, token_subject, stem)
    # Features of the unit as a whole: one row (unit, family, ingredient) each.
    count = len(units)
    every = np.arange(count, dtype=np.int64)
    contexts = [tokens(unit.context)[:40] for unit in units]
    context_ids = vocabulary.encode(contexts)
    context_sizes = np.fromiter(map(len, contexts), dtype=np.int64, count=count)
    labels = [
        (index, family, _label_crc(category))
        for index, unit in enumerate(units)
        for family, categories in ((_RULE, unit.rules), (_VETO, unit.vetoed))
        for category in categories
    ]
    flags = {
        _ALWAYS: np.ones(count, dtype=bool),
        _SUBJECT: subjects != 0,
        _CAPS_NOT: np.array([_capital_not(unit.text) for unit in units], dtype=bool),
        _CONTEXT_NEG: np.array(
            [not _NEGATION_CUES.isdisjoint(words) for words in contexts], dtype=bool
        ),
        _SHORT: sizes < 12,
    }
    nothing = np.zeros(count, dtype=np.uint64)
    unit_rows = [
        (every[chosen], np.full(int(chosen.sum()), family), ingredient[chosen])
        for family, chosen in flags.items()
        for ingredient in [subjects if family == _SUBJECT else nothing]
    ]
    unit_rows.append(
        (np.repeat(every, context_sizes), np.full(len(context_ids), _CONTEXT), v.word[context_ids])
    )
    if labels:
        index, family, part = (np.array(column) for column in zip(*labels, strict=True))
        unit_rows.append((index, family, part))
    for index, family, part in unit_rows:
        owners.append(index.astype(np.int64))
        buckets.append(_mix(family, part))
    keys = (np.concatenate(owners) << _BUCKET_BITS) | np.concatenate(buckets)
    if count < _INT32_UNITS:
        keys = keys.astype(np.int32)  # sorts about twice as fast as 64 bits
    keys = np.sort(keys)
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return (keys >> _BUCKET_BITS).astype(np.int64), (keys & (BUCKETS - 1)).astype(np.int64)


def _capital_not(text: str) -> bool:
    # A plain substring test first: the regex runs only on the few clauses in capitals.
    return (
        "NO" in text or "NEVER" in text or "PROHIBITED" in text or "EXCLUDED" in text
    ) and _CAPITAL_NOT.search(text) is not None
