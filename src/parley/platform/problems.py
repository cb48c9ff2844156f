"""Every error leaves the API as RFC 9457 problem+json with a stable `code`; never a stack trace."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley.platform.db import database_busy
from parley.platform.errors import DomainError
from parley.platform.logging import get_logger

PROBLEM_JSON = "application/problem+json"
log = get_logger("parley.errors")

_HTTP_CODES = {
    400: ("bad-request", "Bad request"),
    401: ("not-authenticated", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    413: ("body-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


def problem(
    status: int, code: str, title: str, detail: str, instance: str | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"/docs/errors#{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"Retry-After": str(extra["retry_after_seconds"])} if "retry_after_seconds" in extra else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or str(loc[0] if loc else "body")


def _validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        errors.append({"field": _field(error.get("loc", ())), "message": str(error.get("msg", "invalid"))})
    return errors


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    extra = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in exc.extra.items()}
    return problem(exc.status, exc.code, exc.title, exc.detail, request.url.path, **extra)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return problem(
            400, "malformed-json", "Malformed JSON", "the request body is not valid JSON", request.url.path
        )
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return problem(422, "invalid-request", "Invalid request", summary, request.url.path, errors=errors)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, title = _HTTP_CODES.get(exc.status_code, ("http-error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such endpoint: {request.method} {request.url.path}"
    return problem(exc.status_code, code, title, detail, request.url.path)


async def _database(request: Request, exc: Exception) -> JSONResponse:
    """A database error escaping a request: a busy database is a retryable 503, anything else a 500."""
    busy = database_busy(exc)
    if busy is None:
        return await _unexpected(request, exc)
    log.warning("database busy", path=request.url.path, method=request.method, cause=busy.extra.get("cause"))
    return await _domain(request, busy)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "unhandled error",
        path=request.url.path,
        method=request.method,
        error=type(exc).__name__,
        exc_info=exc,
    )
    return problem(
        500,
        "internal-error",
        "Internal error",
        "something went wrong on our side; it has been logged",
        request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(sa_exc.DBAPIError, _database)
    app.add_exception_handler(sa_exc.TimeoutError, _database)
    app.add_exception_handler(Exception, _unexpected)
