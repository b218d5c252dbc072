"""The starter rule set: every rule's declared examples, and coverage of the practices."""

from __future__ import annotations

import json
import re

import pytest

from coaching.lint import PhraseRule, lint_reply, rule_problems
from coaching.rules_starter import STARTER_RULES

RULES = [PhraseRule.from_dict(spec) for spec in STARTER_RULES]

MUST_MATCH = [(rule, example) for rule in RULES for example in rule.must_match]
MUST_NOT_MATCH = [(rule, example) for rule in RULES for example in rule.must_not_match]


def _ids(params: list[tuple[PhraseRule, str]]) -> list[str]:
    return [f"{rule.id}:{example[:40]}" for rule, example in params]


@pytest.mark.parametrize(("rule", "example"), MUST_MATCH, ids=_ids(MUST_MATCH))
def test_rule_fires_on_its_must_match_example(rule: PhraseRule, example: str) -> None:
    found = [f.rule_id for f in lint_reply(example, rules=[rule]).findings]
    assert found.count(rule.id) >= 1


@pytest.mark.parametrize(("rule", "example"), MUST_NOT_MATCH, ids=_ids(MUST_NOT_MATCH))
def test_rule_stays_quiet_on_its_must_not_match_example(rule: PhraseRule, example: str) -> None:
    assert lint_reply(example, rules=[rule]).findings == ()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_is_complete_and_sound(rule: PhraseRule) -> None:
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.id)
    assert rule.enabled
    assert rule.category
    assert len(rule.explanation) > 40
    assert rule.suggestions
    assert len(rule.must_match) >= 3
    assert len(rule.must_not_match) >= 2
    assert rule_problems(rule) == []


def test_rule_ids_are_unique() -> None:
    ids = [spec["id"] for spec in STARTER_RULES]
    assert len(ids) == len(set(ids))


def test_starter_rules_are_plain_json_data() -> None:
    assert json.loads(json.dumps(STARTER_RULES)) == STARTER_RULES


def test_phrase_rule_round_trips_through_a_dict() -> None:
    for spec in STARTER_RULES:
        rule = PhraseRule.from_dict(spec)
        assert PhraseRule.from_dict(rule.to_dict()) == rule


# Each row of the "phrases to avoid" table in the practices, and the rule meant to catch it.
PRACTICE_TABLE = [
    ("I don't know.", "i-dont-know"),
    ("No.", "flat-no"),
    ("We can't do that.", "cant-do"),
    ("It's our policy.", "policy"),
    ("It's policy.", "policy"),
    ("You will have to send it back.", "you-will-have-to"),
    ("No problem.", "no-problem"),
    ("Unfortunately, it has sold out.", "unfortunately"),
    ("Sadly, it has sold out.", "unfortunately"),
    ("I'm afraid it has sold out.", "unfortunately"),
    ("Don't worry.", "dont-worry"),
    ("Just a second.", "just-a-second"),
    ("I will try.", "i-will-try"),
    ("Your refund is approved, but it takes a week.", "but-after-good-news"),
    ("Calm down.", "calm-down"),
    ("It's not my department.", "not-my-department"),
    ("That's none of your concern.", "rude-dismissal"),
    # Extensions beyond the table.
    ("As I said before, it shipped.", "as-i-said"),
    ("You should have read the terms.", "you-should-have"),
    ("To be honest, it's old.", "to-be-honest"),
    ("Obviously it's not included.", "obviously"),
    ("Bear with me.", "bear-with-me"),
    ("I'll get back to you.", "get-back-no-time"),
    ("That's not my job.", "not-my-department"),
]


@pytest.mark.parametrize(("text", "rule_id"), PRACTICE_TABLE)
def test_practice_table_phrase_is_caught_by_its_rule(text: str, rule_id: str) -> None:
    assert rule_id in [f.rule_id for f in lint_reply(text).findings]
