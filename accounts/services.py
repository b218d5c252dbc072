"""Changes to desk staff and teams: creating agents, changing roles, team membership.

The settings pages, management commands and any future API all go through
these functions, so the role rules (who may grant which role, keeping at least
one admin) live in exactly one place.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts.access import require_supervisor
from accounts.models import AgentProfile, ApiToken, Role, Team

Errors = dict[str, list[str]]


# --- Role rules -------------------------------------------------------------------------------


def grantable_roles(*, actor: AgentProfile) -> list[str]:
    """The roles `actor` may give to someone: admins grant any, supervisors all but admin."""
    if actor.role == Role.ADMIN:
        return list(Role.values)
    if actor.role == Role.SUPERVISOR:
        return [Role.SUPERVISOR, Role.AGENT]
    return []


def may_manage_agent(*, actor: AgentProfile, target: AgentProfile) -> bool:
    """Admins manage everyone; supervisors manage agents and supervisors, never admins."""
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.SUPERVISOR and target.role != Role.ADMIN


def _check_role(actor: AgentProfile, role: str, errors: Errors) -> None:
    if role not in Role.values:
        errors.setdefault("role", []).append(f"Unknown role {role!r}.")
    elif role not in grantable_roles(actor=actor):
        errors.setdefault("role", []).append("Only an admin may make someone an admin.")


def _check_last_admin(profile: AgentProfile, new_role: str, errors: Errors) -> None:
    if profile.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    # Lock the admin rows so two admins demoting each other at once cannot both succeed.
    others = (
        AgentProfile.objects.select_for_update()
        .active()
        .filter(role=Role.ADMIN)
        .exclude(pk=profile.pk)
    )
    if not list(others.values_list("pk", flat=True)):
        errors.setdefault("role", []).append(
            "This is the last admin. Make someone else an admin before changing this role."
        )


# --- Field checks -----------------------------------------------------------------------------


def _check_email(email: str, errors: Errors) -> str:
    email = email.strip()
    if not email:
        errors.setdefault("email", []).append("An agent needs an email address.")
        return email
    try:
        validate_email(email)
    except ValidationError as error:
        errors.setdefault("email", []).extend(error.messages)
    return email


def _check_password(password: str, user: User, errors: Errors) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        errors.setdefault("password", []).extend(error.messages)


def _check_capacity(capacity: int, errors: Errors) -> None:
    if capacity < 0:
        errors.setdefault("capacity", []).append("Capacity cannot be negative; 0 means no limit.")


def _check_agents(users: Iterable[User], field: str, errors: Errors) -> list[User]:
    users = list(users)
    agent_ids = set(AgentProfile.objects.filter(user__in=users).values_list("user_id", flat=True))
    strangers = [u.get_username() for u in users if u.pk not in agent_ids]
    if strangers:
        errors.setdefault(field, []).append(f"Not desk agents: {', '.join(strangers)}.")
    return users


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


# --- Agents -----------------------------------------------------------------------------------


@transaction.atomic
def create_agent(
    *,
    actor: User,
    username: str,
    password: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str = Role.AGENT,
    teams: Iterable[Team] = (),
    restricted_to_teams: bool = False,
    capacity: int = 0,
) -> User:
    """Create a sign-in account with an agent profile. Only admins may create admins."""
    actor_profile = require_supervisor(actor)
    errors: Errors = {}
    username = username.strip()
    if not username:
        errors["username"] = ["Choose a username."]
    else:
        try:
            User.username_validator(username)
        except ValidationError as error:
            errors["username"] = list(error.messages)
        if User.objects.filter(username__iexact=username).exists():
            errors.setdefault("username", []).append("This username is taken.")
    email = _check_email(email, errors)
    user = User(
        username=username, email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    _check_password(password, user, errors)
    _check_role(actor_profile, role, errors)
    _check_capacity(capacity, errors)
    _raise(errors)

    user.set_password(password)
    user.save()
    AgentProfile.objects.create(
        user=user, role=role, restricted_to_teams=restricted_to_teams, capacity=capacity
    )
    user.desk_teams.set(list(teams))
    return user


@transaction.atomic
def update_agent(
    *,
    actor: User,
    user: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    teams: Iterable[Team],
    restricted_to_teams: bool,
    capacity: int,
    password: str = "",
) -> User:
    """Edit an agent's details and role; a non-empty `password` replaces the old one.

    Supervisors may not touch admins or grant the admin role, and the desk's
    last admin cannot lose the role (someone must be able to manage the admins).
    """
    actor_profile = require_supervisor(actor)
    profile = AgentProfile.objects.select_for_update().get(user=user)
    if not may_manage_agent(actor=actor_profile, target=profile):
        raise PermissionDenied("Only an admin may change another admin.")
    errors: Errors = {}
    email = _check_email(email, errors)
    if role != profile.role:
        _check_role(actor_profile, role, errors)
        _check_last_admin(profile, role, errors)
    _check_capacity(capacity, errors)
    user.email = email
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    if password:
        _check_password(password, user, errors)
    _raise(errors)

    if password:
        user.set_password(password)
    user.save()
    profile.role = role
    profile.restricted_to_teams = restricted_to_teams
    profile.capacity = capacity
    profile.save(update_fields=["role", "restricted_to_teams", "capacity"])
    user.desk_teams.set(list(teams))
    return user


@transaction.atomic
def set_agent_away(*, actor: User, user: User, is_away: bool) -> AgentProfile:
    """Mark an agent away (round-robin skips them) or back. Idempotent."""
    actor_profile = require_supervisor(actor)
    profile = AgentProfile.objects.select_for_update().get(user=user)
    if not may_manage_agent(actor=actor_profile, target=profile):
        raise PermissionDenied("Only an admin may change another admin.")
    if profile.is_away != is_away:
        profile.is_away = is_away
        profile.save(update_fields=["is_away"])
    return profile


# --- Teams ------------------------------------------------------------------------------------


def _check_team_name(name: str, team: Team | None, errors: Errors) -> str:
    name = " ".join(name.split())
    if not name:
        errors["name"] = ["A team needs a name."]
        return name
    if len(name) > 80:
        errors["name"] = ["Keep the name to 80 characters or fewer."]
    clash = Team.objects.filter(name__iexact=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        errors.setdefault("name", []).append("Another team already has this name.")
    return name


def _check_description(description: str, errors: Errors) -> str:
    description = description.strip()
    if len(description) > 200:
        errors["description"] = ["Keep the description to 200 characters or fewer."]
    return description


@transaction.atomic
def create_team(
    *,
    name: str,
    description: str = "",
    auto_assign: bool = False,
    members: Iterable[User] = (),
) -> Team:
    """Create a team; with `auto_assign`, its new tickets go to members round-robin."""
    errors: Errors = {}
    name = _check_team_name(name, None, errors)
    description = _check_description(description, errors)
    users = _check_agents(members, "members", errors)
    _raise(errors)
    team = Team.objects.create(name=name, description=description, auto_assign=auto_assign)
    team.members.set(users)
    return team


@transaction.atomic
def update_team(
    *,
    team: Team,
    name: str,
    description: str,
    auto_assign: bool,
    members: Iterable[User],
) -> Team:
    """Rename a team, switch round-robin on or off and replace its member list."""
    errors: Errors = {}
    name = _check_team_name(name, team, errors)
    description = _check_description(description, errors)
    users = _check_agents(members, "members", errors)
    _raise(errors)
    team.name = name
    team.description = description
    team.auto_assign = auto_assign
    team.save(update_fields=["name", "description", "auto_assign"])
    team.members.set(users)
    return team


def create_api_token(*, user: User, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """A new API token for `user`; returns the row and the secret, which is never stored."""
    secret = "gw_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:80] or "API token",
        prefix=secret[:10],
        key_hash=hashlib.sha256(secret.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    return token, secret


@transaction.atomic
def set_notification_preferences(
    *, profile: AgentProfile, on_assignment: bool, on_customer_reply: bool
) -> AgentProfile:
    """Which emails an agent wants about their tickets."""
    profile.notify_on_assignment = on_assignment
    profile.notify_on_customer_reply = on_customer_reply
    profile.save(update_fields=["notify_on_assignment", "notify_on_customer_reply"])
    return profile
