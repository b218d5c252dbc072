"""Inbound email: one entry point, `receive_email(raw, mailbox=...)`, for every transport.

The raw bytes are stored first, in their own transaction, so nothing is lost whatever
happens next. Processing then threads the message onto a ticket (or opens one) in a
second transaction; a message that cannot be processed stays stored, marked rejected
with the reason, and can be retried from the supervisors' list.

Threading, in order: In-Reply-To and References against Message-IDs we stored or sent;
the signed `support+<token>@` reply address; a `[#1042]` reference in the subject. A
match only counts when the sender belongs on that ticket; otherwise a new ticket opens,
linked to the matched one. Subject text alone never threads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from customers.models import Customer, Identity, IdentityKind
from customers.services import (
    create_email_customer,
    current_customer,
    find_email_identity,
    find_or_create_customer,
)
from intake.models import InboundEmail, InboundStatus, Mailbox
from intake.parse import (
    AttachmentPolicy,
    EmailParseError,
    ForwardedMessage,
    ParsedEmail,
    check_attachments,
    parse_email,
)
from notifications.models import OutboundEmail
from notifications.services import sender_address, ticket_number_from_address
from tickets import services as tickets
from tickets.models import (
    Channel,
    EventKind,
    LinkKind,
    Message,
    MessageKind,
    Ticket,
    TicketEvent,
    TicketLink,
)

log = logging.getLogger(__name__)

_SUBJECT_REF = re.compile(r"\[#(\d{1,9})\]")
# Auto-replies that only say "I'm away": never open a ticket for them on their own.
_PERSONAL_AUTO = ("auto-submitted", "x-autoreply", "x-autorespond", "x-auto-response", "oof")


def _dedupe_key(raw: bytes) -> str:
    """The Message-ID as sent, else a hash of the bytes; read with the most forgiving parser."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
        value = str(headers.get("Message-ID") or "").strip()
    except Exception:  # any header we cannot read counts as absent
        value = ""
    value = value.strip("<>").strip()[:200]
    if value and value.isprintable() and " " not in value:
        return "mid:" + value.lower()
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def receive_email(
    raw: bytes, *, mailbox: Mailbox | None = None, transport: str = "api"
) -> InboundEmail:
    """Store, then process, one inbound message.

    A message seen before is returned as it was, unless its processing never finished
    (the process died before committing): then this delivery finishes it.
    """
    key = _dedupe_key(raw)
    # The unique dedupe key is the check: most mail is new, so no lookup comes first.
    try:
        with transaction.atomic():
            inbound = InboundEmail.objects.create(
                mailbox=mailbox, raw=raw, size=len(raw), dedupe_key=key, transport=transport
            )
    except IntegrityError:  # seen before, or arriving twice at once
        existing = InboundEmail.objects.defer("raw").get(dedupe_key=key)
        if existing.status != InboundStatus.RECEIVED:
            return existing  # handled already: a redelivery changes nothing
        # Stored, but whatever was processing it died before committing (a killed worker,
        # a lost connection): the transport delivered it again, so finish the job now.
        # If another process is still at it, whichever commits second backs out.
        inbound = existing
    return process_inbound(inbound=inbound)


class _HandledElsewhere(Exception):
    """Another process recorded an outcome for this message first."""


def process_inbound(*, inbound: InboundEmail) -> InboundEmail:
    """Turn a stored message into a ticket change, or record why it could not be.

    Exactly once: the outcome is written only if the row still has the status it had
    when we began, in the same transaction as the ticket change. A second process that
    raced us finds the status changed, and its whole change rolls back.
    """
    try:
        return _process(inbound)
    except _HandledElsewhere:
        return InboundEmail.objects.defer("raw").get(pk=inbound.pk)


def _process(inbound: InboundEmail) -> InboundEmail:
    began_as = inbound.status
    inbound.attempts += 1
    try:
        parsed = parse_email(bytes(inbound.raw))
    except EmailParseError as error:
        return _finish(inbound, InboundStatus.REJECTED, f"Not an email: {error.reason}")
    except Exception as error:  # keep the message, report the failure
        log.exception("Parsing inbound email %s failed", inbound.pk)
        return _finish(
            inbound, InboundStatus.REJECTED, f"Could not be read ({type(error).__name__})."
        )
    parsed = _without_nul(parsed)
    inbound.from_address = (parsed.from_address or "")[:254]
    inbound.subject = parsed.subject[:300]
    try:
        with transaction.atomic():
            return _apply(inbound, parsed)
    except ValidationError as error:
        inbound.status = began_as  # the change rolled back, and the row with it
        return _finish(inbound, InboundStatus.REJECTED, "; ".join(error.messages))
    except _HandledElsewhere:
        raise
    except Exception as error:
        log.exception("Processing inbound email %s failed", inbound.pk)
        inbound.status = began_as
        return _finish(
            inbound, InboundStatus.REJECTED, f"Processing failed ({type(error).__name__}: {error})."
        )


def _strip_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple such as Address
        return type(value)(*(_strip_nul(v) for v in value))
    if isinstance(value, tuple):
        return tuple(_strip_nul(v) for v in value)
    if isinstance(value, ForwardedMessage):
        return dataclasses.replace(
            value,
            **{
                f.name: _strip_nul(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if isinstance(getattr(value, f.name), str)
            },
        )
    return value


def _without_nul(parsed: ParsedEmail) -> ParsedEmail:
    """Mail may carry NUL characters; PostgreSQL text columns cannot hold them."""
    changes = {
        f.name: _strip_nul(getattr(parsed, f.name))
        for f in dataclasses.fields(parsed)
        if f.name != "attachments"
    }
    attachments = tuple(
        dataclasses.replace(a, filename=a.filename.replace("\x00", "")) for a in parsed.attachments
    )
    return dataclasses.replace(parsed, **changes, attachments=attachments)


def retry_inbound(*, inbound: InboundEmail) -> InboundEmail:
    if inbound.status == InboundStatus.PROCESSED:
        return inbound
    inbound.reason = ""
    return process_inbound(inbound=inbound)


def _finish(
    inbound: InboundEmail,
    status: str,
    reason: str = "",
    *,
    ticket: Ticket | None = None,
    message: Message | None = None,
) -> InboundEmail:
    began_as = inbound.status
    inbound.status = status
    inbound.reason = reason[:4000]
    inbound.ticket = ticket
    inbound.message = message
    inbound.processed_at = timezone.now()
    # Never rewrite the stored raw bytes: they are the record of what arrived. Write only
    # over the status we began from (PostgreSQL waits here for a racing transaction on
    # this row, then re-reads it; SQLite's writers take turns anyway).
    written = InboundEmail.objects.filter(pk=inbound.pk, status=began_as).update(
        status=status,
        reason=inbound.reason,
        ticket=ticket,
        message=message,
        processed_at=inbound.processed_at,
        attempts=inbound.attempts,
        from_address=inbound.from_address,
        subject=inbound.subject,
    )
    if not written:
        raise _HandledElsewhere(inbound.pk)
    return inbound


# --- Deciding what the message is --------------------------------------------------------------


def _apply(inbound: InboundEmail, parsed: ParsedEmail) -> InboundEmail:
    if parsed.is_bounce:
        return _handle_bounce(inbound, parsed)
    sender = (parsed.from_address or "").lower()
    if not sender:
        return _finish(inbound, InboundStatus.REJECTED, "The message has no sender address.")
    matched = _find_thread(parsed)
    forwarded = bool(parsed.forwarded and parsed.forwarded.from_address)
    # Whether an agent wrote only matters for a forward or for mail on a ticket; anything
    # else opens a ticket for whoever sent it.
    agent = _agent_by_email(sender) if forwarded or matched is not None else None
    if agent is not None and forwarded:
        return _open_forwarded(inbound, parsed, agent)
    identity = find_email_identity(sender)
    customer = current_customer(identity.customer) if identity is not None else None
    if matched is not None:
        if agent is not None:
            return _agent_email_on_ticket(inbound, parsed, matched, agent)
        if customer is not None and _belongs_on(customer, matched):
            return _add_to_ticket(inbound, parsed, matched, customer, identity)
    if parsed.is_auto_reply and _is_personal_auto_reply(parsed):
        return _finish(
            inbound,
            InboundStatus.IGNORED,
            f"Automatic reply ({parsed.auto_reason}) not linked to any ticket.",
        )
    if customer is None:
        customer = create_email_customer(email=sender, name=parsed.from_name)
    return _open_ticket(inbound, parsed, customer, identity, related=matched)


def _agent_by_email(address: str) -> User | None:
    return User.objects.filter(email__iexact=address, agent__isnull=False, is_active=True).first()


def _is_personal_auto_reply(parsed: ParsedEmail) -> bool:
    reason = (parsed.auto_reason or "").lower()
    return any(word in reason for word in _PERSONAL_AUTO) or parsed.null_return_path


def _handle_bounce(inbound: InboundEmail, parsed: ParsedEmail) -> InboundEmail:
    flagged = Identity.objects.filter(
        kind=IdentityKind.EMAIL, value__in=[r.lower() for r in parsed.bounced_recipients]
    ).update(bouncing=True)
    who = ", ".join(parsed.bounced_recipients) or "an unknown recipient"
    return _finish(
        inbound,
        InboundStatus.IGNORED,
        f"Delivery failure report for {who}; {flagged} address(es) marked as bouncing.",
    )


def _find_thread(parsed: ParsedEmail) -> Ticket | None:
    ids = [i for i in [parsed.in_reply_to, *reversed(parsed.references)] if i]
    if ids:
        ids += [i.lower() for i in ids]
        hit = (
            Ticket.objects.filter(messages__email_message_id__in=ids)
            .order_by("-messages__created_at")
            .first()
        )
        if hit is None:
            sent = (
                OutboundEmail.objects.filter(email_message_id__in=ids, ticket__isnull=False)
                .order_by("-created_at")
                .values_list("ticket_id", flat=True)
                .first()
            )
            hit = Ticket.objects.get(pk=sent) if sent else None
        if hit is not None:
            return _follow_merges(hit)
    for address in [a.address for a in (*parsed.to, *parsed.cc)]:
        number = ticket_number_from_address(address or "")
        if number is not None:
            ticket = Ticket.objects.filter(number=number).first()
            if ticket is not None:
                return _follow_merges(ticket)
    found = _SUBJECT_REF.search(parsed.subject)
    if found:
        ticket = Ticket.objects.filter(number=int(found.group(1))).first()
        if ticket is not None:
            return _follow_merges(ticket)
    return None


def _follow_merges(ticket: Ticket) -> Ticket:
    seen = {ticket.pk}
    while ticket.merged_into_id is not None and ticket.merged_into_id not in seen:
        seen.add(ticket.merged_into_id)
        ticket = Ticket.objects.get(pk=ticket.merged_into_id)
    return ticket


def _belongs_on(customer: Customer, ticket: Ticket) -> bool:
    """Requester, a CC, or a colleague when the organisation shares its tickets."""
    if customer.pk == ticket.requester_id or ticket.ccs.filter(pk=customer.pk).exists():
        return True
    org = ticket.organization
    return bool(org and org.shares_tickets and customer.organization_id == org.pk)


# --- Writing it down ---------------------------------------------------------------------------


def _body(parsed: ParsedEmail, *, visible: bool = True) -> str:
    text = (parsed.visible_text if visible else parsed.text) or parsed.text
    if text.strip():
        return text.strip()
    return "(The message had no text.)" if not parsed.attachments else "(Attachments only.)"


def _files(parsed: ParsedEmail) -> tuple[list[SimpleUploadedFile], list[str]]:
    policy = AttachmentPolicy(max_size=settings.GOODWILL_ATTACHMENT_MAX_BYTES)
    refused = {id(r.attachment): r.reasons for r in check_attachments(parsed.attachments, policy)}
    files: list[SimpleUploadedFile] = []
    notes: list[str] = []
    for attachment in parsed.attachments:
        if id(attachment) in refused:
            notes.append(f"{attachment.filename}: {'; '.join(refused[id(attachment)])}")
            continue
        files.append(
            SimpleUploadedFile(attachment.filename, attachment.content, attachment.content_type)
        )
    return files, notes


def _note_refused(ticket: Ticket, notes: list[str]) -> None:
    if notes:
        Message.objects.create(
            ticket=ticket,
            kind=MessageKind.NOTE,
            channel=Channel.EMAIL,
            body_text="Attachments refused and not stored:\n" + "\n".join(f"- {n}" for n in notes),
        )


def _add_ccs(ticket: Ticket, parsed: ParsedEmail, sender: str) -> None:
    """Other people the customer wrote to become CCs; our own addresses and agents do not."""
    candidates = {a.address.lower() for a in (*parsed.to, *parsed.cc) if a.address} - {
        sender,
        sender_address()[1].lower(),
    }
    # Most mail goes to one of our addresses only: skip the lookups below for it.
    candidates = {a for a in candidates if ticket_number_from_address(a) is None}
    if not candidates:
        return
    mailboxes = Q()
    people = Q()
    for address in candidates:
        mailboxes |= Q(address__iexact=address)
        people |= Q(email__iexact=address)
    candidates -= {
        m.lower() for m in Mailbox.objects.filter(mailboxes).values_list("address", flat=True)
    }
    agents = User.objects.filter(people, agent__isnull=False).values_list("email", flat=True)
    candidates -= {e.lower() for e in agents}
    for address in sorted(candidates):
        try:
            cc = find_or_create_customer(email=address)
        except ValidationError:
            continue
        tickets.add_cc(ticket=ticket, customer=cc, agent=None)


def _still_delivering(identity: Identity | None) -> None:
    """They wrote from this address just now, so mail to it is delivered again."""
    if identity is not None and identity.bouncing:
        identity.bouncing = False
        identity.save(update_fields=["bouncing"])


def _add_to_ticket(
    inbound: InboundEmail,
    parsed: ParsedEmail,
    ticket: Ticket,
    customer: Customer,
    identity: Identity | None,
) -> InboundEmail:
    files, refused = _files(parsed)
    if parsed.is_auto_reply:
        # An out-of-office answer to our reply: worth seeing, not worth reopening for.
        message = Message.objects.create(
            ticket=ticket,
            kind=MessageKind.NOTE,
            channel=Channel.EMAIL,
            body_text=(
                f"Automatic reply from {customer.name} ({parsed.auto_reason}):\n\n{_body(parsed)}"
            ),
            email_message_id=parsed.message_id,
        )
        return _finish(
            inbound,
            InboundStatus.PROCESSED,
            "Automatic reply kept as a note.",
            ticket=ticket,
            message=message,
        )
    _still_delivering(identity)
    message = tickets.add_customer_message(
        ticket=ticket,
        customer=customer,
        body_text=_body(parsed),
        channel=Channel.EMAIL,
        attachments=files,
        email_message_id=parsed.message_id,
    )
    _note_refused(message.ticket, refused)
    _add_ccs(message.ticket, parsed, (parsed.from_address or "").lower())
    return _finish(inbound, InboundStatus.PROCESSED, ticket=message.ticket, message=message)


def _agent_email_on_ticket(
    inbound: InboundEmail, parsed: ParsedEmail, ticket: Ticket, agent: User
) -> InboundEmail:
    message = tickets.add_note(ticket=ticket, agent=agent, body_text=_body(parsed))
    message.email_message_id = parsed.message_id
    message.save(update_fields=["email_message_id"])
    return _finish(
        inbound,
        InboundStatus.PROCESSED,
        "An agent wrote by email: kept as a note.",
        ticket=ticket,
        message=message,
    )


def _open_ticket(
    inbound: InboundEmail,
    parsed: ParsedEmail,
    customer: Customer,
    identity: Identity | None,
    *,
    related: Ticket | None,
) -> InboundEmail:
    if not parsed.is_auto_reply:
        _still_delivering(identity)
    files, refused = _files(parsed)
    mailbox = inbound.mailbox
    ticket = tickets.open_ticket(
        requester=customer,
        subject=parsed.subject or "(no subject)",
        body_text=_body(parsed),
        channel=Channel.EMAIL,
        team=mailbox.team if mailbox else None,
        attachments=files,
        acknowledge=not parsed.is_auto_reply,
        # They wrote from this address just now: the acknowledgement goes back to it.
        contact_email=(parsed.from_address or "").lower(),
        email_message_id=parsed.message_id,
        mailbox=mailbox,
    )
    _note_refused(ticket, refused)
    _add_ccs(ticket, parsed, (parsed.from_address or "").lower())
    reason = ""
    if related is not None:
        # The mail pointed at a ticket its sender does not belong to: keep them apart.
        TicketLink.objects.create(source=ticket, target=related, kind=LinkKind.RELATED)
        TicketEvent.objects.create(
            ticket=ticket, kind=EventKind.LINKED, new_value=f"#{related.number}"
        )
        reason = f"Referred to #{related.number}, but the sender is not on it: opened separately."
    return _finish(
        inbound, InboundStatus.PROCESSED, reason, ticket=ticket, message=ticket.opening_message
    )


def _open_forwarded(inbound: InboundEmail, parsed: ParsedEmail, agent: User) -> InboundEmail:
    """An agent forwarded a customer's mail: the ticket belongs to the original sender."""
    forwarded = parsed.forwarded
    assert forwarded is not None and forwarded.from_address
    customer = find_or_create_customer(email=forwarded.from_address, name=forwarded.from_name)
    files, refused = _files(parsed)
    ticket = tickets.open_ticket(
        requester=customer,
        subject=forwarded.subject or parsed.subject or "(no subject)",
        body_text=(
            forwarded.visible_text or forwarded.text or "(The message had no text.)"
        ).strip(),
        channel=Channel.EMAIL,
        agent=agent,
        team=inbound.mailbox.team if inbound.mailbox else None,
        attachments=files,
        email_message_id=parsed.message_id,
    )
    own_words = (parsed.visible_text or "").strip()
    if own_words:
        tickets.add_note(ticket=ticket, agent=agent, body_text=own_words)
    _note_refused(ticket, refused)
    return _finish(
        inbound,
        InboundStatus.PROCESSED,
        f"Forwarded by {agent.get_username()}; opened for {customer.name}.",
        ticket=ticket,
        message=ticket.opening_message,
    )


def mailbox_for(name_or_address: str) -> Mailbox:
    mailbox = Mailbox.objects.filter(
        Q(name__iexact=name_or_address) | Q(address__iexact=name_or_address)
    ).first()
    if mailbox is None:
        raise ValidationError({"mailbox": f"No mailbox called {name_or_address!r}."})
    return mailbox


@transaction.atomic
def save_mailbox(*, mailbox: Mailbox | None, data: dict[str, object]) -> Mailbox:
    """Create or update a mailbox from validated form data."""
    mailbox = mailbox or Mailbox()
    for field, value in data.items():
        setattr(mailbox, field, value)
    mailbox.full_clean()
    mailbox.save()
    return mailbox
