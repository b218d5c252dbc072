"""Links into the customer portal, for emails.

`{% sign_in_url customer ticket %}` makes its one-time sign-in token when the email is
rendered, which the worker does just before sending: the link's life starts when the
email leaves, not when the request was queued (a send retried for an hour would
otherwise carry a dead link).
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

from customers.models import Customer
from portal.services import make_login_token
from tickets.models import Ticket

register = template.Library()


@register.simple_tag
def sign_in_url(customer: Customer, ticket: Ticket | None = None) -> str:
    """An absolute one-time sign-in link that lands on `ticket` (or the ticket list)."""
    url = settings.SITE_URL + reverse("portal:magic", args=[make_login_token(customer)])
    if ticket is not None:
        url += "?next=" + reverse("portal:ticket", args=[ticket.number])
    return url
