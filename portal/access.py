"""Who the portal visitor is, and which tickets they may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

from customers.models import Customer
from tickets.models import Ticket

SESSION_KEY = "portal_customer_id"


def current_customer(request: HttpRequest) -> Customer | None:
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return (
        Customer.objects.select_related("organization")
        .filter(pk=pk, merged_into__isnull=True)
        .first()
    )


def customer_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        customer = current_customer(request)
        if customer is None:
            return HttpResponseRedirect(f"{reverse('portal:login')}?next={request.path}")
        request.customer = customer  # type: ignore[attr-defined]  # read via CustomerRequest
        return view(request, *args, **kwargs)

    return wrapper


def get_ticket_for_customer(customer: Customer, number: int) -> Ticket:
    try:
        return Ticket.objects.for_customer_portal(customer).get(number=number)
    except Ticket.DoesNotExist:
        raise Http404("No such ticket.") from None
