"""The event bus between slices: typed events, published by the slice that owns them, followed by others.

Events are plain frozen dataclasses (or other classes) declared by their publisher's slice in its
`events.py`; a subscriber names the class it follows. Two ways to follow:

- `within(EventType, handler)`: the handler runs inside the publisher's transaction, with its session, before
  the commit (the desk keeps interactions in step with routing this way: they never disagree). A handler that
  raises rolls the publisher's write back. These stay in the process that wrote.
- `on(EventType, handler)`: the handler runs after the commit (fan-out to WebSockets, channels telling their
  customers, reports). A handler that raises is logged and does not disturb the publisher or other handlers;
  an async handler runs as its own task. This is the half that a Redis-backed bus will carry between servers
  (#22), which is why its events must be plain data.

Handlers run in the order they subscribed. Publishing an event no one follows costs a dictionary lookup.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger("parley.events")

E = TypeVar("E")
Within = Callable[[AsyncSession, E], Awaitable[None]]
After = Callable[[E], Awaitable[None] | None]


class EventBus:
    """The in-process bus (one per app)."""

    def __init__(self) -> None:
        self._within: dict[type[Any], list[Within[Any]]] = {}
        self._after: dict[type[Any], list[After[Any]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------------ subscribing

    def within(self, event_type: type[E], handler: Within[E]) -> None:
        """Run `handler(session, event)` inside the publisher's transaction for every `event_type` event."""
        self._within.setdefault(event_type, []).append(handler)

    def on(self, event_type: type[E], handler: After[E]) -> None:
        """Run `handler(event)` after the publisher committed, for every `event_type` event."""
        self._after.setdefault(event_type, []).append(handler)

    def follows(self, event_type: type[Any]) -> bool:
        """Whether anyone follows `event_type` (a publisher may skip building events nobody reads)."""
        return bool(self._within.get(event_type) or self._after.get(event_type))

    # ------------------------------------------------------------------ publishing

    async def publish_within(self, session: AsyncSession, event: object) -> None:
        """For the publisher, inside its transaction and before its commit; a handler's error propagates."""
        for handler in self._within.get(type(event), ()):
            await handler(session, event)

    def publish(self, event: object) -> None:
        """For the publisher, after its commit: never raises, never waits."""
        for handler in self._after.get(type(event), ()):
            try:
                result = handler(event)
            except Exception:
                log.exception("event handler %s failed on %s", _name(handler), type(event).__name__)
                continue
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(self._guarded(handler, event, result))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _guarded(self, handler: After[Any], event: object, result: Awaitable[None]) -> None:
        try:
            await result
        except Exception:
            log.exception("event handler %s failed on %s", _name(handler), type(event).__name__)

    async def drain(self) -> None:
        """Wait for the async handlers started so far (tests, and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def _name(handler: object) -> str:
    return getattr(handler, "__qualname__", repr(handler))


__all__ = ["After", "EventBus", "Within"]
