"""Which emails a ticket change sends, and to whom. Called from tickets.services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse

from customers.models import Customer, IdentityKind
from notifications.models import OutboundKind
from notifications.services import queue_email
from tickets.models import Channel, Message, Ticket

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Channels where the customer expects an answer by email.
EMAIL_CHANNELS = {Channel.EMAIL, Channel.WEB, Channel.PORTAL, Channel.API}


def deliverable_email(customer: Customer) -> str:
    """The customer's first email address that is not bouncing, or ''."""
    for identity in customer.identities.all():
        if identity.kind == IdentityKind.EMAIL and not identity.bouncing:
            return identity.value
    return ""


def email_reply(ticket: Ticket, message: Message) -> None:
    to = deliverable_email(ticket.requester)
    if not to:
        return
    cc = [addr for c in ticket.ccs.all() if (addr := deliverable_email(c))]
    outbound = queue_email(
        kind=OutboundKind.REPLY,
        template="ticket-reply",
        context={
            "ticket": ticket,
            "message": message,
            "customer": ticket.requester,
            "portal_url": _portal_url(ticket),
        },
        to=[to],
        cc=cc,
        ticket=ticket,
        message=message,
    )
    message.email_message_id = outbound.email_message_id
    message.save(update_fields=["email_message_id"])


def acknowledge(ticket: Ticket, message: Message, *, to: str = "") -> None:
    """Tell the customer at once that a person will read their request.

    `message` opened the ticket, so the conversation to thread on is that message alone.
    """
    if ticket.channel not in EMAIL_CHANNELS:
        return
    to = to or deliverable_email(ticket.requester)
    if not to:
        return
    queue_email(
        kind=OutboundKind.ACKNOWLEDGEMENT,
        template="ticket-acknowledgement",
        # The template makes the sign-in link when the worker renders it.
        context={"ticket": ticket, "customer": ticket.requester},
        to=[to],
        ticket=ticket,
        message=message,
        auto_generated=True,
        references=[message.email_message_id] if message.email_message_id else [],
    )


def notify_assignee(ticket: Ticket, assignee: User, actor: User | None) -> None:
    if actor is not None and actor.pk == assignee.pk:
        return
    profile = getattr(assignee, "agent", None)
    if profile is None or not profile.notify_on_assignment or not assignee.email:
        return
    queue_email(
        kind=OutboundKind.AGENT_NOTICE,
        template="agent-assigned",
        context={"ticket": ticket, "agent": assignee, "actor": actor, "url": _agent_url(ticket)},
        to=[assignee.email],
        auto_generated=True,
        threaded=False,
    )


def notify_customer_reply(ticket: Ticket, message: Message) -> None:
    assignee = ticket.assignee
    if assignee is None or not assignee.email:
        return
    profile = getattr(assignee, "agent", None)
    if profile is None or not profile.notify_on_customer_reply:
        return
    queue_email(
        kind=OutboundKind.AGENT_NOTICE,
        template="agent-customer-replied",
        context={
            "ticket": ticket,
            "message": message,
            "agent": assignee,
            "url": _agent_url(ticket),
        },
        to=[assignee.email],
        auto_generated=True,
        threaded=False,
    )


def _agent_url(ticket: Ticket) -> str:
    return settings.SITE_URL + reverse("tickets:detail", args=[ticket.number])


def _portal_url(ticket: Ticket) -> str:
    return settings.SITE_URL + reverse("portal:ticket", args=[ticket.number])
