"""Staffing pages: the calculator and handle times (any agent; overrides by supervisors)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import require_supervisor
from goodwill.lib.http import AgentRequest
from staffing import services
from staffing.calculator import calculate
from staffing.data import channel_averages, measured_handle_times
from staffing.forms import (
    CALCULATOR_DEFAULTS,
    CalculatorForm,
    DateRangeForm,
    HandleTimeOverrideForm,
)
from staffing.models import HandleTimeOverride
from tickets.views import agent_required


@agent_required
def calculator(request: AgentRequest) -> HttpResponse:
    """The what-if calculator; htmx asks for just the results as inputs change."""
    form = CalculatorForm(request.GET or CALCULATOR_DEFAULTS)
    result = calculate(form.to_input()) if form.is_valid() else None
    context = {"form": form, "result": result}
    if request.htmx:
        return render(request, "staffing/_calculator_results.html", context)
    return render(request, "staffing/calculator.html", context)


@agent_required
def handle_times(request: AgentRequest) -> HttpResponse:
    """Measured average handle time per channel and type, and the planners' overrides."""
    today = timezone.localdate()
    defaults = {"start": today - timedelta(days=27), "end": today}
    form = DateRangeForm(request.GET or defaults)
    rows = measured_handle_times(**form.cleaned_data) if form.is_valid() else []
    context = {
        "form": form,
        "rows": rows,
        "channels": sorted(channel_averages(rows).items()),
        "overrides": HandleTimeOverride.objects.all(),
        "override_form": HandleTimeOverrideForm(),
    }
    return render(request, "staffing/handle_times.html", context)


@agent_required
@require_POST
def override_set(request: AgentRequest) -> HttpResponse:
    require_supervisor(request.user)
    form = HandleTimeOverrideForm(request.POST)
    if form.is_valid():
        services.set_handle_time_override(**form.cleaned_data)
        messages.success(request, "Handle time saved.")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    return HttpResponseRedirect(reverse("staffing:handle_times"))


@agent_required
@require_POST
def override_delete(request: AgentRequest, pk: int) -> HttpResponse:
    require_supervisor(request.user)
    services.delete_handle_time_override(override=get_object_or_404(HandleTimeOverride, pk=pk))
    messages.success(request, "Override removed; the measured handle time applies again.")
    return HttpResponseRedirect(reverse("staffing:handle_times"))
