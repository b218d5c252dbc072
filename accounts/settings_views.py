"""Desk settings pages for supervisors: the settings index, teams and agents."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import services
from accounts.access import require_supervisor
from accounts.forms import AgentForm, AwayForm, NewAgentForm, TeamForm
from accounts.models import AgentProfile, Team
from goodwill.forms import apply_service_errors

View = Callable[..., HttpResponse]

SECTIONS = (
    ("Teams", "desk_settings:teams", "Group agents, and choose which teams share out work."),
    ("Agents", "desk_settings:agents", "Add colleagues, set their role, teams and workload."),
    ("Tags", "desk_settings:tags", "Tidy up the labels agents put on tickets."),
    ("Custom fields", "desk_settings:fields", "Extra facts to record on every ticket."),
    (
        "Status names",
        "desk_settings:statuses",
        "Name the six ticket statuses the way your desk talks.",
    ),
    ("Mailboxes", "intake:mailboxes", "Addresses customers write to, and how mail is fetched."),
    ("Inbound mail", "intake:list", "Mail that could not join a ticket, with the reason."),
    ("Outgoing mail", "notifications:outbox", "Email that failed, is stuck or was held back."),
    ("Background tasks", "jobs:index", "Queued, running and failed tasks, workers and schedules."),
    (
        "Reply coach rules",
        "coaching:rules",
        "Phrases the coach flags, why, and what to say instead.",
    ),
    ("Jargon", "coaching:jargon", "Words customers may not know, with plain alternatives."),
    (
        "Service recovery",
        "coaching:recoveries",
        "Open recoveries, follow-ups due and compensation awaiting approval.",
    ),
    ("Compensation limits", "coaching:limits", "What each team may grant without approval."),
)


def supervisor_required(view: View) -> View:
    """Sign-in first (anonymous visitors go to the login page), then supervisors and admins only."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_supervisor(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _actor(request: HttpRequest) -> AgentProfile:
    return require_supervisor(request.user)


@supervisor_required
def index(request: HttpRequest) -> HttpResponse:
    sections = [
        {"title": title, "url": reverse(name), "description": text}
        for title, name, text in SECTIONS
    ]
    return render(request, "accounts/settings/index.html", {"sections": sections})


# --- Teams ------------------------------------------------------------------------------------


@supervisor_required
def team_list(request: HttpRequest) -> HttpResponse:
    teams = Team.objects.annotate(member_count=Count("members")).order_by("name")
    return render(request, "accounts/settings/teams.html", {"teams": teams})


@supervisor_required
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Team {team.name} created.")
            return HttpResponseRedirect(reverse("desk_settings:teams"))
    return render(request, "accounts/settings/team_form.html", {"form": form, "team": None})


@supervisor_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    initial = {
        "name": team.name,
        "description": team.description,
        "auto_assign": team.auto_assign,
        "members": list(team.members.values_list("pk", flat=True)),
    }
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_team(team=team, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Team {team.name} saved.")
            return HttpResponseRedirect(reverse("desk_settings:teams"))
    return render(request, "accounts/settings/team_form.html", {"form": form, "team": team})


# --- Agents -----------------------------------------------------------------------------------


def _agents() -> Any:
    return (
        User.objects.filter(agent__isnull=False)
        .select_related("agent")
        .prefetch_related("desk_teams")
        .order_by("first_name", "last_name", "username")
    )


def _get_manageable_agent(request: HttpRequest, pk: int) -> User:
    """The agent with this user id, if the signed-in supervisor may change them (404 / 403)."""
    actor = _actor(request)
    user = get_object_or_404(_agents(), pk=pk)
    if not services.may_manage_agent(actor=actor, target=user.agent):
        raise PermissionDenied("Only an admin may change another admin.")
    return user


def _agent_rows(actor: AgentProfile, users: Any) -> list[dict[str, Any]]:
    return [
        {"user": u, "manageable": services.may_manage_agent(actor=actor, target=u.agent)}
        for u in users
    ]


@supervisor_required
def agent_list(request: HttpRequest) -> HttpResponse:
    rows = _agent_rows(_actor(request), _agents())
    return render(request, "accounts/settings/agents.html", {"rows": rows})


@supervisor_required
def agent_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = NewAgentForm(request.POST or None, roles=services.grantable_roles(actor=actor))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_agent(actor=actor.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Agent {user.get_username()} created.")
            return HttpResponseRedirect(reverse("desk_settings:agents"))
    return render(request, "accounts/settings/agent_form.html", {"form": form, "subject": None})


@supervisor_required
def agent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    user = _get_manageable_agent(request, pk)
    profile = user.agent
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": profile.role,
        "teams": [team.pk for team in user.desk_teams.all()],
        "restricted_to_teams": profile.restricted_to_teams,
        "capacity": profile.capacity,
    }
    roles = services.grantable_roles(actor=actor)
    form = AgentForm(request.POST or None, initial=initial, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agent(actor=actor.user, user=user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Agent {user.get_username()} saved.")
            return HttpResponseRedirect(reverse("desk_settings:agents"))
    return render(request, "accounts/settings/agent_form.html", {"form": form, "subject": user})


@supervisor_required
@require_POST
def agent_set_away(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    user = _get_manageable_agent(request, pk)
    form = AwayForm(request.POST)
    form.is_valid()  # a lone optional checkbox cannot be invalid
    profile = services.set_agent_away(
        actor=actor.user, user=user, is_away=form.cleaned_data["is_away"]
    )
    if request.htmx:  # type: ignore[attr-defined]
        user.agent = profile
        row = {"user": user, "manageable": True}
        return render(request, "accounts/settings/_agent_row.html", {"row": row})
    name = user.get_full_name() or user.get_username()
    messages.success(request, f"{name} is {'away' if profile.is_away else 'back'}.")
    return HttpResponseRedirect(reverse("desk_settings:agents"))
