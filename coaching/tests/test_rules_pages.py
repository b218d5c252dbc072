"""Supervisors keep the reply coach's phrase rules and jargon list; agents cannot."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coaching.models import JargonTerm, PhraseRule
from coaching.rules_starter import STARTER_RULES
from goodwill.test import Cast, login


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "key": "sorry-for-waiting",
        "category": "empathy",
        "pattern": r"sorry for (?:the|your) wait",
        "explanation": "A fine phrase, used here only to test the rule editor end to end.",
        "suggestions": "Thank you for waiting\n-",
        "must_match": "Sorry for the wait.\nSorry for your wait, Ann.",
        "must_not_match": "Thank you for waiting.",
        "unless_before": "",
        "unless_after": "",
        "requires_before": "",
        "enabled": "on",
    }
    data.update(overrides)
    return data


def test_the_starter_rules_and_a_jargon_list_are_seeded(db: None) -> None:
    keys = set(PhraseRule.objects.values_list("key", flat=True))
    assert keys == {spec["id"] for spec in STARTER_RULES}
    policy = PhraseRule.objects.get(key="policy")
    assert policy.enabled
    assert policy.to_engine().must_match == tuple(
        next(s for s in STARTER_RULES if s["id"] == "policy")["must_match"]
    )
    assert JargonTerm.objects.filter(term="SLA").exists()


def test_a_supervisor_creates_a_rule_and_the_coach_uses_it(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    response = client.post("/coaching/rules/new/", _form())
    assert response.status_code == 302
    rule = PhraseRule.objects.get(key="sorry-for-waiting")
    assert rule.suggestions == ["Thank you for waiting", ""]
    assert rule.must_match == ["Sorry for the wait.", "Sorry for your wait, Ann."]
    assert rule.updated_by == cast.lead
    body = client.post(
        "/coaching/lint/", {"ticket": cast.ticket.number, "text": "Sorry for the wait."}
    ).content.decode()
    assert 'data-rule="sorry-for-waiting"' in body


def test_an_invalid_regex_is_rejected_on_the_pattern_field_and_nothing_is_saved(
    cast: Cast, client: Client
) -> None:
    login(client, cast.lead)
    response = client.post("/coaching/rules/new/", _form(pattern="sorry for (the wait"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["pattern"]
    assert "not a valid regular expression" in errors["pattern"][0]
    assert "Pattern: This is not a valid regular expression" in response.content.decode()
    assert not PhraseRule.objects.filter(key="sorry-for-waiting").exists()


def test_examples_that_misbehave_are_named_on_their_fields(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    response = client.post(
        "/coaching/rules/new/",
        _form(must_match="Apologies for the delay.", must_not_match="Sorry for the wait."),
    )
    errors = response.context["form"].errors
    assert "Apologies for the delay." in errors["must_match"][0]
    assert "Sorry for the wait." in errors["must_not_match"][0]
    assert not PhraseRule.objects.filter(key="sorry-for-waiting").exists()


def test_editing_keeps_the_old_rule_when_the_new_pattern_is_bad(cast: Cast, client: Client) -> None:
    rule = PhraseRule.objects.get(key="no-problem")
    login(client, cast.lead)
    page = client.get(f"/coaching/rules/{rule.pk}/")
    assert "Sure, no problem." in page.content.decode()  # the examples, one per line
    data = _form(key="no-problem", pattern="no problem[")
    response = client.post(f"/coaching/rules/{rule.pk}/", data)
    assert "pattern" in response.context["form"].errors
    rule.refresh_from_db()
    assert rule.pattern == next(s for s in STARTER_RULES if s["id"] == "no-problem")["pattern"]


def test_a_supervisor_switches_a_rule_off_and_the_coach_stops_flagging_it(
    cast: Cast, client: Client
) -> None:
    rule = PhraseRule.objects.get(key="no-problem")
    login(client, cast.lead)
    client.post(f"/coaching/rules/{rule.pk}/toggle/")
    rule.refresh_from_db()
    assert rule.enabled is False
    body = client.post(
        "/coaching/lint/", {"ticket": cast.ticket.number, "text": "No problem."}
    ).content.decode()
    assert 'data-rule="no-problem"' not in body


def test_agents_get_403_on_the_rule_and_jargon_pages(cast: Cast, client: Client) -> None:
    rule = PhraseRule.objects.get(key="no-problem")
    login(client, cast.agent)
    assert client.get("/coaching/rules/").status_code == 403
    assert client.get("/coaching/rules/new/").status_code == 403
    assert client.post("/coaching/rules/new/", _form()).status_code == 403
    assert client.post(f"/coaching/rules/{rule.pk}/toggle/").status_code == 403
    assert client.get("/coaching/jargon/").status_code == 403
    assert client.post("/coaching/jargon/add/", {"term": "API"}).status_code == 403
    rule.refresh_from_db()
    assert rule.enabled
    assert not PhraseRule.objects.filter(key="sorry-for-waiting").exists()
    assert not JargonTerm.objects.filter(term="API").exists()


def test_the_rule_list_query_count_does_not_grow_with_the_rules(cast: Cast, client: Client) -> None:
    login(client, cast.lead)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/coaching/rules/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(10):
        client.post("/coaching/rules/new/", _form(key=f"extra-{i}"))
    assert PhraseRule.objects.filter(key__startswith="extra-").count() == 10
    assert count() == few


def test_supervisors_keep_the_jargon_list(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    client.post("/coaching/jargon/add/", {"term": "  root   cause ", "plain": "what caused it"})
    term = JargonTerm.objects.get(term="root cause")
    response = client.post("/coaching/jargon/add/", {"term": "ROOT CAUSE"})
    assert "already on the list" in response.content.decode()
    body = client.post(
        "/coaching/lint/",
        {"ticket": cast.ticket.number, "text": "Hi Alice, the root cause was a bad cable."},
    ).content.decode()
    assert "root cause" in body
    assert "what caused it" in body
    client.post(f"/coaching/jargon/{term.pk}/delete/")
    assert not JargonTerm.objects.filter(term="root cause").exists()
