"""Every route of the app refuses callers it should: anonymous (401) and too-low roles (403)."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from parley.platform.deps import api_routes, route_access
from tests.integration.conftest import signed_in

PUBLIC_ROUTES = {
    ("POST", "/api/auth/login"),
    # The sign-in form's login: the same as /login, a refusal answered as the form's normal answer.
    ("POST", "/api/auth/session"),
    # Says whether the caller is signed in, and as whom (the caller's own profile only).
    ("GET", "/api/auth/session"),
    # The second step of a sign-in (two-factor): reached only with the challenge the right password gave,
    # short-lived and single-use; its code step counts toward the sign-in limits as a password does.
    ("POST", "/api/auth/login/second-step"),
    ("POST", "/api/auth/session/second-step"),
    ("POST", "/api/auth/login/second-step/enrollment"),
    ("GET", "/api/health"),
    # A waiting customer's own contact, reached only with its secret token.
    ("GET", "/api/contact-status/{token}"),
    ("POST", "/api/contact-status/{token}/callback"),
    ("DELETE", "/api/contact-status/{token}/callback"),
    ("POST", "/api/contact-status/{token}/leave"),
    # The web widget's configuration for a site (its public key), for pages on the site's own origins.
    ("GET", "/api/widget/sites/{key}"),
    ("OPTIONS", "/api/widget/sites/{key}"),
}
ROLE_ORDER = ["agent", "supervisor", "admin"]


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _routes(app: FastAPI) -> list[tuple[str, str, str]]:
    found = []
    for info in api_routes(app.routes):
        access = route_access(info.route)
        assert access is not None, f"{info.path} declares no access"
        found.extend((method, info.path, access) for method in sorted(info.methods))
    return found


async def test_every_route_declares_access_and_only_known_routes_are_public(app: FastAPI) -> None:
    routes = _routes(app)
    assert len(routes) >= 15
    public = {(method, path) for method, path, access in routes if access == "public"}
    assert public == PUBLIC_ROUTES


async def test_anonymous_callers_get_401_on_every_non_public_route(
    app: FastAPI, anon: httpx.AsyncClient
) -> None:
    for method, path, access in _routes(app):
        if access == "public":
            continue
        response = await anon.request(method, _concrete(path))
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["code"] == "not-authenticated"
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("role", ["agent", "supervisor"])
async def test_callers_below_the_required_role_get_403(app: FastAPI, role: str) -> None:
    checked = 0
    async with signed_in(app, role) as client:
        for method, path, access in _routes(app):
            if access == "public" or ROLE_ORDER.index(role) >= ROLE_ORDER.index(access):
                continue
            response = await client.request(method, _concrete(path), json={})
            assert response.status_code == 403, (role, method, path, response.text)
            assert response.json()["code"] == "forbidden"
            checked += 1
    assert checked > 0


async def test_a_bad_bearer_token_is_401_not_a_fallback_to_the_cookie(admin: httpx.AsyncClient) -> None:
    response = await admin.get("/api/users", headers={"Authorization": "Bearer pk_nonsense"})
    assert response.status_code == 401
