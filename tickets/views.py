"""Agent pages for tickets: the inbox, the ticket page and one view per action on a ticket."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import get_ticket_for_agent, require_agent, tickets_for_agent
from customers.services import find_or_create_customer
from goodwill.forms import apply_service_errors
from goodwill.lib.http import AgentRequest
from tickets import services
from tickets.forms import (
    BulkForm,
    CallForm,
    NewTicketForm,
    NoteForm,
    PropertiesForm,
    ReplyForm,
    TicketNumberForm,
)
from tickets.inbox import SAVED_VIEWS, InboxFilterForm, inbox_page
from tickets.models import (
    Attachment,
    Message,
    MessageKind,
    PresenceAction,
    StatusLabel,
    Ticket,
    TicketLink,
    TicketPresence,
)

View = Callable[..., HttpResponseBase]


def agent_required(view: View) -> View:
    """Signed-in desk agents only; anyone else is sent to log in or refused."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require_agent(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _apply_errors(request: AgentRequest, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for text in errors:
            messages.error(request, f"{field}: {text}" if field != "__all__" else text)


def _to_ticket(ticket: Ticket, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("tickets:detail", args=[ticket.number]) + anchor)


# --- Inbox --------------------------------------------------------------------------------------


@agent_required
def inbox(request: AgentRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = inbox_page(tickets_for_agent(request.user), request.user, data)
    params = request.GET.copy()
    params.pop("after", None)
    context = {
        "form": form,
        "page": page,
        "saved_views": SAVED_VIEWS,
        "base_query": params.urlencode(),
        "status_labels": StatusLabel.objects.as_dict(),
        "bulk_form": BulkForm(),
    }
    template = "tickets/_inbox_rows.html" if request.htmx else "tickets/inbox.html"
    return render(request, template, context)


@agent_required
@require_POST
def bulk_update(request: AgentRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(map(str, errors))}")
        return HttpResponseRedirect(reverse("tickets:inbox"))
    data = form.cleaned_data
    tickets = tickets_for_agent(request.user).filter(number__in=data["tickets"])
    changed = 0
    with transaction.atomic():
        for ticket in tickets:
            try:
                if data["action"] == "assign":
                    services.assign_ticket(
                        ticket=ticket, assignee=data["assignee"], agent=request.user
                    )
                elif data["action"] == "status":
                    services.change_status(ticket=ticket, status=data["status"], agent=request.user)
                else:
                    services.add_tag(ticket=ticket, name=data["tag"], agent=request.user)
                changed += 1
            except ValidationError as error:
                messages.warning(request, f"#{ticket.number}: {' '.join(error.messages)}")
    messages.success(request, f"Updated {changed} ticket{'s' if changed != 1 else ''}.")
    return HttpResponseRedirect(request.POST.get("next") or reverse("tickets:inbox"))


# --- Opening a ticket on a customer's behalf ----------------------------------------------------


@agent_required
def new_ticket(request: AgentRequest) -> HttpResponse:
    form = NewTicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                customer = find_or_create_customer(email=data["email"], name=data["name"])
                ticket = services.open_ticket(
                    requester=customer,
                    subject=data["subject"],
                    body_text=data["body"],
                    channel=data["channel"],
                    type=data["type"],
                    priority=data["priority"],
                    team=data["team"],
                    agent=request.user,
                    attachments=data["attachments"],
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Ticket #{ticket.number} opened for {customer.name}.")
            return _to_ticket(ticket)
    return render(request, "tickets/new.html", {"form": form})


# --- The ticket page ----------------------------------------------------------------------------


def _timeline(ticket: Ticket) -> list[tuple[str, Any]]:
    """Messages and events in one list, oldest first; message events are shown as the message."""
    from intake.models import InboundEmail
    from notifications.models import OutboundEmail

    msgs = list(
        ticket.messages.select_related("author_agent", "author_customer").prefetch_related(
            "attachments",
            # Only the ids: the raw bytes stay in the database until someone asks for them.
            Prefetch("inbound", queryset=InboundEmail.objects.only("id", "message_id")),
            Prefetch(
                "outbound_emails",
                queryset=OutboundEmail.objects.only(
                    "id", "message_id", "kind", "status", "to", "cc", "last_error", "attempts"
                ),
            ),
        )
    )
    events = [
        e
        for e in ticket.events.select_related("actor_agent", "actor_customer")
        if e.message_id is None
    ]
    items: list[tuple[Any, int, str, Any]] = [(m.created_at, 0, "message", m) for m in msgs]
    items += [(e.created_at, 1, "event", e) for e in events]
    items.sort(key=lambda item: (item[0], item[1]))
    return [(kind, obj) for _, _, kind, obj in items]


def _others_here(ticket: Ticket, user: Any) -> list[TicketPresence]:
    cutoff = timezone.now() - timedelta(seconds=45)
    return list(
        TicketPresence.objects.filter(ticket=ticket, seen_at__gte=cutoff)
        .exclude(user=user)
        .select_related("user")
    )


@agent_required
def ticket_detail(request: AgentRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_agent(request.user, number, for_page=True)
    services.mark_read(ticket=ticket, user=request.user)
    # Presence is recorded by the page's heartbeat, which fires as soon as it loads.
    requester = ticket.requester
    history = (
        tickets_for_agent(request.user)
        .filter(requester=requester)
        .exclude(pk=ticket.pk)
        .order_by("-created_at")[:15]
    )
    links = TicketLink.objects.filter(Q(source=ticket) | Q(target=ticket)).select_related(
        "source", "target"
    )
    properties = PropertiesForm(
        initial={
            "status": ticket.status,
            "priority": ticket.priority,
            "type": ticket.type,
            "team": ticket.team_id,
            "assignee": ticket.assignee_id,
            "tags": ", ".join(t.name for t in ticket.tags.all()),
            "promised_by": timezone.localtime(ticket.promised_by) if ticket.promised_by else None,
        }
    )
    context = {
        "ticket": ticket,
        "timeline": _timeline(ticket),
        "requester": requester,
        "identities": list(requester.identities.all()),  # prefetched
        "history": list(history),
        "history_count": tickets_for_agent(request.user).filter(requester=requester).count(),
        "links": [
            (link, link.target if link.source_id == ticket.pk else link.source) for link in links
        ],
        # Distinct id prefixes: the three composer forms share one page.
        "reply_form": ReplyForm(auto_id="reply_%s"),
        "note_form": NoteForm(auto_id="note_%s"),
        "call_form": CallForm(auto_id="call_%s"),
        "properties_form": properties,
        "others": _others_here(ticket, request.user),
        "status_labels": StatusLabel.objects.as_dict(),
        "ccs": list(ticket.ccs.all()),
    }
    return render(request, "tickets/detail.html", context)


@agent_required
@require_POST
def presence(request: AgentRequest, number: int) -> HttpResponse:
    """Heartbeat from an open ticket page; answers with who else is there."""
    ticket = get_ticket_for_agent(request.user, number)
    action = request.POST.get("action", PresenceAction.VIEWING)
    if action not in PresenceAction.values:
        action = PresenceAction.VIEWING
    services.note_presence(ticket=ticket, user=request.user, action=action)
    return render(request, "tickets/_presence.html", {"others": _others_here(ticket, request.user)})


def _form_errors(request: AgentRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in errors:
            messages.error(request, f"{label or field}: {text}")


@agent_required
@require_POST
def reply(request: AgentRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_agent(request.user, number)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_ticket(ticket, "#composer")
    try:
        message = services.reply_to_ticket(
            ticket=ticket,
            agent=request.user,
            body_text=form.cleaned_data["body"],
            attachments=form.cleaned_data["attachments"],
            status=form.cleaned_data["status"] or None,
            handle_time_s=form.cleaned_data["handle_time_s"],
        )
    except ValidationError as error:
        _apply_errors(request, error)
        return _to_ticket(ticket, "#composer")
    messages.success(request, f"Reply sent to {ticket.requester.name}.")
    return _to_ticket(ticket, f"#m{message.pk}")


@agent_required
@require_POST
def note(request: AgentRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_agent(request.user, number)
    form = NoteForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_ticket(ticket, "#composer")
    message = services.add_note(
        ticket=ticket,
        agent=request.user,
        body_text=form.cleaned_data["body"],
        attachments=form.cleaned_data["attachments"],
    )
    messages.success(request, "Internal note added.")
    return _to_ticket(ticket, f"#m{message.pk}")


def _seconds(minutes: Decimal | None) -> int:
    return int((minutes or Decimal(0)) * 60)


@agent_required
@require_POST
def log_call(request: AgentRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_agent(request.user, number)
    form = CallForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_ticket(ticket, "#composer")
    try:
        message = services.log_call(
            ticket=ticket,
            agent=request.user,
            direction=form.cleaned_data["direction"],
            duration_s=_seconds(form.cleaned_data["duration_min"]),
            hold_s=_seconds(form.cleaned_data["hold_min"]),
            summary=form.cleaned_data["summary"],
        )
    except ValidationError as error:
        _apply_errors(request, error)
        return _to_ticket(ticket, "#composer")
    messages.success(request, "Call logged.")
    return _to_ticket(ticket, f"#m{message.pk}")


@agent_required
@require_POST
def update_properties(request: AgentRequest, number: int) -> HttpResponse:
    ticket = get_ticket_for_agent(request.user, number)
    form = PropertiesForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_ticket(ticket)
    data = form.cleaned_data
    user = request.user
    try:
        with transaction.atomic():
            services.set_priority(ticket=ticket, priority=data["priority"], agent=user)
            services.set_type(ticket=ticket, type=data["type"], agent=user)
            services.set_team(ticket=ticket, team=data["team"], agent=user)
            services.assign_ticket(ticket=ticket, assignee=data["assignee"], agent=user)
            services.set_tags(ticket=ticket, names=data["tags"].split(","), agent=user)
            services.set_promise(ticket=ticket, promised_by=data["promised_by"], agent=user)
            services.change_status(ticket=ticket, status=data["status"], agent=user)
    except ValidationError as error:
        _apply_errors(request, error)
    else:
        messages.success(request, "Ticket updated.")
    return _to_ticket(ticket)


def _ticket_pair(request: AgentRequest, number: int) -> tuple[Ticket, Ticket | None]:
    """This ticket and the one whose number was posted, both fetched through the access check."""
    source = get_ticket_for_agent(request.user, number)
    form = TicketNumberForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return source, None
    return source, get_ticket_for_agent(request.user, form.cleaned_data["number"])


@agent_required
@require_POST
def merge(request: AgentRequest, number: int) -> HttpResponse:
    source, target = _ticket_pair(request, number)
    if target is None:
        return _to_ticket(source)
    try:
        services.merge_tickets(source=source, target=target, agent=request.user)
    except ValidationError as error:
        _apply_errors(request, error)
        return _to_ticket(source)
    messages.success(request, f"#{source.number} was merged into this ticket.")
    return _to_ticket(target)


@agent_required
@require_POST
def link(request: AgentRequest, number: int) -> HttpResponse:
    source, target = _ticket_pair(request, number)
    if target is None:
        return _to_ticket(source)
    try:
        services.link_tickets(source=source, target=target, agent=request.user)
    except ValidationError as error:
        _apply_errors(request, error)
    else:
        messages.success(request, f"Linked to #{target.number}.")
    return _to_ticket(source)


@agent_required
@require_POST
def split(request: AgentRequest, number: int, message_id: int) -> HttpResponse:
    ticket = get_ticket_for_agent(request.user, number)
    message = get_object_or_404(Message, pk=message_id, ticket=ticket, kind=MessageKind.CUSTOMER)
    try:
        new = services.split_message(message=message, agent=request.user)
    except ValidationError as error:
        _apply_errors(request, error)
        return _to_ticket(ticket)
    messages.success(request, f"The message now lives in its own ticket #{new.number}.")
    return _to_ticket(new)


@agent_required
def attachment(request: AgentRequest, pk: int) -> FileResponse:
    """Download an attachment; the ticket it belongs to decides who may see it."""
    item = get_object_or_404(Attachment.objects.select_related("message__ticket"), pk=pk)
    get_ticket_for_agent(request.user, item.message.ticket.number)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)
