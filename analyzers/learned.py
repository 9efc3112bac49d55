"""Rule hits + classifier -> the hits that stand, with a confidence each.

For every clause holding words some rule looks for, the classifier gives a probability per
category (reading the clause, its heading or list lead-in, and which rules fired). Each
category has three thresholds, tuned on out-of-fold predictions over the train and dev
splits (``bench/realset/train.py``):

- a rule hit stands when the probability reaches the *confirm* threshold, with the
  probability as its confidence; below it the hit is dropped (the rule matched words, not
  meaning);
- a category no rule found is added when the probability reaches the higher *add*
  threshold, as a finding of its own (rule id ``<category>/learned``) quoting the clause's
  sentence that scores highest;
- a category a rule *refused* (its context checks said negated, or the other party bound),
  or whose acting side is not the clause's subject (``acts`` in ``categories.toml``), is
  added only at the *override* threshold, where out of fold the model was right at least
  four times in five against the rules. The direction categories never override: there the
  rules' reading of negation wins over words the model has seen.

Direction is guarded on top: a clause reported as protective is reported as a training
grant too only when the grant is far more likely than the protection, since calling a
protective clause a grant is the worst mistake the bot can make.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from functools import cache

import numpy as np

from analyzers.categories import GRANTS, PROTECTIONS, SPECS
from analyzers.classifier import Classifier
from analyzers.context import PartyLexicon, is_definition
from analyzers.features import Unit
from analyzers.hits import Hit, Hits
from analyzers.model import DEFAULT_SEVERITY, Clause, Document
from analyzers.parties import Role
from analyzers.regex import fold, lowercase
from analyzers.rules import Copy, Rule, RuleSet
from analyzers.segment import Segmentation

WINDOW = 900  # characters: the longest labelled span the classifier was trained on
MIN_WORDS_TO_ADD = 6  # a heading ("27. Intellectual Property.") grants nothing by itself
# A clause read as protective keeps a grant only with this margin over the protection.
GRANT_OVER_PROTECTION = 0.35


def clause_context(text: str, clause: Clause) -> str:
    """A clause's heading (when its section is a title, not a number) and list lead-in."""
    parts = []
    if clause.section and clause.section[:1] not in "0123456789(":
        parts.append(clause.section)
    if clause.lead_in is not None:
        start, end = clause.lead_in
        parts.append(text[start : min(end, start + 400)])
    return " ".join(parts)


SUBJECT_CHARS = 600  # a clause's subject is named near its start


def subject_side(text: str, lexicon: PartyLexicon) -> str | None:
    """The side of a clause's subject (``PartyLexicon.subject_role``), if any."""
    return lexicon.subject_role(fold(lowercase(text[:SUBJECT_CHARS])))


def decide(
    document: Document,
    segmentation: Segmentation,
    hits: Hits,
    classifier: Classifier,
    ruleset: RuleSet,
    lexicon: PartyLexicon,
) -> tuple[Hits, dict[tuple[str, int], float]]:
    text = document.text
    clauses, sentences = segmentation.clauses, segmentation.sentences
    by_clause: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits.hits:
        by_clause[sentences[hit.sentence].clause].append(hit)
    vetoed: dict[int, list[str]] = defaultdict(list)
    for category, clause_index in hits.vetoed:
        vetoed[clause_index].append(category)
    order = sorted(hits.considered | by_clause.keys())
    if not order:
        return hits, {}
    position_of = {clause_index: position for position, clause_index in enumerate(order)}
    sentences_of: dict[int, list[int]] = defaultdict(list)
    for index, sentence in enumerate(sentences):
        sentences_of[sentence.clause].append(index)
    lowered = fold(lowercase(text))
    # Boilerplate repeats: each distinct clause opening is read for its subject once.
    roles: dict[str, Role | None] = {}
    subjects = []
    for i in order:
        opening = lowered[clauses[i].start : min(clauses[i].end, clauses[i].start + SUBJECT_CHARS)]
        if opening not in roles:
            roles[opening] = lexicon.subject_role(opening)
        subjects.append(roles[opening])
    units = [
        (position, start, end)
        for position, i in enumerate(order)
        for start, end in _windows(clauses[i], sentences_of.get(i, []), sentences)
    ]
    # In a long clause, each sentence a rule hit is also read on its own, so a hit is not
    # drowned by the unrelated sentences around it.
    for position, i in enumerate(order):
        if clauses[i].end - clauses[i].start > WINDOW:
            hit_sentences = {hit.sentence for hit in by_clause.get(i, ())}
            units.extend(
                (position, sentences[s].start, sentences[s].end) for s in sorted(hit_sentences)
            )
    # Boilerplate repeats: each distinct reading (words, context, rules, subject) is
    # scored once.
    distinct: dict[tuple, int] = {}  # a Unit's fields: a tuple hashes and compares alike
    unit_rows = []
    hit_starts = {
        i: sorted((hit.start, hit.rule.category) for hit in found) for i, found in by_clause.items()
    }
    no_rules: frozenset[str] = frozenset()
    for position, start, end in units:
        clause_index = order[position]
        rules = no_rules
        if in_clause := hit_starts.get(clause_index):
            lo, hi = bisect_left(in_clause, (start,)), bisect_left(in_clause, (end,))
            rules = frozenset(category for _, category in in_clause[lo:hi])
        key = (
            text[start:end],
            clause_context(text, clauses[clause_index]),
            rules,
            frozenset(vetoed.get(clause_index, ())),
            subjects[position],
        )
        unit_rows.append(distinct.setdefault(key, len(distinct)))
    scored = classifier.probabilities([Unit(*key) for key in distinct])
    # A long clause is read in windows the size of the training spans; it holds a
    # category when one of its windows does.
    categories = classifier.categories
    column = {category: k for k, category in enumerate(categories)}
    positions = np.fromiter((position for position, _, _ in units), dtype=np.int64)
    probabilities = _clause_maxima(scored[np.asarray(unit_rows, dtype=np.int64)], positions)
    ruled = np.zeros(probabilities.shape, dtype=bool)
    refused = np.zeros(probabilities.shape, dtype=bool)
    acted_by_other = {
        side: np.array([other_side_acts(c, side) for c in categories], dtype=bool)
        for side in set(subjects)
    }
    for position, clause_index in enumerate(order):
        refused[position] = acted_by_other[subjects[position]]
        for category in vetoed.get(clause_index, ()):
            refused[position, column[category]] = True
        for hit in by_clause.get(clause_index, ()):
            ruled[position, column[hit.rule.category]] = True
    present = _present(probabilities, ruled, refused, classifier.thresholds, column)
    kept: list[Hit] = []
    confidence: dict[tuple[str, int], float] = {}
    for position, k in zip(*np.nonzero(present), strict=True):
        clause_index, category = order[position], categories[k]
        confidence[(category, clause_index)] = float(probabilities[position, k])
        if ruled[position, k]:
            continue
        clause = clauses[clause_index]
        own = sentences_of.get(clause_index)
        if len(text[clause.start : clause.end].split()) < MIN_WORDS_TO_ADD or not own:
            continue
        learned = _learned_hit(category, own, text, sentences, classifier, ruleset)
        if learned is not None:
            kept.append(learned)
    kept.extend(
        hit
        for hit in hits.hits
        if present[position_of[sentences[hit.sentence].clause], column[hit.rule.category]]
    )
    kept.sort(key=lambda hit: (hit.start, hit.rule.id))
    return Hits(tuple(kept), hits.considered, hits.vetoed), confidence


def _clause_maxima(rows: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Per clause position, the element-wise maximum of its units' rows (every position
    from 0 on has at least one), as float32."""
    by_position = np.argsort(positions, kind="stable")
    ordered = positions[by_position]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return np.maximum.reduceat(rows[by_position], starts, axis=0).astype(np.float32)


def _present(
    probabilities: np.ndarray,
    ruled: np.ndarray,
    refused: np.ndarray,
    thresholds: np.ndarray,
    column: dict[str, int],
) -> np.ndarray:
    """Per clause and category: reported or not. A rule's hit stands at the confirm
    threshold; a category no rule found needs the add threshold, and one a rule refused
    (or whose acting side is not the clause's subject) the higher override threshold (never
    for the direction categories); a training grant in a clause read as protective needs a
    wide margin over the protection."""
    confirm, add, override = thresholds
    present = np.where(
        ruled,
        probabilities >= confirm,
        np.where(refused, probabilities >= override, probabilities >= add),
    )
    protections = [column[c] for c in sorted(PROTECTIONS)]
    protective = np.where(present[:, protections], probabilities[:, protections], 0.0).max(
        axis=1, initial=0.0
    )
    for grant in sorted(GRANTS):
        k = column[grant]
        doubtful = (protective >= 0.5) & (probabilities[:, k] - protective < GRANT_OVER_PROTECTION)
        present[:, k] &= ~doubtful
    return present


def _windows(clause: Clause, own: list[int], sentences) -> list[tuple[int, int]]:
    """Spans of whole sentences of at most ``WINDOW`` characters covering the clause."""
    if clause.end - clause.start <= WINDOW or not own:
        return [(clause.start, clause.end)]
    windows = []
    start = end = sentences[own[0]].start
    for index in own:
        sentence = sentences[index]
        if sentence.end - start > WINDOW and end > start:
            windows.append((start, end))
            start = sentence.start
        end = sentence.end
    windows.append((start, end))
    return windows


def other_side_acts(category: str, subject: str | None) -> bool:
    """The clause's subject is the side whose act this category is not about ("Contractor
    may terminate" is no unpaid cancellation by the client)."""
    acts = SPECS[category].acts
    return acts is not None and subject is not None and subject != acts


def _learned_hit(category, own, text, sentences, classifier, ruleset) -> Hit | None:
    """A hit for a category only the classifier found: its best-scoring sentence, or none
    when that sentence is a definition (it says what a word means, it grants nothing)."""
    best = own[0]
    if len(own) > 1:
        column = classifier.categories.index(category)
        scores = classifier.probabilities(
            [Unit(text[sentences[i].start : sentences[i].end]) for i in own]
        )[:, column]
        best = own[int(scores.argmax())]
    sentence = sentences[best]
    if is_definition(fold(lowercase(text[sentence.start : sentence.end])).lstrip()):
        return None
    return Hit(learned_rule(category, ruleset.copy[category]), best, sentence.start, sentence.end)


@cache
def learned_rule(category: str, copy: Copy) -> Rule:
    """The stand-in rule behind a classifier-only finding (it has no patterns)."""
    return Rule(
        id=f"{category}/learned",
        category=category,
        gate=(),
        patterns=(),
        requires=(),
        unless=(),
        unless_part=(),
        unless_clause=(),
        requires_clause=(),
        checks=(),
        severity=DEFAULT_SEVERITY[category],
        confidence=0.6,
        copy=copy,
        hit=(),
        miss=(),
    )
