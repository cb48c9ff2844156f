"""Domain errors with stable codes, rendered as RFC 9457 problem+json by the API edge."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error a slice raises on purpose.

    `code` is stable and documented: clients switch on it. `status` is the HTTP status the API edge uses.
    `detail` is English for logs and scripts; the keyword arguments are the error's parameters, sent with it
    so that a user interface words the error in its reader's language from `code` and them alone. A
    `reason` parameter says why, in one of the class's `reasons` (stable codes too).
    """

    code: ClassVar[str] = "domain-error"
    status: ClassVar[int] = 400
    title: ClassVar[str] = "Request refused"
    reasons: ClassVar[tuple[str, ...]] = ()
    #: Commit the unit of work even though the request fails (a failed login still counts and is audited).
    keeps_changes: ClassVar[bool] = False

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        assert "reason" not in extra or extra["reason"] in self.reasons, (type(self), extra["reason"])
        self.detail = detail
        self.extra: Mapping[str, Any] = extra


class NotFound(DomainError):
    code = "not-found"
    status = 404
    title = "Not found"


class Conflict(DomainError):
    code = "conflict"
    status = 409
    title = "Conflict"


class InvalidInput(DomainError):
    code = "invalid-input"
    status = 422
    title = "Invalid input"


class Unauthenticated(DomainError):
    code = "not-authenticated"
    status = 401
    title = "Authentication required"


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    title = "Forbidden"


class CsrfFailed(Forbidden):
    code = "csrf-failed"
    title = "CSRF check failed"


class TooManyRequests(DomainError):
    code = "too-many-requests"
    status = 429
    title = "Too many requests"


class BodyTooLarge(DomainError):
    code = "body-too-large"
    status = 413
    title = "Request body too large"


class DatabaseBusy(DomainError):
    """The database could not take the write in time (SQLite's write lock, a PostgreSQL lock timeout,
    deadlock or serialization failure, or no pooled connection free): nothing was written, try again."""

    code = "database-busy"
    status = 503
    title = "Database busy"
    RETRY_AFTER_SECONDS: ClassVar[int] = 1

    def __init__(self, detail: str, **extra: Any) -> None:
        extra.setdefault("retry_after_seconds", self.RETRY_AFTER_SECONDS)
        super().__init__(detail, **extra)


class DatabaseUnavailable(DomainError):
    """The database cannot be reached: it refused the connection, did not answer within the connect or
    statement timeout, dropped the connection, or its file cannot be opened. Nothing was written; the server
    reconnects by itself once the database is back."""

    code = "database-unavailable"
    status = 503
    title = "Database unavailable"
    RETRY_AFTER_SECONDS: ClassVar[int] = 5

    def __init__(self, detail: str, **extra: Any) -> None:
        extra.setdefault("retry_after_seconds", self.RETRY_AFTER_SECONDS)
        super().__init__(detail, **extra)


class NotYours(Forbidden):
    """Another operator's interaction, contact or script run."""

    code = "not-yours"
    title = "Not yours"
