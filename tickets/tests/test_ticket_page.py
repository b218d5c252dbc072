from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goodwill.test import Cast, login, make_agent, make_ticket
from tickets import services
from tickets.models import EventKind, MessageKind, Status, TicketPresence


def test_the_page_shows_conversation_timeline_and_customer_history(
    cast: Cast, client: Client
) -> None:
    older = make_ticket(cast.customer, subject="Password reset loop", channel="phone")
    services.add_note(ticket=cast.ticket, agent=cast.lead, body_text="Checked the ledger")
    services.set_priority(ticket=cast.ticket, priority=3, agent=cast.lead)
    login(client, cast.agent)
    body = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert "Checked the ledger" in body
    assert "Normal → High" in body
    assert f"#{older.number} Password reset loop" in body
    assert "To <strong>Alice Archer</strong>" in body


def test_the_ticket_page_query_count_does_not_grow_with_the_conversation(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/tickets/{cast.ticket.number}/")
        return len(ctx.captured_queries)

    services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="hi")
    count()  # the first visit inserts the read marker and presence rows; later ones update
    few = count()
    for i in range(15):
        services.add_customer_message(ticket=cast.ticket, customer=cast.customer, body_text=str(i))
        services.reply_to_ticket(ticket=cast.ticket, agent=cast.lead, body_text=f"r{i}")
    assert count() == few


def test_replying_through_the_page_with_an_attachment(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    upload = SimpleUploadedFile("steps.txt", b"1. restart", content_type="text/plain")
    response = client.post(
        f"/tickets/{cast.ticket.number}/reply/",
        {
            "body": "Hello Alice, see the steps attached.",
            "status": "pending",
            "attachments": [upload],
            "handle_time_s": "95",
        },
    )
    assert response.status_code == 302
    reply = cast.ticket.messages.get(kind=MessageKind.REPLY)
    assert reply.handle_time_s == 95
    assert reply.attachments.get().filename == "steps.txt"
    cast.ticket.refresh_from_db()
    assert cast.ticket.status == Status.PENDING
    download = client.get(f"/tickets/attachments/{reply.attachments.get().pk}/")
    assert b"".join(download.streaming_content) == b"1. restart"  # type: ignore[attr-defined]


def test_an_empty_reply_is_refused_with_the_field_named(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.post(f"/tickets/{cast.ticket.number}/reply/", {"body": ""}, follow=True)
    assert "Reply: This field is required." in response.content.decode()
    assert cast.ticket.messages.count() == 1


def test_the_properties_form_changes_several_fields_at_once(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    client.post(
        f"/tickets/{cast.ticket.number}/properties/",
        {
            "status": "on_hold",
            "priority": "4",
            "type": "complaint",
            "team": cast.billing.pk,
            "assignee": cast.agent.pk,
            "tags": "vip, refund",
            "promised_by": "2030-01-02T10:00",
        },
    )
    t = cast.ticket
    t.refresh_from_db()
    assert (t.status, t.priority, t.type, t.team, t.assignee) == (
        "on_hold",
        4,
        "complaint",
        cast.billing,
        cast.agent,
    )
    assert sorted(t.tags.values_list("name", flat=True)) == ["refund", "vip"]
    assert t.promised_by is not None and t.promised_by.year == 2030
    kinds = set(t.events.values_list("kind", flat=True))
    assert {"status", "priority", "type", "team", "assignee", "tag_added", "promised_by"} <= kinds


def test_another_agent_viewing_is_announced(cast: Cast, client: Client) -> None:
    services.note_presence(ticket=cast.ticket, user=cast.lead, action="replying")
    login(client, cast.agent)
    body = client.post(f"/tickets/{cast.ticket.number}/presence/").content.decode()
    assert "Lead Tester" in body and "replying" in body
    assert TicketPresence.objects.filter(ticket=cast.ticket, user=cast.agent).exists()


def test_logging_a_call_from_the_page(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    client.post(
        f"/tickets/{cast.ticket.number}/call/",
        {"direction": "outbound", "duration_min": "4.5", "hold_min": "1", "summary": "Called back"},
    )
    call = cast.ticket.messages.get(kind=MessageKind.CALL)
    assert (call.call_duration_s, call.call_hold_s) == (270, 60)


def test_splitting_through_the_page(cast: Cast, client: Client) -> None:
    extra = services.add_customer_message(
        ticket=cast.ticket, customer=cast.customer, body_text="Separate issue"
    )
    login(client, cast.agent)
    response = client.post(f"/tickets/{cast.ticket.number}/messages/{extra.pk}/split/")
    extra.refresh_from_db()
    assert response["Location"] == f"/tickets/{extra.ticket.number}/"
    assert cast.ticket.events.filter(kind=EventKind.SPLIT).exists()


def test_an_agent_opens_a_ticket_for_a_new_caller(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.post(
        "/tickets/new/",
        {
            "email": "caller@example.net",
            "name": "Cal Caller",
            "subject": "Phoned about a refund",
            "body": "Wants the refund for order 77.",
            "channel": "phone",
            "type": "request",
            "priority": "2",
        },
    )
    assert response.status_code == 302
    ticket = cast.ticket.__class__.objects.get(subject="Phoned about a refund")
    assert ticket.requester.name == "Cal Caller"
    assert ticket.events.get(kind=EventKind.CREATED).actor_agent == cast.agent


def test_an_agent_from_another_team_without_restriction_can_open_it(
    cast: Cast, client: Client
) -> None:
    free = make_agent("free")
    login(client, free)
    assert client.get(f"/tickets/{cast.ticket.number}/").status_code == 200
