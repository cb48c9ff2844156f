"""The check when the lists cannot be read: the last lists read stay in force; with none, 503."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from starlette.types import Receive, Scope, Send

from parley.allowlists.middleware import AllowlistMiddleware
from parley.allowlists.model import Allowlists
from parley.allowlists.service import NetworkAccess
from parley.platform.clock import system_clock
from parley.platform.db import Database
from parley.platform.deps import trusted_proxies
from parley.platform.networks import parse_networks
from parley.platform.wiring import provide


async def _reached(_scope: Scope, _receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def _status(middleware: AllowlistMiddleware, address: str) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    app = SimpleNamespace(state=SimpleNamespace())
    provide(app, trusted_proxies, ())  # no trusted proxies
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/users",
        "query_string": b"",
        "headers": [],
        "client": (address, 1),
        "app": app,
    }
    await middleware(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


async def test_unreadable_lists_refuse_with_503_until_read_then_the_last_ones_hold(
    tmp_path: Path, sqlite_template: Path
) -> None:
    shutil.copyfile(sqlite_template, tmp_path / "parley.db")
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'parley.db'}")
    missing = Database(f"sqlite+aiosqlite:///{tmp_path / 'no-such-dir' / 'parley.db'}")
    access = NetworkAccess(system_clock, {}, ttl_seconds=0)
    never_read = AllowlistMiddleware(_reached, access=NetworkAccess(system_clock, {}, 0), database=missing)
    status, body = await _status(never_read, "10.1.2.3")
    assert status == 503
    assert b"database-" in body
    async with database.transaction() as db:
        await access.replace(db, "admin", "192.0.2.1", Allowlists(api=parse_networks(["192.0.2.0/24"])))
    middleware = AllowlistMiddleware(_reached, access=access, database=database)
    assert (await _status(middleware, "10.1.2.3"))[0] == 403
    middleware.database = missing  # the database goes away: the lists last read still hold
    assert (await _status(middleware, "192.0.2.9"))[0] == 204
    status, body = await _status(middleware, "10.1.2.3")
    assert status == 403
    assert b"address-not-allowed" in body
    await database.dispose()
    await missing.dispose()
