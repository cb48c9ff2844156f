"""With Redis configured, a sign-in ended on one app server ends on the others at once: their WebSockets close
and they forget the sign-in they had resolved (without Redis, within PARLEY_AUTH_CACHE_SECONDS over HTTP)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import websockets
from fastapi import FastAPI

from parley.app import create_app, shutdown
from parley.config import Settings
from parley.platform.deps import SESSION_COOKIE
from parley.platform.realtime import ACCOUNT_DISABLED, SIGN_IN_ENDED
from tests.integration.accounts.test_sign_ins_end import _closed_with, _hello, _user_ids
from tests.integration.conftest import signed_in
from tests.servers import free_port, served


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    folder: Path = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.1):
                break
            process.poll()
            if process.returncode is not None:
                pytest.skip("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(5)


@pytest.fixture
def settings(settings: Settings, redis_url: str) -> Settings:
    return settings.model_copy(update={"redis_url": redis_url})


@pytest.fixture
async def second_server(app: FastAPI, settings: Settings) -> AsyncIterator[FastAPI]:
    """Another app server on the same database and Redis (its WebSockets served at `.state.address`)."""
    other = create_app(settings)
    async with served(other) as address:
        other.state.address = address
        await other.state.sign_in_ends.start()  # as its lifespan does
        yield other
    await shutdown(other)  # the app fixture's own shutdown closes its Redis listener


async def test_disabling_a_user_on_one_server_closes_their_socket_on_another(
    app: FastAPI, second_server: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    cookie = {"Cookie": f"{SESSION_COOKIE}={supervisor.cookies[SESSION_COOKIE]}"}
    url = f"ws://{second_server.state.address}/api/events"
    async with websockets.connect(url, additional_headers=cookie) as elsewhere:
        await _hello(elsewhere)
        users = await _user_ids(admin)
        disabled = await admin.patch(f"/api/users/{users['supervisor']}", json={"disabled": True})
        assert disabled.status_code == 200
        assert await _closed_with(elsewhere) == ACCOUNT_DISABLED


async def test_a_sign_out_on_one_server_is_obeyed_at_once_by_another(
    app: FastAPI, second_server: FastAPI
) -> None:
    assert second_server.state.accounts.cache_seconds == 5  # it would trust the session that long
    async with signed_in(app, "agent") as here:
        cookie = here.cookies[SESSION_COOKIE]
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=second_server), base_url="http://testserver"
        ) as there:
            there.cookies.set(SESSION_COOKIE, cookie)
            assert (await there.get("/api/auth/me")).status_code == 200  # resolved and remembered there
            url = f"ws://{second_server.state.address}/api/events"
            async with websockets.connect(
                url, additional_headers={"Cookie": f"{SESSION_COOKIE}={cookie}"}
            ) as ws:
                await _hello(ws)
                assert (await here.post("/api/auth/logout")).status_code == 204
                assert await _closed_with(ws) == SIGN_IN_ENDED
            assert (await there.get("/api/auth/me")).status_code == 401
