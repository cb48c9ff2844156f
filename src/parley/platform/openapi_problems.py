"""The OpenAPI document declares the refusals each operation can give, with their problem+json bodies.

They are derived when the document is built, from what every route already declares: its access (401 and 403
for a signed-in caller; a public route only 403, where the caller's address is checked, as on the staff
sign-in), its path parameters and body (404: they name records), its method (409: a change the record's state
may refuse) and its body (400 malformed JSON, 413 too large). 422 is any operation's: the NUL refusal reads
every path and query; so is 503, the database out of reach. What only one route can answer (the login's 423
and 429) it declares itself in `responses=`, and gets the same problem body here unless it has its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI

from parley.platform.deps import api_routes, route_access
from parley.platform.problems import PROBLEM_JSON

PROBLEM_REF = "#/components/schemas/Problem"
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
_PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The values the message is made of, by name (times in ISO 8601, lists comma-joined).",
    "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]},
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "Problem": {
        "title": "Problem",
        "description": "An RFC 9457 problem. Clients switch on `code` and word it from `code` and `params`; "
        "`detail` is English for logs. An error may add fields of its own (`role`, `retry_after`, ...).",
        "type": "object",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": {"type": "string", "description": "`/docs/errors#<code>`"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "code": {"type": "string", "description": "Stable, kebab-case: what went wrong"},
            "instance": {"type": "string", "description": "The request's path"},
            "params": _PARAMS_SCHEMA,
            "errors": {
                "type": "array",
                "description": "With `invalid-request`: each field that does not fit its schema.",
                "items": {"$ref": "#/components/schemas/ProblemField"},
            },
            "retry_after_seconds": {"type": "integer", "minimum": 0},
        },
        "additionalProperties": True,
    },
    "ProblemField": {
        "title": "ProblemField",
        "type": "object",
        "required": ["field", "message", "code", "params"],
        "properties": {
            "field": {"type": "string", "description": "Dotted path of the field (`items.0.name`)"},
            "message": {"type": "string"},
            "code": {"type": "string", "description": "Stable: `required`, `too-long`, `not-a-date`, ..."},
            "params": _PARAMS_SCHEMA,
        },
    },
}
#: Each refusal's shared response in `components/responses`: (name, description).
RESPONSES: dict[int, tuple[str, str]] = {
    400: (
        "BadRequest",
        "The body is not valid JSON (`malformed-json`), or the request is refused as it stands",
    ),
    401: (
        "NotAuthenticated",
        "Not signed in, or the session or API token is unknown, expired or revoked (`not-authenticated`)",
    ),
    403: (
        "Forbidden",
        "The caller's role or token rights do not allow this, the CSRF header is missing, or the record is "
        "another operator's (`forbidden`, `csrf-failed`, `not-yours`, ...)",
    ),
    404: ("NotFound", "No record has the identifier the path (or the body) gives"),
    409: (
        "Conflict",
        "The record's current state refuses this change (`conflict` and the slice's own codes)",
    ),
    413: ("BodyTooLarge", "The body is larger than the server accepts (`body-too-large`)"),
    422: (
        "InvalidRequest",
        "The request does not fit its schema (`invalid-request`, with `errors`), or the service refuses a "
        "value in it",
    ),
    423: ("Locked", "The account is locked after too many failed sign-ins; wait `retry_after`"),
    429: ("TooManyRequests", "Too many requests; wait `retry_after_seconds` (also sent as `Retry-After`)"),
    503: (
        "Unavailable",
        "The database (or the sign-in's password checks) is busy or out of reach; nothing was done, try "
        "again after `Retry-After` (`database-busy`, `database-unavailable`, ...)",
    ),
}
_UNUSED = ("HTTPValidationError", "ValidationError")


def problem_response(status: int) -> dict[str, Any]:
    """A refusal's response object, with a problem body."""
    _, description = RESPONSES.get(status, ("", HTTPStatus(status).phrase))
    return {"description": description, "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}


def also_refuses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """For a route's `responses=`: the refusals only it gives, beyond those derived for every route."""
    return {status: {"description": problem_response(status)["description"]} for status in statuses}


def refusals(access: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The statuses an operation can refuse with, from its access, method, parameters and body."""
    statuses = {422, 503}
    if access != "public":
        statuses |= {401, 403}
    if "requestBody" in operation or any(p.get("in") == "path" for p in operation.get("parameters", ())):
        statuses.add(404)  # a path parameter names a record; so may a body (the script of a run)
    if method not in _READS:
        statuses.add(409)
    if "requestBody" in operation:
        statuses |= {400, 413}
    return statuses


def _declare(operation: dict[str, Any], statuses: set[int]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status in statuses:
        responses.setdefault(str(status), {})
    for key, response in responses.items():
        # FastAPI's own 422 says application/json HTTPValidationError: the body is really a Problem.
        fastapi_default = "HTTPValidationError" in repr(response.get("content"))
        if key.isdigit() and int(key) >= 400 and (fastapi_default or not response.get("content")):
            status = int(key)
            if status in RESPONSES:
                responses[key] = {"$ref": f"#/components/responses/{RESPONSES[status][0]}"}
            else:
                responses[key] = {**problem_response(status), **response, **problem_response(status)}
    operation["responses"] = dict(sorted(responses.items()))


def _components(document: dict[str, Any]) -> None:
    components: dict[str, Any] = document.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    schemas.update(SCHEMAS)
    text = repr(document["paths"])
    components["responses"] = {
        name: problem_response(status)
        for status, (name, _) in sorted(RESPONSES.items())
        if f"#/components/responses/{name}'" in text
    }
    for name in _UNUSED:
        others = repr({k: v for k, v in schemas.items() if k not in _UNUSED})
        if f"#/components/schemas/{name}'" not in text + others:
            schemas.pop(name, None)


def install_problem_responses(app: FastAPI, address_checked: Callable[[str], bool] = lambda _: False) -> None:
    """Makes `app.openapi()` declare every operation's refusals with `application/problem+json` bodies.
    `address_checked(path)` says whether the caller's address may be refused (403) before a public route."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        for info in api_routes(app.routes):
            access = route_access(info.route) or "public"
            for method in info.methods:
                path = re.sub(r"\{(\w+):[^}]*\}", r"{\1}", info.path)  # `{id:int}` is `{id}` there
                operation = document["paths"].get(path, {}).get(method.lower())
                if operation is not None:
                    statuses = refusals(access, method, operation) | (
                        {403} if address_checked(path) else set()
                    )
                    _declare(operation, statuses)
        _components(document)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
