"""Operations endpoints: health (public, for load balancers) and version."""

from __future__ import annotations

import platform as python_platform

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from parley import __version__
from parley.platform.deps import PUBLIC, AnyUser
from parley.platform.logging import get_logger

router = APIRouter(prefix="/api", tags=["operations"])
log = get_logger("parley.health")


class Health(BaseModel):
    status: str
    database: str
    redis: str | None = None


class Version(BaseModel):
    version: str
    python: str
    database: str


@router.get("/health", dependencies=[PUBLIC], responses={503: {"model": Health}})
async def health(request: Request) -> JSONResponse:
    checks: dict[str, str | None] = {"database": "ok", "redis": None}
    try:
        await request.app.state.database.ping()
    except Exception as error:  # any failure means "not healthy"; the reason goes to the log only
        log.warning("database check failed", error=type(error).__name__)
        checks["database"] = "unavailable"
    redis_url = request.app.state.settings.redis_url
    if redis_url:
        checks["redis"] = await _redis_ok(redis_url)
    healthy = all(value in (None, "ok") for value in checks.values())
    body = Health(status="ok" if healthy else "unavailable", **checks)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=200 if healthy else 503)


async def _redis_ok(url: str) -> str:
    from redis.asyncio import Redis  # imported lazily: Redis is optional

    client = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        await client.ping()
        return "ok"
    except Exception as error:
        log.warning("redis check failed", error=type(error).__name__)
        return "unavailable"
    finally:
        await client.aclose()


@router.get("/version")
async def version(_: AnyUser, request: Request) -> Version:
    dialect = request.app.state.database.engine.dialect.name
    return Version(version=__version__, python=python_platform.python_version(), database=dialect)
