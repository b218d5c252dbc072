"""Plain factory functions for the coaching tests."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from coaching import services
from coaching.models import MessageMood
from tickets import services as ticket_services
from tickets.models import Message, Ticket

CaptureCallbacks = Callable[..., AbstractContextManager[Any]]


def customer_writes(ticket: Ticket, text: str) -> Message:
    return ticket_services.add_customer_message(
        ticket=ticket, customer=ticket.requester, body_text=text
    )


def scored(message: Message) -> MessageMood:
    """Score a message now, as the background task would."""
    mood = services.score_message_mood(message_id=message.pk)
    assert mood is not None
    return mood


ANGRY = (
    "This is the third time I have written. Still not fixed! Absolutely unacceptable, "
    "you people are useless!!"
)
PLEASED = "Thank you so much, that was brilliant help and it works perfectly now."
