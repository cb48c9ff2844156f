"""Sliding-window counters per key: how many times something happened to a key within a window.

`MemoryCounters` keeps them in this process; `RedisCounters` in Redis (one sorted set per key, each change one
atomic Lua script), so that several app servers share them. Sign-in limits (accounts/limits.py) count on
either. Timestamps come from the app's clock, so the windows are the same on every node within clock skew.
"""

from __future__ import annotations

import math
import uuid
from collections import deque
from datetime import datetime, timedelta
from typing import Any, Protocol

import structlog

from parley.platform.clock import Clock

log = structlog.get_logger(__name__)

#: Hits remembered per key at most: a limit is never above this, so counting further is useless.
MAX_HITS_PER_KEY = 1_000


class Counters(Protocol):
    async def add(self, key: str, window: timedelta) -> int:
        """Count one hit on `key` now; the number of hits within `window`, this one included."""
        ...

    async def count(self, key: str, window: timedelta) -> int:
        """Hits on `key` within `window`."""
        ...

    async def wait(self, key: str, window: timedelta, limit: int) -> float | None:
        """None when `key` has fewer than `limit` hits within `window`; else the seconds until it will."""
        ...

    async def clear(self, key: str) -> None: ...

    async def close(self) -> None: ...


class MemoryCounters:
    def __init__(self, clock: Clock, max_keys: int = 100_000) -> None:
        self.clock = clock
        self.max_keys = max_keys
        self._hits: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, window: timedelta) -> deque[datetime]:
        hits = self._hits.get(key)
        if hits is None:
            return deque()
        cutoff = self.clock() - window
        while hits and hits[0] <= cutoff:
            hits.popleft()
        if not hits:
            del self._hits[key]
        return hits

    async def add(self, key: str, window: timedelta) -> int:
        hits = self._recent(key, window)
        if key not in self._hits:
            if len(self._hits) >= self.max_keys:
                # Bounded memory under a flood of distinct keys: forget the oldest half.
                for stale in list(self._hits)[: self.max_keys // 2]:
                    del self._hits[stale]
            hits = self._hits[key] = deque(maxlen=MAX_HITS_PER_KEY)
        hits.append(self.clock())
        return len(hits)

    async def count(self, key: str, window: timedelta) -> int:
        return len(self._recent(key, window))

    async def wait(self, key: str, window: timedelta, limit: int) -> float | None:
        hits = self._recent(key, window)
        if len(hits) < limit:
            return None
        freed_at = hits[len(hits) - limit] + window
        return max((freed_at - self.clock()).total_seconds(), 0.001)

    async def clear(self, key: str) -> None:
        self._hits.pop(key, None)

    async def close(self) -> None:
        self._hits.clear()


# Each script first drops the hits older than the window (scores are milliseconds of the app's clock).
_ADD = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[4]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])
"""
_WAIT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local n = redis.call('ZCARD', KEYS[1])
local limit = tonumber(ARGV[3])
if n < limit then return -1 end
local hit = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
return tonumber(hit[2]) + tonumber(ARGV[2]) - tonumber(ARGV[1])
"""


class RedisCounters:
    """The same counters in Redis. When Redis cannot be reached the counters of this process answer
    instead (logged), so sign-in goes on with per-node limits rather than failing."""

    def __init__(self, url: str, clock: Clock, prefix: str = "parley:limit:") -> None:
        from redis.asyncio import Redis  # imported lazily: Redis is optional

        self.clock = clock
        self.prefix = prefix
        self.client: Any = Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._add = self.client.register_script(_ADD)
        self._wait = self.client.register_script(_WAIT)
        self.fallback = MemoryCounters(clock)

    def _now_ms(self) -> int:
        return math.floor(self.clock().timestamp() * 1000)

    @staticmethod
    def _ms(window: timedelta) -> int:
        return max(1, math.ceil(window.total_seconds() * 1000))

    def _failed(self, error: Exception) -> None:
        log.warning("redis unavailable for rate limits; counting in this process", error=type(error).__name__)

    async def add(self, key: str, window: timedelta) -> int:
        from redis.exceptions import RedisError

        now = self._now_ms()
        try:
            found = await self._add(
                keys=[self.prefix + key],
                args=[now, self._ms(window), f"{now}:{uuid.uuid4().hex[:12]}", MAX_HITS_PER_KEY],
            )
        except (RedisError, OSError) as error:
            self._failed(error)
            return await self.fallback.add(key, window)
        return int(found)

    async def count(self, key: str, window: timedelta) -> int:
        from redis.exceptions import RedisError

        try:
            found = await self.client.zcount(
                self.prefix + key, f"({self._now_ms() - self._ms(window)}", "+inf"
            )
        except (RedisError, OSError) as error:
            self._failed(error)
            return await self.fallback.count(key, window)
        return int(found)

    async def wait(self, key: str, window: timedelta, limit: int) -> float | None:
        from redis.exceptions import RedisError

        try:
            found = int(
                await self._wait(keys=[self.prefix + key], args=[self._now_ms(), self._ms(window), limit])
            )
        except (RedisError, OSError) as error:
            self._failed(error)
            return await self.fallback.wait(key, window, limit)
        return None if found < 0 else max(found / 1000, 0.001)

    async def clear(self, key: str) -> None:
        from redis.exceptions import RedisError

        try:
            await self.client.delete(self.prefix + key)
        except (RedisError, OSError) as error:
            self._failed(error)
        await self.fallback.clear(key)

    async def close(self) -> None:
        await self.client.aclose()


def counters_for(redis_url: str | None, clock: Clock) -> Counters:
    """Shared through Redis when it is configured, in this process otherwise."""
    return RedisCounters(redis_url, clock) if redis_url else MemoryCounters(clock)
