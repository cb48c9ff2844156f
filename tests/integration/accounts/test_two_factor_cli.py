"""`parley users reset-two-factor`: the way back in for a lost phone when no other administrator is left."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from parley.accounts.cli import accounts_service
from parley.accounts.store import audit_entries
from parley.accounts.totp import code_at
from parley.accounts.twofactor import Status, TwoFactor, WrongTwoFactorCode
from parley.cli import app
from parley.platform.cli_support import run_unit_of_work

runner = CliRunner()


def two_factor() -> TwoFactor:
    return TwoFactor(accounts_service(), seal_key="k" * 40)


def test_reset_two_factor_from_the_terminal(data_dir: Path) -> None:
    created = runner.invoke(
        app, ["users", "create", "boss", "--role", "admin", "--password-stdin"], input="a-long-password\n"
    )
    assert created.exit_code == 0, created.output

    async def enroll(db: AsyncSession) -> None:
        service = two_factor()
        user = await service.accounts.get_user_by_name(db, "boss")
        enrollment = await service.start(db, user)
        await service.confirm(db, user, code_at(enrollment.secret, time.time()))

    async def status(db: AsyncSession) -> Status:
        service = two_factor()
        return await service.status(db, await service.accounts.get_user_by_name(db, "boss"))

    run_unit_of_work(enroll)
    assert run_unit_of_work(status).enabled

    reset = runner.invoke(app, ["users", "reset-two-factor", "boss"])
    assert reset.exit_code == 0, reset.output
    after = run_unit_of_work(status)
    assert (after.enabled, after.recovery_codes_left) == (False, 0)

    async def audited(db: AsyncSession) -> list[tuple[str, str, str | None]]:
        rows = await audit_entries(db, limit=10, before_id=None, action="two-factor.reset", actor=None)
        return [(r.actor, r.action, r.target) for r in rows]

    assert run_unit_of_work(audited) == [("cli", "two-factor.reset", "boss")]


def test_a_key_sealed_under_another_secret_key_refuses_codes_instead_of_failing(data_dir: Path) -> None:
    created = runner.invoke(
        app, ["users", "create", "mai", "--role", "agent", "--password-stdin"], input="a-long-password\n"
    )
    assert created.exit_code == 0, created.output

    async def work(db: AsyncSession) -> None:
        before = TwoFactor(accounts_service(), seal_key="a" * 40)
        user = await before.accounts.get_user_by_name(db, "mai")
        enrollment = await before.start(db, user)
        after = TwoFactor(accounts_service(), seal_key="b" * 40)  # the server's secret key was changed
        with pytest.raises(WrongTwoFactorCode):
            await after.confirm(db, user, code_at(enrollment.secret, time.time()))

    run_unit_of_work(work)
