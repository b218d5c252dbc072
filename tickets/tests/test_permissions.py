"""Who may see and change which ticket: guessed numbers get a 404, not someone else's data."""

from __future__ import annotations

import pytest
from django.test import Client

from goodwill.test import Cast, login, make_ticket
from tickets.models import Status


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast, client: Client) -> None:
    response = client.get(f"/tickets/{cast.ticket.number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_restricted_agent_gets_404_for_another_teams_ticket(cast: Cast, client: Client) -> None:
    login(client, cast.outsider)
    assert client.get(f"/tickets/{cast.ticket.number}/").status_code == 404
    response = client.post(f"/tickets/{cast.ticket.number}/reply/", {"body": "hi"})
    assert response.status_code == 404
    assert cast.ticket.messages.count() == 1


@pytest.mark.parametrize("number", [1, 999, 1002, 99999])
def test_guessed_ticket_numbers_are_404(cast: Cast, client: Client, number: int) -> None:
    login(client, cast.outsider)
    assert client.get(f"/tickets/{number}/").status_code == 404


def test_a_restricted_agent_sees_their_teams_tickets_and_their_own(
    cast: Cast, client: Client
) -> None:
    mine = make_ticket(team=cast.billing)
    assigned = make_ticket(team=cast.support, assignee=cast.outsider)
    login(client, cast.outsider)
    assert client.get(f"/tickets/{mine.number}/").status_code == 200
    assert client.get(f"/tickets/{assigned.number}/").status_code == 200
    inbox = client.get("/tickets/?view=all").content.decode()
    assert f"#{mine.number} " in inbox
    assert f"#{cast.ticket.number} " not in inbox


def test_a_restricted_agent_cannot_merge_into_a_hidden_ticket(cast: Cast, client: Client) -> None:
    mine = make_ticket(team=cast.billing)
    login(client, cast.outsider)
    response = client.post(f"/tickets/{mine.number}/merge/", {"number": cast.ticket.number})
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.merged_into is None


def test_bulk_actions_skip_tickets_the_agent_cannot_see(cast: Cast, client: Client) -> None:
    mine = make_ticket(team=cast.billing)
    login(client, cast.outsider)
    client.post(
        "/tickets/bulk/",
        {"tickets": [mine.number, cast.ticket.number], "action": "status", "status": "pending"},
    )
    mine.refresh_from_db()
    cast.ticket.refresh_from_db()
    assert mine.status == Status.PENDING
    assert cast.ticket.status == Status.NEW


def test_customers_cannot_use_agent_pages(cast: Cast, client: Client) -> None:
    session = client.session
    session["portal_customer_id"] = cast.customer.pk
    session.save()
    response = client.get("/tickets/")
    assert response.status_code == 302


def test_a_signed_in_user_without_agent_profile_is_refused(cast: Cast, client: Client) -> None:
    from django.contrib.auth.models import User

    plain = User.objects.create_user("plain", password="x-very-long-pass")
    login(client, plain)
    assert client.get("/tickets/").status_code == 403


def test_mutations_need_post(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    assert client.get(f"/tickets/{cast.ticket.number}/reply/").status_code == 405


def test_csrf_is_enforced_on_ticket_actions(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    login(client, cast.agent)
    response = client.post(f"/tickets/{cast.ticket.number}/note/", {"body": "x"})
    assert response.status_code == 403
    assert cast.ticket.messages.count() == 1
