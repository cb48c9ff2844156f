"""`parley staffing`: the agents a queue needs for a service-level target, or what N agents achieve."""

from __future__ import annotations

import json
import math
import re
from typing import Annotated, Any

import typer

from parley.platform.cli_support import fail
from parley.staffing.erlang import (
    Staffing,
    StaffingInputError,
    TargetUnreachable,
    agents_needed,
    evaluate,
)

_OPTIONS = {
    "calls_per_hour": "--calls-per-hour",
    "aht": "--aht",
    "target_fraction": "--target",
    "target_seconds": "--target",
    "patience": "--patience",
    "agents": "--agents",
    "max_agents": "--agents",
}
_TARGET = re.compile(r"\s*(\d+(?:\.\d*)?)\s*%?\s*/\s*(\d+(?:\.\d*)?)\s*s?\s*", re.IGNORECASE)


def parse_target(text: str) -> tuple[float, float]:
    """'80/20' or '80%/20s' -> (0.8, 20.0): the share answered (a percentage) within the time (seconds)."""
    match = _TARGET.fullmatch(text)
    if match is None:
        raise ValueError(f"expected PERCENT/SECONDS such as 80/20 or 80%/20s, got {text!r}")
    percent, seconds = float(match.group(1)), float(match.group(2))
    if not 0.0 < percent <= 100.0:
        raise ValueError(f"the percentage must be more than 0 and at most 100, got {percent:g}")
    return percent / 100.0, seconds


def staffing(
    calls_per_hour: Annotated[
        float, typer.Option("--calls-per-hour", help="Contacts arriving per hour (Poisson)")
    ],
    aht: Annotated[float, typer.Option("--aht", help="Average handle time, seconds")],
    target: Annotated[
        str, typer.Option("--target", help="Service-level target PERCENT/SECONDS: 80/20 = 80 % within 20 s")
    ],
    patience: Annotated[
        float | None,
        typer.Option(help="Mean patience, seconds: callers hang up (Erlang A); without it nobody does"),
    ] = None,
    agents: Annotated[
        int | None, typer.Option(help="Evaluate this head count instead of searching for one")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Size a queue with Erlang C (or Erlang A with --patience): agents, service level, ASA, occupancy."""
    try:
        fraction, target_seconds = parse_target(target)
    except ValueError as error:
        fail(f"--target: {error}", 2)
    try:
        if agents is None:
            result = agents_needed(calls_per_hour, aht, fraction, target_seconds, patience)
        else:
            result = evaluate(calls_per_hour, aht, agents, target_seconds, patience)
    except TargetUnreachable as error:
        fail(f"{_OPTIONS[error.field]}: {error}", 1)
    except StaffingInputError as error:
        fail(f"{_OPTIONS.get(error.field, error.field)}: {error}", 2)
    if not result.stable:
        typer.echo(
            f"note: {result.agents} agents cannot keep up with {result.traffic:.2f} erlangs of traffic: "
            "the queue grows without bound, so waits (ASA) are unbounded and no contact is answered in "
            "time in the long run",
            err=True,
        )
    model = "erlang-c" if patience is None else "erlang-a"
    if as_json:
        typer.echo(json.dumps(_as_json(result, model, fraction, target_seconds), allow_nan=False))
    else:
        typer.echo("\n".join(_table(result, model, fraction, target_seconds, searched=agents is None)))


def _as_json(result: Staffing, model: str, fraction: float, target_seconds: float) -> dict[str, Any]:
    document: dict[str, Any] = {
        "model": model,
        "agents": result.agents,
        "traffic": result.traffic,
        "service_level": result.service_level,
        "asa": result.asa if math.isfinite(result.asa) else None,
        "occupancy": result.occupancy,
        "probability_wait": result.probability_wait,
        "target": {"service_level": fraction, "seconds": target_seconds},
        "meets_target": result.service_level >= fraction,
    }
    if result.abandon_rate is not None:
        document["abandon_rate"] = result.abandon_rate
    return document


def _table(
    result: Staffing, model: str, fraction: float, target_seconds: float, *, searched: bool
) -> list[str]:
    goal = f"{fraction * 100:g} % within {target_seconds:g} s"
    verdict = "fewest meeting" if searched else ("meets" if result.service_level >= fraction else "misses")
    rows = [
        ("model", "Erlang C (nobody hangs up)" if model == "erlang-c" else "Erlang A (callers hang up)"),
        ("agents", f"{result.agents}  ({verdict} {goal})"),
        ("traffic", f"{result.traffic:.2f} erlangs"),
        ("service level", f"{_percent(result.service_level)} answered within {target_seconds:g} s"),
        ("ASA", f"{result.asa:.1f} s" if result.stable else "unbounded (queue grows forever)"),
        ("occupancy", _percent(result.occupancy)),
        ("wait at all", _percent(result.probability_wait)),
    ]
    if result.abandon_rate is not None:
        rows.append(("abandonment", f"{_percent(result.abandon_rate)} hang up before an answer"))
    return [f"{name:<14} {value}" for name, value in rows]


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f} %"
