"""HTTP edge of routing: queues and skills (supervisors), agents' own state, contacts, live statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from sqlalchemy import select

from parley.platform.deps import DB, PUBLIC, AnyUser, Supervisor
from parley.platform.errors import Conflict, Forbidden, NotFound
from parley.platform.identity import Principal, Role
from parley.routing import store
from parley.routing.engine import Engine
from parley.routing.hours import format_week, parse_week, zone
from parley.routing.model import (
    AgentProfile,
    ContactState,
    Escalation,
    Membership,
    NoSuchContact,
    NoSuchQueue,
    OpeningHours,
    Overflow,
    Presence,
    QueueConfig,
)
from parley.routing.restore import queue_as_dict
from parley.routing.schemas import (
    AgentOut,
    AgentProfileIn,
    CallbackIn,
    CallbackOut,
    CallbackResultIn,
    CompleteIn,
    ContactCreated,
    ContactIn,
    ContactOut,
    ContactStatus,
    EventOut,
    QueueCreate,
    QueueIn,
    QueueOut,
    QueueStats,
    SkillEdit,
    SkillIn,
    SkillOut,
    StateIn,
    TransferFrom,
    TransferIn,
)
from parley.routing.service import Router, token_hash
from parley.routing.state import Contact
from parley.routing.tables import AgentRow, ContactRow, QueueRow, SkillRow
from parley.scripts import store as scripts_store
from parley.scripts.runs import ScriptNotPublished

queues = APIRouter(prefix="/api/queues", tags=["routing"])
skills = APIRouter(prefix="/api/skills", tags=["routing"])
agents = APIRouter(prefix="/api/agents", tags=["routing"])
contacts = APIRouter(prefix="/api/contacts", tags=["routing"])
status_api = APIRouter(prefix="/api/contact-status", tags=["routing"])


class NoSuchSkill(NotFound):
    code = "no-such-skill"


class SkillInUse(Conflict):
    code = "skill-in-use"


class QueueExists(Conflict):
    code = "queue-exists"


def _router(request: Request) -> Router:
    router: Router = request.app.state.router
    return router


def _epoch(moment: datetime | None) -> float | None:
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
        script=body.script,
    )


def queue_out(row: QueueRow) -> QueueOut:
    raw = dict(row.config)
    hours = raw.get("hours")
    if hours:
        week = {int(d): tuple(tuple(r) for r in v) for d, v in hours["week"].items()}
        raw["hours"] = {"timezone": hours["timezone"], "week": format_week(week)}
    raw["service_level"] = {"fraction": raw.pop("sl_fraction"), "seconds": raw.pop("sl_seconds")}
    return QueueOut.model_validate({**raw, "created_at": row.created_at, "updated_at": row.updated_at})


async def _check_skills(db: DB, names: set[str]) -> None:
    known = {row.name for row in await store.skill_rows(db)}
    unknown = sorted(names - known)
    if unknown:
        raise NoSuchSkill(f"unknown skill(s): {', '.join(unknown)}; add them under /api/skills first")


async def _save_queue(request: Request, db: DB, queue_id: str, body: QueueIn, creating: bool) -> QueueOut:
    existing = await db.get(QueueRow, queue_id)
    if creating and existing is not None:
        raise QueueExists(f"queue {queue_id!r} exists already")
    if not creating and existing is None:
        raise NoSuchQueue(f"no queue {queue_id!r}")
    names = set(body.skills) | {s for e in body.escalations for s in e.skills}
    await _check_skills(db, names)
    if body.script is not None:
        found = await scripts_store.script_by_slug(db, body.script)
        if found is None or found.published_version is None:
            raise ScriptNotPublished(f"script {body.script!r} does not exist or is not published")
    config = to_config(queue_id, body)
    now = _router(request).clock()

    async def write(session: Any) -> None:
        row = await session.get(QueueRow, queue_id)
        if row is None:
            row = QueueRow(id=queue_id, created_at=now)
            session.add(row)
        row.name = body.name
        row.config = queue_as_dict(config)
        row.updated_at = now

    await _router(request).set_queue(config, write)
    row = await db.get(QueueRow, queue_id, populate_existing=True)
    assert row is not None
    return queue_out(row)


@queues.get("", response_model=list[QueueOut])
async def list_queues(_: AnyUser, db: DB) -> list[QueueOut]:
    return [queue_out(row) for row in await store.queue_rows(db)]


@queues.post("", response_model=QueueOut, status_code=status.HTTP_201_CREATED)
async def create_queue(request: Request, body: QueueCreate, _: Supervisor, db: DB) -> QueueOut:
    return await _save_queue(
        request, db, body.id, QueueIn.model_validate(body.model_dump(exclude={"id"})), True
    )


@queues.get("/stats", response_model=list[QueueStats])
async def queue_statistics(request: Request, _: Supervisor) -> list[dict[str, Any]]:
    return await _router(request).read(
        lambda engine, now: [engine.queue_stats(q, now) for q in sorted(engine.queues)]
    )


@queues.get("/{queue_id}", response_model=QueueOut)
async def get_queue(queue_id: str, _: AnyUser, db: DB) -> QueueOut:
    row = await db.get(QueueRow, queue_id)
    if row is None:
        raise NoSuchQueue(f"no queue {queue_id!r}")
    return queue_out(row)


@queues.put("/{queue_id}", response_model=QueueOut)
async def update_queue(request: Request, queue_id: str, body: QueueIn, _: Supervisor, db: DB) -> QueueOut:
    return await _save_queue(request, db, queue_id, body, False)


@queues.delete("/{queue_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_queue(request: Request, queue_id: str, _: Supervisor) -> None:
    async def drop(session: Any, _engine: Engine, _result: None) -> None:
        row = await session.get(QueueRow, queue_id)
        if row is not None:
            await session.delete(row)

    await _router(request).execute(lambda engine, now: engine.remove_queue(queue_id, now), drop)
    _router(request).queues_changed()


@queues.get("/{queue_id}/waiting", response_model=list[ContactOut])
async def waiting_contacts(request: Request, queue_id: str, _: Supervisor, db: DB) -> list[ContactOut]:
    def line(engine: Engine, _now: float) -> list[tuple[Contact, int | None, float | None]]:
        if queue_id not in engine.queues:
            raise NoSuchQueue(f"no queue {queue_id!r}")
        return [(c, *engine.position(c.id)) for c in engine.waiting(queue_id)]

    found = await _router(request).read(line)
    return [contact_out(c, position, wait) for c, position, wait in found]


# ------------------------------------------------------------------------------------------------ skills


async def _skills_out(db: DB, rows: Sequence[SkillRow]) -> list[SkillOut]:
    """Skills with how many queues require them and how many agents hold them."""
    queue_configs = [row.config for row in await store.queue_rows(db)]
    profiles = [row.engine["profile"] for row in await db.scalars(select(AgentRow))]
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
    if await db.get(SkillRow, body.name) is not None:
        raise Conflict(f"skill {body.name!r} exists already")
    db.add(SkillRow(name=body.name, label=body.label, description=body.description))
    return SkillOut(**body.model_dump(), used_by_queues=0, used_by_agents=0)


@skills.put("/{name}", response_model=SkillOut)
async def edit_skill(name: str, body: SkillEdit, _: Supervisor, db: DB) -> SkillOut:
    row = await db.get(SkillRow, name)
    if row is None:
        raise NoSuchSkill(f"no skill {name!r}")
    row.label, row.description = body.label, body.description
    return (await _skills_out(db, [row]))[0]


@skills.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_skill(name: str, _: Supervisor, db: DB) -> None:
    row = await db.get(SkillRow, name)
    if row is None:
        raise NoSuchSkill(f"no skill {name!r}")
    usage = (await _skills_out(db, [row]))[0]
    if usage.used_by_queues or usage.used_by_agents:
        raise SkillInUse(f"skill {name!r} is required by a queue or held by an agent; remove it there first")
    await db.delete(row)


# ------------------------------------------------------------------------------------------------ agents


async def _agent_out(request: Request, db: DB, user_ids: list[int] | None) -> list[AgentOut]:
    def view(engine: Engine, _now: float) -> list[dict[str, Any]]:
        wanted = [str(u) for u in user_ids] if user_ids is not None else list(engine.agents)
        return [
            {
                "agent": engine.agents[a].as_dict(),
                "used": engine.agents[a].used,
                "work": [{"contact_id": c, "phase": p} for c, p in engine.agents[a].work.items()],
            }
            for a in wanted
            if a in engine.agents
        ]

    found = await _router(request).read(view)
    users = await store.users_by_id(db, [int(f["agent"]["profile"]["id"]) for f in found])
    out = []
    for item in found:
        agent, profile = item["agent"], item["agent"]["profile"]
        user = users.get(int(profile["id"]))
        if user is None:
            continue
        out.append(
            AgentOut(
                user_id=user.id,
                username=user.username,
                display_name=user.display_name,
                state=agent["state"],
                reason=agent["reason"],
                state_since=store.when(agent["state_since"]) or _router(request).clock(),
                skills=profile["skills"],
                memberships=profile["memberships"],
                capacity=profile["capacity"],
                used=item["used"],
                handled_today=agent["handled_today"],
                work=item["work"],
            )
        )
    return sorted(out, key=lambda a: a.username)


@agents.get("", response_model=list[AgentOut])
async def list_agents(request: Request, _: Supervisor, db: DB) -> list[AgentOut]:
    """Everyone who can take contacts: users routing knows, and active users it has not seen yet (offline,
    no skills), so a supervisor can set up a new agent before their first shift."""
    known = await _agent_out(request, db, None)
    seen = {a.user_id for a in known}
    since = _router(request).clock()
    for user in await store.active_users(db):
        if user.id not in seen:
            known.append(
                AgentOut(
                    user_id=user.id,
                    username=user.username,
                    display_name=user.display_name,
                    state="offline",
                    reason=None,
                    state_since=user.created_at or since,
                    skills={},
                    memberships=[],
                    capacity=100,
                    used=0,
                    handled_today=0,
                    work=[],
                )
            )
    return sorted(known, key=lambda a: a.username)


@agents.get("/me", response_model=AgentOut)
async def my_state(request: Request, me: AnyUser, db: DB) -> AgentOut:
    await _router(request).ensure_agent(me.user_id, me.display_name)
    return (await _agent_out(request, db, [me.user_id]))[0]


@agents.put("/me/state", response_model=AgentOut)
async def set_my_state(request: Request, body: StateIn, me: AnyUser, db: DB) -> AgentOut:
    router = _router(request)
    await router.ensure_agent(me.user_id, me.display_name)
    presence = Presence(body.state)
    await router.execute(
        lambda e, now: e.set_presence(str(me.user_id), presence, now, body.reason or "break")
    )
    return (await _agent_out(request, db, [me.user_id]))[0]


@agents.put("/{user_id}/state", response_model=AgentOut)
async def set_agent_state(
    request: Request, user_id: int, body: StateIn, boss: Supervisor, db: DB
) -> AgentOut:
    """A supervisor changes an agent's state (someone left without signing out)."""
    if str(user_id) not in await _router(request).read(lambda e, _n: set(e.agents)):
        raise NotFound(f"user {user_id} has no routing profile")
    presence = Presence(body.state)
    reason = body.reason or f"set by {boss.username}"
    await _router(request).execute(lambda e, now: e.set_presence(str(user_id), presence, now, reason))
    return (await _agent_out(request, db, [user_id]))[0]


@agents.put("/{user_id}", response_model=AgentOut)
async def set_agent_profile(
    request: Request, user_id: int, body: AgentProfileIn, _: Supervisor, db: DB
) -> AgentOut:
    user = (await store.users_by_id(db, [user_id])).get(user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    await _check_skills(db, set(body.skills))
    profile = AgentProfile(
        id=str(user_id),
        name=user.display_name,
        skills=dict(body.skills),
        memberships=tuple(Membership(m.queue_id, m.tier, m.penalty) for m in body.memberships),
        capacity=body.capacity,
    )
    await _router(request).set_profile(profile)
    return (await _agent_out(request, db, [user_id]))[0]


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


def _row_out(row: ContactRow) -> ContactOut:
    return contact_out(Contact.from_dict(row.engine))


@contacts.post("", response_model=ContactCreated, status_code=status.HTTP_201_CREATED)
async def create_contact(request: Request, body: ContactIn, me: AnyUser) -> ContactCreated:
    contact, token = await _router(request).add_contact(body.model_dump(), me.username)
    position, wait = (None, None)
    if contact.state is ContactState.WAITING:
        position, wait = await _router(request).read(
            lambda e, _n: e.position(contact.id) if contact.id in e.contacts else (None, None)
        )
    refusal = contact.detail if contact.state is ContactState.REFUSED else {}
    return ContactCreated(
        **contact_out(contact, position, wait).model_dump(),
        token=token,
        refused_reason=refusal.get("reason"),
        next_opening=store.when(refusal.get("next_opening")),
        callback_possible=bool(refusal.get("callback_possible", False)),
    )


@contacts.get("", response_model=list[ContactOut])
async def list_contacts(
    _: Supervisor,
    db: DB,
    state: Annotated[str | None, Query(max_length=16, description="A state, or 'active'")] = None,
    queue: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ContactOut]:
    return [_row_out(row) for row in await store.contacts(db, state, queue, limit, offset)]


async def _visible_contact(db: DB, contact_id: str, me: Principal) -> ContactRow:
    row = await db.get(ContactRow, contact_id) if len(contact_id) <= 36 else None
    if row is None:
        raise NoSuchContact(f"no contact {contact_id}")
    if not me.role.at_least(Role.SUPERVISOR) and row.agent_id != me.user_id:
        offered = str(me.user_id) in row.engine.get("offers", {})
        if not offered:
            raise Forbidden("this contact is not yours")
    return row


@contacts.get("/{contact_id}", response_model=ContactOut)
async def get_contact(request: Request, contact_id: str, me: AnyUser, db: DB) -> ContactOut:
    row = await _visible_contact(db, contact_id, me)
    position, wait = None, None
    if row.state == "waiting":
        position, wait = await _router(request).read(
            lambda e, _n: e.position(contact_id) if contact_id in e.contacts else (None, None)
        )
    return contact_out(Contact.from_dict(row.engine), position, wait)


@contacts.get("/{contact_id}/events", response_model=list[EventOut])
async def contact_events(contact_id: str, _: Supervisor, db: DB) -> list[EventOut]:
    if await db.get(ContactRow, contact_id) is None:
        raise NoSuchContact(f"no contact {contact_id}")
    return [
        EventOut.model_validate(row, from_attributes=True) for row in await store.events_of(db, contact_id)
    ]


async def _act(request: Request, command: Any) -> ContactOut:
    contact: Contact = await _router(request).execute(command)
    return contact_out(contact)


@contacts.post("/{contact_id}/accept", response_model=ContactOut)
async def accept_offer(request: Request, contact_id: str, me: AnyUser) -> ContactOut:
    return await _act(request, lambda e, now: e.accept(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/decline", response_model=ContactOut)
async def decline_offer(request: Request, contact_id: str, me: AnyUser) -> ContactOut:
    return await _act(request, lambda e, now: e.decline(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/complete", response_model=ContactOut)
async def complete_contact(request: Request, contact_id: str, body: CompleteIn, me: AnyUser) -> ContactOut:
    return await _act(request, lambda e, now: e.complete(contact_id, now, str(me.user_id), body.reason))


@contacts.post("/{contact_id}/wrap-up-done", response_model=ContactOut)
async def end_wrap_up(request: Request, contact_id: str, me: AnyUser) -> ContactOut:
    return await _act(request, lambda e, now: e.end_wrap_up(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/transfer", response_model=ContactOut, status_code=status.HTTP_201_CREATED)
async def transfer_contact(request: Request, contact_id: str, body: TransferIn, me: AnyUser) -> ContactOut:
    """Hand your connected contact to another queue; answers the new leg (a contact of its own, linked).

    blind and whisper send you to wrap-up at once; consult and conference keep you on the call until you
    hand over (or cancel and take the customer back)."""
    leg = await _router(request).transfer(contact_id, str(me.user_id), body.queue, body.mode, body.note)
    return contact_out(leg)


@contacts.post("/{contact_id}/transfer/hand-over", response_model=ContactOut)
async def hand_over(request: Request, contact_id: str, me: AnyUser) -> ContactOut:
    """Leave a consult or conference: the target keeps the customer, you go to wrap-up."""
    return await _act(request, lambda e, now: e.hand_over(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/transfer/cancel", response_model=ContactOut)
async def cancel_transfer(request: Request, contact_id: str, me: AnyUser) -> ContactOut:
    """Take the customer back: the transfer under way is withdrawn."""
    return await _act(request, lambda e, now: e.cancel_transfer(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/abandon", response_model=ContactOut)
async def abandon_contact(request: Request, contact_id: str, _: Supervisor) -> ContactOut:
    return await _act(request, lambda e, now: e.abandon(contact_id, now))


@contacts.post("/{contact_id}/callback", response_model=CallbackOut)
async def request_callback(request: Request, contact_id: str, body: CallbackIn, _: AnyUser) -> CallbackOut:
    return await _callback(request, contact_id, body)


@contacts.delete("/{contact_id}/callback", response_model=ContactOut)
async def cancel_callback(request: Request, contact_id: str, _: AnyUser) -> ContactOut:
    return await _act(request, lambda e, now: e.cancel_callback(contact_id, now))


@contacts.post("/{contact_id}/callback-result", response_model=ContactOut)
async def callback_result(
    request: Request, contact_id: str, body: CallbackResultIn, me: AnyUser
) -> ContactOut:
    return await _act(
        request, lambda e, now: e.callback_result(contact_id, str(me.user_id), body.result, now)
    )


async def _callback(request: Request, contact_id: str, body: CallbackIn) -> CallbackOut:
    at = _epoch(body.at)
    contact, estimated = await _router(request).execute(
        lambda e, now: e.request_callback(contact_id, now, at)
    )
    return CallbackOut(contact=contact_out(contact), estimated_at=store.when(estimated))


# ---------------------------------------------------------------------------------- the customer's own view


async def _by_token(db: DB, token: str) -> ContactRow:
    row = await store.contact_by_token(db, token_hash(token)) if len(token) <= 100 else None
    if row is None:
        raise NoSuchContact("no contact for this token")
    return row


@status_api.get("/{token}", response_model=ContactStatus, dependencies=[PUBLIC])
async def contact_status(request: Request, token: str, db: DB) -> ContactStatus:
    row = await _by_token(db, token)
    position, wait = await _router(request).read(
        lambda e, _n: e.position(row.id) if row.id in e.contacts else (None, None)
    )
    contact = Contact.from_dict(row.engine)
    return ContactStatus(
        state=row.state,
        queue=row.queue_id,
        position=position,
        expected_wait=wait,
        callback=contact.callback,
        callback_at=store.when(contact.callback_at),
    )


@status_api.post("/{token}/callback", response_model=CallbackOut, dependencies=[PUBLIC])
async def customer_callback(request: Request, token: str, body: CallbackIn, db: DB) -> CallbackOut:
    row = await _by_token(db, token)
    return await _callback(request, row.id, body)


@status_api.delete("/{token}/callback", response_model=ContactOut, dependencies=[PUBLIC])
async def customer_cancel_callback(request: Request, token: str, db: DB) -> ContactOut:
    row = await _by_token(db, token)
    return await _act(request, lambda e, now: e.cancel_callback(row.id, now))


@status_api.post("/{token}/leave", response_model=ContactOut, dependencies=[PUBLIC])
async def customer_leaves(request: Request, token: str, db: DB) -> ContactOut:
    row = await _by_token(db, token)
    return await _act(request, lambda e, now: e.abandon(row.id, now))
