"""Queueing mathematics for agent staffing: Erlang B, Erlang C and Erlang A.

Pure Python, no Django. Everything here works on one interval at a time (a
stationary queue); `plan_intervals` repeats that over a day or a week.

Vocabulary, kept apart in every name:

* **target answer time** (`target_answer_time_s`): the threshold *t* inside a
  service-level promise such as "80 % answered within 20 s".
* **average speed of answer** (`average_speed_of_answer_s`): the *mean* wait of
  answered contacts. A ceiling on it is `max_average_speed_of_answer_s`.

Units: all times are seconds (`*_s`). Traffic is in Erlangs: contacts per
interval times average handle time, divided by the interval length.

Models:

* **Erlang B** (M/M/n/n): blocked contacts are lost. Used for completeness.
* **Erlang C** (M/M/n): infinitely patient callers. Stable only when
  agents > traffic; otherwise results are marked ``stable=False`` with a wait
  probability of 1, a service level of 0 and an infinite average speed of answer.
* **Erlang A** (M/M/n+M, Palm's model): callers abandon after an exponentially
  distributed patience with mean `mean_patience_s`. Always stable, because the
  queue drains through abandonment however few agents there are.

Numerical approach (see the helpers for the details):

* Erlang B uses the recursion B(0)=1, B(n) = A B(n-1) / (n + A B(n-1)). Every
  step is a contraction, so rounding errors shrink instead of growing, and no
  factorial or power of A is ever formed: 100 000 agents are as safe as 10.
* Erlang C comes from Erlang B: C = n B / ((n - A) + A B).
* Erlang A needs the Kummer series M(x, y) = sum_k y^k / ((x+1)(x+2)...(x+k))
  (a scaled incomplete gamma function). It is summed outward from its largest
  term with that term's logarithm carried separately, and every probability
  is assembled in log space, so nothing overflows or underflows even when the
  series itself would be e^50000.

Exact staffing arithmetic: shrinkage and occupancy ceilings are computed with
`fractions.Fraction` after reading each float as the shortest decimal that
prints as it (``Fraction(repr(x))``), so ``ceil(21 / (1 - 0.3))`` is 30, the
answer a planner expects, not the 31 that binary floating point would give.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "QueueMetrics",
    "QueueModel",
    "ServiceLevelDefinition",
    "StaffingResult",
    "agents_after_shrinkage",
    "agents_for_blocking",
    "erlang_a_metrics",
    "erlang_b",
    "erlang_c",
    "erlang_c_metrics",
    "plan_intervals",
    "required_agents_erlang_a",
    "required_agents_erlang_c",
    "traffic_erlangs",
]

type Number = int | float | Fraction | Decimal

# Relative size below which a remaining series tail is ignored. Below double
# precision's unit roundoff (2.2e-16), so truncation never shows in a result.
_SERIES_EPSILON = 1e-17

# Upper limit for the agent search. It is only reached with an unattainable
# combination of targets; a real desk never comes near it.
_MAX_AGENTS = 50_000_000


class QueueModel(StrEnum):
    """Which queueing model produced a result."""

    ERLANG_C = "erlang_c"
    ERLANG_A = "erlang_a"


class ServiceLevelDefinition(StrEnum):
    """How "service level" is counted once callers may abandon (Erlang A).

    With V the virtual waiting time (the wait an infinitely patient arrival
    would have), tau the caller's patience and t the target answer time, a
    contact is answered when V <= tau and then waits exactly V:

    * ``ANSWERED_WITHIN_TARGET_OVER_OFFERED``:
      P(answered and V <= t) = P(V <= t, V <= tau). Abandoned contacts count
      as misses. The strictest of the three and the default.
    * ``ANSWERED_WITHIN_TARGET_OVER_ANSWERED``:
      P(V <= t | answered) = P(V <= t, V <= tau) / P(V <= tau). Abandoned
      contacts are left out of numerator and denominator.
    * ``VIRTUAL_WAIT_WITHIN_TARGET``: P(V <= t), the chance that an arrival
      would be reached within t if it waited.

    They are always ordered: over offered <= virtual wait <= over answered.
    The first step is plain inclusion; the second holds because patience is
    independent of V, so the answered contacts are V reweighted by the answer
    chance e^(-V / patience), which favours short waits (Chebyshev's
    association inequality). Under Erlang C nobody abandons and all three
    coincide.
    """

    ANSWERED_WITHIN_TARGET_OVER_OFFERED = "answered_within_target_over_offered"
    ANSWERED_WITHIN_TARGET_OVER_ANSWERED = "answered_within_target_over_answered"
    VIRTUAL_WAIT_WITHIN_TARGET = "virtual_wait_within_target"


@dataclass(frozen=True, slots=True)
class QueueMetrics:
    """Steady-state performance of one interval with a given number of agents.

    Attributes:
        model: Erlang C or Erlang A.
        traffic_erlangs: offered load A = arrival rate x average handle time.
        agents: agents answering contacts (after shrinkage is taken out).
        stable: False only for Erlang C with agents <= traffic, where the
            queue grows without bound. Erlang A is always stable.
        target_answer_time_s: the threshold t used for `service_level`.
        service_level: fraction answered within t (see
            `service_level_definition`); 0.0 when unstable.
        service_level_definition: how abandonment is counted (Erlang A); None
            for Erlang C, where the definitions agree.
        probability_of_waiting: P(an arrival finds every agent busy); 1.0
            when unstable.
        average_speed_of_answer_s: mean wait of answered contacts; math.inf
            when unstable (or, under Erlang A, when no agent is staffed).
        average_wait_all_s: mean time in queue over every offered contact,
            abandoned ones included (equals the average speed of answer under
            Erlang C).
        occupancy: fraction of staffed time spent handling contacts,
            carried traffic / agents; 1.0 when unstable.
        abandonment_probability: fraction of contacts that abandon (0.0 under
            Erlang C).
    """

    model: QueueModel
    traffic_erlangs: float
    agents: int
    stable: bool
    target_answer_time_s: float
    service_level: float
    service_level_definition: ServiceLevelDefinition | None
    probability_of_waiting: float
    average_speed_of_answer_s: float
    average_wait_all_s: float
    occupancy: float
    abandonment_probability: float


@dataclass(frozen=True, slots=True)
class StaffingResult:
    """The fewest agents meeting every target for one interval, and how they perform.

    Inputs echoed back: `contacts` (forecast for the interval), `interval_s`,
    `average_handle_time_s`, `target_answer_time_s`, `service_level_target`,
    `service_level_definition` (None under Erlang C), `max_occupancy`,
    `max_average_speed_of_answer_s`, `mean_patience_s` (None under Erlang C)
    and `shrinkage`.

    Staffing:
        agents: the minimum number answering contacts that meets every target.
        agents_with_shrinkage: the number to schedule so that `agents` remain
            after shrinkage (breaks, training, absence):
            ceil(agents / (1 - shrinkage)), computed exactly.

    Performance with exactly `agents` agents (see `QueueMetrics`):
        traffic_erlangs, stable, service_level, probability_of_waiting,
        average_speed_of_answer_s (mean wait of answered contacts),
        average_wait_all_s, occupancy, abandonment_probability, and
        abandoned_contacts: expected abandoned contacts in the interval,
        contacts x abandonment_probability (0 under Erlang C).
    """

    model: QueueModel
    contacts: float
    interval_s: float
    average_handle_time_s: float
    traffic_erlangs: float
    target_answer_time_s: float
    service_level_target: float
    service_level_definition: ServiceLevelDefinition | None
    max_occupancy: float | None
    max_average_speed_of_answer_s: float | None
    mean_patience_s: float | None
    shrinkage: float
    agents: int
    agents_with_shrinkage: int
    stable: bool
    service_level: float
    probability_of_waiting: float
    average_speed_of_answer_s: float
    average_wait_all_s: float
    occupancy: float
    abandonment_probability: float
    abandoned_contacts: float


# ---------------------------------------------------------------------------
# Exact input arithmetic
# ---------------------------------------------------------------------------


def _exact(value: Number, name: str) -> Fraction:
    """The value as an exact fraction, reading a float as the decimal it prints as.

    Why: 0.7 is stored as 0.6999999999999999555910790149937..., so 21 / 0.7 in
    binary is 30.000000000000004 and its ceiling 31. Planners type decimals, so
    the decimal they typed is the value to honour: Fraction(repr(0.7)) == 7/10.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not a bool")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{name} must be finite, not {value}")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, not {value}")
        if value.is_integer():
            return Fraction(int(value))
        return Fraction(repr(value))
    raise TypeError(f"{name} must be a number, not {type(value).__name__}")


def _ceil_fraction(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def traffic_erlangs(contacts: Number, interval_s: Number, average_handle_time_s: Number) -> float:
    """Offered traffic in Erlangs: contacts x average handle time / interval length.

    >>> traffic_erlangs(100, 1800, 180)
    10.0
    """
    return float(_traffic_exact(contacts, interval_s, average_handle_time_s))


def _traffic_exact(contacts: Number, interval_s: Number, average_handle_time_s: Number) -> Fraction:
    n_contacts = _exact(contacts, "contacts")
    interval = _exact(interval_s, "interval_s")
    handle = _exact(average_handle_time_s, "average_handle_time_s")
    if n_contacts < 0:
        raise ValueError("contacts must be >= 0")
    if interval <= 0:
        raise ValueError("interval_s must be > 0")
    if handle <= 0:
        raise ValueError("average_handle_time_s must be > 0")
    return n_contacts * handle / interval


def agents_after_shrinkage(agents: int, shrinkage: Number) -> int:
    """Agents to schedule so that `agents` remain after `shrinkage` is taken out.

    ceil(agents / (1 - shrinkage)), computed in exact rational arithmetic on the
    decimal value of `shrinkage` (see `_exact`): 21 agents at 30 % shrinkage
    gives 30, not 31.
    """
    if agents < 0:
        raise ValueError("agents must be >= 0")
    loss = _exact(shrinkage, "shrinkage")
    if not 0 <= loss < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    return _ceil_fraction(Fraction(agents) / (1 - loss))


# ---------------------------------------------------------------------------
# Erlang B and C
# ---------------------------------------------------------------------------


def _check_traffic(traffic: float) -> float:
    value = float(traffic)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError("traffic_erlangs must be finite and >= 0")
    return value


def _check_agents(agents: int) -> int:
    if isinstance(agents, bool) or not isinstance(agents, int):
        raise TypeError("agents must be an int")
    if agents < 0:
        raise ValueError("agents must be >= 0")
    return agents


class _BlockingTable:
    """Erlang B values B(n) for one traffic A, computed on demand for any n.

    Why a table: a staffing search probes several agent counts near each
    other; a count just past the computed range costs one recursion step
    each, not a fresh run.

    Why this recursion: B(n) = A B / (n + A B) is increasing in B(n-1) and in
    log space its slope is 1 - B(n), below 1: relative errors in B(n-1) shrink
    by that factor at every step, so the recursion is stable upward for any
    n and A. For n far above A, B underflows to 0.0, the correctly rounded
    value.

    Why a warm start: running the recursion from B(0) = 1 costs n steps
    (10,000 for a 10,000-agent queue), yet the contraction forgets the start
    long before. For large A the run instead starts L = 12 sqrt(A) + 16 steps
    below min(n, A) at n0, from b0 = 1 - n0/A. Two facts make this rigorous:
    1 - n0/A < B(n0) <= A/(n0 + A) (carried traffic is below n0; and
    B(n0) <= A/(n0 + A) since B(n0 - 1) <= 1), so the start is a lower bound
    whose log error is at most -log(1 - (n0/A)^2); and because the map is
    increasing, the run stays below the true values, so the slopes 1 - b_k
    of the computed run bound the contraction. Values are used only once the
    bound, log error x prod(1 - b_k), is under 1e-17; if that never happens
    the run restarts from B(0) = 1.
    """

    __slots__ = ("_base", "_reach", "_traffic", "_values")

    def __init__(self, traffic: float) -> None:
        self._traffic = traffic
        self._base = 0  # _values[i] is B(_base + i)
        self._values = [1.0]
        self._reach = 64 + int(4.0 * math.sqrt(traffic))

    def __getitem__(self, agents: int) -> float:
        offset = agents - self._base
        values = self._values
        if 0 <= offset < len(values):
            return values[offset]
        if len(values) <= offset <= len(values) + self._reach:
            self._extend(agents)
        else:
            self._warm_run(agents)
        return self._values[agents - self._base]

    def _extend(self, agents: int) -> None:
        values = self._values
        traffic = self._traffic
        blocking = values[-1]
        append = values.append
        for k in range(self._base + len(values), agents + 1):
            carried = traffic * blocking
            blocking = carried / (k + carried)
            append(blocking)

    def _warm_run(self, agents: int) -> None:
        """Replace the table by B(base..agents), warm-started when that is safe."""
        traffic = self._traffic
        start = min(agents, math.floor(traffic)) - (int(12.0 * math.sqrt(traffic)) + 16)
        if start > 0:
            fraction = start / traffic
            blocking = 1.0 - fraction
            log_error = -math.log1p(-fraction * fraction)
            for k in range(start + 1, agents + 1):
                carried = traffic * blocking
                blocking = carried / (k + carried)
                log_error *= 1.0 - blocking
                if log_error < 1e-17:
                    self._base, self._values = k, [blocking]
                    self._extend(agents)
                    return
        self._base, self._values = 0, [1.0]
        self._extend(agents)


def erlang_b(traffic_erlangs: float, agents: int) -> float:
    """Erlang B blocking probability: the share of contacts lost when all agents are busy.

    B(n, A) = (A^n / n!) / sum_{k=0..n} A^k / k!, evaluated with the stable
    recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)).
    """
    traffic = _check_traffic(traffic_erlangs)
    n = _check_agents(agents)
    return _BlockingTable(traffic)[n]


def agents_for_blocking(traffic_erlangs: float, max_blocking_probability: float) -> int:
    """The fewest agents whose Erlang B blocking probability is at most the target.

    B(n, A) falls strictly as n grows, so the first n met while running the
    recursion upward is the smallest one. No traffic needs no agents.
    """
    traffic = _check_traffic(traffic_erlangs)
    if not 0 < max_blocking_probability <= 1:
        raise ValueError("max_blocking_probability must be in (0, 1]")
    if traffic == 0:
        return 0
    blocking = 1.0
    agents = 0
    while blocking > max_blocking_probability:
        agents += 1
        carried = traffic * blocking
        blocking = carried / (agents + carried)
    return agents


def erlang_c(traffic_erlangs: float, agents: int) -> float:
    """Erlang C: probability that an arrival waits, in the M/M/n queue.

    C(n, A) = n B / (n - A (1 - B)) with B = B(n, A). Returns 1.0 when
    agents <= traffic: the queue is then unstable and everyone waits.
    """
    traffic = _check_traffic(traffic_erlangs)
    n = _check_agents(agents)
    if n <= traffic:
        return 1.0
    blocking = _BlockingTable(traffic)[n]
    return _erlang_c_from_b(traffic, n, n - traffic, blocking)


def _erlang_c_from_b(traffic: float, agents: int, surplus: float, blocking: float) -> float:
    # n - A (1 - B) is rewritten as (n - A) + A B: both terms positive, so a
    # barely stable queue (n - A small) loses no digits to cancellation.
    return agents * blocking / (surplus + traffic * blocking)


def _unstable_c(traffic: float, agents: int, target_answer_time_s: float) -> QueueMetrics:
    return QueueMetrics(
        model=QueueModel.ERLANG_C,
        traffic_erlangs=traffic,
        agents=agents,
        stable=False,
        target_answer_time_s=target_answer_time_s,
        service_level=0.0,
        service_level_definition=None,
        probability_of_waiting=1.0,
        average_speed_of_answer_s=math.inf,
        average_wait_all_s=math.inf,
        occupancy=1.0,
        abandonment_probability=0.0,
    )


def _idle_metrics(
    model: QueueModel,
    agents: int,
    target_answer_time_s: float,
    definition: ServiceLevelDefinition | None,
) -> QueueMetrics:
    # No traffic at all: nobody waits, nobody abandons, every promise is kept.
    return QueueMetrics(
        model=model,
        traffic_erlangs=0.0,
        agents=agents,
        stable=True,
        target_answer_time_s=target_answer_time_s,
        service_level=1.0,
        service_level_definition=definition,
        probability_of_waiting=0.0,
        average_speed_of_answer_s=0.0,
        average_wait_all_s=0.0,
        occupancy=0.0,
        abandonment_probability=0.0,
    )


def _erlang_c_eval(
    traffic: float,
    agents: int,
    surplus: float,
    blocking: float,
    handle_s: float,
    target_answer_time_s: float,
) -> QueueMetrics:
    """Erlang C metrics for a stable queue; `surplus` is n - A, passed in exactly."""
    p_wait = _erlang_c_from_b(traffic, agents, surplus, blocking)
    # Waits of delayed contacts are exponential with rate (n - A) / AHT.
    service_level = 1.0 - p_wait * math.exp(-surplus * target_answer_time_s / handle_s)
    speed = p_wait * handle_s / surplus
    return QueueMetrics(
        model=QueueModel.ERLANG_C,
        traffic_erlangs=traffic,
        agents=agents,
        stable=True,
        target_answer_time_s=target_answer_time_s,
        service_level=min(1.0, max(0.0, service_level)),
        service_level_definition=None,
        probability_of_waiting=p_wait,
        average_speed_of_answer_s=speed,
        average_wait_all_s=speed,
        occupancy=traffic / agents,
        abandonment_probability=0.0,
    )


def _check_times(handle_s: float, target_answer_time_s: float) -> tuple[float, float]:
    handle = float(handle_s)
    target = float(target_answer_time_s)
    if not (math.isfinite(handle) and handle > 0):
        raise ValueError("average_handle_time_s must be finite and > 0")
    if not (math.isfinite(target) and target >= 0):
        raise ValueError("target_answer_time_s must be finite and >= 0")
    return handle, target


def erlang_c_metrics(
    traffic_erlangs: float,
    agents: int,
    average_handle_time_s: float,
    target_answer_time_s: float,
) -> QueueMetrics:
    """Erlang C (M/M/n) performance with `agents` agents.

    With A the traffic, n the agents, C = erlang_c(A, n) and t the target
    answer time:

    * service level   SL  = 1 - C exp(-(n - A) t / AHT)
    * average speed of answer ASA = C AHT / (n - A)
    * occupancy       = A / n

    When n <= A the queue is unstable and the result says so (``stable=False``,
    probability of waiting 1, service level 0, ASA math.inf) instead of
    returning numbers that mean nothing.
    """
    traffic = _check_traffic(traffic_erlangs)
    n = _check_agents(agents)
    handle, target = _check_times(average_handle_time_s, target_answer_time_s)
    if traffic == 0:
        return _idle_metrics(QueueModel.ERLANG_C, n, target, None)
    if n <= traffic:
        return _unstable_c(traffic, n, target)
    return _erlang_c_eval(traffic, n, n - traffic, _BlockingTable(traffic)[n], handle, target)


# ---------------------------------------------------------------------------
# Erlang A
# ---------------------------------------------------------------------------


def _logistic(z: float) -> float:
    """1 / (1 + e^-z) without overflow for any z."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _harmonic_shift(z: float, count: int) -> float:
    """sum_{i=0}^{count-1} 1 / (z + i), i.e. digamma(z + count) - digamma(z), for z > 0.

    Short sums are added directly. Long ones use the asymptotic series of the
    digamma function, written as a difference so that the leading logarithms
    combine into log1p(count / z) and lose no digits when z is huge.
    """
    if count <= 64:
        return sum(1.0 / (z + i) for i in range(count))
    total = 0.0
    while z < 16.0:
        total += 1.0 / z
        z += 1.0
        count -= 1
    w = z + count

    def tail(u: float) -> float:
        v = 1.0 / (u * u)
        # -sum B_2k / (2k u^2k) for k = 1..5; the next term is below 1e-16 for u >= 16.
        return -v * (1 / 12 - v * (1 / 120 - v * (1 / 252 - v * (1 / 240 - v / 132))))

    return total + math.log1p(count / z) - 0.5 * (1.0 / w - 1.0 / z) + (tail(w) - tail(z))


def _log_rising(x: float, start: int, stop: int, divisor: float = 1.0) -> float:
    """sum_{j=start+1..stop} log((x + j) / divisor); log((x+1)...(x+stop)) for start=0.

    The factors are multiplied in runs short enough that no run's product
    can leave the float range, and one logarithm is taken per run. The cost
    is one multiplication per factor, and the result carries a relative
    error of about one ulp per factor on the product, i.e. an absolute error
    of ~1e-16 x count on the logarithm. That absolute accuracy is what
    callers need, since the value feeds an exponent. (Why not lgamma
    differences: lgamma(x+k) is of order x log x, so subtracting two of them
    loses ~1e-16 x x log x absolutely, ~1e-11 for a 10,000-agent queue.)
    """
    if stop <= start:
        return 0.0
    # The factors are monotone in j, so the ends bound every log factor.
    widest = max(
        abs(math.log((x + start + 1) / divisor)), abs(math.log((x + stop) / divisor)), 1e-3
    )
    run = max(1, int(600.0 / widest))
    total = 0.0
    for first in range(start + 1, stop + 1, run):
        product = 1.0
        for j in range(first, min(first + run, stop + 1)):
            product *= (x + j) / divisor
        total += math.log(product)
    return total


@dataclass(frozen=True, slots=True)
class _KummerSums:
    """Sums over t_k = y^k / ((x+1)(x+2)...(x+k)), k >= 0, scaled by their largest term.

    With t_peak the largest term (at index `peak`, log value `log_peak`):

    total:    sum_k t_k / t_peak                  (M(x, y) = Kummer's 1F1(1; x+1; y))
    tail:     sum_{k>=1} t_k / t_peak             (M(x, y) - 1, without cancellation)
    abandon:  sum_k t_k (k+1) / (x+k+1) / t_peak
    wait:     sum_k t_k x h_k / (x+k+1) / t_peak, h_k = sum_{i=0..k} 1 / (x+1+i)

    The last two are only filled in when asked for (else 0).
    """

    peak: int
    log_peak: float
    total: float
    tail: float
    abandon: float
    wait: float


def _terms_needed(scale: float, slope: float, moments: bool) -> int:
    """Roughly how many terms from the peak until they fall below 1e-17 of it.

    Away from the peak log t changes by about -slope j - j^2 / (2 scale)
    after j steps; solving for a drop of 41 (plus log sqrt(scale) when the
    weighted sums, whose weights can be ~1/sqrt(scale), must converge too)
    sizes the first batch so that one batch usually does.
    """
    drop = 41.0 + (0.5 * math.log(scale) if moments else 0.0)
    return 16 + int(1.1 * 2.0 * drop / (slope + math.sqrt(slope * slope + 2.0 * drop / scale)))


def _kummer_sums(x: float, y: float, moments: bool) -> _KummerSums:
    """Sum the Kummer series and its weighted variants in scaled form.

    Why outward from the peak: when y > x the terms first grow (ratio
    y / (x+k) > 1) to something like e^(y - x log(y/x)), far beyond the float
    range for a big call centre. Scaling every term by the largest one keeps
    all partial sums in [1, ~sqrt(y)]; the peak's logarithm is kept apart.

    Why the stopping rule is safe: beyond the peak each ratio is below 1 and
    keeps falling, so the unsummed tail after term t with next ratio q is at
    most t q / (1 - q). Summing stops once that bound drops under
    _SERIES_EPSILON of every sum, each weight being at most 1. The same holds
    walking down from the peak, where the ratios (x+k)/y fall as k falls.

    Why batches: near a critically loaded queue the series needs about
    sqrt(80 x) terms (some 700 for 10,000 agents). The loops run a batch
    sized by `_terms_needed` without tests, then check the tail bound; terms
    summed past the point where it first held are positive and negligible.
    Each batch is summed on its own before joining the total, which keeps
    the rounding error of the sums near sqrt(terms) ulps.
    """
    if y <= 0.0:
        # Only t_0 = 1 survives.
        first = 1.0 / (x + 1.0)
        return _KummerSums(0, 0.0, 1.0, 0.0, first, x * first * first)

    peak = max(0, math.floor(y - x))
    # log t_peak = peak log y - log((x+1)...(x+peak)) = -sum_j log((x+j)/y):
    # near the peak (x+j)/y is close to 1, so each logarithm is small.
    log_peak = -_log_rising(x, 0, peak, divisor=y)
    eps = _SERIES_EPSILON
    x1 = x + 1.0

    # The peak term itself (value 1 after scaling).
    total = 1.0
    tail = 1.0 if peak >= 1 else 0.0
    harmonic = _harmonic_shift(x1, peak + 1) if moments else 0.0
    abandon = (peak + 1) / (x1 + peak) if moments else 0.0
    wait = x * harmonic / (x1 + peak) if moments else 0.0

    # Upward from the peak: t_k = t_{k-1} y / (x + k) for k = peak+1, peak+2, ...
    term = 1.0
    h = harmonic
    k = peak  # index of the last term summed
    batch = _terms_needed(x + k + 1, math.log((x + k + 1) / y), moments)
    while True:
        part = part_abandon = part_wait = 0.0
        if moments:
            for j in range(k + 1, k + 1 + batch):
                term *= y / (x + j)
                part += term
                inverse = 1.0 / (x1 + j)
                h += inverse
                weighted = term * inverse
                part_abandon += weighted * (j + 1)
                part_wait += weighted * h
            abandon += part_abandon
            wait += x * part_wait
        else:
            for j in range(k + 1, k + 1 + batch):
                term *= y / (x + j)
                part += term
        total += part
        tail += part
        k += batch
        ratio = y / (x + k + 1)
        smallest = min(tail, abandon, wait) if moments else tail
        if term * ratio < eps * smallest * (1.0 - ratio):
            break
        batch = max(32, batch // 2)

    # Downward from the peak: t_{j-1} = t_j (x + j) / y for j = peak, peak-1, ..., 1.
    term = 1.0
    h = harmonic
    k = peak  # index of the last term summed
    batch = _terms_needed(x + k, math.log(y / (x + k)), moments) if k else 0
    while k > 0:
        low = max(0, k - batch)  # this batch adds t_{k-1} ... t_low
        part = part_abandon = part_wait = 0.0
        if moments:
            for j in range(k, low, -1):
                # New term index j - 1: weights j / (x + j) and x h_{j-1} / (x + j),
                # with h_{j-1} = h_j - 1 / (x + 1 + j).
                term *= (x + j) / y
                part += term
                h -= 1.0 / (x1 + j)
                weighted = term / (x + j)
                part_abandon += weighted * j
                part_wait += weighted * h
            abandon += part_abandon
            wait += x * part_wait
        else:
            for j in range(k, low, -1):
                term *= (x + j) / y
                part += term
        total += part
        tail += part - (term if low == 0 else 0.0)
        k = low
        if k == 0:
            break
        ratio = (x + k) / y
        smallest = min(abandon, wait) if moments else tail
        if term * ratio < eps * smallest * (1.0 - ratio):
            break
        batch = max(32, batch // 2)

    return _KummerSums(peak, log_peak, total, tail, abandon, wait)


def _erlang_a_eval(
    traffic: float,
    agents: int,
    blocking: float,
    handle_s: float,
    target_answer_time_s: float,
    patience_s: float,
    definition: ServiceLevelDefinition,
    moments: bool = True,
    target_sums: dict[int, _KummerSums] | None = None,
) -> QueueMetrics:
    """Erlang A metrics for traffic > 0 and agents >= 1, given B = B(agents, traffic).

    With `moments` False the abandonment probability, average speed of
    answer, average wait and occupancy are left as NaN: the staffing search
    skips the two weighted series they need when no target depends on them.
    `target_sums` lets a search keep the series at the target answer time,
    which does not depend on `moments`, for a later full evaluation.

    Notation: mu = 1/AHT, theta = 1/patience, lambda = A mu, n agents,
    x = n mu / theta, a = lambda / theta, M(x, y) = sum_k y^k / ((x+1)...(x+k)).

    The birth-death chain has pi_k proportional to A^k / k! for k <= n and
    pi_{n+m} = pi_n w_m, w_m = a^m / ((x+1)...(x+m)), for queue length m.
    Summing, 1 - P(wait) = pi_n (1/B - 1) and P(wait) = pi_n M(x, a) (Palm;
    Garnett, Mandelbaum and Reiman 2002). Given m callers ahead, the virtual
    wait V is a sum of exponentials with rates n mu + i theta, i = 0..m; its
    Laplace transform mixed over m sums to an incomplete gamma function, and
    for t >= 0, with y = a e^(-theta t):

        P(V > t)               = pi_n e^(a - y - n mu t) M(x, y)
        P(answered, V > t)     = pi_n e^(a - y - n mu t) (x / a) (M(x, y) - 1)
        P(abandon)             = pi_n sum_m w_m (m+1) / (x+m+1)
        E[V; answered]         = pi_n / theta sum_m w_m x h_m / (x+m+1)

    (an arrival with virtual wait v is answered with probability e^(-theta v);
    E[e^(-theta V_m)] = x / (x+m+1)). Every quantity is a positive sum, and
    each is taken relative to P(wait) = pi_n M(x, a), so the huge scale of the
    series cancels exactly instead of through floating-point logarithms.
    """
    mu_over_theta = patience_s / handle_s
    x = agents * mu_over_theta
    a = traffic * mu_over_theta

    at_zero = _kummer_sums(x, a, moments)
    # log((1 - B) / B): the mass of states with an idle agent, relative to pi_n.
    if blocking > 0:
        log_idle = math.log1p(-blocking) - math.log(blocking)
        # P(wait) = M / (M + (1-B)/B), evaluated as a logistic in log space.
        gap = at_zero.log_peak + math.log(at_zero.total) - log_idle
        p_wait = _logistic(gap)
        p_no_wait = _logistic(-gap)
    else:
        # B underflowed: the chance of any wait is below 1e-308.
        p_wait, p_no_wait = 0.0, 1.0

    per_wait = p_wait / at_zero.total  # pi_n t_peak(a), times each scaled sum
    x_over_a = agents / traffic
    p_abandon = per_wait * at_zero.abandon
    # Answered = answered at once + answered from the queue; both positive.
    p_answered = p_no_wait + per_wait * x_over_a * at_zero.tail

    theta_t = target_answer_time_s / patience_s
    y = a * math.exp(-theta_t)
    at_target = None if target_sums is None else target_sums.get(agents)
    if at_target is None:
        at_target = _kummer_sums(x, y, moments=False)
        if target_sums is not None:
            target_sums[agents] = at_target
    # Scale of the sums at y relative to those at a, as an exponent:
    # (a - y - n mu t) + log t_peak(y) - log t_peak(a). Written so the large
    # pieces cancel exactly: a - y = -a expm1(-theta t), and
    # log t_peak(y) - log t_peak(a) = sum_{j=peak(y)+1..peak(a)} log((x+j)/a)
    #                                 - peak(y) theta t,
    # where the sum is -log t_peak(a) less its first peak(y) terms.
    exponent = (
        -a * math.expm1(-theta_t)
        - agents * target_answer_time_s / handle_s
        - at_target.peak * theta_t
        - at_zero.log_peak
        - _log_rising(x, 0, at_target.peak, divisor=a)
    )
    late_scale = per_wait * math.exp(exponent) if exponent < 709.0 else math.inf
    p_virtual_late = min(p_wait, late_scale * at_target.total)
    p_answered_late = min(p_answered, late_scale * x_over_a * at_target.tail)

    answered_in_time = max(0.0, p_answered - p_answered_late)
    if definition is ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_OFFERED:
        service_level = answered_in_time
    elif definition is ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_ANSWERED:
        service_level = answered_in_time / p_answered
    else:
        service_level = 1.0 - p_virtual_late

    if moments:
        wait_answered = per_wait * at_zero.wait * patience_s
        speed = wait_answered / p_answered
        occupancy = min(1.0, traffic * p_answered / agents)
        p_abandon = min(1.0, p_abandon)
    else:
        p_abandon = speed = occupancy = math.nan
    return QueueMetrics(
        model=QueueModel.ERLANG_A,
        traffic_erlangs=traffic,
        agents=agents,
        stable=True,
        target_answer_time_s=target_answer_time_s,
        service_level=min(1.0, max(0.0, service_level)),
        service_level_definition=definition,
        probability_of_waiting=p_wait,
        average_speed_of_answer_s=speed,
        # Little's law on the queue: E[queue] = lambda E[time in queue], and
        # abandonments happen at rate theta E[queue] = lambda P(abandon).
        average_wait_all_s=p_abandon * patience_s,
        occupancy=occupancy,
        abandonment_probability=p_abandon,
    )


def _nobody_staffed_a(
    traffic: float,
    target_answer_time_s: float,
    patience_s: float,
    definition: ServiceLevelDefinition,
) -> QueueMetrics:
    # Zero agents with traffic: every caller waits out its patience and leaves.
    return QueueMetrics(
        model=QueueModel.ERLANG_A,
        traffic_erlangs=traffic,
        agents=0,
        stable=True,
        target_answer_time_s=target_answer_time_s,
        service_level=0.0,
        service_level_definition=definition,
        probability_of_waiting=1.0,
        average_speed_of_answer_s=math.inf,
        average_wait_all_s=patience_s,
        occupancy=0.0,
        abandonment_probability=1.0,
    )


def _check_patience(mean_patience_s: float) -> float:
    patience = float(mean_patience_s)
    if not (math.isfinite(patience) and patience > 0):
        raise ValueError("mean_patience_s must be finite and > 0 (infinite patience is Erlang C)")
    return patience


def erlang_a_metrics(
    traffic_erlangs: float,
    agents: int,
    average_handle_time_s: float,
    target_answer_time_s: float,
    mean_patience_s: float,
    service_level_definition: ServiceLevelDefinition = (
        ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_OFFERED
    ),
) -> QueueMetrics:
    """Erlang A (M/M/n+M) performance: callers abandon after Exp(mean_patience_s).

    Formulas (see `_erlang_a_eval` for the derivation), with B = Erlang B,
    x = n patience / AHT, a = A patience / AHT, M(x, y) = 1F1(1; x+1; y):

    * P(wait) = M(x, a) B / (1 + (M(x, a) - 1) B)
    * P(V > t) = P(wait) e^(a - y - n t / AHT) M(x, y) / M(x, a), y = a e^(-t / patience)
    * P(abandon) = P(wait) (1 - n/A + n / (A M(x, a))) (Palm's formula)
    * service level: per `service_level_definition` (see its docstring)
    * average speed of answer: mean wait of *answered* contacts,
      E[V; answered] / P(answered)
    * average wait over all offered contacts: P(abandon) x mean patience
    * occupancy: A (1 - P(abandon)) / n

    The queue is always stable. With zero agents everybody abandons: service
    level 0 and an infinite average speed of answer.
    """
    traffic = _check_traffic(traffic_erlangs)
    n = _check_agents(agents)
    handle, target = _check_times(average_handle_time_s, target_answer_time_s)
    patience = _check_patience(mean_patience_s)
    definition = ServiceLevelDefinition(service_level_definition)
    if traffic == 0:
        return _idle_metrics(QueueModel.ERLANG_A, n, target, definition)
    if n == 0:
        return _nobody_staffed_a(traffic, target, patience, definition)
    return _erlang_a_eval(
        traffic, n, _BlockingTable(traffic)[n], handle, target, patience, definition
    )


# ---------------------------------------------------------------------------
# Required agents
# ---------------------------------------------------------------------------


def _raise_to_meet(score: Callable[[int], float], agents: int, guess: int) -> int:
    """The fewest agents >= `agents` with score >= 0, for a score non-decreasing in n.

    Used for the second and later criteria. Each criterion only gets easier
    with more agents, so the fewest agents meeting all of them is the largest
    of the per-criterion minima. `agents` already meets the earlier criteria
    (and agents - 1 fails one of them): if it meets this one too, it stays
    the answer, whatever this criterion's own minimum; if not, every count up
    to it fails here as well and the search starts just above it.
    """
    if score(agents) >= 0:
        return agents
    return _first_passing(score, agents + 1, max(agents + 1, guess))


def _crossing(history: list[tuple[int, float]]) -> int | None:
    """Where the recent scores predict zero: the first integer at or past it.

    Inverse quadratic interpolation through the last three scores when they
    are finite and distinct (it follows the curvature of a score that bends,
    as a service level does near its knee), else the secant through the last
    two. None when neither is defined.
    """
    points = [(n, v) for n, v in history[-3:] if math.isfinite(v)]
    root = math.nan
    if len(points) == 3:
        (n1, v1), (n2, v2), (n3, v3) = points
        if v1 != v2 and v1 != v3 and v2 != v3:
            root = (
                n1 * v2 * v3 / ((v1 - v2) * (v1 - v3))
                + n2 * v1 * v3 / ((v2 - v1) * (v2 - v3))
                + n3 * v1 * v2 / ((v3 - v1) * (v3 - v2))
            )
    if not math.isfinite(root) and len(points) >= 2:
        (n1, v1), (n2, v2) = points[-2], points[-1]
        if v1 != v2:
            root = n2 - v2 * (n2 - n1) / (v2 - v1)
    if not math.isfinite(root) or abs(root) > _MAX_AGENTS:
        return None
    return math.ceil(root)


def _first_passing(score: Callable[[int], float], lower: int, guess: int) -> int:
    """The smallest n >= lower with score(n) >= 0, for a score that never falls as n grows.

    Every n < lower must be known to fail. The search keeps `low`, the
    largest count known to fail (initially lower - 1, never evaluated), and
    `high`, the smallest known to pass, and stops only when high - low == 1:
    the answer passed and answer - 1 failed (or lies below `lower`), so
    minimality is verified, not assumed from the guess.

    Steps: from `guess`, interpolation through the latest scores (staffing
    scores are smooth in n; see `_crossing`) moves towards the crossing, at
    least by doubling steps so a timid estimate cannot crawl, at most 64
    steps' worth so a flat one cannot fling it away. Once both a pass and a
    fail are known, the interpolated point is used while it falls inside the
    bracket and the bracket keeps halving every two steps; otherwise regula
    falsi between the bracket's ends, with the Illinois rule (the score of
    an end that survives twice running is halved) so one-sided convergence
    cannot stall. Every step shrinks the bracket, so the search ends.
    """
    low = lower - 1
    high: int | None = None
    low_score = math.nan  # nan: `low` not evaluated
    high_score = math.nan
    history: list[tuple[int, float]] = []
    widths: list[int] = []  # bracket widths, to notice interpolation stalling
    n = max(lower, guess)
    step = 1
    last_side = 0
    while True:
        if n > _MAX_AGENTS:
            raise ValueError("no agent count up to 50 million meets these targets")
        value = score(n)
        history.append((n, value))
        if value >= 0:
            if last_side > 0:
                low_score /= 2.0
            high, high_score, last_side = n, value, 1
        else:
            if last_side < 0:
                high_score /= 2.0
            low, low_score, last_side = n, value, -1
        if high is not None and high - low == 1:
            return high
        if high is None or math.isnan(low_score):
            proposal = _crossing(history)
            step *= 2
            if high is None:  # nothing passes yet: climb
                if proposal is None or proposal <= low:
                    proposal = low + step
                n = min(proposal, low + 64 * step)
            else:  # nothing fails yet: descend
                if proposal is None or proposal >= high:
                    proposal = high - step
                n = min(max(proposal, high - 64 * step, lower), high - 1)
        else:
            widths.append(high - low)
            stalled = len(widths) >= 3 and 2 * widths[-1] > widths[-3]
            proposal = _crossing(history)
            if proposal is not None and low < proposal < high and not stalled:
                n = proposal
            elif math.isfinite(low_score) and math.isfinite(high_score):
                # Where the line through the bracket's ends crosses zero.
                fraction = -low_score / (high_score - low_score)
                n = math.ceil(low + fraction * (high - low))
            else:  # a score of +-inf (a level of exactly 0 or 1) gives no slope
                n = (low + high) // 2
            n = min(max(n, low + 1), high - 1)


def _halfin_whitt_wait(beta: float) -> float:
    """Heavy-traffic P(wait) ~ phi(b) / (phi(b) + b Phi(b)) for n = A + b sqrt(A).

    Written with phi in the numerator so that a large b underflows quietly to
    0 instead of overflowing exp(b^2 / 2).
    """
    density = math.exp(-0.5 * beta * beta) / math.sqrt(2.0 * math.pi)
    return density / (density + beta * 0.5 * math.erfc(-beta / math.sqrt(2.0)))


def _square_root_staffing_guess(
    traffic: float,
    handle_s: float,
    target_answer_time_s: float,
    service_level_target: float,
    max_speed_s: float | None,
) -> int:
    """A starting point n = A + beta sqrt(A) from the Halfin-Whitt approximation.

    In the heavy-traffic limit P(wait) ~ 1 / (1 + beta Phi(beta) / phi(beta)).
    Bisection finds the smallest beta whose approximate service level and
    average speed of answer meet the targets. Only a starting point: the
    search evaluates the exact formulas and proves minimality itself.
    """
    root = math.sqrt(traffic)

    def meets(beta: float) -> bool:
        p_wait = _halfin_whitt_wait(beta)
        surplus = beta * root
        if 1.0 - p_wait * math.exp(-surplus * target_answer_time_s / handle_s) < (
            service_level_target
        ):
            return False
        return max_speed_s is None or p_wait * handle_s <= max_speed_s * surplus

    low, high = 0.0, 1.0
    while not meets(high) and high < 64.0:
        low, high = high, high * 2.0
    for _ in range(24):  # beta to ~1e-6: far finer than one agent
        middle = 0.5 * (low + high)
        if meets(middle):
            high = middle
        else:
            low = middle
    return math.ceil(traffic + high * root)


@dataclass(frozen=True, slots=True)
class _Targets:
    contacts: Fraction
    interval_s: float
    handle_s: float
    traffic: Fraction
    target_answer_time_s: float
    service_level_target: float
    max_occupancy: Fraction | None
    max_speed_s: float | None
    shrinkage: Fraction


def _targets(
    contacts: Number,
    interval_s: Number,
    average_handle_time_s: Number,
    target_answer_time_s: float,
    service_level_target: float,
    max_occupancy: Number | None,
    max_average_speed_of_answer_s: float | None,
    shrinkage: Number,
) -> _Targets:
    n_contacts = _exact(contacts, "contacts")
    traffic = _traffic_exact(n_contacts, interval_s, average_handle_time_s)
    handle, target = _check_times(float(average_handle_time_s), target_answer_time_s)
    level = float(service_level_target)
    if not 0 <= level < 1:
        # 1.0 is never reached exactly: some caller always has to wait.
        raise ValueError("service_level_target must be in [0, 1)")
    occupancy = None
    if max_occupancy is not None:
        occupancy = _exact(max_occupancy, "max_occupancy")
        if not 0 < occupancy <= 1:
            raise ValueError("max_occupancy must be in (0, 1]")
    speed = None
    if max_average_speed_of_answer_s is not None:
        speed = float(max_average_speed_of_answer_s)
        if not speed > 0:
            raise ValueError("max_average_speed_of_answer_s must be > 0")
    loss = _exact(shrinkage, "shrinkage")
    if not 0 <= loss < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    return _Targets(
        contacts=n_contacts,
        interval_s=float(interval_s),
        handle_s=handle,
        traffic=traffic,
        target_answer_time_s=target,
        service_level_target=level,
        max_occupancy=occupancy,
        max_speed_s=speed,
        shrinkage=loss,
    )


def _result(
    targets: _Targets,
    metrics: QueueMetrics,
    mean_patience_s: float | None,
) -> StaffingResult:
    return StaffingResult(
        model=metrics.model,
        contacts=float(targets.contacts),
        interval_s=targets.interval_s,
        average_handle_time_s=targets.handle_s,
        traffic_erlangs=metrics.traffic_erlangs,
        target_answer_time_s=targets.target_answer_time_s,
        service_level_target=targets.service_level_target,
        service_level_definition=metrics.service_level_definition,
        max_occupancy=None if targets.max_occupancy is None else float(targets.max_occupancy),
        max_average_speed_of_answer_s=targets.max_speed_s,
        mean_patience_s=mean_patience_s,
        shrinkage=float(targets.shrinkage),
        agents=metrics.agents,
        agents_with_shrinkage=_ceil_fraction(metrics.agents / (1 - targets.shrinkage)),
        stable=metrics.stable,
        service_level=metrics.service_level,
        probability_of_waiting=metrics.probability_of_waiting,
        average_speed_of_answer_s=metrics.average_speed_of_answer_s,
        average_wait_all_s=metrics.average_wait_all_s,
        occupancy=metrics.occupancy,
        abandonment_probability=metrics.abandonment_probability,
        abandoned_contacts=float(targets.contacts) * metrics.abandonment_probability,
    )


def _logit(probability: float) -> float:
    """log(p / (1 - p)), +-inf at the ends.

    Why search on logits: a service level creeps towards 0 or 1 in long flat
    tails, while its logit is close to linear in the agent count, which is
    what the secant steps of `_first_passing` want.
    """
    if probability <= 0.0:
        return -math.inf
    if probability >= 1.0:
        return math.inf
    return math.log(probability) - math.log1p(-probability)


def _log_ratio(ceiling: float, value: float) -> float:
    """log(ceiling / value): >= 0 exactly when value <= ceiling."""
    if value <= 0.0:
        return math.inf
    if value == math.inf:
        return -math.inf
    return math.log(ceiling) - math.log(value)


def _staff_c(targets: _Targets) -> StaffingResult:
    traffic_exact = targets.traffic
    traffic = float(traffic_exact)
    handle = targets.handle_s
    answer_time = targets.target_answer_time_s
    if traffic_exact == 0:
        return _result(targets, _idle_metrics(QueueModel.ERLANG_C, 0, answer_time, None), None)

    # Every n <= A is unstable, so floor(A) + 1 is the first candidate, also for
    # fractional traffic (A = 10.2 -> 11). Occupancy A / n <= ceiling is
    # n >= A / ceiling, solved exactly in rationals.
    lower = math.floor(traffic_exact) + 1
    if targets.max_occupancy is not None:
        lower = max(lower, _ceil_fraction(traffic_exact / targets.max_occupancy))

    table = _BlockingTable(traffic)
    level = targets.service_level_target
    max_speed = targets.max_speed_s

    def evaluate(agents: int) -> QueueMetrics:
        # n - A from the exact traffic: no rounding in the decay rate.
        surplus = float(agents - traffic_exact)
        return _erlang_c_eval(traffic, agents, surplus, table[agents], handle, answer_time)

    guess = _square_root_staffing_guess(traffic, handle, answer_time, level, max_speed)
    agents = lower
    if level > 0:
        goal = _logit(level)
        agents = _first_passing(lambda n: _logit(evaluate(n).service_level) - goal, lower, guess)
    if max_speed is not None:
        ceiling = max_speed
        agents = _raise_to_meet(
            lambda n: _log_ratio(ceiling, evaluate(n).average_speed_of_answer_s), agents, guess
        )
    return _result(targets, evaluate(agents), None)


def required_agents_erlang_c(
    contacts: Number,
    interval_s: Number,
    average_handle_time_s: Number,
    target_answer_time_s: float,
    service_level_target: float,
    *,
    max_occupancy: Number | None = None,
    max_average_speed_of_answer_s: float | None = None,
    shrinkage: Number = 0,
) -> StaffingResult:
    """The fewest agents meeting every target under Erlang C (no abandonment).

    Criteria, all of which must hold at the returned count n:

    * service level (share answered within `target_answer_time_s`) >= `service_level_target`
    * average speed of answer <= `max_average_speed_of_answer_s`, when given
    * occupancy A / n <= `max_occupancy`, when given (solved exactly)

    Each criterion only gets easier as n grows (C falls, the exponent's rate
    n - A grows, A / n falls), so the smallest feasible n is found by a search
    started at a square-root-staffing estimate and proven minimal: n is
    feasible and n - 1 was evaluated as failing, or is ruled out outright
    (n - 1 <= A is unstable; n - 1 < A / max_occupancy is over the ceiling).
    Fractional traffic is handled exactly: A = 10.2 starts the search at 11.
    Zero contacts need zero agents.
    """
    targets = _targets(
        contacts,
        interval_s,
        average_handle_time_s,
        target_answer_time_s,
        service_level_target,
        max_occupancy,
        max_average_speed_of_answer_s,
        shrinkage,
    )
    return _staff_c(targets)


def _erlang_a_guess(
    traffic: float,
    handle_s: float,
    target_answer_time_s: float,
    level: float,
    max_speed_s: float | None,
    patience_s: float,
    definition: ServiceLevelDefinition,
) -> int:
    """A starting point for the Erlang A search; the search proves the answer itself.

    Two regimes. With long patience the queue behaves like Erlang C and the
    square-root-staffing estimate is close (abandonment only shortens the
    waits of those who stay, so the Erlang C count is usually a little high).
    With short patience a fluid picture applies: with n < A agents, callers
    arrive at rate lambda while agents clear n mu, so in balance a caller
    waits w with lambda e^(-w / patience) = n mu, i.e. w = patience log(A/n),
    and waits fall below t once n >= A e^(-t / patience). Randomness spreads
    the answer around that cliff by about sqrt(A AHT / patience); an offset
    of 0.7 times that matched exact answers for 10 to 10,000 Erlangs and
    patience from 30 s to an hour to within about 0.3 sqrt(A). Counted over
    offered contacts the level also needs n > level x A.
    """
    erlang_c_guess = _square_root_staffing_guess(
        traffic, handle_s, target_answer_time_s, level, max_speed_s
    )
    cliff = traffic * math.exp(-target_answer_time_s / patience_s)
    fluid = cliff + 0.7 * math.sqrt(traffic * handle_s / patience_s)
    if definition is ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_OFFERED:
        fluid = max(fluid, level * traffic + 1.0)
    return max(1, min(erlang_c_guess, math.ceil(fluid)))


def _staff_a(
    targets: _Targets,
    patience: float,
    definition: ServiceLevelDefinition,
) -> StaffingResult:
    traffic_exact = targets.traffic
    traffic = float(traffic_exact)
    handle = targets.handle_s
    answer_time = targets.target_answer_time_s
    if traffic_exact == 0:
        return _result(
            targets, _idle_metrics(QueueModel.ERLANG_A, 0, answer_time, definition), patience
        )

    table = _BlockingTable(traffic)
    level = targets.service_level_target
    max_speed = targets.max_speed_s
    max_occupancy = None if targets.max_occupancy is None else float(targets.max_occupancy)
    # With an ASA or occupancy target every probe needs the weighted series
    # anyway, so all probes are full evaluations and each is computed once.
    # Without, probes skip them and only the answer is evaluated in full.
    probe_moments = max_speed is not None or max_occupancy is not None
    light: dict[int, QueueMetrics] = {}
    full: dict[int, QueueMetrics] = {}
    target_sums: dict[int, _KummerSums] = {}

    def evaluate(agents: int, moments: bool = probe_moments) -> QueueMetrics:
        metrics = full.get(agents) or (None if moments else light.get(agents))
        if metrics is None:
            metrics = _erlang_a_eval(
                traffic,
                agents,
                table[agents],
                handle,
                answer_time,
                patience,
                definition,
                moments,
                target_sums,
            )
            (full if moments else light)[agents] = metrics
        return metrics

    # Abandonment can make even one agent enough, so 1 is the general lower
    # bound. Counted over offered contacts, though, the service level is at
    # most P(answered) = carried traffic / A < n / A, so every n <= level x A
    # fails (computed exactly).
    guess = _erlang_a_guess(traffic, handle, answer_time, level, max_speed, patience, definition)
    agents = 1
    if level > 0:
        lower = 1
        if definition is ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_OFFERED:
            lower = max(1, math.floor(_exact(level, "service_level_target") * traffic_exact) + 1)
        goal = _logit(level)
        agents = _first_passing(lambda n: _logit(evaluate(n).service_level) - goal, lower, guess)
    if max_speed is not None:
        speed_ceiling = max_speed
        agents = _raise_to_meet(
            lambda n: _log_ratio(speed_ceiling, evaluate(n).average_speed_of_answer_s),
            agents,
            guess,
        )
    if max_occupancy is not None:
        occupancy_ceiling = max_occupancy
        agents = _raise_to_meet(
            lambda n: _log_ratio(occupancy_ceiling, evaluate(n).occupancy),
            agents,
            math.ceil(traffic / occupancy_ceiling),
        )
    return _result(targets, evaluate(agents, moments=True), patience)


def required_agents_erlang_a(
    contacts: Number,
    interval_s: Number,
    average_handle_time_s: Number,
    target_answer_time_s: float,
    service_level_target: float,
    mean_patience_s: float,
    *,
    service_level_definition: ServiceLevelDefinition = (
        ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_OFFERED
    ),
    max_occupancy: Number | None = None,
    max_average_speed_of_answer_s: float | None = None,
    shrinkage: Number = 0,
) -> StaffingResult:
    """The fewest agents meeting every target under Erlang A (abandonment).

    Same criteria as `required_agents_erlang_c`, with the service level
    counted per `service_level_definition`, the average speed of answer taken
    over answered contacts, and occupancy = A (1 - P(abandon)) / n.

    The lower bound is 1 agent (with short patience one agent can meet a
    target), or, for service level over offered contacts, the first count
    above level x A (the level cannot exceed P(answered) < n / A). The search
    starts from an estimate, moves by interpolation, and returns a count n
    that was evaluated as feasible while n - 1 was evaluated as failing (or
    lies below that lower bound). It relies on each criterion improving as
    agents are added: service level (all three definitions), average speed
    of answer and occupancy were checked to be monotone in n on grids up to
    3,000 Erlangs with patience from 5 s to 50 minutes, and the tests compare
    the search with a scan from one agent upward.
    """
    targets = _targets(
        contacts,
        interval_s,
        average_handle_time_s,
        target_answer_time_s,
        service_level_target,
        max_occupancy,
        max_average_speed_of_answer_s,
        shrinkage,
    )
    patience = _check_patience(mean_patience_s)
    return _staff_a(targets, patience, ServiceLevelDefinition(service_level_definition))


def plan_intervals(
    volumes: Sequence[Number],
    *,
    interval_s: Number = 900,
    average_handle_time_s: Number | Sequence[Number],
    target_answer_time_s: float,
    service_level_target: float,
    max_occupancy: Number | None = None,
    max_average_speed_of_answer_s: float | None = None,
    shrinkage: Number = 0,
    mean_patience_s: float | None = None,
    service_level_definition: ServiceLevelDefinition = (
        ServiceLevelDefinition.ANSWERED_WITHIN_TARGET_OVER_OFFERED
    ),
) -> list[StaffingResult]:
    """Staff many intervals at once, e.g. a week of 672 fifteen-minute intervals.

    `volumes[i]` is the forecast contacts in interval i. `average_handle_time_s`
    is one value for all intervals or one per interval. Erlang C is used when
    `mean_patience_s` is None, Erlang A otherwise. Intervals with the same
    volume and handle time are solved once.
    """
    count = len(volumes)
    if isinstance(average_handle_time_s, Sequence):
        handle_times: Sequence[Number] = average_handle_time_s
        if len(handle_times) != count:
            raise ValueError("average_handle_time_s needs one value per interval")
    else:
        handle_times = [average_handle_time_s] * count
    patience = None if mean_patience_s is None else _check_patience(mean_patience_s)
    definition = ServiceLevelDefinition(service_level_definition)
    # Shared inputs are read (and validated) once; parsing a float's decimal
    # form into a Fraction is the slow part of setting up one interval.
    interval = _exact(interval_s, "interval_s")
    loss = _exact(shrinkage, "shrinkage")
    occupancy = None if max_occupancy is None else _exact(max_occupancy, "max_occupancy")
    exact_handles: dict[Number, Fraction] = {}

    solved: dict[tuple[Number, Number], StaffingResult] = {}
    results: list[StaffingResult] = []
    for volume, handle in zip(volumes, handle_times, strict=True):
        key = (volume, handle)
        result = solved.get(key)
        if result is None:
            exact_handle = exact_handles.get(handle)
            if exact_handle is None:
                exact_handle = exact_handles[handle] = _exact(handle, "average_handle_time_s")
            targets = _targets(
                volume,
                interval,
                exact_handle,
                target_answer_time_s,
                service_level_target,
                occupancy,
                max_average_speed_of_answer_s,
                loss,
            )
            result = (
                _staff_c(targets) if patience is None else _staff_a(targets, patience, definition)
            )
            solved[key] = result
        results.append(result)
    return results
