"""`parley serve` as a real process under a sign-in storm (#13 point 2): argon2 runs off the event loop, so
other requests stay fast; checks beyond what the server takes soon are refused at once; and the server does
not believe `X-Forwarded-For` from 127.0.0.1 (uvicorn's own default) unless told to."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import PARLEY, free_port, parley_serve


@contextlib.contextmanager
def _serve(data: Path, **settings: str) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(PARLEY_DATA_DIR=str(data), PARLEY_PORT=str(port), PARLEY_LOG_FORMAT="json", **settings)
    subprocess.run([str(PARLEY), "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    with parley_serve(env, data / "server.log", start_seconds=90):  # a shared, busy machine starts slowly
        yield f"http://127.0.0.1:{port}"


async def _storm(url: str, logins: int) -> tuple[list[httpx.Response], list[float]]:
    """`logins` failed sign-ins at once; meanwhile /api/health, one request after the other. Returns the
    sign-ins' answers and the health checks' times in seconds."""
    limits = httpx.Limits(max_connections=logins + 5, max_keepalive_connections=logins + 5)
    async with httpx.AsyncClient(base_url=url, timeout=180, limits=limits) as client:
        await client.get("/api/health")
        done = asyncio.Event()
        health: list[float] = []

        async def probe() -> None:
            while not done.is_set():
                started = time.perf_counter()
                assert (await client.get("/api/health")).status_code == 200
                health.append(time.perf_counter() - started)
                await asyncio.sleep(0.05)

        async def fail(n: int) -> httpx.Response:
            body = {"username": f"storm{n}", "password": f"wrong-password-{n}"}
            return await client.post("/api/auth/login", json=body)

        prober = asyncio.create_task(probe())
        answers = await asyncio.gather(*(fail(n) for n in range(logins)))
        done.set()
        await prober
    return answers, health


def test_other_requests_stay_fast_during_60_concurrent_failed_logins(tmp_path: Path) -> None:
    with _serve(tmp_path, PARLEY_LOGIN_IP_FAILURES_PER_MINUTE="1000") as url:
        answers, health = asyncio.run(_storm(url, 60))
    statuses = sorted({a.status_code for a in answers})
    assert set(statuses) <= {401, 503}, statuses
    assert any(a.status_code == 401 for a in answers)  # the ones checked were checked
    for busy in (a for a in answers if a.status_code == 503):
        assert busy.json()["code"] == "sign-in-busy"
        assert busy.headers["retry-after"] == "1"
    assert len(health) >= 3
    # With argon2 on the event loop each check held up everything: health answered in 5 to 6 s.
    assert max(health) < 1.0, sorted(health)[-5:]


def test_the_served_app_does_not_believe_forwarded_for_from_loopback(tmp_path: Path) -> None:
    with (
        _serve(tmp_path, PARLEY_LOGIN_IP_FAILURES_PER_MINUTE="3") as url,
        httpx.Client(base_url=url) as client,
    ):
        statuses = [
            client.post(
                "/api/auth/login",
                json={"username": f"user{n}", "password": "nope-nope-nope"},
                headers={"X-Forwarded-For": f"10.0.0.{n}"},
            ).status_code
            for n in range(4)
        ]
    assert statuses == [401, 401, 401, 429]


@pytest.mark.parametrize("proxies", ["127.0.0.1"])
def test_a_trusted_proxy_is_believed_by_the_served_app(tmp_path: Path, proxies: str) -> None:
    settings = {"PARLEY_LOGIN_IP_FAILURES_PER_MINUTE": "1", "PARLEY_TRUSTED_PROXIES": proxies}
    with _serve(tmp_path, **settings) as url, httpx.Client(base_url=url) as client:
        statuses = [
            client.post(
                "/api/auth/login",
                json={"username": "user", "password": "nope-nope-nope"},
                headers={"X-Forwarded-For": forwarded},
            ).status_code
            for forwarded in ("203.0.113.1", "203.0.113.1", "203.0.113.2")
        ]
    assert statuses == [401, 429, 401]
