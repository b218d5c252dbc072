"""Desk settings pages for supervisors: tags, custom fields and status names."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import require_supervisor
from accounts.settings_views import supervisor_required
from goodwill.forms import apply_service_errors
from tickets import settings_services as services
from tickets.models import CustomField, StatusLabel, Tag
from tickets.settings_forms import CustomFieldEditForm, CustomFieldForm, StatusLabelsForm, TagForm

# --- Tags -------------------------------------------------------------------------------------


def _tag_list_page(request: HttpRequest, form: TagForm) -> HttpResponse:
    # One query for every tag and its count, however many tags there are.
    tags = Tag.objects.annotate(ticket_count=Count("tickets")).order_by("name")
    return render(request, "tickets/settings/tags.html", {"tags": tags, "form": form})


@supervisor_required
def tag_list(request: HttpRequest) -> HttpResponse:
    return _tag_list_page(request, TagForm())


@supervisor_required
@require_POST
def tag_create(request: HttpRequest) -> HttpResponse:
    form = TagForm(request.POST)
    if form.is_valid():
        try:
            tag = services.create_tag(name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Tag {tag.name} added.")
            return HttpResponseRedirect(reverse("desk_settings:tags"))
    return _tag_list_page(request, form)


@supervisor_required
def tag_rename(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    old_name = tag.name
    form = TagForm(request.POST or None, initial={"name": tag.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_tag(tag=tag, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Tag {old_name} is now {tag.name}.")
            return HttpResponseRedirect(reverse("desk_settings:tags"))
    return render(request, "tickets/settings/tag_rename.html", {"form": form, "tag": tag})


@supervisor_required
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    tag = get_object_or_404(Tag.objects.annotate(ticket_count=Count("tickets")), pk=pk)
    if request.method == "POST":
        agent = require_supervisor(request.user).user
        count = services.delete_tag(tag=tag, agent=agent)
        messages.success(request, f"Tag {tag.name} deleted and taken off {count} tickets.")
        return HttpResponseRedirect(reverse("desk_settings:tags"))
    return render(request, "tickets/settings/tag_delete.html", {"tag": tag})


# --- Custom fields ----------------------------------------------------------------------------


@supervisor_required
def field_list(request: HttpRequest) -> HttpResponse:
    fields = CustomField.objects.order_by("position", "label")
    return render(request, "tickets/settings/fields.html", {"fields": fields})


@supervisor_required
def field_create(request: HttpRequest) -> HttpResponse:
    form = CustomFieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            field = services.create_custom_field(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Field {field.label} added.")
            return HttpResponseRedirect(reverse("desk_settings:fields"))
    return render(request, "tickets/settings/field_form.html", {"form": form, "field": None})


@supervisor_required
def field_edit(request: HttpRequest, pk: int) -> HttpResponse:
    field = get_object_or_404(CustomField, pk=pk)
    initial = {
        "label": field.label,
        "field_type": field.field_type,
        "choices": field.choices,
        "visible_to_customer": field.visible_to_customer,
        "position": field.position,
    }
    form = CustomFieldEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_custom_field(field=field, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Field {field.label} saved.")
            return HttpResponseRedirect(reverse("desk_settings:fields"))
    return render(request, "tickets/settings/field_form.html", {"form": form, "field": field})


@supervisor_required
def field_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    field = get_object_or_404(CustomField, pk=pk)
    if request.method == "POST":
        services.delete_custom_field(field=field)
        messages.success(request, f"Field {field.label} deleted.")
        return HttpResponseRedirect(reverse("desk_settings:fields"))
    return render(request, "tickets/settings/field_delete.html", {"field": field})


# --- Status names -----------------------------------------------------------------------------


@supervisor_required
def status_labels(request: HttpRequest) -> HttpResponse:
    current = StatusLabel.objects.as_dict()
    form = StatusLabelsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_status_labels(labels=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Status names saved.")
            return HttpResponseRedirect(reverse("desk_settings:statuses"))
    return render(request, "tickets/settings/statuses.html", {"form": form})
