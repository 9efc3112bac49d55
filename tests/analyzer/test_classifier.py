"""The learned layer ships with the package, loads once, is named in every report, and
decides what the rules cannot."""

from __future__ import annotations

from importlib import resources

import pytest

import analyzers.engine
from analyzers import analyze_text, warm_up
from analyzers.classifier import MODEL_FILE, load_classifier
from analyzers.context import DEFAULT_LEXICON
from analyzers.learned import subject_side
from analyzers.model import CATEGORIES


def test_the_model_file_ships_small_and_loads() -> None:
    path = resources.files("analyzers").joinpath("data", MODEL_FILE)
    assert path.is_file() and len(path.read_bytes()) < 25 * 1024 * 1024
    classifier = load_classifier()
    assert classifier is not None and classifier.categories == CATEGORIES
    assert classifier.thresholds.shape == (3, len(CATEGORIES))
    assert load_classifier() is classifier  # loaded once per process


def test_every_report_names_the_model_that_weighed_it() -> None:
    report = analyze_text("The Client may use the Deliverables to train AI models.")
    assert report.model == load_classifier().version
    assert report.to_dict()["model"].startswith("clausescout-linear-")


def test_findings_carry_the_classifier_confidence() -> None:
    report = analyze_text("We may use your content to train our models.")
    (finding,) = report.findings
    assert 0.5 <= finding.confidence <= 1.0 and finding.confidence != 0.9  # not the rule's


def test_without_a_model_the_rules_decide_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyzers.engine, "load_classifier", lambda: None)
    monkeypatch.setattr(analyzers, "load_classifier", lambda: None)
    report = analyze_text("We may use your content to train our models.")
    assert report.model is None
    assert report.categories == ("ai_training_grant",)


def test_a_rule_match_the_model_reads_otherwise_is_dropped() -> None:
    # "credit" is no "edit", and a mutual cap at fees paid is no uncapped liability: the
    # words a rule looks for are there, the meaning is not.
    report = analyze_text(
        "Each party's total liability under this Agreement is limited to the fees paid in "
        "the twelve months before the claim."
    )
    assert "unlimited_liability" not in report.categories


def test_a_heading_alone_gets_no_finding_from_the_model() -> None:
    assert analyze_text("27. Intellectual Property.").findings == ()


def test_warm_up_readies_rules_and_model() -> None:
    warm_up()
    assert load_classifier() is not None


def test_the_report_schema_lists_the_declared_categories() -> None:
    from bench.schema import SCHEMA, with_categories

    text = SCHEMA.read_text("utf-8")
    assert with_categories(text) == text, "run python -m bench.schema"


@pytest.mark.parametrize(
    ("clause", "side"),
    [
        (
            "During the Term, Contractor shall not work for any competitor of the Company.",
            "freelancer",
        ),
        ("The Client may terminate this Agreement at any time.", "client"),
        ("We may use your content to train our models.", "client"),
        # A plain name before the verb: the party named later is no subject.
        ("Maimon agrees not to accept work from any other customer of the Company.", None),
        ("Purolator agrees not to solicit freight from existing customers of Dynamex.", None),
        # No verb of obligation or permission: the first party named.
        ("Photographs uploaded by users are licensed to the Company.", "freelancer"),
    ],
)
def test_the_subject_the_model_reads_is_the_party_before_the_verb(clause: str, side) -> None:
    assert subject_side(clause, DEFAULT_LEXICON) == side
