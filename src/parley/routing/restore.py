"""The engine as plain data, and back: what a restart (or a crash) goes through.

`snapshot` writes everything that matters; `restore` rebuilds an engine from it and reconciles what cannot
survive a restart: open offers are dropped and their contacts go back to their own place in line (the agents
become free again), talks keep running under their handle-time limit, wrap-ups end at their time, callbacks
keep their time. Timers that fell due while the engine was down fire at once, in order.
"""

from __future__ import annotations

from typing import Any

from parley.routing.engine import Engine
from parley.routing.estimate import HandleTime
from parley.routing.model import (
    AgentState,
    Channel,
    ClosedBehaviour,
    ContactState,
    Escalation,
    OpeningHours,
    Overflow,
    Presence,
    QueueConfig,
    Strategy,
)
from parley.routing.state import CONNECTED, WRAPPING, Agent, Contact, profile_from_dict
from parley.routing.stats import QueueCounters


def queue_as_dict(queue: QueueConfig) -> dict[str, Any]:
    return {
        "id": queue.id,
        "name": queue.name,
        "request_types": list(queue.request_types),
        "channels": [c.value for c in queue.channels],
        "priority": queue.priority,
        "skills": dict(queue.skills),
        "strategy": queue.strategy.value,
        "sl_fraction": queue.sl_fraction,
        "sl_seconds": queue.sl_seconds,
        "max_size": queue.max_size,
        "overflow": (
            {"after_seconds": queue.overflow.after_seconds, "to_queue": queue.overflow.to_queue}
            if queue.overflow
            else None
        ),
        "hours": (
            {
                "timezone": queue.hours.timezone,
                "week": {str(d): [list(r) for r in v] for d, v in queue.hours.week.items()},
            }
            if queue.hours
            else None
        ),
        "closed_behaviour": queue.closed_behaviour.value,
        "closed_queue": queue.closed_queue,
        "wrap_up_seconds": queue.wrap_up_seconds,
        "offer_timeout_seconds": queue.offer_timeout_seconds,
        "max_handle_seconds": queue.max_handle_seconds,
        "escalations": [
            {"after_seconds": e.after_seconds, "max_tier": e.max_tier, "skills": dict(e.skills)}
            for e in queue.escalations
        ],
        "default_aht_seconds": queue.default_aht_seconds,
        "callback_attempts": queue.callback_attempts,
        "callback_interval_seconds": queue.callback_interval_seconds,
    }


def queue_from_dict(raw: dict[str, Any]) -> QueueConfig:
    values = dict(raw)
    # Rows written before the desk took over the queue's script (#14) still carry it: not routing's.
    values.pop("script", None)
    values["request_types"] = tuple(values.get("request_types", ()))
    values["channels"] = tuple(Channel(c) for c in values.get("channels", ("voice",)))
    values["strategy"] = Strategy(values.get("strategy", Strategy.LONGEST_IDLE))
    values["closed_behaviour"] = ClosedBehaviour(values.get("closed_behaviour", ClosedBehaviour.REFUSE))
    overflow = values.get("overflow")
    values["overflow"] = Overflow(**overflow) if overflow else None
    hours = values.get("hours")
    values["hours"] = (
        OpeningHours(
            hours["timezone"],
            {int(day): tuple((int(a), int(b)) for a, b in ranges) for day, ranges in hours["week"].items()},
        )
        if hours
        else None
    )
    values["escalations"] = tuple(Escalation(**e) for e in values.get("escalations", ()))
    return QueueConfig(**values)


def snapshot(engine: Engine) -> dict[str, Any]:
    return {
        "now": engine.now,
        "seq": engine._seq,
        "offers": engine._offers,
        "queues": [queue_as_dict(q) for q in engine.queues.values()],
        "agents": [a.as_dict() for a in engine.agents.values()],
        "contacts": [c.as_dict() for c in engine.contacts.values()],
        "round_robin": {q: dict(v) for q, v in engine._rr.items()},
        "counters": {q: c.as_dict() for q, c in engine.counters.items()},
        "handle_times": {q: [h.default, h.mean, h.samples] for q, h in engine.handle_times.items()},
    }


def restore(data: dict[str, Any], now: float, **options: Any) -> Engine:
    engine = Engine(**options)
    engine.now = now
    engine._seq = int(data.get("seq", 0))
    engine._offers = int(data.get("offers", 0))
    for raw in data.get("queues", ()):
        engine._install_queue(queue_from_dict(raw))
    for queue_id, ranks in data.get("round_robin", {}).items():
        if queue_id in engine._rr:
            engine._rr[queue_id].update(ranks)
    for queue_id, raw in data.get("counters", {}).items():
        if queue_id in engine.counters:
            engine.counters[queue_id] = QueueCounters(**raw)
    for queue_id, (default, mean, samples) in data.get("handle_times", {}).items():
        if queue_id in engine.handle_times:
            engine.handle_times[queue_id] = HandleTime(default, mean, samples)
    for raw in data.get("agents", ()):
        _restore_agent(engine, raw)
    for raw in sorted(data.get("contacts", ()), key=lambda c: (-c["priority"], c["line_at"], c["seq"])):
        _restore_contact(engine, Contact.from_dict(raw))
    for agent in engine.agents.values():
        if engine._available(agent):
            # Free agents wait in the pools first, so that the contacts take them in line order and by
            # the queue's strategy (and a ring-all contact rings them all), not by the agents' order.
            engine._pool(agent, agent.profile.capacity - agent.used)
        engine._mark_agent(agent)
    engine.advance(now)
    engine._settle()
    return engine


def _restore_agent(engine: Engine, raw: dict[str, Any]) -> None:
    profile = profile_from_dict(raw["profile"])
    agent = Agent(
        profile,
        int(raw["seq"]),
        presence=Presence(raw["presence"]),
        reason=raw.get("reason"),
        state=AgentState(raw.get("state", raw["presence"])),
        state_since=float(raw.get("state_since", engine.now)),
        idle_since=float(raw.get("idle_since", engine.now)),
        handled_today=int(raw.get("handled_today", 0)),
        handled_day=int(raw.get("handled_day", 0)),
        missed_in_row=int(raw.get("missed_in_row", 0)),
        paused_until=float(raw.get("paused_until", 0.0)),
    )
    engine.agents[agent.id] = agent
    if agent.paused_until > engine.now:  # a pause after a declined or missed offer goes on
        engine.timers.set("pause", agent.id, agent.paused_until)
    for membership in profile.memberships:
        if membership.queue_id in engine.members:
            engine.members[membership.queue_id][agent.id] = (membership.tier, membership.penalty)


def _restore_contact(engine: Engine, contact: Contact) -> None:
    if contact.queue_id not in engine.queues:
        return
    queue = engine.queues[contact.queue_id]
    engine.contacts[contact.id] = contact
    units = engine.units[contact.channel]
    agent = engine.agents.get(contact.agent_id or "")
    if contact.state in (ContactState.WAITING, ContactState.OFFERED):
        contact.offers.clear()
        contact.offer_expires = None
        contact.state = ContactState.WAITING
        engine.lines[queue.id].add(engine._bucket_of(contact), contact.order)
        engine._arm_waiting_timers(contact, queue)
        engine._pending_contacts.add(contact.id)
        engine._mark_contact(contact)
    elif contact.state is ContactState.CONNECTED and agent is not None:
        agent.work[contact.id] = CONNECTED
        agent.used += units
        engine.timers.set(
            "handle", contact.id, (contact.answered_at or engine.now) + queue.max_handle_seconds
        )
    elif contact.state is ContactState.WRAP_UP and agent is not None:
        agent.work[contact.id] = WRAPPING
        agent.used += units
        engine.timers.set("wrap", contact.id, contact.wrap_until or engine.now)
    elif contact.state is ContactState.SCHEDULED:
        engine.timers.set("callback", contact.id, contact.callback_at or engine.now)
    else:
        # Connected to an agent who no longer exists: nobody can finish it; end it and say so.
        engine._close(contact, ContactState.COMPLETED, "completed", reason="agent removed during restart")
