"""Planning inputs that people maintain: handle-time overrides, holidays and shift patterns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tickets.models import Channel, TicketType


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class HandleTimeOverride(models.Model):
    """A planner's handle time for a channel (or one ticket type); beats the measured one."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Blank means every ticket type on the channel.
    ticket_type = models.CharField(max_length=10, choices=TicketType.choices, blank=True)
    seconds = models.PositiveIntegerField()

    class Meta:
        ordering = ["channel", "ticket_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "ticket_type"], name="handle_time_override_unique"
            ),
            models.CheckConstraint(
                condition=Q(seconds__gt=0), name="handle_time_override_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}/{self.ticket_type or 'all'}: {self.seconds} s"


class Holiday(models.Model):
    """A day left out of forecast fitting and forecast as a quiet day."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


class Shift(models.Model):
    """One agent's recurring weekly shift on one channel."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staffing_shifts"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        ordering = ["weekday", "start", "agent_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"
