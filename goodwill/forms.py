"""Form plumbing shared by every app's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def apply_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
