"""`parley simulate`: run the routing engine on a virtual clock and set the figures beside Erlang C / A."""

from __future__ import annotations

import json
import math
from typing import Annotated

import typer

from parley.platform.cli_support import fail
from parley.routing.model import Strategy
from parley.staffing import simulate as simulation
from parley.staffing.cli import parse_target
from parley.staffing.erlang import Staffing, StaffingInputError, evaluate
from parley.staffing.simulate import (
    MAX_CONTACTS,
    HandleDistribution,
    SimulationInputError,
    SimulationResult,
    TooManyContacts,
)

_OPTIONS = {
    "agents": "--agents",
    "calls_per_hour": "--calls-per-hour",
    "aht": "--aht",
    "patience": "--patience",
    "hours": "--hours",
    "target_seconds": "--target",
    "handle_cv": "--handle-cv",
    "max_contacts": "--max-contacts",
}


def simulate(
    agents: Annotated[int, typer.Option("--agents", help="Agents logged in and ready all the time")],
    calls_per_hour: Annotated[
        float, typer.Option("--calls-per-hour", help="Arrival rate (Poisson), contacts per hour")
    ],
    aht: Annotated[float, typer.Option("--aht", help="Average handle time, seconds (no wrap-up)")],
    patience: Annotated[
        float | None,
        typer.Option(help="Mean patience in seconds (exponential); without it nobody hangs up"),
    ] = None,
    hours: Annotated[
        float, typer.Option(help="Simulated hours (the first 5 %, at most 1 h, is warm-up)")
    ] = 8.0,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same run")] = 1,
    strategy: Annotated[Strategy, typer.Option(help="How the queue picks among free agents")] = (
        Strategy.LONGEST_IDLE
    ),
    target: Annotated[str, typer.Option(help="Service-level target, percent/seconds")] = "80/20",
    handle: Annotated[
        HandleDistribution, typer.Option(help="Handle-time distribution, of mean --aht")
    ] = HandleDistribution.EXPONENTIAL,
    handle_cv: Annotated[
        float, typer.Option(help="Log-normal handle times: standard deviation / mean")
    ] = 1.0,
    max_contacts: Annotated[
        int,
        typer.Option(
            "--max-contacts",
            help="Refuse a run expected to simulate more contacts (calls per hour × hours) than this",
        ),
    ] = MAX_CONTACTS,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON")] = False,
) -> None:
    """Simulate a queue on the real routing engine; compare with Erlang C (or Erlang A with --patience)."""
    try:
        fraction, target_seconds = parse_target(target)
    except ValueError as error:
        fail(f"--target: {error}", 2)
    try:
        result = simulation.simulate(
            agents,
            calls_per_hour,
            aht,
            patience=patience,
            hours=hours,
            seed=seed,
            strategy=strategy,
            target_seconds=target_seconds,
            handle=handle,
            handle_cv=handle_cv,
            max_contacts=max_contacts,
        )
    except TooManyContacts as error:
        fail(str(error), 2)
    except SimulationInputError as error:
        fail(f"{_OPTIONS.get(error.field, error.field)}: {error}", 2)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "service_level": result.service_level,
                    "asa": result.asa,
                    "abandon_rate": result.abandon_rate,
                    "occupancy": result.occupancy,
                    "ewt_mae": result.ewt_mae,
                    "contacts": result.contacts,
                }
            )
        )
        return
    try:
        predicted: Staffing | None = evaluate(calls_per_hour, aht, agents, target_seconds, patience)
    except StaffingInputError:
        predicted = None
    model = "Erlang C" if patience is None else "Erlang A"
    if handle is not HandleDistribution.EXPONENTIAL:
        model += "*"
    typer.echo(
        "\n".join(
            _report(
                result,
                predicted,
                model,
                agents=agents,
                calls_per_hour=calls_per_hour,
                aht=aht,
                patience=patience,
                hours=hours,
                seed=seed,
                strategy=strategy,
                handle=handle,
                fraction=fraction,
                target_seconds=target_seconds,
            )
        )
    )


def _report(
    result: SimulationResult,
    predicted: Staffing | None,
    model: str,
    *,
    agents: int,
    calls_per_hour: float,
    aht: float,
    patience: float | None,
    hours: float,
    seed: int,
    strategy: Strategy,
    handle: HandleDistribution,
    fraction: float,
    target_seconds: float,
) -> list[str]:
    leaving = f", mean patience {patience:g} s" if patience is not None else ", nobody hangs up"
    lines = [
        f"{agents} agents, {calls_per_hour:g} calls/h, AHT {aht:g} s ({handle.value}){leaving}; "
        f"{strategy.value}, {hours:g} h, seed {seed}",
        f"counted {result.contacts:,} contacts after a {result.warmup_seconds / 60:.0f} min warm-up "
        f"({result.arrivals:,} arrivals; {result.realized_calls_per_hour:.1f} calls/h came)",
        "",
        f"{'':<28}{'simulated':>10}{model:>12}",
    ]

    def row(label: str, simulated: str, expected: str, note: str = "") -> None:
        lines.append(f"{label:<28}{simulated:>10}{expected:>12}{'   ' + note if note else ''}".rstrip())

    met = result.service_level is not None and result.service_level >= fraction
    row(
        f"service level ({target_seconds:g} s)",
        _percent(result.service_level),
        _percent(predicted.service_level if predicted else None),
        f"target {fraction * 100:g} %: {'met' if met else 'missed'}",
    )
    row("average speed of answer", _seconds(result.asa), _seconds(predicted.asa if predicted else None))
    row(
        "abandon rate",
        _percent(result.abandon_rate),
        _percent(predicted.abandon_rate if predicted and patience is not None else None),
    )
    row("occupancy", _percent(result.occupancy), _percent(predicted.occupancy if predicted else None))
    row("wait estimate error (MAE)", _seconds(result.ewt_mae), "")
    if result.queued:
        bias = result.ewt_bias_queued or 0.0
        row(
            "  of contacts that queued",
            _seconds(result.ewt_mae_queued),
            "",
            f"{result.queued:,} contacts, mean wait {_seconds(result.mean_wait_queued).strip()}, "
            f"estimates {abs(bias):.1f} s {'long' if bias >= 0 else 'short'} on average",
        )
    if model.endswith("*"):
        lines.append(
            f"* {model[:-1]} assumes exponential handle times; the simulation drew {handle.value} ones."
        )
    if predicted is not None and not predicted.stable:
        lines.append(
            f"{model.rstrip('*')}: {agents} agents cannot keep up with this traffic; the line grows."
        )
    return lines


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return "∞" if math.isinf(value) else f"{value:.1f} s"
