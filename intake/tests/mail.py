"""Building test emails the way mail clients write them."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

SUPPORT = "support@goodwill.localhost"


def build(
    *,
    sender: str = "Dana Diaz <dana@example.com>",
    to: str = SUPPORT,
    cc: str = "",
    subject: str = "Parcel never arrived",
    body: str = "Hello, my parcel never arrived.",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="client.example")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()
