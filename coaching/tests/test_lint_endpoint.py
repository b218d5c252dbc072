"""The reply coach behind the composer: findings, suggestions applied, and who may ask."""

from __future__ import annotations

import json
import re

from django.test import Client

from goodwill.test import Cast, login
from portal.access import SESSION_KEY
from tickets.models import TicketType

POLICY = "It's our policy, you will have to wait"


def _lint(client: Client, cast: Cast, text: str) -> str:
    response = client.post("/coaching/lint/", {"ticket": cast.ticket.number, "text": text})
    assert response.status_code == 200
    return response.content.decode()


def test_the_policy_sentence_gets_two_highlights_with_explanations(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    body = _lint(client, cast, POLICY)
    marks = re.findall(r'<mark data-rule="([\w-]+)" title="[^"]+">([^<]+)</mark>', body)
    assert marks == [("policy", "It&#x27;s our policy"), ("you-will-have-to", "you will have to")]
    assert "Phrases to reconsider (2)" in body
    assert "Use: Could you please" in body
    assert "Use: The reason for this is" in body
    # Whole-reply checks: the requester's name and thanks are missing.
    assert "never uses the customer&#x27;s name (Alice)" in body
    assert "There is no thank-you" in body


def test_a_complaint_asks_for_an_apology_and_other_tickets_do_not(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    assert "Apology" not in _lint(client, cast, "Hello Alice, thanks for writing.")
    cast.ticket.type = TicketType.COMPLAINT
    cast.ticket.save()
    assert "has no real apology" in _lint(client, cast, "Hello Alice, thanks for writing.")


def test_a_clean_reply_gets_no_highlights(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    body = _lint(
        client,
        cast,
        "Hello Alice, thank you for telling us. I have corrected the address and "
        "you will have the new invoice by 5 pm today.",
    )
    assert "<mark" not in body
    assert "No phrases to reconsider" in body


def test_applying_a_suggestion_returns_the_changed_text_and_fresh_findings(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    response = client.post(
        "/coaching/lint/apply/",
        {
            "ticket": cast.ticket.number,
            "text": POLICY,
            "rule": "you-will-have-to",
            "start": 17,
            "end": 33,
            "suggestion": 0,
        },
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["text"] == "It's our policy, could you please wait"
    assert 'data-rule="policy"' in data["html"]
    assert 'data-rule="you-will-have-to"' not in data["html"]


def test_a_name_placeholder_in_a_suggestion_uses_the_customers_first_name(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    assert "Use: Hi Alice," in _lint(client, cast, "Dear Customer, thanks.")
    response = client.post(
        "/coaching/lint/apply/",
        {
            "ticket": cast.ticket.number,
            "text": "Dear Customer, thanks.",
            "rule": "impersonal-greeting",
            "start": 0,
            "end": 13,
            "suggestion": 0,
        },
    )
    assert json.loads(response.content)["text"] == "Hi Alice, thanks."


def test_a_stale_click_answers_409_with_the_current_findings(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.post(
        "/coaching/lint/apply/",
        {
            "ticket": cast.ticket.number,
            "text": "Happy to help, Alice.",
            "rule": "no-problem",
            "start": 0,
            "end": 10,
            "suggestion": 0,
        },
    )
    assert response.status_code == 409
    assert json.loads(response.content)["text"] == "Happy to help, Alice."


def test_windows_line_endings_do_not_shift_the_highlights(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    body = _lint(client, cast, "Hi Alice,\r\n\r\nNo problem.")
    assert '<mark data-rule="no-problem"' in body
    assert 'data-start="11" data-end="21"' in body


def test_customers_and_anonymous_visitors_are_refused(cast: Cast, client: Client) -> None:
    response = client.post("/coaching/lint/", {"ticket": cast.ticket.number, "text": POLICY})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    session = client.session
    session[SESSION_KEY] = cast.customer.pk
    session.save()
    response = client.post("/coaching/lint/", {"ticket": cast.ticket.number, "text": POLICY})
    assert response.status_code == 302
    assert "<mark" not in response.content.decode()


def test_a_restricted_agent_gets_404_for_a_ticket_they_cannot_see(
    cast: Cast, client: Client
) -> None:
    login(client, cast.outsider)
    response = client.post("/coaching/lint/", {"ticket": cast.ticket.number, "text": POLICY})
    assert response.status_code == 404
    response = client.post(
        "/coaching/lint/apply/",
        {
            "ticket": cast.ticket.number,
            "text": POLICY,
            "rule": "policy",
            "start": 0,
            "end": 15,
            "suggestion": 0,
        },
    )
    assert response.status_code == 404


def test_the_coach_only_answers_posts(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    assert client.get("/coaching/lint/").status_code == 405
    assert client.post("/coaching/lint/", {"text": POLICY}).status_code == 400


def test_the_ticket_page_carries_the_coach_in_the_reply_form(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    body = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    reply_form = body[body.index('data-composer-panel="reply"') : body.index("Send reply")]
    assert "data-coach " in reply_form
    assert 'data-lint-url="/coaching/lint/"' in reply_form
    assert "coaching/coach.js" in body
