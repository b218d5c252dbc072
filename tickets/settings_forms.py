"""Forms for the tag, custom field and status name settings pages."""

from __future__ import annotations

from typing import Any

from django import forms

from tickets.models import FieldType, Status


class TagForm(forms.Form):
    name = forms.CharField(
        max_length=50, label="Tag name", help_text="Stored in lower case, as agents type it."
    )


class ChoicesField(forms.CharField):
    """One option per line in a textarea; cleaned to a list without blanks or repeats."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        options: list[str] = []
        for line in text.splitlines():
            line = line.strip()
            if line and line not in options:
                options.append(line)
        return options


class CustomFieldEditForm(forms.Form):
    label = forms.CharField(max_length=80)
    field_type = forms.ChoiceField(choices=FieldType.choices, label="Type")
    choices = ChoicesField(
        required=False,
        label="Options",
        help_text="For the choice type: one option per line.",
    )
    visible_to_customer = forms.BooleanField(
        required=False,
        label="Visible to the customer",
        help_text="Shown on the customer's ticket page in the portal.",
    )
    position = forms.IntegerField(
        min_value=0, max_value=10_000, initial=0, help_text="Lower numbers come first."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("field_type") == FieldType.CHOICE and not data.get("choices"):
            self.add_error("choices", "A choice field needs at least one option.")
        return data


class CustomFieldForm(CustomFieldEditForm):
    key = forms.SlugField(
        max_length=40,
        help_text="Letters, numbers, hyphens and underscores; it cannot be changed later.",
    )

    field_order = ["key", "label", "field_type", "choices", "visible_to_customer", "position"]


class StatusLabelsForm(forms.Form):
    """One text box per fixed status, named after the status value."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        kwargs.setdefault("initial", current)
        super().__init__(*args, **kwargs)
        for status in Status:
            self.fields[status.value] = forms.CharField(
                max_length=40,
                required=False,
                label=status.label,
                widget=forms.TextInput(attrs={"placeholder": status.label}),
            )
