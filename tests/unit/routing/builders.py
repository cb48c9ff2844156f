"""Builders for routing tests: queues, agents, contacts, an engine with everyone ready, event filters."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from parley.routing.engine import Engine
from parley.routing.model import (
    AgentProfile,
    Arrival,
    Channel,
    Membership,
    Presence,
    QueueConfig,
    RoutingEvent,
)

#: A Monday, 00:00 UTC: tests start here so weekdays and opening hours are easy to reason about.
T0 = datetime(2026, 1, 5, tzinfo=UTC).timestamp()
HOUR = 3600.0


def at(hour: float, day: int = 0) -> float:
    """Seconds of `hour` o'clock (UTC) on day `day` after the Monday T0."""
    return T0 + day * 24 * HOUR + hour * HOUR


def queue(queue_id: str = "q1", **overrides: Any) -> QueueConfig:
    overrides.setdefault("channels", (Channel.VOICE, Channel.CHAT, Channel.CALLBACK))
    return QueueConfig(id=queue_id, name=queue_id.upper(), **overrides)


def member(queue_id: str, tier: int = 1, penalty: int = 0) -> Membership:
    return Membership(queue_id, tier=tier, penalty=penalty)


def agent(
    agent_id: str, *queues: str | Membership, skills: dict[str, int] | None = None, capacity: int = 100
) -> AgentProfile:
    memberships = tuple(q if isinstance(q, Membership) else Membership(q) for q in queues or ("q1",))
    return AgentProfile(agent_id, agent_id.upper(), dict(skills or {}), memberships, capacity)


def contact(
    contact_id: str,
    queue_id: str = "q1",
    channel: Channel = Channel.VOICE,
    priority: int = 0,
    skills: dict[str, int] | None = None,
    data: dict[str, Any] | None = None,
) -> Arrival:
    return Arrival(contact_id, channel, queue_id, priority, dict(skills or {}), dict(data or {}))


def build(
    queues: Iterable[QueueConfig],
    agents: Iterable[AgentProfile] = (),
    *,
    ready: bool = True,
    now: float = T0,
    **options: Any,
) -> Engine:
    """An engine with these queues and agents (all ready unless told), its start-up events drained."""
    engine = Engine(**options)
    for config in queues:
        engine.set_queue(config, now)
    for profile in agents:
        engine.set_agent(profile, now)
        if ready:
            engine.set_presence(profile.id, Presence.READY, now)
    engine.drain()
    return engine


def events(engine: Engine, *kinds: str) -> list[RoutingEvent]:
    """Drain the engine; keep the events of these kinds (all when none are named)."""
    drained = engine.drain().events
    return [e for e in drained if not kinds or e.kind in kinds]


def pairs(found: Iterable[RoutingEvent], kind: str = "offered") -> list[tuple[str | None, str | None]]:
    """(contact, agent) of each event of a kind, in order."""
    return [(e.contact_id, e.agent_id) for e in found if e.kind == kind]


def offered_to(engine: Engine, contact_id: str) -> list[str]:
    return sorted(engine.contacts[contact_id].offers)
