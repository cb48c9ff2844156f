"""Presence: an agent left Ready whose desk connections all closed (browser closed, network gone) is set Not
ready with reason "disconnected" after a grace time, so offers stop ringing on a closed browser. A page
reload reconnects well within it; an agent in a call or wrap-up is left alone."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from parley.platform.clock import TimerHandle, Timers
from parley.platform.logging import get_logger
from parley.platform.realtime import Hub
from parley.routing.engine import Engine
from parley.routing.model import Presence

log = get_logger("parley.routing")


class PresenceGuard:
    """Part of the routing service (`Router`), which provides `execute` and `hub`."""

    hub: Hub
    #: Seconds an agent's desk may stay disconnected before a Ready agent is set Not ready (0: never).
    presence_grace: float
    #: Where the grace time runs (the event loop's timers; a test's `ManualTimers`).
    timers: Timers
    _presence_checks: dict[int, TimerHandle]
    _presence_tasks: set[asyncio.Task[None]]

    async def execute(self, command: Callable[[Engine, float], Any], extra: Any = None) -> Any:
        raise NotImplementedError

    def disconnected(self, user_id: int) -> None:
        """The user's last live connection closed: unless they come back within the grace time, a Ready
        agent with nothing in hand is set Not ready ("disconnected"), so offers stop ringing on a closed
        browser. An agent in a call or wrap-up is left alone (the call goes on without the page)."""
        if self.presence_grace <= 0:
            return
        self.connected(user_id)
        self._presence_checks[user_id] = self.timers.call_later(
            self.presence_grace, self._presence_due, user_id
        )

    def connected(self, user_id: int) -> None:
        pending = self._presence_checks.pop(user_id, None)
        if pending is not None:
            pending.cancel()

    async def presence_checked(self) -> None:
        """Wait for the presence checks that fell due to finish (on closing; after a test moved timers)."""
        for task in list(self._presence_tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def _presence_due(self, user_id: int) -> None:
        self._presence_checks.pop(user_id, None)
        if self.hub.is_connected(user_id):
            return
        task = asyncio.create_task(self._not_ready_if_idle(user_id), name=f"presence-{user_id}")
        self._presence_tasks.add(task)
        task.add_done_callback(self._presence_tasks.discard)

    async def _not_ready_if_idle(self, user_id: int) -> None:
        def command(engine: Engine, now: float) -> None:
            agent = engine.agents.get(str(user_id))
            if agent is not None and agent.presence is Presence.READY and not agent.work:
                engine.set_presence(agent.id, Presence.NOT_READY, now, "disconnected")

        try:
            await self.execute(command)
        except Exception:  # a closing server or a busy database: the agent simply stays as they were
            log.warning("presence check failed", user_id=user_id, exc_info=True)
