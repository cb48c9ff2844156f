"""The WebSocket hub: who is connected, and fan-out of small JSON messages to users, roles and contacts.

Publishing never waits on a socket: each connection has a bounded outbox drained by its own task, and a
connection that falls too far behind is closed (its client reconnects and reloads state), so one slow
browser cannot hold up routing. A sign-in that ends (sign-out, a disabled user, a new role or password, a
revoked API token) closes the connections opened with it at once, with a close code the client understands.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from parley.platform.clock import LOOP_TIMERS, Timers
from parley.platform.identity import Role

OUTBOX_SIZE = 1000
Send = Callable[[str], Awaitable[None]]

#: Close codes of /api/events. The client signs in again after SIGN_IN_ENDED and ACCOUNT_DISABLED, and
#: reconnects (after a pause) after the others.
TOO_SLOW = 1013
SIGN_IN_ENDED = 4401
ACCOUNT_DISABLED = 4403
ROLE_CHANGED = 4409
#: Ended sign-ins are remembered this long, for a connection whose sign-in was read before it ended but
#: that joins the hub after (its socket was being accepted meanwhile).
RECENT_ENDS_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class SignInsEnded:
    """Sign-ins of one user that no longer hold: one session, one API token, or all sessions (but
    `keep_session`) and/or all API tokens of the user. Plain data, so it also travels between processes."""

    user_id: int
    session_hash: str | None = None
    token_id: int | None = None
    sessions: bool = False
    tokens: bool = False
    keep_session: str | None = None
    code: int = SIGN_IN_ENDED
    reason: str = "sign-in-ended"

    def ends(self, user_id: int | None, session_hash: str | None, token_id: int | None) -> bool:
        """Whether a connection opened by `user_id` with that session or token is ended by this."""
        if user_id != self.user_id:
            return False
        if session_hash is not None:
            return session_hash == self.session_hash or (self.sessions and session_hash != self.keep_session)
        if token_id is not None:
            return token_id == self.token_id or self.tokens
        return False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignInsEnded:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(eq=False)
class Connection:
    send: Send
    user_id: int | None = None
    role: Role | None = None
    contact_id: str | None = None
    #: The sign-in the connection was opened with: a session (its hash) or an API token (its id).
    session_hash: str | None = None
    token_id: int | None = None
    outbox: asyncio.Queue[str | None] = field(default_factory=lambda: asyncio.Queue(OUTBOX_SIZE))
    overflowed: bool = False
    #: Set when the server ends the connection: the WebSocket close code and reason to send.
    close_code: int | None = None
    close_reason: str = ""
    #: When its sign-in started being read (monotonic seconds): what ended after may not have been seen.
    opened_at: float = field(default_factory=time.monotonic)

    def push(self, text: str) -> None:
        if self.close_code is not None:
            return
        try:
            self.outbox.put_nowait(text)
        except asyncio.QueueFull:
            self.overflowed = True
            self.close(TOO_SLOW, "too slow; reconnect")

    def close(self, code: int | None = None, reason: str = "") -> None:
        if code is not None and self.close_code is None:
            self.close_code, self.close_reason = code, reason
        with contextlib.suppress(asyncio.QueueFull):
            self.outbox.put_nowait(None)

    def end(self, code: int, reason: str) -> None:
        """Close at once: what is still queued is not sent (it was meant for a sign-in that has ended)."""
        self.close_code, self.close_reason = code, reason
        while not self.outbox.empty():
            self.outbox.get_nowait()
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
    def __init__(self, timers: Timers = LOOP_TIMERS) -> None:
        #: Whose monotonic seconds time recent ends, as connections' `opened_at` (a test's `ManualTimers`).
        self.timers = timers
        self._by_user: dict[int, set[Connection]] = {}
        self._by_contact: dict[str, set[Connection]] = {}
        self._supervisors: set[Connection] = set()
        self._recent_ends: deque[tuple[float, SignInsEnded]] = deque(maxlen=10_000)

    def add(self, connection: Connection) -> None:
        if connection.user_id is not None:
            for ended in self._recent_ends_since(connection.opened_at):
                if ended.ends(connection.user_id, connection.session_hash, connection.token_id):
                    connection.end(ended.code, ended.reason)
                    return
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

    def end_sign_ins(self, ended: SignInsEnded) -> int:
        """Close the connections opened with sign-ins that have ended; returns how many."""
        self._recent_ends.append((self.timers.monotonic(), ended))
        closing = [
            c
            for c in self._by_user.get(ended.user_id, ())
            if ended.ends(c.user_id, c.session_hash, c.token_id)
        ]
        for connection in closing:
            self.remove(connection)
            connection.end(ended.code, ended.reason)
        return len(closing)

    def _recent_ends_since(self, since: float) -> list[SignInsEnded]:
        ends = self._recent_ends
        while ends and ends[0][0] < self.timers.monotonic() - RECENT_ENDS_SECONDS:
            ends.popleft()
        return [ended for at, ended in ends if at >= since]

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
