"""The real labelled set (tests/realset): references and labels are sound, and the set is
as large and as varied as promised. Reading the text needs ``../shared/data``; those tests
say so and skip when it is absent (a fresh clone still passes)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pytest

from analyzers.model import CATEGORIES
from bench.realset.dataset import BATCHES, BLIND, check_labels, labels, pool
from bench.realset.refs import data_available, read_source, span_hash

needs_data = pytest.mark.skipif(
    not data_available(), reason="../shared/data is absent: the real texts are not here"
)
AI = {"ai_training_grant", "data_processing_rights", "ai_protection"}


@pytest.fixture(scope="module")
def refs() -> dict[str, dict]:
    return pool()


@pytest.fixture(scope="module")
def labelled() -> dict[str, dict]:
    return labels()


def test_every_pool_row_is_a_reference_not_a_text(refs) -> None:
    for row in refs.values():
        assert set(row) == {"id", "path", "start", "end", "sha", "source", "reason", "group"} | {
            "split"
        }
        assert 0 <= row["start"] < row["end"] and len(row["sha"]) == 12


def test_no_document_is_in_two_splits(refs) -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for row in refs.values():
        splits[row["group"]].add(row["split"])
    assert all(len(found) == 1 for found in splits.values())


def test_labels_use_the_taxonomy_and_cover_the_quotas(refs, labelled) -> None:
    assert set(labelled) <= set(refs)
    for row in labelled.values():
        check_labels(row, "labels")
    usable = [r for r in labelled.values() if not r.get("unusable")]
    counts = Counter(label for r in usable for label in r["labels"])
    documents = {refs[r["id"]]["group"] + refs[r["id"]]["path"].partition("#")[0] for r in usable}
    assert len(usable) >= 3000 and len(documents) >= 400
    assert counts["none"] >= 1000
    # About AI or data use: an AI or data label, or drawn for its AI words (user-side bans,
    # AI features and disclaimers, labelled none).
    ai_words = {"ai-words", "round2:training-words"}
    about_ai = [r for r in usable if AI & set(r["labels"]) or refs[r["id"]]["reason"] in ai_words]
    assert len(about_ai) >= 400 and sum(1 for r in usable if AI & set(r["labels"])) >= 350
    thin = {c for c in CATEGORIES if counts[c] < 60}
    # Where the data has few, the README says so (checked below).
    assert thin <= {
        "work_for_hire",
        "payment_terms",
        "unlimited_revisions",
        "confidentiality_one_sided",
        "moral_rights_waiver",
    }


def test_the_readme_reports_agreement_and_thin_categories() -> None:
    from bench.realset.refs import ROOT

    readme = (ROOT / "tests" / "realset" / "README.md").read_text("utf-8")
    assert "kappa" in readme
    for category in ("unlimited_revisions", "work_for_hire", "payment_terms"):
        assert f"`{category}` (" in readme


def test_blind_samples_were_labelled_by_someone_else(labelled) -> None:
    blind = labels(BLIND)
    assert 10 * len(blind) >= len(labelled) - 2 * 9  # 10% of each round, rounded down
    assert set(blind) <= set(labelled)
    assert set(BATCHES).isdisjoint(BLIND)


@needs_data
def test_the_pool_rebuilds_the_same(refs) -> None:
    """Labels point at pool ids: redrawing the pool (after a change to the code it calls,
    such as the language check) must give every row its old id and span back."""
    from bench.realset.pool import build

    assert {row["id"]: row for row in build()} == refs


@needs_data
def test_every_reference_still_points_at_the_labelled_words(refs) -> None:
    drifted = [
        r["id"]
        for r in refs.values()
        if span_hash(read_source(r["path"])[r["start"] : r["end"]]) != r["sha"]
    ]
    assert drifted == []


def test_label_files_hold_no_text_of_the_sources() -> None:
    from bench.realset.dataset import LABELS

    for path in LABELS.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            assert set(row) <= {"id", "labels", "protection_missing", "note", "unusable"}
            assert len(row.get("note", "").split()) <= 14


@needs_data
def test_no_note_repeats_four_words_of_its_span(refs) -> None:
    import re

    from bench.realset.dataset import LABELS
    from bench.realset.refs import resolve

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower())

    copied = []
    for path in LABELS.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            note = words(row.get("note", ""))
            span = " ".join(words(resolve(refs[row["id"]])))
            runs = (" ".join(note[i : i + 4]) for i in range(len(note) - 3))
            if any(run in span for run in runs):
                copied.append(row["id"])
    assert copied == []
