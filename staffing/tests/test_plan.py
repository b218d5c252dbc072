"""The staffing plan: forecast, required against scheduled agents, CSV, speed."""

from __future__ import annotations

import csv
import io
import time as clock
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from goodwill.test import Cast, login
from staffing.forms import PLAN_DEFAULTS, PlanForm
from staffing.models import Holiday, Shift
from staffing.plan import (
    Plan,
    PlanModel,
    PlanSettings,
    assemble_rows,
    build_plan,
    shift_coverage,
    workload_agents,
)
from tickets.models import Ticket


def this_monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def add_history(cast: Cast, channel: str, weeks: int = 6, per_hour: int = 2) -> None:
    """`per_hour` tickets every weekday hour from 9 to 17 for `weeks` past weeks."""
    rows = []
    number = 10_000
    start = this_monday() - timedelta(weeks=weeks)
    for d in range(weeks * 7):
        day = start + timedelta(days=d)
        if day.weekday() >= 5:
            continue
        for hour in range(9, 17):
            for k in range(per_hour):
                number += 1
                stamp = timezone.make_aware(datetime.combine(day, time(hour, k * 10)))
                rows.append(
                    Ticket(
                        number=number,
                        subject="x",
                        requester=cast.customer,
                        channel=channel,
                        created_at=stamp,
                    )
                )
    Ticket.objects.bulk_create(rows)


def settings_for(**kw: Any) -> PlanSettings:
    base: dict[str, Any] = {
        "channel": "phone",
        "week_start": this_monday(),
        "interval_minutes": 15,
        "model": PlanModel.ERLANG_C,
        "target_answer_time_s": 20,
        "service_level_pct": 80,
        "shrinkage_pct": 30,
        "mean_patience_s": 180,
        "response_target_hours": 8,
    }
    return PlanSettings(**{**base, **kw})


def test_workload_is_spread_over_the_response_target() -> None:
    # 4 contacts x 900 s = 3600 s of work, spread over two 15-minute intervals.
    assert workload_agents(
        [4, 0, 0, 0], handle_time_s=900, interval_s=900, response_target_s=1800
    ) == [2, 2, 0, 0]
    # Work spread past the end of the week lands at its start.
    assert workload_agents(
        [0, 0, 0, 4], handle_time_s=900, interval_s=900, response_target_s=1800
    ) == [2, 0, 0, 2]


def test_shifts_cover_the_intervals_they_span() -> None:
    counts = shift_coverage(
        [(0, time(9), time(10)), (0, time(9, 30), time(10)), (6, time(23), time(23, 59))],
        interval_minutes=15,
    )
    assert len(counts) == 672
    assert counts[35:41] == [0, 1, 1, 2, 2, 0]
    assert counts[-1] == 1


def test_expected_service_level_uses_the_scheduled_agents_after_shrinkage() -> None:
    settings = settings_for(interval_minutes=30, shrinkage_pct=30)
    volumes = [100.0] * 336
    scheduled = [20] * 336  # 20 x 0.7 = 14 agents answering
    rows = assemble_rows(settings, volumes, 180, scheduled)
    assert rows[0].required == 14
    assert rows[0].required_scheduled == 20
    assert rows[0].coverage == pytest.approx(14)
    assert rows[0].gap == 0
    assert rows[0].expected_service_level == pytest.approx(0.888, abs=0.001)


def test_a_plan_for_672_intervals_takes_well_under_a_second(cast: Cast) -> None:
    add_history(cast, "phone", weeks=12, per_hour=6)
    started = clock.perf_counter()
    plan = build_plan(settings_for(model=PlanModel.ERLANG_A))
    elapsed = clock.perf_counter() - started
    assert len(plan.rows) == 672
    assert elapsed < 1.0
    # Weekdays 9-17 are busy, nights and weekends need nobody.
    assert sum(r.volume for r in plan.rows[36:40]) == pytest.approx(6)  # Monday 09:00-10:00
    assert plan.rows[36].required > 0
    assert plan.rows[0].required == 0
    assert plan.wape == pytest.approx(0.0)


def test_the_page_shows_required_and_scheduled_agents(cast: Cast, client: Client) -> None:
    add_history(cast, "phone")
    Shift.objects.create(agent=cast.agent, weekday=0, start=time(9), end=time(17), channel="phone")
    login(client, cast.agent)
    response = client.get("/staffing/plan/", {"channel": "phone"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<table" in html
    assert response.context["plan"].rows[36].scheduled == 1


def test_email_is_planned_by_workload_with_the_formula_stated(cast: Cast, client: Client) -> None:
    add_history(cast, "email")
    login(client, cast.agent)
    response = client.get("/staffing/plan/", {"channel": "email", "model": "erlang_a"})
    assert response.context["plan"].settings.model is PlanModel.WORKLOAD
    assert "work due in the interval" in response.content.decode()


@pytest.mark.parametrize(("minutes", "intervals"), [(15, 672), (30, 336), (60, 168)])
def test_csv_has_one_row_per_interval(
    cast: Cast, client: Client, minutes: int, intervals: int
) -> None:
    add_history(cast, "chat", weeks=2)
    login(client, cast.agent)
    response = client.get(
        "/staffing/plan/", {"channel": "chat", "interval_minutes": str(minutes), "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "interval_start"
    assert len(rows) == intervals + 1


def test_the_week_snaps_to_its_monday_and_errors_name_the_field() -> None:
    form = PlanForm({**PLAN_DEFAULTS, "week_start": "2026-11-26"})
    assert form.is_valid()
    assert form.to_settings().week_start == date(2026, 11, 23)
    bad = PlanForm({**PLAN_DEFAULTS, "service_level_pct": "100"})
    assert not bad.is_valid()
    assert "service_level_pct" in bad.errors


def test_the_plan_page_needs_a_login(db: None, client: Client) -> None:
    response = client.get("/staffing/plan/")
    assert response.status_code == 302


def test_plan_queries_do_not_grow_with_the_roster(
    cast: Cast, client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, cast.agent)
    Shift.objects.create(agent=cast.agent, weekday=0, start=time(9), end=time(17), channel="phone")
    with django_assert_max_num_queries(20) as few:
        client.get("/staffing/plan/")
    for weekday in range(1, 7):
        Shift.objects.create(
            agent=cast.lead, weekday=weekday, start=time(9), end=time(17), channel="phone"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/staffing/plan/")


def test_the_day_summary_adds_up_the_intervals() -> None:
    settings = settings_for(interval_minutes=60, shrinkage_pct=0)
    volumes = [0.0] * 168
    scheduled = [0] * 168
    volumes[9] = 100.0  # Monday 09:00
    scheduled[9] = 3
    rows = assemble_rows(settings, volumes, 180, scheduled)
    plan = Plan(settings, 180, "override", 1.0, [], None, rows)
    monday = plan.days()[0]
    assert monday.contacts == 100
    assert monday.peak_required == rows[9].required
    assert monday.required_hours == rows[9].required
    assert monday.scheduled_hours == 3
    assert monday.short_intervals == 1
    assert [d.day.weekday() for d in plan.days()] == list(range(7))


def test_plan_form_errors_are_shown_with_the_field_label(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.get("/staffing/plan/", {"shrinkage_pct": "99"})
    assert response.context["plan"] is None
    assert "Shrinkage (%): Ensure this value" in response.content.decode()


def test_a_holiday_in_the_week_is_marked_and_forecast_as_a_quiet_day(
    cast: Cast, client: Client
) -> None:
    add_history(cast, "phone", weeks=8)
    Holiday.objects.create(date=this_monday() + timedelta(days=2), name="Founders' Day")
    login(client, cast.agent)
    response = client.get("/staffing/plan/", {"channel": "phone"})
    days = response.context["days"]
    assert days[2].holiday == "Founders' Day"
    # Forecast like the quietest day that had any contacts (weekends here are closed).
    assert days[2].contacts == min(d.contacts for d in days if d.contacts > 0)
    assert "holiday: Founders" in response.content.decode()
