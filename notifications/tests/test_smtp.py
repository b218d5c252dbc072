"""Delivery through a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email import policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from goodwill.test import Cast
from notifications.models import OutboundEmail, OutboundKind, OutboundStatus
from notifications.services import send_outbound
from tickets import services


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port; aiosmtpd checks the one it is given
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        yield inbox
    finally:
        controller.stop()


def test_a_reply_reaches_the_smtp_server_with_its_threading_headers(
    cast: Cast, smtp_server: Inbox
) -> None:
    first = cast.ticket.messages.get()
    first.email_message_id = "first@customer.example"
    first.save()
    reply = services.reply_to_ticket(
        ticket=cast.ticket, agent=cast.agent, body_text="Hello Alice, the address is fixed."
    )
    row = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    send_outbound(outbound=row)
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT
    assert len(smtp_server.messages) == 1
    mail_from, rcpts, raw = smtp_server.messages[0]
    assert rcpts == ["alice@acme.example"]
    assert mail_from == "support@goodwill.localhost"
    parsed = email.message_from_bytes(raw, policy=policy.default)
    reply.refresh_from_db()
    assert parsed["Message-ID"] == f"<{reply.email_message_id}>"
    assert parsed["In-Reply-To"] == "<first@customer.example>"
    assert "+" in parsed["Reply-To"]
    body = parsed.get_body(("plain",))
    assert body is not None and "the address is fixed" in body.get_content()
    assert parsed.get_body(("html",)) is not None
