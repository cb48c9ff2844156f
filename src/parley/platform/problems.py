"""Every error leaves the API as RFC 9457 problem+json with a stable `code`; never a stack trace.

Besides the English `detail` (for logs and scripts), a problem carries `params`: the values its message is
made of, so a user interface words it in its reader's language from `code` and `params` alone. A request that
does not fit its schema (422 `invalid-request`) lists `errors`, each with its `field`, a stable `code` from
VALIDATION_PARAMS (or a schema's own, raised as a `PydanticCustomError`) and that code's `params`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from parley.platform.db import database_failure, database_unavailable
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
#: Codes of problems that are not a DomainError of a slice.
OTHER_CODES = ("malformed-json", "invalid-request", "internal-error", "http-error")

#: The codes of a field's validation problem, with their parameters.
VALIDATION_PARAMS: dict[str, tuple[str, ...]] = {
    "required": (),
    "too-short": ("min",),
    "too-long": ("max",),
    "too-few": ("min",),
    "too-many": ("max",),
    "too-small": ("min",),
    "too-large": ("max",),
    "must-be-above": ("min",),
    "must-be-below": ("max",),
    "bad-format": (),
    "not-a-number": (),
    "not-a-whole-number": (),
    "not-true-false": (),
    "not-text": (),
    "not-a-date": (),
    "needs-time-zone": (),
    "nul-character": (),
    "not-allowed": ("allowed",),
    "unknown-field": (),
    "wrong-type": (),
    "invalid": (),
}
# pydantic's error types -> (our code, {our parameter: pydantic's context key})
_PYDANTIC: dict[str, tuple[str, dict[str, str]]] = {
    "missing": ("required", {}),
    "string_too_short": ("too-short", {"min": "min_length"}),
    "string_too_long": ("too-long", {"max": "max_length"}),
    "too_short": ("too-few", {"min": "min_length"}),
    "too_long": ("too-many", {"max": "max_length"}),
    "greater_than_equal": ("too-small", {"min": "ge"}),
    "less_than_equal": ("too-large", {"max": "le"}),
    "greater_than": ("must-be-above", {"min": "gt"}),
    "less_than": ("must-be-below", {"max": "lt"}),
    "string_pattern_mismatch": ("bad-format", {}),
    "value_error": ("bad-format", {}),
    "url_parsing": ("bad-format", {}),
    "url_scheme": ("bad-format", {}),
    "int_parsing": ("not-a-number", {}),
    "int_type": ("not-a-number", {}),
    "float_parsing": ("not-a-number", {}),
    "float_type": ("not-a-number", {}),
    "decimal_parsing": ("not-a-number", {}),
    "finite_number": ("not-a-number", {}),
    "int_from_float": ("not-a-whole-number", {}),
    "bool_parsing": ("not-true-false", {}),
    "bool_type": ("not-true-false", {}),
    "string_type": ("not-text", {}),
    "date_parsing": ("not-a-date", {}),
    "date_from_datetime_parsing": ("not-a-date", {}),
    "date_type": ("not-a-date", {}),
    "datetime_parsing": ("not-a-date", {}),
    "datetime_from_date_parsing": ("not-a-date", {}),
    "datetime_type": ("not-a-date", {}),
    "timezone_aware": ("needs-time-zone", {}),
    "literal_error": ("not-allowed", {"allowed": "expected"}),
    "enum": ("not-allowed", {"allowed": "expected"}),
    "extra_forbidden": ("unknown-field", {}),
    "dict_type": ("wrong-type", {}),
    "list_type": ("wrong-type", {}),
    "model_type": ("wrong-type", {}),
    "model_attributes_type": ("wrong-type", {}),
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


def _param(value: Any) -> str | int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value).replace(" or ", ", ")  # pydantic's "'a', 'b' or 'c'": the "or" is English
    return int(value) if float(value).is_integer() else value


def _code_and_params(error: Mapping[str, Any]) -> tuple[str, dict[str, str | int | float]]:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind in _PYDANTIC:
        code, wanted = _PYDANTIC[kind]
        return code, {name: _param(context[key]) for name, key in wanted.items() if key in context}
    if "-" in kind:  # a schema's own check, raised as PydanticCustomError("kebab-code", ...)
        return kind, {name: _param(value) for name, value in context.items()}
    return "invalid", {}


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors():
        code, params = _code_and_params(error)
        errors.append(
            {
                "field": _field(error.get("loc", ())),
                "message": str(error.get("msg", "invalid")),
                "code": code,
                "params": params,
            }
        )
    return errors


def params_of(extra: Mapping[str, Any]) -> dict[str, str | int | float]:
    """The values of an error's message: scalars as they are, times in ISO 8601, lists joined."""
    params: dict[str, str | int | float] = {}
    for name, value in extra.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, str | int | float):
            params[name] = value
        elif hasattr(value, "isoformat"):
            params[name] = value.isoformat()
        elif isinstance(value, list | tuple) and all(isinstance(v, str | int) for v in value):
            params[name] = ", ".join(str(v) for v in value)
    return params


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    extra = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in exc.extra.items()}
    extra["params"] = params_of(exc.extra)
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
    response = problem(exc.status_code, code, title, detail, request.url.path)
    response.headers.update(exc.headers or {})
    if exc.status_code == 405:
        response.headers["Allow"] = ", ".join(_allowed_methods(request))
    return response


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on the request's path (the router's 405 names the first route's)."""
    allowed: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):  # included routers' routes too
        methods = route.methods
        if methods and route.matches(request.scope)[0] != Match.NONE:
            allowed.update(methods)
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return sorted(allowed, key=lambda m: (order.index(m) if m in order else len(order), m))


async def _database(request: Request, exc: Exception) -> JSONResponse:
    """A database error escaping a request: a busy or unreachable database is a retryable 503, anything else
    a 500."""
    failure = database_failure(exc)
    if failure is None:
        return await _unexpected(request, exc)
    log.warning(
        failure.title.lower(),
        path=request.url.path,
        method=request.method,
        cause=failure.extra.get("cause"),
    )
    return await _domain(request, failure)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # A driver's bare connection error (refused, timed out, dropped) is the database being away, not a bug.
    if database_unavailable(exc) is not None:
        return await _database(request, exc)
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
    # A driver's bare connection failures (refused, timed out, dropped) escape SQLAlchemy unwrapped; handled
    # here, not by the catch-all below, which answers but re-raises the error to the server.
    app.add_exception_handler(OSError, _database)
    app.add_exception_handler(asyncpg.PostgresError, _database)
    app.add_exception_handler(asyncpg.InterfaceError, _database)
    app.add_exception_handler(Exception, _unexpected)
