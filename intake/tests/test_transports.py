"""The thin transports in front of receive_email: MTA pipe, webhook, and the supervisors' list."""

from __future__ import annotations

import base64
import io
import json
import sys
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from goodwill.test import Cast, login
from intake.models import InboundEmail, InboundStatus, Mailbox
from intake.services import receive_email
from intake.tests.mail import build
from tickets.models import Ticket


@pytest.fixture
def support_box(cast: Cast) -> Mailbox:
    return Mailbox.objects.create(
        name="Support", address="support@goodwill.localhost", team=cast.support
    )


def test_mail_in_reads_one_message_from_stdin(support_box: Mailbox, monkeypatch: Any) -> None:
    raw = build(subject="Piped in")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("mail_in", "--mailbox", "support", stdout=out)
    ticket = Ticket.objects.get(subject="Piped in")
    assert out.getvalue().startswith(f"processed -> ticket #{ticket.number}")
    assert ticket.team == support_box.team
    assert InboundEmail.objects.get(ticket=ticket).transport == "pipe"


def test_the_webhook_needs_the_shared_secret(
    support_box: Mailbox, client: Client, settings: Any
) -> None:
    url = "/intake/inbound/support@goodwill.localhost/"
    raw = build(subject="By webhook")
    assert client.post(url, raw, content_type="message/rfc822").status_code == 404
    settings.GOODWILL_INBOUND_SECRET = "s3cret-value"
    bad = client.post(
        url, raw, content_type="message/rfc822", headers={"X-Goodwill-Secret": "wrong"}
    )
    assert bad.status_code == 403
    assert bad.json()["error"]["code"] == "forbidden"
    good = client.post(
        url, raw, content_type="message/rfc822", headers={"X-Goodwill-Secret": "s3cret-value"}
    )
    assert good.status_code == 202
    assert good.json()["ticket"] == Ticket.objects.get(subject="By webhook").number


def test_the_webhook_accepts_an_inbound_parse_form_field(
    support_box: Mailbox, client: Client, settings: Any
) -> None:
    settings.GOODWILL_INBOUND_SECRET = "s3cret-value"
    raw = build(subject="Parsed form")
    response = client.post(
        "/intake/inbound/support@goodwill.localhost/",
        {"email": raw.decode()},
        headers={"X-Goodwill-Secret": "s3cret-value"},
    )
    assert response.status_code == 202
    assert Ticket.objects.filter(subject="Parsed form").exists()


def test_supervisors_see_rejected_mail_and_can_retry(cast: Cast, client: Client) -> None:
    inbound = receive_email(b"To: x@y\r\nSubject: no sender\r\n\r\nhi\r\n")
    assert inbound.status == InboundStatus.REJECTED
    login(client, cast.lead)
    page = client.get("/intake/mail/").content.decode()
    assert "no sender" in page and "The message has no sender address." in page
    response = client.post(f"/intake/mail/{inbound.pk}/retry/")
    assert response.status_code == 302
    inbound.refresh_from_db()
    assert inbound.attempts == 2


def test_agents_cannot_see_the_mail_list(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    assert client.get("/intake/mail/").status_code == 403
    assert client.post("/intake/mail/1/retry/").status_code == 403


def test_the_original_email_is_one_click_away(cast: Cast, client: Client) -> None:
    inbound = receive_email(
        build(
            sender="alice@acme.example",
            subject=f"[#{cast.ticket.number}] more",
            body="New words.\n\nOn Monday Support wrote:\n> old words",
        )
    )
    login(client, cast.agent)
    page = client.get(f"/intake/tickets/{cast.ticket.number}/emails/{inbound.pk}/")
    assert "&gt; old words" in page.content.decode()
    login(client, cast.outsider)
    assert (
        client.get(f"/intake/tickets/{cast.ticket.number}/emails/{inbound.pk}/").status_code == 404
    )


def test_the_ticket_page_links_to_the_original_without_loading_raw_mail(
    cast: Cast, client: Client
) -> None:
    inbound = receive_email(
        build(sender="alice@acme.example", subject=f"[#{cast.ticket.number}] more")
    )
    login(client, cast.agent)
    page = client.get(f"/tickets/{cast.ticket.number}/").content.decode()
    assert f"/intake/tickets/{cast.ticket.number}/emails/{inbound.pk}/" in page


def test_supervisors_add_a_mailbox_and_errors_name_the_field(cast: Cast, client: Client) -> None:
    login(client, cast.lead)
    bad = client.post(
        "/intake/mailboxes/new/",
        {
            "name": "Billing",
            "address": "billing@goodwill.localhost",
            "imap_host": "imap.example",
            "imap_port": "993",
            "imap_security": "ssl",
            "imap_folder": "INBOX",
        },
    )
    body = bad.content.decode()
    assert "IMAP user name: Give the user name to sign in with." in body
    assert "Password variable: Name the environment variable" in body
    assert not Mailbox.objects.exists()
    client.post(
        "/intake/mailboxes/new/",
        {
            "name": "Billing",
            "address": "Billing@Goodwill.localhost",
            "team": cast.billing.pk,
            "active": "on",
            "imap_port": "993",
            "imap_security": "ssl",
            "imap_folder": "INBOX",
        },
    )
    box = Mailbox.objects.get()
    assert (box.address, box.team) == ("billing@goodwill.localhost", cast.billing)
    assert "billing@goodwill.localhost" in client.get("/intake/mailboxes/").content.decode()


def test_agents_cannot_manage_mailboxes(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    assert client.get("/intake/mailboxes/").status_code == 403
    assert client.post("/intake/mailboxes/new/", {"name": "x"}).status_code == 403


WEBHOOK = "/intake/inbound/support@goodwill.localhost/"


def _basic(secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"goodwill:{secret}".encode()).decode()}


def test_the_webhook_takes_the_secret_as_a_basic_auth_password(
    support_box: Mailbox, client: Client, settings: Any
) -> None:
    settings.GOODWILL_INBOUND_SECRET = "s3cret-value"
    raw = build(subject="Basic auth")
    wrong = client.post(WEBHOOK, raw, content_type="message/rfc822", headers=_basic("nope"))
    assert wrong.status_code == 403
    garbled = client.post(
        WEBHOOK, raw, content_type="message/rfc822", headers={"Authorization": "Basic %%%"}
    )
    assert garbled.status_code == 403
    assert not InboundEmail.objects.exists()
    good = client.post(WEBHOOK, raw, content_type="message/rfc822", headers=_basic("s3cret-value"))
    assert good.status_code == 202
    assert Ticket.objects.filter(subject="Basic auth").exists()


def test_the_webhook_reads_mailguns_body_mime_and_postmarks_raw_email(
    support_box: Mailbox, client: Client, settings: Any
) -> None:
    settings.GOODWILL_INBOUND_SECRET = "s3cret-value"
    headers = {"X-Goodwill-Secret": "s3cret-value"}
    mailgun = build(subject="From Mailgun")
    response = client.post(
        WEBHOOK, {"body-mime": mailgun.decode(), "subject": "From Mailgun"}, headers=headers
    )
    assert response.status_code == 202
    postmark = build(subject="From Postmark")
    payload = {"Subject": "From Postmark", "TextBody": "...", "RawEmail": postmark.decode()}
    response = client.post(
        WEBHOOK, json.dumps(payload), content_type="application/json", headers=headers
    )
    assert response.status_code == 202
    assert set(Ticket.objects.values_list("subject", flat=True)) >= {
        "From Mailgun",
        "From Postmark",
    }
    assert InboundEmail.objects.filter(transport="webhook", status="processed").count() == 2


def test_json_without_the_raw_message_is_kept_and_rejected_with_a_reason(
    support_box: Mailbox, client: Client, settings: Any
) -> None:
    settings.GOODWILL_INBOUND_SECRET = "s3cret-value"
    response = client.post(
        WEBHOOK,
        json.dumps({"Subject": "Parsed only", "TextBody": "Hello"}),
        content_type="application/json",
        headers={"X-Goodwill-Secret": "s3cret-value"},
    )
    assert response.status_code == 202
    assert response.json()["status"] == InboundStatus.REJECTED
    kept = InboundEmail.objects.get()
    assert kept.status == InboundStatus.REJECTED and kept.reason
    assert b"Parsed only" in bytes(kept.raw)


def test_a_form_without_a_message_gets_a_clear_error(
    support_box: Mailbox, client: Client, settings: Any
) -> None:
    settings.GOODWILL_INBOUND_SECRET = "s3cret-value"
    response = client.post(
        WEBHOOK, {"subject": "where is it"}, headers={"X-Goodwill-Secret": "s3cret-value"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "no_message"
    assert "body-mime" in error["message"]


def test_a_raw_message_may_be_bigger_than_a_form_post(
    support_box: Mailbox, client: Client, settings: Any
) -> None:
    settings.GOODWILL_INBOUND_SECRET = "s3cret-value"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    raw = build(subject="Large", attachments=[("scan.pdf", "application/pdf", b"%PDF" * 2000)])
    headers = {"X-Goodwill-Secret": "s3cret-value"}
    response = client.post(WEBHOOK, raw, content_type="message/rfc822", headers=headers)
    assert response.status_code == 202
    assert Ticket.objects.filter(subject="Large").exists()
    # The same message in a form field is over the form limit: a clear 413, not a crash.
    too_big = client.post(WEBHOOK, {"email": raw.decode()}, headers=headers)
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "too_large"
