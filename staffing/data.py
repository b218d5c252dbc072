"""Reads from the desk's own history: handle times and arrivals. Nothing here writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from staffing.models import HandleTimeOverride
from tickets.models import Message, MessageKind, Ticket

#: Used when a channel has neither measurements nor an override (a plain, cautious guess).
FALLBACK_HANDLE_TIME_S = 300


@dataclass(frozen=True, slots=True)
class HandleTime:
    """Average agent time per ticket for one channel and ticket type over a date range."""

    channel: str
    ticket_type: str
    tickets: int
    average_s: float


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def measured_handle_times(*, start: date, end: date) -> list[HandleTime]:
    """Average handle time per (channel, type) for tickets created from `start` to `end` inclusive.

    A ticket's handle time is the agent time on all its messages: `handle_time_s`
    (composing a reply, writing a note, after-call work), or for a logged call
    without it, the call's `call_duration_s`. Customer messages cost no agent
    time, and tickets nobody has spent time on yet are left out of the average.
    """
    per_ticket = (
        Message.objects.filter(
            ticket__created_at__gte=_day_start(start),
            ticket__created_at__lt=_day_start(end + timedelta(days=1)),
        )
        .exclude(kind=MessageKind.CUSTOMER)
        .values("ticket_id", "ticket__channel", "ticket__type")
        .annotate(total=Sum(Coalesce("handle_time_s", "call_duration_s")))
        .filter(total__gt=0)
        .order_by()
    )
    sums: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in per_ticket:
        sums[(row["ticket__channel"], row["ticket__type"])].append(row["total"])
    return [
        HandleTime(channel, kind, len(totals), sum(totals) / len(totals))
        for (channel, kind), totals in sorted(sums.items())
    ]


def channel_averages(rows: Iterable[HandleTime]) -> dict[str, float]:
    """Ticket-weighted average per channel over all types."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        totals[row.channel][0] += row.average_s * row.tickets
        totals[row.channel][1] += row.tickets
    return {channel: s / n for channel, (s, n) in totals.items() if n}


def effective_handle_time(
    *, channel: str, ticket_type: str = "", measured: Iterable[HandleTime]
) -> tuple[float, str]:
    """The handle time to plan with, and where it came from.

    Order: an override for the type, an override for the whole channel, the
    measured average for the type, the measured channel average, the fallback.
    """
    overrides = {
        o.ticket_type: o.seconds for o in HandleTimeOverride.objects.filter(channel=channel)
    }
    if ticket_type and ticket_type in overrides:
        return float(overrides[ticket_type]), "override"
    if "" in overrides:
        return float(overrides[""]), "override"
    rows = [row for row in measured if row.channel == channel]
    for row in rows:
        if ticket_type and row.ticket_type == ticket_type:
            return row.average_s, "measured"
    average = channel_averages(rows).get(channel)
    if average is not None:
        return average, "measured"
    return float(FALLBACK_HANDLE_TIME_S), "fallback"


def arrival_times(*, channel: str, start: date, end: date) -> list[datetime]:
    """Local creation times of live tickets on a channel, `start` to `end` inclusive."""
    stamps = Ticket.objects.filter(
        channel=channel,
        merged_into__isnull=True,
        created_at__gte=_day_start(start),
        created_at__lt=_day_start(end + timedelta(days=1)),
    ).values_list("created_at", flat=True)
    return [timezone.localtime(stamp) for stamp in stamps]
