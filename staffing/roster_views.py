"""Rosters and holidays: supervisors only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import require_supervisor
from goodwill.lib.http import AgentRequest
from staffing import services
from staffing.forms import HolidayForm, ShiftForm
from staffing.models import Holiday, Shift
from tickets.views import agent_required


def _back() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("staffing:roster"))


def _report(request: AgentRequest, form: BaseForm) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in map(str, errors):
            messages.error(request, f"{label or field}: {text}" if field != "__all__" else text)


def _shift_form() -> ShiftForm:
    form = ShiftForm()
    agents = User.objects.filter(agent__isnull=False, is_active=True).order_by("username")
    form.fields["agent"].queryset = agents  # type: ignore[attr-defined]
    return form


@agent_required
def roster(request: AgentRequest) -> HttpResponse:
    """Every agent's weekly shifts, and the holidays the forecast treats as quiet days."""
    require_supervisor(request.user)
    context = {
        "shifts": Shift.objects.select_related("agent"),
        "holidays": Holiday.objects.all(),
        "shift_form": _shift_form(),
        "holiday_form": HolidayForm(),
    }
    return render(request, "staffing/roster.html", context)


@agent_required
@require_POST
def shift_add(request: AgentRequest) -> HttpResponse:
    require_supervisor(request.user)
    form = ShiftForm(request.POST)
    if form.is_valid():
        try:
            services.add_shift(**form.cleaned_data)
            messages.success(request, "Shift added.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        _report(request, form)
    return _back()


@agent_required
@require_POST
def shift_delete(request: AgentRequest, pk: int) -> HttpResponse:
    require_supervisor(request.user)
    services.delete_shift(shift=get_object_or_404(Shift, pk=pk))
    messages.success(request, "Shift removed.")
    return _back()


@agent_required
@require_POST
def holiday_add(request: AgentRequest) -> HttpResponse:
    require_supervisor(request.user)
    form = HolidayForm(request.POST)
    if form.is_valid():
        services.add_holiday(day=form.cleaned_data["date"], name=form.cleaned_data["name"])
        messages.success(request, "Holiday saved.")
    else:
        _report(request, form)
    return _back()


@agent_required
@require_POST
def holiday_delete(request: AgentRequest, pk: int) -> HttpResponse:
    require_supervisor(request.user)
    services.delete_holiday(holiday=get_object_or_404(Holiday, pk=pk))
    messages.success(request, "Holiday removed.")
    return _back()
