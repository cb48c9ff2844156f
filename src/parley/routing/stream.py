"""`/api/events`: one WebSocket per signed-in user (or per waiting customer's contact token).

Who may connect: a browser session (cookie; the Origin must be this site's, against cross-site WebSocket
hijacking), an API token (`?access_token=`), or a contact's secret (`?contact=`), which sees only the status
of that contact. What they get: agents their offers, their contacts and their own state; supervisors every
routing event and queue statistics; a waiting customer their place in line and expected wait.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, WebSocket, WebSocketDisconnect

from parley.accounts.deps import SignInEndsDep
from parley.platform.clock import TimerHandle, Timers
from parley.platform.db import Database
from parley.platform.deps import SESSION_COOKIE, DatabaseDep, HubDep, principals
from parley.platform.identity import Principal, PrincipalResolver
from parley.platform.realtime import SIGN_IN_ENDED, Connection
from parley.routing import store
from parley.routing.deps import RouterDep
from parley.routing.service import token_hash

stream = APIRouter(tags=["routing"])
POLICY_VIOLATION = 1008
PrincipalsDep = Annotated[PrincipalResolver, Depends(principals)]


async def _principal(
    websocket: WebSocket, database: Database, resolver: PrincipalResolver
) -> Principal | None:
    async with database.sessions() as db:
        api_token = websocket.query_params.get("access_token")
        if api_token:
            principal = await resolver.from_api_token(db, api_token)
            await db.commit()
            return principal
        cookie = websocket.cookies.get(SESSION_COOKIE)
        if not cookie or not _same_origin(websocket):
            return None
        principal = await resolver.from_session(db, cookie)
        await db.commit()
        return principal


def _same_origin(websocket: WebSocket) -> bool:
    origin = websocket.headers.get("origin")
    if origin is None:
        return True  # not a browser: cross-site hijacking needs a browser, which always sends Origin
    return urlsplit(origin).netloc == websocket.headers.get("host", "")


@stream.websocket("/api/events")
async def events(
    websocket: WebSocket,
    hub: HubDep,
    router: RouterDep,
    database: DatabaseDep,
    resolver: PrincipalsDep,
    sign_in_ends: SignInEndsDep,
) -> None:
    contact_token = websocket.query_params.get("contact")
    connection = Connection(send=websocket.send_text)
    principal: Principal | None = None
    if contact_token:
        async with database.sessions() as db:
            row = (
                await store.contact_by_token(db, token_hash(contact_token))
                if len(contact_token) < 100
                else None
            )
        if row is None:
            await websocket.close(code=POLICY_VIOLATION, reason="unknown contact token")
            return
        connection.contact_id = row.id
    else:
        principal = await _principal(websocket, database, resolver)
        if principal is None:
            await websocket.close(code=POLICY_VIOLATION, reason="sign in first")
            return
        connection.user_id, connection.role = principal.user_id, principal.role
        connection.session_hash, connection.token_id = principal.session_hash, principal.token_id
    await websocket.accept()
    await router.engine()  # make sure routing runs (and its timers) once anyone listens
    await sign_in_ends.start()  # and hears of sign-ins ended on other app servers
    hub.add(connection)
    if connection.user_id is not None:
        router.connected(connection.user_id)
    await websocket.send_json(
        {"type": "hello", "user_id": connection.user_id, "contact": connection.contact_id}
    )
    expiry = _end_at_expiry(
        router.timers,
        connection,
        principal.expires_at - router.clock() if principal and principal.expires_at else None,
    )
    pump = asyncio.create_task(connection.pump())
    receive = asyncio.create_task(_drain_incoming(websocket, connection))
    try:
        await asyncio.wait({pump, receive}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if expiry is not None:
            expiry.cancel()
        hub.remove(connection)
        if connection.user_id is not None and not hub.is_connected(connection.user_id):
            router.disconnected(connection.user_id)
        for task in (pump, receive):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await task
        if connection.close_code is not None:  # too slow, or its sign-in ended
            with contextlib.suppress(RuntimeError):
                await websocket.close(code=connection.close_code, reason=connection.close_reason)


def _end_at_expiry(timers: Timers, connection: Connection, left: timedelta | None) -> TimerHandle | None:
    """A socket lives no longer than the session or API token it was opened with: when that expires, the
    socket closes as a sign-out would (4401), and the client goes to the sign-in page."""
    if left is None:
        return None
    seconds = max(0.0, left.total_seconds())
    return timers.call_later(seconds, connection.end, SIGN_IN_ENDED, "sign-in expired")


async def _drain_incoming(websocket: WebSocket, connection: Connection) -> None:
    """Clients send nothing but pings; reading notices a closed socket."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            message = await websocket.receive_text()
            if message == "ping":
                connection.push('{"type":"pong"}')
