"""Database plumbing: the declarative base, the async engine and sessions, and migrations."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util.concurrency import await_, in_greenlet

from parley.platform.errors import DatabaseBusy, DatabaseUnavailable
from parley.platform.sqlite_inline import inline_dbapi

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


#: How long a statement waits for a lock by default: SQLite's busy timeout, PostgreSQL's lock_timeout.
BUSY_TIMEOUT_MS = 5000
#: SQLSTATEs of PostgreSQL failures that only mean "others held the locks; the same work may succeed now".
RETRYABLE_SQLSTATES = {
    "40001": "a concurrent transaction changed the same rows (serialization failure)",
    "40P01": "it deadlocked with a concurrent transaction",
    "55P03": "a lock it needed stayed held by another transaction past the lock timeout",
    "57014": "a statement ran past the statement timeout",
}
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
#: How long opening a PostgreSQL connection (or pinging a pooled one) may take before the database counts as
#: unreachable, and how long a statement may run (the server's statement_timeout) by default.
CONNECT_TIMEOUT_S = 3.0
STATEMENT_TIMEOUT_MS = 15_000
POOL_TIMEOUT_S = 10.0
#: The client waits this much longer than the server's statement_timeout before it gives up on a server
#: that does not answer at all (the server's own cancel, when it comes, is the cleaner end).
CLIENT_TIMEOUT_GRACE_S = 1.0
#: SQLSTATEs meaning the PostgreSQL server cannot take work at all (besides class 08, connection exceptions).
UNAVAILABLE_SQLSTATES = {
    "57P01": "the database server is shutting down",
    "57P02": "the database server crashed",
    "57P03": "the database server is starting up",
    "53300": "the database server has no connection slot free",
}
SQLITE_UNAVAILABLE_MESSAGES = ("unable to open database file", "disk i/o error", "file is not a database")
#: Modules whose raising of a bare OSError or TimeoutError means the database connection failed.
_DRIVER_PACKAGES = frozenset({"sqlalchemy", "asyncpg", "aiosqlite", "sqlite3"})


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def apply(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL: readers never wait for the writer, nor the writer for readers; only writers queue.
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is still safe from corruption (a power cut may lose the last commits, a
        # crash of the process loses nothing) and a commit needs no fsync, so the write lock is held
        # for far less time under load.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return apply


#: The first word of a statement that takes SQLite's write lock (the driver opens its transaction before
#: these, so reads before the first of them run outside it and take no lock).
_SQLITE_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"})


class SqliteWriteGate:
    """One writing transaction at a time in this process, the others queued in order and woken the moment
    it ends.

    SQLite lets one connection write at a time. Without the gate, a write that finds the lock taken waits in
    SQLite's busy handler, which sleeps and polls (1, 2, 5, 10 ... up to 100 ms between tries) instead of
    being woken: a wait of 2 ms behind another commit could last 30 ms, and under load the tail of every
    write request was SQLite's sleeps (docs/performance.md, "Desk end to end"). The gate is taken before a
    connection's first writing statement (an asyncio lock, first come first served) and given back when the
    connection returns to the pool, that is after its commit or rollback; so a waiter starts as soon as the
    writer before it is done, and SQLite's own lock is never contended within the process. Other processes
    (the CLI while the server runs) still meet SQLite's busy timeout. A writer that cannot have the gate
    within the busy timeout gets `DatabaseBusy` (503), as it would from SQLite, having written nothing."""

    def __init__(self) -> None:
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._holder: object | None = None
        self._holder_lock: asyncio.Lock | None = None
        self._waiting = 0

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    @property
    def holder(self) -> object | None:
        """The DBAPI connection writing now, if any."""
        return self._holder

    @property
    def waiting(self) -> int:
        """How many writers wait for the gate."""
        return self._waiting

    async def acquire(self, owner: object, timeout_s: float) -> None:
        if self._holder is owner:
            return
        lock = self._lock()
        if not lock.locked():  # free: taken at once, without a turn of the event loop
            await lock.acquire()
            self._holder, self._holder_lock = owner, lock
            return
        self._waiting += 1
        try:
            await asyncio.wait_for(lock.acquire(), timeout_s)
        except TimeoutError:
            raise DatabaseBusy(
                "the database is taken by other writes (SQLite allows one writer at a time) for longer "
                "than the busy timeout; nothing was written, try again in a moment",
                cause="database-locked",
            ) from None
        finally:
            self._waiting -= 1
        self._holder, self._holder_lock = owner, lock

    def release(self, owner: object | None) -> None:
        if owner is None or self._holder is not owner:
            return
        lock, self._holder, self._holder_lock = self._holder_lock, None, None
        if lock is not None and lock.locked():
            lock.release()


#: One gate per SQLite file, shared by every engine of the process on it (the app has two: requests' and
#: routing's writer), since SQLite's write lock is the file's.
_GATES: weakref.WeakValueDictionary[str, SqliteWriteGate] = weakref.WeakValueDictionary()
_ENGINE_GATES: weakref.WeakKeyDictionary[Any, SqliteWriteGate] = weakref.WeakKeyDictionary()


def write_gate(engine: AsyncEngine) -> SqliteWriteGate | None:
    """The engine's write gate (SQLite only)."""
    return _ENGINE_GATES.get(engine.sync_engine)


def _install_write_gate(engine: AsyncEngine, path: str, timeout_s: float) -> None:
    sync_engine = engine.sync_engine
    key = str(Path(path).resolve()) if path and path != ":memory:" else f"memory:{id(sync_engine)}"
    gate = _GATES.get(key)
    if gate is None:
        gate = _GATES[key] = SqliteWriteGate()
    _ENGINE_GATES[sync_engine] = gate

    def before_cursor_execute(
        conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        head = statement.lstrip()[:8].split(None, 1)
        if not head or head[0].upper() not in _SQLITE_WRITES or not in_greenlet():
            return
        owner = conn.connection.dbapi_connection
        if gate.holder is not owner:
            await_(gate.acquire(owner, timeout_s))

    def given_back(dbapi_connection: Any, *_args: Any) -> None:
        gate.release(dbapi_connection)

    event.listen(sync_engine, "before_cursor_execute", before_cursor_execute)
    # After its commit the connection returns to the pool: the gate is given back as it does ("reset", before
    # the pool's rollback-on-return, which a committed connection does not need to finish first). A
    # connection checked in, invalidated, detached or closed gives it back too, so it can never stay taken
    # by a connection gone.
    for name in ("reset", "checkin", "invalidate", "soft_invalidate", "detach", "close", "close_detached"):
        event.listen(sync_engine.pool, name, given_back)


#: How the SQLite driver runs statements: "inline" on the event loop's thread (platform/sqlite_inline.py), or
#: "thread" in aiosqlite's thread per connection.
SqliteDriver = Literal["inline", "thread"]


def _bound_pre_ping(engine: AsyncEngine, timeout_s: float) -> None:
    """A pooled connection's liveness check gives up after `timeout_s` and counts as a lost connection (the
    pool then opens a new one, bounded by the connect timeout): a server that stopped answering must not
    hold a request for the whole statement timeout before the new connection is even tried."""
    dialect = engine.sync_engine.dialect
    original = dialect.do_ping

    def do_ping(dbapi_connection: Any) -> bool:
        try:
            await_(asyncio.wait_for(dbapi_connection._async_ping(), timeout_s))
        except (OSError, TimeoutError):
            # Closed at once: a graceful close would wait for the silent server too.
            dbapi_connection.driver_connection.terminate()
            return False
        except Exception:  # anything else: the dialect's own handling, as without the bound
            return original(dbapi_connection)
        return True

    dialect.do_ping = do_ping  # type: ignore[method-assign]


def _drop_on_timeout(context: Any) -> None:
    """A statement the server did not answer in time (or whose link failed) leaves its connection unusable,
    since the reply may still come: it is closed at once and counts as lost, rather than rolled back over the
    silent link, which would wait the statement timeout a second time."""
    if not isinstance(context.original_exception, OSError):  # TimeoutError is one
        return
    context.is_disconnect = True
    connection = context.connection
    if connection is not None and not connection.invalidated:
        with contextlib.suppress(Exception):
            connection.connection.driver_connection.terminate()


def make_engine(
    url: str,
    pool_size: int = 10,
    max_overflow: int = 20,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    sqlite_driver: SqliteDriver = "inline",
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
    statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
    pool_timeout_s: float = POOL_TIMEOUT_S,
) -> AsyncEngine:
    """The engine of `url`. On PostgreSQL a refused or silent server fails fast: connecting is bounded by
    `connect_timeout_s`, a statement by `statement_timeout_ms` (0: unbounded, as for migrations), waiting
    for a pooled connection by `pool_timeout_s`; see `database_unavailable`."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        options: dict[str, Any] = {"module": inline_dbapi()} if sqlite_driver == "inline" else {}
        engine = create_async_engine(url, connect_args={"timeout": busy_timeout_ms / 1000}, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        _install_write_gate(engine, path, busy_timeout_ms / 1000)
        return engine
    server_settings = {"lock_timeout": str(int(busy_timeout_ms))}
    connect_args: dict[str, Any] = {"timeout": connect_timeout_s, "server_settings": server_settings}
    if statement_timeout_ms > 0:
        server_settings["statement_timeout"] = str(int(statement_timeout_ms))
        connect_args["command_timeout"] = statement_timeout_ms / 1000 + CLIENT_TIMEOUT_GRACE_S
    engine = create_async_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout_s,
        connect_args=connect_args,
    )
    _bound_pre_ping(engine, connect_timeout_s)
    event.listen(engine.sync_engine, "handle_error", _drop_on_timeout)
    return engine


def database_busy(error: BaseException) -> DatabaseBusy | None:
    """The error as a retryable `DatabaseBusy` when it only means the database was too busy to take the
    work (see RETRYABLE_SQLSTATES, SQLITE_BUSY_MESSAGES, an exhausted pool); None for any other error."""
    if isinstance(error, DatabaseBusy):
        return error
    if isinstance(error, sa_exc.TimeoutError):  # the pool's: every connection stayed taken
        return DatabaseBusy(
            "the server is overloaded: no database connection came free in time; nothing was written, "
            "try again in a moment",
            cause="pool-exhausted",
        )
    if not isinstance(error, sa_exc.DBAPIError):
        return None
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if isinstance(sqlstate, str) and sqlstate in RETRYABLE_SQLSTATES:
        return DatabaseBusy(
            f"the database refused the change because {RETRYABLE_SQLSTATES[sqlstate]}; nothing was "
            "written, try again",
            cause=sqlstate,
        )
    message = str(original).lower()
    if isinstance(error, sa_exc.OperationalError) and any(m in message for m in SQLITE_BUSY_MESSAGES):
        return DatabaseBusy(
            "the database is locked by other writes (SQLite allows one writer at a time) and stayed "
            "locked past the busy timeout; nothing was written, try again in a moment",
            cause="database-locked",
        )
    return None


def _raised_by_driver(error: BaseException) -> bool:
    """Whether the error came out of SQLAlchemy or a database driver (a bare OSError of the application's
    own, a missing file or a mail server, is not the database's even when raised inside a transaction)."""
    if type(error).__module__.partition(".")[0] in _DRIVER_PACKAGES:
        return True
    by_driver = False
    trace = error.__traceback__
    while trace is not None:  # outermost frame first: what counts is the code nearest the raise
        module = str(trace.tb_frame.f_globals.get("__name__", ""))
        if module.partition(".")[0] in _DRIVER_PACKAGES or module == "parley.platform.sqlite_inline":
            by_driver = True
        elif module.startswith("parley.") and module != __name__:
            by_driver = False
        trace = trace.tb_next
    return by_driver


def _unavailable(reason: str, cause: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"the database cannot be reached: {reason}; nothing was written, try again in a few seconds",
        cause=cause,
    )


def _connection_failure(error: BaseException) -> DatabaseUnavailable | None:
    """A driver's bare connection failure: refused, timed out, dropped, or a PostgreSQL SQLSTATE saying so."""
    sqlstate = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(sqlstate, str) and (sqlstate.startswith("08") or sqlstate in UNAVAILABLE_SQLSTATES):
        return _unavailable(UNAVAILABLE_SQLSTATES.get(sqlstate, "the connection failed"), sqlstate)
    if isinstance(error, TimeoutError):
        return _unavailable("it did not answer within the timeout", "timeout")
    if isinstance(error, ConnectionRefusedError):
        return _unavailable("it refused the connection", "connection-refused")
    if isinstance(error, OSError):
        return _unavailable(f"the connection failed ({type(error).__name__})", "connection-lost")
    if type(error).__name__ == "InterfaceError" and "clos" in str(error).lower():
        return _unavailable("the connection was closed", "connection-lost")
    return None


def database_unavailable(error: BaseException) -> DatabaseUnavailable | None:
    """The error as a retryable `DatabaseUnavailable` when it means the database could not be reached (it
    refused, did not answer in time, dropped the connection, is shutting down; SQLite's file cannot be
    opened); None for any other error, the pool's own timeout included (that is `database_busy`)."""
    if isinstance(error, DatabaseUnavailable):
        return error
    if isinstance(error, sa_exc.DBAPIError):
        original = error.orig
        found = _connection_failure(original) if original is not None else None
        if found is None and original is not None and original.__cause__ is not None:
            found = _connection_failure(original.__cause__)
        if found is None and error.connection_invalidated:
            found = _unavailable("the connection was lost", "connection-lost")
        message = str(original).lower()
        if found is None and any(m in message for m in SQLITE_UNAVAILABLE_MESSAGES):
            found = _unavailable("its file cannot be opened or read", "database-file")
        return found
    if isinstance(error, sa_exc.SQLAlchemyError) or not _raised_by_driver(error):
        return None
    return _connection_failure(error)


def database_failure(error: BaseException) -> DatabaseBusy | DatabaseUnavailable | None:
    """The error as a retryable 503 (busy or unavailable), or None when it is not the database's state."""
    return database_busy(error) or database_unavailable(error)


class Database:
    """The engine and a session factory; one per app."""

    def __init__(
        self,
        url: str,
        pool_size: int = 10,
        max_overflow: int = 20,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        sqlite_driver: SqliteDriver = "inline",
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
        pool_timeout_s: float = POOL_TIMEOUT_S,
    ) -> None:
        self.url = url
        self.engine = make_engine(
            url,
            pool_size,
            max_overflow,
            busy_timeout_ms,
            sqlite_driver,
            connect_timeout_s,
            statement_timeout_ms,
            pool_timeout_s,
        )
        self.write_gate = write_gate(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._probe: asyncio.Future[None] | None = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits on success, rolls back on any error, so nothing is half-written."""
        async with self.sessions() as session, session.begin():
            yield session

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def reachable(self, timeout_s: float) -> BaseException | None:
        """None when a ping succeeds within `timeout_s`, else why not (TimeoutError when it is still going).
        A ping that takes longer runs on, bounded by the connect and statement timeouts, and later callers
        wait for that one: probes of a silent database never pile up."""
        if self._probe is None or self._probe.done():
            self._probe = asyncio.ensure_future(self.ping())
            self._probe.add_done_callback(_retrieve)
        try:
            await asyncio.wait_for(asyncio.shield(self._probe), timeout_s)
        except Exception as error:
            return error
        return None

    async def dispose(self) -> None:
        if self._probe is not None and not self._probe.done():
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._probe
        await self.engine.dispose()


def _retrieve(future: asyncio.Future[None]) -> None:
    """Marks a background probe's failure as seen (its caller may have stopped waiting for it)."""
    if not future.cancelled():
        future.exception()
