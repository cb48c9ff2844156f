"""Time comes in as an argument: a Clock is any callable that returns an aware UTC datetime.

Timers (how long something waits, when a cache entry runs out) come in the same way: `Timers` is the seam,
`LoopTimers` the real one (the event loop's `call_later`, `time.monotonic`) and `ManualTimers` one a test
moves forward with `advance`, so no test races real time."""

from __future__ import annotations

import heapq
import itertools
import time
from asyncio import Event, get_running_loop
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class TimerHandle(Protocol):
    def cancel(self) -> None: ...


class Timers(Protocol):
    """Monotonic seconds, and callbacks run after a delay (on the running event loop's thread)."""

    def monotonic(self) -> float: ...

    def call_later(self, delay: float, callback: Callable[..., object], *args: object) -> TimerHandle: ...


class LoopTimers:
    """The real timers: the running event loop's `call_later` and `time.monotonic`."""

    def monotonic(self) -> float:
        return time.monotonic()

    def call_later(self, delay: float, callback: Callable[..., object], *args: object) -> TimerHandle:
        return get_running_loop().call_later(delay, callback, *args)


LOOP_TIMERS = LoopTimers()


class _ManualHandle:
    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualTimers:
    """Timers that move only when told to: `advance(seconds)` runs what falls due, in order, synchronously."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self._due: list[tuple[float, int, _ManualHandle, Callable[..., object], tuple[object, ...]]] = []
        self._order = itertools.count()
        self._scheduled: Event | None = None

    def monotonic(self) -> float:
        return self.now

    def call_later(self, delay: float, callback: Callable[..., object], *args: object) -> TimerHandle:
        handle = _ManualHandle()
        heapq.heappush(self._due, (self.now + max(0.0, delay), next(self._order), handle, callback, args))
        if self._scheduled is not None:
            self._scheduled.set()
        return handle

    def due_within(self, seconds: float) -> int:
        """How many callbacks (not cancelled) fall due within `seconds` from now."""
        return sum(
            1 for at, _n, handle, _cb, _args in self._due if not handle.cancelled and at <= self.now + seconds
        )

    async def scheduled(self, within: float) -> None:
        """Wait until the code under test has scheduled a callback due within `within` seconds from now."""
        while not self.due_within(within):
            self._scheduled = Event()
            await self._scheduled.wait()

    def advance(self, seconds: float) -> int:
        """Move time on by `seconds`, running every callback that falls due (in due order); how many ran."""
        until = self.now + seconds
        ran = 0
        while self._due and self._due[0][0] <= until:
            at, _n, handle, callback, args = heapq.heappop(self._due)
            self.now = max(self.now, at)
            if not handle.cancelled:
                callback(*args)
                ran += 1
        self.now = until
        return ran
