"""Benchmark the staffing search in staffing.erlang.

Run from the repository root:

    .venv/bin/python bench/bench_erlang.py [--repetitions 50]

Prints the median and 95th percentile wall time of:

* required agents for 10,000 Erlangs under Erlang C (target < 5 ms),
* the same under Erlang A (2-minute and 10-minute mean patience),
* a week of 672 fifteen-minute intervals (0-400 contacts each, AHT 300 s),
  planned with Erlang C and with Erlang A (target < 1 s).

Every timed call builds its own state: nothing is cached between repetitions.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from staffing.erlang import (
    plan_intervals,
    required_agents_erlang_a,
    required_agents_erlang_c,
)

# 10,000 Erlangs: 100,000 contacts per 30 minutes at 180 s each.
CONTACTS = 100_000
INTERVAL_S = 1800
HANDLE_S = 180


def week_of_volumes() -> list[int]:
    """672 fifteen-minute intervals: closed at night, two daily peaks, 0-400 contacts."""
    volumes = []
    for day in range(7):
        peak = 200 if day >= 5 else 400
        for slot in range(96):
            hour = slot / 4
            if hour < 7 or hour >= 22:
                volumes.append(0)
                continue
            shape = math.exp(-(((hour - 10.5) / 2.0) ** 2)) + 0.8 * math.exp(
                -(((hour - 15.5) / 2.5) ** 2)
            )
            volumes.append(min(400, round(20 + peak * shape)))
    return volumes


def summarise(samples: list[float]) -> tuple[float, float]:
    """(median, p95) of samples in seconds, as milliseconds."""
    ordered = sorted(sample * 1000.0 for sample in samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def measure(action: Callable[[], object], repetitions: int) -> tuple[float, float, float, float]:
    """Wall-clock and CPU (median, p95) in milliseconds, after one untimed warm-up.

    CPU time (this thread's) is shown beside wall time because on a shared
    host the wall-clock tail mostly measures other processes.
    """
    action()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repetitions):
        wall_start = time.perf_counter()
        cpu_start = time.thread_time()
        action()
        cpu.append(time.thread_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return (*summarise(wall), *summarise(cpu))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=50)
    repetitions = parser.parse_args().repetitions
    volumes = week_of_volumes()

    c_result = required_agents_erlang_c(CONTACTS, INTERVAL_S, HANDLE_S, 20, 0.8)
    a_short = required_agents_erlang_a(CONTACTS, INTERVAL_S, HANDLE_S, 20, 0.8, 120)
    a_long = required_agents_erlang_a(CONTACTS, INTERVAL_S, HANDLE_S, 20, 0.8, 600)

    cases: list[tuple[str, str, Callable[[], object], float]] = [
        (
            f"Erlang C, 10,000 Erlangs, 80/20 -> {c_result.agents} agents",
            "5 ms",
            lambda: required_agents_erlang_c(CONTACTS, INTERVAL_S, HANDLE_S, 20, 0.8),
            5.0,
        ),
        (
            f"Erlang A, 10,000 Erlangs, 80/20, patience 120 s -> {a_short.agents}",
            "5 ms",
            lambda: required_agents_erlang_a(CONTACTS, INTERVAL_S, HANDLE_S, 20, 0.8, 120),
            5.0,
        ),
        (
            f"Erlang A, 10,000 Erlangs, 80/20, patience 600 s -> {a_long.agents}",
            "5 ms",
            lambda: required_agents_erlang_a(CONTACTS, INTERVAL_S, HANDLE_S, 20, 0.8, 600),
            5.0,
        ),
        (
            "Week, 672 x 15 min, Erlang C, AHT 300 s, 80/20, 30 % shrinkage",
            "1 s",
            lambda: plan_intervals(
                volumes,
                average_handle_time_s=300,
                target_answer_time_s=20,
                service_level_target=0.8,
                shrinkage=0.3,
            ),
            1000.0,
        ),
        (
            "Week, 672 x 15 min, Erlang A, patience 120 s, AHT 300 s, 80/20",
            "1 s",
            lambda: plan_intervals(
                volumes,
                average_handle_time_s=300,
                target_answer_time_s=20,
                service_level_target=0.8,
                mean_patience_s=120,
            ),
            1000.0,
        ),
    ]

    print(f"{repetitions} repetitions each; times in milliseconds")
    print(f"{'':<74} {'wall-clock':>19}  {'CPU':>19}")
    print(f"{'case':<74} {'median':>9} {'p95':>9}  {'median':>9} {'p95':>9}  target")
    for label, target_text, action, target_ms in cases:
        median, p95, cpu_median, cpu_p95 = measure(action, repetitions)
        verdict = "ok" if p95 < target_ms else ("ok on median" if median < target_ms else "OVER")
        print(
            f"{label:<74} {median:9.3f} {p95:9.3f}  {cpu_median:9.3f} {cpu_p95:9.3f}"
            f"  < {target_text}: {verdict}"
        )


if __name__ == "__main__":
    main()
