"""Agents through the API: their state (each agent their own; supervisors everyone's), skills, memberships."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from parley.accounts import directory
from parley.accounts.model import NoSuchUser
from parley.platform.bounds import DbId
from parley.platform.deps import DB, AnyUser, Supervisor
from parley.platform.identity import Role
from parley.routing import store
from parley.routing.api import check_skills
from parley.routing.deps import RouterDep
from parley.routing.engine import Engine
from parley.routing.errors import NoRoutingProfile
from parley.routing.model import (
    AgentProfile,
    Membership,
    Presence,
)
from parley.routing.schemas import AgentOut, AgentProfileIn, StateIn
from parley.routing.service import Router

agents = APIRouter(prefix="/api/agents", tags=["routing"])


async def _agent_out(router: Router, db: DB, user_ids: list[int] | None) -> list[AgentOut]:
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

    found = await router.read(view)
    users = await directory.people(db, [int(f["agent"]["profile"]["id"]) for f in found])
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
                role=user.role,
                state=agent["state"],
                reason=agent["reason"],
                state_since=store.when(agent["state_since"]) or router.clock(),
                skills=profile["skills"],
                memberships=profile["memberships"],
                capacity=profile["capacity"],
                used=item["used"],
                handled_today=agent["handled_today"],
                work=item["work"],
            )
        )
    return sorted(out, key=lambda a: a.username)


def takes_contacts(agent: AgentOut) -> bool:
    """An agent, or a supervisor or admin who was given a routing profile (skills or queues) or is working
    now; a supervisor who only opened the desk once is not listed among the agents."""
    return agent.role is Role.AGENT or bool(agent.memberships or agent.skills) or agent.state != "offline"


@agents.get("", response_model=list[AgentOut])
async def list_agents(
    router: RouterDep,
    _: Supervisor,
    db: DB,
    everyone: Annotated[
        bool, Query(description="Also supervisors and admins without a routing profile (to give them one)")
    ] = False,
) -> list[AgentOut]:
    """Everyone who takes contacts: agents (also those routing has not seen yet: offline, no skills, so a
    supervisor can set one up before their first shift) and supervisors or admins with a routing profile."""
    known = await _agent_out(router, db, None)
    seen = {a.user_id for a in known}
    since = router.clock()
    for user in await directory.active_people(db):
        if user.id not in seen:
            known.append(
                AgentOut(
                    user_id=user.id,
                    username=user.username,
                    display_name=user.display_name,
                    role=user.role,
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
    return sorted((a for a in known if everyone or takes_contacts(a)), key=lambda a: a.username)


@agents.get("/me", response_model=AgentOut)
async def my_state(router: RouterDep, me: AnyUser, db: DB) -> AgentOut:
    await router.ensure_agent(me.user_id, me.display_name)
    return (await _agent_out(router, db, [me.user_id]))[0]


@agents.put("/me/state", response_model=AgentOut)
async def set_my_state(router: RouterDep, body: StateIn, me: AnyUser, db: DB) -> AgentOut:
    await router.ensure_agent(me.user_id, me.display_name)
    presence = Presence(body.state)
    await router.execute(
        lambda e, now: e.set_presence(str(me.user_id), presence, now, body.reason or "break")
    )
    return (await _agent_out(router, db, [me.user_id]))[0]


@agents.put("/{user_id}/state", response_model=AgentOut)
async def set_agent_state(
    router: RouterDep, user_id: DbId, body: StateIn, boss: Supervisor, db: DB
) -> AgentOut:
    """A supervisor changes an agent's state (someone left without signing out)."""
    if str(user_id) not in await router.read(lambda e, _n: set(e.agents)):
        raise NoRoutingProfile(f"user {user_id} has no routing profile", user=user_id)
    presence = Presence(body.state)
    reason = body.reason or "set-by-supervisor"  # a code: the UI shows it in the agent's language
    await router.execute(lambda e, now: e.set_presence(str(user_id), presence, now, reason))
    return (await _agent_out(router, db, [user_id]))[0]


@agents.put("/{user_id}", response_model=AgentOut)
async def set_agent_profile(
    router: RouterDep, user_id: DbId, body: AgentProfileIn, _: Supervisor, db: DB
) -> AgentOut:
    """Replace the agent's routing profile: skills, memberships (with tier and penalty) and capacity; what
    is left out takes its default, as for every PUT."""
    user = (await directory.people(db, [user_id])).get(user_id)
    if user is None:
        raise NoSuchUser(f"no user {user_id}", user=user_id)
    await check_skills(db, set(body.skills))
    profile = AgentProfile(
        id=str(user_id),
        name=user.display_name,
        skills=dict(body.skills),
        memberships=tuple(Membership(m.queue_id, m.tier, m.penalty) for m in body.memberships),
        capacity=body.capacity,
    )
    await router.set_profile(profile)
    return (await _agent_out(router, db, [user_id]))[0]
