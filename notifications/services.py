"""Rendering and queueing outbound email, and sending one queued row.

`queue_email` writes the outbox row, and the task that sends it, inside the caller's
transaction: a rolled-back change never sends mail, and a committed one always has both
its row and its task.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import uuid
from collections.abc import Sequence
from datetime import timedelta
from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from jobs.enqueue import enqueue_with_change
from notifications.models import OutboundEmail, OutboundKind, OutboundStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from tickets.models import Message, Ticket

log = logging.getLogger(__name__)

# Automatic mail (acknowledgements) to one address per hour; past it, stay quiet.
AUTOMATIC_PER_HOUR = 5
# Tries before a message is given up as failed (backoff 30 s doubling: about two hours).
MAX_SEND_ATTEMPTS = 8


def sender_address(ticket: Ticket | None = None) -> tuple[str, str]:
    """(display name, address) mail about `ticket` comes from: its mailbox, else the desk's."""
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    mailbox = ticket.mailbox if ticket is not None and ticket.mailbox_id else None
    if mailbox is not None:
        return f"{default_name or settings.GOODWILL_DESK_NAME} ({mailbox.name})", mailbox.address
    return default_name, default_address


def mail_domain() -> str:
    return sender_address()[1].rpartition("@")[2] or "goodwill.localhost"


def new_message_id() -> str:
    return f"{uuid.uuid4().hex}@{mail_domain()}"


def _token_digest(number: int) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"ticket:{number}".encode(), hashlib.sha256).hexdigest()[:12]


def reply_token(ticket: Ticket) -> str:
    """`<number>-<hmac>`: names the ticket and cannot be forged for another one."""
    return f"{ticket.number}-{_token_digest(ticket.number)}"


_TOKEN = re.compile(r"\+(\d+)-([0-9a-f]{12})@")


def ticket_number_from_address(address: str) -> int | None:
    """The ticket number carried by a `support+<token>@` address, if its signature holds."""
    found = _TOKEN.search(address.lower())
    if not found:
        return None
    number, digest = int(found.group(1)), found.group(2)
    return number if hmac.compare_digest(digest, _token_digest(number)) else None


def reply_address(ticket: Ticket) -> str:
    name, address = sender_address(ticket)
    local, _, domain = address.partition("@")
    return formataddr((name, f"{local}+{reply_token(ticket)}@{domain}"))


def thread_ids(ticket: Ticket) -> list[str]:
    """Message-IDs of the ticket's email conversation, oldest first."""
    from tickets.models import Message

    inbound = Message.objects.filter(ticket=ticket).exclude(email_message_id="")
    ids = list(inbound.order_by("created_at", "id").values_list("email_message_id", flat=True))
    return list(dict.fromkeys(ids))


def render_email(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text and HTML bodies from emails/<name>-{subject.txt,body.txt,body.html}."""
    context = {"desk_name": settings.GOODWILL_DESK_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    try:
        html: str = render_to_string(f"emails/{name}-body.html", context)
    except TemplateDoesNotExist:  # an HTML part is optional
        html = ""
    return subject, text, html


def queue_email(
    *,
    kind: str,
    template: str,
    context: dict[str, Any],
    to: Sequence[str],
    cc: Sequence[str] = (),
    ticket: Ticket | None = None,
    message: Message | None = None,
    auto_generated: bool = False,
    threaded: bool = True,
    references: Sequence[str] | None = None,
) -> OutboundEmail:
    """Write an outbox row now; the worker renders and sends it once the transaction commits.

    A threaded email answers the ticket's conversation: pass its Message-IDs, oldest first,
    as `references` when the caller knows them, else they are read from the ticket.
    """
    recipient = to[0].lower() if to else ""
    status = OutboundStatus.QUEUED
    if auto_generated:
        since = timezone.now() - timedelta(hours=1)
        if OutboundEmail.objects.automatic_to(recipient, since).count() >= AUTOMATIC_PER_HOUR:
            # Two robots answering each other would otherwise loop for ever.
            status = OutboundStatus.SUPPRESSED
    if ticket is None or not threaded:
        references = []
    elif references is None:
        references = thread_ids(ticket)
    outbound = OutboundEmail.objects.create(
        kind=kind,
        ticket=ticket,
        message=message,
        from_email=formataddr(sender_address(ticket)) if ticket else settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        recipient=recipient,
        cc=list(cc),
        reply_to=reply_address(ticket) if ticket is not None else "",
        template=template,
        context=freeze_context(context),
        email_message_id=new_message_id(),
        in_reply_to=references[-1] if references else "",
        references=" ".join(f"<{r}>" for r in references),
        auto_generated=auto_generated,
        status=status,
        last_error="rate limit for automatic mail reached" if status == "suppressed" else "",
    )
    if status == OutboundStatus.QUEUED:
        from notifications.tasks import send_outbound_email

        enqueue_with_change(send_outbound_email, outbound.pk)
    return outbound


def freeze_context(context: dict[str, Any]) -> dict[str, Any]:
    """A template context as JSON: model instances become references, resolved at send time."""
    frozen: dict[str, Any] = {}
    for key, value in context.items():
        if isinstance(value, models.Model):
            frozen[key] = {"$model": value._meta.label, "pk": value.pk}
        elif value is None or isinstance(value, str | int | float | bool):
            frozen[key] = value
        else:
            raise TypeError(f"Email context {key!r} cannot be stored: {type(value).__name__}")
    return frozen


def thaw_context(frozen: dict[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for key, value in frozen.items():
        if isinstance(value, dict) and "$model" in value:
            model = apps.get_model(value["$model"])
            context[key] = model._default_manager.filter(pk=value["pk"]).first()
        else:
            context[key] = value
    return context


def render_outbound(*, outbound: OutboundEmail) -> None:
    """Fill in subject and bodies from the row's template, once."""
    if outbound.subject or not outbound.template:
        return
    subject, text, html = render_email(outbound.template, thaw_context(outbound.context))
    outbound.subject = subject[:300]
    outbound.body_text = text
    outbound.body_html = html
    outbound.save(update_fields=["subject", "body_text", "body_html"])


def send_outbound(*, outbound: OutboundEmail) -> None:
    """Render (if not yet) and deliver one queued row. Raises on failure so the task retries."""
    if outbound.status != OutboundStatus.QUEUED:
        return  # sent already: a retried task must not send twice
    render_outbound(outbound=outbound)
    headers = {"Message-ID": f"<{outbound.email_message_id}>"}
    if outbound.in_reply_to:
        headers["In-Reply-To"] = f"<{outbound.in_reply_to}>"
    if outbound.references:
        headers["References"] = outbound.references
    if outbound.auto_generated:
        headers["Auto-Submitted"] = "auto-generated"
        headers["X-Auto-Response-Suppress"] = "All"
    email = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.body_text,
        from_email=outbound.from_email,
        to=outbound.to,
        cc=outbound.cc,
        reply_to=[outbound.reply_to] if outbound.reply_to else None,
        headers=headers,
    )
    if outbound.body_html:
        email.attach_alternative(outbound.body_html, "text/html")
    outbound.attempts += 1
    try:
        email.send()
    except Exception as error:
        outbound.last_error = f"{type(error).__name__}: {error}"[:2000]
        if outbound.attempts >= MAX_SEND_ATTEMPTS:
            outbound.status = OutboundStatus.FAILED
        outbound.save(update_fields=["attempts", "last_error", "status"])
        raise
    outbound.status = OutboundStatus.SENT
    outbound.sent_at = timezone.now()
    outbound.last_error = ""
    outbound.save(update_fields=["attempts", "status", "sent_at", "last_error"])


def mark_failed(*, outbound: OutboundEmail, error: str) -> None:
    outbound.status = OutboundStatus.FAILED
    outbound.last_error = error[:2000]
    outbound.save(update_fields=["status", "last_error"])


@transaction.atomic
def resend_outbound(*, outbound: OutboundEmail, agent: User) -> bool:
    """Queue a failed or held-back ("Not sent") email again, starting over at attempt one.

    A person deciding to send it overrides the hourly cap. Only a row still failed or
    suppressed changes (a conditional UPDATE), so a double click queues it once; False when
    nothing changed. The last error stays on the row until a send succeeds. The ticket's
    timeline records who sent it again.
    """
    from notifications.tasks import send_outbound_email
    from tickets.models import EventKind, TicketEvent

    changed = OutboundEmail.objects.filter(
        pk=outbound.pk, status__in=[OutboundStatus.FAILED, OutboundStatus.SUPPRESSED]
    ).update(status=OutboundStatus.QUEUED, attempts=0)
    outbound.refresh_from_db(fields=["status", "attempts"])
    if not changed:
        return False
    enqueue_with_change(send_outbound_email, outbound.pk)
    if outbound.ticket_id is not None:
        TicketEvent.objects.create(
            ticket_id=outbound.ticket_id,
            kind=EventKind.EMAIL_RESENT,
            actor_agent=agent,
            new_value=f"{outbound.get_kind_display()} to {', '.join(outbound.to)}"[:250],
        )
    return True


__all__ = ["OutboundKind", "queue_email", "send_outbound"]
