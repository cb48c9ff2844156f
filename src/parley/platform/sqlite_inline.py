"""SQLite for the async engine without a thread: each statement runs at once, on the event loop's thread.

SQLAlchemy's `sqlite+aiosqlite` driver hands every call (execute, fetch, commit) to a thread of its own per
connection and waits for the answer on the event loop. SQLite answers the desk's statements in tens of
microseconds, so the hand-over costs more than the work, and under load it costs latency too: the thread
needs the interpreter's lock back from a busy event loop, and the request waits for the loop to come round
again after each statement. With these classes (the same interface as aiosqlite, given to SQLAlchemy's
aiosqlite dialect as its driver module) a statement runs inline and the awaits complete without yielding, so
a transaction's statements run back to back: SQLite's write lock is held for exactly as long as the
statements take.

The price: while a statement runs, nothing else on the event loop does. The desk's and routing's statements
are short; a long query (a large export, a report over months) holds the loop for its whole time, as would
waiting for SQLite's lock held by another process (a command-line import) — at most the busy timeout. Set
PARLEY_SQLITE_DRIVER=thread to have aiosqlite's threads instead; PostgreSQL is the choice for large sites.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Sequence
from types import SimpleNamespace
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi

Parameters = Sequence[Any] | dict[str, Any] | None


class InlineCursor:
    """aiosqlite's `Cursor` interface over a plain `sqlite3.Cursor`, run at once."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Parameters = None) -> InlineCursor:
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size) if size is not None else self._cursor.fetchmany()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None

    async def close(self) -> None:
        self._cursor.close()

    async def __aiter__(self) -> AsyncIterator[Any]:
        while True:
            rows = self._cursor.fetchmany()
            if not rows:
                return
            for row in rows:
                yield row

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _RunNow:
    """Stands in for aiosqlite's queue to its thread (SQLAlchemy puts isolation-level changes on it)."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the waiter, as aiosqlite's thread does
            if future is not None:
                future.set_exception(error)
            return
        if future is not None:
            future.set_result(result)


class InlineConnection:
    """aiosqlite's `Connection` interface over a plain `sqlite3.Connection`, run at once."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        self._connector = connector
        self._connection: sqlite3.Connection | None = None
        self._tx = _RunNow()
        self._thread = SimpleNamespace(daemon=True)  # SQLAlchemy marks aiosqlite's thread a daemon

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        self._connection = self._connector()
        return self._done().__await__()

    async def _done(self) -> InlineConnection:
        return self

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Parameters = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _connect(database: Any, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineConnection:
    del iter_chunk_size  # aiosqlite's; fetching here is not chunked through a thread
    return InlineConnection(lambda: sqlite3.connect(database, **kwargs))


#: In place of the `aiosqlite` module: what SQLAlchemy's dialect reads from it.
INLINE_MODULE = SimpleNamespace(
    connect=_connect,
    Connection=SimpleNamespace(stop=InlineConnection.stop),
    __version__=aiosqlite.__version__,  # the interface it stands in for
    **{
        name: getattr(sqlite3, name)
        for name in (
            "DatabaseError",
            "Error",
            "IntegrityError",
            "NotSupportedError",
            "OperationalError",
            "ProgrammingError",
            "sqlite_version",
            "sqlite_version_info",
        )
    },
)


def inline_dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The driver module to give `create_async_engine(..., module=...)` for an `sqlite+aiosqlite` URL."""
    return AsyncAdapt_aiosqlite_dbapi(INLINE_MODULE, sqlite3)  # type: ignore[arg-type]
