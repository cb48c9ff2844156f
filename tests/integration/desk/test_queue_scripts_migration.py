"""Migration 0010 moves each queue's script from routing's queue config to the desk's binding table, on
SQLite and PostgreSQL, and goes back down."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from parley.platform import migrate
from parley.platform.db import make_engine
from tests.integration.conftest import _in_thread, empty_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}"
    else:
        with empty_postgres_database() as url:
            yield url


def _run(url: str, sql: str, **values: object) -> list[tuple[object, ...]]:
    async def run() -> list[tuple[object, ...]]:
        engine = make_engine(url)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(text(sql), values)
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            await engine.dispose()

    return _in_thread(lambda: asyncio.run(run()))


def test_migration_0010_copies_each_queues_script_to_the_desk(empty_url: str) -> None:
    _in_thread(lambda: migrate.upgrade(empty_url, "0009"))
    insert = (
        "INSERT INTO routing_queues (id, name, config, created_at, updated_at) "
        "VALUES (:id, :id, :config, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    _run(empty_url, insert, id="sales", config=json.dumps({"strategy": "longest-idle", "script": "sales"}))
    _run(empty_url, insert, id="support", config=json.dumps({"strategy": "longest-idle"}))
    _run(empty_url, insert, id="billing", config=json.dumps({"script": None}))

    _in_thread(lambda: migrate.upgrade(empty_url, "0010"))
    assert _run(empty_url, "SELECT queue_id, script, updated_by FROM desk_queue_scripts") == [
        ("sales", "sales", None)
    ]

    _in_thread(lambda: migrate.downgrade(empty_url, "0009"))
    _in_thread(lambda: migrate.upgrade(empty_url))
    assert _run(empty_url, "SELECT queue_id, script FROM desk_queue_scripts") == [("sales", "sales")]
