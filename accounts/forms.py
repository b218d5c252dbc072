"""Forms for the team and agent settings pages. They parse input; accounts.services decides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from accounts.models import Role, Team


class AgentMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Agents listed by their name rather than their username."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


def desk_agents() -> QuerySet[User]:
    return User.objects.filter(agent__isnull=False, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


class TeamForm(forms.Form):
    name = forms.CharField(max_length=80)
    description = forms.CharField(max_length=200, required=False)
    auto_assign = forms.BooleanField(
        required=False,
        label="Assign new tickets round-robin",
        help_text="Each new ticket for this team goes to the member who has waited longest "
        "for one, skipping members who are away or at capacity.",
    )
    members = AgentMultipleChoiceField(
        queryset=desk_agents(), required=False, widget=forms.CheckboxSelectMultiple
    )


class AgentForm(forms.Form):
    """What a supervisor may change about an agent; the role list depends on who asks."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(max_length=254)
    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        label="New password",
        help_text="Leave blank to keep the current password.",
    )
    role = forms.ChoiceField(choices=Role.choices)
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    restricted_to_teams = forms.BooleanField(
        required=False,
        label="Restricted to their teams",
        help_text="Sees only tickets of their own teams and tickets assigned to them.",
    )
    capacity = forms.IntegerField(
        min_value=0,
        max_value=10_000,
        initial=0,
        help_text="Most open tickets assigned at once; 0 means no limit.",
    )

    def __init__(self, *args: Any, roles: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        allowed = set(roles) if roles else set(Role.values)
        role.choices = [(value, label) for value, label in Role.choices if value in allowed]
        role.error_messages["invalid_choice"] = (
            "You may not give this role. Only an admin may make someone an admin."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            # Checked here too so a weak password shows up alongside the other mistakes.
            probe = User(
                username=data.get("username", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class NewAgentForm(AgentForm):
    username = forms.CharField(
        max_length=150,
        validators=[User.username_validator],
        help_text="Used to sign in; cannot be changed later.",
    )

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "password",
        "role",
        "teams",
        "restricted_to_teams",
        "capacity",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        password = self.fields["password"]
        password.required = True
        password.label = "Password"
        password.help_text = "At least 8 characters; not a common password."


class AwayForm(forms.Form):
    is_away = forms.BooleanField(required=False)
