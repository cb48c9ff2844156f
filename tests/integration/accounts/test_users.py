"""User administration through the API, with the audit trail."""

from __future__ import annotations

import httpx
from fastapi import FastAPI


async def _user_id(admin: httpx.AsyncClient, username: str) -> int:
    users = (await admin.get("/api/users")).json()
    return int(next(u["id"] for u in users if u["username"] == username))


async def test_admin_creates_a_user_who_can_sign_in(
    admin: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    created = await admin.post(
        "/api/users",
        json={
            "username": "mai",
            "password": "mai-sells-shoes-1",
            "role": "agent",
            "display_name": "Trần Mai",
            "language": "vi",
        },
    )
    assert created.status_code == 201
    assert created.json()["language"] == "vi"
    assert "password" not in created.text.lower().replace("password_", "")
    login = await anon.post("/api/auth/login", json={"username": "mai", "password": "mai-sells-shoes-1"})
    assert login.json()["user"]["display_name"] == "Trần Mai"


async def test_duplicate_and_invalid_usernames_are_refused(admin: httpx.AsyncClient) -> None:
    taken = await admin.post(
        "/api/users", json={"username": "agent", "password": "long-enough-1", "role": "agent"}
    )
    assert taken.status_code == 409
    assert taken.json()["code"] == "username-taken"
    bad = await admin.post(
        "/api/users", json={"username": "Bad Name!", "password": "long-enough-1", "role": "agent"}
    )
    assert bad.status_code == 422
    assert bad.json()["field"] == "username"
    weak = await admin.post("/api/users", json={"username": "weak", "password": "short", "role": "agent"})
    assert weak.json()["field"] == "password"


async def test_disabling_a_user_ends_their_sessions(
    admin: httpx.AsyncClient, agent: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    user_id = await _user_id(admin, "agent")
    response = await admin.patch(f"/api/users/{user_id}", json={"disabled": True})
    assert response.json()["disabled"] is True
    assert (await agent.get("/api/auth/me")).status_code == 401
    login = await anon.post("/api/auth/login", json={"username": "agent", "password": "agent-password-1"})
    assert login.status_code == 403
    assert login.json()["code"] == "account-disabled"
    actions = [e["action"] for e in (await admin.get("/api/audit", params={"actor": "admin"})).json()]
    assert "user.disabled" in actions


async def test_role_change_takes_effect(admin: httpx.AsyncClient, app: FastAPI) -> None:
    user_id = await _user_id(admin, "agent")
    assert (await admin.patch(f"/api/users/{user_id}", json={"role": "supervisor"})).json()[
        "role"
    ] == "supervisor"
    audit = (await admin.get("/api/audit", params={"action": "user.updated"})).json()
    assert audit[0]["target"] == "agent"
    assert audit[0]["details"]["changes"] == ["role"]


async def test_the_last_admin_cannot_be_disabled_or_demoted(admin: httpx.AsyncClient) -> None:
    admin_id = await _user_id(admin, "admin")
    for change in ({"disabled": True}, {"role": "agent"}):
        response = await admin.patch(f"/api/users/{admin_id}", json=change)
        assert response.status_code == 409
        assert response.json()["code"] == "last-admin"


async def test_admin_resets_a_password(admin: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
    user_id = await _user_id(admin, "agent")
    assert (
        await admin.put(f"/api/users/{user_id}/password", json={"password": "reset-password-1"})
    ).status_code == 204
    login = await anon.post("/api/auth/login", json={"username": "agent", "password": "reset-password-1"})
    assert login.status_code == 200


async def test_unknown_user_is_404(admin: httpx.AsyncClient) -> None:
    response = await admin.patch("/api/users/9999", json={"disabled": True})
    assert response.status_code == 404
    assert response.json()["code"] == "no-such-user"


async def test_audit_log_pages_backwards(admin: httpx.AsyncClient) -> None:
    for index in range(3):
        await admin.post(
            "/api/users", json={"username": f"p{index}", "password": "long-enough-1", "role": "agent"}
        )
    first = (await admin.get("/api/audit", params={"limit": 2})).json()
    assert len(first) == 2
    more = (await admin.get("/api/audit", params={"limit": 2, "before": first[-1]["id"]})).json()
    assert more[0]["id"] < first[-1]["id"]


async def test_failed_request_writes_nothing(admin: httpx.AsyncClient) -> None:
    before = len((await admin.get("/api/users")).json())
    await admin.post("/api/users", json={"username": "half", "password": "short", "role": "agent"})
    assert len((await admin.get("/api/users")).json()) == before


async def test_common_passwords_are_refused_on_create_reset_and_change(
    admin: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    """#13 point 10: each way a password is set refuses one that is guessed first, with a code to word it."""
    new = {"username": "minh.tran", "role": "agent", "email": "tranminh@example.com"}
    for password, code in [
        ("Password2024!", "password-too-common"),
        ("aaaaaaaaaaaa", "password-too-simple"),
        ("minh.tran2024", "password-is-username"),
        ("tranminh-1990", "password-is-email"),
    ]:
        refused = await admin.post("/api/users", json={**new, "password": password})
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == code
        assert refused.headers["content-type"].startswith("application/problem+json")
    created = await admin.post("/api/users", json={**new, "password": "minh.tran-sings-loudly"})
    assert created.status_code == 201, created.text

    reset = await admin.put(f"/api/users/{created.json()['id']}/password", json={"password": "1234567890"})
    assert reset.status_code == 422
    assert reset.json()["code"] == "password-too-simple"
    change = await agent.put(
        "/api/auth/me/password",
        json={"current_password": "agent-password-1", "new_password": "iloveyou123456"},
    )
    assert change.status_code == 422
    assert change.json()["code"] == "password-too-common"
