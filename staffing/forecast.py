"""Arrival forecasts: weekday-by-interval seasonality times a trend factor.

Pure functions over per-day count series, no Django. A series maps each date
to its counts per interval (96 for 15 minutes, 48 for 30, 24 for 60).

Method, chosen to be explainable on one line of the plan page:

* profile: for each weekday, the mean count per interval over the fitting
  window (default the 8 weeks before the forecast), holidays left out;
* trend: the last 4 weeks' volume over the 4 weeks before them, matching each
  day to the same weekday four weeks earlier (holidays on either side drop the
  pair), clamped to 0.5-2 so one odd month cannot run away with the plan;
* forecast = profile[weekday] x trend; a holiday is forecast like the quietest
  weekday that has any contacts (a closed weekend is no model for an open holiday).

`backtest` scores the method honestly: each held-out week is forecast only
from data before it, and the error is WAPE = sum |actual - forecast| / sum actual.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

type Series = Mapping[date, Sequence[float]]

FIT_WEEKS = 8
TREND_WEEKS = 4
TREND_LIMITS = (0.5, 2.0)


def slots_per_day(interval_minutes: int) -> int:
    if interval_minutes <= 0 or 1440 % interval_minutes:
        raise ValueError("interval_minutes must divide a day evenly")
    return 1440 // interval_minutes


def bucket_counts(
    stamps: Iterable[datetime], *, interval_minutes: int, start: date, end: date
) -> dict[date, list[float]]:
    """Count arrivals per interval for every day from `start` to `end` (zeros included).

    `stamps` must already be in the desk's local time: days and intervals are local.
    """
    slots = slots_per_day(interval_minutes)
    days = {start + timedelta(days=i): [0.0] * slots for i in range((end - start).days + 1)}
    for stamp in stamps:
        row = days.get(stamp.date())
        if row is not None:
            row[(stamp.hour * 60 + stamp.minute) // interval_minutes] += 1
    return days


def _window(series: Series, start: date, stop: date, holidays: Collection[date]) -> list[date]:
    """Days of the series in [start, stop) that are not holidays."""
    return sorted(d for d in series if start <= d < stop and d not in holidays)


def weekday_profile(
    series: Series, *, before: date, holidays: Collection[date] = (), weeks: int = FIT_WEEKS
) -> list[list[float]] | None:
    """Mean count per weekday (Monday = 0) and interval over `weeks` weeks before `before`.

    None when the window holds no usable day. A weekday the window never saw is all zeros.
    """
    days = _window(series, before - timedelta(weeks=weeks), before, holidays)
    if not days:
        return None
    slots = len(series[days[0]])
    sums = [[0.0] * slots for _ in range(7)]
    seen = [0] * 7
    for day in days:
        weekday = day.weekday()
        seen[weekday] += 1
        for i, count in enumerate(series[day]):
            sums[weekday][i] += count
    return [[value / seen[w] for value in sums[w]] if seen[w] else [0.0] * slots for w in range(7)]


def trend_factor(
    series: Series, *, before: date, holidays: Collection[date] = (), weeks: int = TREND_WEEKS
) -> float:
    """Recent volume over the same weekdays `weeks` weeks earlier; 1.0 without enough data."""
    shift = timedelta(weeks=weeks)
    recent = earlier = 0.0
    for day in _window(series, before - shift, before, holidays):
        past = day - shift
        if past in series and past not in holidays:
            recent += sum(series[day])
            earlier += sum(series[past])
    if recent == 0 or earlier == 0:
        return 1.0
    low, high = TREND_LIMITS
    return min(high, max(low, recent / earlier))


def forecast_days(
    series: Series,
    days: Sequence[date],
    *,
    slots: int,
    holidays: Collection[date] = (),
    fit_weeks: int = FIT_WEEKS,
    before: date | None = None,
) -> dict[date, list[float]]:
    """Forecast each of `days` from the series strictly before `before` (default: the first day)."""
    if not days:
        return {}
    cutoff = min(days) if before is None else min(before, min(days))
    profile = weekday_profile(series, before=cutoff, holidays=holidays, weeks=fit_weeks)
    if profile is None:
        return {day: [0.0] * slots for day in days}
    trend = trend_factor(series, before=cutoff, holidays=holidays)
    # A holiday looks like the quietest ordinary day of the week.
    quiet = min((row for row in profile if sum(row) > 0), key=sum, default=profile[6])
    return {
        day: [value * trend for value in (quiet if day in holidays else profile[day.weekday()])]
        for day in days
    }


def wape(actual: Iterable[float], forecast: Iterable[float]) -> float:
    """Weighted absolute percentage error as a fraction: 0 is perfect; 0 when nothing happened."""
    total = error = 0.0
    for a, f in zip(actual, forecast, strict=True):
        total += a
        error += abs(a - f)
    if total == 0:
        return 0.0 if error == 0 else 1.0
    return error / total


@dataclass(frozen=True, slots=True)
class WeekScore:
    week_start: date
    actual: float
    forecast: float
    wape: float


def week_days(week_start: date) -> list[date]:
    return [week_start + timedelta(days=i) for i in range(7)]


def backtest(
    series: Series,
    *,
    last_week_start: date,
    weeks: int,
    slots: int,
    holidays: Collection[date] = (),
    fit_weeks: int = FIT_WEEKS,
) -> list[WeekScore]:
    """Forecast each of `weeks` weeks up to `last_week_start` from data before it; score it."""
    scores = []
    for back in range(weeks - 1, -1, -1):
        start = last_week_start - timedelta(weeks=back)
        days = week_days(start)
        predicted = forecast_days(series, days, slots=slots, holidays=holidays, fit_weeks=fit_weeks)
        actual_flat = [v for d in days for v in series.get(d, [0.0] * slots)]
        forecast_flat = [v for d in days for v in predicted[d]]
        scores.append(
            WeekScore(start, sum(actual_flat), sum(forecast_flat), wape(actual_flat, forecast_flat))
        )
    return scores


def overall_wape(scores: Sequence[WeekScore]) -> float | None:
    """Mean WAPE over the scored weeks; None when nothing was scored."""
    if not scores:
        return None
    return sum(s.wape for s in scores) / len(scores)
