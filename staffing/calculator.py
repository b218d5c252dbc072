"""The staffing calculator: one interval, Erlang C and Erlang A side by side.

Pure functions over `staffing.erlang`; the page and the JSON API both call
`calculate`, so they always show the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from staffing.erlang import (
    StaffingResult,
    erlang_a_metrics,
    erlang_c_metrics,
    required_agents_erlang_a,
    required_agents_erlang_c,
)


@dataclass(frozen=True, slots=True)
class CalculatorInput:
    """What a planner types in. Percentages stay percentages until `calculate`."""

    contacts: float
    interval_minutes: int
    average_handle_time_s: float
    target_answer_time_s: float
    service_level_pct: float
    shrinkage_pct: float
    mean_patience_s: float
    max_occupancy_pct: float | None = None
    max_average_speed_of_answer_s: float | None = None

    @property
    def interval_s(self) -> int:
        return self.interval_minutes * 60


@dataclass(frozen=True, slots=True)
class TradeoffRow:
    """Service level and average speed of answer with one particular head count."""

    agents: int
    service_level_c: float
    average_speed_of_answer_c_s: float
    service_level_a: float
    average_speed_of_answer_a_s: float
    abandonment_a: float
    is_answer: bool


@dataclass(frozen=True, slots=True)
class CalculatorResult:
    erlang_c: StaffingResult
    erlang_a: StaffingResult
    tradeoff: list[TradeoffRow]


#: Far beyond any desk (a million agents busy at once) and safely inside what the search covers.
MAX_TRAFFIC_ERLANGS = 1_000_000


def traffic_problem(data: CalculatorInput) -> str | None:
    """Why these inputs cannot be staffed, or None: a limit no single field range expresses."""
    traffic = result_traffic(data)
    if traffic > MAX_TRAFFIC_ERLANGS:
        return (
            f"That is {traffic:,.0f} Erlangs of traffic; the calculator stops at "
            f"{MAX_TRAFFIC_ERLANGS:,}. Lower the contacts or the handle time."
        )
    return None


def _pct(value: float | None) -> float | None:
    return None if value is None else value / 100


def calculate(data: CalculatorInput) -> CalculatorResult:
    """Agents needed under both models, and the trade-off for n-2 .. n+3 (n from Erlang C)."""
    common = {
        "max_occupancy": _pct(data.max_occupancy_pct),
        "max_average_speed_of_answer_s": data.max_average_speed_of_answer_s,
        "shrinkage": data.shrinkage_pct / 100,
    }
    level = data.service_level_pct / 100
    result_c = required_agents_erlang_c(
        data.contacts,
        data.interval_s,
        data.average_handle_time_s,
        data.target_answer_time_s,
        level,
        **common,  # type: ignore[arg-type]
    )
    result_a = required_agents_erlang_a(
        data.contacts,
        data.interval_s,
        data.average_handle_time_s,
        data.target_answer_time_s,
        level,
        data.mean_patience_s,
        **common,  # type: ignore[arg-type]
    )
    return CalculatorResult(result_c, result_a, tradeoff_rows(data, result_c.agents))


def tradeoff_rows(data: CalculatorInput, answer: int) -> list[TradeoffRow]:
    """Both models around the answer, so planners see what one agent more or less buys."""
    traffic = result_traffic(data)
    rows = []
    for agents in range(max(0, answer - 2), answer + 4):
        c = erlang_c_metrics(traffic, agents, data.average_handle_time_s, data.target_answer_time_s)
        a = erlang_a_metrics(
            traffic,
            agents,
            data.average_handle_time_s,
            data.target_answer_time_s,
            data.mean_patience_s,
        )
        rows.append(
            TradeoffRow(
                agents=agents,
                service_level_c=c.service_level,
                average_speed_of_answer_c_s=c.average_speed_of_answer_s,
                service_level_a=a.service_level,
                average_speed_of_answer_a_s=a.average_speed_of_answer_s,
                abandonment_a=a.abandonment_probability,
                is_answer=agents == answer,
            )
        )
    return rows


def result_traffic(data: CalculatorInput) -> float:
    return data.contacts * data.average_handle_time_s / data.interval_s


def finite_or_none(value: float) -> float | None:
    """JSON has no infinity: an unstable queue's endless wait is reported as null."""
    return value if math.isfinite(value) else None
