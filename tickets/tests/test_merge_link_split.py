from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from goodwill.test import Cast, make_customer, make_ticket
from tickets import services
from tickets.models import EventKind, LinkKind, Status, TicketLink


def test_merging_moves_messages_and_events_and_closes_the_source(cast: Cast) -> None:
    target = cast.ticket
    bob = make_customer("Bob")
    source = make_ticket(bob, subject="Same invoice problem")
    services.add_note(ticket=source, agent=cast.agent, body_text="dup")
    services.merge_tickets(source=source, target=target, agent=cast.agent)
    source.refresh_from_db()
    assert source.merged_into == target
    assert source.status == Status.CLOSED
    assert target.messages.count() == 3
    assert source.messages.count() == 0
    assert bob in target.ccs.all()
    assert source.events.get().kind == EventKind.MERGED_INTO
    assert target.events.filter(kind=EventKind.MERGED_FROM, new_value=f"#{source.number}").exists()
    # The moved history is still there, now on the target.
    assert target.events.filter(kind=EventKind.NOTED).exists()


def test_a_ticket_cannot_merge_into_itself(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.merge_tickets(source=cast.ticket, target=cast.ticket, agent=cast.agent)


def test_linking_is_recorded_on_both_sides_once(cast: Cast) -> None:
    other = make_ticket()
    services.link_tickets(source=cast.ticket, target=other, agent=cast.agent)
    services.link_tickets(source=other, target=cast.ticket, agent=cast.agent)
    assert TicketLink.objects.count() == 1
    assert cast.ticket.events.filter(kind=EventKind.LINKED).count() == 1
    assert other.events.filter(kind=EventKind.LINKED).count() == 1


def test_splitting_moves_a_customer_message_into_a_new_linked_ticket(cast: Cast) -> None:
    extra = services.add_customer_message(
        ticket=cast.ticket, customer=cast.customer, body_text="Also, my password reset fails."
    )
    new = services.split_message(message=extra, agent=cast.agent, subject="Password reset")
    extra.refresh_from_db()
    assert extra.ticket == new
    assert new.requester == cast.customer
    assert new.subject == "Password reset"
    assert TicketLink.objects.filter(
        source=new, target=cast.ticket, kind=LinkKind.SPLIT_FROM
    ).exists()
    assert cast.ticket.events.filter(kind=EventKind.SPLIT, new_value=f"#{new.number}").exists()


def test_the_only_message_cannot_be_split(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.split_message(message=cast.ticket.messages.get(), agent=cast.agent)
