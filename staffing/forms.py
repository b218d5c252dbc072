"""Forms for the staffing pages.

Every label keeps target answer time and average speed of answer apart.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from staffing.calculator import CalculatorInput, traffic_problem
from staffing.models import Shift
from staffing.plan import LIVE_CHANNELS, PlanModel, PlanSettings
from tickets.models import Channel, TicketType

INTERVAL_CHOICES = [(15, "15 minutes"), (30, "30 minutes"), (60, "60 minutes")]

CALCULATOR_DEFAULTS: dict[str, object] = {
    "contacts": 100,
    "interval_minutes": 30,
    "average_handle_time_s": 180,
    "target_answer_time_s": 20,
    "service_level_pct": 80,
    "shrinkage_pct": 30,
    "mean_patience_s": 180,
}


class CalculatorForm(forms.Form):
    contacts = forms.FloatField(label="Contacts per interval", min_value=0, max_value=1_000_000)
    interval_minutes = forms.TypedChoiceField(
        label="Interval length", choices=INTERVAL_CHOICES, coerce=int
    )
    average_handle_time_s = forms.FloatField(
        label="Average handle time (seconds)", min_value=1, max_value=86_400
    )
    target_answer_time_s = forms.FloatField(
        label="Target answer time (seconds)",
        min_value=0,
        max_value=86_400,
        help_text="The threshold in the promise, e.g. the 20 in “80% answered within 20 seconds”.",
    )
    service_level_pct = forms.FloatField(
        label="Service level target (%)",
        min_value=1,
        max_value=99.9,
        help_text="Share of contacts to answer within the target answer time.",
    )
    max_occupancy_pct = forms.FloatField(
        label="Maximum occupancy (%)", min_value=1, max_value=100, required=False
    )
    max_average_speed_of_answer_s = forms.FloatField(
        label="Average speed of answer ceiling (seconds)",
        min_value=1,
        max_value=86_400,
        required=False,
        help_text="Optional: the mean wait of answered contacts must stay at or below this.",
    )
    shrinkage_pct = forms.FloatField(label="Shrinkage (%)", min_value=0, max_value=95)
    mean_patience_s = forms.FloatField(
        label="Mean patience before hanging up (seconds, Erlang A)",
        min_value=1,
        max_value=86_400,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            problem = traffic_problem(CalculatorInput(**data))
            if problem:
                self.add_error("contacts", problem)
        return data

    def to_input(self) -> CalculatorInput:
        return CalculatorInput(**self.cleaned_data)


class HandleTimeOverrideForm(forms.Form):
    """A plain form: saving an existing (channel, type) pair replaces its value."""

    channel = forms.ChoiceField(choices=Channel.choices)
    ticket_type = forms.ChoiceField(
        label="Ticket type", choices=[("", "All types"), *TicketType.choices], required=False
    )
    seconds = forms.IntegerField(label="Handle time (seconds)", min_value=1, max_value=86_400)


class HolidayForm(forms.Form):
    """A plain form: saving a date that is already a holiday renames it."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(max_length=100)


class ShiftForm(forms.ModelForm):
    class Meta:
        model = Shift
        fields = ["agent", "weekday", "start", "end", "channel"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}),
            "end": forms.TimeInput(attrs={"type": "time"}),
        }


class DateRangeForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must not be before the start date.")
        return data


def this_monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


class PlanForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices)
    week_start = forms.DateField(
        label="Week starting", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    interval_minutes = forms.TypedChoiceField(
        label="Interval length", choices=INTERVAL_CHOICES, coerce=int
    )
    model = forms.ChoiceField(
        choices=[(PlanModel.ERLANG_C, "Erlang C"), (PlanModel.ERLANG_A, "Erlang A")],
        help_text="Used for phone and chat; other channels are planned by workload.",
    )
    target_answer_time_s = forms.FloatField(
        label="Target answer time (seconds)", min_value=0, max_value=86_400
    )
    service_level_pct = forms.FloatField(
        label="Service level target (%)", min_value=1, max_value=99.9
    )
    shrinkage_pct = forms.FloatField(label="Shrinkage (%)", min_value=0, max_value=95)
    mean_patience_s = forms.FloatField(
        label="Mean patience before hanging up (seconds, Erlang A)", min_value=1, max_value=86_400
    )
    response_target_hours = forms.FloatField(
        label="Response target (hours, email/web/portal)", min_value=0.25, max_value=24 * 14
    )

    def to_settings(self) -> PlanSettings:
        data = dict(self.cleaned_data)
        start = data["week_start"] or this_monday()
        data["week_start"] = start - timedelta(days=start.weekday())
        data["model"] = (
            PlanModel(data["model"]) if data["channel"] in LIVE_CHANNELS else PlanModel.WORKLOAD
        )
        return PlanSettings(**data)


PLAN_DEFAULTS: dict[str, object] = {
    "channel": Channel.PHONE,
    "interval_minutes": 15,
    "model": PlanModel.ERLANG_C,
    "target_answer_time_s": 20,
    "service_level_pct": 80,
    "shrinkage_pct": 30,
    "mean_patience_s": 180,
    "response_target_hours": 8,
}
