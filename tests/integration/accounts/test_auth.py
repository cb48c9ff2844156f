"""Login, sessions, CSRF, lockout, logout and API tokens through the HTTP API."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.integration.conftest import LOGINS, signed_in


async def test_login_sets_httponly_samesite_cookie_and_returns_csrf(anon: httpx.AsyncClient) -> None:
    response = await anon.post("/api/auth/login", json={"username": "agent", "password": "agent-password-1"})
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["role"] == "agent"
    assert len(body["csrf_token"]) > 20
    cookies = {c.split("=", 1)[0]: c.lower() for c in response.headers.get_list("set-cookie")}
    assert "httponly" in cookies["parley_session"]
    assert "samesite=lax" in cookies["parley_session"]
    assert "secure" not in cookies["parley_session"]  # plain HTTP here; Secure under TLS
    assert "httponly" not in cookies["parley_csrf"]
    me = await anon.get("/api/auth/me")
    assert me.json()["username"] == "agent"


async def test_cookie_is_secure_under_tls(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        response = await client.post(
            "/api/auth/login", json={"username": "agent", "password": "agent-password-1"}
        )
    session_cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("parley_session")
    )
    assert "secure" in session_cookie.lower()


async def test_wrong_password_is_401_and_audited(anon: httpx.AsyncClient, admin: httpx.AsyncClient) -> None:
    response = await anon.post("/api/auth/login", json={"username": "agent", "password": "wrong-password"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid-credentials"
    unknown = await anon.post("/api/auth/login", json={"username": "nobody", "password": "wrong-password"})
    assert unknown.json()["code"] == "invalid-credentials"
    actions = [(e["action"], e["target"]) for e in (await admin.get("/api/audit")).json()]
    assert ("login.failed", "agent") in actions
    assert ("login.failed", "nobody") in actions
    assert ("login", "admin") in actions


async def test_repeated_failures_lock_the_account(anon: httpx.AsyncClient, admin: httpx.AsyncClient) -> None:
    for _ in range(5):
        await anon.post("/api/auth/login", json={"username": "agent", "password": "wrong-password"})
    response = await anon.post("/api/auth/login", json={"username": "agent", "password": "agent-password-1"})
    assert response.status_code == 423
    assert response.json()["code"] == "account-locked"
    assert "retry_after" in response.json()
    # The lock holds for the address that failed (accounts/limits.py), and is audited with it.
    locks = [e for e in (await admin.get("/api/audit")).json() if e["action"] == "account.locked"]
    assert [(e["target"], e["ip"]) for e in locks] == [("agent", "127.0.0.1")]


async def test_many_attempts_from_one_address_are_throttled(app: FastAPI, anon: httpx.AsyncClient) -> None:
    limit = app.state.settings.login_ip_failures_per_minute
    for index in range(limit):
        await anon.post("/api/auth/login", json={"username": f"u{index}", "password": "nope-nope-nope"})
    response = await anon.post("/api/auth/login", json={"username": "agent", "password": "agent-password-1"})
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 60  # when the oldest failure leaves the minute


async def test_writes_with_the_cookie_need_the_csrf_header(app: FastAPI) -> None:
    async with signed_in(app, "agent") as client:
        token = client.headers.pop("x-csrf-token")
        refused = await client.patch("/api/auth/me", json={"language": "vi"})
        assert refused.status_code == 403
        assert refused.json()["code"] == "csrf-failed"
        wrong = await client.patch(
            "/api/auth/me", json={"language": "vi"}, headers={"x-csrf-token": "x" * 40}
        )
        assert wrong.status_code == 403
        accepted = await client.patch(
            "/api/auth/me", json={"language": "vi"}, headers={"x-csrf-token": token}
        )
        assert accepted.status_code == 200
        assert accepted.json()["language"] == "vi"


async def test_logout_ends_the_session(agent: httpx.AsyncClient) -> None:
    assert (await agent.post("/api/auth/logout")).status_code == 204
    agent.cookies.clear()
    assert (await agent.get("/api/auth/me")).status_code == 401


async def test_session_answers_200_whether_or_not_anyone_is_signed_in(
    app: FastAPI, anon: httpx.AsyncClient
) -> None:
    nobody = await anon.get("/api/auth/session")
    assert nobody.status_code == 200
    assert nobody.json() == {"signed_in": False, "user": None}
    anon.cookies.set("parley_session", "no-such-session-token")
    stale = await anon.get("/api/auth/session")
    assert (stale.status_code, stale.json()["signed_in"]) == (200, False)
    anon.cookies.clear()
    bad_token = await anon.get("/api/auth/session", headers={"Authorization": "Bearer pk_unknown"})
    assert (bad_token.status_code, bad_token.json()["signed_in"]) == (200, False)
    async with signed_in(app, "agent") as client:
        session = await client.get("/api/auth/session")
        assert session.status_code == 200
        body = session.json()
        assert body["signed_in"] is True
        assert body["user"] == (await client.get("/api/auth/me")).json()
        assert body["user"]["csrf_token"] == client.headers["x-csrf-token"]
        await client.post("/api/auth/logout")
        assert (await client.get("/api/auth/session")).json() == {"signed_in": False, "user": None}


async def test_logged_out_session_token_cannot_be_replayed(app: FastAPI) -> None:
    async with signed_in(app, "agent") as client:
        cookie = client.cookies["parley_session"]
        await client.post("/api/auth/logout")
        client.cookies.set("parley_session", cookie)
        replay = await client.get("/api/auth/me")
        assert replay.status_code == 401


async def test_api_token_works_without_csrf_and_can_be_revoked(
    app: FastAPI, admin: httpx.AsyncClient
) -> None:
    created = await admin.post("/api/auth/tokens", json={"name": "crm sync", "expires_days": 30})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("pk_")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"Authorization": f"Bearer {token}"}
    ) as bot:
        assert (await bot.get("/api/users")).status_code == 200
        made = await bot.post(
            "/api/users", json={"username": "bot-made", "password": "long-enough-pw", "role": "agent"}
        )
        assert made.status_code == 201
        listed = (await admin.get("/api/auth/tokens")).json()
        assert listed[0]["name"] == "crm sync"
        assert "token" not in listed[0]
        assert (await admin.delete(f"/api/auth/tokens/{listed[0]['id']}")).status_code == 204
        assert (await bot.get("/api/users")).status_code == 401


async def test_change_own_password_keeps_this_session(app: FastAPI, agent: httpx.AsyncClient) -> None:
    wrong = await agent.put(
        "/api/auth/me/password",
        json={"current_password": "nope-nope-nope", "new_password": "a-new-password-1"},
    )
    assert wrong.status_code == 401
    short = await agent.put(
        "/api/auth/me/password", json={"current_password": LOGINS["agent"].password, "new_password": "short"}
    )
    assert short.status_code == 422
    ok = await agent.put(
        "/api/auth/me/password",
        json={"current_password": LOGINS["agent"].password, "new_password": "a-new-password-1"},
    )
    assert ok.status_code == 204
    assert (await agent.get("/api/auth/me")).status_code == 200
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        old = await other.post(
            "/api/auth/login", json={"username": "agent", "password": LOGINS["agent"].password}
        )
        assert old.status_code == 401
        new = await other.post("/api/auth/login", json={"username": "agent", "password": "a-new-password-1"})
        assert new.status_code == 200


async def test_the_sign_in_form_gets_refusals_as_answers_counted_and_audited_like_login(
    anon: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    """POST /api/auth/session answers a refusal with 200 and its code: the browser logs no failed request."""
    wrong = await anon.post("/api/auth/session", json={"username": "agent", "password": "wrong-password"})
    assert wrong.status_code == 200
    assert wrong.json() == {
        "signed_in": False,
        "user": None,
        "csrf_token": None,
        "expires_at": None,
        "refused": {"code": "invalid-credentials", "params": {}},
        "second_step": None,
        "recovery_codes": None,
    }
    assert "parley_session" not in wrong.headers.get("set-cookie", "")
    actions = [(e["action"], e["target"]) for e in (await admin.get("/api/audit")).json()]
    assert ("login.failed", "agent") in actions
    for _ in range(4):
        await anon.post("/api/auth/session", json={"username": "agent", "password": "wrong-password"})
    locked = await anon.post("/api/auth/session", json={"username": "agent", "password": "agent-password-1"})
    assert locked.status_code == 200
    assert locked.json()["signed_in"] is False
    assert locked.json()["refused"]["code"] == "account-locked"


async def test_the_sign_in_form_signs_in_with_the_session_cookie(anon: httpx.AsyncClient) -> None:
    response = await anon.post(
        "/api/auth/session", json={"username": "agent", "password": "agent-password-1"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["signed_in"] is True
    assert body["refused"] is None
    assert body["user"]["username"] == "agent"
    assert len(body["csrf_token"]) > 20
    assert (await anon.get("/api/auth/me")).json()["username"] == "agent"
    malformed = await anon.post("/api/auth/session", json={"username": "agent"})
    assert malformed.status_code == 422  # a malformed request is still refused as one
