"""The demo data generator and `manage.py seed`."""

from __future__ import annotations

import io
import random
import string
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client

from customers.models import Customer, Lifecycle
from goodwill.management.commands.seed import ProgressBar
from goodwill.seed import (
    DEMO_PASSWORD,
    SeedSummary,
    _Agent,
    _Person,
    _TicketMaker,
    every_template,
    seed,
)
from tickets.models import EventKind, Message, MessageKind, Status, Ticket, TicketEvent
from tickets.services import open_ticket

BASE = datetime(2025, 6, 2, tzinfo=UTC)


@pytest.fixture
def seeded(db: None) -> SeedSummary:
    return seed(tickets=60, customers=25, base=BASE)


def _snapshot() -> tuple[list[Any], list[str]]:
    tickets = list(
        Ticket.objects.order_by("number").values_list("number", "subject", "status", "created_at")
    )
    bodies = list(
        Message.objects.order_by("ticket__number", "created_at", "id").values_list(
            "body_text", flat=True
        )
    )
    return tickets, bodies


def test_it_creates_as_many_tickets_and_customers_as_asked(seeded: SeedSummary) -> None:
    assert Ticket.objects.count() == 60
    assert Customer.objects.count() == 25
    assert seeded.tickets == 60
    assert seeded.messages == Message.objects.count()
    assert seeded.events == TicketEvent.objects.count()


def test_the_same_arguments_give_the_same_history(db: None) -> None:
    with transaction.atomic():
        seed(tickets=60, customers=25, seed=7, base=BASE)
        first = _snapshot()
        transaction.set_rollback(True)  # back to an empty database
    assert not Ticket.objects.exists()
    seed(tickets=60, customers=25, seed=7, base=BASE)
    assert _snapshot() == first


def test_another_seed_gives_other_history(db: None) -> None:
    with transaction.atomic():
        seed(tickets=30, customers=10, seed=1, base=BASE)
        first = _snapshot()
        transaction.set_rollback(True)
    seed(tickets=30, customers=10, seed=2, base=BASE)
    assert _snapshot()[0] != first[0]


def test_every_ticket_has_a_message_and_a_created_event(seeded: SeedSummary) -> None:
    tickets = Ticket.objects.annotate(
        messages_n=Count("messages", distinct=True),
        created_n=Count("events", filter=Q(events__kind=EventKind.CREATED), distinct=True),
    )
    assert all(t.messages_n >= 1 and t.created_n == 1 for t in tickets)


def test_ticket_figures_agree_with_the_conversation(seeded: SeedSummary) -> None:
    for ticket in Ticket.objects.prefetch_related("messages", "events"):
        replies = [m for m in ticket.messages.all() if m.kind == MessageKind.REPLY]
        assert ticket.public_reply_count == len(replies)
        assert ticket.first_agent_reply_at == (replies[0].created_at if replies else None)
        assert ticket.created_at == ticket.messages.all()[0].created_at
        assert ticket.updated_at >= ticket.messages.all()[len(ticket.messages.all()) - 1].created_at
        assert ticket.updated_at < BASE
        changes = [e for e in ticket.events.all() if e.kind == EventKind.STATUS]
        assert (changes[-1].new_value if changes else "New") == Status(ticket.status).label
        reopened = [e for e in ticket.events.all() if e.kind == EventKind.REOPENED]
        assert ticket.reopen_count == len(reopened)
        if ticket.one_touch:
            assert ticket.public_reply_count == 1
            assert ticket.reopen_count == 0
            assert ticket.status in {Status.SOLVED, Status.CLOSED}


def test_recent_tickets_are_open_and_old_ones_are_done(seeded: SeedSummary) -> None:
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert Status.CLOSED in statuses
    assert statuses & {Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD}


def test_ticket_numbers_continue_after_the_seeded_ones(seeded: SeedSummary) -> None:
    assert seeded.first_number == 1001
    assert seeded.last_number == 1060
    requester = Customer.objects.order_by("id")[0]
    ticket = open_ticket(requester=requester, subject="After the seed", body_text="Hello")
    assert ticket.number == 1061


def test_the_demo_logins_work(seeded: SeedSummary, client: Client) -> None:
    for username in ("admin", "lead", "agent"):
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()


def test_every_lifecycle_stage_occurs(seeded: SeedSummary) -> None:
    # Stages are judged at the seed's base moment; by today the existing ones may have lapsed.
    for stage in Lifecycle.values:
        assert Customer.objects.in_lifecycle(stage, now=BASE).exists(), stage


def test_if_empty_does_nothing_the_second_time(db: None) -> None:
    out = io.StringIO()
    call_command("seed", tickets=20, customers=10, if_empty=True, stdout=out, stderr=io.StringIO())
    assert Ticket.objects.count() == 20
    call_command("seed", tickets=20, customers=10, if_empty=True, stdout=out, stderr=io.StringIO())
    assert Ticket.objects.count() == 20
    assert "already exist" in out.getvalue()


def test_every_text_template_has_its_slots_filled() -> None:
    agent = _Agent(1, "Alex", "Alex Moreau")
    maker = _TicketMaker(random.Random(1), 0, {"Support": [agent]}, {}, agent, {}, {}, {})
    slots = maker.slots(_Person(1, "Ada", "Ada Lee", None, "Lee Trading"), agent, "Support", 0)
    slots["gist"] = "a gist"
    for text in every_template():
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert names <= slots.keys(), text


def test_the_progress_bar_prints_every_tenth_in_a_log() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    for done in range(1, 101):
        bar(done, 100)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert "100%" in lines[-1]
    assert "ETA" in lines[0]


def test_the_progress_bar_redraws_one_line_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar(stream)
    for done in (10, 50, 100):
        bar(done, 100)
    assert stream.getvalue().count("\r") == 3
    assert stream.getvalue().endswith("\n")
