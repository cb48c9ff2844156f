"""Erlang B, C and A: the queueing formulas behind head-count planning, in standard-library Python.

Arrivals are in calls per hour; every duration (handle time, target, patience, waits) is in seconds.
docs/staffing.md gives the formulas and the exact meaning of each figure.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

MAX_CALLS_PER_HOUR = 100_000.0
MAX_AGENTS = 20_000
MAX_SECONDS = 86_400.0
"""Handle time, target time and patience longer than a day are typing mistakes, not queues."""


@dataclass(frozen=True, slots=True)
class Staffing:
    """What `agents` agents achieve on one queue.

    - service_level: fraction of *all* arriving contacts answered within the target time. Under Erlang A a
      contact that hangs up counts as not answered in time, whenever it hangs up.
    - asa: average speed of answer in seconds, the mean wait of *answered* contacts (math.inf when an
      Erlang C queue is unstable, agents <= traffic).
    - occupancy: fraction of the agents' time spent handling contacts.
    - probability_wait: fraction of contacts that find every agent busy and have to wait.
    - abandon_rate: fraction of contacts that hang up before an answer (None for Erlang C).
    - traffic: offered load in erlangs, calls_per_hour × aht / 3600.
    """

    agents: int
    service_level: float
    asa: float
    occupancy: float
    probability_wait: float
    abandon_rate: float | None
    traffic: float

    @property
    def stable(self) -> bool:
        """False when the queue grows without bound (Erlang C with agents <= traffic)."""
        return math.isfinite(self.asa)


class StaffingInputError(ValueError):
    """An input out of range or of no meaning; `field` names the parameter (calls_per_hour, aht, ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class TargetUnreachable(StaffingInputError):
    """No head count within the limit meets the service-level target."""


def traffic(calls_per_hour: float, aht: float) -> float:
    """Offered load in erlangs: the number of agents that would be busy all the time."""
    return calls_per_hour * aht / 3600.0


def erlang_b(agents: int, load: float) -> float:
    """Erlang B blocking probability, by the stable recursion B(n) = A·B(n−1) / (n + A·B(n−1))."""
    if agents < 0 or not (math.isfinite(load) and load >= 0):
        raise ValueError(f"erlang_b needs agents >= 0 and a finite load >= 0, got {agents}, {load}")
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def erlang_c(agents: int, load: float) -> float:
    """Erlang C probability of waiting, C = N·B / (N − A(1 − B)); 1.0 when agents <= load (unstable)."""
    if agents <= load:
        return 1.0
    blocking = erlang_b(agents, load)
    return agents * blocking / (agents - load * (1.0 - blocking))


def erlang_c_metrics(calls_per_hour: float, aht: float, agents: int, target_seconds: float) -> Staffing:
    """Erlang C (M/M/N, nobody hangs up): service level within `target_seconds`, ASA, occupancy."""
    _validate(calls_per_hour, aht, target_seconds, None)
    _check_agents("agents", agents)
    load = traffic(calls_per_hour, aht)
    return _erlang_c_result(agents, load, erlang_b(agents, load), aht, target_seconds)


def erlang_a_metrics(
    calls_per_hour: float, aht: float, agents: int, target_seconds: float, patience: float
) -> Staffing:
    """Erlang A (M/M/N+M): callers hang up after an exponential patience of mean `patience` seconds.

    Always stable. Service level = P(answered and waited <= target_seconds) over all arrivals; asa = mean
    wait of answered contacts; occupancy = traffic × (1 − abandon_rate) / agents.
    """
    _validate(calls_per_hour, aht, target_seconds, patience)
    _check_agents("agents", agents)
    load = traffic(calls_per_hour, aht)
    if load == 0:
        return Staffing(agents, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    log_e = _LogErlangE(load)(agents)
    return _erlang_a_result(agents, calls_per_hour, aht, target_seconds, patience, log_e)


def evaluate(
    calls_per_hour: float, aht: float, agents: int, target_seconds: float, patience: float | None = None
) -> Staffing:
    """Erlang C without `patience`, Erlang A with it."""
    if patience is None:
        return erlang_c_metrics(calls_per_hour, aht, agents, target_seconds)
    return erlang_a_metrics(calls_per_hour, aht, agents, target_seconds, patience)


def agents_needed(
    calls_per_hour: float,
    aht: float,
    target_fraction: float,
    target_seconds: float,
    patience: float | None = None,
    max_agents: int = MAX_AGENTS,
) -> Staffing:
    """The fewest agents (at least one) whose service level reaches `target_fraction`, with their figures.

    Erlang C also requires agents > traffic. Raises StaffingInputError on bad input and TargetUnreachable
    when a 100 % target is asked of a loaded queue or more than `max_agents` would be needed.
    """
    _validate(calls_per_hour, aht, target_seconds, patience)
    if not (math.isfinite(target_fraction) and 0.0 < target_fraction <= 1.0):
        raise StaffingInputError(
            "target_fraction", f"the target share must be more than 0 and at most 1, got {target_fraction:g}"
        )
    _check_agents("max_agents", max_agents)
    load = traffic(calls_per_hour, aht)
    if load == 0:
        return evaluate(calls_per_hour, aht, 1, target_seconds, patience)
    if target_fraction == 1.0:
        raise TargetUnreachable(
            "target_fraction",
            "no head count answers 100 % of randomly arriving contacts within a fixed time; "
            "ask for less, such as 99.9 %",
        )
    if patience is None:
        return _search_erlang_c(load, aht, target_fraction, target_seconds, max_agents)
    return _search_erlang_a(calls_per_hour, aht, target_fraction, target_seconds, patience, max_agents)


def _check_range(field: str, label: str, value: float, high: float, *, zero_ok: bool) -> None:
    low_ok = value >= 0.0 if zero_ok else value > 0.0
    if not (math.isfinite(value) and low_ok and value <= high):
        low = "at least 0" if zero_ok else "more than 0"
        raise StaffingInputError(field, f"{label} must be {low} and at most {high:g}, got {value:g}")


def _check_agents(field: str, agents: int) -> None:
    if not 1 <= agents <= MAX_AGENTS:
        label = "agents" if field == "agents" else "the agent limit"
        raise StaffingInputError(field, f"{label} must be between 1 and {MAX_AGENTS}, got {agents}")


def _validate(calls_per_hour: float, aht: float, target_seconds: float, patience: float | None) -> None:
    _check_range("calls_per_hour", "calls per hour", calls_per_hour, MAX_CALLS_PER_HOUR, zero_ok=True)
    _check_range("aht", "the average handle time (s)", aht, MAX_SECONDS, zero_ok=False)
    _check_range("target_seconds", "the target time (s)", target_seconds, MAX_SECONDS, zero_ok=True)
    if patience is not None:
        _check_range("patience", "the mean patience (s)", patience, MAX_SECONDS, zero_ok=False)


def _erlang_c_result(agents: int, load: float, blocking: float, aht: float, target: float) -> Staffing:
    if agents <= load:
        return Staffing(agents, 0.0, math.inf, 1.0, 1.0, None, load)
    spare = agents - load
    waiting = agents * blocking / (agents - load * (1.0 - blocking))
    return Staffing(
        agents=agents,
        service_level=1.0 - waiting * math.exp(-spare * target / aht),
        asa=waiting * aht / spare,
        occupancy=load / agents,
        probability_wait=waiting,
        abandon_rate=None,
        traffic=load,
    )


def _search_erlang_c(load: float, aht: float, fraction: float, target: float, max_agents: int) -> Staffing:
    blocking = 1.0
    for agents in range(1, max_agents + 1):
        blocking = load * blocking / (agents + load * blocking)  # the recursion of erlang_b, step by step
        if agents > load:
            result = _erlang_c_result(agents, load, blocking, aht, target)
            if result.service_level >= fraction:
                return result
    raise TargetUnreachable("target_fraction", f"more than {max_agents} agents would be needed")


def _search_erlang_a(
    calls_per_hour: float, aht: float, fraction: float, target: float, patience: float, max_agents: int
) -> Staffing:
    """Service level grows with head count: gallop up from a lower bound, then bisect."""
    load = traffic(calls_per_hour, aht)
    log_e = _LogErlangE(load)

    def level(agents: int) -> Staffing:
        return _erlang_a_result(agents, calls_per_hour, aht, target, patience, log_e(agents))

    # N agents answer at most N/A of the contacts, so fewer than fraction·A can never do.
    failing = max(1, math.ceil(fraction * load - 1e-9))
    if failing > max_agents:
        raise TargetUnreachable("target_fraction", f"more than {max_agents} agents would be needed")
    result = level(failing)
    if result.service_level >= fraction:
        return result
    step = max(1, math.isqrt(math.ceil(load)))
    while True:
        meeting = min(failing + step, max_agents)
        result = level(meeting)
        if result.service_level >= fraction:
            break
        if meeting == max_agents:
            raise TargetUnreachable("target_fraction", f"more than {max_agents} agents would be needed")
        failing, step = meeting, 2 * step
    while meeting - failing > 1:
        middle = (failing + meeting) // 2
        candidate = level(middle)
        if candidate.service_level >= fraction:
            meeting, result = middle, candidate
        else:
            failing = middle
    return result


def _logaddexp(a: float, b: float) -> float:
    high, low = max(a, b), min(a, b)
    return high + math.log1p(math.exp(low - high))


class _LogErlangE:
    """log E(N) for one load, E(N) = Σ_{j<N} A^j/j! ÷ A^(N−1)/(N−1)!, by E(1) = 1, E(n+1) = E(n)·n/A + 1.

    Kept in logarithms (E(N) overflows once N is far above A) and grown on demand, so that a search pays
    the recursion once."""

    def __init__(self, load: float) -> None:
        self._load = load
        self._values = [0.0]

    def __call__(self, agents: int) -> float:
        values = self._values
        while len(values) < agents:
            n = len(values)
            values.append(_logaddexp(values[-1] + math.log(n / self._load), 0.0))
        return values[agents - 1]


def _erlang_a_result(
    agents: int, calls_per_hour: float, aht: float, target: float, patience: float, log_e: float
) -> Staffing:
    """Garnett–Mandelbaum–Reiman / Mandelbaum–Zeltyn formulas for M/M/N+M, see docs/staffing.md.

    With λ arrivals/s, Nμ = agents/aht, θ = 1/patience and φ(x) = λ(1 − e^(−θx))/θ − Nμx, an arrival
    waits x > 0 (its offered wait) with density λ·e^φ(x) / (E + λJ), J = ∫₀^∞ e^φ, and is answered if
    its patience outlasts x, with probability e^(−θx). The integrals are taken relative to max φ, in
    logarithms, so neither E nor e^φ overflows for thousands of agents.
    """
    arrival, theta = calls_per_hour / 3600.0, 1.0 / patience
    shape = _WaitShape(arrival, agents / aht, theta)

    def integrand(x: float) -> tuple[float, float, float, float]:
        density, stays = math.exp(shape.below_peak(x)), math.exp(-theta * x)
        return density, -density * math.expm1(-theta * x), density * stays, density * stays * x

    breaks = _breakpoints(shape, target)
    pieces = _integrate(integrand, breaks, units=(1.0, 1.0, 1.0, breaks[-1]))
    waiting, abandoning, answered, answered_wait = (math.fsum(p[2][i] for p in pieces) for i in range(4))
    answered_in_time = math.fsum(p[2][2] for p in pieces if p[1] <= target)
    log_no_wait = log_e - math.log(arrival) - shape.top  # log of E / (λ·e^top)
    scale = max(log_no_wait, math.log(waiting))
    no_wait, unit = math.exp(log_no_wait - scale), math.exp(-scale)
    total = no_wait + waiting * unit
    served = no_wait + answered * unit
    load = traffic(calls_per_hour, aht)
    return Staffing(  # min(): a last rounding must not print 100.0000000000002 %
        agents=agents,
        service_level=min(1.0, (no_wait + answered_in_time * unit) / total),
        asa=answered_wait * unit / served,
        occupancy=min(1.0, load * (served / total) / agents),
        probability_wait=min(1.0, waiting * unit / total),
        abandon_rate=min(1.0, abandoning * unit / total),
        traffic=load,
    )


class _WaitShape:
    """φ(x) = λ(1 − e^(−θx))/θ − Nμx around its maximum, computed without cancellation.

    φ is concave with its peak where λe^(−θx) = Nμ (or at 0 when λ <= Nμ). Writing x = peak + d and
    a = λe^(−θ·peak), φ(x) − φ(peak) = (a − Nμ)·d − (a/θ)·(θd + e^(−θd) − 1): no term of size λ/θ
    is left to cancel, so e^φ keeps its precision even for patient callers and long queues.
    """

    def __init__(self, arrival: float, service: float, theta: float) -> None:
        self.theta = theta
        if arrival > service:
            ratio = arrival / service - 1.0
            self.peak = math.log1p(ratio) / theta
            self.top = service * (ratio - math.log1p(ratio)) / theta
            self._edge, self._slope = service, 0.0
        else:
            self.peak, self.top = 0.0, 0.0
            self._edge, self._slope = arrival, arrival - service
        self.scale = 1.0 / (arrival + service + theta)  # the shortest time scale in play

    def below_peak(self, x: float) -> float:
        """φ(x) − φ(peak), never positive."""
        d = x - self.peak
        return self._slope * d - self._edge / self.theta * (self.theta * d + math.expm1(-self.theta * d))


def _breakpoints(shape: _WaitShape, target: float) -> list[float]:
    """Panels that resolve the bump of e^φ: geometric steps away from its peak, plus the target time.

    φ is concave, so beyond 128 widths (each a drop of 0.5 to 2) it has fallen by at least 64."""
    peak = shape.peak
    right = _width(shape, 1.0, math.inf)
    points = {0.0, peak, *(peak + right * 2**j for j in range(8))}
    if peak > 0:
        left = _width(shape, -1.0, peak)
        points.update(peak - left * 2**j for j in range(8) if left * 2**j < peak)
    end = peak + right * 128
    if 0 < target < end:
        points.add(target)
    return sorted(points)


def _width(shape: _WaitShape, direction: float, limit: float) -> float:
    """A distance from the peak over which φ drops by 0.5 to 2 (or `limit` if it never does)."""
    low, high, step = 0.0, math.inf, min(shape.scale, limit)
    for _ in range(400):
        drop = -shape.below_peak(shape.peak + direction * step)
        if drop < 0.5:
            if step >= limit:
                return limit
            low = step
        elif drop > 2.0:
            high = step
        else:
            return step
        step = min(2 * step, limit) if high == math.inf else (math.sqrt(low * high) if low else high / 4)
    return step


_Piece = tuple[float, float, tuple[float, ...], tuple[float, ...]]

# Gauss–Kronrod 7/15 nodes and weights on [−1, 1] (QUADPACK's qk15).
_XGK = (0.991455371120812639, 0.949107912342758525, 0.864864423359769073, 0.741531185599394440,
        0.586087235467691130, 0.405845151377397167, 0.207784955007898468, 0.0)  # fmt: skip
_WGK = (0.022935322010529225, 0.063092092629978553, 0.104790010322250184, 0.140653259715525919,
        0.169004726639267903, 0.190350578064785410, 0.204432940075298892, 0.209482141084727828)  # fmt: skip
_WG = (0.129484966168869693, 0.279705391489276668, 0.381830050505118945, 0.417959183673469388)


def _kronrod(f: Callable[[float], tuple[float, ...]], a: float, b: float) -> _Piece:
    center, half = (a + b) / 2, (b - a) / 2
    middle = f(center)
    kronrod = [value * _WGK[7] for value in middle]
    gauss = [value * _WG[3] for value in middle]
    for k in range(7):
        pair = [u + v for u, v in zip(f(center - half * _XGK[k]), f(center + half * _XGK[k]), strict=True)]
        for i, value in enumerate(pair):
            kronrod[i] += _WGK[k] * value
            if k % 2:
                gauss[i] += _WG[k // 2] * value
    errors = tuple(half * abs(k - g) for k, g in zip(kronrod, gauss, strict=True))
    return a, b, tuple(half * v for v in kronrod), errors


def _integrate(
    f: Callable[[float], tuple[float, ...]],
    breaks: list[float],
    units: tuple[float, ...],
    rtol: float = 1e-10,
) -> list[_Piece]:
    """Adaptive Gauss–Kronrod over the panels, halving those whose error estimate is too large.

    The piece cap only matters if rounding noise ever exceeded the tolerance: it bounds the work."""
    pieces = [_kronrod(f, a, b) for a, b in itertools.pairwise(breaks) if b > a]
    while len(pieces) < 2000:
        totals = [math.fsum(p[2][i] for p in pieces) for i in range(len(units))]
        allowed = [rtol * abs(t) + 1e-16 * abs(totals[0]) * u for t, u in zip(totals, units, strict=True)]
        share = [a / len(pieces) for a in allowed]
        if all(math.fsum(p[3][i] for p in pieces) <= allowed[i] for i in range(len(units))):
            break
        refined: list[_Piece] = []
        for piece in pieces:
            a, b, _, errors = piece
            if any(e > s for e, s in zip(errors, share, strict=True)):
                refined += [_kronrod(f, a, (a + b) / 2), _kronrod(f, (a + b) / 2, b)]
            else:
                refined.append(piece)
        if len(refined) == len(pieces):  # rounding left the sum of the shares just short: done
            break
        pieces = refined
    return pieces
