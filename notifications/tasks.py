"""Background sending of queued email."""

from __future__ import annotations

from django.tasks import task

from jobs.registry import retrying
from notifications.models import OutboundEmail
from notifications.services import MAX_SEND_ATTEMPTS, send_outbound


@task()
@retrying(max_attempts=MAX_SEND_ATTEMPTS, backoff_s=30, max_backoff_s=3600, timeout_s=60)
def send_outbound_email(outbound_id: int) -> None:
    outbound = OutboundEmail.objects.filter(pk=outbound_id).first()
    if outbound is not None:
        send_outbound(outbound=outbound)
