"""`parley staffing`: search or evaluate a head count, as a table or as one JSON object."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from parley.cli import app

runner = CliRunner()
BASE = ["staffing", "--calls-per-hour", "200", "--aht", "180"]  # 10 erlangs: Call Centre Helper's example


def run_json(*options: str) -> dict[str, Any]:
    result = runner.invoke(app, [*BASE, *options, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def test_search_prints_a_readable_table() -> None:
    result = runner.invoke(app, [*BASE, "--target", "80/20"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["model", "Erlang", "C", "(nobody", "hangs", "up)"]
    assert "agents         14  (fewest meeting 80 % within 20 s)" in lines
    assert "traffic        10.00 erlangs" in lines
    assert "service level  88.8 % answered within 20 s" in lines
    assert "ASA            7.8 s" in lines
    assert "occupancy      71.4 %" in lines
    assert "abandonment" not in result.stdout


def test_search_as_json() -> None:
    document = run_json("--target", "80/20")
    assert document["model"] == "erlang-c"
    assert document["agents"] == 14
    assert document["traffic"] == pytest.approx(10.0)
    assert document["service_level"] == pytest.approx(0.888, abs=5e-4)
    assert document["asa"] == pytest.approx(7.8, abs=0.05)
    assert document["occupancy"] == pytest.approx(0.714, abs=5e-4)
    assert document["meets_target"] is True
    assert "abandon_rate" not in document


def test_evaluating_a_head_count() -> None:
    document = run_json("--target", "80%/20s", "--agents", "13")
    assert document["agents"] == 13
    assert document["service_level"] == pytest.approx(0.796, abs=5e-4)
    assert document["meets_target"] is False
    table = runner.invoke(app, [*BASE, "--target", "80/20", "--agents", "13"])
    assert "agents         13  (misses 80 % within 20 s)" in table.stdout


def test_patience_switches_to_erlang_a() -> None:
    document = run_json("--target", "80/20", "--patience", "60")
    assert document["model"] == "erlang-a"
    assert document["agents"] == 12
    assert 0 < document["abandon_rate"] < 0.1
    table = runner.invoke(app, [*BASE, "--target", "80/20", "--patience", "60"])
    assert "model          Erlang A (callers hang up)" in table.stdout
    assert "abandonment" in table.stdout


def test_an_unstable_head_count_prints_null_and_says_why() -> None:
    result = runner.invoke(app, [*BASE, "--target", "80/20", "--agents", "9", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["asa"] is None
    assert document["service_level"] == 0.0
    assert document["occupancy"] == 1.0
    assert "9 agents cannot keep up with 10.00 erlangs" in result.stderr
    table = runner.invoke(app, [*BASE, "--target", "80/20", "--agents", "9"])
    assert "ASA            unbounded" in table.stdout


@pytest.mark.parametrize(
    ("options", "named", "code"),
    [
        (["--target", "80-20"], "--target", 2),
        (["--target", "0/20"], "--target", 2),
        (["--target", "120/20"], "--target", 2),
        (["--target", "80/20", "--patience", "0"], "--patience", 2),
        (["--target", "80/20", "--agents", "0"], "--agents", 2),
        (["--target", "80/20", "--aht", "0"], "--aht", 2),
        (["--target", "100/20"], "--target", 1),
    ],
)
def test_bad_values_name_the_option_without_a_stack_trace(options: list[str], named: str, code: int) -> None:
    result = runner.invoke(app, [*BASE, *options])
    assert result.exit_code == code
    assert result.stderr.startswith(f"error: {named}: ")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_negative_calls_are_refused() -> None:
    result = runner.invoke(app, ["staffing", "--calls-per-hour", "-5", "--aht", "180", "--target", "80/20"])
    assert result.exit_code == 2
    assert "error: --calls-per-hour: calls per hour must be at least 0" in result.stderr
