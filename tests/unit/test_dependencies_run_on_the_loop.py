"""Every endpoint and dependency of the app is a coroutine: FastAPI sends a plain function to its thread pool,
a hop that cost about 0.2 ms each per request (measured when the services became `Provided` slots)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts

from parley.app import create_app, shutdown
from parley.config import Settings
from tests.conftest import TEST_SECRET


def _is_coroutine(call: Any) -> bool:
    function = call if inspect.isroutine(call) else type(call).__call__
    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)


def _sync_calls(dependant: Dependant, found: set[str]) -> None:
    for sub in dependant.dependencies:
        if sub.call is not None and not _is_coroutine(sub.call):
            found.add(f"{getattr(sub.call, '__module__', '?')}.{getattr(sub.call, '__qualname__', sub.call)}")
        _sync_calls(sub, found)


async def test_no_endpoint_or_dependency_runs_in_the_thread_pool(tmp_path: Path) -> None:
    app = create_app(
        Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}", secret_key=TEST_SECRET)
    )
    try:
        found: set[str] = set()
        for context in iter_route_contexts(app.router.routes):
            route = context.original_route
            if isinstance(route, APIRoute | APIWebSocketRoute):
                if isinstance(route, APIRoute) and not _is_coroutine(route.endpoint):
                    found.add(f"endpoint {sorted(route.methods)} {context.path or route.path}")
                _sync_calls(route.dependant, found)
        assert not found, "plain functions FastAPI would run in its thread pool: " + ", ".join(sorted(found))
    finally:
        await shutdown(app)
