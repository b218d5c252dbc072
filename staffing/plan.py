"""Staffing plans: a week of forecast arrivals turned into agents per interval.

Live channels (phone, chat) are staffed with Erlang C or A through
`erlang.plan_intervals`. Deferred channels (email, web form, portal, API) are
staffed by workload: each interval's work (volume x handle time) may be done
any time within the response target, so it is spread evenly over that window
and divided by the interval length.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.utils import timezone

from staffing import forecast
from staffing.data import arrival_times, effective_handle_time, measured_handle_times
from staffing.erlang import (
    agents_after_shrinkage,
    erlang_a_metrics,
    erlang_c_metrics,
    plan_intervals,
)
from staffing.models import Holiday, Shift
from tickets.models import Channel

LIVE_CHANNELS = frozenset({Channel.PHONE, Channel.CHAT})
BACKTEST_WEEKS = 4

WORKLOAD_FORMULA = (
    "agents needed in an interval = ⌈ work due in the interval ÷ interval length ⌉, "
    "where the work of each interval's contacts (volume x handle time) is spread evenly "
    "over the response target that follows it; then ÷ (1 - shrinkage), rounded up."
)


class PlanModel(StrEnum):
    ERLANG_C = "erlang_c"
    ERLANG_A = "erlang_a"
    WORKLOAD = "workload"


MODEL_LABELS = {
    PlanModel.ERLANG_C: "Erlang C (callers wait as long as it takes)",
    PlanModel.ERLANG_A: "Erlang A (callers may hang up)",
    PlanModel.WORKLOAD: "Workload (contacts answered later)",
}


@dataclass(frozen=True, slots=True)
class PlanSettings:
    channel: str
    week_start: date
    interval_minutes: int
    model: PlanModel
    target_answer_time_s: float
    service_level_pct: float
    shrinkage_pct: float
    mean_patience_s: float
    response_target_hours: float

    @property
    def interval_s(self) -> int:
        return self.interval_minutes * 60


@dataclass(frozen=True, slots=True)
class PlanRow:
    start: datetime
    volume: float
    required: int  # agents handling contacts
    required_scheduled: int  # agents to roster, after shrinkage
    scheduled: int  # agents on the roster
    coverage: float  # scheduled x (1 - shrinkage)
    expected_service_level: float | None  # with the covered agents; None for workload plans

    @property
    def gap(self) -> int:
        return self.scheduled - self.required_scheduled


@dataclass(frozen=True, slots=True)
class Plan:
    settings: PlanSettings
    handle_time_s: float
    handle_time_source: str
    trend: float
    backtest: list[forecast.WeekScore]
    wape: float | None
    rows: list[PlanRow]
    holidays: dict[date, str] = field(default_factory=dict)  # those in the planned week

    @property
    def peak(self) -> int:
        return max((max(r.required_scheduled, r.scheduled) for r in self.rows), default=0)

    def days(self) -> list[DaySummary]:
        """One line per day: what the week looks like before reading 672 rows."""
        per_day = len(self.rows) // 7
        hours = self.settings.interval_minutes / 60
        summaries = []
        for d in range(7):
            rows = self.rows[d * per_day : (d + 1) * per_day]
            summaries.append(
                DaySummary(
                    day=self.settings.week_start + timedelta(days=d),
                    contacts=sum(r.volume for r in rows),
                    peak_required=max((r.required_scheduled for r in rows), default=0),
                    peak_scheduled=max((r.scheduled for r in rows), default=0),
                    required_hours=sum(r.required_scheduled for r in rows) * hours,
                    scheduled_hours=sum(r.scheduled for r in rows) * hours,
                    short_intervals=sum(1 for r in rows if r.gap < 0),
                    holiday=self.holidays.get(self.settings.week_start + timedelta(days=d), ""),
                )
            )
        return summaries


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: date
    contacts: float
    peak_required: int
    peak_scheduled: int
    required_hours: float
    scheduled_hours: float
    short_intervals: int
    holiday: str


def workload_agents(
    volumes: Sequence[float], *, handle_time_s: float, interval_s: int, response_target_s: float
) -> list[int]:
    """Agents per interval when work may wait up to the response target (see WORKLOAD_FORMULA).

    The week is treated as repeating, so work spread past its last interval lands
    at its start, as it would from the previous week.
    """
    count = len(volumes)
    spread = max(1, math.ceil(response_target_s / interval_s))
    load = [0.0] * count
    for i, volume in enumerate(volumes):
        share = volume * handle_time_s / spread
        for k in range(spread):
            load[(i + k) % count] += share
    # The small tolerance stops 3.0000000001 agents from rounding up to 4.
    return [math.ceil(work / interval_s - 1e-9) for work in load]


def shift_coverage(shifts: Iterable[tuple[int, time, time]], *, interval_minutes: int) -> list[int]:
    """Agents on shift per interval of a Monday-to-Sunday week from (weekday, start, end) triples.

    An agent counts in an interval when their shift covers the interval's start.
    """
    slots = forecast.slots_per_day(interval_minutes)
    counts = [0] * (7 * slots)
    for weekday, start, end in shifts:
        first = math.ceil((start.hour * 60 + start.minute) / interval_minutes)
        stop = math.ceil((end.hour * 60 + end.minute) / interval_minutes)
        for slot in range(first, stop):
            counts[weekday * slots + slot] += 1
    return counts


def _expected_levels(
    settings: PlanSettings, volumes: Sequence[float], handle_s: float, coverage: Sequence[float]
) -> list[float | None]:
    """Service level with the covered agents (whole agents only: a fraction cannot answer)."""
    if settings.model is PlanModel.WORKLOAD:
        return [None] * len(volumes)
    cache: dict[tuple[float, int], float] = {}
    levels: list[float | None] = []
    for volume, covered in zip(volumes, coverage, strict=True):
        agents = math.floor(covered + 1e-9)
        key = (volume, agents)
        if key not in cache:
            traffic = volume * handle_s / settings.interval_s
            if settings.model is PlanModel.ERLANG_A:
                metrics = erlang_a_metrics(
                    traffic,
                    agents,
                    handle_s,
                    settings.target_answer_time_s,
                    settings.mean_patience_s,
                )
            else:
                metrics = erlang_c_metrics(traffic, agents, handle_s, settings.target_answer_time_s)
            cache[key] = metrics.service_level
        levels.append(cache[key])
    return levels


def required_agents(settings: PlanSettings, volumes: Sequence[float], handle_s: float) -> list[int]:
    """Agents handling contacts per interval (before shrinkage)."""
    if settings.model is PlanModel.WORKLOAD:
        return workload_agents(
            volumes,
            handle_time_s=handle_s,
            interval_s=settings.interval_s,
            response_target_s=settings.response_target_hours * 3600,
        )
    results = plan_intervals(
        volumes,
        interval_s=settings.interval_s,
        average_handle_time_s=handle_s,
        target_answer_time_s=settings.target_answer_time_s,
        service_level_target=settings.service_level_pct / 100,
        mean_patience_s=settings.mean_patience_s if settings.model is PlanModel.ERLANG_A else None,
    )
    return [r.agents for r in results]


def assemble_rows(
    settings: PlanSettings,
    volumes: Sequence[float],
    handle_s: float,
    scheduled: Sequence[int],
) -> list[PlanRow]:
    """The plan's table, pure: required against rostered agents per interval."""
    shrinkage = settings.shrinkage_pct / 100
    required = required_agents(settings, volumes, handle_s)
    coverage = [count * (1 - shrinkage) for count in scheduled]
    levels = _expected_levels(settings, volumes, handle_s, coverage)
    first = timezone.make_aware(datetime.combine(settings.week_start, time.min))
    step = timedelta(minutes=settings.interval_minutes)
    return [
        PlanRow(
            # Wall-clock intervals: a DST change moves the clock, not the plan's slots.
            start=first + i * step,
            volume=volumes[i],
            required=required[i],
            required_scheduled=agents_after_shrinkage(required[i], shrinkage),
            scheduled=scheduled[i],
            coverage=coverage[i],
            expected_service_level=levels[i],
        )
        for i in range(len(volumes))
    ]


def build_plan(settings: PlanSettings) -> Plan:
    """Forecast the week from the desk's history, staff it, and set the roster beside it."""
    week = forecast.week_days(settings.week_start)
    slots = forecast.slots_per_day(settings.interval_minutes)
    # History stops at this week's Monday: later days have not happened yet.
    today = timezone.localdate()
    history_end = min(settings.week_start, today - timedelta(days=today.weekday()))
    history_start = history_end - timedelta(weeks=BACKTEST_WEEKS + forecast.FIT_WEEKS)
    stamps = arrival_times(
        channel=settings.channel, start=history_start, end=history_end - timedelta(days=1)
    )
    series = forecast.bucket_counts(
        stamps,
        interval_minutes=settings.interval_minutes,
        start=history_start,
        end=history_end - timedelta(days=1),
    )
    names = dict(Holiday.objects.values_list("date", "name"))
    holidays = set(names)
    predicted = forecast.forecast_days(
        series, week, slots=slots, holidays=holidays, before=history_end
    )
    volumes = [value for day in week for value in predicted[day]]
    scores = forecast.backtest(
        series,
        last_week_start=history_end - timedelta(weeks=1),
        weeks=BACKTEST_WEEKS,
        slots=slots,
        holidays=holidays,
    )
    measured = measured_handle_times(start=history_start, end=history_end - timedelta(days=1))
    handle_s, source = effective_handle_time(channel=settings.channel, measured=measured)
    shifts = Shift.objects.filter(channel=settings.channel).values_list("weekday", "start", "end")
    scheduled = shift_coverage(shifts, interval_minutes=settings.interval_minutes)
    return Plan(
        settings=settings,
        handle_time_s=handle_s,
        handle_time_source=source,
        trend=forecast.trend_factor(series, before=history_end, holidays=holidays),
        backtest=scores,
        wape=forecast.overall_wape(scores),
        rows=assemble_rows(settings, volumes, handle_s, scheduled),
        holidays={day: names[day] for day in week if day in names},
    )
