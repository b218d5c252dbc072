"""Template tags the ticket page uses to show coaching without its view knowing about it."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.access import agent_profile
from coaching.coach import TicketCoaching, ticket_coaching
from coaching.forms import CompensationForm, FollowUpForm, OutcomeForm
from tickets.models import Ticket

register = template.Library()


@register.simple_tag(takes_context=True)
def coaching_for(context: template.Context, ticket: Ticket) -> TicketCoaching:
    """`{% coaching_for ticket as coach %}`: mood, strategy and recovery data for the panel."""
    request = context.get("request")
    profile = agent_profile(request.user) if request is not None else None
    return ticket_coaching(ticket, is_supervisor=bool(profile and profile.is_supervisor))


@register.simple_tag
def recovery_forms() -> dict[str, Any]:
    """Empty forms for the recovery panel (follow-up, outcome, compensation)."""
    return {
        "follow_up": FollowUpForm(auto_id="recovery_%s"),
        "outcome": OutcomeForm(auto_id="outcome_%s"),
        "compensation": CompensationForm(auto_id="comp_%s"),
    }


@register.filter
def percent(value: float) -> int:
    """0.734 -> 73, for intensities shown as a percentage."""
    return round(float(value) * 100)
