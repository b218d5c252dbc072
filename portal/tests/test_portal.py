"""The customer portal: the public form, sign-in links, and what a customer may see."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from customers.models import Customer, Organization
from goodwill.test import Cast, make_customer, make_ticket
from portal.access import SESSION_KEY
from tickets import services
from tickets.models import Channel, MessageKind, Status, Ticket


def sign_in(client: Client, customer: Customer) -> Client:
    session = client.session
    session[SESSION_KEY] = customer.pk
    session.save()
    return client


FORM = {
    "name": "Dana Diaz",
    "email": "Dana@Example.com",
    "subject": "Parcel never arrived",
    "message": "Ordered two weeks ago, tracking stopped moving.",
}


def test_the_public_form_opens_a_ticket_and_emails_a_link(
    db: None, client: Client, django_capture_on_commit_callbacks, immediate_tasks: None
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/portal/new/", FORM)
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.subject == "Parcel never arrived"
    assert ticket.channel == Channel.WEB
    assert ticket.requester.primary_email == "dana@example.com"
    assert f"#{ticket.number}" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@example.com"]
    assert f"#{ticket.number}" in mail.outbox[0].subject
    assert "/portal/login/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_form_error_names_the_field_and_stores_nothing(db: None, client: Client) -> None:
    response = client.post("/portal/new/", {**FORM, "email": "not-an-address"})
    assert response.status_code == 200
    assert "Your email: Enter a valid email address." in response.content.decode()
    assert Ticket.objects.count() == 0


def test_the_honeypot_stores_nothing_but_looks_fine(db: None, client: Client) -> None:
    response = client.post("/portal/new/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200
    assert Ticket.objects.count() == 0
    assert Customer.objects.count() == 0


@override_settings(GOODWILL_PORTAL_RATE_LIMIT=2)
def test_the_form_is_rate_limited_per_address(db: None, client: Client) -> None:
    statuses = [client.post("/portal/new/", FORM).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Ticket.objects.count() == 2
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post("/portal/new/", FORM).status_code == 200


def test_the_form_keeps_attachments(db: None, client: Client) -> None:
    upload = SimpleUploadedFile("receipt.txt", b"order 42", content_type="text/plain")
    client.post("/portal/new/", {**FORM, "attachments": [upload]})
    attachment = Ticket.objects.get().messages.get().attachments.get()
    assert attachment.filename == "receipt.txt"
    assert attachment.file.read() == b"order 42"


def test_an_emailed_link_signs_in_once(
    cast: Cast, client: Client, django_capture_on_commit_callbacks, immediate_tasks: None
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/login/", {"email": "alice@acme.example"})
    found = re.search(r"https?://\S+(/portal/login/\S+/)", str(mail.outbox[-1].body))
    assert found is not None
    link = found.group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == cast.customer.pk
    fresh = Client()
    assert fresh.get(link).status_code == 400  # used once already


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db: None, client: Client) -> None:
    response = client.post("/portal/login/", {"email": "nobody@example.com"})
    assert "If nobody@example.com belongs" in response.content.decode()
    assert mail.outbox == []


def test_a_forged_link_is_refused(cast: Cast, client: Client) -> None:
    assert client.get("/portal/login/abc:def/").status_code == 400
    assert SESSION_KEY not in client.session


def test_an_expired_link_is_refused(cast: Cast, client: Client) -> None:
    from portal.services import make_login_token

    token = make_login_token(cast.customer)
    with override_settings(GOODWILL_MAGIC_LINK_MINUTES=0):
        import time

        time.sleep(1.1)
        assert client.get(f"/portal/login/{token}/").status_code == 400


def test_password_sign_in(cast: Cast, client: Client) -> None:
    cast.customer.set_password("a-long-portal-password")
    cast.customer.save()
    bad = client.post("/portal/login/", {"email": "alice@acme.example", "password": "wrong"})
    assert "Password: That email and password do not match." in bad.content.decode()
    good = client.post(
        "/portal/login/", {"email": "alice@acme.example", "password": "a-long-portal-password"}
    )
    assert good.status_code == 302
    assert client.session[SESSION_KEY] == cast.customer.pk


def test_a_customer_sees_public_messages_but_never_internal_notes(
    cast: Cast, client: Client
) -> None:
    services.add_note(ticket=cast.ticket, agent=cast.agent, body_text="SECRET internal remark")
    services.reply_to_ticket(ticket=cast.ticket, agent=cast.agent, body_text="Hi Alice, fixed it.")
    services.log_call(
        ticket=cast.ticket,
        agent=cast.agent,
        direction="outbound",
        duration_s=60,
        summary="CALLSUMMARY private",
    )
    sign_in(client, cast.customer)
    body = client.get(f"/portal/tickets/{cast.ticket.number}/").content.decode()
    assert "Hi Alice, fixed it." in body
    assert "SECRET internal remark" not in body
    assert "CALLSUMMARY" not in body


def test_a_customer_gets_404_for_other_customers_tickets(cast: Cast, client: Client) -> None:
    stranger = make_customer("Stranger")
    theirs = make_ticket(stranger)
    sign_in(client, cast.customer)
    assert client.get(f"/portal/tickets/{theirs.number}/").status_code == 404
    assert (
        client.post(f"/portal/tickets/{theirs.number}/reply/", {"message": "hi"}).status_code == 404
    )
    assert client.get("/portal/tickets/999999/").status_code == 404
    assert theirs.messages.count() == 1


def test_colleagues_see_each_others_tickets_only_when_the_organisation_shares(
    cast: Cast, client: Client
) -> None:
    colleague = make_customer("Colin", organization=cast.acme)
    theirs = make_ticket(colleague)
    sign_in(client, cast.customer)
    assert client.get(f"/portal/tickets/{theirs.number}/").status_code == 404
    Organization.objects.filter(pk=cast.acme.pk).update(shares_tickets=True)
    assert client.get(f"/portal/tickets/{theirs.number}/").status_code == 200
    assert f"#{theirs.number}" in client.get("/portal/").content.decode()


def test_a_customer_reply_reopens_a_solved_ticket(cast: Cast, client: Client) -> None:
    services.change_status(ticket=cast.ticket, status=Status.SOLVED, agent=cast.agent)
    sign_in(client, cast.customer)
    client.post(f"/portal/tickets/{cast.ticket.number}/reply/", {"message": "Not fixed"})
    cast.ticket.refresh_from_db()
    assert cast.ticket.status == Status.OPEN
    last = cast.ticket.messages.last()
    assert last is not None
    assert (last.kind, last.channel, last.author_customer) == (
        MessageKind.CUSTOMER,
        Channel.PORTAL,
        cast.customer,
    )


def test_a_customer_can_mark_their_ticket_solved(cast: Cast, client: Client) -> None:
    sign_in(client, cast.customer)
    client.post(f"/portal/tickets/{cast.ticket.number}/solved/")
    cast.ticket.refresh_from_db()
    assert cast.ticket.status == Status.SOLVED
    assert cast.ticket.events.filter(kind="status", actor_customer=cast.customer).exists()


def test_portal_pages_need_sign_in(cast: Cast, client: Client) -> None:
    response = client.get(f"/portal/tickets/{cast.ticket.number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/login/")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_sign_in_never_redirects_off_site(cast: Cast, client: Client, target: str) -> None:
    cast.customer.set_password("a-long-portal-password")
    cast.customer.save()
    response = client.post(
        f"/portal/login/?next={target}",
        {"email": "alice@acme.example", "password": "a-long-portal-password"},
    )
    assert response["Location"] == "/portal/"


def test_a_signed_in_customer_files_a_request_without_retyping_details(
    cast: Cast, client: Client
) -> None:
    sign_in(client, cast.customer)
    response = client.post("/portal/new/", {"subject": "Another thing", "message": "Details"})
    ticket = Ticket.objects.get(subject="Another thing")
    assert response["Location"] == f"/portal/tickets/{ticket.number}/"
    assert ticket.requester == cast.customer
    assert ticket.channel == Channel.PORTAL


def test_a_signed_in_customer_sets_a_password_and_can_use_it(cast: Cast, client: Client) -> None:
    sign_in(client, cast.customer)
    weak = client.post("/portal/password/", {"password": "password", "confirm": "password"})
    assert "New password:" in weak.content.decode()
    differ = client.post(
        "/portal/password/", {"password": "a-long-portal-pass", "confirm": "something-else"}
    )
    assert "The same again: The two passwords differ." in differ.content.decode()
    ok = client.post(
        "/portal/password/", {"password": "a-long-portal-pass", "confirm": "a-long-portal-pass"}
    )
    assert ok.status_code == 302
    fresh = Client()
    response = fresh.post(
        "/portal/login/", {"email": "alice@acme.example", "password": "a-long-portal-pass"}
    )
    assert response.status_code == 302
    assert fresh.session[SESSION_KEY] == cast.customer.pk


def test_setting_a_password_needs_sign_in(db: None, client: Client) -> None:
    assert client.get("/portal/password/").status_code == 302
