"""Ended sign-ins reach every process: this one's WebSockets close at once and, when Redis is configured,
every other app server's close too and forget the sign-ins they had resolved.

Without Redis only this process hears of it: another process (a second app server, the CLI) notices an ended
sign-in over HTTP within `auth_cache_seconds`, and never closes a WebSocket it did not open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import Callable
from typing import Any

import structlog
from redis.asyncio import Redis

from parley.platform.realtime import Hub, SignInsEnded

CHANNEL = "parley:sign-ins-ended"
log = structlog.get_logger(__name__)


class SignInEnds:
    def __init__(self, hub: Hub | None, forget: Callable[[], None], redis_url: str | None = None) -> None:
        self.hub = hub
        self.forget = forget  # forget the sign-ins this process resolved (they are trusted for a while)
        self.redis_url = redis_url
        self.origin = uuid.uuid4().hex  # a process ignores what it published itself
        self._redis: Redis | None = None
        self._listener: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()
        self._sending: set[asyncio.Task[None]] = set()

    def publish(self, ended: SignInsEnded) -> None:
        """Close this process's connections now; tell the others through Redis, if configured."""
        if self.hub is not None:
            self.hub.end_sign_ins(ended)
        if self.redis_url:
            message = json.dumps({"origin": self.origin, **ended.as_dict()})
            task = asyncio.get_running_loop().create_task(self._send(message))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    async def flush(self) -> None:
        """Wait until what was published has been sent (the CLI, before it exits)."""
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    async def start(self) -> None:
        """Listen for other processes' ended sign-ins (idempotent; nothing to do without Redis)."""
        if not self.redis_url or self.hub is None:
            return
        if self._listener is None or self._listener.done():
            self._subscribed.clear()
            self._listener = asyncio.get_running_loop().create_task(self._listen())
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2):
                await self._subscribed.wait()

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        await self.flush()
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    def _client(self) -> Redis:
        if self._redis is None:
            assert self.redis_url is not None
            self._redis = Redis.from_url(self.redis_url, socket_connect_timeout=2, socket_timeout=2)
        return self._redis

    async def _send(self, message: str) -> None:
        try:
            await self._client().publish(CHANNEL, message)
        except Exception as error:  # Redis away: this process has closed its own already
            log.warning("ended sign-ins not published", error=type(error).__name__)

    async def _listen(self) -> None:
        while True:
            try:
                assert self.redis_url is not None
                client = Redis.from_url(self.redis_url, socket_connect_timeout=2)
                async with client, client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self._subscribed.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._received(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis away: try again in a moment
                log.warning("ended sign-ins: listening failed", error=type(error).__name__)
                await asyncio.sleep(1)

    def _received(self, data: bytes | str) -> None:
        try:
            message: dict[str, Any] = json.loads(data)
            if message.get("origin") == self.origin:
                return
            ended = SignInsEnded.from_dict(message)
        except (ValueError, TypeError):
            log.warning("ended sign-ins: unreadable message")
            return
        self.forget()
        if self.hub is not None:
            self.hub.end_sign_ins(ended)
