"""The JSON API: one auth mechanism, one error shape, the same services as the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import create_api_token
from goodwill.test import Cast, make_ticket
from tickets.models import EventKind, MessageKind, Ticket


def api(client: Client, token: str, method: str, path: str, body: Any = None) -> Any:
    call = getattr(client, method)
    kwargs: dict[str, Any] = {"headers": {"Authorization": f"Bearer {token}"}}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return call(f"/api/v1{path}", **kwargs)


def token_for(user: Any) -> str:
    return create_api_token(user=user, name="test")[1]


def test_requests_without_a_valid_token_get_401_in_the_error_shape(
    cast: Cast, client: Client
) -> None:
    response = client.get("/api/v1/tickets")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert api(client, "gw_wrong", "get", "/tickets").status_code == 401


def test_an_expired_token_is_refused(cast: Cast, client: Client) -> None:
    token = token_for(cast.agent)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(client, token, "get", "/tickets").status_code == 401


def test_only_a_hash_of_the_token_is_stored(cast: Cast) -> None:
    token = token_for(cast.agent)
    row = ApiToken.objects.get()
    assert token not in (row.key_hash, row.prefix)
    assert token.startswith(row.prefix)


def test_creating_a_ticket_records_the_agent_and_the_channel(cast: Cast, client: Client) -> None:
    token = token_for(cast.agent)
    response = api(
        client,
        token,
        "post",
        "/tickets",
        {
            "requester_email": "new.person@example.org",
            "requester_name": "New Person",
            "subject": "Order 55 arrived damaged",
            "body": "Box crushed",
            "priority": "high",
            "team": "support",
            "tags": ["damage"],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    ticket = Ticket.objects.get(number=data["number"])
    assert (ticket.channel, ticket.priority, ticket.team) == ("api", 3, cast.support)
    assert data["requester"]["name"] == "New Person"
    assert data["tags"] == ["damage"]
    assert ticket.events.get(kind=EventKind.CREATED).actor_agent == cast.agent


def test_invalid_input_names_the_fields(cast: Cast, client: Client) -> None:
    token = token_for(cast.agent)
    response = api(client, token, "post", "/tickets", {"subject": "", "priority": "extreme"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"requester_email", "body", "priority", "subject"} <= set(error["fields"])


def test_a_service_validation_error_has_the_same_shape(cast: Cast, client: Client) -> None:
    token = token_for(cast.agent)
    response = api(client, token, "patch", f"/tickets/{cast.ticket.number}", {"team": "Nope"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"team": ["No team called 'Nope'."]}


def test_patch_changes_fields_through_the_services(cast: Cast, client: Client) -> None:
    token = token_for(cast.lead)
    response = api(
        client,
        token,
        "patch",
        f"/tickets/{cast.ticket.number}",
        {"status": "pending", "priority": "urgent", "assignee": "agent"},
    )
    assert response.status_code == 200, response.content
    assert (
        response.json()["status"],
        response.json()["priority"],
        response.json()["assignee"],
    ) == ("pending", "urgent", "agent")
    kinds = set(cast.ticket.events.values_list("kind", flat=True))
    assert {"status", "priority", "assignee"} <= kinds


def test_reply_and_note(cast: Cast, client: Client) -> None:
    token = token_for(cast.agent)
    r = api(
        client,
        token,
        "post",
        f"/tickets/{cast.ticket.number}/replies",
        {"body": "Hi Alice", "status": "solved"},
    )
    assert r.status_code == 201
    n = api(client, token, "post", f"/tickets/{cast.ticket.number}/notes", {"body": "internal"})
    assert n.status_code == 201
    kinds = list(cast.ticket.messages.values_list("kind", flat=True))
    assert kinds == [MessageKind.CUSTOMER, MessageKind.REPLY, MessageKind.NOTE]
    cast.ticket.refresh_from_db()
    assert cast.ticket.status == "solved"
    listed = api(client, token, "get", f"/tickets/{cast.ticket.number}/messages").json()
    assert [m["kind"] for m in listed] == ["customer", "reply", "note"]


def test_a_restricted_agent_gets_404_through_the_api_too(cast: Cast, client: Client) -> None:
    token = token_for(cast.outsider)
    response = api(client, token, "get", f"/tickets/{cast.ticket.number}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    posted = api(client, token, "post", f"/tickets/{cast.ticket.number}/replies", {"body": "x"})
    assert posted.status_code == 404
    assert cast.ticket.messages.count() == 1
    listed = api(client, token, "get", "/tickets").json()
    assert listed["items"] == []


def test_listing_pages_with_a_cursor(cast: Cast, client: Client) -> None:
    for _ in range(30):
        make_ticket()
    token = token_for(cast.agent)
    first = api(client, token, "get", "/tickets?per_page=25").json()
    second = api(client, token, "get", f"/tickets?per_page=25&after={first['next_cursor']}").json()
    numbers = [t["number"] for t in first["items"] + second["items"]]
    assert len(numbers) == 31 == len(set(numbers))
    assert second["next_cursor"] is None


def test_a_purchase_moves_the_lifecycle_forward_only(cast: Cast, client: Client) -> None:
    token = token_for(cast.agent)
    now = timezone.now()
    url = f"/customers/{cast.customer.pk}/purchases"
    assert (
        api(client, token, "post", url, {"purchased_at": now.isoformat()}).json()["lifecycle"]
        == "existing"
    )
    older = (now - timedelta(days=900)).isoformat()
    data = api(client, token, "post", url, {"purchased_at": older}).json()
    assert data["lifecycle"] == "existing"
    assert data["emails"] == ["alice@acme.example"]
