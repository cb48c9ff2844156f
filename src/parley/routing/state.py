"""Live state of contacts and agents inside the engine, and their plain-dict form for storage and restart."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from parley.routing.model import AgentProfile, AgentState, Channel, ContactState, Membership, Presence

OFFERED, CONNECTED, WRAPPING = "offered", "connected", "wrap-up"


@dataclass(slots=True, eq=False)
class Contact:
    id: str
    channel: Channel
    queue_id: str
    priority: int
    seq: int
    arrived_at: float
    line_at: float  # its place in line: arrival, or the time a callback fell due
    queued_at: float  # entered the current queue (escalation and overflow count from here)
    state: ContactState = ContactState.WAITING
    skills: dict[str, int] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    stage: int = 0
    offers: dict[str, int] = field(default_factory=dict)  # agent -> offer number
    offer_expires: float | None = None
    agent_id: str | None = None
    answered_at: float | None = None
    ended_at: float | None = None
    wrap_until: float | None = None
    callback: bool = False
    callback_at: float | None = None
    attempts: int = 0
    result: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # why it was refused, and such

    @property
    def order(self) -> tuple[int, float, int, str]:
        return (-self.priority, self.line_at, self.seq, self.id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel.value,
            "queue_id": self.queue_id,
            "priority": self.priority,
            "seq": self.seq,
            "arrived_at": self.arrived_at,
            "line_at": self.line_at,
            "queued_at": self.queued_at,
            "state": self.state.value,
            "skills": dict(self.skills),
            "data": dict(self.data),
            "stage": self.stage,
            "offers": dict(self.offers),
            "offer_expires": self.offer_expires,
            "agent_id": self.agent_id,
            "answered_at": self.answered_at,
            "ended_at": self.ended_at,
            "wrap_until": self.wrap_until,
            "callback": self.callback,
            "callback_at": self.callback_at,
            "attempts": self.attempts,
            "result": self.result,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Contact:
        values = dict(raw)
        values["channel"] = Channel(values["channel"])
        values["state"] = ContactState(values["state"])
        return cls(**values)


@dataclass(slots=True, eq=False)
class Agent:
    profile: AgentProfile
    seq: int
    presence: Presence = Presence.OFFLINE
    reason: str | None = None
    state: AgentState = AgentState.OFFLINE
    state_since: float = 0.0
    idle_since: float = 0.0
    used: int = 0
    work: dict[str, str] = field(default_factory=dict)  # contact -> offered | connected | wrap-up
    handled_today: int = 0
    handled_day: int = 0
    missed_in_row: int = 0
    paused_until: float = 0.0
    pooled: set[str] = field(default_factory=set)  # queues whose pool holds this agent now (not stored)

    @property
    def id(self) -> str:
        return self.profile.id

    def derived_state(self) -> AgentState:
        if self.presence is Presence.OFFLINE:
            return AgentState.OFFLINE
        if self.work:
            phases = self.work.values()  # a handful at most: no set to build
            if OFFERED in phases:
                return AgentState.OFFERED
            if CONNECTED in phases:
                return AgentState.BUSY
            if WRAPPING in phases:
                return AgentState.WRAP_UP
        return AgentState.NOT_READY if self.presence is Presence.NOT_READY else AgentState.READY

    def as_dict(self) -> dict[str, Any]:
        """What survives a restart; work is rebuilt from the contacts."""
        return {
            "profile": profile_as_dict(self.profile),
            "seq": self.seq,
            "presence": self.presence.value,
            "reason": self.reason,
            "state": self.state.value,
            "state_since": self.state_since,
            "idle_since": self.idle_since,
            "handled_today": self.handled_today,
            "handled_day": self.handled_day,
            "missed_in_row": self.missed_in_row,
            "paused_until": self.paused_until,
        }


def profile_as_dict(profile: AgentProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "name": profile.name,
        "skills": dict(profile.skills),
        "capacity": profile.capacity,
        "memberships": [
            {"queue_id": m.queue_id, "tier": m.tier, "penalty": m.penalty} for m in profile.memberships
        ],
    }


def profile_from_dict(raw: dict[str, Any]) -> AgentProfile:
    return AgentProfile(
        id=raw["id"],
        name=raw.get("name", ""),
        skills=dict(raw.get("skills", {})),
        capacity=int(raw.get("capacity", 100)),
        memberships=tuple(Membership(**m) for m in raw.get("memberships", ())),
    )


class Timers:
    """Due times keyed by (kind, ref); setting a key again replaces it, cancelled ones are skipped lazily.

    Heap items are plain tuples (due, number, kind, ref): they compare fast, and the number both breaks
    ties in the order timers were set and tells a live timer from a replaced or cancelled one."""

    __slots__ = ("_heap", "_live", "_seq")

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, str, str]] = []
        self._live: dict[tuple[str, str], int] = {}
        self._seq = 0

    def __len__(self) -> int:
        return len(self._live)

    def set(self, kind: str, ref: str, due: float) -> None:
        self._seq += 1
        self._live[(kind, ref)] = self._seq
        heapq.heappush(self._heap, (due, self._seq, kind, ref))

    def cancel(self, kind: str, ref: str) -> None:
        self._live.pop((kind, ref), None)

    def cancel_each(self, kinds: tuple[str, ...], ref: str) -> None:
        pop = self._live.pop
        for kind in kinds:
            pop((kind, ref), None)

    def next_due(self) -> float | None:
        heap, live = self._heap, self._live
        while heap and live.get((heap[0][2], heap[0][3])) != heap[0][1]:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def pop_due(self, now: float) -> tuple[str, str] | None:
        due = self.next_due()
        if due is None or due > now:
            return None
        _, _, kind, ref = heapq.heappop(self._heap)
        del self._live[(kind, ref)]
        return kind, ref
