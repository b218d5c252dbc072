"""The supervisors' outbox: outgoing email that is stuck, failed or held back, and Send again."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import require_supervisor
from goodwill.lib.http import AgentRequest
from notifications.models import OutboundEmail, OutboundEmailQuerySet, OutboundKind, OutboundStatus
from notifications.services import resend_outbound
from tickets.views import agent_required

LIST_LIMIT = 200
# A queued email the worker has not sent by now is stuck: no worker, or a slow retry.
STUCK_AFTER = timedelta(minutes=10)
ATTENTION = "attention"
ANY = "all"


def _filters(params: QueryDict) -> tuple[str, str]:
    """(status, kind) from the query or form; unknown values fall back to the defaults."""
    status = params.get("status", ATTENTION)
    if status not in (ATTENTION, ANY, *OutboundStatus.values):
        status = ATTENTION
    kind = params.get("kind", "")
    return status, kind if kind in OutboundKind.values else ""


def _filtered(status: str, kind: str, *, stuck_before: datetime) -> OutboundEmailQuerySet:
    qs = OutboundEmail.objects.select_related("ticket").order_by("-created_at", "-id")
    if status == ATTENTION:
        stuck = Q(status=OutboundStatus.QUEUED, created_at__lt=stuck_before)
        qs = qs.filter(stuck | Q(status__in=[OutboundStatus.FAILED, OutboundStatus.SUPPRESSED]))
    elif status != ANY:
        qs = qs.filter(status=status)
    return qs.filter(kind=kind) if kind else qs


def _outbox_url(status: str, kind: str) -> str:
    query = {"status": status, **({"kind": kind} if kind else {})}
    return f"{reverse('notifications:outbox')}?{urlencode(query)}"


@agent_required
def outbox(request: AgentRequest) -> HttpResponse:
    require_supervisor(request.user)
    status, kind = _filters(request.GET)
    stuck_before = timezone.now() - STUCK_AFTER
    rows = list(_filtered(status, kind, stuck_before=stuck_before)[:LIST_LIMIT])
    return render(
        request,
        "notifications/outbox.html",
        {
            "rows": rows,
            "status": status,
            "kind": kind,
            "statuses": OutboundStatus.choices,
            "kinds": OutboundKind.choices,
            "limit_reached": len(rows) == LIST_LIMIT,
            "list_limit": LIST_LIMIT,
            "stuck_before": stuck_before,
            "stuck_minutes": int(STUCK_AFTER.total_seconds() // 60),
        },
    )


@agent_required
@require_POST
def resend(request: AgentRequest, pk: int) -> HttpResponse:
    require_supervisor(request.user)
    outbound = get_object_or_404(OutboundEmail, pk=pk)
    to = ", ".join(outbound.to) or "(no address)"
    if resend_outbound(outbound=outbound, agent=request.user):
        messages.success(request, f"Queued again for {to}; the worker sends it shortly.")
    else:
        messages.warning(
            request,
            f"The email to {to} is {outbound.get_status_display().lower()}, "
            "so it was not queued again.",
        )
    return HttpResponseRedirect(_outbox_url(*_filters(request.POST)))
