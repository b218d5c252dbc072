"""Service recovery: one POST view per action on a ticket's recovery, the supervisors'
overview, approvals, and the per-team compensation limits."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.access import get_ticket_for_agent
from accounts.models import Team
from accounts.settings_views import supervisor_required
from coaching import services
from coaching.forms import CompensationForm, FollowUpForm, LimitForm, OutcomeForm
from coaching.models import (
    Compensation,
    CompensationStatus,
    Recovery,
    RecoveryOutcome,
)
from coaching.recovery import RECOVERY_STEPS
from goodwill.lib.http import AgentRequest
from tickets.models import Ticket
from tickets.views import agent_required


def _to_panel(ticket: Ticket) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("tickets:detail", args=[ticket.number]) + "#recovery")


def _open_recovery(request: AgentRequest, number: int) -> Recovery:
    """The open recovery of a ticket the agent may see; 404 for anything else."""
    ticket = get_ticket_for_agent(request.user, number)
    recovery = Recovery.objects.open().filter(ticket=ticket).select_related("ticket").first()
    if recovery is None:
        raise Http404("No recovery is under way on this ticket.")
    return recovery


def _errors(request: AgentRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _form_errors(request: AgentRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        for text in errors:
            messages.error(request, f"{field}: {text}" if field != "__all__" else str(text))


@agent_required
@require_POST
def start(request: AgentRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_agent(request.user, number)
    try:
        services.start_recovery(ticket=ticket, agent=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Service recovery started. Work through the steps in order.")
    return _to_panel(ticket)


@agent_required
@require_POST
def tick_step(request: AgentRequest, number: int, key: str) -> HttpResponse:
    recovery = _open_recovery(request, number)
    try:
        services.tick_recovery_step(recovery=recovery, key=key, agent=request.user)
    except ValidationError as error:
        _errors(request, error)
    return _to_panel(recovery.ticket)


@agent_required
@require_POST
def follow_up(request: AgentRequest, number: int) -> HttpResponse:
    recovery = _open_recovery(request, number)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_panel(recovery.ticket)
    try:
        services.set_recovery_follow_up(
            recovery=recovery, on=form.cleaned_data["on"], agent=request.user
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Follow-up planned for {form.cleaned_data['on']:%a %d %b}.")
    return _to_panel(recovery.ticket)


@agent_required
@require_POST
def outcome(request: AgentRequest, number: int) -> HttpResponse:
    recovery = _open_recovery(request, number)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_panel(recovery.ticket)
    try:
        services.record_recovery_outcome(
            recovery=recovery,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            agent=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Outcome recorded. Thank you for following up.")
    return _to_panel(recovery.ticket)


@agent_required
@require_POST
def grant(request: AgentRequest, number: int) -> HttpResponse:
    recovery = _open_recovery(request, number)
    form = CompensationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_panel(recovery.ticket)
    try:
        given = services.grant_compensation(
            recovery=recovery, agent=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        if given.status == CompensationStatus.PENDING:
            messages.warning(
                request, "This goes over your team's limit, so a supervisor will approve it."
            )
        else:
            messages.success(request, f"{given.get_kind_display()} of {given.value} granted.")
    return _to_panel(recovery.ticket)


def _back(request: AgentRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("coaching:recoveries")
    return HttpResponseRedirect(target)


def _decide(request: AgentRequest, pk: int, *, approve: bool) -> HttpResponse:
    compensation = get_object_or_404(Compensation.objects.select_related("recovery__ticket"), pk=pk)
    get_ticket_for_agent(request.user, compensation.recovery.ticket.number)  # visibility
    try:
        services.decide_compensation(
            compensation=compensation, supervisor=request.user, approve=approve
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        verb = "approved" if approve else "rejected"
        messages.success(request, f"Compensation on #{compensation.recovery.ticket.number} {verb}.")
    return _back(request)


@supervisor_required
@require_POST
def approve(request: AgentRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@supervisor_required
@require_POST
def reject(request: AgentRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


@supervisor_required
def recovery_list(request: AgentRequest) -> HttpResponse:
    """Open recoveries, follow-ups that are due, approvals waiting, and recent outcomes."""
    open_recoveries = list(
        Recovery.objects.open()
        .select_related("ticket", "started_by")
        .annotate(steps_count=Count("steps_done", distinct=True))
        .order_by("follow_up_on", "started_at")
    )
    today = timezone.localdate()
    pending = list(
        Compensation.objects.filter(status=CompensationStatus.PENDING)
        .select_related("recovery__ticket__team", "requested_by")
        .order_by("requested_at")
    )
    since = timezone.now() - timedelta(days=90)
    finished = Recovery.objects.filter(outcome_at__gte=since).exclude(outcome="")
    outcomes = dict(
        finished.order_by().values("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    context = {
        "open_recoveries": open_recoveries,
        "due": [r for r in open_recoveries if r.follow_up_on and r.follow_up_on <= today],
        "pending": pending,
        "today": today,
        "recovered": outcomes.get(RecoveryOutcome.RECOVERED, 0),
        "not_recovered": outcomes.get(RecoveryOutcome.NOT_RECOVERED, 0),
        "step_total": len(RECOVERY_STEPS),
    }
    return render(request, "coaching/recoveries.html", context)


@supervisor_required
def limits(request: AgentRequest) -> HttpResponse:
    teams = Team.objects.order_by("name").select_related("compensation_policy")
    rows = []
    for team in teams:
        policy = getattr(team, "compensation_policy", None)
        rows.append((team, LimitForm(initial={"limit": policy.limit if policy else 0})))
    return render(request, "coaching/limits.html", {"rows": rows})


@supervisor_required
@require_POST
def set_limit(request: AgentRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    form = LimitForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.set_compensation_limit(
                team=team, limit=form.cleaned_data["limit"], actor=request.user
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, f"{team.name} may now give up to {form.cleaned_data['limit']}."
            )
    return HttpResponseRedirect(reverse("coaching:limits"))
