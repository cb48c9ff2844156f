"""FastAPI dependencies shared by every slice: the unit of work and access control.

Every route declares who may call it with one of the aliases below (or `PUBLIC`); `create_app` refuses to
start when a route declares nothing, and a test walks all routes to check each refuses whom it should.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection
from starlette.routing import BaseRoute

from parley.config import Settings
from parley.platform.clock import Clock
from parley.platform.db import Database
from parley.platform.errors import CsrfFailed, DomainError, Forbidden, Unauthenticated
from parley.platform.events import EventBus
from parley.platform.identity import Principal, PrincipalResolver, Role, Scope
from parley.platform.mail import Outbox
from parley.platform.networks import Network
from parley.platform.proxies import client_address
from parley.platform.realtime import Hub
from parley.platform.wiring import Provided

SESSION_COOKIE = "parley_session"
CSRF_COOKIE = "parley_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACCESS_ATTRIBUTE = "parley_access"

# What the platform provides every slice (filled by app.py; see platform/wiring.py).
settings = Provided[Settings]("settings")
clock = Provided[Clock]("clock")
database = Provided[Database]("database")
hub = Provided[Hub]("hub")
bus = Provided[EventBus]("bus")
outbox = Provided[Outbox]("outbox")
principals = Provided[PrincipalResolver]("principals")
trusted_proxies = Provided[tuple[Network, ...]]("trusted_proxies")

SettingsDep = Annotated[Settings, Depends(settings)]
ClockDep = Annotated[Clock, Depends(clock)]
DatabaseDep = Annotated[Database, Depends(database)]
HubDep = Annotated[Hub, Depends(hub)]
BusDep = Annotated[EventBus, Depends(bus)]
OutboxDep = Annotated[Outbox, Depends(outbox)]
PrincipalsDep = Annotated[PrincipalResolver, Depends(principals)]


async def unit_of_work(provided: DatabaseDep) -> AsyncIterator[AsyncSession]:
    """One transaction per request: committed when the endpoint succeeds, rolled back when it fails."""
    async with provided.sessions() as session:
        try:
            yield session
        except DomainError as error:
            if error.keeps_changes:
                await session.commit()
            else:
                await session.rollback()
            raise
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


DB = Annotated[AsyncSession, Depends(unit_of_work, scope="function")]


def client_ip(connection: HTTPConnection) -> str | None:
    """The caller's address: the connection's peer, or, when that peer is one of the proxies the
    administrator trusts (`PARLEY_TRUSTED_PROXIES`), the client it names in `X-Forwarded-For`.

    Endpoints take it as `ClientIp`; middleware that sees a raw scope calls it with an `HTTPConnection`."""
    proxies = trusted_proxies.of(connection.app)
    peer = connection.client.host if connection.client else None
    return client_address(peer, connection.headers.getlist("x-forwarded-for"), proxies)


async def _client_ip_dependency(connection: HTTPConnection) -> str | None:
    return client_ip(connection)  # a coroutine, so FastAPI does not send it to the thread pool


ClientIp = Annotated[str | None, Depends(_client_ip_dependency)]


async def _authenticate(request: Request, db: AsyncSession, resolver: PrincipalResolver) -> Principal:
    authorization = request.headers.get("authorization", "")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        principal = await resolver.from_api_token(db, token.strip()) if scheme.lower() == "bearer" else None
        if principal is None:
            raise Unauthenticated("the API token is missing, unknown, expired or revoked")
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    principal = await resolver.from_session(db, cookie) if cookie else None
    if principal is None:
        raise Unauthenticated("sign in first" if not cookie else "the session has expired; sign in again")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not principal.csrf_token or not hmac.compare_digest(sent, principal.csrf_token):
            raise CsrfFailed(f"the {CSRF_HEADER} header is missing or does not match the session")
    return principal


def requires(role: Role, or_scope: Scope | None = None) -> Any:
    """A dependency that admits callers of `role` or above (admin > supervisor > agent), and, with
    `or_scope`, also callers whose API token was given that right by an administrator."""

    async def check(request: Request, db: DB, resolver: PrincipalsDep) -> Principal:
        principal = await _authenticate(request, db, resolver)
        if not principal.role.at_least(role) and (or_scope is None or or_scope not in principal.scopes):
            also = f" or an API token with the {or_scope.value} right" if or_scope else ""
            raise Forbidden(f"this requires the {role.value} role or above{also}", role=role.value)
        request.state.principal = principal
        # Settle the sign-in bookkeeping (session and token last use) now and give the connection back:
        # an endpoint that waits (for routing, for SMTP) must not hold a pooled connection or, on SQLite,
        # the write lock while it waits. The endpoint's own work is a new transaction on the same session.
        await db.commit()
        return principal

    setattr(check, ACCESS_ATTRIBUTE, role.value)
    return Depends(check)


async def _public() -> None:
    """Marks a route as deliberately open to anonymous callers."""


setattr(_public, ACCESS_ATTRIBUTE, "public")
PUBLIC = Depends(_public)


async def _signed_in_or_none(request: Request, db: DB, resolver: PrincipalsDep) -> Principal | None:
    """The caller when signed in, None when not: for a route that answers both ways (`GET /api/auth/session`),
    so that a page can ask before sign-in without an error status."""
    try:
        principal = await _authenticate(request, db, resolver)
    except Unauthenticated:
        return None
    request.state.principal = principal
    await db.commit()
    return principal


setattr(_signed_in_or_none, ACCESS_ATTRIBUTE, "public")
MaybeSignedIn = Annotated[Principal | None, Depends(_signed_in_or_none)]

AnyUser = Annotated[Principal, requires(Role.AGENT)]
Supervisor = Annotated[Principal, requires(Role.SUPERVISOR)]
Admin = Annotated[Principal, requires(Role.ADMIN)]


def route_access(route: APIRoute) -> str | None:
    """The access a route declares: 'public', a role name, or None when it declares nothing."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        marker = getattr(dependant.call, ACCESS_ATTRIBUTE, None)
        if isinstance(marker, str):
            return marker
        pending.extend(dependant.dependencies)
    return None


@dataclass(frozen=True)
class RouteInfo:
    path: str
    methods: frozenset[str]
    route: APIRoute


def api_routes(routes: Sequence[BaseRoute]) -> list[RouteInfo]:
    """Every API route of an app with its effective path (routers' prefixes included)."""
    found = []
    for context in iter_route_contexts(routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            found.append(RouteInfo(context.path or route.path, frozenset(route.methods or ()), route))
    return found


def check_every_route_declares_access(routes: Sequence[BaseRoute]) -> None:
    missing = [f"{sorted(r.methods)} {r.path}" for r in api_routes(routes) if not route_access(r.route)]
    if missing:
        raise RuntimeError("routes without an access declaration: " + ", ".join(missing))
