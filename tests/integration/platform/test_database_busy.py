"""Overload on the database (SQLite's one write lock, a PostgreSQL lock held too long) answers a retryable
503 `database-busy` with Retry-After, never a 500, and writes nothing; the same request succeeds once the
lock is gone. Another connection holds the lock; the app waits for it only as long as its busy timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest

from parley.config import Settings
from parley.platform.db import Base
from tests.integration.desk.helpers import start_call

BUSY_TIMEOUT_MS = 50
#: Sign-in bookkeeping stays writable: the test is about the endpoints' own writes.
UNLOCKED = {"sessions", "api_tokens", "audit_log", "users"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"database_busy_timeout_ms": BUSY_TIMEOUT_MS})


@asynccontextmanager
async def write_locked(settings: Settings) -> AsyncIterator[None]:
    """Another client holds the write lock: SQLite's (BEGIN IMMEDIATE), or PostgreSQL's table locks
    (EXCLUSIVE lets reads through and makes every write wait)."""
    url = settings.database_url
    if settings.is_sqlite:
        holder = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    transaction = connection.transaction()
    await transaction.start()
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name not in UNLOCKED)
    await connection.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        await transaction.rollback()
        await connection.close()


def _assert_busy(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "1"
    body = response.json()
    assert body["code"] == "database-busy"
    assert body["retry_after_seconds"] == 1
    assert "nothing was written" in body["detail"]
    assert "lock" in body["detail"]


async def test_a_write_to_a_locked_database_is_a_retryable_503(
    agent: httpx.AsyncClient, settings: Settings
) -> None:
    customer = {"name": "Trần Thị Bình", "phones": ["0915550101"], "emails": ["binh@example.com"]}
    async with write_locked(settings):
        _assert_busy(await agent.post("/api/customers", json=customer))
    found = await agent.get("/api/customers", params={"q": "binh@example.com"})
    assert found.status_code == 200
    assert found.json() == []  # neither the customer nor its identities were half-written
    created = await agent.post("/api/customers", json=customer)  # the retry goes through
    assert created.status_code == 201, created.text
    assert [c["id"] for c in (await agent.get("/api/customers", params={"q": "Bình"})).json()] == [
        created.json()["id"]
    ]


async def test_a_routing_write_that_finds_the_database_locked_is_a_retryable_503(
    agent: httpx.AsyncClient, settings: Settings
) -> None:
    before = await agent.get("/api/agents/me")  # the routing profile exists before the lock
    assert before.status_code == 200
    async with write_locked(settings):
        _assert_busy(await agent.put("/api/agents/me/state", json={"state": "ready"}))
    after = await agent.get("/api/agents/me")  # routing rebuilt itself from the database: nothing moved
    assert after.json()["state"] == before.json()["state"] != "ready"
    retried = await agent.put("/api/agents/me/state", json={"state": "ready"})
    assert retried.status_code == 200, retried.text
    assert retried.json()["state"] == "ready"


async def test_a_script_answer_that_finds_the_database_locked_changes_nothing(
    admin: httpx.AsyncClient,
    supervisor: httpx.AsyncClient,
    agent: httpx.AsyncClient,
    settings: Settings,
) -> None:
    interaction = await start_call(admin, supervisor, agent)
    answer = f"/api/interactions/{interaction}/script/answer"
    for reply in ("Yes", "Yes", "No"):
        assert (await agent.post(answer, json={"answer": reply})).status_code == 200
    [before] = (await agent.get("/api/desk")).json()["items"]
    assert before["run"]["view"]["step"] == "ask_address"
    async with write_locked(settings):  # the answer would move the run and write the card's address
        _assert_busy(await agent.post(answer, json={"answer": "12 Main St"}))
    [after] = (await agent.get("/api/desk")).json()["items"]
    assert after["run"] == before["run"]
    assert after["customer"] == before["customer"]
    assert after["interaction"]["captured"] == before["interaction"]["captured"]
    retried = await agent.post(answer, json={"answer": "12 Main St"})
    assert retried.status_code == 200, retried.text
    assert retried.json()["customer"]["fields"] == {"address": "12 Main St"}
    assert retried.json()["run"]["view"]["step"] == "ask_date"
