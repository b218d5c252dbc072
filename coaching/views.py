"""The reply coach endpoints behind the composer, the coaching index and the agent trend."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from accounts.access import get_ticket_for_agent, require_agent, require_supervisor
from coaching import coach
from coaching.forms import ApplyForm, LintForm
from coaching.lint import apply_suggestion
from coaching.models import JargonTerm
from goodwill.lib.http import AgentRequest
from tickets.models import Ticket
from tickets.views import agent_required

CHECK_LABELS = {
    "name": "Their name",
    "thanks": "Thanks",
    "apology": "Apology",
    "next_step": "Next step",
    "jargon": "Plain words",
    "shouting": "Tone",
    "length": "Length",
}


def _results_context(ticket: Ticket, text: str) -> dict[str, object]:
    terms = list(JargonTerm.objects.all())
    report = coach.lint_for_ticket(ticket, text, jargon=[t.term for t in terms])
    checks = [c for c in report.checks if c.passed is not None]
    used = {
        " ".join(report.text[start:end].split()).lower()
        for check in checks
        if check.id == "jargon" and not check.passed
        for start, end in check.spans
    }
    return {
        "ticket": ticket,
        "report": report,
        "segments": coach.preview_segments(report),
        "findings": coach.shown_findings(report, ticket),
        "checks": [(CHECK_LABELS.get(c.id, c.id), c) for c in checks],
        "jargon_hints": [t for t in terms if t.plain and " ".join(t.term.lower().split()) in used],
    }


@agent_required
@require_POST
def lint(request: AgentRequest) -> HttpResponse:
    """The coach's findings on a draft reply, as the partial shown under the reply box."""
    form = LintForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Send the ticket number and the text.")
    ticket = get_ticket_for_agent(request.user, form.cleaned_data["ticket"])
    context = _results_context(ticket, form.cleaned_data["text"])
    return render(request, "coaching/_coach_results.html", context)


@agent_required
@require_POST
def apply(request: AgentRequest) -> HttpResponse:
    """Apply one suggestion to the draft; answers with the new text and the new findings."""
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Send the ticket, the text and the finding.")
    data = form.cleaned_data
    ticket = get_ticket_for_agent(request.user, data["ticket"])
    report = coach.lint_for_ticket(ticket, data["text"])
    try:
        finding = coach.find_finding(report, data["rule"], data["start"], data["end"])
        suggestion = coach.fill_suggestion(finding.suggestions[data["suggestion"]], ticket)
    except (LookupError, IndexError):
        # The draft changed under the click: show the current findings instead.
        html = render_to_string(
            "coaching/_coach_results.html", _results_context(ticket, data["text"]), request
        )
        return JsonResponse({"text": report.text, "html": html}, status=409)
    text = apply_suggestion(report.text, finding, suggestion)
    html = render_to_string("coaching/_coach_results.html", _results_context(ticket, text), request)
    return JsonResponse({"text": text, "html": html})


@agent_required
def index(request: AgentRequest) -> HttpResponse:
    profile = require_agent(request.user)
    return render(request, "coaching/index.html", {"is_supervisor": profile.is_supervisor})


def _chart(trend: coach.AgentTrend) -> dict[str, object]:
    """Bar geometry for the trend's small SVG chart (the table carries the numbers)."""
    bar_width, gap, top, plot = 28, 12, 8, 120
    peak = max(trend.peak, 1.0)
    bars = []
    for index, week in enumerate(trend.weeks):
        height = round((week.rate or 0.0) / peak * plot, 1)
        x = gap + index * (bar_width + gap)
        bars.append(
            {
                "week": week,
                "x": x,
                "y": round(top + plot - height, 1),
                "height": height,
                "label_x": x + bar_width / 2,
            }
        )
    return {
        "bars": bars,
        "bar_width": bar_width,
        "width": gap + len(bars) * (bar_width + gap),
        "height": top + plot + 22,
        "label_y": top + plot + 16,
    }


def _trend_page(request: AgentRequest, agent: User) -> HttpResponse:
    profile = require_agent(request.user)
    agents = (
        list(
            User.objects.filter(agent__isnull=False, is_active=True).order_by(
                "first_name", "username"
            )
        )
        if profile.is_supervisor
        else []
    )
    trend = coach.agent_trend(agent)
    context = {
        "subject": agent,
        "is_self": agent.pk == request.user.pk,
        "trend": trend,
        "chart": _chart(trend),
        "agents": agents,
    }
    return render(request, "coaching/trend.html", context)


@agent_required
def my_trend(request: AgentRequest) -> HttpResponse:
    return _trend_page(request, request.user)


@agent_required
def agent_trend(request: AgentRequest, user_id: int) -> HttpResponse:
    """Supervisors may look at anyone's trend; agents only at their own."""
    if user_id != request.user.pk:
        require_supervisor(request.user)
    agent = get_object_or_404(User, pk=user_id, agent__isnull=False)
    return _trend_page(request, agent)
