"""Opening, replying, status changes and the figures the services keep."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from goodwill.test import Cast, make_customer, make_ticket
from tickets import services
from tickets.models import EventKind, LinkKind, MessageKind, Status, Ticket, TicketLink


def kinds(ticket: Ticket) -> list[str]:
    return list(ticket.events.values_list("kind", flat=True))


def test_it_numbers_tickets_from_1001_without_repeats(db: None) -> None:
    first = make_ticket()
    second = make_ticket()
    assert (first.number, second.number) == (1001, 1002)


def test_it_records_the_creation_with_the_first_message(cast: Cast) -> None:
    ticket = cast.ticket
    message = ticket.messages.get()
    assert message.kind == MessageKind.CUSTOMER
    assert message.author_customer == cast.customer
    event = ticket.events.get(kind=EventKind.CREATED)
    assert event.message == message
    assert event.actor_customer == cast.customer
    assert ticket.organization == cast.acme


def test_it_refuses_a_ticket_without_subject(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        services.open_ticket(requester=cast.customer, subject="   ", body_text="help")
    assert "subject" in info.value.message_dict
    assert Ticket.objects.count() == 1


def test_a_first_reply_opens_the_ticket_and_assigns_the_agent(cast: Cast) -> None:
    ticket = cast.ticket
    services.reply_to_ticket(ticket=ticket, agent=cast.agent, body_text="Hello Alice, fixed.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.first_agent_reply_at is not None
    assert ticket.public_reply_count == 1
    assert ticket.assignee == cast.agent
    assert kinds(ticket) == ["created", "replied", "status", "assignee"]
    status_event = ticket.events.get(kind=EventKind.STATUS)
    assert (status_event.old_value, status_event.new_value) == ("New", "Open")


def test_solving_after_one_reply_counts_as_one_touch(cast: Cast) -> None:
    ticket = cast.ticket
    services.reply_to_ticket(
        ticket=ticket, agent=cast.agent, body_text="Done.", status=Status.SOLVED
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert ticket.one_touch is True
    assert ticket.first_solved_at == ticket.last_solved_at


def test_two_replies_are_not_one_touch(cast: Cast) -> None:
    ticket = cast.ticket
    services.reply_to_ticket(ticket=ticket, agent=cast.agent, body_text="Looking.")
    services.reply_to_ticket(ticket=ticket, agent=cast.agent, body_text="Done.", status="solved")
    ticket.refresh_from_db()
    assert ticket.one_touch is False


def test_it_reopens_a_solved_ticket_on_customer_reply(cast: Cast) -> None:
    ticket = cast.ticket
    services.reply_to_ticket(ticket=ticket, agent=cast.agent, body_text="Done.", status="solved")
    services.add_customer_message(ticket=ticket, customer=cast.customer, body_text="Still broken")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.reopen_count == 1
    assert ticket.one_touch is False
    assert kinds(ticket)[-3:] == ["customer_replied", "status", "reopened"]
    assert ticket.events.get(kind=EventKind.REOPENED).actor_customer == cast.customer


def test_a_reply_to_a_closed_ticket_opens_a_linked_follow_up(cast: Cast) -> None:
    ticket = cast.ticket
    services.change_status(ticket=ticket, status=Status.CLOSED, agent=cast.agent)
    message = services.add_customer_message(
        ticket=ticket, customer=cast.customer, body_text="It happened again"
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    follow_up = message.ticket
    assert follow_up.pk != ticket.pk
    assert follow_up.subject == ticket.subject
    assert TicketLink.objects.filter(
        source=follow_up, target=ticket, kind=LinkKind.FOLLOW_UP_OF
    ).exists()
    assert ticket.messages.count() == 1


def test_a_closed_ticket_cannot_be_reopened_by_an_agent(cast: Cast) -> None:
    services.change_status(ticket=cast.ticket, status=Status.CLOSED, agent=cast.agent)
    with pytest.raises(ValidationError):
        services.change_status(ticket=cast.ticket, status=Status.OPEN, agent=cast.agent)


def test_an_internal_note_is_not_public(cast: Cast) -> None:
    note = services.add_note(ticket=cast.ticket, agent=cast.agent, body_text="VIP, be kind")
    assert note.is_public is False
    assert cast.ticket.events.filter(kind=EventKind.NOTED, message=note).exists()
    cast.ticket.refresh_from_db()
    assert cast.ticket.public_reply_count == 0


def test_a_logged_call_keeps_duration_hold_and_handle_time(cast: Cast) -> None:
    call = services.log_call(
        ticket=cast.ticket,
        agent=cast.agent,
        direction="inbound",
        duration_s=320,
        hold_s=40,
        summary="Walked her through the reset.",
    )
    assert (call.kind, call.call_duration_s, call.call_hold_s, call.handle_time_s) == (
        MessageKind.CALL,
        320,
        40,
        320,
    )
    event = cast.ticket.events.get(kind=EventKind.CALL_LOGGED)
    assert event.new_value == "inbound, 5 min 20 s"


def test_hold_longer_than_the_call_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        services.log_call(
            ticket=cast.ticket,
            agent=cast.agent,
            direction="inbound",
            duration_s=30,
            hold_s=60,
            summary="x",
        )
    assert "hold_s" in info.value.message_dict


def test_property_changes_each_leave_a_timeline_row(cast: Cast) -> None:
    ticket = cast.ticket
    services.set_priority(ticket=ticket, priority=4, agent=cast.lead)
    services.set_type(ticket=ticket, type="complaint", agent=cast.lead)
    services.set_team(ticket=ticket, team=cast.billing, agent=cast.lead)
    services.set_tags(ticket=ticket, names=["Refund", "vip"], agent=cast.lead)
    services.set_tags(ticket=ticket, names=["vip"], agent=cast.lead)
    rows = list(ticket.events.exclude(kind="created").values_list("kind", "old_value", "new_value"))
    assert rows == [
        ("priority", "Normal", "Urgent"),
        ("type", "Question", "Complaint"),
        ("team", "Support", "Billing"),
        ("tag_added", "", "refund"),
        ("tag_added", "", "vip"),
        ("tag_removed", "refund", ""),
    ]
    assert list(ticket.tags.values_list("name", flat=True)) == ["vip"]


def test_setting_the_same_value_records_nothing(cast: Cast) -> None:
    services.set_priority(ticket=cast.ticket, priority=2, agent=cast.agent)
    assert kinds(cast.ticket) == ["created"]


def test_a_promise_is_recorded_and_shown_overdue(cast: Cast) -> None:
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(hours=1)
    services.set_promise(ticket=cast.ticket, promised_by=past, agent=cast.agent)
    cast.ticket.refresh_from_db()
    assert cast.ticket.promise_overdue is True
    assert cast.ticket.events.filter(kind=EventKind.PROMISED_BY).count() == 1


def test_a_new_ticket_with_ccs_keeps_them_but_not_the_requester(cast: Cast) -> None:
    bob = make_customer("Bob")
    ticket = make_ticket(cast.customer, ccs=[bob, cast.customer])
    assert list(ticket.ccs.all()) == [bob]
