"""Background sending of queued email."""

from __future__ import annotations

from django.tasks import task

from notifications.models import OutboundEmail
from notifications.services import send_outbound


@task()
def send_outbound_email(outbound_id: int) -> None:
    outbound = OutboundEmail.objects.filter(pk=outbound_id).first()
    if outbound is not None:
        send_outbound(outbound=outbound)
