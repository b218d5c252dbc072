"""The sign-in link in an acknowledgement is made when the email is sent, not when queued."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client

from goodwill.test import make_customer, make_ticket
from notifications.models import OutboundEmail, OutboundKind, OutboundStatus
from notifications.services import send_outbound

# The clock signed links read (the `time` module, as django.core.signing sees it).
_clock: Any = vars(signing)["time"]


def _link(body: str) -> str:
    found = re.search(r"https?://[^/\s]+(/portal/login/\S+)", body)
    assert found is not None, body
    return found.group(1)


def test_the_acknowledgement_link_lives_from_when_the_email_leaves(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = make_customer(email="late@example.com")
    ticket = make_ticket(customer, subject="Queued for a while")
    row = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT, ticket=ticket)
    assert row.status == OutboundStatus.QUEUED
    # The worker only gets to it 45 minutes later (the links live 30).
    sent_at = time.time() + 45 * 60
    monkeypatch.setattr(_clock, "time", lambda: sent_at)
    send_outbound(outbound=row)
    link = _link(str(mail.outbox[-1].body))
    # It dies 30 minutes after it was sent...
    monkeypatch.setattr(_clock, "time", lambda: sent_at + 31 * 60)
    assert Client().get(link).status_code == 400
    # ...and works until then, though the request was queued 45 minutes before sending.
    monkeypatch.setattr(_clock, "time", lambda: sent_at + 60)
    response = Client().get(link)
    assert response.status_code == 302
    assert response["Location"] == f"/portal/tickets/{ticket.number}/"
