"""create_app(settings): the one place that wires the slices together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from parley import __version__
from parley.accounts import api as accounts_api
from parley.accounts import deps as accounts_deps
from parley.accounts import twofactor_api
from parley.accounts.limits import SignInGuard, SignInLimits
from parley.accounts.model import LockoutPolicy
from parley.accounts.passwords import PasswordWork
from parley.accounts.service import Accounts
from parley.accounts.twofactor import TwoFactor
from parley.allowlists import api as allowlists_api
from parley.allowlists import deps as allowlists_deps
from parley.allowlists.middleware import AllowlistMiddleware
from parley.allowlists.model import Surface, surface_of
from parley.allowlists.service import NetworkAccess, fixed_lists
from parley.channels.demo import api as demo_channel
from parley.channels.email import api as email_channel
from parley.channels.web import api as web_channel
from parley.channels.web import deps as web_deps
from parley.channels.web import widget_api as web_widget
from parley.config import Settings, ensure_secret_key
from parley.desk import api as desk_api
from parley.desk import deps as desk_deps
from parley.desk import fields_api as desk_fields
from parley.desk import panel_api as desk_panel
from parley.desk import queue_scripts_api as desk_queue_scripts
from parley.desk.fields_store import field_names
from parley.desk.service import Desk
from parley.etiquette.catalog import load_catalog
from parley.platform import deps as platform_deps
from parley.platform import devmail, gc_policy
from parley.platform.api_docs import docs_routes
from parley.platform.clock import Clock, system_clock
from parley.platform.db import Database
from parley.platform.deps import check_every_route_declares_access
from parley.platform.devmail_api import dev_mail as dev_mail_router
from parley.platform.events import EventBus
from parley.platform.middleware import BodyLimitMiddleware, NulRefusalMiddleware, RequestLogMiddleware
from parley.platform.openapi_extra import install_extra_schemas
from parley.platform.openapi_problems import install_problem_responses
from parley.platform.ops_api import router as ops_router
from parley.platform.problems import install_problem_handlers
from parley.platform.proxies import parse_networks
from parley.platform.ratelimit import counters_for
from parley.platform.realtime import Hub
from parley.platform.sign_in_ends import SignInEnds
from parley.platform.spa import frontend_app
from parley.platform.wiring import provide
from parley.reports import api as reports_api
from parley.routing import agents_api as routing_agents_api
from parley.routing import api as routing_api
from parley.routing import contacts_api as routing_contacts_api
from parley.routing import deps as routing_deps
from parley.routing.events import RoutingChanged
from parley.routing.service import Router
from parley.routing.stream import stream as routing_stream
from parley.routing.ws_schemas import EventMessage
from parley.scripts import api as scripts_api
from parley.scripts import deps as scripts_deps
from parley.scripts.runs import Runs
from parley.scripts.service import Scripts

REPO_ROOT = Path(__file__).resolve().parents[2]


async def shutdown(app: FastAPI) -> None:
    """Give back what an app holds: routing's tasks, Redis clients and the database pools. Its lifespan
    calls it on the way out; so do tests that make apps without serving them (no socket left to collect)."""
    await app.state.sign_in_ends.close()
    await app.state.accounts.guard.close()
    await app.state.widget_counters.close()
    app.state.accounts.passwords.close()
    await app.state.router.close()
    await app.state.bus.drain()
    await app.state.routing_database.dispose()
    await app.state.database.dispose()


def create_app(settings: Settings, clock: Clock = system_clock) -> FastAPI:
    settings = ensure_secret_key(settings)
    database = Database(
        settings.database_url,
        busy_timeout_ms=settings.database_busy_timeout_ms,
        sqlite_driver=settings.sqlite_driver,
        connect_timeout_s=settings.database_connect_timeout_seconds,
        statement_timeout_ms=settings.database_statement_timeout_ms,
        pool_timeout_s=settings.database_pool_timeout_seconds,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        gc_policy.install()  # a served app: keep full garbage collections short (platform/gc_policy.py)
        await app.state.sign_in_ends.start()
        yield
        await shutdown(app)

    app = FastAPI(
        title="Parley",
        version=__version__,
        summary="Open-source contact center built around conversation scripts",
        openapi_url="/api/openapi.json",
        docs_url=None,  # served by platform/api_docs.py, from this server (no CDN)
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
    )
    provide(app, platform_deps.settings, settings)
    provide(app, platform_deps.database, database)
    provide(app, platform_deps.clock, clock)
    provide(app, platform_deps.trusted_proxies, parse_networks(settings.trusted_proxies))
    bus = provide(app, platform_deps.bus, EventBus())
    accounts = Accounts(
        lockout=LockoutPolicy(settings.login_max_failures, timedelta(seconds=settings.login_lockout_seconds)),
        session_ttl=timedelta(hours=settings.session_hours),
        clock=clock,
        cache_seconds=settings.auth_cache_seconds,
        guard=SignInGuard(
            SignInLimits(
                address_failures=settings.login_ip_failures_per_minute,
                pair_failures=settings.login_max_failures,
                account_failures=settings.login_account_failures,
                lockout=timedelta(seconds=settings.login_lockout_seconds),
            ),
            counters_for(settings.redis_url, clock),
            clock,
        ),
        passwords=PasswordWork(settings.login_hash_workers, settings.login_hash_queue),
    )
    provide(app, accounts_deps.accounts, accounts)
    provide(app, web_deps.widget_counters, counters_for(settings.redis_url, clock))
    accounts.two_factor = provide(app, accounts_deps.two_factor, TwoFactor(accounts, settings.secret()))
    provide(app, platform_deps.principals, accounts)
    network_access = provide(
        app,
        allowlists_deps.network_access,
        NetworkAccess(
            clock, fixed_lists(settings.staff_allowlist, settings.api_allowlist), settings.auth_cache_seconds
        ),
    )

    provide(
        app,
        scripts_deps.scripts,
        Scripts(
            clock,
            load_catalog(settings.etiquette_catalogs) if settings.etiquette_catalogs else None,
            customer_fields=field_names,
        ),
    )
    runs = provide(app, scripts_deps.runs, Runs(clock))
    hub = provide(app, platform_deps.hub, Hub())
    # Ended sign-ins close their WebSockets here and, through Redis when configured, on every app server.
    sign_in_ends = provide(
        app, accounts_deps.sign_in_ends, SignInEnds(hub, accounts.forget_sign_ins, settings.redis_url)
    )
    accounts.sign_ins_ended.append(sign_in_ends.publish)
    provide(app, platform_deps.outbox, devmail.outbox_for(settings, database, clock))
    # Routing writes on its own small pool: requests waiting for the routing lock may hold every
    # connection of the main pool, and the write they wait for must still get one.
    routing_database = Database(
        settings.database_url,
        pool_size=2,
        max_overflow=2,
        busy_timeout_ms=settings.database_busy_timeout_ms,
        sqlite_driver=settings.sqlite_driver,
        connect_timeout_s=settings.database_connect_timeout_seconds,
        statement_timeout_ms=settings.database_statement_timeout_ms,
        pool_timeout_s=settings.database_pool_timeout_seconds,
    )
    app.state.routing_database = routing_database
    routing = provide(
        app, routing_deps.router, Router(routing_database, hub, clock, bus, timezone=settings.timezone)
    )
    routing.presence_grace = settings.presence_grace_seconds
    desk = provide(app, desk_deps.desk, Desk(clock, settings.phone_region, runs, settings.company_name))
    # The desk keeps its interactions in step with routing, inside routing's own transaction.
    bus.within(RoutingChanged, desk.on_routing)

    install_problem_handlers(app)
    routers = (
        ops_router,
        accounts_api.auth,
        accounts_api.users,
        accounts_api.audit,
        twofactor_api.second_step,
        twofactor_api.own,
        twofactor_api.admin,
        scripts_api.scripts,
        scripts_api.runs,
        routing_api.queues,
        routing_api.skills,
        routing_agents_api.agents,
        routing_contacts_api.contacts,
        routing_contacts_api.status_api,
        routing_stream,
        reports_api.interactions,  # before the desk's: /api/interactions/{id} would take export.csv
        desk_api.customers,
        desk_api.interactions,
        demo_channel.demo,
        desk_panel.desk,
        desk_panel.panel,
        desk_panel.feedback,
        email_channel.offers,
        email_channel.email_tools,
        dev_mail_router,
        desk_fields.fields,
        desk_queue_scripts.bindings,
        allowlists_api.network_access,
        web_channel.web_sites,
        web_widget.widget,
    )
    for api_router in routers:
        app.include_router(api_router)
    check_every_route_declares_access(app.routes)
    install_problem_responses(app, address_checked=lambda path: surface_of(path) is not Surface.PUBLIC)
    install_extra_schemas(app, {"EventMessage": EventMessage})  # /api/events' messages
    app.router.routes.extend(docs_routes())

    # The front end answers whatever no route matched, so a wrong method on an API path stays a 405.
    app.router.default = frontend_app(settings.frontend_dir or REPO_ROOT / "frontend" / "dist")
    app.add_middleware(NulRefusalMiddleware)  # inside the body limit: it reads the body that limit read
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Outside the body limit: an address the allowlists refuse is answered before its body is read.
    app.add_middleware(AllowlistMiddleware, access=network_access, database=database)
    app.add_middleware(RequestLogMiddleware, tls_behind_proxy=settings.cookie_secure == "always")
    return app
