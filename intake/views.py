"""Inbound-mail webhook, and the supervisors' list of mail that needs attention."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import get_ticket_for_agent, require_supervisor
from goodwill.forms import apply_service_errors
from goodwill.lib.http import AgentRequest
from intake.forms import MailboxForm
from intake.imap import poll_mailbox
from intake.models import InboundEmail, InboundStatus, Mailbox
from intake.parse import parse_email
from intake.services import receive_email, retry_inbound, save_mailbox
from tickets.views import agent_required

MAX_RAW_BYTES = 40 * 1024 * 1024


@csrf_exempt  # machines post here; the shared secret is the protection
@require_POST
def inbound_webhook(request: HttpRequest, mailbox: str) -> HttpResponse:
    """Raw message as the body (message/rfc822) or as an `email` form field (inbound-parse)."""
    secret = settings.GOODWILL_INBOUND_SECRET
    if not secret:
        raise Http404("Inbound webhook is not configured.")
    given = request.headers.get("X-Goodwill-Secret", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse(
            {"error": {"code": "forbidden", "message": "Bad secret.", "fields": {}}}, status=403
        )
    box = get_object_or_404(Mailbox, address__iexact=mailbox, active=True)
    upload = request.FILES.get("email")
    if upload is not None:
        raw = upload.read(MAX_RAW_BYTES + 1)
    elif "email" in request.POST:
        raw = request.POST["email"].encode("utf-8", "surrogateescape")
    else:
        raw = request.body
    if len(raw) > MAX_RAW_BYTES:
        return JsonResponse(
            {"error": {"code": "too_large", "message": "Message too large.", "fields": {}}},
            status=413,
        )
    inbound = receive_email(raw, mailbox=box, transport="webhook")
    return JsonResponse(
        {
            "id": inbound.pk,
            "status": inbound.status,
            "reason": inbound.reason,
            "ticket": inbound.ticket.number if inbound.ticket else None,
        },
        status=202,
    )


@agent_required
def inbound_list(request: AgentRequest) -> HttpResponse:
    require_supervisor(request.user)
    status = request.GET.get("status", "attention")
    qs = InboundEmail.objects.select_related("mailbox", "ticket").defer("raw")
    qs = qs.needs_attention() if status == "attention" else qs.filter(status=status)
    return render(
        request,
        "intake/list.html",
        {
            "rows": list(qs[:200]),
            "status": status,
            "statuses": InboundStatus.choices,
        },
    )


@agent_required
@require_POST
def inbound_retry(request: AgentRequest, pk: int) -> HttpResponse:
    require_supervisor(request.user)
    inbound = get_object_or_404(InboundEmail, pk=pk)
    inbound = retry_inbound(inbound=inbound)
    if inbound.status == InboundStatus.PROCESSED:
        messages.success(
            request, f"Processed: ticket #{inbound.ticket.number if inbound.ticket else '?'}."
        )
    else:
        messages.warning(request, f"Still {inbound.get_status_display().lower()}: {inbound.reason}")
    return HttpResponseRedirect(reverse("intake:list"))


@agent_required
def original(request: AgentRequest, number: int, pk: int) -> HttpResponse:
    """The full email as it arrived (quoted history, signature and headers included)."""
    ticket = get_ticket_for_agent(request.user, number)
    inbound = get_object_or_404(InboundEmail, pk=pk, ticket=ticket)
    parsed = parse_email(bytes(inbound.raw))
    return render(
        request, "intake/original.html", {"ticket": ticket, "inbound": inbound, "parsed": parsed}
    )


@agent_required
def mailbox_list(request: AgentRequest) -> HttpResponse:
    require_supervisor(request.user)
    boxes = Mailbox.objects.select_related("team").order_by("name")
    return render(request, "intake/mailboxes.html", {"mailboxes": boxes})


@agent_required
def mailbox_edit(request: AgentRequest, pk: int | None = None) -> HttpResponse:
    require_supervisor(request.user)
    mailbox = get_object_or_404(Mailbox, pk=pk) if pk else None
    form = MailboxForm(request.POST or None, instance=mailbox)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_mailbox(mailbox=mailbox, data=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return HttpResponseRedirect(reverse("intake:mailboxes"))
    return render(request, "intake/mailbox_form.html", {"form": form, "mailbox": mailbox})


@agent_required
@require_POST
def mailbox_poll(request: AgentRequest, pk: int) -> HttpResponse:
    """Fetch new mail now instead of waiting for the next scheduled poll."""
    require_supervisor(request.user)
    mailbox = get_object_or_404(Mailbox, pk=pk)
    if not mailbox.imap_host:
        messages.warning(request, f"{mailbox.name} has no IMAP server to poll.")
    else:
        result = poll_mailbox(mailbox)
        if result.error:
            messages.error(request, result.error)
        else:
            messages.success(request, f"{mailbox.name}: {result.processed} new message(s).")
    return HttpResponseRedirect(reverse("intake:mailboxes"))
