"""Pure ASGI middleware: body size limit, NUL refusal, security headers and one log line per request."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any
from urllib.parse import unquote_to_bytes

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley.platform.errors import BodyTooLarge
from parley.platform.logging import get_logger, redact
from parley.platform.problems import problem

log = get_logger("parley.http")

#: connect-src 'self' covers WebSockets to the page's own origin (ws: or wss: as the page is http: or https:)
#: in every browser that implements CSP Level 3 (Chromium, Firefox, Safari 15.4+): no other host is reached.
CONTENT_SECURITY_POLICY = (
    b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    b"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY),
]
#: Sent only on requests that came over TLS: a browser remembers for a year to use HTTPS only.
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class BodyLimitMiddleware:
    """Refuses bodies over the configured size with 413, whether or not Content-Length is announced."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the body is larger than the limit of {self.max_bytes} bytes"
        response = problem(413, BodyTooLarge.code, BodyTooLarge.title, detail, scope["path"])
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self.refuse(scope, receive, send)
            return
        # Read the body first (at most the limit), so an oversized one is refused before any handler runs.
        messages: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                await self.refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


#: A NUL in JSON text: the escape `\u0000` after an even number of backslashes (an odd one escapes it).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
#: Bodies read as text (JSON, forms, plain text); a file's bytes (multipart, octet-stream) may hold NULs.
_TEXT_BODIES = (b"application/json", b"application/x-www-form-urlencoded", b"text/")


def _has_nul(scope: Scope, body: bytes) -> str | None:
    """Where a NUL character is in a request, if it is: "path", "query", "body" or a JSON body's field."""
    if "\x00" in scope["path"]:
        return "path"
    if b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
        return "query"
    kind = dict(scope["headers"]).get(b"content-type", b"").lower()
    if not body or (kind and not any(kind.startswith(t) or b"+json" in kind for t in _TEXT_BODIES)):
        return None
    if b"\x00" in body:
        return "body"
    if kind.startswith(b"application/x-www-form-urlencoded"):
        return "body" if b"\x00" in unquote_to_bytes(body.replace(b"+", b" ")) else None
    if not _JSON_NUL.search(body):
        return None
    try:
        return _nul_field(json.loads(body)) or "body"
    except ValueError:  # not JSON after all: the handler answers malformed-json (a NUL in it is no harm)
        return None


def _nul_field(value: Any, at: str = "") -> str | None:
    """The field (dotted, as 422 problems name fields) of the first text in a JSON value that holds a NUL."""
    if isinstance(value, str):
        return (at or "body") if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return f"{at}.{key}".strip(".")
        found = _nul_field(item, f"{at}.{key}".lstrip("."))
        if found:
            return found
    return None


class NulRefusalMiddleware:
    """Refuses a NUL character (U+0000) anywhere in a request's path, query or text body with 422, before
    any handler runs: no text field takes one, and PostgreSQL refuses it in text (which was a 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:  # the body size limit (outside this) has read it already: this takes it from memory
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        where = _has_nul(scope, body)
        if where is not None:
            error = {"field": where, "message": "a NUL character", "code": "nul-character", "params": {}}
            response = problem(
                422, "invalid-request", "Invalid request", f"{where}: a NUL character is not allowed",
                scope["path"], errors=[error],
            )  # fmt: skip
            await response(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


class RequestLogMiddleware:
    """Adds a request id, security headers, and logs method, path, status and duration (no query, no body,
    and a contact token in a path replaced by `<token>`).

    `Strict-Transport-Security` goes with answers to requests that came over HTTPS: served with TLS, or
    behind a TLS proxy when `tls_behind_proxy` (the cookie_secure=always setting) says every request did."""

    def __init__(self, app: ASGIApp, tls_behind_proxy: bool = False) -> None:
        self.app = app
        self.tls_behind_proxy = tls_behind_proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        started = time.perf_counter()
        status = 500
        structlog.contextvars.bind_contextvars(request_id=request_id)

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.extend(SECURITY_HEADERS)
                if scope.get("scheme") == "https" or self.tls_behind_proxy:
                    headers.append(HSTS)
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            log.info(
                "request",
                method=scope["method"],
                path=redact(scope["path"]),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )
            structlog.contextvars.unbind_contextvars("request_id")
