"""Inbound-mail webhook, and the supervisors' list of mail that needs attention."""

from __future__ import annotations

import base64
import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import get_ticket_for_agent, require_supervisor
from goodwill.api import error as api_error
from goodwill.forms import apply_service_errors
from goodwill.lib.http import AgentRequest
from intake.forms import MailboxForm
from intake.imap import poll_mailbox
from intake.models import InboundEmail, InboundStatus, Mailbox
from intake.parse import parse_email
from intake.services import receive_email, retry_inbound, save_mailbox
from tickets.views import agent_required

MAX_RAW_BYTES = 40 * 1024 * 1024


def _given_secret(request: HttpRequest) -> str:
    """The X-Goodwill-Secret header, else the password of HTTP Basic auth: providers that
    cannot add headers (SendGrid, Mailgun, Postmark) can all post to
    https://any-name:<secret>@desk.example/intake/inbound/<mailbox>/."""
    header = request.headers.get("X-Goodwill-Secret", "")
    if header:
        return header
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[2]


# Form fields that carry the whole raw message: SendGrid Inbound Parse with "send raw"
# (`email`), Mailgun routes whose URL ends in "mime" (`body-mime`).
RAW_FIELDS = ("email", "body-mime")


def _raw_message(request: HttpRequest) -> bytes | None:
    """The raw message wherever the sender put it; None when a form carries none."""
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name in RAW_FIELDS:
            upload = request.FILES.get(name)
            if upload is not None:
                return upload.read(MAX_RAW_BYTES + 1)
            if name in request.POST:
                return request.POST[name].encode("utf-8", "surrogateescape")
        return None
    # Read the stream ourselves: request.body would stop at DATA_UPLOAD_MAX_MEMORY_SIZE,
    # and mail with attachments is often bigger than a form post.
    body = request.read(MAX_RAW_BYTES + 1)
    if request.content_type == "application/json":
        # Postmark's inbound JSON carries the original as RawEmail when that is switched
        # on. Other JSON is stored as it came, and rejected with the reason.
        try:
            data = json.loads(body)
        except ValueError:
            return body
        if isinstance(data, dict) and isinstance(data.get("RawEmail"), str):
            return data["RawEmail"].encode("utf-8", "surrogateescape")
    return body


@csrf_exempt  # machines post here; the shared secret is the protection
@require_POST
def inbound_webhook(request: HttpRequest, mailbox: str) -> HttpResponse:
    """Take one raw message: the request body (message/rfc822), a form field (`email`,
    `body-mime`) or Postmark's JSON `RawEmail`. Authenticated by the shared secret."""
    secret = settings.GOODWILL_INBOUND_SECRET
    if not secret:
        raise Http404("Inbound webhook is not configured.")
    if not hmac.compare_digest(_given_secret(request).encode(), secret.encode()):
        return api_error(request, 403, "forbidden", "Bad secret.")
    box = get_object_or_404(Mailbox, address__iexact=mailbox, active=True)
    try:
        raw = _raw_message(request)
    except RequestDataTooBig:
        return api_error(request, 413, "too_large", "Message too large.")
    if raw is None:
        return api_error(
            request,
            400,
            "no_message",
            "Post the raw message as the body, or in an 'email' or 'body-mime' form field.",
        )
    if len(raw) > MAX_RAW_BYTES:
        return api_error(request, 413, "too_large", "Message too large.")
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
