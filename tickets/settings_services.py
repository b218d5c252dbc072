"""Desk-wide ticket settings: tags, custom fields and the display names of statuses.

These change the vocabulary the desk uses, not individual tickets, so most of
them record nothing on ticket timelines. Deleting a tag is the exception: it
takes the tag off tickets, and each of those tickets gets a timeline row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from tickets.models import CustomField, EventKind, FieldType, Status, StatusLabel, Tag, TicketEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Errors = dict[str, list[str]]


# --- Tags -------------------------------------------------------------------------------------


def _clean_tag_name(name: str, tag: Tag | None) -> str:
    # Same normalisation as tickets.services.add_tag, so agents' tags and these match.
    name = name.strip().lower()
    if not name:
        raise ValidationError({"name": "A tag needs a name."})
    if len(name) > 50:
        raise ValidationError({"name": "Keep tag names to 50 characters or fewer."})
    clash = Tag.objects.filter(name=name)
    if tag is not None:
        clash = clash.exclude(pk=tag.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a tag called {name}."})
    return name


@transaction.atomic
def create_tag(*, name: str) -> Tag:
    """Add a tag to the desk's list before any ticket uses it."""
    return Tag.objects.create(name=_clean_tag_name(name, None))


@transaction.atomic
def rename_tag(*, tag: Tag, name: str) -> Tag:
    """Rename a tag everywhere at once; tickets keep it under the new name."""
    tag.name = _clean_tag_name(name, tag)
    tag.save(update_fields=["name"])
    return tag


@transaction.atomic
def delete_tag(*, tag: Tag, agent: User | None) -> int:
    """Delete a tag, taking it off every ticket. Returns how many tickets carried it."""
    ticket_ids = list(tag.tickets.values_list("pk", flat=True))
    TicketEvent.objects.bulk_create(
        [
            TicketEvent(
                ticket_id=pk,
                kind=EventKind.TAG_REMOVED,
                actor_agent=agent,
                field="tags",
                old_value=tag.name,
            )
            for pk in ticket_ids
        ],
        batch_size=500,
    )
    tag.delete()
    return len(ticket_ids)


# --- Custom fields ----------------------------------------------------------------------------


def _check_field(
    *, label: str, field_type: str, choices: Iterable[str], position: int, errors: Errors
) -> tuple[str, list[str]]:
    label = " ".join(label.split())
    if not label:
        errors["label"] = ["A field needs a label."]
    elif len(label) > 80:
        errors["label"] = ["Keep the label to 80 characters or fewer."]
    if field_type not in FieldType.values:
        errors["field_type"] = [f"Unknown field type {field_type!r}."]
    if position < 0:
        errors["position"] = ["Position cannot be negative."]
    options: list[str] = []
    for choice in choices:
        choice = choice.strip()
        if choice and choice not in options:
            options.append(choice)
    if field_type == FieldType.CHOICE and not options:
        errors["choices"] = ["A choice field needs at least one option."]
    # Other types ignore options; dropping them keeps a stale list from resurfacing later.
    return label, options if field_type == FieldType.CHOICE else []


@transaction.atomic
def create_custom_field(
    *,
    key: str,
    label: str,
    field_type: str = FieldType.TEXT,
    choices: Iterable[str] = (),
    visible_to_customer: bool = False,
    position: int = 0,
) -> CustomField:
    """Define a new ticket field. Its key names the value in Ticket.custom_fields for good."""
    errors: Errors = {}
    key = key.strip().lower()
    if not key:
        errors["key"] = ["A field needs a key."]
    elif len(key) > 40:
        errors["key"] = ["Keep the key to 40 characters or fewer."]
    else:
        try:
            validate_slug(key)
        except ValidationError as error:
            errors["key"] = list(error.messages)
        if CustomField.objects.filter(key=key).exists():
            errors.setdefault("key", []).append("Another field already uses this key.")
    label, options = _check_field(
        label=label, field_type=field_type, choices=choices, position=position, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    return CustomField.objects.create(
        key=key,
        label=label,
        field_type=field_type,
        choices=options,
        visible_to_customer=visible_to_customer,
        position=position,
    )


@transaction.atomic
def update_custom_field(
    *,
    field: CustomField,
    label: str,
    field_type: str,
    choices: Iterable[str],
    visible_to_customer: bool,
    position: int,
) -> CustomField:
    """Change everything about a field except its key, which stored values depend on."""
    errors: Errors = {}
    label, options = _check_field(
        label=label, field_type=field_type, choices=choices, position=position, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    field.label = label
    field.field_type = field_type
    field.choices = options
    field.visible_to_customer = visible_to_customer
    field.position = position
    field.save(update_fields=["label", "field_type", "choices", "visible_to_customer", "position"])
    return field


@transaction.atomic
def delete_custom_field(*, field: CustomField) -> None:
    """Remove a field from forms and pages.

    Values already stored on tickets stay in their JSON, untouched: deleting a
    definition should not rewrite ticket history.
    """
    field.delete()


# --- Status display names ---------------------------------------------------------------------


@transaction.atomic
def set_status_labels(*, labels: Mapping[str, str]) -> None:
    """Give statuses the desk's own display names; a blank name restores the default.

    Statuses missing from `labels` keep their current names. Two statuses may
    not end up with the same name, or agents could not tell them apart.
    """
    errors: Errors = {}
    for status in labels:
        if status not in Status.values:
            errors[status] = [f"Unknown status {status!r}."]
    if errors:
        raise ValidationError(errors)
    current = dict(StatusLabel.objects.select_for_update().values_list("status", "label"))
    wanted: dict[str, str] = {}
    for status in Status:
        name = " ".join(labels.get(status.value, current.get(status.value, "")).split())
        if len(name) > 40:
            errors[status.value] = ["Keep the name to 40 characters or fewer."]
        wanted[status.value] = name or status.label
    by_name: dict[str, list[Status]] = {}
    for status in Status:
        by_name.setdefault(wanted[status.value].casefold(), []).append(status)
    for group in by_name.values():
        # Blame the renamed status, not the one that merely kept its usual name.
        for status in group:
            if len(group) > 1 and wanted[status.value] != status.label:
                others = ", ".join(o.label for o in group if o is not status)
                errors.setdefault(status.value, []).append(
                    f"{others} already shows as {wanted[status.value]}."
                )
    if errors:
        raise ValidationError(errors)
    for status in Status:
        if wanted[status.value] == status.label:
            # The default needs no row; keeping none means renaming defaults later just works.
            StatusLabel.objects.filter(status=status.value).delete()
        elif wanted[status.value] != current.get(status.value):
            StatusLabel.objects.update_or_create(
                status=status.value, defaults={"label": wanted[status.value]}
            )


def set_status_label(*, status: str, label: str) -> None:
    """Rename one status; a blank label restores its default name."""
    set_status_labels(labels={status: label})
