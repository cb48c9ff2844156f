"""Malformed, oversized and unknown requests get problem+json 4xx naming what is wrong; never a 500."""

from __future__ import annotations

import httpx


async def test_malformed_json_is_400(admin: httpx.AsyncClient) -> None:
    response = await admin.post(
        "/api/users", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed-json"


async def test_wrong_types_name_the_field(admin: httpx.AsyncClient) -> None:
    response = await admin.post("/api/users", json={"username": "bob", "password": 5, "role": "king"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid-request"
    fields = {e["field"] for e in body["errors"]}
    assert {"password", "role"} <= fields
    assert "Traceback" not in response.text


async def test_unknown_fields_are_refused(admin: httpx.AsyncClient) -> None:
    response = await admin.post(
        "/api/users", json={"username": "bob", "password": "x" * 12, "role": "agent", "is_superuser": True}
    )
    assert response.status_code == 422
    assert any(e["field"] == "is_superuser" for e in response.json()["errors"])


async def test_oversized_body_is_413(admin: httpx.AsyncClient) -> None:
    response = await admin.post(
        "/api/users", json={"username": "bob", "password": "x" * 200_000, "role": "agent"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body-too-large"


async def test_oversized_body_without_content_length_is_413(admin: httpx.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"x" * 1024

    response = await admin.post("/api/users", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_unknown_api_route_is_404_problem(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not-found"


async def test_wrong_method_is_405(admin: httpx.AsyncClient) -> None:
    response = await admin.delete("/api/users")
    assert response.status_code == 405
    assert response.json()["code"] == "method-not-allowed"


async def test_bad_path_parameter_is_422(admin: httpx.AsyncClient) -> None:
    response = await admin.get("/api/users/abc")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "user_id"


async def test_bad_query_parameter_is_422(admin: httpx.AsyncClient) -> None:
    response = await admin.get("/api/audit", params={"limit": "100000"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


async def test_security_headers_are_set(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/api/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_field_problems_carry_a_code_and_params_for_the_interface(admin: httpx.AsyncClient) -> None:
    """The interface words each field's problem in its reader's language from `code` and `params`."""
    response = await admin.post(
        "/api/users",
        json={"username": "b" * 65, "role": "king", "email": "not-an-address", "display_name": ""},
    )
    assert response.status_code == 422
    found = {e["field"]: (e["code"], e["params"]) for e in response.json()["errors"]}
    assert found == {
        "username": ("too-long", {"max": 64}),
        "password": ("required", {}),
        "role": ("not-allowed", {"allowed": "'agent', 'supervisor', 'admin'"}),
        "email": ("bad-format", {}),
        "display_name": ("too-short", {"min": 1}),
    }


async def test_a_refused_request_carries_its_params(admin: httpx.AsyncClient) -> None:
    response = await admin.post("/api/users", json={"username": "bob", "password": "short", "role": "agent"})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("password-too-short", "password")
    assert body["params"] == {"field": "password", "min": 10}
    taken = await admin.post(
        "/api/users", json={"username": "admin", "password": "taken-name-9k2", "role": "agent"}
    )
    assert taken.json()["code"] == "username-taken"
    assert taken.json()["params"]["username"] == "admin"
