"""Direction and negation: the cases the analyzer must get right (issue 2, taxonomy.md)."""

from __future__ import annotations

import pytest

from analyzers import analyze_text


def categories(text: str) -> set[str]:
    return set(analyze_text(text).categories)


def test_negated_training_is_protection_not_a_grant() -> None:
    found = categories("Client shall not use the Deliverables to train any machine learning model.")
    assert "ai_protection" in found
    assert "ai_training_grant" not in found


def test_a_grant_to_train_is_found() -> None:
    found = categories(
        "The Contractor grants the Client the right to use the Deliverables to train, "
        "fine-tune and evaluate machine learning models."
    )
    assert "ai_training_grant" in found
    assert "ai_protection" not in found


def test_freelancer_terminating_is_not_a_missing_kill_fee() -> None:
    assert "termination_no_fee" not in categories(
        "Contractor may terminate this Agreement for convenience on thirty days' notice."
    )


def test_client_terminating_without_paying_is_flagged() -> None:
    assert "termination_no_fee" in categories(
        "Client may terminate this Agreement at any time, for any reason, without any "
        "liability or payment to Contractor."
    )


@pytest.mark.parametrize(
    "text",
    [
        "You may not scrape, crawl or use automated means to collect content from the Service, "
        "or use content from the Service to train machine learning models.",
        "We use machine learning to moderate content and detect spam.",
        "Contractor shall not use Client's confidential information to train any AI model.",
        "Contractor shall disclose any use of generative AI tools in preparing the Deliverables.",
    ],
)
def test_no_rights_taken_means_no_training_grant(text: str) -> None:
    assert "ai_training_grant" not in categories(text)


def test_zoom_style_stack_without_ai_words_is_unprotected() -> None:
    report = analyze_text(
        "You grant us a perpetual, worldwide, royalty-free, sublicensable and transferable "
        "licence to use, modify, create derivative works of and distribute your Content for "
        "product development and to improve our services."
    )
    found = set(report.categories)
    assert {"perpetual_irrevocable", "sublicense_third_party", "derivative_works"} <= found
    assert "data_processing_rights" in found
    assert "ai_training_grant" not in found
    assert report.ai_training == "unprotected"


def test_mutual_indemnity_limited_to_own_breach_is_fine() -> None:
    assert "indemnification" not in categories(
        "Each party shall indemnify the other against third-party claims to the extent caused "
        "by its own breach of this Agreement."
    )


def test_ip_on_full_payment_is_an_assignment_but_not_before_payment() -> None:
    # Taxonomy v2: assignment on full payment is still ip_assignment, never ip_before_payment.
    on_payment = categories(
        "Ownership of the Deliverables passes to Client only upon receipt of full payment."
    )
    assert "ip_assignment" in on_payment
    assert "ip_before_payment" not in on_payment
    assert {"ip_assignment", "ip_before_payment"} <= categories(
        "All work developed by the Consultant shall be the Client's property from the moment "
        "of its creation."
    )


def test_payment_within_thirty_days_is_fine_sixty_is_not() -> None:
    assert "payment_terms" not in categories("Invoices are payable within thirty (30) days.")
    assert "payment_terms" in categories("Invoices are payable within sixty (60) days.")


def test_items_of_a_prohibition_list_keep_its_negation() -> None:
    text = (
        "You agree that you will not:\n"
        "(a) copy or modify the Software;\n"
        "(b) sublicense or transfer the Software to any third party."
    )
    found = categories(text)
    assert "derivative_works" not in found
    assert "sublicense_third_party" not in found


def test_a_rider_scores_five_of_five() -> None:
    rider = (
        "AI Usage Restrictions\n"
        "Client shall not use the Deliverables, or permit any vendor, sublicensee or AI platform "
        "to use them, to train, fine-tune, test or evaluate any machine learning system, large "
        "language model or other generative AI, nor for text and data mining or scraping.\n"
        "Any breach of this clause is a material breach entitling Contractor to terminate and to "
        "seek damages and injunctive relief."
    )
    report = analyze_text(rider)
    protections = [f for f in report.findings if f.category == "ai_protection"]
    assert protections and protections[0].protection is not None
    assert protections[0].protection.points == 5
    assert protections[0].protection.missing == ()
    assert report.ai_training == "protected"


def test_a_negation_inside_a_leading_condition_does_not_negate_the_main_clause() -> None:
    renews = (
        "If neither party gives notice, the Agreement is considered prolonged for the same term."
    )
    assert "auto_renewal" in categories(renews)
    assert "auto_renewal" not in categories(
        "The Agreement shall not be prolonged for the same term."
    )


def test_or_not_is_not_a_negation() -> None:
    text = (
        "On termination, all materials produced, finished or not, "
        "become the property of the Client."
    )
    assert {"ip_assignment", "ip_before_payment"} <= categories(text)


def test_fallback_assignment_after_an_insofar_as_not_clause_is_found() -> None:
    text = (
        "All materials are works made for hire. "
        "Insofar as they are not, the Artist assigns them to the Studio."
    )
    assert "ip_assignment" in categories(text)


def test_a_sentence_that_refers_back_to_a_termination_is_judged_with_it() -> None:
    limit = (
        "In that event the Consultant shall be entitled solely to fees for Deliverables "
        "accepted before the notice."
    )
    assert "termination_no_fee" in categories("The Company may terminate at any time. " + limit)
    assert "termination_no_fee" not in categories("The Company may ask for extra rounds. " + limit)


def test_a_confidentiality_duty_made_perpetual_in_a_separate_sentence_is_flagged() -> None:
    text = (
        "Each party shall keep the other's information secret. "
        "These obligations continue in perpetuity."
    )
    assert "confidentiality_one_sided" in categories(text)


# Read by the rules alone (a package built without the model): the model drops or adds
# most of these too, so only here does each rule's own reading show.
RULES_ALONE = [
    # "not liable to you" negates; only "not liable to pay" is the duty form.
    ("Acme shall not be liable to you for any indirect or consequential damages.", None),
    (
        "The Designer shall be liable to the Client for any indirect or consequential damages.",
        "unlimited_liability",
    ),
    # Terms that take no rights.
    ("Each party irrevocably consents to the exclusive jurisdiction of the courts of Ohio.", None),
    (
        "Licensor grants Licensee a non-exclusive, non- assignable, non-sublicensable "
        "licence to display the Marks.",
        None,
    ),
    (
        "Either party may disclose the other party's Confidential Information to its "
        "employees, consultants and affiliates who need to know it.",
        None,
    ),
    # A default that applies unless agreed otherwise requires nothing: it grants.
    (
        "In the absence of a separate agreement that states otherwise, you agree that "
        "your content may be used to train artificial intelligence models.",
        "ai_training_grant",
    ),
    # "will not affect ... ability to" is a double negative.
    (
        "Termination will not affect the Client's ability to use the Deliverables to "
        "train machine learning models.",
        "ai_training_grant",
    ),
    # AI named later in a list of purposes is no "AI feature" offered to the user.
    (
        "We may use your data to improve, develop and provide products and services, "
        "develop and train artificial intelligence models, and personalise our services.",
        "ai_training_grant",
    ),
    # A sale of the business passes the content on.
    (
        "In the event of a merger or sale of our business, your content may be "
        "transferred as part of the assets.",
        "sublicense_third_party",
    ),
]
# What the quiet texts above must not be read as.
_NOT_THESE = ("unlimited_liability", "perpetual_irrevocable", "sublicense_third_party")


@pytest.mark.parametrize(("text", "category"), RULES_ALONE)
def test_what_the_rules_alone_read(
    monkeypatch: pytest.MonkeyPatch, text: str, category: str | None
) -> None:
    monkeypatch.setattr("analyzers.engine.load_classifier", lambda: None)
    found = categories(text)
    if category is None:
        assert found.isdisjoint(_NOT_THESE)
    else:
        assert category in found
