"""The allowlists through the app: who is refused, before what, and how admins change them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from parley.accounts.tables import AuditRow, UserRow
from parley.allowlists.model import Surface, surface_of
from parley.app import create_app
from parley.config import Settings
from parley.platform.deps import CSRF_HEADER, api_routes, route_access
from tests.integration.conftest import LOGINS

OUTSIDE = "10.1.2.3"  # an address the lists below do not hold
HOME = "127.0.0.1"  # httpx's ASGI transport's default client address: the admin's


@asynccontextmanager
async def client_at(app: FastAPI, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(address, 123))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _put(admin: httpx.AsyncClient, sign_in: list[str], api: list[str]) -> httpx.Response:
    return await admin.put("/api/network-access", json={"sign_in": sign_in, "api": api})


def _refused(response: httpx.Response, allowlist: str, address: str = OUTSIDE) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "address-not-allowed"
    assert body["params"] == {"allowlist": allowlist, "address": address}


async def _admin_row(app: FastAPI) -> UserRow:
    async with app.state.database.sessions() as db:
        return (await db.execute(select(UserRow).where(UserRow.username == "admin"))).scalar_one()


async def _audit_actions(app: FastAPI) -> list[str]:
    async with app.state.database.sessions() as db:
        return list((await db.execute(select(AuditRow.action).order_by(AuditRow.id))).scalars())


async def test_a_sign_in_from_an_unlisted_address_is_refused_before_the_password_is_checked(
    app: FastAPI, admin: httpx.AsyncClient
) -> None:
    assert (await _put(admin, [f"{HOME}/32"], [])).status_code == 200
    audited_before = await _audit_actions(app)
    async with client_at(app, OUTSIDE) as outsider:
        wrong = {"username": "admin", "password": "not-the-password"}
        _refused(await outsider.post("/api/auth/login", json=wrong), "sign-in")
        _refused(await outsider.post("/api/auth/session", json=wrong), "sign-in")
        right = {"username": "admin", "password": LOGINS["admin"].password}
        _refused(await outsider.post("/api/auth/login", json=right), "sign-in")
    assert (await _admin_row(app)).failed_logins == 0
    assert await _audit_actions(app) == audited_before  # no failed login written
    async with client_at(app, HOME) as insider:
        signed_in = await insider.post("/api/auth/login", json=right)
    assert signed_in.status_code == 200, signed_in.text


async def test_the_api_is_refused_to_unlisted_addresses_before_authentication_and_the_body(
    app: FastAPI, admin: httpx.AsyncClient
) -> None:
    assert (await _put(admin, [], ["127.0.0.0/8", "2001:db8::/32"])).status_code == 200
    async with client_at(app, OUTSIDE) as outsider:
        outsider.cookies = admin.cookies  # the admin's own session, from elsewhere
        outsider.headers[CSRF_HEADER] = admin.headers[CSRF_HEADER]
        _refused(await outsider.get("/api/users"), "api")
        _refused(await outsider.get("/api/auth/me"), "api")
        _refused(await outsider.put("/api/network-access", json={"sign_in": [], "api": []}), "api")
        outsider.cookies.clear()
        _refused(await outsider.get("/api/users"), "api")  # 403 before the 401 of no session
        big = b"x" * (2 * 64 * 1024)  # over the body limit: refused for the address, not read
        _refused(await outsider.post("/api/queues", content=big), "api")
        # sign-in has its own list, empty here: the form still answers
        form = await outsider.post("/api/auth/session", json={"username": "admin", "password": "wrong-one"})
        assert form.status_code == 200
    async with client_at(app, "2001:db8::7") as v6:
        assert (await v6.get("/api/users")).status_code == 401  # listed: on to authentication
    assert (await admin.get("/api/users")).status_code == 200


async def test_the_public_customer_endpoints_are_never_restricted(
    app: FastAPI, admin: httpx.AsyncClient
) -> None:
    assert (await _put(admin, [f"{HOME}/32"], [f"{HOME}/32"])).status_code == 200
    async with client_at(app, OUTSIDE) as customer:
        assert (await customer.get("/api/health")).status_code == 200
        status = await customer.get("/api/contact-status/no-such-token")
        assert status.status_code == 404, status.text
        assert status.json()["code"] != "address-not-allowed"
        leave = await customer.post("/api/contact-status/no-such-token/leave")
        assert leave.status_code == 404, leave.text


async def _websocket(app: FastAPI, address: str, query: bytes, extensions: dict[str, Any]) -> list[Any]:
    sent: list[Any] = []
    incoming = [{"type": "websocket.connect"}]

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "websocket.disconnect", "code": 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": "/api/events",
        "raw_path": b"/api/events",
        "query_string": query,
        "headers": [(b"host", b"testserver")],
        "client": (address, 5000),
        "server": ("testserver", 80),
        "subprotocols": [],
        "extensions": extensions,
    }
    await app(scope, receive, send)
    return sent


async def test_the_staff_websocket_is_denied_before_it_is_accepted(
    app: FastAPI, admin: httpx.AsyncClient
) -> None:
    assert (await _put(admin, [], [f"{HOME}/32"])).status_code == 200
    denied = await _websocket(app, OUTSIDE, b"", {"websocket.http.response": {}})
    assert denied[0]["type"] == "websocket.http.response.start"
    assert denied[0]["status"] == 403
    assert b"address-not-allowed" in denied[1]["body"]
    closed = await _websocket(app, OUTSIDE, b"access_token=whatever", {})
    assert closed == [{"type": "websocket.close", "code": 1008, "reason": "address-not-allowed"}]
    # a waiting customer's stream is public: it reaches the handler (which refuses the unknown token)
    customer = await _websocket(app, OUTSIDE, b"contact=no-such-token", {})
    assert customer[0]["type"] == "websocket.close"
    assert customer[0].get("reason") == "unknown contact token"


async def test_an_admin_cannot_lock_themselves_out(app: FastAPI, admin: httpx.AsyncClient) -> None:
    for sign_in, api, refused in (
        (["10.0.0.0/8"], [], "sign-in"),
        ([], ["10.0.0.0/8", "::1"], "api"),
    ):
        response = await _put(admin, sign_in, api)
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "allowlist-locks-you-out"
        assert response.json()["params"] == {"allowlist": refused, "address": HOME}
    shown = (await admin.get("/api/network-access")).json()
    assert shown["sign_in"]["networks"] == []
    assert shown["api"]["networks"] == []
    assert shown["your_address"] == HOME


async def test_a_bad_network_is_refused_naming_the_entry(admin: httpx.AsyncClient) -> None:
    response = await _put(admin, ["127.0.0.0/8", "10.0.0.1/8"], [])
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["field"], e["code"], e["params"]["value"]) for e in errors] == [
        ("sign_in.1", "bad-network", "10.0.0.1/8")
    ]
    for bad in ("not-an-address", "10.0.0.0/33", "fe80::1%eth0"):
        refused = await _put(admin, [], [bad])
        assert refused.status_code == 422, bad
        assert refused.json()["errors"][0]["params"]["value"] == bad


async def test_a_change_is_normalised_shown_and_audited(app: FastAPI, admin: httpx.AsyncClient) -> None:
    response = await _put(admin, ["127.0.0.1", "127.0.0.1/32", "2001:DB8::/32"], ["0.0.0.0/0"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["sign_in"] == {"networks": ["127.0.0.1/32", "2001:db8::/32"], "source": "database"}
    assert body["api"] == {"networks": ["0.0.0.0/0"], "source": "database"}
    assert body["updated_by"] == "admin"
    entries = (await admin.get("/api/audit", params={"action": "network-access.changed"})).json()
    [entry] = entries if isinstance(entries, list) else entries["entries"]
    assert entry["actor"] == "admin"
    assert entry["ip"] == HOME
    assert entry["details"]["sign_in"] == ["127.0.0.1/32", "2001:db8::/32"]


async def test_only_admins_see_or_change_the_lists(supervisor: httpx.AsyncClient) -> None:
    assert (await supervisor.get("/api/network-access")).status_code == 403
    assert (await _put(supervisor, [], [])).status_code == 403


@pytest.fixture
async def configured_app(settings: Settings) -> AsyncIterator[FastAPI]:
    from tests.integration.conftest import _reset_and_seed

    application = create_app(settings.model_copy(update={"staff_allowlist": "127.0.0.0/8, 192.0.2.0/24"}))
    await _reset_and_seed(application.state.database)
    yield application
    await application.state.routing_database.dispose()
    await application.state.database.dispose()


async def test_a_list_from_the_configuration_wins_and_cannot_be_changed_here(configured_app: FastAPI) -> None:
    async with client_at(configured_app, HOME) as admin:
        login = LOGINS["admin"]
        signed_in = await admin.post(
            "/api/auth/login", json={"username": login.username, "password": login.password}
        )
        admin.headers[CSRF_HEADER] = signed_in.json()["csrf_token"]
        shown = (await admin.get("/api/network-access")).json()
        assert shown["sign_in"] == {"networks": ["127.0.0.0/8", "192.0.2.0/24"], "source": "config"}
        refused = await _put(admin, ["127.0.0.0/8"], [])
        assert refused.status_code == 409
        assert refused.json()["code"] == "allowlist-set-by-config"
        assert refused.json()["params"]["setting"] == "PARLEY_STAFF_ALLOWLIST"
        kept = await _put(admin, ["127.0.0.0/8", "192.0.2.0/24"], ["127.0.0.1"])
        assert kept.status_code == 200, kept.text
    async with client_at(configured_app, OUTSIDE) as outsider:
        _refused(await outsider.post("/api/auth/login", json={"username": "a", "password": "b"}), "sign-in")


async def test_each_route_is_governed_by_the_list_its_access_implies(app: FastAPI) -> None:
    """Public routes are a customer's (never restricted) or staff sign-in's; every other route is the API's.
    A new public customer endpoint outside the known prefixes fails here instead of being firewalled."""
    for info in api_routes(app.routes):
        access = route_access(info.route)
        surface = surface_of(re.sub(r"\{[^}]+\}", "1", info.path))
        if access != "public":
            assert surface is Surface.API, info.path
        elif info.path.startswith("/api/auth/"):
            assert surface is Surface.SIGN_IN, info.path
        else:
            assert surface is Surface.PUBLIC, info.path
