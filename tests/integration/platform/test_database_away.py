"""PostgreSQL away (#13 point 9): when the server refuses connections or accepts them and never answers,
requests get a retryable 503 `database-unavailable` with Retry-After within a few seconds (the connect,
ping and statement timeouts), never a 500 or a dropped connection; health says so within 2 s; and the
server resumes by itself, routing included, once the database is back. The database goes away behind a TCP
proxy the test switches (tests/integration/platform/db_proxy.py); PostgreSQL only."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from parley.config import Settings
from parley.platform.db import Database, database_failure
from parley.platform.errors import DatabaseBusy, DatabaseUnavailable
from tests.integration.platform.db_proxy import DatabaseProxy

#: The timeouts the app runs with here (production defaults: 3 s to connect, 15 s per statement); the
#: statement timeout leaves room for the fixtures' TRUNCATE on a loaded test machine.
CONNECT_TIMEOUT_S = 1.0
STATEMENT_TIMEOUT_MS = 5000
#: The statement timeout of the engines the tests below make themselves.
SHORT_STATEMENT_TIMEOUT_MS = 1000
#: What a request may take while the database is away: a ping of a pooled connection and a new connection's
#: attempt, each bounded by the connect timeout, with room for a slow test machine.
REQUEST_BOUND_S = 5.0
HEALTH_BOUND_S = 2.0


@pytest.fixture
def database_url(postgres_database: str) -> str:
    """PostgreSQL only: SQLite's file has no network to lose (its unreadable file is tested below)."""
    return postgres_database


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[DatabaseProxy]:
    target = urlsplit(database_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    running = DatabaseProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await running.start()
    yield running
    await running.close()


@pytest.fixture
def settings(settings: Settings, proxy: DatabaseProxy) -> Settings:
    parts = urlsplit(settings.database_url)
    through_proxy = parts._replace(netloc=f"{parts.netloc.rpartition('@')[0]}@127.0.0.1:{proxy.port}")
    return settings.model_copy(
        update={
            "database_url": through_proxy.geturl(),
            "database_connect_timeout_seconds": CONNECT_TIMEOUT_S,
            "database_statement_timeout_ms": STATEMENT_TIMEOUT_MS,
            "auth_cache_seconds": 0.0,  # every request reads its session: the database is needed at once
        }
    )


async def _timed(call: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await call
    return response, time.monotonic() - started


def _assert_unavailable(response: httpx.Response, elapsed: float) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "5"
    body = response.json()
    assert body["code"] == "database-unavailable"
    assert body["params"]["retry_after_seconds"] == 5
    assert "nothing was written" in body["detail"]
    assert elapsed < REQUEST_BOUND_S, elapsed


async def _assert_health_unavailable(anon: httpx.AsyncClient) -> None:
    response, elapsed = await _timed(anon.get("/api/health"))
    assert response.status_code == 503, response.text
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert response.headers["retry-after"] == "5"
    assert elapsed < HEALTH_BOUND_S, elapsed


async def _assert_served_again(agent: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
    """Without a restart: health, a query, and routing (its engine reloads from the database) all work."""
    health = await anon.get("/api/health")
    assert (health.status_code, health.json()) == (200, {"status": "ok", "database": "ok"})
    customers = await agent.get("/api/customers", params={"q": "binh@example.com"})
    assert customers.status_code == 200, customers.text
    ready = await agent.put("/api/agents/me/state", json={"state": "ready"})
    assert ready.status_code == 200, ready.text
    assert (await agent.get("/api/agents/me")).json()["state"] == "ready"


async def test_a_refusing_database_answers_503_with_retry_after_and_service_resumes(
    proxy: DatabaseProxy, agent: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    assert (await agent.put("/api/agents/me/state", json={"state": "not-ready"})).status_code == 200
    await proxy.refuse()
    _assert_unavailable(*await _timed(agent.get("/api/customers", params={"q": "binh@example.com"})))
    _assert_unavailable(*await _timed(agent.put("/api/agents/me/state", json={"state": "ready"})))
    await _assert_health_unavailable(anon)
    await proxy.restore()
    await _assert_served_again(agent, anon)


async def test_a_silent_database_answers_503_within_the_timeouts_and_service_resumes(
    proxy: DatabaseProxy, agent: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    assert (await agent.put("/api/agents/me/state", json={"state": "not-ready"})).status_code == 200
    proxy.hang()
    _assert_unavailable(*await _timed(agent.get("/api/customers", params={"q": "binh@example.com"})))
    await _assert_health_unavailable(anon)
    await _assert_health_unavailable(anon)  # a second probe while the first still hangs: no pile-up, no wait
    _assert_unavailable(*await _timed(agent.put("/api/agents/me/state", json={"state": "ready"})))
    await proxy.restore()
    await _assert_served_again(agent, anon)


async def _execute(database: Database, statement: str) -> None:
    async with database.transaction() as session:
        await session.execute(text(statement))


async def test_a_statement_past_the_statement_timeout_is_a_retryable_503(postgres_database: str) -> None:
    database = Database(postgres_database, statement_timeout_ms=200)
    try:
        with pytest.raises(sa_exc.DBAPIError) as raised:
            await _execute(database, "SELECT pg_sleep(3)")
        failure = database_failure(raised.value)
        assert isinstance(failure, DatabaseBusy)
        assert failure.extra["cause"] == "57014"
        await database.ping()  # the server cancelled the statement: the connection is fine
    finally:
        await database.dispose()


async def test_a_server_going_silent_mid_statement_fails_within_the_statement_timeout(
    proxy: DatabaseProxy, settings: Settings
) -> None:
    database = Database(
        settings.database_url,
        connect_timeout_s=CONNECT_TIMEOUT_S,
        statement_timeout_ms=SHORT_STATEMENT_TIMEOUT_MS,
    )
    started = time.monotonic()

    async def second_statement_unanswered() -> None:
        nonlocal started
        async with database.transaction() as session:
            await session.execute(text("SELECT 1"))
            proxy.hang()
            started = time.monotonic()
            await session.execute(text("SELECT 2"))

    try:
        with pytest.raises((OSError, sa_exc.DBAPIError)) as raised:
            await second_statement_unanswered()
        elapsed = time.monotonic() - started
        failure = database_failure(raised.value)
        assert isinstance(failure, DatabaseUnavailable), repr(raised.value)
        assert failure.extra["cause"] == "timeout"
        # the client's timeout (the statement timeout and 1 s of grace), and no second wait to roll back
        assert elapsed < SHORT_STATEMENT_TIMEOUT_MS / 1000 + 1.9, elapsed
    finally:
        await proxy.restore()
        await database.dispose()


async def test_an_unreadable_sqlite_file_is_database_unavailable(tmp_path: Path) -> None:
    not_a_file = tmp_path / "parley.db"
    not_a_file.mkdir()  # what SQLite meets when its file cannot be opened
    database = Database(f"sqlite+aiosqlite:///{not_a_file}")
    try:
        with pytest.raises(sa_exc.OperationalError) as raised:
            await database.ping()
        failure = database_failure(raised.value)
        assert isinstance(failure, DatabaseUnavailable), raised.value
        assert failure.extra["cause"] == "database-file"
    finally:
        await database.dispose()


async def test_an_os_error_of_the_applications_own_inside_a_transaction_is_not_the_database(
    tmp_path: Path,
) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'parley.db'}")

    async def read_a_missing_file_mid_transaction() -> None:
        async with database.transaction() as session:
            await session.execute(text("SELECT 1"))
            (tmp_path / "missing.txt").read_text(encoding="utf-8")

    try:
        with pytest.raises(FileNotFoundError) as raised:
            await read_a_missing_file_mid_transaction()
        assert database_failure(raised.value) is None  # a 500 to investigate, not a 503 to wait out
    finally:
        await database.dispose()
