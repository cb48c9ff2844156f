"""Sessions end everywhere (#13 point 4): a sign-out, a disabled user, a new role or password, a revoked API
token close the WebSockets opened with that sign-in at once, with a close code the client understands; the
tokens of a disabled user are revoked for good; a wrong current password counts toward the lockout."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import httpx
import websockets
from fastapi import FastAPI
from sqlalchemy import update
from websockets.asyncio.client import ClientConnection

from parley.accounts.passwords import digest
from parley.accounts.service import Accounts
from parley.accounts.tables import SessionRow
from parley.platform.clock import ManualTimers
from parley.platform.deps import SESSION_COOKIE
from parley.platform.realtime import ACCOUNT_DISABLED, ROLE_CHANGED, SIGN_IN_ENDED, Hub
from tests.integration.conftest import LOGINS, session_cookie, signed_in
from tests.integration.routing.helpers import make_queue, new_contact


async def _hello(ws: ClientConnection) -> dict[str, Any]:
    async with asyncio.timeout(5):
        message: dict[str, Any] = json.loads(await ws.recv())
    assert message["type"] == "hello"
    return message


async def _until_closed(ws: ClientConnection) -> tuple[int, list[dict[str, Any]]]:
    """The close code the server ends the socket with, and what it sent before."""
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(5):
        try:
            while True:
                seen.append(json.loads(await ws.recv()))
        except websockets.exceptions.ConnectionClosed as closed:
            received = closed.rcvd
    assert received is not None, "the server did not close the socket"
    return received.code, seen


async def _closed_with(ws: ClientConnection) -> int:
    code, _ = await _until_closed(ws)
    return code


async def _still_open(ws: ClientConnection) -> None:
    await ws.send("ping")
    async with asyncio.timeout(5):
        while json.loads(await ws.recv())["type"] != "pong":
            pass


async def _user_ids(admin: httpx.AsyncClient) -> dict[str, int]:
    return {u["username"]: u["id"] for u in (await admin.get("/api/users")).json()}


async def _token(client: httpx.AsyncClient) -> tuple[int, str]:
    created = await client.post("/api/auth/tokens", json={"name": "board", "expires_days": 30})
    assert created.status_code == 201, created.text
    return created.json()["id"], created.json()["token"]


async def test_signing_out_closes_that_sessions_sockets_only(app: FastAPI, server: str) -> None:
    url = f"ws://{server}/api/events"
    async with (
        signed_in(app, "agent") as first,
        signed_in(app, "agent") as second,
        websockets.connect(url, additional_headers=session_cookie(first)) as ended,
        websockets.connect(url, additional_headers=session_cookie(second)) as other,
    ):
        await _hello(ended)
        await _hello(other)
        assert (await first.post("/api/auth/logout")).status_code == 204
        assert await _closed_with(ended) == SIGN_IN_ENDED
        await _still_open(other)


async def test_a_disabled_supervisors_sockets_close_and_hear_no_more_events(
    app: FastAPI, server: str, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    _, token = await _token(supervisor)
    url = f"ws://{server}/api/events"
    async with (
        websockets.connect(url, additional_headers=session_cookie(supervisor)) as browser,
        websockets.connect(f"{url}?access_token={token}") as board,
    ):
        await _hello(browser)
        await _hello(board)
        users = await _user_ids(admin)
        assert (
            await admin.patch(f"/api/users/{users['supervisor']}", json={"disabled": True})
        ).status_code == 200
        await new_contact(admin)  # a routing event the disabled supervisor must not see
        for ws in (browser, board):
            code, seen = await _until_closed(ws)
            assert code == ACCOUNT_DISABLED
            assert not [m for m in seen if m["type"] in {"routing-event", "queue-stats"}]
    hub: Hub = app.state.hub
    assert not hub.is_connected(users["supervisor"])


async def test_a_new_role_ends_the_sessions_sockets_and_has_token_sockets_reconnect(
    app: FastAPI, server: str, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    _, token = await _token(supervisor)
    url = f"ws://{server}/api/events"
    async with (
        websockets.connect(url, additional_headers=session_cookie(supervisor)) as browser,
        websockets.connect(f"{url}?access_token={token}") as board,
    ):
        await _hello(browser)
        await _hello(board)
        users = await _user_ids(admin)
        assert (
            await admin.patch(f"/api/users/{users['supervisor']}", json={"role": "agent"})
        ).status_code == 200
        assert await _closed_with(browser) == SIGN_IN_ENDED
        assert await _closed_with(board) == ROLE_CHANGED
    async with websockets.connect(f"{url}?access_token={token}") as again:  # the token still holds
        await _hello(again)


async def test_a_new_password_closes_the_other_sessions_sockets(app: FastAPI, server: str) -> None:
    url = f"ws://{server}/api/events"
    async with (
        signed_in(app, "agent") as here,
        signed_in(app, "agent") as elsewhere,
        websockets.connect(url, additional_headers=session_cookie(here)) as kept,
        websockets.connect(url, additional_headers=session_cookie(elsewhere)) as ended,
    ):
        await _hello(kept)
        await _hello(ended)
        changed = await here.put(
            "/api/auth/me/password",
            json={"current_password": LOGINS["agent"].password, "new_password": "a-new-password-2"},
        )
        assert changed.status_code == 204, changed.text
        assert await _closed_with(ended) == SIGN_IN_ENDED
        await _still_open(kept)
        async with signed_in(app, "admin") as admin:
            users = await _user_ids(admin)
            reset = await admin.put(
                f"/api/users/{users['agent']}/password", json={"password": "reset-pw-3456"}
            )
            assert reset.status_code == 204
        assert await _closed_with(kept) == SIGN_IN_ENDED


async def test_a_revoked_token_closes_its_socket(
    app: FastAPI, server: str, supervisor: httpx.AsyncClient
) -> None:
    token_id, token = await _token(supervisor)
    url = f"ws://{server}/api/events"
    async with (
        websockets.connect(url, additional_headers=session_cookie(supervisor)) as browser,
        websockets.connect(f"{url}?access_token={token}") as board,
    ):
        await _hello(browser)
        await _hello(board)
        assert (await supervisor.delete(f"/api/auth/tokens/{token_id}")).status_code == 204
        assert await _closed_with(board) == SIGN_IN_ENDED
        await _still_open(browser)


async def test_a_disabled_users_tokens_stay_revoked_when_enabled_again(
    app: FastAPI, admin: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    token_id, token = await _token(agent)
    users = await _user_ids(admin)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {token}"},
    ) as bot:
        assert (await bot.get("/api/auth/me")).status_code == 200
        assert (await admin.patch(f"/api/users/{users['agent']}", json={"disabled": True})).status_code == 200
        assert (await bot.get("/api/auth/me")).status_code == 401
        assert (
            await admin.patch(f"/api/users/{users['agent']}", json={"disabled": False})
        ).status_code == 200
        assert (await bot.get("/api/auth/me")).status_code == 401
    listed = (await admin.get(f"/api/users/{users['agent']}/tokens")).json()
    assert [t["revoked_at"] is not None for t in listed if t["id"] == token_id] == [True]
    revoked = (await admin.get("/api/audit", params={"action": "token.revoked"})).json()
    assert [entry["target"] for entry in revoked[:1]] == ["agent"]


async def test_a_wrong_current_password_counts_toward_the_lockout_and_is_audited(
    app: FastAPI, server: str, admin: httpx.AsyncClient
) -> None:
    tries = app.state.accounts.lockout.max_failures
    url = f"ws://{server}/api/events"
    async with (
        signed_in(app, "agent") as agent,
        websockets.connect(url, additional_headers=session_cookie(agent)) as ws,
    ):
        await _hello(ws)
        for _ in range(tries - 1):
            wrong = await agent.put(
                "/api/auth/me/password",
                json={"current_password": "not-my-password", "new_password": "a-new-password-2"},
            )
            assert wrong.status_code == 401
            assert wrong.json()["code"] == "wrong-current-password"
        assert (await agent.get("/api/auth/me")).status_code == 200  # not locked yet
        last = await agent.put(
            "/api/auth/me/password",
            json={"current_password": "not-my-password", "new_password": "a-new-password-2"},
        )
        assert last.status_code == 423
        assert last.json()["code"] == "account-locked"
        assert await _closed_with(ws) == SIGN_IN_ENDED
        assert (await agent.get("/api/auth/me")).status_code == 401  # the lock ended the session
    login = LOGINS["agent"]
    refused = await admin.post(
        "/api/auth/login", json={"username": login.username, "password": login.password}
    )
    assert refused.status_code == 423
    failed = (await admin.get("/api/audit", params={"action": "password-change.failed"})).json()
    assert len(failed) == tries
    assert all(entry["actor"] == "agent" and entry["target"] == "agent" for entry in failed)
    locked = (await admin.get("/api/audit", params={"action": "account.locked"})).json()
    assert [entry["target"] for entry in locked] == ["agent"]


async def test_a_socket_closes_when_its_session_expires(app: FastAPI, server: str) -> None:
    url = f"ws://{server}/api/events"
    timers = app.state.router.timers = ManualTimers()  # the socket's time runs only when the test moves it
    async with signed_in(app, "agent") as agent:
        accounts: Accounts = app.state.accounts
        hashed = digest(agent.cookies[SESSION_COOKIE])
        async with app.state.database.sessions() as db:  # a session with a minute left
            await db.execute(
                update(SessionRow)
                .where(SessionRow.token_hash == hashed)
                .values(expires_at=accounts.clock() + timedelta(seconds=60))
            )
            await db.commit()
        accounts.forget_sign_ins()
        async with websockets.connect(url, additional_headers=session_cookie(agent)) as ws:
            await _hello(ws)
            async with asyncio.timeout(5):
                await timers.scheduled(within=60)  # its end is set
            assert timers.advance(59) == 0
            await _still_open(ws)
            assert timers.advance(1) == 1
            assert await _closed_with(ws) == SIGN_IN_ENDED
