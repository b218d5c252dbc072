"""Behaviour of staffing.erlang: worked examples, edge cases and search guarantees.

Precision against independent references lives in test_erlang_reference.py.
These tests need neither Django nor a database.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from staffing.erlang import (
    QueueMetrics,
    QueueModel,
    ServiceLevelDefinition,
    StaffingResult,
    agents_after_shrinkage,
    agents_for_blocking,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_metrics,
    plan_intervals,
    required_agents_erlang_a,
    required_agents_erlang_c,
    traffic_erlangs,
)

OFFERED = ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_OFFERED
ANSWERED = ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_ANSWERED
VIRTUAL = ServiceLevelDefinition.VIRTUAL_WAIT_WITHIN_TARGET

SEARCH_EXAMPLES = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


# ---------------------------------------------------------------------------
# The published worked example: 100 calls in 30 minutes, AHT 3 minutes,
# 80 % answered within 20 seconds (e.g. callcentrehelper.com's Erlang C
# walkthrough): 10 Erlangs, 14 agents, 20 with 30 % shrinkage.
# ---------------------------------------------------------------------------


def test_worked_example_traffic_is_ten_erlangs() -> None:
    assert traffic_erlangs(100, 1800, 180) == 10.0
    assert traffic_erlangs(100, 30 * 60, 3 * 60) == 10.0


def test_worked_example_needs_fourteen_agents_and_twenty_with_shrinkage() -> None:
    result = required_agents_erlang_c(100, 1800, 180, 20, 0.8, shrinkage=0.3)
    assert result.model is QueueModel.ERLANG_C
    assert result.traffic_erlangs == 10.0
    assert result.agents == 14
    assert result.agents_with_shrinkage == 20
    assert result.stable
    # The published figures for 14 agents: P(wait) 17.4 %, SL 88.8 %, ASA ~8 s.
    assert result.probability_of_waiting == pytest.approx(0.17413, abs=5e-6)
    assert result.service_level == pytest.approx(0.88835, abs=5e-6)
    assert result.average_speed_of_answer_s == pytest.approx(7.8359, abs=5e-5)
    assert result.occupancy == pytest.approx(10 / 14, rel=1e-15)
    assert result.abandonment_probability == 0.0
    assert result.abandoned_contacts == 0.0


def test_worked_example_thirteen_agents_fall_just_short() -> None:
    metrics = erlang_c_metrics(10, 13, 180, 20)
    assert metrics.service_level == pytest.approx(0.79559, abs=5e-6)
    assert metrics.service_level < 0.8
    assert metrics.probability_of_waiting == pytest.approx(0.28527, abs=5e-6)


def test_worked_example_table_of_agent_counts() -> None:
    # Service level for 11..15 agents, as printed in the usual walkthroughs.
    expected = {11: 0.3896, 12: 0.6402, 13: 0.7956, 14: 0.8884, 15: 0.9415}
    for agents, level in expected.items():
        assert erlang_c_metrics(10, agents, 180, 20).service_level == pytest.approx(level, abs=5e-5)


# ---------------------------------------------------------------------------
# Erlang B and C basics
# ---------------------------------------------------------------------------


def test_erlang_b_small_values() -> None:
    assert erlang_b(1.0, 0) == 1.0
    assert erlang_b(1.0, 1) == 0.5
    assert erlang_b(1.0, 2) == pytest.approx(0.2, rel=1e-15)
    assert erlang_b(2.0, 2) == pytest.approx(0.4, rel=1e-15)
    assert erlang_b(0.0, 3) == 0.0


def test_agents_for_blocking_matches_the_classic_table() -> None:
    # 10 Erlangs at 1 % blocking: 18 trunks (B(17) = 1.29 %, B(18) = 0.71 %).
    assert agents_for_blocking(10.0, 0.01) == 18
    assert erlang_b(10.0, 17) > 0.01 >= erlang_b(10.0, 18)
    assert agents_for_blocking(0.0, 0.01) == 0
    assert agents_for_blocking(5.0, 1.0) == 0


def test_erlang_c_small_values() -> None:
    # M/M/2 with 1 Erlang: C = 2 B / (2 - 1 (1 - B)) with B = 0.2 -> 1/3.
    assert erlang_c(1.0, 2) == pytest.approx(1 / 3, rel=1e-15)
    assert erlang_c(0.5, 1) == pytest.approx(0.5, rel=1e-15)  # M/M/1: C = rho


# ---------------------------------------------------------------------------
# Unstable Erlang C
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("traffic", "agents"), [(10.0, 10), (10.0, 9), (10.0, 1), (10.5, 10)])
def test_unstable_erlang_c_is_explicit(traffic: float, agents: int) -> None:
    metrics = erlang_c_metrics(traffic, agents, 180, 20)
    assert metrics.stable is False
    assert metrics.probability_of_waiting == 1.0
    assert metrics.service_level == 0.0
    assert metrics.average_speed_of_answer_s == math.inf
    assert metrics.occupancy == 1.0
    assert erlang_c(traffic, agents) == 1.0


def test_zero_agents_is_unstable_too() -> None:
    metrics = erlang_c_metrics(3.0, 0, 180, 20)
    assert metrics.stable is False
    assert metrics.average_speed_of_answer_s == math.inf


def test_just_stable_with_fractional_traffic() -> None:
    metrics = erlang_c_metrics(10.5, 11, 180, 20)
    assert metrics.stable is True
    assert 0.0 < metrics.service_level < 0.8
    assert math.isfinite(metrics.average_speed_of_answer_s)


def test_erlang_a_is_stable_where_erlang_c_is_not() -> None:
    metrics = erlang_a_metrics(10.0, 8, 180, 20, 120)
    assert metrics.stable is True
    # With n < A at least 1 - n/A of the callers must abandon (carried <= n).
    assert 0.2 < metrics.abandonment_probability < 0.5
    assert metrics.occupancy < 1.0
    assert math.isfinite(metrics.average_speed_of_answer_s)
    assert 0.0 < metrics.service_level < 1.0


def test_erlang_a_with_nobody_staffed() -> None:
    metrics = erlang_a_metrics(4.0, 0, 180, 20, 60)
    assert metrics.abandonment_probability == 1.0
    assert metrics.service_level == 0.0
    assert metrics.average_speed_of_answer_s == math.inf
    assert metrics.average_wait_all_s == 60.0


# ---------------------------------------------------------------------------
# Exact ceilings
# ---------------------------------------------------------------------------


def test_shrinkage_ceiling_is_exact() -> None:
    # The trap: in binary, 21 / (1 - 0.3) = 30.000000000000004.
    assert math.ceil(21 / (1 - 0.3)) == 31
    assert agents_after_shrinkage(21, 0.3) == 30
    assert agents_after_shrinkage(21, Fraction(3, 10)) == 30
    assert agents_after_shrinkage(7, 0.3) == 10
    assert agents_after_shrinkage(22, 0.3) == 32  # 31.43 -> 32
    assert agents_after_shrinkage(9, 0.1) == 10
    assert agents_after_shrinkage(99, 0.01) == 100
    assert agents_after_shrinkage(14, 0.3) == 20
    assert agents_after_shrinkage(0, 0.5) == 0
    assert agents_after_shrinkage(13, 0.0) == 13


def test_shrinkage_ceiling_exact_in_a_staffing_result() -> None:
    # 147 contacts x 90 s / 900 s = 14.7 Erlangs; a 70 % occupancy ceiling
    # needs n >= 14.7 / 0.7 = 21 exactly, and 21 on the phones at 30 %
    # shrinkage means 30 scheduled, where binary floating point says 31.
    assert math.ceil(21 / (1 - 0.3)) == 31
    result = required_agents_erlang_c(147, 900, 90, 20, 0.5, max_occupancy=0.7, shrinkage=0.3)
    assert result.agents == 21
    assert result.occupancy == pytest.approx(0.7, rel=1e-15)
    assert result.agents_with_shrinkage == 30


def test_max_occupancy_binds() -> None:
    # 84 contacts x 225 s / 900 s = 21 Erlangs. 80/20 alone needs 26 agents
    # (occupancy 80.8 %); an 70 % ceiling needs exactly 21 / 0.7 = 30.
    free = required_agents_erlang_c(84, 900, 225, 20, 0.8)
    assert free.traffic_erlangs == 21.0
    assert free.agents == 26
    capped = required_agents_erlang_c(84, 900, 225, 20, 0.8, max_occupancy=0.7)
    assert capped.agents == 30
    assert capped.occupancy == pytest.approx(0.7, rel=1e-15)
    # A ceiling looser than what the service level already gives changes nothing.
    assert required_agents_erlang_c(84, 900, 225, 20, 0.8, max_occupancy=0.85).agents == 26


def test_max_average_speed_of_answer_binds() -> None:
    # Worked example: ASA is 7.84 s with 14 agents and 3.67 s with 15.
    assert required_agents_erlang_c(100, 1800, 180, 20, 0.8).agents == 14
    tight = required_agents_erlang_c(100, 1800, 180, 20, 0.8, max_average_speed_of_answer_s=5)
    assert tight.agents == 15
    assert tight.average_speed_of_answer_s == pytest.approx(3.6735, abs=5e-5)
    assert tight.max_average_speed_of_answer_s == 5.0
    loose = required_agents_erlang_c(100, 1800, 180, 20, 0.8, max_average_speed_of_answer_s=10)
    assert loose.agents == 14
    # On its own (no service-level target), ASA <= 20 s needs 13 agents.
    alone = required_agents_erlang_c(100, 1800, 180, 20, 0.0, max_average_speed_of_answer_s=20)
    assert alone.agents == 13
    assert alone.average_speed_of_answer_s == pytest.approx(17.116, abs=5e-4)


# ---------------------------------------------------------------------------
# Minimality of the search: brute force from one agent agrees
# ---------------------------------------------------------------------------


def brute_force(
    metrics_for: Callable[[int], QueueMetrics],
    service_level_target: float,
    max_speed: float | None,
    occupancy_ok: Callable[[int, QueueMetrics], bool],
) -> int:
    agents = 1
    while True:
        metrics = metrics_for(agents)
        if (
            metrics.stable
            and metrics.service_level >= service_level_target
            and (max_speed is None or metrics.average_speed_of_answer_s <= max_speed)
            and occupancy_ok(agents, metrics)
        ):
            return agents
        agents += 1


@SEARCH_EXAMPLES
@given(
    contacts=st.floats(min_value=0.5, max_value=600.0),
    interval_s=st.sampled_from([900, 1800, 3600]),
    handle=st.floats(min_value=20.0, max_value=900.0),
    answer_time=st.sampled_from([0.0, 10.0, 20.0, 30.0, 60.0]),
    level=st.floats(min_value=0.0, max_value=0.99),
    max_speed=st.one_of(st.none(), st.floats(min_value=1.0, max_value=120.0)),
    max_occupancy=st.one_of(st.none(), st.sampled_from([0.7, 0.75, 0.8, 0.85, 0.9])),
)
def test_erlang_c_search_is_minimal(
    contacts: float,
    interval_s: int,
    handle: float,
    answer_time: float,
    level: float,
    max_speed: float | None,
    max_occupancy: float | None,
) -> None:
    result = required_agents_erlang_c(
        contacts,
        interval_s,
        handle,
        answer_time,
        level,
        max_occupancy=max_occupancy,
        max_average_speed_of_answer_s=max_speed,
    )
    traffic = result.traffic_erlangs
    exact_traffic = Fraction(repr(contacts)) * Fraction(repr(handle)) / interval_s

    def occupancy_ok(agents: int, _: QueueMetrics) -> bool:
        return max_occupancy is None or exact_traffic <= Fraction(repr(max_occupancy)) * agents

    expected = brute_force(
        lambda n: erlang_c_metrics(traffic, n, handle, answer_time), level, max_speed, occupancy_ok
    )
    assert result.agents == expected
    assert result.agents > traffic  # never an unstable count


@pytest.mark.parametrize("traffic", [0.01, 0.3, 0.999, 1.0, 1.001, 2.5, 9.99, 10.0, 10.2, 57.5])
def test_fractional_traffic_starts_at_floor_plus_one(traffic: float) -> None:
    # Service-level target 0: only stability binds, so the answer is floor(A) + 1.
    result = required_agents_erlang_c(traffic, 3600, 3600, 20, 0.0)
    assert result.agents == math.floor(traffic) + 1
    assert result.stable


@SEARCH_EXAMPLES
@given(
    traffic=st.floats(min_value=0.05, max_value=60.0),
    handle=st.floats(min_value=30.0, max_value=600.0),
    answer_time=st.sampled_from([0.0, 10.0, 20.0, 60.0]),
    patience=st.floats(min_value=5.0, max_value=1800.0),
    level=st.floats(min_value=0.05, max_value=0.98),
    definition=st.sampled_from(list(ServiceLevelDefinition)),
    max_speed=st.one_of(st.none(), st.floats(min_value=1.0, max_value=60.0)),
    max_occupancy=st.one_of(st.none(), st.sampled_from([0.7, 0.8, 0.9])),
)
def test_erlang_a_search_is_minimal(
    traffic: float,
    handle: float,
    answer_time: float,
    patience: float,
    level: float,
    definition: ServiceLevelDefinition,
    max_speed: float | None,
    max_occupancy: float | None,
) -> None:
    result = required_agents_erlang_a(
        traffic,
        handle,
        handle,
        answer_time,
        level,
        patience,
        service_level_definition=definition,
        max_occupancy=max_occupancy,
        max_average_speed_of_answer_s=max_speed,
    )

    def occupancy_ok(_: int, metrics: QueueMetrics) -> bool:
        return max_occupancy is None or metrics.occupancy <= max_occupancy

    expected = brute_force(
        lambda n: erlang_a_metrics(traffic, n, handle, answer_time, patience, definition),
        level,
        max_speed,
        occupancy_ok,
    )
    assert result.agents == expected
    assert result.model is QueueModel.ERLANG_A
    assert result.service_level_definition is definition


def test_large_traffic_search_is_minimal() -> None:
    result = required_agents_erlang_c(100_000, 1800, 180, 20, 0.8)
    assert result.traffic_erlangs == 10_000.0
    assert result.agents == 10_013
    assert result.service_level >= 0.8
    assert erlang_c_metrics(10_000, 10_012, 180, 20).service_level < 0.8

    result_a = required_agents_erlang_a(100_000, 1800, 180, 20, 0.8, 120)
    assert result_a.agents == 8_629
    assert result_a.service_level >= 0.8
    assert erlang_a_metrics(10_000, 8_628, 180, 20, 120).service_level < 0.8


def test_large_traffic_search_is_fast() -> None:
    # The benchmark measures this properly; here only a loose guard against
    # an accidental O(n) search (best of five, generous for a busy CI host).
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        required_agents_erlang_c(100_000, 1800, 180, 20, 0.8)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.025


# ---------------------------------------------------------------------------
# Erlang A behaviour
# ---------------------------------------------------------------------------


def test_abandonment_falls_as_agents_are_added() -> None:
    values = [erlang_a_metrics(10.0, n, 180, 20, 120).abandonment_probability for n in range(1, 31)]
    assert all(later < earlier for earlier, later in itertools.pairwise(values))
    assert values[0] == pytest.approx(0.90005, abs=5e-6)  # one agent: ~90 % leave
    assert values[11] == pytest.approx(0.061597, abs=5e-7)  # 12 agents
    assert values[29] < 1e-6


def test_abandonment_falls_as_patience_grows() -> None:
    values = [
        erlang_a_metrics(10.0, 12, 180, 20, patience).abandonment_probability
        for patience in (10, 30, 60, 120, 600, 3600, 36_000)
    ]
    assert all(later < earlier for earlier, later in itertools.pairwise(values))


def test_erlang_a_approaches_erlang_c_as_patience_grows() -> None:
    # The gap closes like 1 / patience (AHT 180 s, so 1e9 s is "never").
    erlang_c_result = erlang_c_metrics(10.0, 12, 180, 20)
    for patience in (1e3, 1e5, 1e7, 1e9):
        for definition in ServiceLevelDefinition:
            metrics = erlang_a_metrics(10.0, 12, 180, 20, patience, definition)
            gap = metrics.service_level - erlang_c_result.service_level
            assert 0 < gap < 200 / patience  # abandonment only helps the rest
        metrics = erlang_a_metrics(10.0, 12, 180, 20, patience)
        assert metrics.probability_of_waiting == pytest.approx(
            erlang_c_result.probability_of_waiting, rel=500 / patience
        )
        assert metrics.average_speed_of_answer_s == pytest.approx(
            erlang_c_result.average_speed_of_answer_s, rel=2000 / patience
        )
        assert 0 < metrics.abandonment_probability < 50 / patience
    # And the staffing answer becomes Erlang C's 14.
    for definition in ServiceLevelDefinition:
        result = required_agents_erlang_a(
            100, 1800, 180, 20, 0.8, 1e9, service_level_definition=definition
        )
        assert result.agents == 14


def test_service_level_definitions_are_ordered() -> None:
    strict = cases = 0
    for traffic in (0.5, 3.0, 10.0, 40.0):
        for agents in range(max(1, int(traffic) - 3), int(traffic) + 6):
            for patience in (15.0, 60.0, 300.0):
                for answer_time in (5.0, 20.0, 60.0):
                    offered, answered, virtual = (
                        erlang_a_metrics(
                            traffic, agents, 180, answer_time, patience, d
                        ).service_level
                        for d in (OFFERED, ANSWERED, VIRTUAL)
                    )
                    # over offered <= virtual wait <= over answered
                    assert offered <= virtual + 1e-12
                    assert virtual <= answered + 1e-12
                    strict += offered < virtual < answered
                    cases += 1
    # With abandonment possible and t > 0 the three always differ.
    assert strict == cases == 279


def test_erlang_a_definitions_change_the_answer() -> None:
    # Worked example with 2-minute patience: abandoned calls counted as
    # misses need 12 agents; left out of the ratio, 11 do.
    by_definition = {
        d: required_agents_erlang_a(100, 1800, 180, 20, 0.8, 120, service_level_definition=d)
        for d in ServiceLevelDefinition
    }
    assert by_definition[OFFERED].agents == 12
    assert by_definition[ANSWERED].agents == 11
    assert by_definition[VIRTUAL].agents == 12
    result = by_definition[OFFERED]
    assert result.service_level == pytest.approx(0.82558, abs=5e-6)
    assert result.abandonment_probability == pytest.approx(0.061597, abs=5e-7)
    assert result.abandoned_contacts == pytest.approx(6.1597, abs=5e-5)
    assert result.mean_patience_s == 120.0


def test_erlang_a_answered_plus_abandoned_is_everyone() -> None:
    # P(answered) comes from occupancy, P(abandon) from its own series.
    for traffic, agents, patience in [(10.0, 12, 120.0), (50.0, 40, 30.0), (2.0, 1, 600.0)]:
        metrics = erlang_a_metrics(traffic, agents, 240, 20, patience)
        answered = metrics.occupancy * agents / traffic
        assert answered + metrics.abandonment_probability == pytest.approx(1.0, rel=1e-13)
        # Little's law: mean time in queue over everyone = P(abandon) x patience.
        assert metrics.average_wait_all_s == pytest.approx(
            metrics.abandonment_probability * patience, rel=1e-15
        )


def test_huge_queues_stay_finite() -> None:
    for metrics in (
        erlang_c_metrics(50_000.0, 50_200, 300, 20),
        erlang_a_metrics(50_000.0, 50_200, 300, 20, 180),
        erlang_a_metrics(50_000.0, 40_000, 300, 20, 180),  # 20 % short-staffed
        erlang_a_metrics(0.01, 1, 300, 20, 180),
        erlang_a_metrics(20_000.0, 1, 300, 20, 60),
    ):
        values = [
            metrics.probability_of_waiting,
            metrics.service_level,
            metrics.average_speed_of_answer_s,
            metrics.occupancy,
            metrics.abandonment_probability,
        ]
        assert all(math.isfinite(v) and v >= 0 for v in values), metrics
        assert metrics.service_level <= 1 and metrics.probability_of_waiting <= 1
    assert erlang_b(100_000.0, 100_500) == pytest.approx(
        erlang_b(100_000.0, 100_499) * 100_000 / (100_500 + 100_000 * erlang_b(100_000.0, 100_499)),
        rel=1e-12,
    )
    overloaded = erlang_a_metrics(50_000.0, 40_000, 300, 20, 180)
    assert overloaded.abandonment_probability == pytest.approx(0.2, abs=0.01)


# ---------------------------------------------------------------------------
# Zero traffic and validation
# ---------------------------------------------------------------------------


def test_no_contacts_needs_no_agents() -> None:
    for result in (
        required_agents_erlang_c(0, 900, 300, 20, 0.8, shrinkage=0.3),
        required_agents_erlang_a(0, 900, 300, 20, 0.8, 120),
    ):
        assert result.agents == 0
        assert result.agents_with_shrinkage == 0
        assert result.service_level == 1.0
        assert result.probability_of_waiting == 0.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"service_level_target": 1.0},
        {"service_level_target": -0.1},
        {"shrinkage": 1.0},
        {"shrinkage": -0.2},
        {"max_occupancy": 0.0},
        {"max_occupancy": 1.2},
        {"max_average_speed_of_answer_s": 0.0},
        {"contacts": -1},
        {"interval_s": 0},
        {"average_handle_time_s": 0},
        {"target_answer_time_s": -1.0},
        {"contacts": math.inf},
        {"contacts": math.nan},
    ],
)
def test_invalid_inputs_are_rejected(kwargs: dict[str, float]) -> None:
    arguments: dict[str, float] = {
        "contacts": 100,
        "interval_s": 1800,
        "average_handle_time_s": 180,
        "target_answer_time_s": 20,
        "service_level_target": 0.8,
    }
    arguments.update(kwargs)
    with pytest.raises(ValueError):
        required_agents_erlang_c(**arguments)


def test_invalid_patience_is_rejected() -> None:
    for patience in (0.0, -5.0, math.inf):
        with pytest.raises(ValueError):
            required_agents_erlang_a(100, 1800, 180, 20, 0.8, patience)
        with pytest.raises(ValueError):
            erlang_a_metrics(10.0, 12, 180, 20, patience)


def test_results_are_frozen() -> None:
    result = required_agents_erlang_c(100, 1800, 180, 20, 0.8)
    with pytest.raises(AttributeError):
        result.agents = 3  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Planning many intervals
# ---------------------------------------------------------------------------


def week_of_volumes() -> list[int]:
    """672 fifteen-minute intervals: closed at night, two daily peaks, 0-400 contacts."""
    volumes = []
    for day in range(7):
        weekend = day >= 5
        for slot in range(96):
            hour = slot / 4
            if hour < 7 or hour >= 22:
                volumes.append(0)
                continue
            shape = math.exp(-(((hour - 10.5) / 2.0) ** 2)) + 0.8 * math.exp(
                -(((hour - 15.5) / 2.5) ** 2)
            )
            peak = 200 if weekend else 400
            volumes.append(min(400, round(20 + peak * shape)))
    return volumes


def test_plan_intervals_matches_single_interval_staffing() -> None:
    volumes = week_of_volumes()
    assert len(volumes) == 672
    assert max(volumes) == 400
    plan = plan_intervals(
        volumes,
        interval_s=900,
        average_handle_time_s=300,
        target_answer_time_s=20,
        service_level_target=0.8,
        shrinkage=0.3,
    )
    assert len(plan) == 672
    for volume, result in list(zip(volumes, plan, strict=True))[::7]:
        single = required_agents_erlang_c(volume, 900, 300, 20, 0.8, shrinkage=0.3)
        assert result == single
    assert plan[0].agents == 0  # midnight, no contacts
    busiest = max(plan, key=lambda r: r.contacts)
    assert busiest.traffic_erlangs == pytest.approx(busiest.contacts / 3)
    assert busiest.agents > busiest.traffic_erlangs
    assert all(isinstance(r, StaffingResult) and r.service_level >= 0.8 for r in plan)


def test_plan_intervals_erlang_a_and_per_interval_handle_times() -> None:
    volumes = [0, 40, 120, 400, 250]
    handle_times = [300, 280, 300, 320, 310]
    plan = plan_intervals(
        volumes,
        average_handle_time_s=handle_times,
        target_answer_time_s=20,
        service_level_target=0.8,
        mean_patience_s=90,
        service_level_definition=VIRTUAL,
    )
    for volume, handle, result in zip(volumes, handle_times, plan, strict=True):
        assert result == required_agents_erlang_a(
            volume, 900, handle, 20, 0.8, 90, service_level_definition=VIRTUAL
        )
    assert [r.model for r in plan] == [QueueModel.ERLANG_A] * 5
    with pytest.raises(ValueError):
        plan_intervals(
            volumes,
            average_handle_time_s=[300, 300],
            target_answer_time_s=20,
            service_level_target=0.8,
        )


def test_plan_a_week_quickly() -> None:
    volumes = week_of_volumes()
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        plan_intervals(
            volumes, average_handle_time_s=300, target_answer_time_s=20, service_level_target=0.8
        )
        timings.append(time.perf_counter() - start)
    # Target is well under 1 s; the bound is loose for busy CI hosts.
    assert min(timings) < 1.0
