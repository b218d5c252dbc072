"""Forecast on synthetic series whose answer is known."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from staffing.forecast import (
    backtest,
    bucket_counts,
    forecast_days,
    overall_wape,
    slots_per_day,
    trend_factor,
    wape,
    week_days,
    weekday_profile,
)

MONDAY = date(2026, 1, 5)
SLOTS = 24  # hourly


def pattern(day: date) -> list[float]:
    """Busy weekdays with a lunchtime peak, quiet weekends: a distinct shape per weekday."""
    base = 10.0 if day.weekday() < 5 else 2.0
    return [
        base * (1 + day.weekday() / 10) * (2 if 11 <= h <= 13 else 1) if 8 <= h < 18 else 0.0
        for h in range(SLOTS)
    ]


def periodic(weeks: int, growth: float = 1.0) -> dict[date, list[float]]:
    series = {}
    for i in range(weeks * 7):
        day = MONDAY + timedelta(days=i)
        factor = growth ** (i // 28)  # a step up every four weeks
        series[day] = [v * factor for v in pattern(day)]
    return series


def test_it_counts_arrivals_into_local_intervals() -> None:
    stamps = [datetime(2026, 1, 5, 9, 5), datetime(2026, 1, 5, 9, 20), datetime(2026, 1, 6, 23, 59)]
    days = bucket_counts(stamps, interval_minutes=15, start=MONDAY, end=MONDAY + timedelta(days=2))
    assert len(days) == 3
    assert len(days[MONDAY]) == 96
    assert days[MONDAY][36] == 1  # 09:00-09:15
    assert days[MONDAY][37] == 1
    assert days[MONDAY + timedelta(days=1)][95] == 1
    assert sum(days[MONDAY + timedelta(days=2)]) == 0


def test_interval_lengths_must_divide_a_day() -> None:
    assert slots_per_day(30) == 48
    with pytest.raises(ValueError):
        slots_per_day(7)


def test_the_profile_recovers_the_weekly_pattern() -> None:
    series = periodic(8)
    profile = weekday_profile(series, before=MONDAY + timedelta(weeks=8))
    assert profile is not None
    for weekday in range(7):
        assert profile[weekday] == pytest.approx(pattern(MONDAY + timedelta(days=weekday)))


def test_a_perfectly_periodic_series_forecasts_exactly_with_no_trend() -> None:
    series = periodic(12)
    start = MONDAY + timedelta(weeks=12)
    assert trend_factor(series, before=start) == 1.0
    predicted = forecast_days(series, week_days(start), slots=SLOTS)
    for day, values in predicted.items():
        assert values == pytest.approx(pattern(day))


def test_backtest_error_is_zero_on_a_periodic_series() -> None:
    series = periodic(16)
    scores = backtest(series, last_week_start=MONDAY + timedelta(weeks=15), weeks=4, slots=SLOTS)
    assert len(scores) == 4
    assert [s.week_start.weekday() for s in scores] == [0, 0, 0, 0]
    assert all(s.wape == pytest.approx(0.0, abs=1e-12) for s in scores)
    assert overall_wape(scores) == pytest.approx(0.0, abs=1e-12)


def test_growth_shows_as_a_trend_factor() -> None:
    series = periodic(12, growth=1.1)
    assert trend_factor(series, before=MONDAY + timedelta(weeks=12)) == pytest.approx(1.1)


def test_holidays_are_left_out_of_fitting_and_forecast_as_a_quiet_day() -> None:
    series = periodic(8)
    holiday = MONDAY + timedelta(weeks=7, days=2)  # a Wednesday with almost nobody calling
    series[holiday] = [0.0] * SLOTS
    profile = weekday_profile(series, before=MONDAY + timedelta(weeks=8), holidays={holiday})
    assert profile is not None
    assert profile[2] == pytest.approx(pattern(holiday))  # the empty day did not drag it down
    next_holiday = MONDAY + timedelta(weeks=8, days=3)
    predicted = forecast_days(
        series,
        week_days(MONDAY + timedelta(weeks=8)),
        slots=SLOTS,
        holidays={holiday, next_holiday},
    )
    quietest = min(sum(pattern(MONDAY + timedelta(days=w))) for w in range(7))
    assert sum(predicted[next_holiday]) == pytest.approx(quietest)


def test_no_history_forecasts_zero() -> None:
    predicted = forecast_days({}, week_days(MONDAY), slots=SLOTS)
    assert all(sum(v) == 0 for v in predicted.values())


def test_wape() -> None:
    assert wape([10, 10], [10, 10]) == 0
    assert wape([10, 10], [5, 15]) == pytest.approx(0.5)
    assert wape([0, 0], [0, 0]) == 0
