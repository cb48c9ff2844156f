"""SQLite's write gate (parley.platform.db.SqliteWriteGate): writers of one process queue in order and
start the moment the writer before them ends, instead of sleeping in SQLite's busy handler; reads never
wait; the gate is given back after a commit, a rollback, an error or a cancelled task; a writer kept
waiting past the busy timeout gets `DatabaseBusy` and writes nothing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from parley.platform.db import Database, SqliteWriteGate
from parley.platform.errors import DatabaseBusy


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'gate.db'}", busy_timeout_ms=2000)
    async with db.transaction() as session:
        await session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
    yield db
    await db.dispose()


def _gate(database: Database) -> SqliteWriteGate:
    assert database.write_gate is not None
    return database.write_gate


async def _bodies(database: Database) -> list[str]:
    async with database.sessions() as session:
        return list((await session.execute(text("SELECT body FROM notes ORDER BY id"))).scalars())


async def _until(condition: Callable[[], bool]) -> None:
    """Wait (at most 2 s) for a condition on the gate, which has no event to wait on."""
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("condition not reached in 2 s")


async def test_writers_queue_in_order_and_start_as_soon_as_the_one_before_commits(
    database: Database,
) -> None:
    gate = _gate(database)
    release_first = asyncio.Event()
    committed_at: dict[str, float] = {}

    async def first() -> None:
        async with database.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('first')"))
            await release_first.wait()
        committed_at["first"] = time.perf_counter()

    async def later(name: str) -> None:
        async with database.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": name})
        committed_at[name] = time.perf_counter()

    writer = asyncio.create_task(first())
    await _until(lambda: gate.holder is not None)
    second = asyncio.create_task(later("second"))
    await _until(lambda: gate.waiting == 1)
    third = asyncio.create_task(later("third"))
    await _until(lambda: gate.waiting == 2)
    # Reads go on while the writers wait: they take no lock in WAL mode, nor the gate.
    assert await _bodies(database) == []
    await asyncio.sleep(0.3)  # long enough for SQLite's busy handler to be sleeping 100 ms at a time
    release_first.set()
    await asyncio.gather(writer, second, third)
    assert await _bodies(database) == ["first", "second", "third"]
    # Woken, not polling: each started right after the one before committed (SQLite's busy handler
    # would have slept up to 100 ms between its tries).
    assert committed_at["second"] - committed_at["first"] < 0.05
    assert gate.holder is None
    assert gate.waiting == 0


async def test_the_gate_is_given_back_after_a_rollback_and_after_a_cancelled_task(
    database: Database,
) -> None:
    gate = _gate(database)
    held: list[object] = []

    async def fails() -> None:
        async with database.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('rolled back')"))
            held.append(gate.holder)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await fails()
    assert held[0] is not None
    assert gate.holder is None

    started = asyncio.Event()

    async def stuck() -> None:
        async with database.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('cancelled')"))
            started.set()
            await asyncio.sleep(60)

    task = asyncio.create_task(stuck())
    await started.wait()
    assert gate.holder is not None
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await _until(lambda: gate.holder is None)
    async with database.transaction() as session:
        await session.execute(text("INSERT INTO notes (body) VALUES ('after')"))
    assert await _bodies(database) == ["after"]


async def test_a_writer_kept_waiting_past_the_busy_timeout_is_told_the_database_is_busy(
    tmp_path: Path,
) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'busy.db'}", busy_timeout_ms=100)
    try:
        async with database.transaction() as session:
            await session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        release = asyncio.Event()

        async def holder() -> None:
            async with database.transaction() as session:
                await session.execute(text("INSERT INTO notes (body) VALUES ('held')"))
                await release.wait()

        task = asyncio.create_task(holder())
        await _until(lambda: _gate(database).holder is not None)
        with pytest.raises(DatabaseBusy) as raised:
            async with database.transaction() as session:
                await session.execute(text("INSERT INTO notes (body) VALUES ('refused')"))
        assert raised.value.code == "database-busy"
        assert "nothing was written" in raised.value.detail
        release.set()
        await task
        assert await _bodies(database) == ["held"]
    finally:
        await database.dispose()


async def test_two_engines_on_one_file_share_the_gate(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    requests, routing = Database(url), Database(url)
    try:
        assert requests.write_gate is routing.write_gate is not None
    finally:
        await requests.dispose()
        await routing.dispose()


async def test_postgresql_has_no_gate() -> None:
    database = Database("postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    try:
        assert database.write_gate is None  # PostgreSQL locks rows, not the database
    finally:
        await database.dispose()
