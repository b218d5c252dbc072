"""State changes for staffing inputs: handle-time overrides, holidays and shifts."""

from __future__ import annotations

from datetime import date, time

from django.contrib.auth.models import User
from django.db import transaction

from staffing.models import HandleTimeOverride, Holiday, Shift


@transaction.atomic
def set_handle_time_override(*, channel: str, ticket_type: str, seconds: int) -> HandleTimeOverride:
    """Create or replace the planner's handle time for a channel (and type; blank = all types)."""
    row, _ = HandleTimeOverride.objects.update_or_create(
        channel=channel, ticket_type=ticket_type, defaults={"seconds": seconds}
    )
    return row


@transaction.atomic
def delete_handle_time_override(*, override: HandleTimeOverride) -> None:
    """Go back to the measured handle time."""
    override.delete()


@transaction.atomic
def add_holiday(*, day: date, name: str) -> Holiday:
    """Mark a day as a holiday (renaming it if it is one already)."""
    row, _ = Holiday.objects.update_or_create(date=day, defaults={"name": name})
    return row


@transaction.atomic
def delete_holiday(*, holiday: Holiday) -> None:
    holiday.delete()


@transaction.atomic
def add_shift(*, agent: User, weekday: int, start: time, end: time, channel: str) -> Shift:
    """Add one recurring weekly shift to an agent's roster."""
    shift = Shift(agent=agent, weekday=weekday, start=start, end=end, channel=channel)
    shift.full_clean()
    shift.save()
    return shift


@transaction.atomic
def delete_shift(*, shift: Shift) -> None:
    shift.delete()
