"""Secrets in query strings never reach the log (uvicorn logs WebSocket paths with their query)."""

from __future__ import annotations

import logging

from parley.platform.logging import RedactSecrets, redact, redact_event


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, msg, args, None)


def test_tokens_in_websocket_paths_are_redacted() -> None:
    record = _record(
        '%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", "/api/events?access_token=pk_secret123&x=1"
    )
    assert RedactSecrets().filter(record)
    message = record.getMessage()
    assert "pk_secret123" not in message
    assert "access_token=[redacted]&x=1" in message


def test_contact_tokens_and_plain_messages() -> None:
    record = _record("GET /api/events?contact=abcDEF_123 closed")
    RedactSecrets().filter(record)
    assert record.getMessage() == "GET /api/events?contact=[redacted] closed"
    plain = _record("nothing secret here: %d", 5)
    RedactSecrets().filter(plain)
    assert plain.getMessage() == "nothing secret here: 5"


def test_contact_tokens_in_paths_are_redacted() -> None:
    record = _record('%s - "GET %s HTTP/1.1" 200', "127.0.0.1:5000", "/api/contact-status/Xy_9-secret/leave")
    RedactSecrets().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/contact-status/<token>/leave HTTP/1.1" 200'


def test_structlog_events_carry_no_token_in_any_text_value() -> None:
    event = {"event": "unhandled error", "path": "/api/contact-status/Xy_9-secret", "status": 500}
    redacted = redact_event(None, "error", event)
    assert redacted == {"event": "unhandled error", "path": "/api/contact-status/<token>", "status": 500}
    assert redact("/api/login?password=hunter2&next=/") == "/api/login?password=[redacted]&next=/"
