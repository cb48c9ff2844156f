"""HTTP edge of routing: queues and skills (supervisors), agents' own state, contacts, live statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fastapi import APIRouter, status

from parley.platform.deps import DB, AnyUser, Supervisor
from parley.routing import store
from parley.routing.deps import RouterDep
from parley.routing.engine import Engine
from parley.routing.errors import NoSuchQueue, NoSuchSkill, QueueExists, SkillExists, SkillInUse
from parley.routing.hours import format_week, parse_week, zone
from parley.routing.model import Escalation, OpeningHours, Overflow, QueueConfig
from parley.routing.restore import queue_as_dict
from parley.routing.schemas import (
    ContactOut,
    QueueCreate,
    QueueIn,
    QueueOut,
    QueueStats,
    SkillEdit,
    SkillIn,
    SkillOut,
    TransferFrom,
)
from parley.routing.service import Router
from parley.routing.state import Contact
from parley.routing.tables import ContactRow, QueueRow, SkillRow

queues = APIRouter(prefix="/api/queues", tags=["routing"])
skills = APIRouter(prefix="/api/skills", tags=["routing"])


def epoch(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


# ------------------------------------------------------------------------------------------------ queues


def to_config(queue_id: str, body: QueueIn) -> QueueConfig:
    if body.hours is not None:
        zone(body.hours.timezone)  # an unknown zone is refused here, not when the first contact arrives
    return QueueConfig(
        id=queue_id,
        name=body.name,
        request_types=tuple(body.request_types),
        channels=tuple(body.channels),
        priority=body.priority,
        skills=dict(body.skills),
        strategy=body.strategy,
        sl_fraction=body.service_level.fraction,
        sl_seconds=body.service_level.seconds,
        max_size=body.max_size,
        overflow=Overflow(body.overflow.after_seconds, body.overflow.to_queue) if body.overflow else None,
        hours=OpeningHours(
            body.hours.timezone, parse_week({str(day): ranges for day, ranges in body.hours.week.items()})
        )
        if body.hours
        else None,
        closed_behaviour=body.closed_behaviour,
        closed_queue=body.closed_queue,
        wrap_up_seconds=body.wrap_up_seconds,
        offer_timeout_seconds=body.offer_timeout_seconds,
        max_handle_seconds=body.max_handle_seconds,
        escalations=tuple(Escalation(e.after_seconds, e.max_tier, dict(e.skills)) for e in body.escalations),
        default_aht_seconds=body.default_aht_seconds,
        callback_attempts=body.callback_attempts,
        callback_interval_seconds=body.callback_interval_seconds,
    )


def queue_out(row: QueueRow) -> QueueOut:
    raw = dict(row.config)
    raw.pop("script", None)  # rows written before the desk took over the queue's script (#14)
    hours = raw.get("hours")
    if hours:
        week = {int(d): tuple(tuple(r) for r in v) for d, v in hours["week"].items()}
        raw["hours"] = {"timezone": hours["timezone"], "week": format_week(week)}
    raw["service_level"] = {"fraction": raw.pop("sl_fraction"), "seconds": raw.pop("sl_seconds")}
    return QueueOut.model_validate({**raw, "created_at": row.created_at, "updated_at": row.updated_at})


async def check_skills(db: DB, names: set[str]) -> None:
    known = {row.name for row in await store.skill_rows(db)}
    unknown = sorted(names - known)
    if unknown:
        listed = ", ".join(unknown)
        raise NoSuchSkill(f"unknown skill(s): {listed}; add them under /api/skills first", skill=listed)


async def _save_queue(router: Router, db: DB, queue_id: str, body: QueueIn, creating: bool) -> QueueOut:
    existing = await store.queue_row(db, queue_id)
    if creating and existing is not None:
        raise QueueExists(f"queue {queue_id!r} exists already", field="id", queue=queue_id)
    if not creating and existing is None:
        raise NoSuchQueue(f"no queue {queue_id!r}", queue=queue_id)
    names = set(body.skills) | {s for e in body.escalations for s in e.skills}
    await check_skills(db, names)
    config = to_config(queue_id, body)
    now = router.clock()

    async def write(session: Any) -> None:
        await store.save_queue(session, queue_id, body.name, queue_as_dict(config), now)

    await router.set_queue(config, write)
    row = await store.queue_row(db, queue_id, fresh=True)
    assert row is not None
    return queue_out(row)


@queues.get("", response_model=list[QueueOut])
async def list_queues(_: AnyUser, db: DB) -> list[QueueOut]:
    return [queue_out(row) for row in await store.queue_rows(db)]


@queues.post("", response_model=QueueOut, status_code=status.HTTP_201_CREATED)
async def create_queue(router: RouterDep, body: QueueCreate, _: Supervisor, db: DB) -> QueueOut:
    return await _save_queue(
        router, db, body.id, QueueIn.model_validate(body.model_dump(exclude={"id"})), True
    )


@queues.get("/stats", response_model=list[QueueStats])
async def queue_statistics(router: RouterDep, _: Supervisor) -> list[dict[str, Any]]:
    return await router.read(lambda engine, now: [engine.queue_stats(q, now) for q in sorted(engine.queues)])


@queues.get("/{queue_id}", response_model=QueueOut)
async def get_queue(queue_id: str, _: AnyUser, db: DB) -> QueueOut:
    row = await store.queue_row(db, queue_id)
    if row is None:
        raise NoSuchQueue(f"no queue {queue_id!r}", queue=queue_id)
    return queue_out(row)


@queues.put("/{queue_id}", response_model=QueueOut)
async def update_queue(router: RouterDep, queue_id: str, body: QueueIn, _: Supervisor, db: DB) -> QueueOut:
    """Replace the queue's settings: this replaces the whole queue, so a setting left out takes its default.
    Read the queue, change what you need and send it all back, as the queue form does. (The script the desk
    opens for the queue's contacts is the desk's, under its own endpoint.)"""
    return await _save_queue(router, db, queue_id, body, False)


@queues.delete("/{queue_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_queue(router: RouterDep, queue_id: str, _: Supervisor) -> None:
    async def drop(session: Any, _engine: Engine, _result: None) -> None:
        await store.delete_queue(session, queue_id)

    await router.execute(lambda engine, now: engine.remove_queue(queue_id, now), drop)
    router.queues_changed()


@queues.get("/{queue_id}/waiting", response_model=list[ContactOut])
async def waiting_contacts(router: RouterDep, queue_id: str, _: Supervisor) -> list[ContactOut]:
    def line(engine: Engine, _now: float) -> list[tuple[Contact, int | None, float | None]]:
        if queue_id not in engine.queues:
            raise NoSuchQueue(f"no queue {queue_id!r}", queue=queue_id)
        return [(c, *engine.position(c.id)) for c in engine.waiting(queue_id)]

    found = await router.read(line)
    return [contact_out(c, position, wait) for c, position, wait in found]


# ------------------------------------------------------------------------------------------------ skills


async def _skills_out(db: DB, rows: Sequence[SkillRow]) -> list[SkillOut]:
    """Skills with how many queues require them and how many agents hold them."""
    queue_configs = [row.config for row in await store.queue_rows(db)]
    profiles = await store.agent_profiles(db)
    return [
        SkillOut(
            name=row.name,
            label=row.label,
            description=row.description,
            used_by_queues=sum(row.name in q.get("skills", {}) for q in queue_configs),
            used_by_agents=sum(row.name in p.get("skills", {}) for p in profiles),
        )
        for row in rows
    ]


@skills.get("", response_model=list[SkillOut])
async def list_skills(_: AnyUser, db: DB) -> list[SkillOut]:
    return await _skills_out(db, await store.skill_rows(db))


@skills.post("", response_model=SkillOut, status_code=status.HTTP_201_CREATED)
async def add_skill(body: SkillIn, _: Supervisor, db: DB) -> SkillOut:
    if await store.skill_row(db, body.name) is not None:
        raise SkillExists(f"skill {body.name!r} exists already", field="name", skill=body.name)
    store.add_skill(db, body.name, body.label, body.description)
    return SkillOut(**body.model_dump(), used_by_queues=0, used_by_agents=0)


@skills.put("/{name}", response_model=SkillOut)
async def edit_skill(name: str, body: SkillEdit, _: Supervisor, db: DB) -> SkillOut:
    """Replace the skill's label and description (its name never changes)."""
    row = await store.skill_row(db, name)
    if row is None:
        raise NoSuchSkill(f"no skill {name!r}", skill=name)
    row.label, row.description = body.label, body.description
    return (await _skills_out(db, [row]))[0]


@skills.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_skill(name: str, _: Supervisor, db: DB) -> None:
    row = await store.skill_row(db, name)
    if row is None:
        raise NoSuchSkill(f"no skill {name!r}", skill=name)
    usage = (await _skills_out(db, [row]))[0]
    if usage.used_by_queues or usage.used_by_agents:
        raise SkillInUse(
            f"skill {name!r} is required by a queue or held by an agent; remove it there first", skill=name
        )
    await store.delete_skill(db, row)


# ------------------------------------------------------------------------------------------------ contacts


def contact_out(contact: Contact, position: int | None = None, wait: float | None = None) -> ContactOut:
    data = contact.data
    return ContactOut(
        id=contact.id,
        channel=contact.channel,
        queue_id=contact.queue_id,
        state=contact.state.value,
        priority=contact.priority,
        from_address=data.get("from", ""),
        subject=data.get("subject", ""),
        request_type=data.get("request_type"),
        agent_id=int(contact.agent_id) if contact.agent_id else None,
        arrived_at=store.when(contact.arrived_at),
        answered_at=store.when(contact.answered_at),
        ended_at=store.when(contact.ended_at),
        callback=contact.callback,
        callback_at=store.when(contact.callback_at),
        attempts=contact.attempts,
        position=position,
        expected_wait=wait,
        transfer=TransferFrom.model_validate(data["transfer"]) if "transfer" in data else None,
        transfer_to=contact.detail.get("transfer_to"),
    )


def row_out(row: ContactRow) -> ContactOut:
    return contact_out(Contact.from_dict(row.engine))
