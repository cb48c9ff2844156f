"""Queries of the routing slice: the engine's state in and out of the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.routing.engine import Drained
from parley.routing.hours import LocalDays
from parley.routing.model import TERMINAL, ContactState
from parley.routing.stats import QueueCounters
from parley.routing.tables import AgentRow, ContactEventRow, ContactRow, QueueRow, SkillRow


def when(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


ACTIVE = [s.value for s in ContactState if s not in TERMINAL]


async def load_snapshot(db: AsyncSession, now: datetime, timezone: str = "UTC") -> dict[str, Any]:
    """What the engine needs to restart: queues, agents and every contact not yet finished."""
    queues = (await db.scalars(select(QueueRow).order_by(QueueRow.created_at, QueueRow.id))).all()
    agents = (await db.scalars(select(AgentRow).order_by(AgentRow.user_id))).all()
    contacts = (await db.scalars(select(ContactRow).where(ContactRow.state.in_(ACTIVE)))).all()
    seq = max((c.engine.get("seq", 0) for c in contacts), default=0)
    seq = max([seq, *(a.engine.get("seq", 0) for a in agents)])
    return {
        "seq": seq + 1,
        "queues": [q.config for q in queues],
        "agents": [a.engine for a in agents],
        "contacts": [c.engine for c in contacts],
        "counters": await _todays_counters(
            db, {q.id: float(q.config.get("sl_seconds", 20)) for q in queues}, now, LocalDays(timezone)
        ),
    }


async def _todays_counters(
    db: AsyncSession, targets: dict[str, float], now: datetime, days: LocalDays
) -> dict[str, Any]:
    """Today's statistics (the center's local day) rebuilt from the event log: a restart keeps them."""
    midnight = days.midnight(now.timestamp())
    day = days.day(now.timestamp())
    counters = {queue_id: QueueCounters(day=day) for queue_id in targets}
    query = select(ContactEventRow.kind, ContactEventRow.queue_id, ContactEventRow.data).where(
        ContactEventRow.at >= midnight, ContactEventRow.kind.in_(COUNTED)
    )
    for kind, queue_id, data in await db.execute(query):
        found = counters.get(queue_id or "")
        if found is not None:
            count_event(found, kind, data or {}, targets[queue_id])
    return {queue_id: c.as_dict() for queue_id, c in counters.items()}


COUNTED = ("entered", "accepted", "abandoned", "refused", "overflowed", "completed", "callback-scheduled")


def count_event(counters: QueueCounters, kind: str, data: dict[str, Any], target: float) -> None:
    if kind == "entered" or (kind == "callback-scheduled" and data.get("why") == "closed"):
        counters.entered += 1
    elif kind == "accepted":
        wait = float(data.get("wait", 0.0))
        counters.answered += 1
        counters.answer_wait_total += wait
        counters.answered_in_target += wait <= target
    elif kind == "abandoned":
        counters.abandoned += 1
        counters.abandoned_in_target += float(data.get("waited", 0.0)) <= target
    elif kind == "refused":
        counters.refused += 1
    elif kind == "overflowed":
        counters.overflowed += 1
    elif kind == "completed":
        counters.completed += 1


async def write(
    db: AsyncSession,
    drained: Drained,
    changed: dict[str, dict[str, Any]],
    agents: dict[str, dict[str, Any]],
    now: datetime,
) -> None:
    """Write exactly what changed: contact rows (`changed`, as they were then), agent rows, the new events."""
    if changed:
        rows = {r.id: r for r in await db.scalars(select(ContactRow).where(ContactRow.id.in_(list(changed))))}
        for contact_id, payload in changed.items():
            row = rows.get(contact_id)
            if row is None:
                continue  # created by the caller in this transaction (see Router.add_contact)
            apply_contact(row, payload, now)
    if agents:
        agent_rows = {
            r.user_id: r
            for r in await db.scalars(select(AgentRow).where(AgentRow.user_id.in_([int(a) for a in agents])))
        }
        for agent_id, payload in agents.items():
            agent_row = agent_rows.get(int(agent_id))
            if agent_row is None:
                agent_row = AgentRow(user_id=int(agent_id), engine=payload)
                db.add(agent_row)
            agent_row.engine = payload
            agent_row.state = payload["state"]
            agent_row.reason = payload["reason"]
            agent_row.state_since = when(payload["state_since"]) or now
            agent_row.updated_at = now
    db.add_all(
        ContactEventRow(
            at=when(event.at),
            kind=event.kind,
            contact_id=event.contact_id,
            queue_id=event.queue_id,
            agent_id=int(event.agent_id) if event.agent_id else None,
            data=event.data,
        )
        for event in drained.events
    )


def apply_contact(row: ContactRow, engine: dict[str, Any], now: datetime) -> None:
    row.engine = engine
    row.state = engine["state"]
    row.queue_id = engine["queue_id"]
    row.priority = engine["priority"]
    row.agent_id = int(engine["agent_id"]) if engine.get("agent_id") else None
    row.answered_at = when(engine.get("answered_at"))
    row.ended_at = when(engine.get("ended_at")) if row.state in {s.value for s in TERMINAL} else None
    row.updated_at = now


async def queue_rows(db: AsyncSession) -> Sequence[QueueRow]:
    return (await db.scalars(select(QueueRow).order_by(QueueRow.id))).all()


async def skill_rows(db: AsyncSession) -> Sequence[SkillRow]:
    return (await db.scalars(select(SkillRow).order_by(SkillRow.name))).all()


async def queue_row(db: AsyncSession, queue_id: str, fresh: bool = False) -> QueueRow | None:
    """The queue's row (`fresh`: read again even when the session holds it)."""
    return await db.get(QueueRow, queue_id, populate_existing=fresh)


async def skill_row(db: AsyncSession, name: str) -> SkillRow | None:
    return await db.get(SkillRow, name)


async def agent_profiles(db: AsyncSession) -> list[dict[str, Any]]:
    """The routing profile (skills, memberships) of every agent."""
    return [row.engine["profile"] for row in await db.scalars(select(AgentRow))]


async def offered_to(db: AsyncSession, contact_id: str) -> frozenset[str]:
    """The agents a contact is offered to now, as the last write stored it (none for an unknown contact)."""
    contact = await db.get(ContactRow, contact_id)
    return frozenset(str(a) for a in contact.engine.get("offers", {})) if contact else frozenset()


async def contact_by_token(db: AsyncSession, token_hash: str) -> ContactRow | None:
    found: ContactRow | None = await db.scalar(select(ContactRow).where(ContactRow.token_hash == token_hash))
    return found


async def contacts(
    db: AsyncSession, state: str | None, queue_id: str | None, limit: int, offset: int
) -> Sequence[ContactRow]:
    query = select(ContactRow)
    if state == "active":
        query = query.where(ContactRow.state.in_(ACTIVE))
    elif state:
        query = query.where(ContactRow.state == state)
    if queue_id:
        query = query.where(ContactRow.queue_id == queue_id)
    query = query.order_by(ContactRow.arrived_at.desc(), ContactRow.id).limit(limit).offset(offset)
    return (await db.scalars(query)).all()


async def events_of(db: AsyncSession, contact_id: str) -> Sequence[ContactEventRow]:
    query = select(ContactEventRow).where(ContactEventRow.contact_id == contact_id)
    return (await db.scalars(query.order_by(ContactEventRow.id))).all()


async def events_since(db: AsyncSession, since: datetime, limit: int) -> Sequence[ContactEventRow]:
    query = (
        select(ContactEventRow).where(ContactEventRow.at >= since).order_by(ContactEventRow.id).limit(limit)
    )
    return (await db.scalars(query)).all()


async def save_queue(
    db: AsyncSession, queue_id: str, name: str, config: dict[str, Any], now: datetime
) -> None:
    """Create or replace the queue's row (inside routing's write of the same change)."""
    row = await db.get(QueueRow, queue_id)
    if row is None:
        row = QueueRow(id=queue_id, created_at=now)
        db.add(row)
    row.name = name
    row.config = config
    row.updated_at = now


async def delete_queue(db: AsyncSession, queue_id: str) -> None:
    row = await db.get(QueueRow, queue_id)
    if row is not None:
        await db.delete(row)


def add_skill(db: AsyncSession, name: str, label: str, description: str) -> None:
    db.add(SkillRow(name=name, label=label, description=description))


async def delete_skill(db: AsyncSession, row: SkillRow) -> None:
    await db.delete(row)


async def agent_row(db: AsyncSession, user_id: int) -> AgentRow | None:
    return await db.get(AgentRow, user_id)


async def contact_row(db: AsyncSession, contact_id: str) -> ContactRow | None:
    return await db.get(ContactRow, contact_id)
