"""Direction is read as a person reads it, whatever the form (taxonomy v2): forbidding
labels, prohibition nouns, excluded-use lists, "except" carve-outs and capitals protect;
removed restrictions and double negatives grant. Plus the paraphrases a member types."""

from __future__ import annotations

import pytest

from analyzers import analyze_text
from analyzers.features import scoped_words

PROTECTIVE = [
    "AI training: not permitted.",
    "The Client is prohibited from using the Work for training machine learning models.",
    "A ban on using the Deliverables for AI training applies to the Client.",
    "Excluded uses:\n- training artificial intelligence models\n- resale",
    "The Client may NOT use the deliverables to train any model.",
    "We will not use Customer Data to train our models.",
    "Prohibited Uses\n\nUsing the Deliverables for AI training.\n\nReselling the files.",
    "What the Client may not do\n\n- Feeding the recordings into AI training tools.",
]
GRANTING = [
    "Nothing in this agreement prevents the Client from using the Deliverables to train AI.",
    "The Client is not restricted from using the Work as a dataset for machine learning.",
    "We may use your content to train our models.",
    # An opt-out reveals default training ("... means that" explains; it defines nothing).
    "Opting out means that we will no longer use your content to train our models.",
]


@pytest.mark.parametrize("text", PROTECTIVE)
def test_protective_forms_are_protections_never_grants(text: str) -> None:
    report = analyze_text(text)
    assert report.ai_training == "protected"
    assert "ai_training_grant" not in report.categories


@pytest.mark.parametrize("text", GRANTING)
def test_removed_restrictions_and_plain_grants_expose(text: str) -> None:
    report = analyze_text(text)
    assert report.ai_training == "exposed"
    assert report.grade in ("D", "E", "F")


def test_an_except_carve_out_is_not_a_grant_of_what_it_excludes() -> None:
    report = analyze_text("The Client may use the Work for all purposes except AI training.")
    assert "ai_training_grant" not in report.categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The client may cancel at any time without paying anything.", "termination_no_fee"),
        ("There is no cap on the freelancer's liability.", "unlimited_liability"),
        ("The freelancer will pay all of the client's legal costs.", "indemnification"),
        ("You will work only for us for 6 months after the project ends.", "non_compete"),
    ],
)
def test_plain_paraphrases_of_the_traps_are_found(text: str, category: str) -> None:
    assert category in analyze_text(text).categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Payment is made by credit card within 14 days.", "derivative_works"),
        ("The licence is worldwide and royalty-free.", "perpetual_irrevocable"),
        (
            "Contractor may terminate this Agreement for convenience on thirty days' notice.",
            "termination_no_fee",
        ),
    ],
)
def test_words_inside_words_and_the_other_side_do_not_count(text: str, category: str) -> None:
    assert category not in analyze_text(text).categories


def test_negation_scope_marks_the_words_it_governs() -> None:
    marks = dict(scoped_words("The Client shall not train models, but may copy the files."))
    assert marks["train"] == marks["models"] == "N"
    assert marks["copy"] == marks["client"] == ""  # the comma closes the scope


def test_a_negation_opening_the_clause_governs_what_follows() -> None:
    marks = dict(scoped_words("No licence to train models is granted."))
    assert marks["licence"] == marks["train"] == "N"


def test_a_double_negative_is_marked_as_such() -> None:
    marks = dict(scoped_words("Nothing prevents the Client from training models."))
    assert marks["training"] == "D"


def test_a_users_prohibited_conduct_list_protects_nothing() -> None:
    # Taxonomy v2, "who is bound decides": a platform banning its users from scraping or
    # training takes no rights over the user's work and protects none of it.
    report = analyze_text(
        "Prohibited Conduct\n\nYou must not engage in any of the following:\n"
        "- Scraping content from the Service to train machine learning models."
    )
    assert "ai_protection" not in report.categories
    assert "ai_training_grant" not in report.categories


def test_an_opt_out_that_reveals_default_training_is_a_grant() -> None:
    report = analyze_text(
        "If you want to exclude your content from helping to train our models, "
        "you can opt out in your settings."
    )
    assert report.ai_training == "exposed"
