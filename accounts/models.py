"""Agents, their roles and teams."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    SUPERVISOR = "supervisor", "Supervisor"
    AGENT = "agent", "Agent"


class Team(models.Model):
    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)
    # Round-robin hands new tickets to the member who waited longest since their last one.
    auto_assign = models.BooleanField(default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="desk_teams", blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgentProfileQuerySet(models.QuerySet["AgentProfile"]):
    def active(self) -> AgentProfileQuerySet:
        return self.filter(user__is_active=True)


class AgentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENT)
    # A restricted agent sees only tickets of their own teams (and ones assigned to them).
    restricted_to_teams = models.BooleanField(default=False)
    is_away = models.BooleanField(default=False)
    # 0 means no limit on open tickets assigned at once.
    capacity = models.PositiveIntegerField(default=0)
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    signature = models.TextField(blank=True)
    notify_on_assignment = models.BooleanField(default=True)
    notify_on_customer_reply = models.BooleanField(default=True)

    objects = AgentProfileQuerySet.as_manager()

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_supervisor(self) -> bool:
        """Supervisors and admins may change desk settings and see every ticket."""
        return self.role in {Role.ADMIN, Role.SUPERVISOR}


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
