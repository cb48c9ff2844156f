"""Operations endpoints: health (public, for load balancers) and version."""

from __future__ import annotations

import asyncio
import platform as python_platform

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from parley import __version__
from parley.platform.db import Database
from parley.platform.deps import PUBLIC, AnyUser, DatabaseDep, SettingsDep
from parley.platform.errors import DatabaseUnavailable
from parley.platform.logging import get_logger

router = APIRouter(prefix="/api", tags=["operations"])
log = get_logger("parley.health")
#: Health answers within 2 s whatever the state of its dependencies: each check gives up after this.
CHECK_TIMEOUT_S = 1.5


class Health(BaseModel):
    status: str
    database: str
    redis: str | None = None


class Version(BaseModel):
    version: str
    python: str
    database: str


@router.get("/health", dependencies=[PUBLIC], responses={503: {"model": Health}})
async def health(settings: SettingsDep, database: DatabaseDep) -> JSONResponse:
    redis_url = settings.redis_url
    database_check, redis = await asyncio.gather(
        _database_ok(database), _redis_ok(redis_url) if redis_url else _nothing()
    )
    checks: dict[str, str | None] = {"database": database_check, "redis": redis}
    healthy = all(value in (None, "ok") for value in checks.values())
    body = Health(status="ok" if healthy else "unavailable", **checks)
    headers = None if healthy else {"Retry-After": str(DatabaseUnavailable.RETRY_AFTER_SECONDS)}
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=200 if healthy else 503, headers=headers
    )


async def _nothing() -> None:
    return None


async def _database_ok(database: Database) -> str:
    error = await database.reachable(CHECK_TIMEOUT_S)
    if error is None:
        return "ok"
    # any failure means "not healthy"; the reason goes to the log only
    log.warning("database check failed", error=type(error).__name__)
    return "unavailable"


async def _redis_ok(url: str) -> str:
    from redis.asyncio import Redis  # imported lazily: Redis is optional

    client = Redis.from_url(url, socket_timeout=CHECK_TIMEOUT_S, socket_connect_timeout=CHECK_TIMEOUT_S)
    try:
        await asyncio.wait_for(client.ping(), CHECK_TIMEOUT_S)
        return "ok"
    except Exception as error:
        log.warning("redis check failed", error=type(error).__name__)
        return "unavailable"
    finally:
        await client.aclose()


@router.get("/version")
async def version(_: AnyUser, database: DatabaseDep) -> Version:
    dialect = database.engine.dialect.name
    return Version(version=__version__, python=python_platform.python_version(), database=dialect)
