"""The server remembers a resolved session or API token for PARLEY_AUTH_CACHE_SECONDS, so a request costs no
sign-in query; a change through the server (disable, new role, new password, sign-out, revoked token) is
obeyed by the very next request, and a change from another process (the CLI) within the cache time."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import delete, select, update

from parley.accounts.service import Accounts
from parley.accounts.tables import SessionRow, UserRow
from parley.config import Settings
from parley.platform.clock import ManualTimers
from parley.platform.db import Database
from tests.integration.conftest import LOGINS, signed_in, statements


async def test_a_resolved_session_costs_no_query_until_the_cache_time_is_over(
    app: FastAPI, agent: httpx.AsyncClient
) -> None:
    with statements(app) as seen:
        for _ in range(3):
            assert (await agent.get("/api/auth/me")).status_code == 200
    sign_ins = [s for s in seen if "FROM sessions" in s or "FROM api_tokens" in s]
    assert len(sign_ins) <= 1  # the first may read it; the others are remembered


async def test_changes_through_the_server_apply_to_the_next_request(
    app: FastAPI, admin: httpx.AsyncClient
) -> None:
    users = {u["username"]: u["id"] for u in (await admin.get("/api/users")).json()}
    async with signed_in(app, "agent") as agent, signed_in(app, "supervisor") as supervisor:
        assert (await agent.get("/api/auth/me")).status_code == 200
        assert (await supervisor.get("/api/queues")).status_code == 200
        disabled = await admin.patch(f"/api/users/{users['agent']}", json={"disabled": True})
        assert disabled.status_code == 200
        assert (await agent.get("/api/auth/me")).status_code == 401
        demoted = await admin.patch(f"/api/users/{users['supervisor']}", json={"role": "agent"})
        assert demoted.status_code == 200
        assert (await supervisor.get("/api/queues")).status_code == 401  # a new role ends its sessions
    async with signed_in(app, "admin") as second:
        assert (await second.get("/api/auth/me")).status_code == 200
        assert (await second.post("/api/auth/logout")).status_code == 204
        assert (await second.get("/api/auth/me")).status_code == 401
    assert (await admin.get("/api/auth/me")).status_code == 200  # other sessions go on


async def test_a_change_from_another_process_applies_within_the_cache_time(
    app: FastAPI, agent: httpx.AsyncClient, settings: Settings
) -> None:
    accounts: Accounts = app.state.accounts
    assert accounts.cache_seconds == settings.auth_cache_seconds == 5  # the default
    timers = accounts.timers = ManualTimers()  # the cache's time moves only when the test says so
    accounts.forget_sign_ins()  # what was remembered on the real clock
    assert (await agent.get("/api/auth/me")).status_code == 200
    other_process = Database(settings.database_url)  # as the CLI would: not through this server
    try:
        async with other_process.transaction() as db:
            await db.execute(update(UserRow).where(UserRow.username == "agent").values(disabled=True))
    finally:
        await other_process.dispose()
    timers.advance(4.9)
    assert (await agent.get("/api/auth/me")).status_code == 200  # still remembered: no query yet
    timers.advance(0.1)
    assert (await agent.get("/api/auth/me")).status_code == 401


async def test_a_sign_in_read_during_a_change_is_forgotten_when_the_change_commits(app: FastAPI) -> None:
    """A request that resolves the caller while a change is being written reads the old rows; the change
    forgets them again once committed, so the old state is not served for the cache time."""
    accounts: Accounts = app.state.accounts
    database: Database = app.state.database
    login = LOGINS["agent"]
    async with database.sessions() as db:  # as a request's: sign-in commits its read before the slow check
        result = await accounts.login(db, login.username, login.password, None, None)
        await db.commit()
    token = result.session_token
    async with database.sessions() as db:
        assert await accounts.from_session(db, token) is not None
    async with database.sessions() as change:
        user = (await change.execute(select(UserRow).where(UserRow.username == "agent"))).scalar_one()
        await accounts.update_user(change, "test", user, {"disabled": True})
        await change.flush()
        async with database.sessions() as meanwhile:  # still sees the user enabled, and remembers it
            assert await accounts.from_session(meanwhile, token) is not None
        await change.commit()
    async with database.sessions() as db:
        assert await accounts.from_session(db, token) is None


async def test_a_remembered_session_still_ends_when_it_expires(app: FastAPI) -> None:
    accounts: Accounts = app.state.accounts
    database: Database = app.state.database
    login = LOGINS["agent"]
    async with database.sessions() as db:  # as a request's: sign-in commits its read before the slow check
        result = await accounts.login(db, login.username, login.password, None, None)
        await db.commit()
    async with database.sessions() as db:
        assert await accounts.from_session(db, result.session_token) is not None
    # Its time is up: the clock reaches its end (and the row is gone, as sign-in's clean-up would remove it).
    async with database.transaction() as db:
        await db.execute(delete(SessionRow))
    accounts.clock = lambda: result.expires_at  # type: ignore[method-assign]
    async with database.sessions() as db:
        assert await accounts.from_session(db, result.session_token) is None
