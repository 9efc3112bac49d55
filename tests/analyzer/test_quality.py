"""Quality floors on the labelled dev sets (tests/devset), measured by bench/eval.py.

These hold the line so rule changes cannot silently regress; figures are printed by
`python bench/eval.py` (see bench/README.md).
"""

from __future__ import annotations

import pytest

from analyzers.model import CATEGORIES
from bench.eval import check_documents, evaluate, load_rows


@pytest.fixture(scope="module")
def dev():
    return evaluate(load_rows(("own.jsonl", "corpus.jsonl")))


def test_dev_set_is_large_enough_and_balanced() -> None:
    rows = load_rows(("own.jsonl", "corpus.jsonl"))
    assert len(rows) >= 200
    assert sum(1 for r in rows if r["labels"] == ["none"]) >= 60
    labelled = {label for r in rows for label in r["labels"]}
    assert set(CATEGORIES) <= labelled


def test_dev_micro_f1_floor(dev) -> None:
    assert dev.micro_f1 >= 0.90


def test_no_category_below_floor(dev) -> None:
    low = {c: round(dev.f1(c)[2], 3) for c in CATEGORIES if dev.support(c) and dev.f1(c)[2] < 0.75}
    assert not low


def test_no_training_grant_on_protective_clauses(dev) -> None:
    assert dev.grants_on_protective == []


@pytest.mark.parametrize("name", [f"holdout{n}.jsonl" for n in ("", 2, 3, 4, 5, 6)])
def test_held_out_sets_stay_above_floor(name: str) -> None:
    result = evaluate(load_rows((name,)))
    assert result.micro_f1 >= 0.85
    assert result.grants_on_protective == []


def test_corpus_documents_match_their_expected_findings() -> None:
    assert check_documents() == []
