"""Migration 0008 (two-factor sign-in) goes up and back down on SQLite."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import inspect

from parley.platform import migrate
from parley.platform.db import make_engine
from tests.integration.conftest import _in_thread

TABLES = {"two_factor", "recovery_codes", "sign_in_challenges", "two_factor_roles"}


def _tables(url: str) -> set[str]:
    async def read() -> set[str]:
        engine = make_engine(url)
        try:
            async with engine.connect() as connection:
                return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
        finally:
            await engine.dispose()

    return _in_thread(lambda: asyncio.run(read()))


def test_migration_0008_adds_the_two_factor_tables_and_goes_back(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}"
    _in_thread(lambda: migrate.upgrade(url, "0007"))
    assert not TABLES & _tables(url)
    _in_thread(lambda: migrate.upgrade(url, "0008"))
    assert _tables(url) >= TABLES
    _in_thread(lambda: migrate.downgrade(url, "0007"))
    assert not TABLES & _tables(url)
    _in_thread(lambda: migrate.upgrade(url))
    assert _tables(url) >= TABLES
