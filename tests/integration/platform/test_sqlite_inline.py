"""SQLite run inline on the event loop's thread (platform/sqlite_inline.py), the default, and in aiosqlite's
threads (PARLEY_SQLITE_DRIVER=thread): the same results either way; inline, a transaction's statements run
back to back without giving the event loop away."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Integer, String, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from parley.platform.db import Database, SqliteDriver, UtcDateTime


class _Base(DeclarativeBase):
    """Apart from the app's tables (whose metadata the migrations and resets walk)."""


class Note(_Base):
    __tablename__ = "test_inline_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(String(200), unique=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


@pytest.fixture(params=["inline", "thread"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    driver: SqliteDriver = request.param
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'notes.db'}", sqlite_driver=driver)
    async with db.engine.begin() as connection:
        await connection.run_sync(_Base.metadata.create_all)
    yield db
    await db.dispose()


async def test_rows_round_trip_with_types_and_many_at_once(database: Database) -> None:
    at = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    async with database.transaction() as db:
        db.add_all(Note(body=f"note {i}", at=at) for i in range(300))
    async with database.sessions() as db:
        notes = list(await db.scalars(select(Note).order_by(Note.id)))
        assert len(notes) == 300
        assert notes[0].body == "note 0"
        assert notes[-1].at == at
        streamed = [row async for row in await db.stream_scalars(select(Note.body).order_by(Note.id))]
        assert streamed[:2] == ["note 0", "note 1"]
        assert len(streamed) == 300
        count = (await db.execute(text("SELECT count(*) FROM test_inline_notes"))).scalar_one()
        assert count == 300


async def test_a_failed_transaction_writes_nothing(database: Database) -> None:
    at = datetime(2026, 11, 27, tzinfo=UTC)
    async with database.transaction() as db:
        db.add(Note(body="first", at=at))

    async def second_and_a_duplicate() -> None:
        async with database.transaction() as db:
            db.add(Note(body="second", at=at))
            await db.flush()
            db.add(Note(body="first", at=at))  # a duplicate: the whole transaction goes

    with pytest.raises(IntegrityError):
        await second_and_a_duplicate()
    async with database.sessions() as db:
        assert list(await db.scalars(select(Note.body))) == ["first"]


async def test_inline_a_transaction_runs_without_giving_the_event_loop_away(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'loop.db'}")  # inline is the default
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_Base.metadata.create_all)
        others: list[str] = []
        asyncio.get_running_loop().call_soon(others.append, "another task ran")
        async with database.sessions() as db:
            await db.begin()
            for i in range(5):
                db.add(Note(body=f"n{i}", at=datetime.now(UTC)))
                await db.flush()
            await db.scalars(select(Note))
            await db.commit()
            # Five INSERTs, a SELECT and the COMMIT, the write gate taken and given back: the loop never
            # turned, so no other request ran in the middle of the transaction.
            assert others == []
        await asyncio.sleep(0)
        assert others == ["another task ran"]
    finally:
        await database.dispose()
