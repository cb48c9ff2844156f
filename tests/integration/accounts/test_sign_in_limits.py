"""Sign-in limits through the API (#13 point 2): an attacker locks itself out, not the account's owner;
forwarded addresses are believed only from trusted proxies; IPv6 counts by /64."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from parley.app import create_app, shutdown
from parley.config import Settings
from tests.integration.conftest import LOGINS, _reset_and_seed

ATTACKER, OWNER = "203.0.113.5", "198.51.100.7"
AppWith = Callable[..., AbstractAsyncContextManager[FastAPI]]


@pytest.fixture
def app_with(settings: Settings) -> AppWith:
    @asynccontextmanager
    async def started(**overrides: Any) -> AsyncIterator[FastAPI]:
        application = create_app(settings.model_copy(update=overrides))
        await _reset_and_seed(application.state.database)
        try:
            yield application
        finally:
            await shutdown(application)

    return started


def _client(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40_000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _login(client: httpx.AsyncClient, username: str, password: str, **headers: str) -> httpx.Response:
    return await client.post(
        "/api/auth/login", json={"username": username, "password": password}, headers=headers
    )


async def test_an_attacker_failing_50_times_does_not_lock_the_admin_out_from_elsewhere(app: FastAPI) -> None:
    admin = LOGINS["admin"]
    async with _client(app, ATTACKER) as attacker, _client(app, OWNER) as owner:
        statuses = [(await _login(attacker, "admin", f"guess-{n}-guess")).status_code for n in range(50)]
        # five wrong passwords, then refused before any password is checked
        assert statuses == [401] * 5 + [423] * 45
        assert (await _login(attacker, "admin", admin.password)).status_code == 423
        signed_in = await _login(owner, "admin", admin.password)
        assert signed_in.status_code == 200, signed_in.text
        assert signed_in.json()["user"]["username"] == "admin"


async def test_a_throttled_account_refuses_addresses_that_failed_on_it_but_not_its_owner(
    app_with: AppWith,
) -> None:
    agent = LOGINS["agent"]
    async with app_with(login_account_failures=4, login_max_failures=3) as app:
        async with _client(app, OWNER) as owner:
            assert (await _login(owner, "agent", agent.password)).status_code == 200
            assert (await _login(owner, "agent", "a-typo-here")).status_code == 401
        for n in range(3):  # an attacker on three more addresses: four failures on the account
            async with _client(app, f"203.0.113.{n}") as attacker:
                assert (await _login(attacker, "agent", f"guess-{n}-guess")).status_code == 401
        async with _client(app, "203.0.113.0") as attacker:
            refused = await _login(attacker, "agent", agent.password)
            assert refused.status_code == 429
            assert refused.json()["code"] == "too-many-requests"
            assert int(refused.headers["retry-after"]) > 60
        async with _client(app, OWNER) as owner:
            assert (await _login(owner, "agent", agent.password)).status_code == 200
        async with _client(app, "192.0.2.44") as newcomer:  # no failure on the account: may try
            assert (await _login(newcomer, "agent", agent.password)).status_code == 200


async def test_forwarded_for_from_loopback_is_not_believed_by_default(app_with: AppWith) -> None:
    async with app_with(login_ip_failures_per_minute=3) as app, _client(app, "127.0.0.1") as client:
        for n in range(3):
            spoofed = await _login(client, f"user{n}", "nope-nope-nope", **{"X-Forwarded-For": f"10.0.0.{n}"})
            assert spoofed.status_code == 401
        refused = await _login(client, "agent", LOGINS["agent"].password, **{"X-Forwarded-For": "10.0.0.99"})
        assert refused.status_code == 429
        assert 50 <= int(refused.headers["retry-after"]) <= 60  # when the oldest failure leaves the minute


async def test_forwarded_for_from_a_trusted_proxy_names_the_client_and_spoofing_it_does_not_help(
    app_with: AppWith,
) -> None:
    async with (
        app_with(login_ip_failures_per_minute=3, trusted_proxies=["127.0.0.1/32"]) as app,
        _client(app, "127.0.0.1") as proxy,
    ):
        for n in range(3):  # the client writes a different address each time left of what the proxy adds
            forwarded = f"10.9.9.{n}, {ATTACKER}"
            failed = await _login(proxy, f"user{n}", "nope-nope-nope", **{"X-Forwarded-For": forwarded})
            assert failed.status_code == 401
        refused = await _login(
            proxy, "user9", "nope-nope-nope", **{"X-Forwarded-For": f"1.1.1.1, {ATTACKER}"}
        )
        assert refused.status_code == 429
        other = await _login(proxy, "agent", LOGINS["agent"].password, **{"X-Forwarded-For": OWNER})
        assert other.status_code == 200


async def test_the_address_a_trusted_proxy_names_is_the_one_audited(app_with: AppWith) -> None:
    async with app_with(trusted_proxies=["127.0.0.1/32"]) as app, _client(app, "127.0.0.1") as proxy:
        await _login(proxy, "nobody", "nope-nope-nope", **{"X-Forwarded-For": ATTACKER})
        admin = await _login(proxy, "admin", LOGINS["admin"].password)
        assert admin.status_code == 200
        failures = [e for e in (await proxy.get("/api/audit")).json() if e["action"] == "login.failed"]
        assert [e["ip"] for e in failures] == [ATTACKER]


async def test_ipv6_addresses_of_one_64_share_the_limit(app_with: AppWith) -> None:
    async with app_with(login_ip_failures_per_minute=3) as app:
        for n in range(3):
            async with _client(app, f"2001:db8:1:2::{n + 1}") as client:
                assert (await _login(client, f"user{n}", "nope-nope-nope")).status_code == 401
        async with _client(app, "2001:db8:1:2:ffff::9") as client:
            assert (await _login(client, "agent", LOGINS["agent"].password)).status_code == 429
        async with _client(app, "2001:db8:1:3::1") as client:  # the next /64 is someone else
            assert (await _login(client, "agent", LOGINS["agent"].password)).status_code == 200
