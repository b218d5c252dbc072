"""Portal sign-in links and request throttling."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from customers.models import Customer
from portal.models import Throttle

if TYPE_CHECKING:
    from tickets.models import Ticket

_LOGIN_SALT = "goodwill.portal.login"


@transaction.atomic
def hit_throttle(*, key: str, limit: int, window: timedelta) -> bool:
    """Count one attempt under `key`; False once more than `limit` fall in the current window."""
    now = timezone.now()
    row, _ = Throttle.objects.select_for_update().get_or_create(key=key[:120])
    if row.window_start < now - window:
        row.window_start = now
        row.count = 0
        row.save(update_fields=["window_start", "count"])
    Throttle.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return row.count + 1 <= limit


def make_login_token(customer: Customer) -> str:
    """A signed token naming the customer and their last sign-in, so each link works once."""
    last = customer.last_login_at.isoformat() if customer.last_login_at else ""
    return signing.dumps({"c": customer.pk, "l": last}, salt=_LOGIN_SALT, compress=True)


def customer_from_login_token(token: str) -> Customer | None:
    """The customer a still-valid, unused link belongs to; None when expired, used or forged."""
    try:
        data = signing.loads(
            token, salt=_LOGIN_SALT, max_age=timedelta(minutes=settings.GOODWILL_MAGIC_LINK_MINUTES)
        )
    except signing.BadSignature:
        return None
    customer = Customer.objects.filter(pk=data.get("c"), merged_into__isnull=True).first()
    if customer is None:
        return None
    last = customer.last_login_at.isoformat() if customer.last_login_at else ""
    return customer if last == data.get("l") else None


def record_login(*, customer: Customer) -> None:
    customer.last_login_at = timezone.now()
    customer.save(update_fields=["last_login_at"])


def sign_in_url(customer: Customer, ticket: Ticket | None = None) -> str:
    """An absolute one-time sign-in link that lands on `ticket` (or the ticket list).

    Emails make it when the worker renders them, just before sending, so the link's life
    starts when the email leaves, not when it was queued.
    """
    url = settings.SITE_URL + reverse("portal:magic", args=[make_login_token(customer)])
    if ticket is not None:
        url += "?next=" + reverse("portal:ticket", args=[ticket.number])
    return url


def send_login_link(*, customer: Customer, email: str) -> None:
    """Queue a one-time sign-in link (through the outbox, sent after commit)."""
    from notifications.models import OutboundKind
    from notifications.services import queue_email

    queue_email(
        kind=OutboundKind.LOGIN_LINK,
        template="portal-login",
        # The template makes the link (sign_in_url) when the worker renders it.
        context={"customer": customer, "minutes": settings.GOODWILL_MAGIC_LINK_MINUTES},
        to=[email],
        auto_generated=True,
        threaded=False,
    )
