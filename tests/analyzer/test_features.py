"""The classifier's features: a clause reads the same alone or among a document's other
clauses, in any process, so the trained weights mean at run time what they meant in
training."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from analyzers.features import Unit, unit_buckets

UNITS = [
    Unit("The Client shall not", subject="client"),
    Unit("train models on the Work.", context="Restrictions", rules=frozenset({"ai_protection"})),
    Unit(""),
    Unit("Nothing prevents the Licensee from training models.", vetoed=frozenset({"non_compete"})),
]


def _per_unit(units: list[Unit]) -> list[set[int]]:
    owner, buckets = unit_buckets(units)
    return [set(buckets[owner == i].tolist()) for i in range(len(units))]


def test_a_clause_has_the_same_features_alone_as_among_others() -> None:
    together = _per_unit(UNITS)
    alone = [_per_unit([unit])[0] for unit in UNITS]
    assert together == alone
    # The negation of the first clause does not reach into the second.
    assert together[1] == _per_unit([Unit(UNITS[1].text, "Restrictions", UNITS[1].rules)])[0]


def test_every_clause_has_features_and_they_differ_with_what_it_says() -> None:
    sets = _per_unit(UNITS)
    assert all(sets)
    assert len({frozenset(s) for s in sets}) == len(sets)
    negated, plain = _per_unit([Unit("We will not train models."), Unit("We will train models.")])
    assert negated != plain


def test_features_are_the_same_in_a_fresh_process() -> None:
    script = (
        "from analyzers.features import Unit, unit_buckets\n"
        "o, b = unit_buckets([Unit('Client may use the Work to train AI models.')])\n"
        "print(' '.join(map(str, b.tolist())))\n"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    here = unit_buckets([Unit("Client may use the Work to train AI models.")])[1]
    assert np.array_equal(np.array(fresh, dtype=np.int64), here)


def test_no_clause_and_empty_clauses_are_read_without_error() -> None:
    owner, buckets = unit_buckets([])
    assert len(owner) == len(buckets) == 0
    assert all(_per_unit([Unit(""), Unit("..."), Unit("No.")]))


def test_the_subject_changes_only_the_subject_features() -> None:
    text = "THE CLIENT SHALL NOT TRAIN MODELS."
    client, freelancer, none = _per_unit(
        [Unit(text, subject="client"), Unit(text, subject="freelancer"), Unit(text)]
    )
    # Words, pairs, capitals, length: the same whoever the subject is; only the
    # subject's own features are added.
    assert none <= client and none <= freelancer and client != freelancer
