from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from accounts.models import Team
from goodwill.widgets import use_fast_selects
from tickets.models import CallDirection, Channel, Priority, Status, TicketType


class AgentChoiceField(forms.ModelChoiceField):
    """Active agents, shown by name."""

    def __init__(self, **kwargs: Any) -> None:
        queryset = User.objects.filter(agent__isnull=False, is_active=True).order_by(
            "first_name", "username"
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is validated like a single FileField."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class FastForm(forms.Form):
    """A form whose selects render quickly (see goodwill.widgets.FastSelect)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)


class ReplyForm(FastForm):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="Reply", max_length=100_000
    )
    status = forms.ChoiceField(
        choices=[
            ("", "Keep status"),
            (Status.PENDING, "Send and set pending"),
            (Status.SOLVED, "Send and solve"),
            (Status.ON_HOLD, "Send and put on hold"),
        ],
        required=False,
        label="After sending",
    )
    attachments = MultipleFileField(label="Attachments")
    # Seconds the composer was open and in use; measured by the page, trimmed to an hour.
    handle_time_s = forms.IntegerField(
        required=False, min_value=0, max_value=3600, widget=forms.HiddenInput
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Internal note", max_length=100_000
    )
    attachments = MultipleFileField(label="Attachments")


class CallForm(FastForm):
    direction = forms.ChoiceField(choices=CallDirection.choices)
    duration_min = forms.DecimalField(
        min_value=0, max_value=600, decimal_places=1, label="Call length (minutes)"
    )
    hold_min = forms.DecimalField(
        min_value=0, max_value=600, decimal_places=1, required=False, label="Time on hold (minutes)"
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What was said")


class PropertiesForm(FastForm):
    status = forms.ChoiceField(choices=Status.choices)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int)
    type = forms.ChoiceField(choices=TicketType.choices)
    team = forms.ModelChoiceField(Team.objects.all(), required=False, empty_label="No team")
    assignee = AgentChoiceField(required=False, empty_label="Unassigned")
    tags = forms.CharField(required=False, help_text="Comma-separated", max_length=500)
    promised_by = forms.DateTimeField(
        required=False,
        label="Promised by",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="When you told the customer they would hear back.",
    )


class TicketNumberForm(forms.Form):
    number = forms.IntegerField(min_value=1, label="Ticket number")


class TicketNumbersField(forms.TypedMultipleChoiceField):
    """Ticket numbers picked in the inbox; which ones the agent may touch is checked later."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class BulkForm(FastForm):
    tickets = TicketNumbersField(coerce=int, choices=[])
    action = forms.ChoiceField(
        choices=[("assign", "Assign to"), ("status", "Set status"), ("tag", "Add tag")]
    )
    assignee = AgentChoiceField(required=False, empty_label="Unassigned")
    status = forms.ChoiceField(choices=Status.choices, required=False)
    tag = forms.CharField(required=False, max_length=50)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", "Choose the status to set.")
        if data.get("action") == "tag" and not (data.get("tag") or "").strip():
            self.add_error("tag", "Type the tag to add.")
        return data


class NewTicketForm(FastForm):
    """An agent opens a ticket for a customer (a call, a visit, a note from a colleague)."""

    email = forms.EmailField(label="Customer email")
    name = forms.CharField(
        max_length=200,
        required=False,
        label="Customer name",
        help_text="Only needed for someone new.",
    )
    subject = forms.CharField(max_length=250)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="What they need")
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.PHONE)
    type = forms.ChoiceField(choices=TicketType.choices)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, initial=Priority.NORMAL)
    team = forms.ModelChoiceField(Team.objects.all(), required=False, empty_label="No team")
    attachments = MultipleFileField(label="Attachments")
