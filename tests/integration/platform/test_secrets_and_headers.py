"""#13 point 10: no secret reaches the log; HSTS under TLS only; a CSP on the API docs, served without a CDN;
`Allow` on 405; the app's connect-src is its own origin."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import structlog
from fastapi import FastAPI

from parley.app import create_app, shutdown
from parley.config import Settings
from parley.platform.logging import configure_logging
from tests.integration.routing.helpers import make_queue, new_contact


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """The app's log as `parley serve` writes it (JSON lines, here into a buffer), restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access").disabled
    config = structlog.get_config()
    configure_logging("json", "INFO")
    buffer = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    yield buffer
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = access
    structlog.configure(**config)


async def test_contact_tokens_and_passwords_never_reach_the_log(
    supervisor: httpx.AsyncClient, anon: httpx.AsyncClient, log_output: io.StringIO
) -> None:
    await make_queue(supervisor)
    token = (await new_contact(supervisor))["token"]
    assert (await anon.get(f"/api/contact-status/{token}")).status_code == 200
    assert (await anon.post(f"/api/contact-status/{token}/callback", json={})).status_code == 200
    assert (await anon.get(f"/api/contact-status/{token}/nothing-here")).status_code == 404
    assert (await anon.put(f"/api/contact-status/{token}/leave")).status_code == 405
    assert (await anon.delete(f"/api/contact-status/{token}/callback")).status_code == 200
    assert (await anon.post(f"/api/contact-status/{token}/leave")).status_code == 404  # cancelled already
    assert (await anon.get("/api/health", params={"token": token, "password": "hunter2-xyz"})).is_success
    login = {"username": "agent", "password": "a-wrong-password-9876"}
    assert (await anon.post("/api/auth/login", json=login)).status_code == 401

    logged = log_output.getvalue()
    assert logged.count('"path": "/api/contact-status/<token>') == 6, logged
    assert token not in logged
    assert "a-wrong-password-9876" not in logged
    assert "hunter2-xyz" not in logged


async def test_hsts_only_over_https(app: FastAPI, anon: httpx.AsyncClient, settings: Settings) -> None:
    assert "strict-transport-security" not in (await anon.get("/api/health")).headers
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as tls:
        sent = (await tls.get("/api/health")).headers["strict-transport-security"]
    assert sent == "max-age=31536000; includeSubDomains"

    # Behind a TLS proxy the app sees plain HTTP; cookie_secure=always says every request came over TLS.
    proxied = create_app(settings.model_copy(update={"cookie_secure": "always"}))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=proxied), base_url="http://testserver"
        ) as client:
            proxied_headers = (await client.get("/api/health")).headers
        assert "max-age=31536000" in proxied_headers["strict-transport-security"]
    finally:
        await shutdown(proxied)


async def test_connect_src_is_the_servers_own_origin(anon: httpx.AsyncClient) -> None:
    policy = (await anon.get("/api/health")).headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["connect-src"] == ["'self'"]


async def test_a_wrong_method_answers_405_naming_every_allowed_method(admin: httpx.AsyncClient) -> None:
    response = await admin.put("/api/users")
    assert response.status_code == 405
    assert response.json()["code"] == "method-not-allowed"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["allow"] == "GET, POST"
    single = await admin.post("/api/health")
    assert single.status_code == 405
    assert single.headers["allow"] == "GET"


async def test_the_api_docs_have_a_csp_and_load_nothing_from_elsewhere(anon: httpx.AsyncClient) -> None:
    page = await anon.get("/api/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src" not in policy  # scripts fall back to default-src 'self': no inline script runs
    html = page.text
    assert not re.search(r"<script>", html), "an inline script would be refused by the CSP"
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/api/docs/") for s in sources), sources
    for source in sources:
        asset = await anon.get(source)
        assert asset.status_code == 200, source
        assert asset.headers["content-security-policy"] == policy
    start = (await anon.get("/api/docs/start.js")).text
    assert '"/api/openapi.json"' in start
    assert (await anon.get("/api/docs/nothing.js")).status_code == 404


def test_the_swagger_ui_assets_are_installed() -> None:
    from importlib.resources import files

    resources = Path(str(files("fastapi_swagger") / "resources"))
    assert (resources / "swagger-ui-bundle.js").stat().st_size > 100_000
