"""How services reach endpoints: a `Provided[T]` is a typed slot that `app.py` fills and endpoints depend on.

Each slice declares its slots once, next to its service, with the `Annotated` alias endpoints use:

    router = Provided[Router]("router")
    RouterDep = Annotated[Router, Depends(router)]

`create_app` fills each slot with `provide(app, router, the_router)`. This module is the only reader of
`app.state` outside `app.py` (the architecture test holds it to that), so nothing below an endpoint takes a
`Request` to look a service up, and a test app can provide a fake in the same way.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

from starlette.requests import HTTPConnection

T = TypeVar("T")

_MISSING = object()


class NotProvided(RuntimeError):
    """A slot was read that `app.py` never filled: a wiring mistake, found by the first request."""


class Provided(Generic[T]):
    """A service of type T provided by the app; call it with the connection (FastAPI does, as a dependency).

    It takes an `HTTPConnection`, so the same slot serves HTTP endpoints and WebSocket endpoints. It is a
    coroutine only so that FastAPI calls it on the event loop: a plain function dependency would be sent to
    the thread pool, a hop that cost about 0.2 ms per slot per request. Code that holds a connection rather
    than running as a dependency reads `slot.of(connection.app)`."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    async def __call__(self, connection: HTTPConnection) -> T:
        return self.of(connection.app)

    def of(self, app: Any) -> T:
        """The value this slot holds in `app` (for wiring code and tests that hold the app, not a request)."""
        value = getattr(app.state, self.name, _MISSING)
        if value is _MISSING:
            raise NotProvided(f"the app provides no {self.name!r}; app.py must provide it")
        return cast(T, value)

    def __repr__(self) -> str:
        return f"Provided({self.name!r})"


def provide(app: Any, slot: Provided[T], value: T) -> T:
    """Fill `slot` in `app` with `value`: it is `app.state.<name>` (which tests read too)."""
    setattr(app.state, slot.name, value)
    return value


__all__ = ["NotProvided", "Provided", "provide"]
