"""Agent pages for customers and organisations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import (
    customers_for_agent,
    get_customer_for_agent,
    get_organization_for_agent,
    require_supervisor,
    tickets_for_agent,
)
from customers import services
from customers.forms import (
    CustomerForm,
    CustomerSearchForm,
    IdentityForm,
    MergeCustomerForm,
    OrganizationForm,
)
from customers.models import Customer, Identity, Organization
from goodwill.forms import apply_service_errors
from goodwill.lib.http import AgentRequest
from tickets.models import StatusLabel
from tickets.views import agent_required

PAGE = 50


@agent_required
def customer_list(request: AgentRequest) -> HttpResponse:
    form = CustomerSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = customers_for_agent(request.user)
    if data.get("q"):
        qs = qs.search(data["q"])
    if data.get("lifecycle"):
        qs = qs.in_lifecycle(data["lifecycle"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("before"):
        qs = qs.filter(pk__lt=data["before"])
    rows = list(
        qs.select_related("organization")
        .prefetch_related(Prefetch("identities", queryset=Identity.objects.order_by("kind")))
        .order_by("-pk")[: PAGE + 1]
    )
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    params = request.GET.copy()
    params.pop("before", None)
    return render(
        request,
        "customers/list.html",
        {
            "form": form,
            "customers": rows,
            "base_query": params.urlencode(),
            "next_before": rows[-1].pk if more and rows else None,
        },
    )


@agent_required
def customer_detail(request: AgentRequest, pk: int) -> HttpResponse:
    customer = get_customer_for_agent(request.user, pk)
    tickets = (
        tickets_for_agent(request.user)
        .filter(requester=customer)
        .select_related("assignee", "team")
        .order_by("-created_at")
    )
    by_channel = tickets.order_by().values("channel").annotate(n=Count("id")).order_by("-n")
    return render(
        request,
        "customers/detail.html",
        {
            "customer": customer,
            "identities": list(customer.identities.all()),
            "tickets": list(tickets[:100]),
            "ticket_count": tickets.count(),
            "by_channel": list(by_channel),
            "status_labels": StatusLabel.objects.as_dict(),
            "identity_form": IdentityForm(),
            "merge_form": MergeCustomerForm(),
        },
    )


@agent_required
def customer_edit(request: AgentRequest, pk: int) -> HttpResponse:
    customer = get_customer_for_agent(request.user, pk)
    initial = {
        "name": customer.name,
        "organization": customer.organization_id,
        "kind": customer.kind,
        "last_purchase_at": customer.last_purchase_at,
        "notes": customer.notes,
    }
    form = CustomerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_customer(customer=customer, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Saved {customer.name}.")
            return HttpResponseRedirect(reverse("customers:detail", args=[customer.pk]))
    return render(request, "customers/edit.html", {"form": form, "customer": customer})


@agent_required
@require_POST
def add_identity(request: AgentRequest, pk: int) -> HttpResponse:
    customer = get_customer_for_agent(request.user, pk)
    form = IdentityForm(request.POST)
    if form.is_valid():
        try:
            services.add_identity(customer=customer, **form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, f"Address or number: {text}")
        else:
            messages.success(request, "Identity added.")
    else:
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label or field}: {' '.join(map(str, errors))}"
            )
    return HttpResponseRedirect(reverse("customers:detail", args=[customer.pk]))


@agent_required
@require_POST
def merge_customer(request: AgentRequest, pk: int) -> HttpResponse:
    """Merging rewrites history for every ticket involved, so supervisors do it."""
    require_supervisor(request.user)
    source = get_customer_for_agent(request.user, pk)
    form = MergeCustomerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Merge into customer number: enter a number.")
        return HttpResponseRedirect(reverse("customers:detail", args=[source.pk]))
    target = get_customer_for_agent(request.user, form.cleaned_data["target"])
    try:
        moved = services.merge_customers(source=source, target=target, agent=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return HttpResponseRedirect(reverse("customers:detail", args=[source.pk]))
    messages.success(request, f"Merged {source.name} into {target.name}; {moved} tickets moved.")
    return HttpResponseRedirect(reverse("customers:detail", args=[target.pk]))


@agent_required
def organization_list(request: AgentRequest) -> HttpResponse:
    orgs = Organization.objects.annotate(members=Count("customers", distinct=True)).order_by("name")
    return render(request, "customers/organizations.html", {"organizations": orgs})


@agent_required
def organization_detail(request: AgentRequest, pk: int) -> HttpResponse:
    org = get_organization_for_agent(request.user, pk)
    members = Customer.objects.active().filter(organization=org).order_by("name")[:200]
    tickets = (
        tickets_for_agent(request.user)
        .filter(organization=org)
        .select_related("requester", "assignee")
        .order_by("-created_at")[:100]
    )
    return render(
        request,
        "customers/organization.html",
        {
            "org": org,
            "members": list(members),
            "tickets": list(tickets),
            "status_labels": StatusLabel.objects.as_dict(),
        },
    )


@agent_required
def organization_edit(request: AgentRequest, pk: int | None = None) -> HttpResponse:
    org = get_organization_for_agent(request.user, pk) if pk else None
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.save_organization(organization=org, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Saved {org.name}.")
            return HttpResponseRedirect(reverse("customers:organization", args=[org.pk]))
    return render(request, "customers/organization_edit.html", {"form": form, "org": org})
