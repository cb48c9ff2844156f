"""Sign-in limits shared through Redis (#13 point 2): the counters on a real Redis behave as those in
memory, two app servers see each other's failures, and a Redis that cannot be reached leaves the counting to
each process instead of failing sign-ins. Skipped when no Redis answers (an error in CI)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import redis.asyncio
from fastapi import FastAPI

from parley.accounts.limits import SignInGuard, SignInLimits
from parley.accounts.model import AccountLocked
from parley.app import create_app, shutdown
from parley.config import Settings
from parley.platform.errors import TooManyRequests
from parley.platform.ratelimit import RedisCounters
from tests.conftest import IN_CI
from tests.integration.conftest import LOGINS, _reset_and_seed

REDIS_URL = "redis://127.0.0.1:6379/0"
MINUTE = timedelta(minutes=1)


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


async def _redis_problem() -> str | None:
    client = redis.asyncio.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        await client.ping()
    except (redis.RedisError, OSError) as error:
        return f"{type(error).__name__}: {error}"
    finally:
        await client.aclose()
    return None


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    problem = await _redis_problem()
    if problem:
        message = f"Redis not reachable at {REDIS_URL} ({problem})"
        if IN_CI:
            pytest.fail(message + "; in CI the Redis tests must run")
        pytest.skip(message + "; start redis-server (make services) to run them")
    name = f"parley-test:{uuid.uuid4().hex[:8]}:"
    yield name
    client = redis.asyncio.Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=name + "*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


async def test_counts_within_the_window_and_says_how_long_until_under_the_limit(prefix: str) -> None:
    clock = FakeClock()
    counters = RedisCounters(REDIS_URL, clock, prefix=prefix)
    try:
        for n in range(3):
            assert await counters.wait("1.2.3.4", MINUTE, 3) is None
            clock.now += timedelta(seconds=10 * n)
            assert await counters.add("1.2.3.4", MINUTE) == n + 1
        assert await counters.wait("1.2.3.4", MINUTE, 3) == 30
        assert await counters.wait("1.2.3.4", MINUTE, 2) == 40
        clock.now += timedelta(seconds=31)
        assert await counters.count("1.2.3.4", MINUTE) == 2
        assert await counters.wait("1.2.3.4", MINUTE, 3) is None
        await counters.clear("1.2.3.4")
        assert await counters.count("1.2.3.4", MINUTE) == 0
        assert not counters.fallback._hits  # Redis answered every time
    finally:
        await counters.close()


async def test_two_servers_share_the_limits(prefix: str) -> None:
    clock = FakeClock()
    limits = SignInLimits(address_failures=4, pair_failures=3, account_failures=100)
    one = SignInGuard(limits, RedisCounters(REDIS_URL, clock, prefix=prefix), clock)
    two = SignInGuard(limits, RedisCounters(REDIS_URL, clock, prefix=prefix), clock)
    try:
        for guard in (one, two, one):
            await guard.admit("admin", "203.0.113.5")
            await guard.failed("admin", "203.0.113.5")
        with pytest.raises(AccountLocked):
            await two.admit("admin", "203.0.113.5")
        await one.admit("admin", "198.51.100.7")  # the owner, elsewhere
        await two.failed("agent", "203.0.113.5")  # the address's fourth failure, on the other server
        with pytest.raises(TooManyRequests):
            await one.admit("someone", "203.0.113.5")
    finally:
        await one.close()
        await two.close()


async def test_concurrent_failures_are_all_counted(prefix: str) -> None:
    counters = RedisCounters(REDIS_URL, FakeClock(), prefix=prefix)
    try:
        results = await asyncio.gather(*(counters.add("busy", MINUTE) for _ in range(50)))
        assert sorted(results) == list(range(1, 51))
    finally:
        await counters.close()


async def test_an_unreachable_redis_falls_back_to_counting_in_this_process() -> None:
    clock = FakeClock()
    counters = RedisCounters("redis://127.0.0.1:1/0", clock, prefix="parley-test:")
    try:
        assert await counters.add("1.2.3.4", MINUTE) == 1
        assert await counters.add("1.2.3.4", MINUTE) == 2
        assert await counters.wait("1.2.3.4", MINUTE, 2) == 60
    finally:
        await counters.close()


async def test_two_app_servers_with_redis_share_the_lock_of_an_address(
    prefix: str, settings: Settings
) -> None:
    """Through the API: PARLEY_REDIS_URL set, failures on one server lock the address out on the other."""
    configured = settings.model_copy(update={"redis_url": REDIS_URL, "login_max_failures": 3})
    one, two = create_app(configured), create_app(configured)
    await _reset_and_seed(one.state.database)
    account, attacker = f"ghost-{uuid.uuid4().hex[:8]}", f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    try:
        for app in (one, two, one):
            async with _client(app, attacker) as client:
                failed = await client.post(
                    "/api/auth/login", json={"username": account, "password": "nope-nope"}
                )
                assert failed.status_code == 401
        async with _client(two, attacker) as client:
            locked = await client.post("/api/auth/login", json={"username": account, "password": "nope-nope"})
            assert locked.status_code == 423
        async with _client(two, "198.51.100.7") as client:
            agent = LOGINS["agent"]
            signed_in = await client.post(
                "/api/auth/login", json={"username": agent.username, "password": agent.password}
            )
            assert signed_in.status_code == 200
    finally:
        cleanup = redis.asyncio.Redis.from_url(REDIS_URL)
        try:
            keys = [key async for key in cleanup.scan_iter(match=f"parley:limit:*{account}*")]
            keys += [key async for key in cleanup.scan_iter(match=f"parley:limit:*{attacker}*")]
            keys += [key async for key in cleanup.scan_iter(match="parley:limit:*198.51.100.7*")]
            if keys:
                await cleanup.delete(*keys)
        finally:
            await cleanup.aclose()
        for app in (one, two):
            await shutdown(app)


def _client(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40_000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")
