"""The simulator: the real routing engine on a virtual clock, against an FCFS recursion and Erlang C / A.

Two kinds of check. The exact one: fed the same arrivals, handle times and patiences, a first-come-first-
served multi-server queue computed by the Kiefer–Wolfowitz recursion must give the very same waits as the
engine, for every strategy (which free agent takes a contact changes nobody's wait). The statistical one:
over 100 simulated hours the figures agree with Erlang C / Erlang A. One 100-hour run at ~80 % service level
scatters by about 1.8 pp around Erlang C (docs/simulator.md), so the service level is compared as the mean
of three independent 100-hour runs.
"""

from __future__ import annotations

import heapq
import json
import math
import statistics
import time
from dataclasses import dataclass
from functools import cache

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.routing.model import Strategy
from parley.staffing.erlang import evaluate
from parley.staffing.simulate import (
    MAX_CONTACTS,
    HandleDistribution,
    SimulationInputError,
    SimulationResult,
    TooManyContacts,
    input_streams,
    lognormal_parameters,
    simulate,
)

runner = CliRunner()
TARGET = 20.0


@dataclass(frozen=True)
class Reference:
    contacts: int
    answered: int
    abandoned: int
    service_level: float
    asa: float
    occupancy: float


def fcfs_reference(
    agents: int, calls_per_hour: float, aht: float, patience: float | None, hours: float, seed: int
) -> Reference:
    """The same inputs through an FCFS N-server queue: each contact's wait is the earliest agent-free time."""
    arrivals, handles, patiences = input_streams(seed)
    horizon = hours * 3600.0
    warmup = min(3600.0, 0.05 * horizon)
    free = [0.0] * agents  # a heap of the times the agents become free
    now = 0.0
    contacts = answered = abandoned = in_target = 0
    wait_total = busy = 0.0
    while True:
        now += arrivals.expovariate(calls_per_hour / 3600.0)
        if now >= horizon:
            break
        talk = handles.expovariate(1.0 / aht)
        gives_up = patiences.expovariate(1.0 / patience) if patience is not None else math.inf
        wait = max(0.0, free[0] - now)
        counted = now >= warmup
        contacts += counted
        if wait > gives_up:
            abandoned += counted
            continue
        start = now + wait
        heapq.heapreplace(free, start + talk)
        busy += max(0.0, min(start + talk, horizon) - max(start, warmup))
        if counted:
            answered += 1
            wait_total += wait
            in_target += wait <= TARGET
    return Reference(
        contacts,
        answered,
        abandoned,
        in_target / contacts,
        wait_total / answered,
        busy / (agents * (horizon - warmup)),
    )


@pytest.mark.parametrize("strategy", list(Strategy))
def test_engine_gives_the_fcfs_waits_for_every_strategy(strategy: Strategy) -> None:
    result = simulate(13, 200, 180, hours=10, seed=3, strategy=strategy)
    expected = fcfs_reference(13, 200, 180, None, 10, 3)
    assert (result.contacts, result.answered, result.abandoned) == (
        expected.contacts,
        expected.answered,
        expected.abandoned,
    )
    assert result.service_level == pytest.approx(expected.service_level, abs=1e-12)
    assert result.asa == pytest.approx(expected.asa, rel=1e-9)
    assert result.occupancy == pytest.approx(expected.occupancy, rel=1e-9)


@pytest.mark.parametrize("strategy", [Strategy.LONGEST_IDLE, Strategy.RING_ALL])
def test_engine_gives_the_fcfs_waits_and_hang_ups_with_patience(strategy: Strategy) -> None:
    result = simulate(11, 200, 180, patience=90, hours=10, seed=4, strategy=strategy)
    expected = fcfs_reference(11, 200, 180, 90, 10, 4)
    assert expected.abandoned > 50
    assert (result.contacts, result.answered, result.abandoned) == (
        expected.contacts,
        expected.answered,
        expected.abandoned,
    )
    assert result.service_level == pytest.approx(expected.service_level, abs=1e-12)
    assert result.asa == pytest.approx(expected.asa, rel=1e-9)
    assert result.occupancy == pytest.approx(expected.occupancy, rel=1e-9)


@cache
def hundred_hours(agents: int, calls_per_hour: float, aht: float, seed: int) -> SimulationResult:
    return simulate(agents, calls_per_hour, aht, hours=100, seed=seed, target_seconds=TARGET)


@pytest.mark.parametrize(
    ("agents", "calls_per_hour", "aht"),
    [
        pytest.param(13, 200, 180, id="13-agents-SL-80"),  # 10 erlangs, Erlang C: SL 79.6 %, ASA 17.1 s
        pytest.param(14, 200, 180, id="14-agents-SL-89"),  # Erlang C: SL 88.8 %, ASA 7.8 s
    ],
)
def test_agrees_with_erlang_c_over_100_hours(agents: int, calls_per_hour: float, aht: float) -> None:
    predicted = evaluate(calls_per_hour, aht, agents, TARGET)
    runs = [hundred_hours(agents, calls_per_hour, aht, seed) for seed in (1, 2, 3)]
    assert all(run.contacts > 19_000 and run.abandoned == 0 for run in runs)
    levels = [run.service_level for run in runs if run.service_level is not None]
    waits = [run.asa for run in runs if run.asa is not None]
    assert abs(statistics.mean(levels) - predicted.service_level) < 0.02
    assert statistics.mean(waits) == pytest.approx(predicted.asa, rel=0.3)
    assert abs(statistics.mean(run.occupancy for run in runs) - predicted.occupancy) < 0.015
    for run in runs:
        # Against Erlang C at the load that actually came, occupancy is all but exact.
        assert run.realized_aht is not None
        realized = evaluate(run.realized_calls_per_hour, run.realized_aht, agents, TARGET)
        assert abs(run.occupancy - realized.occupancy) < 0.003


def test_abandonment_agrees_with_erlang_a() -> None:
    predicted = evaluate(200, 180, 12, TARGET, patience=120)  # SL 82.6 %, 6.2 % hang up
    result = simulate(12, 200, 180, patience=120, hours=100, seed=1, target_seconds=TARGET)
    assert predicted.abandon_rate is not None
    assert result.abandon_rate is not None
    assert result.abandon_rate > 0.02
    assert result.abandoned + result.answered == result.contacts
    assert abs(result.abandon_rate - predicted.abandon_rate) < 0.01
    assert result.service_level is not None
    assert abs(result.service_level - predicted.service_level) < 0.03
    assert result.asa == pytest.approx(predicted.asa, rel=0.3)
    assert abs(result.occupancy - predicted.occupancy) < 0.015


def test_wait_estimate_error_is_reported() -> None:
    result = hundred_hours(13, 200, 180, 1)
    assert result.ewt_mae is not None
    assert math.isfinite(result.ewt_mae)
    assert result.ewt_mae > 0
    assert result.ewt_mae_queued is not None
    assert result.ewt_mae_queued > result.ewt_mae
    assert result.mean_wait_queued is not None
    assert result.ewt_mae_queued < result.mean_wait_queued
    assert 0 < result.queued < result.answered


def test_same_seed_same_run_other_seed_other_run() -> None:
    first = simulate(5, 60, 240, patience=180, hours=5, seed=7, strategy=Strategy.RANDOM)
    again = simulate(5, 60, 240, patience=180, hours=5, seed=7, strategy=Strategy.RANDOM)
    other = simulate(5, 60, 240, patience=180, hours=5, seed=8, strategy=Strategy.RANDOM)
    assert first == again
    assert other != first


def test_lognormal_handle_times_keep_the_mean() -> None:
    mu, sigma = lognormal_parameters(180, 0.5)
    assert math.exp(mu + sigma**2 / 2) == pytest.approx(180)
    assert math.sqrt(math.expm1(sigma**2)) == pytest.approx(0.5)
    result = simulate(13, 200, 180, hours=20, seed=2, handle=HandleDistribution.LOGNORMAL, handle_cv=0.5)
    assert result.realized_aht == pytest.approx(180, rel=0.03)  # 4,000 draws: 0.8 % standard error
    assert result.answered == result.contacts > 3_500


def test_overloaded_queue_without_patience_still_ends() -> None:
    result = simulate(8, 200, 180, hours=3, seed=1)  # 10 erlangs on 8 agents: the line only grows
    assert result.occupancy > 0.95
    assert result.service_level is not None
    assert result.service_level < 0.2
    assert result.answered == result.contacts


def test_no_contact_counted_gives_none() -> None:
    result = simulate(1, 0.01, 60, hours=1, seed=1)
    assert result.contacts == 0
    assert result.service_level is None
    assert result.asa is None
    assert result.ewt_mae is None


@pytest.mark.parametrize(
    ("agents", "calls_per_hour", "aht", "hours", "patience", "field"),
    [
        (0, 60.0, 180.0, 8.0, None, "agents"),
        (3, -1.0, 180.0, 8.0, None, "calls_per_hour"),
        (3, 60.0, math.nan, 8.0, None, "aht"),
        (3, 60.0, 180.0, 10_001.0, None, "hours"),
        (3, 1_000.0, 180.0, 10_000.0, None, "max_contacts"),  # ten million contacts
        (3, 1_000.0, 180.0, 1_001.0, None, "max_contacts"),  # just over the default million
        (3, 60.0, 180.0, 8.0, 0.0, "patience"),
    ],
)
def test_bad_input_names_the_parameter(
    agents: int, calls_per_hour: float, aht: float, hours: float, patience: float | None, field: str
) -> None:
    with pytest.raises(SimulationInputError) as caught:
        simulate(agents, calls_per_hour, aht, hours=hours, patience=patience)
    assert caught.value.field == field


# ---------------------------------------------------------------- the command

BASE = ["simulate", "--agents", "13", "--calls-per-hour", "200", "--aht", "180", "--hours", "5"]


def test_cli_json_has_the_figures() -> None:
    result = runner.invoke(app, [*BASE, "--seed", "2", "--patience", "150", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures) == {"service_level", "asa", "abandon_rate", "occupancy", "ewt_mae", "contacts"}
    assert isinstance(figures["contacts"], int)
    assert figures["contacts"] > 800
    for key in ("service_level", "abandon_rate", "occupancy"):
        assert isinstance(figures[key], float)
        assert 0.0 <= figures[key] <= 1.0
    for key in ("asa", "ewt_mae"):
        assert isinstance(figures[key], float)
        assert figures[key] >= 0.0
    direct = simulate(13, 200, 180, patience=150, hours=5, seed=2)
    assert figures["service_level"] == direct.service_level
    assert figures["contacts"] == direct.contacts


def test_cli_target_sets_the_threshold() -> None:
    strict = json.loads(runner.invoke(app, [*BASE, "--target", "80/5", "--json"]).stdout)
    lenient = json.loads(runner.invoke(app, [*BASE, "--target", "80/60", "--json"]).stdout)
    assert strict["service_level"] < lenient["service_level"]


def test_cli_table_sets_erlang_beside_the_simulation() -> None:
    plain = runner.invoke(app, BASE)
    assert plain.exit_code == 0, plain.output
    assert "Erlang C" in plain.stdout
    assert "service level (20 s)" in plain.stdout
    assert "wait estimate error" in plain.stdout
    patient = runner.invoke(app, [*BASE, "--patience", "120", "--strategy", "round-robin"])
    assert patient.exit_code == 0, patient.output
    assert "Erlang A" in patient.stdout
    assert "round-robin" in patient.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--agents", "0"], "--agents"),
        (["--agents", "-2"], "--agents"),
        (["--calls-per-hour", "-5"], "--calls-per-hour"),
        (["--calls-per-hour", "100001"], "--calls-per-hour"),
        (["--aht", "0"], "--aht"),
        (["--hours", "10001"], "--hours"),
        (["--patience", "-1"], "--patience"),
        (["--target", "80"], "--target"),
        (["--target", "120/20"], "--target"),
        (["--target", "80/-3"], "--target"),
    ],
)
def test_cli_bad_input_fails_naming_the_option(change: list[str], message: str) -> None:
    result = runner.invoke(app, [*BASE, *change])
    assert result.exit_code == 2  # a usage error, as click's own and `parley staffing`'s
    assert f"error: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_run_over_the_contact_limit_is_refused_before_any_work() -> None:
    with pytest.raises(TooManyContacts) as caught:
        simulate(3, 2_000, 180, hours=500.5)  # 1,001,000 contacts expected
    assert (caught.value.estimate, caught.value.limit) == (1_001_000, MAX_CONTACTS)
    assert MAX_CONTACTS == 1_000_000
    with pytest.raises(TooManyContacts):
        simulate(3, 200, 180, hours=5, max_contacts=999)  # 1,000 expected
    with pytest.raises(SimulationInputError) as zero:
        simulate(3, 200, 180, hours=5, max_contacts=0)
    assert zero.value.field == "max_contacts"
    assert simulate(13, 200, 180, hours=5, max_contacts=1_000).contacts > 800  # at the limit: runs


def test_cli_refuses_too_many_contacts_saying_how_to_ask_for_fewer() -> None:
    big = ["simulate", "--agents", "300", "--calls-per-hour", "100000", "--aht", "180", "--hours", "20"]
    started = time.monotonic()
    result = runner.invoke(app, big)
    assert time.monotonic() - started < 5  # refused up front, not after simulating two million contacts
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = result.stderr
    assert "about 2,000,000 contacts" in message  # the estimate
    assert "limit of 1,000,000" in message  # the limit
    for option in ("--hours", "--calls-per-hour", "--max-contacts"):  # how to ask for fewer, or allow more
        assert option in message
    lowered = runner.invoke(app, [*big, "--max-contacts", "1000000"])
    assert lowered.exit_code == 2
    assert "limit of 1,000,000" in lowered.stderr


def test_cli_max_contacts_raises_or_lowers_the_limit() -> None:
    refused = runner.invoke(app, [*BASE, "--max-contacts", "999", "--json"])  # 1,000 expected
    assert refused.exit_code == 2
    assert "about 1,000 contacts" in refused.stderr
    assert "limit of 999" in refused.stderr
    allowed = runner.invoke(app, [*BASE, "--max-contacts", "1000", "--json"])
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout)["contacts"] > 800
    zero = runner.invoke(app, [*BASE, "--max-contacts", "0"])
    assert zero.exit_code == 2
    assert "error: --max-contacts" in zero.stderr
