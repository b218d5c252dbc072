"""The customer portal: a public request form and a signed-in view of one's own tickets."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from customers.services import (
    find_customer_by_email,
    find_or_create_customer,
    set_portal_password,
)
from goodwill.forms import apply_service_errors
from goodwill.lib.http import CustomerRequest
from portal import services
from portal.access import SESSION_KEY, current_customer, customer_required, get_ticket_for_customer
from portal.forms import LoginForm, PortalReplyForm, RequestForm, SetPasswordForm
from tickets import services as ticket_services
from tickets.models import Attachment, Channel, MessageKind, Status, Ticket

log = logging.getLogger(__name__)


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _sign_in(request: HttpRequest, customer_pk: int) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = customer_pk


def home(request: HttpRequest) -> HttpResponse:
    customer = current_customer(request)
    if customer is None:
        return render(request, "portal/landing.html")
    tickets = (
        Ticket.objects.for_customer_portal(customer)
        .select_related("requester")
        .order_by("-updated_at")[:100]
    )
    return render(request, "portal/home.html", {"customer": customer, "tickets": list(tickets)})


def new_request(request: HttpRequest) -> HttpResponse:
    customer = current_customer(request)
    form = RequestForm(request.POST or None, request.FILES or None, signed_in=customer is not None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "portal/new.html", {"form": form, "customer": customer})
    data = form.cleaned_data
    if data["website"]:
        # A bot filled the hidden field: answer as if all went well, store nothing.
        log.info("Portal honeypot caught a submission from %s", _client_ip(request))
        return render(request, "portal/thanks.html", {"number": None})
    allowed = services.hit_throttle(
        key=f"portal-request:{_client_ip(request)}",
        limit=settings.GOODWILL_PORTAL_RATE_LIMIT,
        window=timedelta(hours=1),
    )
    if not allowed:
        form.add_error(
            None,
            "We have received many requests from your network in the last hour. "
            "Please wait a little before sending another one.",
        )
        return render(request, "portal/new.html", {"form": form, "customer": customer}, status=429)
    try:
        with transaction.atomic():
            requester = customer or find_or_create_customer(email=data["email"], name=data["name"])
            ticket = ticket_services.open_ticket(
                requester=requester,
                subject=data["subject"],
                body_text=data["message"],
                channel=Channel.PORTAL if customer else Channel.WEB,
                attachments=data["attachments"],
            )
    except ValidationError as error:
        apply_service_errors(form, error)
        return render(request, "portal/new.html", {"form": form, "customer": customer})
    if customer is not None:
        messages.success(request, f"Thank you. Your request is #{ticket.number}.")
        return HttpResponseRedirect(reverse("portal:ticket", args=[ticket.number]))
    return render(request, "portal/thanks.html", {"number": ticket.number, "email": data["email"]})


def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        allowed = services.hit_throttle(
            key=f"portal-login:{_client_ip(request)}", limit=20, window=timedelta(minutes=15)
        )
        if not allowed:
            form.add_error(None, "Too many sign-in attempts. Please try again in a few minutes.")
            return render(request, "portal/login.html", {"form": form}, status=429)
        customer = find_customer_by_email(email)
        password = form.cleaned_data["password"]
        if password:
            if customer is not None and customer.check_password(password):
                services.record_login(customer=customer)
                _sign_in(request, customer.pk)
                return HttpResponseRedirect(_safe_next(request, reverse("portal:home")))
            form.add_error("password", "That email and password do not match.")
            return render(request, "portal/login.html", {"form": form})
        if customer is not None:
            services.send_login_link(customer=customer, email=email)
        # The same answer either way, so the form does not reveal who is a customer.
        return render(request, "portal/link_sent.html", {"email": email})
    return render(request, "portal/login.html", {"form": form})


def magic(request: HttpRequest, token: str) -> HttpResponse:
    customer = services.customer_from_login_token(token)
    if customer is None:
        return render(request, "portal/link_invalid.html", status=400)
    services.record_login(customer=customer)
    _sign_in(request, customer.pk)
    return HttpResponseRedirect(_safe_next(request, reverse("portal:home")))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return HttpResponseRedirect(reverse("portal:home"))


@customer_required
def ticket_detail(request: CustomerRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_customer(request.customer, number)
    conversation = (
        ticket.messages.filter(kind__in=[MessageKind.CUSTOMER, MessageKind.REPLY])
        .select_related("author_agent", "author_customer")
        .prefetch_related("attachments")
    )
    return render(
        request,
        "portal/ticket.html",
        {
            "ticket": ticket,
            "conversation": list(conversation),
            "form": PortalReplyForm(),
            "customer": request.customer,
        },
    )


@customer_required
@require_POST
def reply(request: CustomerRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_customer(request.customer, number)
    form = PortalReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(map(str, errors))}")
        return HttpResponseRedirect(reverse("portal:ticket", args=[ticket.number]))
    message = ticket_services.add_customer_message(
        ticket=ticket,
        customer=request.customer,
        body_text=form.cleaned_data["message"],
        channel=Channel.PORTAL,
        attachments=form.cleaned_data["attachments"],
    )
    if message.ticket_id != ticket.pk:
        messages.success(
            request, f"That request was closed, so we opened #{message.ticket.number} for you."
        )
    else:
        messages.success(request, "Thank you, your reply was added.")
    return HttpResponseRedirect(reverse("portal:ticket", args=[message.ticket.number]))


@customer_required
@require_POST
def mark_solved(request: CustomerRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_customer(request.customer, number)
    if ticket.is_open:
        ticket_services.change_status(
            ticket=ticket, status=Status.SOLVED, customer=request.customer
        )
        messages.success(request, "Marked as solved. Write again any time if it comes back.")
    return HttpResponseRedirect(reverse("portal:ticket", args=[ticket.number]))


@customer_required
def attachment(request: CustomerRequest, pk: int) -> FileResponse:
    item = Attachment.objects.select_related("message__ticket").filter(pk=pk).first()
    if item is None or not item.message.is_public:
        raise Http404("No such file.")
    get_ticket_for_customer(request.customer, item.message.ticket.number)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)


@customer_required
def set_password(request: CustomerRequest) -> HttpResponse:
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_portal_password(customer=request.customer, password=form.cleaned_data["password"])
        except ValidationError as error:
            for text in error.message_dict.get("password", error.messages):
                form.add_error("password", text)
        else:
            messages.success(request, "Password set. You can sign in with it, or by emailed link.")
            return HttpResponseRedirect(reverse("portal:home"))
    return render(request, "portal/password.html", {"form": form, "customer": request.customer})
