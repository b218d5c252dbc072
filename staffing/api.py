"""JSON API for staffing figures: the calculator and the weekly plan, same numbers as the pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from accounts.access import require_agent
from staffing.calculator import CalculatorInput, calculate, finite_or_none, traffic_problem
from staffing.erlang import StaffingResult
from staffing.forms import this_monday
from staffing.plan import LIVE_CHANNELS, PlanModel, PlanSettings, build_plan

router = Router(tags=["staffing"])


def _check_interval(cls: type, value: int) -> int:
    if value not in (15, 30, 60):
        raise ValueError("Use 15, 30 or 60 minutes.")
    return value


class CalculatorQuery(Schema):
    contacts: float = Field(..., ge=0, le=1_000_000)
    interval_minutes: int = 30
    average_handle_time_s: float = Field(..., ge=1, le=86_400)
    target_answer_time_s: float = Field(..., ge=0, le=86_400)
    service_level_pct: float = Field(..., ge=1, le=99.9)
    shrinkage_pct: float = Field(0, ge=0, le=95)
    mean_patience_s: float = Field(180, ge=1, le=86_400)
    max_occupancy_pct: float | None = Field(None, ge=1, le=100)
    max_average_speed_of_answer_s: float | None = Field(None, ge=1, le=86_400)

    _interval = field_validator("interval_minutes")(_check_interval)


class ModelResultOut(Schema):
    model: str
    traffic_erlangs: float
    agents: int
    agents_with_shrinkage: int
    stable: bool
    probability_of_waiting: float
    service_level: float
    average_speed_of_answer_s: float | None
    occupancy: float
    abandonment_probability: float

    @staticmethod
    def from_result(r: StaffingResult) -> ModelResultOut:
        return ModelResultOut(
            model=str(r.model),
            traffic_erlangs=r.traffic_erlangs,
            agents=r.agents,
            agents_with_shrinkage=r.agents_with_shrinkage,
            stable=r.stable,
            probability_of_waiting=r.probability_of_waiting,
            service_level=r.service_level,
            average_speed_of_answer_s=finite_or_none(r.average_speed_of_answer_s),
            occupancy=r.occupancy,
            abandonment_probability=r.abandonment_probability,
        )


class CalculatorOut(Schema):
    erlang_c: ModelResultOut
    erlang_a: ModelResultOut


@router.get("/calculator", response=CalculatorOut)
def calculator(request: HttpRequest, params: Query[CalculatorQuery]) -> CalculatorOut:
    """Agents required for one interval under Erlang C (no abandonment) and Erlang A."""
    require_agent(request.user)
    data = CalculatorInput(**params.dict())
    problem = traffic_problem(data)
    if problem:
        raise ValidationError({"contacts": [problem]})
    result = calculate(data)
    return CalculatorOut(
        erlang_c=ModelResultOut.from_result(result.erlang_c),
        erlang_a=ModelResultOut.from_result(result.erlang_a),
    )


ChannelName = Literal["email", "web", "portal", "phone", "chat", "api"]


class PlanQuery(Schema):
    channel: ChannelName = "phone"
    week_start: date | None = None
    interval_minutes: int = 15
    model: Literal["erlang_c", "erlang_a"] = "erlang_c"
    target_answer_time_s: float = Field(20, ge=0, le=86_400)
    service_level_pct: float = Field(80, ge=1, le=99.9)
    shrinkage_pct: float = Field(30, ge=0, le=95)
    mean_patience_s: float = Field(180, ge=1, le=86_400)
    response_target_hours: float = Field(8, ge=0.25, le=24 * 14)

    _interval = field_validator("interval_minutes")(_check_interval)


class PlanRowOut(Schema):
    start: datetime
    forecast_contacts: float
    agents_required: int
    agents_required_with_shrinkage: int
    agents_scheduled: int
    agents_available_after_shrinkage: float
    expected_service_level: float | None


class PlanOut(Schema):
    channel: str
    week_start: date
    interval_minutes: int
    model: str
    handle_time_s: float
    handle_time_source: str
    trend_factor: float
    backtest_wape: float | None
    intervals: list[PlanRowOut]


@router.get("/plan", response=PlanOut)
def plan(request: HttpRequest, params: Query[PlanQuery]) -> PlanOut:
    """A week's forecast, required and scheduled agents per interval for one channel."""
    require_agent(request.user)
    data = params.dict()
    start = data["week_start"] or this_monday()
    data["week_start"] = start - timedelta(days=start.weekday())
    live = data["channel"] in LIVE_CHANNELS
    data["model"] = PlanModel(data["model"]) if live else PlanModel.WORKLOAD
    result = build_plan(PlanSettings(**data))
    return PlanOut(
        channel=result.settings.channel,
        week_start=result.settings.week_start,
        interval_minutes=result.settings.interval_minutes,
        model=str(result.settings.model),
        handle_time_s=result.handle_time_s,
        handle_time_source=result.handle_time_source,
        trend_factor=result.trend,
        backtest_wape=result.wape,
        intervals=[
            PlanRowOut(
                start=row.start,
                forecast_contacts=row.volume,
                agents_required=row.required,
                agents_required_with_shrinkage=row.required_scheduled,
                agents_scheduled=row.scheduled,
                agents_available_after_shrinkage=row.coverage,
                expected_service_level=row.expected_service_level,
            )
            for row in result.rows
        ],
    )
