"""Outbound mail: rows written with the change, sent after commit, threaded, loop-safe."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from customers.models import Identity
from goodwill.test import Cast, make_ticket
from notifications.models import OutboundEmail, OutboundKind, OutboundStatus
from notifications.services import (
    AUTOMATIC_PER_HOUR,
    reply_token,
    send_outbound,
    ticket_number_from_address,
)
from tickets import services

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def test_a_new_ticket_is_acknowledged_automatically(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(cast.customer, subject="Cannot log in")
    ack = mail.outbox[-1]
    assert ack.to == ["alice@acme.example"]
    assert ack.subject == f"[#{ticket.number}] We received your request: Cannot log in"
    assert ack.extra_headers["Auto-Submitted"] == "auto-generated"
    row = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT, ticket=ticket)
    assert row.status == OutboundStatus.SENT
    assert row.sent_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(cast: Cast) -> None:
    from django.db import transaction

    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="hello")
        raise RuntimeError("boom")
    assert mail.outbox == []
    assert not OutboundEmail.objects.filter(kind=OutboundKind.REPLY).exists()


def test_a_reply_is_threaded_and_carries_the_ticket_token(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    first = cast.ticket.messages.get()
    first.email_message_id = "original@customer.example"
    first.save()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_to_ticket(
            ticket=cast.ticket, agent=cast.agent, body_text="Hello Alice, done."
        )
    sent = mail.outbox[-1]
    reply.refresh_from_db()
    assert sent.subject == f"Re: [#{cast.ticket.number}] Invoice shows the wrong address"
    assert sent.extra_headers["Message-ID"] == f"<{reply.email_message_id}>"
    assert sent.extra_headers["In-Reply-To"] == "<original@customer.example>"
    assert sent.extra_headers["References"] == "<original@customer.example>"
    assert "Auto-Submitted" not in sent.extra_headers
    assert sent.reply_to[0].endswith(f"+{reply_token(cast.ticket)}@goodwill.localhost>")
    assert "Hello Alice, done." in sent.body
    # The next reply chains onto both earlier messages.
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="One more")
    assert mail.outbox[-1].extra_headers["References"] == (
        f"<original@customer.example> <{reply.email_message_id}>"
    )


def test_the_reply_token_cannot_be_forged_for_another_ticket(cast: Cast) -> None:
    token = reply_token(cast.ticket)
    assert ticket_number_from_address(f"support+{token}@desk.example") == cast.ticket.number
    number, digest = token.split("-")
    forged = f"support+{int(number) + 1}-{digest}@desk.example"
    assert ticket_number_from_address(forged) is None
    assert ticket_number_from_address("support@desk.example") is None


def test_ccs_receive_the_reply_and_bouncing_addresses_do_not(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    from goodwill.test import make_customer

    bob = make_customer("Bob", email="bob@acme.example")
    gone = make_customer("Gone", email="gone@acme.example")
    Identity.objects.filter(value="gone@acme.example").update(bouncing=True)
    services.add_cc(ticket=cast.ticket, customer=bob, agent=cast.agent)
    services.add_cc(ticket=cast.ticket, customer=gone, agent=cast.agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="hi all")
    assert mail.outbox[-1].cc == ["bob@acme.example"]


def test_no_reply_mail_for_a_customer_whose_only_address_bounces(cast: Cast) -> None:
    Identity.objects.filter(customer=cast.customer).update(bouncing=True)
    services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="hi")
    assert not OutboundEmail.objects.filter(kind=OutboundKind.REPLY).exists()


def test_automatic_mail_to_one_address_is_capped_per_hour(cast: Cast) -> None:
    for _ in range(AUTOMATIC_PER_HOUR + 2):
        make_ticket(cast.customer)
    rows = OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT)
    # The cast's own ticket was acknowledged too.
    assert rows.filter(status=OutboundStatus.SUPPRESSED).count() == 3
    assert rows.exclude(status=OutboundStatus.SUPPRESSED).count() == AUTOMATIC_PER_HOUR


def test_agents_hear_about_assignments_and_customer_replies_unless_they_opt_out(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_ticket(ticket=cast.ticket, assignee=cast.agent, agent=cast.lead)
    assert mail.outbox[-1].to == ["agent@desk.example"]
    assert "Assigned to you" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.add_customer_message(ticket=cast.ticket, customer=cast.customer, body_text="hm")
    assert "Alice Archer replied" in mail.outbox[-1].subject
    cast.agent.agent.notify_on_customer_reply = False
    cast.agent.agent.save()
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_customer_message(ticket=cast.ticket, customer=cast.customer, body_text="hm")
    assert len(mail.outbox) == before


def test_no_notice_when_agents_assign_themselves(cast: Cast) -> None:
    services.assign_ticket(ticket=cast.ticket, assignee=cast.agent, agent=cast.agent)
    assert not OutboundEmail.objects.filter(kind=OutboundKind.AGENT_NOTICE).exists()


def test_a_failed_send_is_recorded_and_raised_and_a_later_try_sends_once(
    cast: Cast, settings: Any
) -> None:
    row = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT)
    row.status = OutboundStatus.QUEUED
    row.save()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        send_outbound(outbound=row)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundStatus.QUEUED, 1)
    assert "ConnectionRefusedError" in row.last_error
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox.clear()
    send_outbound(outbound=row)
    send_outbound(outbound=row)  # a duplicate task run must not send again
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboundStatus.SENT, 2, "")


def test_the_ticket_page_shows_each_replys_delivery_status(
    cast: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from goodwill.test import login

    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="Hi")
    login(client, cast.agent)
    page = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert "Agent reply to alice@acme.example" in page
    assert "sent</span>" in page


def test_a_message_is_marked_failed_after_its_last_attempt(cast: Cast, settings: Any) -> None:
    from notifications.services import MAX_SEND_ATTEMPTS

    row = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT)
    row.status = OutboundStatus.QUEUED
    row.attempts = MAX_SEND_ATTEMPTS - 1
    row.save()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        send_outbound(outbound=row)
    row.refresh_from_db()
    assert row.status == OutboundStatus.FAILED


def test_agents_choose_their_own_notification_emails(cast: Cast, client: Any) -> None:
    from goodwill.test import login

    login(client, cast.agent)
    assert client.get("/accounts/notifications/").status_code == 200
    client.post("/accounts/notifications/", {"on_assignment": "on"})
    cast.agent.agent.refresh_from_db()
    assert cast.agent.agent.notify_on_assignment is True
    assert cast.agent.agent.notify_on_customer_reply is False
    services.assign_ticket(ticket=cast.ticket, assignee=cast.agent, agent=cast.lead)
    services.add_customer_message(ticket=cast.ticket, customer=cast.customer, body_text="x")
    notices = OutboundEmail.objects.filter(kind=OutboundKind.AGENT_NOTICE)
    assert [n.template for n in notices] == ["agent-assigned"]


def test_rendering_waits_for_the_worker_and_happens_once(cast: Cast) -> None:
    services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="Hello Alice")
    row = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    assert (row.subject, row.body_text, row.template) == ("", "", "ticket-reply")
    assert row.context["ticket"] == {"$model": "tickets.Ticket", "pk": cast.ticket.pk}
    send_outbound(outbound=row)
    row.refresh_from_db()
    assert row.subject == f"Re: [#{cast.ticket.number}] Invoice shows the wrong address"
    assert "Hello Alice" in row.body_text
    assert mail.outbox[-1].subject == row.subject
