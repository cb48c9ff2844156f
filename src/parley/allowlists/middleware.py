"""The allowlists' check: a pure ASGI middleware that refuses a request from an address its list does not
allow, before the body is read, the database is asked about the caller, or a password is hashed.

HTTP gets 403 problem+json `address-not-allowed`; the staff WebSocket is denied before it is accepted (a 403
answer where the server supports it, a close with 1008 otherwise). The address is the one the login's rate
limit uses (`platform.deps.client_ip`), so trusted proxies are honoured the same way.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from parley.allowlists.errors import AddressNotAllowed
from parley.allowlists.model import Surface, surface_of
from parley.allowlists.service import NetworkAccess
from parley.platform.db import Database, database_failure
from parley.platform.deps import client_ip
from parley.platform.errors import DatabaseUnavailable, DomainError
from parley.platform.logging import get_logger
from parley.platform.problems import params_of, problem

log = get_logger("parley.allowlists")
POLICY_VIOLATION = 1008


class AllowlistMiddleware:
    def __init__(self, app: ASGIApp, access: NetworkAccess, database: Database) -> None:
        self.app = app
        self.access = access
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        query = (
            dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if scope["type"] == "websocket"
            else None
        )
        surface = surface_of(scope["path"], query)
        if surface is Surface.PUBLIC:
            await self.app(scope, receive, send)
            return
        address = client_ip(HTTPConnection(scope))
        try:
            lists = await self.access.lists(self.database)
        except (SQLAlchemyError, OSError, TimeoutError) as error:
            log.warning("allowlists unreadable: refusing", path=scope["path"], error=type(error).__name__)
            failure = database_failure(error)
            await self._refuse(
                scope, receive, send, failure or DatabaseUnavailable("the allowlists cannot be read now")
            )
            return
        if lists.allows(surface, address):
            await self.app(scope, receive, send)
            return
        log.info("address not allowed", allowlist=surface.value, ip=address)
        refusal = AddressNotAllowed(
            f"the {surface.value} allowlist does not include your address {address or 'unknown'}",
            allowlist=surface.value,
            address=address or "unknown",
        )
        await self._refuse(scope, receive, send, refusal)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, error: DomainError) -> None:
        extra = {**error.extra, "params": params_of(error.extra)}
        response = problem(error.status, error.code, error.title, error.detail, scope["path"], **extra)
        if scope["type"] == "http":
            await response(scope, receive, send)
            return
        await receive()  # websocket.connect
        if "websocket.http.response" in scope.get("extensions", {}):
            await response(scope, receive, send)  # Starlette answers a WebSocket scope as a denial response
        else:
            await send({"type": "websocket.close", "code": POLICY_VIOLATION, "reason": error.code})
