"""Request types for views behind an access decorator, so type checking knows who is asking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails

    from customers.models import Customer


class AgentRequest(HttpRequest):
    """A request that `agent_required` let through: the user is a signed-in agent."""

    user: User
    htmx: HtmxDetails


class CustomerRequest(HttpRequest):
    """A request that `customer_required` let through: `customer` is the signed-in customer."""

    customer: Customer
