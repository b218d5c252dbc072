"""Access helpers: the one place that decides which rows an agent may touch.

Views fetch every ticket, customer and organisation through these helpers, so
a restricted agent (or a guessed ID) gets a 404 rather than someone else's data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import AgentProfile

if TYPE_CHECKING:
    from customers.models import Customer, CustomerQuerySet, Organization
    from tickets.models import Ticket, TicketQuerySet

AnyUser = AbstractBaseUser | AnonymousUser


def agent_profile(user: AnyUser) -> AgentProfile | None:
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.agent  # type: ignore[attr-defined]
    except AgentProfile.DoesNotExist:
        return None


def require_agent(user: AnyUser) -> AgentProfile:
    profile = agent_profile(user)
    if profile is None:
        raise PermissionDenied("Only desk agents may do this.")
    return profile


def require_supervisor(user: AnyUser) -> AgentProfile:
    profile = require_agent(user)
    if not profile.is_supervisor:
        raise PermissionDenied("Only supervisors and admins may do this.")
    return profile


def tickets_for_agent(user: AnyUser) -> TicketQuerySet:
    from tickets.models import Ticket

    profile = require_agent(user)
    qs = Ticket.objects.all()
    if profile.restricted_to_teams:
        qs = qs.filter(Q(team__members=user) | Q(assignee=user)).distinct()
    return qs


def get_ticket_for_agent(user: AnyUser, number: int, *, for_page: bool = False) -> Ticket:
    from tickets.models import Ticket

    qs = tickets_for_agent(user)
    if for_page:
        qs = qs.with_page_data()
    try:
        return qs.get(number=number)
    except Ticket.DoesNotExist:
        raise Http404("No such ticket.") from None


def customers_for_agent(user: AnyUser) -> CustomerQuerySet:
    from customers.models import Customer

    profile = require_agent(user)
    qs = Customer.objects.filter(merged_into__isnull=True)
    if profile.restricted_to_teams:
        # A restricted agent may open the profile of anyone whose ticket they can open.
        visible = tickets_for_agent(user).values("requester_id")
        qs = qs.filter(pk__in=visible)
    return qs


def get_customer_for_agent(user: AnyUser, pk: int) -> Customer:
    from customers.models import Customer

    try:
        return customers_for_agent(user).get(pk=pk)
    except Customer.DoesNotExist:
        raise Http404("No such customer.") from None


def get_organization_for_agent(user: AnyUser, pk: int) -> Organization:
    from customers.models import Organization

    profile = require_agent(user)
    qs = Organization.objects.all()
    if profile.restricted_to_teams:
        qs = qs.filter(pk__in=tickets_for_agent(user).values("organization_id"))
    try:
        return qs.get(pk=pk)
    except Organization.DoesNotExist:
        raise Http404("No such organisation.") from None
