"""Erlang B, C and A against published figures and independent oracles.

The oracles share no code with parley.staffing.erlang: exact rational sums for Erlang B and C, and for
Erlang A the birth–death chain of M/M/N+M solved state by state, with a tagged caller followed through
the queue (uniformization) for the service level.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parley.staffing.erlang import (
    MAX_AGENTS,
    StaffingInputError,
    TargetUnreachable,
    agents_needed,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_metrics,
    evaluate,
)

# --- oracles ---------------------------------------------------------------------------------------


def erlang_b_direct(agents: int, load: Fraction) -> Fraction:
    """B = (A^N/N!) / Σ_{k<=N} A^k/k!, exactly."""
    terms = [load**k / math.factorial(k) for k in range(agents + 1)]
    return terms[-1] / sum(terms)


def erlang_c_textbook(agents: int, load: Fraction) -> Fraction:
    """C = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)), exactly."""
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load**k / math.factorial(k) for k in range(agents)) + top)


@dataclass
class Chain:
    probability_wait: float
    abandon_rate: float
    asa: float
    service_level: float | None


def chain_oracle(
    calls_per_hour: float, aht: float, agents: int, patience: float, target: float | None = None
) -> Chain:
    """M/M/N+M as a birth–death chain: birth λ, death min(n, N)μ + max(0, n − N)θ, truncated far out.

    An arrival that finds k callers queued (PASTA) moves up at rate Nμ + iθ with i callers ahead and
    hangs up at rate θ; it is answered with probability Nμ / (Nμ + (k + 1)θ).
    """
    lam, mu, theta = calls_per_hour / 3600, 1 / aht, 1 / patience
    logs = [0.0]
    for n in range(1, agents + 1):
        logs.append(logs[-1] + math.log(lam / (n * mu)))
    best, queued = max(logs), 0
    while not (queued * theta > lam and logs[-1] < best - 50):
        queued += 1
        logs.append(logs[-1] + math.log(lam / (agents * mu + queued * theta)))
        best = max(best, logs[-1])
    weights = [math.exp(v - best) for v in logs]
    total = math.fsum(weights)
    p = [w / total for w in weights]
    depth = len(p) - agents
    waiting = math.fsum(p[agents:])
    abandon = theta * math.fsum(k * p[agents + k] for k in range(depth)) / lam
    served = [agents * mu / (agents * mu + (k + 1) * theta) for k in range(depth)]
    answered, wait_sum, mean_stage = 1 - waiting, 0.0, 0.0
    for k in range(depth):
        mean_stage += 1 / (agents * mu + (k + 1) * theta)  # the caller's time at k − i ahead, summed
        answered += p[agents + k] * served[k]
        wait_sum += p[agents + k] * served[k] * mean_stage
    level = None
    if target is not None:
        in_time = _answered_within(agents * mu, theta, depth, target)
        level = 1 - waiting + math.fsum(p[agents + k] * in_time[k] for k in range(depth))
    return Chain(waiting, abandon, wait_sum / answered, level)


def _answered_within(service: float, theta: float, depth: int, target: float) -> list[float]:
    """P(answered within `target` | k callers ahead), k < depth, by uniformization of the tagged caller."""
    rate = service + depth * theta
    ahead = [(service + i * theta) / rate for i in range(depth)]
    stay = [1 - a - theta / rate for a in ahead]
    done, result = [0.0] * depth, [0.0] * depth
    mass, weight, step = rate * target, math.exp(-rate * target), 0
    while step <= mass + 12 * math.sqrt(mass) + 30:
        result = [r + weight * d for r, d in zip(result, done, strict=True)]
        done = [ahead[i] * (1.0 if i == 0 else done[i - 1]) + stay[i] * done[i] for i in range(depth)]
        step += 1
        weight *= mass / step
    return result


def poisson_pmf(k: int, mean: float) -> float:
    return math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))


# --- Erlang B and C: published figures -------------------------------------------------------------


@pytest.mark.parametrize(
    ("agents", "load", "published"),
    [(5, 2.0, 0.0367), (14, 10.0, 0.0568), (10, 5.0, 0.0184), (30, 25.0, 0.0526)],
)
def test_erlang_b_matches_the_loss_tables(agents: int, load: float, published: float) -> None:
    assert erlang_b(agents, load) == pytest.approx(published, abs=5e-5)
    assert erlang_b(agents, load) == pytest.approx(float(erlang_b_direct(agents, Fraction(load))), rel=1e-13)


def test_call_centre_helper_worked_example() -> None:
    """Call Centre Helper, "Erlang C formula made simple": 100 calls per 30 min, AHT 180 s, 80/20.

    10 erlangs; 13 agents reach 79.6 %, 14 agents 88.8 % (P(wait) 17.4 %, ASA 7.8 s, occupancy 71.4 %).
    """
    result = agents_needed(200, 180, 0.8, 20)
    assert result.agents == 14
    assert result.traffic == pytest.approx(10.0)
    assert result.probability_wait == pytest.approx(0.1741, abs=5e-5)
    assert result.service_level == pytest.approx(0.888, abs=5e-4)
    assert result.asa == pytest.approx(7.8, abs=0.05)
    assert result.occupancy == pytest.approx(0.714, abs=5e-4)
    assert erlang_c_metrics(200, 180, 13, 20).service_level == pytest.approx(0.796, abs=5e-4)
    exact = float(erlang_c_textbook(14, Fraction(10)))
    assert result.probability_wait == pytest.approx(exact, rel=1e-13)
    assert result.service_level == pytest.approx(1 - exact * math.exp(-4 * 20 / 180), rel=1e-13)


def test_westbay_worked_example() -> None:
    """Westbay Engineers' Erlang C page: 360 calls per half hour, 4 min calls, 55 agents, 15 s target."""
    result = erlang_c_metrics(720, 240, 55, 15)
    assert result.traffic == pytest.approx(48.0)
    assert result.occupancy == pytest.approx(0.873, abs=5e-4)
    assert result.probability_wait == pytest.approx(0.2387, abs=5e-5)
    assert result.asa == pytest.approx(8.2, abs=0.05)
    assert result.service_level == pytest.approx(0.846, abs=5e-4)
    assert result.probability_wait == pytest.approx(float(erlang_c_textbook(55, Fraction(48))), rel=1e-13)


def test_erlang_c_unstable_and_idle_queues() -> None:
    assert erlang_c(10, 10.0) == 1.0
    unstable = erlang_c_metrics(200, 180, 10, 20)
    assert (unstable.service_level, unstable.asa, unstable.occupancy) == (0.0, math.inf, 1.0)
    assert not unstable.stable
    idle = erlang_c_metrics(0, 180, 1, 20)
    assert (idle.service_level, idle.asa, idle.occupancy, idle.probability_wait) == (1.0, 0.0, 0.0, 0.0)


def test_erlang_c_holds_at_twenty_thousand_agents() -> None:
    wait = erlang_c(MAX_AGENTS, 19_900.0)
    assert 0.0 < wait < 1.0
    assert erlang_c(MAX_AGENTS, 19_950.0) > wait


# --- Erlang B and C: properties --------------------------------------------------------------------

loads = st.fractions(min_value=0, max_value=60, max_denominator=8)


@settings(max_examples=60, deadline=None)
@given(agents=st.integers(0, 40), load=loads)
def test_erlang_b_recursion_equals_the_direct_formula(agents: int, load: Fraction) -> None:
    assert erlang_b(agents, float(load)) == pytest.approx(float(erlang_b_direct(agents, load)), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(spare=st.integers(1, 20), load=st.fractions(min_value=Fraction(1, 8), max_value=40, max_denominator=8))
def test_erlang_c_equals_the_textbook_sum(spare: int, load: Fraction) -> None:
    agents = math.floor(load) + spare
    assert erlang_c(agents, float(load)) == pytest.approx(float(erlang_c_textbook(agents, load)), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    calls=st.floats(1, 5000),
    aht=st.floats(10, 900),
    target=st.floats(0, 120),
    extra=st.integers(1, 50),
)
def test_erlang_c_improves_with_every_agent(calls: float, aht: float, target: float, extra: int) -> None:
    agents = math.floor(calls * aht / 3600) + extra
    fewer, more = (
        erlang_c_metrics(calls, aht, agents, target),
        erlang_c_metrics(calls, aht, agents + 1, target),
    )
    assert fewer.service_level <= more.service_level
    assert fewer.asa >= more.asa
    assert fewer.occupancy > more.occupancy


# --- Erlang A: the chain, the limits, the properties ---------------------------------------------

SMALL_CASES = [
    (300, 240, 15, 120, 20),  # 20 erlangs on 15 agents: overloaded, still stable
    (300, 240, 20, 30, 20),
    (300, 240, 25, 600, 60),
    (300, 240, 20, 120, 0),
    (100, 180, 3, 60, 20),
    (1000, 300, 60, 200, 30),
    (360, 180, 1, 50, 10),
]


@pytest.mark.parametrize(("calls", "aht", "agents", "patience", "target"), SMALL_CASES)
def test_erlang_a_equals_the_birth_death_chain(
    calls: float, aht: float, agents: int, patience: float, target: float
) -> None:
    result = erlang_a_metrics(calls, aht, agents, target, patience)
    chain = chain_oracle(calls, aht, agents, patience, target)
    assert result.probability_wait == pytest.approx(chain.probability_wait, rel=1e-9)
    assert result.abandon_rate == pytest.approx(chain.abandon_rate, rel=1e-9)
    assert result.asa == pytest.approx(chain.asa, rel=1e-9)
    assert result.service_level == pytest.approx(chain.service_level, rel=1e-9, abs=1e-12)
    answered = 1 - chain.abandon_rate
    assert result.occupancy == pytest.approx(calls * aht / 3600 * answered / agents, rel=1e-9)


@pytest.mark.parametrize(
    ("calls", "aht", "agents", "patience"),
    [(100_000, 72, 2000, 60), (100_000, 72, 1900, 60), (100_000, 72, 2100, 600), (40_000, 180, 2000, 600)],
)
def test_erlang_a_at_two_thousand_erlangs_equals_the_chain(
    calls: float, aht: float, agents: int, patience: float
) -> None:
    result = erlang_a_metrics(calls, aht, agents, 20, patience)
    chain = chain_oracle(calls, aht, agents, patience)
    assert result.probability_wait == pytest.approx(chain.probability_wait, rel=1e-8)
    assert result.abandon_rate == pytest.approx(chain.abandon_rate, rel=1e-8)
    assert result.asa == pytest.approx(chain.asa, rel=1e-8)


def test_patience_equal_to_handle_time_makes_the_system_poisson() -> None:
    """θ = μ: every caller in the system leaves at rate μ, so the number present is Poisson(A)."""
    load, agents = 20.0, 18
    result = erlang_a_metrics(300, 240, agents, 20, 240)
    present = [poisson_pmf(k, load) for k in range(200)]
    assert result.probability_wait == pytest.approx(math.fsum(present[agents:]), rel=1e-10)
    queued = math.fsum((k - agents) * p for k, p in enumerate(present) if k > agents)
    assert result.abandon_rate == pytest.approx(queued / load, rel=1e-10)


def test_impatient_callers_make_erlang_a_a_loss_system() -> None:
    result = erlang_a_metrics(300, 240, 18, 20, 1e-3)
    assert result.abandon_rate == pytest.approx(erlang_b(18, 20.0), rel=1e-4)
    assert result.service_level == pytest.approx(1 - erlang_b(18, 20.0), rel=1e-4)


def test_erlang_a_stays_finite_at_the_limits() -> None:
    crowded = erlang_a_metrics(100_000, 72, 1000, 20, 86_400)  # 2000 erlangs on 1000 agents, a day's patience
    assert crowded.abandon_rate == pytest.approx(0.5, rel=1e-9)
    assert crowded.asa == pytest.approx(math.log(2) * 86_400, rel=1e-3)  # waits where λe^(−θx) = Nμ
    huge = erlang_a_metrics(100_000, 72, MAX_AGENTS, 20, 86_400)
    assert (huge.service_level, huge.occupancy) == (1.0, pytest.approx(0.1))
    for result in (crowded, huge, erlang_a_metrics(100_000, 86_400, MAX_AGENTS, 0, 1e-3)):
        figures = (result.service_level, result.occupancy, result.probability_wait, result.abandon_rate)
        assert all(value is not None and 0.0 <= value <= 1.0 for value in figures)
        assert math.isfinite(result.asa)
    assert erlang_a_metrics(0, 180, 3, 20, 60).service_level == 1.0


erlang_a_inputs = {
    "calls": st.floats(10, 3000),
    "aht": st.floats(30, 600),
    "target": st.floats(0, 60),
    "patience": st.floats(5, 1800),
}


@settings(max_examples=40, deadline=None)
@given(**erlang_a_inputs, offset=st.integers(-10, 10))
def test_erlang_a_improves_with_every_agent(
    calls: float, aht: float, target: float, patience: float, offset: int
) -> None:
    agents = max(1, round(calls * aht / 3600) + offset)
    fewer = erlang_a_metrics(calls, aht, agents, target, patience)
    more = erlang_a_metrics(calls, aht, agents + 1, target, patience)
    assert more.service_level >= fewer.service_level - 1e-12
    assert more.asa <= fewer.asa * (1 + 1e-9)
    assert fewer.abandon_rate is not None
    assert more.abandon_rate is not None
    assert more.abandon_rate <= fewer.abandon_rate * (1 + 1e-9)
    for result in (fewer, more):
        assert result.abandon_rate is not None
        assert result.abandon_rate <= result.probability_wait * (1 + 1e-9)
        assert 1 - result.probability_wait - 1e-12 <= result.service_level <= 1 - result.abandon_rate + 1e-12


@settings(max_examples=40, deadline=None)
@given(**erlang_a_inputs, offset=st.integers(-10, 10), factor=st.floats(1.1, 10))
def test_abandonment_grows_as_patience_shrinks(
    calls: float, aht: float, target: float, patience: float, offset: int, factor: float
) -> None:
    agents = max(1, round(calls * aht / 3600) + offset)
    hasty = erlang_a_metrics(calls, aht, agents, target, patience / factor)
    patient = erlang_a_metrics(calls, aht, agents, target, patience)
    assert hasty.abandon_rate is not None
    assert patient.abandon_rate is not None
    assert hasty.abandon_rate >= patient.abandon_rate * (1 - 1e-9)


@settings(max_examples=40, deadline=None)
@given(calls=st.floats(10, 3000), aht=st.floats(30, 600), target=st.floats(0, 60), spare=st.integers(1, 20))
def test_erlang_a_with_endless_patience_is_erlang_c(
    calls: float, aht: float, target: float, spare: int
) -> None:
    """A day's patience: Erlang A differs from Erlang C by about ε, the Erlang C queue's abandonment
    flow (queue length / patience) over the spare capacity, plus the mean wait of those who wait over
    the patience. Only queues with ε <= 1 % are compared (near-critical ones really do differ)."""
    agents, patience = math.floor(calls * aht / 3600) + spare, 86_400.0
    spare_rate = (agents - calls * aht / 3600) / aht
    c = erlang_c_metrics(calls, aht, agents, target)
    epsilon = calls / 3600 * c.asa / patience / spare_rate + 1 / spare_rate / patience
    assume(epsilon <= 0.01)
    a = erlang_a_metrics(calls, aht, agents, target, patience)
    assert a.abandon_rate is not None
    assert a.abandon_rate <= epsilon
    assert a.service_level == pytest.approx(c.service_level, abs=epsilon + 1e-9)
    assert a.probability_wait == pytest.approx(c.probability_wait, abs=epsilon + 1e-9)
    assert a.asa == pytest.approx(c.asa, rel=20 * epsilon + 1e-9)


def test_erlang_a_converges_to_erlang_c_as_patience_grows() -> None:
    c = erlang_c_metrics(200, 180, 12, 20)
    gaps = []
    for patience in (864.0, 8_640.0, 86_400.0):
        a = erlang_a_metrics(200, 180, 12, 20, patience)
        gaps.append((abs(a.service_level - c.service_level), abs(a.asa - c.asa), a.abandon_rate or 0.0))
    for looser, tighter in itertools.pairwise(gaps):  # tenfold patience, about a tenth of the gap
        assert all(t < wide / 3 for wide, t in zip(looser, tighter, strict=True))


# --- the search ----------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    calls=st.floats(1, 5000),
    aht=st.floats(10, 900),
    fraction=st.floats(0.05, 0.99),
    target=st.floats(0, 120),
    patience=st.none() | st.floats(5, 1800),
)
def test_agents_needed_is_the_fewest_that_meet_the_target(
    calls: float, aht: float, fraction: float, target: float, patience: float | None
) -> None:
    result = agents_needed(calls, aht, fraction, target, patience)
    assert result.service_level >= fraction
    assert result == evaluate(calls, aht, result.agents, target, patience)
    if result.agents > 1:
        assert evaluate(calls, aht, result.agents - 1, target, patience).service_level < fraction


def test_agents_needed_with_patience_needs_fewer_here() -> None:
    assert agents_needed(200, 180, 0.8, 20, patience=60).agents == 12  # Erlang C needs 14
    assert agents_needed(0, 180, 0.8, 20).agents == 1


@pytest.mark.parametrize("patience", [None, 120.0])
def test_agents_needed_is_fast_at_2000_calls_per_hour(patience: float | None) -> None:
    started = time.process_time()
    result = agents_needed(2000, 300, 0.8, 20, patience)
    assert time.process_time() - started < 0.1
    assert result.agents == (176 if patience is None else 159)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: agents_needed(-1, 180, 0.8, 20), "calls_per_hour"),
        (lambda: agents_needed(100_001, 180, 0.8, 20), "calls_per_hour"),
        (lambda: agents_needed(math.nan, 180, 0.8, 20), "calls_per_hour"),
        (lambda: agents_needed(200, 0, 0.8, 20), "aht"),
        (lambda: agents_needed(200, math.inf, 0.8, 20), "aht"),
        (lambda: agents_needed(200, 180, 0, 20), "target_fraction"),
        (lambda: agents_needed(200, 180, 1.5, 20), "target_fraction"),
        (lambda: agents_needed(200, 180, 0.8, -1), "target_seconds"),
        (lambda: agents_needed(200, 180, 0.8, 20, patience=0), "patience"),
        (lambda: agents_needed(200, 180, 0.8, 20, max_agents=0), "max_agents"),
        (lambda: evaluate(200, 180, 0, 20), "agents"),
        (lambda: evaluate(200, 180, MAX_AGENTS + 1, 20, 60), "agents"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call: object, field: str) -> None:
    assert callable(call)
    with pytest.raises(StaffingInputError) as caught:
        call()
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


def test_unreachable_targets_are_refused() -> None:
    with pytest.raises(TargetUnreachable, match="100 %"):
        agents_needed(200, 180, 1.0, 20)
    with pytest.raises(TargetUnreachable, match="more than 12 agents"):
        agents_needed(200, 180, 0.8, 20, max_agents=12)
    with pytest.raises(TargetUnreachable, match="more than 5 agents"):
        agents_needed(200, 180, 0.8, 20, patience=60, max_agents=5)
