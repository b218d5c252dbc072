"""The supervisors' outbox page: who may see it, what it lists, and Send again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from goodwill.test import Cast, login
from notifications.models import OutboundEmail, OutboundKind, OutboundStatus
from notifications.services import MAX_SEND_ATTEMPTS, new_message_id, resend_outbound
from tickets import services as ticket_services
from tickets.models import EventKind, TicketEvent

URL = "/settings/outbox/"


def make_outbound(
    cast: Cast,
    subject: str,
    *,
    status: str = OutboundStatus.FAILED,
    minutes_ago: int = 0,
    to: str = "alice@acme.example",
    kind: str = OutboundKind.REPLY,
    **fields: Any,
) -> OutboundEmail:
    fields.setdefault("last_error", "SMTPServerDisconnected: gone" if status == "failed" else "")
    return OutboundEmail.objects.create(
        kind=kind,
        ticket=cast.ticket,
        from_email="desk@goodwill.localhost",
        to=[to],
        recipient=to,
        template="ticket-reply",
        subject=subject,
        email_message_id=new_message_id(),
        status=status,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def resend_url(row: OutboundEmail) -> str:
    return reverse("notifications:resend", args=[row.pk])


def send_tasks_for(row: OutboundEmail) -> list[DBTaskResult]:
    tasks = DBTaskResult.objects.filter(task_path__endswith="send_outbound_email")
    return [task for task in tasks if task.args_kwargs["args"] == [row.pk]]


def test_the_page_is_mounted_under_settings_and_listed_there(client: Client, cast: Cast) -> None:
    assert reverse("notifications:outbox") == URL
    login(client, cast.lead)
    page = client.get(reverse("desk_settings:index")).content.decode()
    assert f'href="{URL}"' in page
    assert "Outgoing mail" in page


def test_supervisors_and_admins_may_see_it(client: Client, cast: Cast) -> None:
    for user in (cast.lead, cast.admin):
        login(client, user)
        assert client.get(URL).status_code == 200


def test_an_agent_gets_403_and_cannot_send_again(client: Client, cast: Cast) -> None:
    row = make_outbound(cast, "Refund confirmation")
    login(client, cast.agent)
    assert client.get(URL).status_code == 403
    assert client.post(resend_url(row)).status_code == 403
    row.refresh_from_db()
    assert row.status == OutboundStatus.FAILED
    assert send_tasks_for(row) == []


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_by_default_it_lists_failed_held_back_and_stuck_mail_only(
    client: Client, cast: Cast
) -> None:
    make_outbound(cast, "Failed refund note")
    make_outbound(cast, "Held back acknowledgement", status=OutboundStatus.SUPPRESSED)
    make_outbound(cast, "Stuck password help", status=OutboundStatus.QUEUED, minutes_ago=11)
    make_outbound(cast, "Fresh reply", status=OutboundStatus.QUEUED, minutes_ago=2)
    make_outbound(cast, "Delivered reply", status=OutboundStatus.SENT, sent_at=timezone.now())
    login(client, cast.lead)
    page = client.get(URL).content.decode()
    assert "Failed refund note" in page
    assert "SMTPServerDisconnected: gone" in page
    assert "Held back acknowledgement" in page
    assert "Stuck password help" in page
    assert "waiting over 10 minutes" in page
    assert "Fresh reply" not in page
    assert "Delivered reply" not in page


def test_the_status_and_kind_filters_narrow_the_list(client: Client, cast: Cast) -> None:
    make_outbound(cast, "Failed refund note")
    make_outbound(cast, "Delivered reply", status=OutboundStatus.SENT, sent_at=timezone.now())
    make_outbound(
        cast, "Delivered notice", status=OutboundStatus.SENT, kind=OutboundKind.AGENT_NOTICE
    )
    login(client, cast.lead)
    page = client.get(URL, {"status": "sent"}).content.decode()
    assert "Delivered reply" in page and "Delivered notice" in page
    assert "Failed refund note" not in page
    page = client.get(URL, {"status": "sent", "kind": "agent_notice"}).content.decode()
    assert "Delivered notice" in page
    assert "Delivered reply" not in page
    page = client.get(URL, {"status": "all"}).content.decode()
    assert "Delivered reply" in page and "Failed refund note" in page


def test_unknown_filter_values_fall_back_to_needs_attention(client: Client, cast: Cast) -> None:
    make_outbound(cast, "Failed refund note")
    make_outbound(cast, "Delivered reply", status=OutboundStatus.SENT)
    login(client, cast.lead)
    page = client.get(URL, {"status": "bogus", "kind": "bogus"}).content.decode()
    assert "Failed refund note" in page
    assert "Delivered reply" not in page


def test_a_row_not_yet_rendered_shows_its_template_and_its_ticket_link(
    client: Client, cast: Cast
) -> None:
    make_outbound(cast, "")
    login(client, cast.lead)
    page = client.get(URL).content.decode()
    assert "Template ticket-reply" in page
    ticket_url = reverse("tickets:detail", args=[cast.ticket.number])
    assert f'<a href="{ticket_url}">#{cast.ticket.number}</a>' in page


def test_send_again_queues_a_failed_row_from_attempt_zero(client: Client, cast: Cast) -> None:
    row = make_outbound(cast, "Refund confirmation", attempts=MAX_SEND_ATTEMPTS)
    login(client, cast.lead)
    response = client.post(resend_url(row), {"status": "failed"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{URL}?status=failed"
    assert "Queued again for alice@acme.example" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundStatus.QUEUED, 0)
    assert row.last_error == "SMTPServerDisconnected: gone"
    assert len(send_tasks_for(row)) == 1
    event = TicketEvent.objects.get(ticket=cast.ticket, kind=EventKind.EMAIL_RESENT)
    assert (event.actor_agent, event.new_value) == (cast.lead, "Agent reply to alice@acme.example")
    timeline = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert "email sent again" in timeline


def test_a_second_click_queues_nothing_more(client: Client, cast: Cast) -> None:
    row = make_outbound(cast, "Refund confirmation", attempts=MAX_SEND_ATTEMPTS)
    login(client, cast.lead)
    client.post(resend_url(row))
    response = client.post(resend_url(row), follow=True)
    assert "is queued, so it was not queued again" in response.content.decode()
    assert len(send_tasks_for(row)) == 1
    assert TicketEvent.objects.filter(kind=EventKind.EMAIL_RESENT).count() == 1


def test_held_back_mail_can_be_sent_again(client: Client, cast: Cast) -> None:
    row = make_outbound(
        cast,
        "We received your request",
        status=OutboundStatus.SUPPRESSED,
        kind=OutboundKind.ACKNOWLEDGEMENT,
        auto_generated=True,
        last_error="rate limit for automatic mail reached",
    )
    login(client, cast.lead)
    client.post(resend_url(row))
    row.refresh_from_db()
    assert row.status == OutboundStatus.QUEUED
    assert len(send_tasks_for(row)) == 1


@pytest.mark.parametrize("status", [OutboundStatus.SENT, OutboundStatus.QUEUED])
def test_sent_or_queued_mail_cannot_be_sent_again(client: Client, cast: Cast, status: str) -> None:
    row = make_outbound(cast, "Delivered reply", status=status, attempts=1)
    login(client, cast.lead)
    page = client.get(URL, {"status": status}).content.decode()
    assert "Delivered reply" in page
    assert resend_url(row) not in page
    response = client.post(resend_url(row), follow=True)
    assert "so it was not queued again" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (status, 1)
    assert send_tasks_for(row) == []
    assert resend_outbound(outbound=row, agent=cast.lead) is False


def test_send_again_needs_a_post_with_a_csrf_token(cast: Cast) -> None:
    row = make_outbound(cast, "Refund confirmation")
    client = login(Client(enforce_csrf_checks=True), cast.lead)
    assert client.get(resend_url(row)).status_code == 405
    assert client.post(resend_url(row)).status_code == 403
    row.refresh_from_db()
    assert row.status == OutboundStatus.FAILED


@pytest.mark.usefixtures("immediate_tasks")
def test_sending_again_delivers_once_the_mailer_works(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    ticket_services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="Hi Alice")
    row = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    row.status = OutboundStatus.FAILED
    row.attempts = MAX_SEND_ATTEMPTS
    row.last_error = "ConnectionRefusedError: [Errno 111] Connection refused"
    row.save()
    mail.outbox.clear()
    login(client, cast.lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(row))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@acme.example"]
    assert "Hi Alice" in mail.outbox[0].body
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboundStatus.SENT, 1, "")
    assert row.sent_at is not None


def test_the_query_count_does_not_grow_with_the_number_of_rows(client: Client, cast: Cast) -> None:
    login(client, cast.lead)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"status": "all"}).status_code == 200
        return len(queries)

    OutboundEmail.objects.all().delete()  # the cast's ticket queued an acknowledgement
    for n in range(2):
        make_outbound(cast, f"Reply {n}")
    few = count_queries()
    for n in range(28):
        make_outbound(cast, f"More {n}", status=OutboundStatus.SENT)
    assert OutboundEmail.objects.count() == 30
    assert count_queries() == few
