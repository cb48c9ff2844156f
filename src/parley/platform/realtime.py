"""The WebSocket hub: who is connected, and fan-out of small JSON messages to users, roles and contacts.

Publishing never waits on a socket: each connection has a bounded outbox drained by its own task, and a
connection that falls too far behind is closed (its client reconnects and reloads state), so one slow
browser cannot hold up routing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from parley.platform.identity import Role

OUTBOX_SIZE = 1000
Send = Callable[[str], Awaitable[None]]


@dataclass(eq=False)
class Connection:
    send: Send
    user_id: int | None = None
    role: Role | None = None
    contact_id: str | None = None
    outbox: asyncio.Queue[str | None] = field(default_factory=lambda: asyncio.Queue(OUTBOX_SIZE))
    overflowed: bool = False

    def push(self, text: str) -> None:
        try:
            self.outbox.put_nowait(text)
        except asyncio.QueueFull:
            self.overflowed = True
            self.close()

    def close(self) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self.outbox.put_nowait(None)

    async def pump(self) -> None:
        """Send queued messages until closed; returns when the connection should end."""
        while True:
            text = await self.outbox.get()
            if text is None:
                return
            await self.send(text)


def _discard(index: dict[Any, set[Connection]], key: Any, connection: Connection) -> None:
    found = index.get(key)
    if found is not None:
        found.discard(connection)
        if not found:
            del index[key]


class Hub:
    def __init__(self) -> None:
        self._by_user: dict[int, set[Connection]] = {}
        self._by_contact: dict[str, set[Connection]] = {}
        self._supervisors: set[Connection] = set()

    def add(self, connection: Connection) -> None:
        if connection.user_id is not None:
            self._by_user.setdefault(connection.user_id, set()).add(connection)
            if connection.role is not None and connection.role.at_least(Role.SUPERVISOR):
                self._supervisors.add(connection)
        if connection.contact_id is not None:
            self._by_contact.setdefault(connection.contact_id, set()).add(connection)

    def remove(self, connection: Connection) -> None:
        if connection.user_id is not None:
            _discard(self._by_user, connection.user_id, connection)
        if connection.contact_id is not None:
            _discard(self._by_contact, connection.contact_id, connection)
        self._supervisors.discard(connection)

    @property
    def connections(self) -> int:
        return sum(len(c) for c in self._by_user.values()) + sum(len(c) for c in self._by_contact.values())

    def watched_contacts(self) -> list[str]:
        return list(self._by_contact)

    def is_connected(self, user_id: int) -> bool:
        return bool(self._by_user.get(user_id))

    def has_supervisors(self) -> bool:
        return bool(self._supervisors)

    def to_user(self, user_id: int, message: dict[str, Any]) -> None:
        self._send(self._by_user.get(user_id, ()), message)

    def to_supervisors(self, message: dict[str, Any]) -> None:
        self._send(self._supervisors, message)

    def to_contact(self, contact_id: str, message: dict[str, Any]) -> None:
        self._send(self._by_contact.get(contact_id, ()), message)

    def close_contact(self, contact_id: str) -> None:
        for connection in list(self._by_contact.get(contact_id, ())):
            connection.close()

    @staticmethod
    def _send(connections: Any, message: dict[str, Any]) -> None:
        if not connections:
            return
        text = json.dumps(message, separators=(",", ":"), default=str)
        for connection in list(connections):
            connection.push(text)
