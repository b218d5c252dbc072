"""receive_email: each message ends in a ticket or is kept with a reason, never lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from customers.models import Identity
from goodwill.test import Cast, make_customer
from intake.models import InboundEmail, InboundStatus, Mailbox
from intake.services import _dedupe_key, process_inbound, receive_email, retry_inbound
from intake.tests.mail import SUPPORT, build
from notifications.models import OutboundEmail, OutboundKind
from notifications.services import reply_address
from tickets import services
from tickets.models import Channel, LinkKind, MessageKind, Status, Ticket, TicketLink

CORPUS = Path(__file__).parent / "emails"


def test_a_new_email_opens_a_ticket_for_a_new_customer(db: None) -> None:
    inbound = receive_email(build(message_id="<first@client.example>"))
    assert inbound.status == InboundStatus.PROCESSED
    ticket = inbound.ticket
    assert ticket is not None
    assert (ticket.subject, ticket.channel) == ("Parcel never arrived", Channel.EMAIL)
    assert ticket.requester.name == "Dana Diaz"
    assert ticket.requester.primary_email == "dana@example.com"
    message = ticket.messages.get()
    assert message.email_message_id == "first@client.example"
    assert message.body_text == "Hello, my parcel never arrived."
    assert OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT, ticket=ticket).exists()


def test_a_redelivered_message_does_nothing(db: None) -> None:
    raw = build(message_id="<same@client.example>")
    first = receive_email(raw)
    again = receive_email(raw)
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1
    assert InboundEmail.objects.count() == 1


def test_mail_to_a_mailbox_lands_in_its_team(cast: Cast) -> None:
    billing = Mailbox.objects.create(
        name="Billing", address="billing@goodwill.localhost", team=cast.billing
    )
    inbound = receive_email(build(to="billing@goodwill.localhost"), mailbox=billing)
    assert inbound.ticket is not None and inbound.ticket.team == cast.billing


def _reply_to_our_reply(cast: Cast) -> tuple[str, str]:
    reply = services.reply_to_ticket(
        ticket=cast.ticket, agent=cast.agent, body_text="Fixed.", status=Status.SOLVED
    )
    reply.refresh_from_db()
    return f"<{reply.email_message_id}>", reply_address(cast.ticket)


def test_a_reply_threads_by_in_reply_to_and_reopens_the_ticket(cast: Cast) -> None:
    our_id, _ = _reply_to_our_reply(cast)
    inbound = receive_email(
        build(
            sender="Alice Archer <alice@acme.example>",
            subject="Re: something else",
            in_reply_to=our_id,
            body="Still wrong, sorry.\n\nOn Mon, you wrote:\n> Fixed.",
        )
    )
    assert inbound.ticket == cast.ticket
    cast.ticket.refresh_from_db()
    assert cast.ticket.status == Status.OPEN
    assert cast.ticket.reopen_count == 1
    last = cast.ticket.messages.last()
    assert last is not None and last.body_text == "Still wrong, sorry."


def test_a_reply_with_only_references_threads(cast: Cast) -> None:
    our_id, _ = _reply_to_our_reply(cast)
    inbound = receive_email(
        build(
            sender="alice@acme.example",
            subject="Re: x",
            references=f"<older@client.example> {our_id}",
        )
    )
    assert inbound.ticket == cast.ticket


def test_the_signed_reply_address_threads_when_headers_are_missing(cast: Cast) -> None:
    _, address = _reply_to_our_reply(cast)
    inbound = receive_email(build(sender="alice@acme.example", to=address, subject="New words"))
    assert inbound.ticket == cast.ticket


def test_a_subject_reference_threads_for_the_requester(cast: Cast) -> None:
    inbound = receive_email(
        build(sender="alice@acme.example", subject=f"Re: [#{cast.ticket.number}] Invoice")
    )
    assert inbound.ticket == cast.ticket


def test_an_unknown_sender_quoting_another_customers_ticket_gets_a_ticket_of_their_own(
    cast: Cast,
) -> None:
    our_id, _ = _reply_to_our_reply(cast)
    inbound = receive_email(
        build(
            sender="Mallory <mallory@elsewhere.example>",
            subject=f"Re: [#{cast.ticket.number}] Invoice",
            in_reply_to=our_id,
            body="Please send me the invoice too",
        )
    )
    new = inbound.ticket
    assert new is not None and new != cast.ticket
    assert new.requester.primary_email == "mallory@elsewhere.example"
    assert TicketLink.objects.filter(source=new, target=cast.ticket, kind=LinkKind.RELATED).exists()
    assert "not on it" in inbound.reason
    assert not cast.ticket.messages.filter(body_text__contains="invoice too").exists()


def test_the_subject_alone_never_threads(cast: Cast) -> None:
    inbound = receive_email(build(sender="alice@acme.example", subject=cast.ticket.subject))
    assert inbound.ticket != cast.ticket


def test_colleagues_thread_only_when_the_organisation_shares(cast: Cast) -> None:
    make_customer("Colin", email="colin@acme.example", organization=cast.acme)
    subject = f"[#{cast.ticket.number}] more info"
    assert receive_email(build(sender="colin@acme.example", subject=subject)).ticket != cast.ticket
    cast.acme.shares_tickets = True
    cast.acme.save()
    assert receive_email(build(sender="colin@acme.example", subject=subject)).ticket == cast.ticket


def test_a_cc_on_the_ticket_may_reply(cast: Cast) -> None:
    bob = make_customer("Bob", email="bob@acme.example")
    services.add_cc(ticket=cast.ticket, customer=bob, agent=cast.agent)
    inbound = receive_email(
        build(sender="bob@acme.example", subject=f"[#{cast.ticket.number}] me too")
    )
    assert inbound.ticket == cast.ticket
    assert inbound.message is not None and inbound.message.author_customer == bob


def test_cc_recipients_become_ticket_ccs(db: None) -> None:
    inbound = receive_email(build(cc="Boss <boss@example.com>, support@goodwill.localhost"))
    assert inbound.ticket is not None
    assert [c.primary_email for c in inbound.ticket.ccs.all()] == ["boss@example.com"]


def test_an_out_of_office_reply_on_its_own_is_stored_not_answered(db: None) -> None:
    inbound = receive_email(
        build(subject="Out of office", headers={"Auto-Submitted": "auto-replied"})
    )
    assert inbound.status == InboundStatus.IGNORED
    assert "Automatic reply" in inbound.reason
    assert Ticket.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_an_out_of_office_reply_on_a_ticket_is_a_note_and_does_not_reopen(cast: Cast) -> None:
    our_id, _ = _reply_to_our_reply(cast)
    inbound = receive_email(
        build(
            sender="alice@acme.example",
            in_reply_to=our_id,
            subject="Automatic reply: away",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    assert inbound.status == InboundStatus.PROCESSED
    assert inbound.message is not None and inbound.message.kind == MessageKind.NOTE
    cast.ticket.refresh_from_db()
    assert cast.ticket.status == Status.SOLVED


def test_a_newsletter_opens_a_ticket_without_an_acknowledgement(db: None) -> None:
    inbound = receive_email(
        build(
            sender="news@shop.example",
            subject="Our autumn sale",
            headers={"List-Id": "<news.shop.example>", "Precedence": "bulk"},
        )
    )
    assert inbound.ticket is not None
    assert not OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT).exists()


def _dsn(recipient: str) -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\n"
        "To: support@goodwill.localhost\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce1@mx.example>\r\nAuto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;"
        ' boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n'
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--B--\r\n"
    ).encode()


def test_a_bounce_marks_the_address_and_opens_nothing(cast: Cast) -> None:
    inbound = receive_email(_dsn("alice@acme.example"))
    assert inbound.status == InboundStatus.IGNORED
    assert "alice@acme.example" in inbound.reason
    assert Identity.objects.get(value="alice@acme.example").bouncing is True
    assert Ticket.objects.count() == 1


def test_writing_again_clears_the_bouncing_mark(cast: Cast) -> None:
    Identity.objects.filter(value="alice@acme.example").update(bouncing=True)
    receive_email(build(sender="alice@acme.example", subject=f"[#{cast.ticket.number}] hi"))
    assert Identity.objects.get(value="alice@acme.example").bouncing is False


def test_garbage_is_stored_and_rejected_with_a_reason(db: None) -> None:
    inbound = receive_email(b"")
    assert inbound.status == InboundStatus.REJECTED
    assert inbound.reason.startswith("Not an email")
    assert InboundEmail.objects.filter(pk=inbound.pk).exists()
    again = retry_inbound(inbound=inbound)
    assert again.status == InboundStatus.REJECTED
    assert again.attempts == 2


def test_a_mail_without_sender_is_rejected_and_listed(db: None) -> None:
    raw = b"To: support@goodwill.localhost\r\nSubject: who am I\r\nMessage-ID: <n@x>\r\n\r\nhi\r\n"
    inbound = receive_email(raw)
    assert inbound.status == InboundStatus.REJECTED
    assert inbound.reason == "The message has no sender address."
    assert list(InboundEmail.objects.needs_attention()) == [inbound]


def test_an_agent_forwarding_a_customers_mail_opens_the_ticket_for_the_customer(
    cast: Cast,
) -> None:
    body = (
        "Can someone take this one?\n\n"
        "---------- Forwarded message ---------\n"
        "From: Fiona Field <fiona@field.example>\n"
        "Date: Mon, 23 Nov 2026 at 09:12\n"
        "Subject: Broken hinge\n"
        "To: agent@desk.example\n\n"
        "The hinge on my cabinet snapped on day two.\n"
    )
    inbound = receive_email(
        build(sender="Agent Tester <agent@desk.example>", subject="Fwd: Broken hinge", body=body)
    )
    ticket = inbound.ticket
    assert ticket is not None
    assert ticket.requester.primary_email == "fiona@field.example"
    assert ticket.subject == "Broken hinge"
    first = ticket.messages.first()
    assert first is not None and "hinge on my cabinet snapped" in first.body_text
    assert ticket.messages.filter(
        kind=MessageKind.NOTE, body_text__contains="take this one"
    ).exists()


def test_dangerous_attachments_are_refused_and_noted_safe_ones_kept(db: None) -> None:
    raw = build(
        attachments=[
            ("receipt.pdf", "application/pdf", b"%PDF-1.4\n%..."),
            ("invoice.pdf", "application/pdf", b"MZ\x90\x00 this is a program"),
        ]
    )
    ticket = receive_email(raw).ticket
    assert ticket is not None
    first = ticket.messages.first()
    assert first is not None
    assert [a.filename for a in first.attachments.all()] == ["receipt.pdf"]
    note = ticket.messages.get(kind=MessageKind.NOTE)
    assert "invoice.pdf" in note.body_text


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.eml")), ids=lambda p: p.name)
def test_every_corpus_message_ends_in_a_ticket_or_a_listed_reason(db: None, path: Path) -> None:
    inbound = receive_email(path.read_bytes())
    assert inbound.status != InboundStatus.RECEIVED
    if inbound.status == InboundStatus.PROCESSED:
        assert inbound.ticket is not None
    else:
        assert inbound.reason


def test_the_mailbox_address_is_not_turned_into_a_cc(db: None) -> None:
    inbound = receive_email(build(to=f"Support <{SUPPORT}>"))
    assert inbound.ticket is not None and inbound.ticket.ccs.count() == 0


def test_replies_go_out_from_the_mailbox_the_customer_wrote_to(cast: Cast) -> None:
    billing = Mailbox.objects.create(
        name="Billing", address="billing@goodwill.localhost", team=cast.billing
    )
    ticket = receive_email(build(to="billing@goodwill.localhost"), mailbox=billing).ticket
    assert ticket is not None and ticket.mailbox == billing
    services.reply_to_ticket(ticket=ticket, agent=cast.agent, body_text="On it.")
    reply = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    assert reply.from_email == '"Goodwill Support (Billing)" <billing@goodwill.localhost>'
    assert "<billing+" in reply.reply_to and reply.reply_to.endswith("@goodwill.localhost>")
    # A reply to that address threads back, even with no headers to go on.
    back = receive_email(build(to=reply.reply_to, subject="thanks"), mailbox=billing)
    assert back.ticket == ticket


def test_an_agent_writing_on_a_ticket_by_email_adds_a_note(cast: Cast) -> None:
    first = cast.ticket.messages.get()
    first.email_message_id = "start@acme.example"
    first.save(update_fields=["email_message_id"])
    inbound = receive_email(
        build(sender=cast.agent.email, subject="Re: hi", in_reply_to="<start@acme.example>")
    )
    assert inbound.status == InboundStatus.PROCESSED
    assert inbound.ticket == cast.ticket
    assert "agent wrote" in inbound.reason
    assert inbound.message is not None and inbound.message.kind == MessageKind.NOTE
    assert inbound.message.author_agent == cast.agent


def test_an_agent_writing_new_mail_is_a_requester_like_anyone_else(cast: Cast) -> None:
    inbound = receive_email(build(sender=cast.agent.email, subject="My laptop is broken"))
    assert inbound.status == InboundStatus.PROCESSED
    assert inbound.ticket is not None and inbound.ticket != cast.ticket
    assert inbound.ticket.requester.primary_email == cast.agent.email


def test_the_acknowledgement_goes_to_the_address_the_customer_wrote_from(cast: Cast) -> None:
    Identity.objects.create(customer=cast.customer, kind="email", value="alice@home.example")
    inbound = receive_email(build(sender="Alice <Alice@Home.example>", subject="New question"))
    assert inbound.ticket is not None and inbound.ticket.requester == cast.customer
    ack = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT, ticket=inbound.ticket)
    assert ack.to == ["alice@home.example"]
    assert ack.in_reply_to == inbound.message.email_message_id  # type: ignore[union-attr]


def test_writing_clears_the_mark_on_that_address_only(cast: Cast) -> None:
    Identity.objects.create(customer=cast.customer, kind="email", value="alice@old.example")
    Identity.objects.filter(customer=cast.customer).update(bouncing=True)
    receive_email(build(sender="alice@acme.example", subject=f"[#{cast.ticket.number}] hi"))
    assert Identity.objects.get(value="alice@acme.example").bouncing is False
    assert Identity.objects.get(value="alice@old.example").bouncing is True


def test_a_new_request_from_a_bouncing_address_clears_the_mark_and_is_acknowledged(
    cast: Cast,
) -> None:
    Identity.objects.filter(value="alice@acme.example").update(bouncing=True)
    inbound = receive_email(build(sender="alice@acme.example", subject="Another thing"))
    assert Identity.objects.get(value="alice@acme.example").bouncing is False
    ack = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT, ticket=inbound.ticket)
    assert ack.to == ["alice@acme.example"]


def test_a_message_stored_but_never_processed_is_finished_when_delivered_again(
    db: None,
) -> None:
    raw = build(message_id="<half-done@client.example>", subject="Half done")
    # What a worker killed after storing the raw message, before its ticket committed, leaves.
    stuck = InboundEmail.objects.create(
        raw=raw, size=len(raw), dedupe_key=_dedupe_key(raw), transport="imap"
    )
    assert stuck.status == InboundStatus.RECEIVED
    again = receive_email(raw, transport="imap")
    assert again.pk == stuck.pk
    assert again.status == InboundStatus.PROCESSED
    assert again.attempts == 1
    assert receive_email(raw).status == InboundStatus.PROCESSED  # and no more than once
    assert Ticket.objects.filter(subject="Half done").count() == 1
    assert InboundEmail.objects.count() == 1


def test_the_second_of_two_racing_processes_backs_out_its_change(db: None) -> None:
    raw = build(message_id="<twice@client.example>", subject="Raced")
    stored = InboundEmail.objects.create(
        raw=raw, size=len(raw), dedupe_key=_dedupe_key(raw), transport="imap"
    )
    late = InboundEmail.objects.get(pk=stored.pk)  # read before the first one finished
    first = process_inbound(inbound=stored)
    second = process_inbound(inbound=late)
    assert first.status == second.status == InboundStatus.PROCESSED
    assert second.ticket == first.ticket
    assert Ticket.objects.filter(subject="Raced").count() == 1
    assert OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT).count() == 1


def test_a_failure_after_the_change_began_is_recorded_as_rejected(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "open_ticket", broken)
    inbound = receive_email(build(subject="Unlucky"))
    assert inbound.status == InboundStatus.REJECTED
    assert "disk full" in inbound.reason
    assert InboundEmail.objects.get(pk=inbound.pk).status == InboundStatus.REJECTED
