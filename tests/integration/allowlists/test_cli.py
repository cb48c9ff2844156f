"""`parley access`: the locked-out admin's way back in, against a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from parley.accounts.tables import AuditRow
from parley.allowlists.model import Allowlists
from parley.allowlists.service import NetworkAccess, Stored
from parley.cli import app
from parley.platform.cli_support import run_unit_of_work
from parley.platform.clock import system_clock
from parley.platform.networks import parse_networks

runner = CliRunner()


def _service() -> NetworkAccess:
    return NetworkAccess(system_clock, {}, 0)


async def _lock_everyone_out(db: AsyncSession) -> Stored:
    office = Allowlists(sign_in=parse_networks(["10.9.0.0/16"]), api=parse_networks(["10.9.0.0/16"]))
    return await _service().replace(db, "admin", "10.9.1.1", office)


async def _read(db: AsyncSession) -> tuple[Stored, list[str]]:
    actions = list((await db.execute(select(AuditRow.action))).scalars())
    return await _service().read(db), actions


def test_access_clear_empties_the_lists(data_dir: Path) -> None:
    run_unit_of_work(_lock_everyone_out)
    shown = runner.invoke(app, ["access", "show"])
    assert shown.exit_code == 0, shown.output
    assert "10.9.0.0/16" in shown.output
    cleared = runner.invoke(app, ["access", "clear"])
    assert cleared.exit_code == 0, cleared.output
    assert "allowlists cleared" in cleared.output
    stored, actions = run_unit_of_work(_read)
    assert stored.lists == Allowlists()
    assert stored.updated_by == "cli"
    assert "network-access.cleared" in actions


def test_access_clear_leaves_lists_of_the_configuration(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLEY_API_ALLOWLIST", "192.0.2.0/24")
    cleared = runner.invoke(app, ["access", "clear"])
    assert cleared.exit_code == 0, cleared.output
    assert "192.0.2.0/24 [from the configuration]" in cleared.output
    assert "PARLEY_API_ALLOWLIST" in cleared.output


def test_a_bad_network_in_the_configuration_stops_the_command_naming_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLEY_STAFF_ALLOWLIST", "10.0.0.0/8, 10.0.0.1/8")
    result = runner.invoke(app, ["access", "show"])
    assert result.exit_code == 2
    assert "PARLEY_STAFF_ALLOWLIST" in result.output
    assert "10.0.0.1/8" in result.output
