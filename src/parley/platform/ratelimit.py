"""A sliding-window counter per key, in memory: throttles login attempts from one address."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from parley.platform.clock import Clock


class SlidingWindowLimiter:
    def __init__(self, limit: int, window: timedelta, clock: Clock, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._hits: dict[str, deque[datetime]] = {}

    def _recent(self, key: str) -> deque[datetime]:
        hits = self._hits.setdefault(key, deque())
        cutoff = self.clock() - self.window
        while hits and hits[0] <= cutoff:
            hits.popleft()
        return hits

    def blocked(self, key: str) -> bool:
        return len(self._recent(key)) >= self.limit

    def hit(self, key: str) -> None:
        if len(self._hits) >= self.max_keys:
            # Bounded memory under a flood of distinct keys: forget the oldest half.
            for stale in list(self._hits)[: self.max_keys // 2]:
                del self._hits[stale]
        self._recent(key).append(self.clock())
