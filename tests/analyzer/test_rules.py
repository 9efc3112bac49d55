"""Every rule carries its own examples; each must behave as the rule says, through the whole
analyzer (``analyze_text``: rules, context checks and the classifier), as a member would
see it."""

from __future__ import annotations

import pytest

from analyzers import analyze_text
from analyzers.engine import find_hits
from analyzers.extract import document_from_text
from analyzers.model import CATEGORIES
from analyzers.rules import RuleError, RuleSet, load_rules, parse_rules
from analyzers.segment import segment

RULES = load_rules().rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_fires_on_its_hit_examples(rule) -> None:
    missed = [text for text in rule.hit if rule.category not in analyze_text(text).categories]
    assert not missed, f"{rule.id}: no {rule.category} finding for: {missed}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_stays_quiet_on_its_miss_examples(rule) -> None:
    fired = [text for text in rule.miss if rule.id in {f.rule for f in analyze_text(text).findings}]
    assert not fired, f"{rule.id} should not fire on: {fired}"


def test_every_category_has_a_rule_and_copy() -> None:
    ruleset = load_rules()
    covered = {rule.category for rule in ruleset.rules}
    assert covered == set(CATEGORIES)
    for category in CATEGORIES:
        copy = ruleset.copy[category]
        assert copy.title and copy.explanation and copy.tip


def _rule(**overrides: str) -> str:
    fields = {
        "id": '"payment_terms/example"',
        "category": '"payment_terms"',
        "gate": '["pay"]',
        "patterns": "['pay later']",
        "hit": '["We pay later."]',
        "miss": '["We pay now."]',
    }
    fields.update(overrides)
    return "[[rule]]\n" + "\n".join(f"{k} = {v}" for k, v in fields.items() if v) + "\n"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"patterns": "['pay.*later']"}, "backtrack"),
        ({"patterns": "['(?:pay )+later']"}, "backtrack"),
        ({"patterns": "['Pay later']"}, "lowercased"),
        ({"patterns": "['pay (later']"}, "bad pattern"),
        ({"category": '"no_such_category"'}, "unknown category"),
        ({"id": '"other/example"'}, "id must be"),
        ({"miss": ""}, "example"),
        ({"gate": "[]"}, "gate"),
        ({"checks": '["no_such_check"]'}, "unknown check"),
        ({"severity": '"huge"'}, "severity"),
    ],
)
def test_invalid_rules_are_refused_at_load_time(overrides: dict[str, str], message: str) -> None:
    copy = load_rules().copy
    with pytest.raises(RuleError, match=message):
        parse_rules(_rule(**overrides), copy)


def test_a_valid_rule_parses() -> None:
    (rule,) = parse_rules(_rule(), load_rules().copy)
    assert rule.id == "payment_terms/example"
    document = document_from_text("We PAY LATER, always.")
    ruleset = RuleSet((rule,), load_rules().copy)
    (hit,) = find_hits(document, segment(document), ruleset).hits
    assert document.text[hit.start : hit.end].lower() == "pay later"


def test_a_finding_says_which_pattern_fired() -> None:
    (finding,) = analyze_text("Your uploads may become training data for our AI.").findings
    assert (finding.rule, finding.pattern) == (
        "ai_training_grant/train-models",
        "becomes-training-data",
    )
    (assignment,) = [
        f
        for f in analyze_text(
            "Contractor assigns all right, title and interest to Client."
        ).findings
        if f.category == "ip_assignment"
    ]
    assert assignment.pattern.startswith("#")


def test_pattern_names_must_be_unique() -> None:
    rule = _rule(patterns="[{ name = 'a', re = 'pay later' }, { name = 'a', re = 'pay soon' }]")
    with pytest.raises(RuleError, match="repeat"):
        parse_rules(rule, load_rules().copy)
