"""Bad input is a 4xx problem+json with a stable code on SQLite and PostgreSQL, never a 500 (each case here
was one in the probe of issue #13): times without a time zone, ids past 2^31 and 2^63, NUL characters, and
callback times in year 1 or 9999. The bounds live in the schemas, so the OpenAPI document shows them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from parley.platform.bounds import INT32_MAX
from tests.integration.routing.helpers import make_queue, new_contact

PROBLEM = "application/problem+json"
TOO_BIG = (INT32_MAX + 1, 2**63, 2**64)


def _refused(response: httpx.Response, code: str, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    codes = [body["code"], *(e["code"] for e in body.get("errors", []))]
    assert code in codes, body
    return body


@pytest.mark.parametrize("path", ["/api/interactions", "/api/interactions/export.csv"])
@pytest.mark.parametrize("name", ["since", "until"])
async def test_a_time_without_a_time_zone_is_refused(
    supervisor: httpx.AsyncClient, path: str, name: str
) -> None:
    _refused(await supervisor.get(path, params={name: "2026-12-01T08:00:00"}), "needs-time-zone")
    _refused(await supervisor.get(path, params={name: "2026-12-01"}), "needs-time-zone")
    found = await supervisor.get(path, params={name: "2026-12-01T08:00:00+07:00"})
    assert found.status_code == 200


@pytest.mark.parametrize("number", TOO_BIG)
async def test_ids_past_the_columns_range_are_refused(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, number: int
) -> None:
    for client, method, path in [
        (admin, "GET", f"/api/users/{number}"),
        (admin, "DELETE", f"/api/users/1/tokens/{number}"),
        (admin, "DELETE", f"/api/auth/tokens/{number}"),
        (admin, "GET", f"/api/audit?before={number}"),
        (admin, "GET", f"/api/dev-mail/{number}"),
        (supervisor, "GET", f"/api/customers/{number}"),
        (supervisor, "GET", f"/api/interactions?customer={number}"),
        (supervisor, "GET", f"/api/interactions?agent={number}"),
        (supervisor, "GET", f"/api/interactions/export.csv?agent={number}"),
        (supervisor, "PUT", f"/api/agents/{number}"),
        (supervisor, "GET", f"/api/scripts/any/versions/{number}"),
        (supervisor, "GET", f"/api/scripts/any/diff?from={number}"),
    ]:
        _refused(await client.request(method, path, json={}), "too-large")
    merge = await supervisor.post("/api/customers/1/merge", json={"other_id": number})
    _refused(merge, "too-large")


def test_the_openapi_document_bounds_every_integer_parameter(app: FastAPI) -> None:
    unbounded = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") == "integer" and (
                        "minimum" not in option or "maximum" not in option
                    ):
                        unbounded.append(f"{method.upper()} {path} {parameter['name']}")
    assert unbounded == []
    user = app.openapi()["paths"]["/api/users/{user_id}"]["get"]["parameters"][0]["schema"]
    assert user["maximum"] == INT32_MAX


async def test_a_nul_character_is_refused_everywhere(
    anon: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    # the anonymous sign-in: JSON escape and raw byte
    login = await anon.post("/api/auth/login", json={"username": "ad\u0000min", "password": "x"})
    body = _refused(login, "nul-character")
    assert body["code"] == "invalid-request"
    raw = await anon.post(
        "/api/auth/login",
        content=b'{"username": "ad\x00min", "password": "x"}',
        headers={"content-type": "application/json"},
    )
    _refused(raw, "nul-character")
    _refused(await anon.get("/api/contact-status/ab%00cd"), "nul-character")
    _refused(
        await supervisor.get("/api/interactions", params={"customer_search": "a\u0000b"}), "nul-character"
    )
    _refused(await supervisor.get("/api/customers", params={"q": "a\u0000b"}), "nul-character")
    tagged = await supervisor.post("/api/customers", json={"name": "Ann", "tags": ["a", "b\u0000"]})
    body = _refused(tagged, "nul-character")
    assert body["errors"][0]["field"] == "tags.1"  # named like any field's problem, so the form marks it
    # a backslash before "u0000" is text, not a NUL: taken as it is
    kept = await supervisor.post("/api/customers", json={"name": "Ann \\u0000"})
    assert kept.status_code == 201, kept.text
    assert kept.json()["name"] == "Ann \\u0000"


async def test_a_callback_time_out_of_range_is_refused_on_the_public_status_page(
    anon: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    token = (await new_contact(supervisor))["token"]
    callback = f"/api/contact-status/{token}/callback"
    for at in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-12:00"):
        body = _refused(await anon.post(callback, json={"at": at}), "callback-time-out-of-range")
        assert body["params"]["earliest"] < body["params"]["latest"]
    far = (datetime.now(UTC) + timedelta(days=400)).isoformat()
    _refused(await anon.post(callback, json={"at": far}), "callback-time-out-of-range")
    _refused(await anon.post(callback, json={"at": "2026-12-24T09:00:00"}), "needs-time-zone")
    _refused(await anon.post(callback, json={"at": "0000-01-01T00:00:00Z"}), "not-a-date")
    soon = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    scheduled = await anon.post(callback, json={"at": soon})
    assert scheduled.status_code == 200, scheduled.text
