"""The staffing plan page and its CSV export."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render

from goodwill.lib.http import AgentRequest
from staffing.forecast import week_days
from staffing.forms import PLAN_DEFAULTS, PlanForm, this_monday
from staffing.plan import MODEL_LABELS, WORKLOAD_FORMULA, Plan, PlanModel, build_plan
from tickets.views import agent_required

CHART_WIDTH = 720
CHART_HEIGHT = 220


def _points(values: list[float], peak: int) -> str:
    """SVG polyline points, a step per interval so a value holds for its whole interval."""
    if not values:
        return ""
    step = CHART_WIDTH / len(values)
    scale = (CHART_HEIGHT - 10) / max(peak, 1)
    points = []
    for i, value in enumerate(values):
        y = CHART_HEIGHT - value * scale
        points.append(f"{i * step:.1f},{y:.1f} {(i + 1) * step:.1f},{y:.1f}")
    return " ".join(points)


def _csv(plan: Plan) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"staffing-{plan.settings.channel}-{plan.settings.week_start:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "interval_start",
            "forecast_contacts",
            "agents_required",
            "agents_required_with_shrinkage",
            "agents_scheduled",
            "agents_available_after_shrinkage",
            "expected_service_level",
        ]
    )
    for row in plan.rows:
        level = row.expected_service_level
        writer.writerow(
            [
                row.start.isoformat(),
                f"{row.volume:.2f}",
                row.required,
                row.required_scheduled,
                row.scheduled,
                f"{row.coverage:.2f}",
                "" if level is None else f"{level:.4f}",
            ]
        )
    return response


@agent_required
def plan(request: AgentRequest) -> HttpResponse:
    """A week's required against scheduled agents for one channel; `?format=csv` downloads it."""
    defaults = {**PLAN_DEFAULTS, "week_start": this_monday().isoformat()}
    form = PlanForm({**defaults, **request.GET.dict()})
    result = build_plan(form.to_settings()) if form.is_valid() else None
    if result is not None and request.GET.get("format") == "csv":
        return _csv(result)
    context: dict[str, object] = {"form": form, "plan": result, "formula": WORKLOAD_FORMULA}
    if result is not None:
        context.update(
            model_label=MODEL_LABELS[result.settings.model],
            is_workload=result.settings.model is PlanModel.WORKLOAD,
            chart_width=CHART_WIDTH,
            chart_height=CHART_HEIGHT,
            required_points=_points([r.required_scheduled for r in result.rows], result.peak),
            scheduled_points=_points([r.scheduled for r in result.rows], result.peak),
            csv_query=_with_csv(request),
            days=result.days(),
            day_marks=[
                (round(d * CHART_WIDTH / 7, 1), round(d * CHART_WIDTH / 7 + 4, 1), f"{day:%a}")
                for d, day in enumerate(week_days(result.settings.week_start))
            ],
        )
    return render(request, "staffing/plan.html", context)


def _with_csv(request: AgentRequest) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()
