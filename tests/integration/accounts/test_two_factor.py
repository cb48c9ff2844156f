"""Two-factor sign-in (#13 point 4) through the HTTP API: enrollment, the code step of both sign-in
endpoints, recovery codes, replay, lockout, a role that requires it, and the administrator's reset."""

from __future__ import annotations

import time
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from parley.accounts.tables import TwoFactorRow
from parley.accounts.totp import STEP_SECONDS, code_at
from parley.platform.deps import CSRF_HEADER
from tests.integration.conftest import LOGINS, signed_in


def code(secret: str, steps_ahead: int = 0) -> str:
    return code_at(secret, time.time() + steps_ahead * STEP_SECONDS)


async def enroll(client: httpx.AsyncClient) -> tuple[str, list[str]]:
    started = await client.post("/api/auth/two-factor/enrollment")
    assert started.status_code == 200, started.text
    body = started.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/Parley:")
    assert body["qr_svg"].startswith("data:image/svg+xml")
    confirmed = await client.post(
        "/api/auth/two-factor/enrollment/confirm", json={"code": code(body["secret"])}
    )
    assert confirmed.status_code == 200, confirmed.text
    return body["secret"], confirmed.json()["recovery_codes"]


async def password_step(
    client: httpx.AsyncClient, role: str, path: str = "/api/auth/login"
) -> dict[str, Any]:
    login = LOGINS[role]
    response = await client.post(path, json={"username": login.username, "password": login.password})
    assert response.status_code == 200, response.text
    assert "parley_session" not in response.headers.get("set-cookie", "")
    body: dict[str, Any] = response.json()
    return body


async def audit_actions(admin: httpx.AsyncClient) -> list[str]:
    return [entry["action"] for entry in (await admin.get("/api/audit?limit=500")).json()]


async def test_enrollment_then_sign_in_asks_for_a_code(app: FastAPI, anon: httpx.AsyncClient) -> None:
    async with signed_in(app, "agent") as agent:
        assert (await agent.get("/api/auth/two-factor")).json()["enabled"] is False
        secret, recovery = await enroll(agent)
        status = (await agent.get("/api/auth/two-factor")).json()
        assert status == {"enabled": True, "pending": False, "required": False, "recovery_codes_left": 10}
        assert len(set(recovery)) == 10
        again = await agent.post("/api/auth/two-factor/enrollment")
        assert again.status_code == 409
        assert again.json()["code"] == "two-factor-enabled"
    async with app.state.database.transaction() as db:
        row = (await db.execute(select(TwoFactorRow))).scalar_one()
        assert secret not in row.secret_sealed  # sealed, never stored as it was shown

    step = (await password_step(anon, "agent"))["second_step"]
    assert step["kind"] == "code"
    assert (await anon.get("/api/auth/me")).status_code == 401  # a challenge is not a session
    wrong = await anon.post(
        "/api/auth/login/second-step", json={"challenge": step["challenge"], "code": "000000"}
    )
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "wrong-two-factor-code"
    next_code = code(secret, 1)
    done = await anon.post(
        "/api/auth/login/second-step", json={"challenge": step["challenge"], "code": next_code}
    )
    assert done.status_code == 200, done.text
    assert done.json()["user"]["username"] == "agent"
    assert (await anon.get("/api/auth/me")).json()["username"] == "agent"
    # The challenge is spent, and the code cannot be used again, not even with a new challenge.
    spent = await anon.post(
        "/api/auth/login/second-step", json={"challenge": step["challenge"], "code": next_code}
    )
    assert spent.json()["code"] == "sign-in-expired"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as other:
        fresh = (await password_step(other, "agent"))["second_step"]
        replay = await other.post(
            "/api/auth/login/second-step", json={"challenge": fresh["challenge"], "code": next_code}
        )
        assert replay.json()["code"] == "wrong-two-factor-code"
    async with signed_in(app, "admin") as admin:
        actions = await audit_actions(admin)
    assert {"two-factor.enabled", "login.second-step", "login.two-factor-failed"} <= set(actions)


async def test_recovery_codes_work_once(app: FastAPI, anon: httpx.AsyncClient) -> None:
    async with signed_in(app, "supervisor") as supervisor:
        _, recovery = await enroll(supervisor)
    step = (await password_step(anon, "supervisor"))["second_step"]
    used = recovery[3].upper().replace("-", " ")
    done = await anon.post("/api/auth/login/second-step", json={"challenge": step["challenge"], "code": used})
    assert done.status_code == 200, done.text
    again = (await password_step(anon, "supervisor"))["second_step"]
    refused = await anon.post(
        "/api/auth/login/second-step", json={"challenge": again["challenge"], "code": used}
    )
    assert refused.json()["code"] == "wrong-two-factor-code"
    async with signed_in(app, "admin") as admin:
        user_id = next(
            u["id"] for u in (await admin.get("/api/users")).json() if u["username"] == "supervisor"
        )
        status = (await admin.get(f"/api/users/{user_id}/two-factor")).json()
    assert status["recovery_codes_left"] == 9


async def test_wrong_codes_count_toward_lockout(app: FastAPI, anon: httpx.AsyncClient) -> None:
    async with signed_in(app, "agent") as agent:
        secret, _ = await enroll(agent)
    step = (await password_step(anon, "agent"))["second_step"]
    answers = []
    for _ in range(5):
        wrong = await anon.post(
            "/api/auth/login/second-step", json={"challenge": step["challenge"], "code": "123456"}
        )
        answers.append(wrong.json()["code"])
    assert answers == ["wrong-two-factor-code"] * 5
    # Locked now: the password alone is refused, and the challenge is void.
    locked = await anon.post("/api/auth/login", json={"username": "agent", "password": "agent-password-1"})
    assert locked.status_code == 423
    late = await anon.post(
        "/api/auth/login/second-step", json={"challenge": step["challenge"], "code": code(secret, 1)}
    )
    assert late.status_code == 401
    assert late.json()["code"] == "sign-in-expired"


async def test_the_sign_in_form_gets_refusals_as_answers(app: FastAPI, anon: httpx.AsyncClient) -> None:
    async with signed_in(app, "agent") as agent:
        secret, _ = await enroll(agent)
    answer = await password_step(anon, "agent", "/api/auth/session")
    assert answer["signed_in"] is False
    assert answer["refused"] is None
    challenge = answer["second_step"]["challenge"]
    wrong = await anon.post("/api/auth/session/second-step", json={"challenge": challenge, "code": "999999"})
    assert wrong.status_code == 200
    assert wrong.json()["refused"] == {"code": "wrong-two-factor-code", "params": {"field": "code"}}
    done = await anon.post(
        "/api/auth/session/second-step", json={"challenge": challenge, "code": code(secret, 1)}
    )
    assert done.json()["signed_in"] is True
    assert done.json()["csrf_token"]
    bogus = await anon.post("/api/auth/session/second-step", json={"challenge": "nope", "code": "123456"})
    assert bogus.json()["refused"]["code"] == "sign-in-expired"


async def test_a_role_that_requires_it_must_enroll_before_any_session(
    app: FastAPI, anon: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    refused = await anon.put("/api/security/two-factor", json={"required_roles": []})
    assert refused.status_code in {401, 403}
    async with signed_in(app, "agent") as agent:
        forbidden = await agent.put("/api/security/two-factor", json={"required_roles": []})
        assert forbidden.status_code == 403
    policy = await admin.put("/api/security/two-factor", json={"required_roles": ["agent", "supervisor"]})
    assert policy.json() == {"required_roles": ["agent", "supervisor"]}
    assert (await admin.get("/api/security/two-factor")).json() == {"required_roles": ["agent", "supervisor"]}

    step = (await password_step(anon, "agent"))["second_step"]
    assert step["kind"] == "enroll"
    assert (await anon.get("/api/auth/me")).status_code == 401
    assert (await anon.get("/api/auth/two-factor")).status_code == 401
    enrollment = await anon.post(
        "/api/auth/login/second-step/enrollment", json={"challenge": step["challenge"]}
    )
    assert enrollment.status_code == 200, enrollment.text
    secret = enrollment.json()["secret"]
    done = await anon.post(
        "/api/auth/login/second-step", json={"challenge": step["challenge"], "code": code(secret)}
    )
    assert done.status_code == 200, done.text
    assert len(done.json()["recovery_codes"]) == 10
    anon.headers[CSRF_HEADER] = done.json()["csrf_token"]
    status = (await anon.get("/api/auth/two-factor")).json()
    assert (status["enabled"], status["required"]) == (True, True)
    # The role requires it: the user cannot turn it off.
    off = await anon.post(
        "/api/auth/two-factor/disable", json={"password": "agent-password-1", "code": code(secret, 1)}
    )
    assert off.status_code == 409
    assert off.json()["code"] == "two-factor-required"

    # An admin resets it (a lost phone): the next sign-in enrolls again.
    agent_id = next(u["id"] for u in (await admin.get("/api/users")).json() if u["username"] == "agent")
    assert (await admin.delete(f"/api/users/{agent_id}/two-factor")).status_code == 204
    assert (await password_step(anon, "agent"))["second_step"]["kind"] == "enroll"
    actions = await audit_actions(admin)
    assert {"two-factor.roles-set", "two-factor.reset", "two-factor.enabled"} <= set(actions)


async def test_disabling_needs_the_password_and_a_code(app: FastAPI, anon: httpx.AsyncClient) -> None:
    async with signed_in(app, "agent") as agent:
        secret, _ = await enroll(agent)
        wrong_password = await agent.post(
            "/api/auth/two-factor/disable", json={"password": "not-the-password", "code": code(secret, 1)}
        )
        assert wrong_password.status_code == 401
        wrong_code = await agent.post(
            "/api/auth/two-factor/disable", json={"password": "agent-password-1", "code": "000000"}
        )
        assert wrong_code.json()["code"] == "wrong-two-factor-code"
        off = await agent.post(
            "/api/auth/two-factor/disable", json={"password": "agent-password-1", "code": code(secret, 1)}
        )
        assert off.status_code == 204
    done = await anon.post("/api/auth/login", json={"username": "agent", "password": "agent-password-1"})
    assert done.json()["user"]["username"] == "agent"  # a password alone again


async def test_requiring_it_signs_out_the_users_of_the_role_who_have_none(
    app: FastAPI, admin: httpx.AsyncClient
) -> None:
    async with signed_in(app, "agent") as agent, signed_in(app, "supervisor") as supervisor:
        await enroll(supervisor)
        assert (await agent.get("/api/auth/me")).status_code == 200
        policy = await admin.put(
            "/api/security/two-factor", json={"required_roles": ["agent", "supervisor", "admin"]}
        )
        assert policy.status_code == 200
        # The agent has no second factor: their session ends, and their next sign-in enrolls.
        assert (await agent.get("/api/auth/me")).status_code == 401
        # The supervisor has one, and the admin who set the policy keeps their own session.
        assert (await supervisor.get("/api/auth/me")).status_code == 200
        assert (await admin.get("/api/auth/me")).status_code == 200
        entry = next(
            e for e in (await admin.get("/api/audit")).json() if e["action"] == "two-factor.roles-set"
        )
        assert entry["details"]["signed_out"] == ["admin", "agent"]
