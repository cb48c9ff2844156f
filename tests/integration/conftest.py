"""Integration fixtures: the real app on real SQLite and PostgreSQL, driven through HTTP (ASGI)."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text
from typer.testing import CliRunner

from parley.accounts.passwords import hash_password
from parley.accounts.tables import UserRow
from parley.app import create_app, shutdown
from parley.cli import app as cli
from parley.config import Settings
from parley.demo import load_demo_customer_fields
from parley.platform import migrate
from parley.platform.db import Base, Database, utcnow
from parley.platform.deps import CSRF_HEADER, SESSION_COOKIE
from tests.conftest import IN_CI, POSTGRES_URL, TEST_SECRET
from tests.servers import served


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str


LOGINS = {
    "admin": Login("admin", "admin-password-1", "admin"),
    "supervisor": Login("supervisor", "supervisor-password-1", "supervisor"),
    "agent": Login("agent", "agent-password-1", "agent"),
}
_HASHES: dict[str, str] = {}
T = TypeVar("T")


def _in_thread(work: Callable[[], T]) -> T:
    """Run blocking set-up (which may call asyncio.run) away from the test's running event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _postgres_reachable(url: str) -> str | None:
    try:
        connection = await asyncpg.connect(_plain_dsn(url), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "parley.db"
    _in_thread(lambda: migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory for the `parley` command, its embedded database migrated by `parley db upgrade`."""
    monkeypatch.setenv("PARLEY_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return tmp_path


@contextmanager
def empty_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; skipped when PostgreSQL is not reachable,
    except in CI, where the PostgreSQL tests must run."""
    problem = _in_thread(lambda: asyncio.run(_postgres_reachable(POSTGRES_URL)))
    if problem:
        message = f"PostgreSQL not reachable at {POSTGRES_URL} ({problem})"
        if IN_CI:
            pytest.fail(message + "; in CI the PostgreSQL tests must run")
        pytest.skip(message + "; set PARLEY_TEST_POSTGRES_URL or start PostgreSQL")
    name = f"parley_test_{uuid.uuid4().hex[:10]}"
    base, _, _ = POSTGRES_URL.rpartition("/")

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(_plain_dsn(POSTGRES_URL))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    _in_thread(lambda: asyncio.run(admin(f'CREATE DATABASE "{name}"')))
    try:
        yield f"{base}/{name}"
    finally:
        _in_thread(lambda: asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test session, migrated to head."""
    with empty_postgres_database() as url:
        _in_thread(lambda: migrate.upgrade(url))
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "parley.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    return url


async def _reset_and_seed(database: Database) -> None:
    async with database.transaction() as session:
        if database.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        for login in LOGINS.values():
            if login.username not in _HASHES:
                _HASHES[login.username] = hash_password(login.password)
            session.add(
                UserRow(
                    username=login.username,
                    display_name=login.username.title(),
                    role=login.role,
                    language="en",
                    password_hash=_HASHES[login.username],
                    disabled=False,
                    failed_logins=0,
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key=TEST_SECRET,
        frontend_dir=tmp_path / "no-frontend",
        max_body_bytes=64 * 1024,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    await _reset_and_seed(application.state.database)
    yield application
    await shutdown(application)


@pytest.fixture
async def anon(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def demo_customer_fields(app: FastAPI) -> list[str]:
    """The customers' custom fields the shipped examples read (`customer.address`, `customer.orders_count`):
    a script naming them saves only where they are defined, as `parley demo load` defines them."""
    async with app.state.database.transaction() as session:
        return await load_demo_customer_fields(session)


@asynccontextmanager
async def signed_in(app: FastAPI, role: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        login = LOGINS[role]
        response = await client.post(
            "/api/auth/login", json={"username": login.username, "password": login.password}
        )
        assert response.status_code == 200, response.text
        client.headers[CSRF_HEADER] = response.json()["csrf_token"]
        yield client


@pytest.fixture
async def admin(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(app, "admin") as client:
        yield client


@pytest.fixture
async def supervisor(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(app, "supervisor") as client:
        yield client


@pytest.fixture
async def agent(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(app, "agent") as client:
        yield client


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """Every statement the app's main engine sends while the block runs (COMMITs included)."""
    seen: list[str] = []
    engine = app.state.database.engine.sync_engine

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split())[:90])

    def on_commit(_conn: Any) -> None:
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)


@pytest.fixture
async def server(app: FastAPI) -> AsyncIterator[str]:
    """The app served on a free local port (`host:port`), for tests that need a real socket (WebSockets)."""
    async with served(app) as address:
        yield address


def session_cookie(client: httpx.AsyncClient) -> dict[str, str]:
    """The `Cookie` header of `client`'s sign-in, for a WebSocket opened outside httpx."""
    return {"Cookie": f"{SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}"}
