"""Contacts belong to queues (#13 point 1): every contact and interaction action, walked from the app's own
routes so that a new one is caught, refuses an agent outside the contact's queue (403 `not-your-contact`)
and admits the holding agent, a member of the queue and supervisors (their actions audited)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from parley.platform.deps import CSRF_HEADER, api_routes, route_access
from parley.routing.gate import GATE_ATTRIBUTE
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state

PASSWORD = "quiet-harbour-lantern-7319"
#: A route "takes a contact" when its path has one of these, anywhere, or `{id}` under these prefixes.
CONTACT_PARAMS = ("contact_id", "interaction_id")
CONTACT_PREFIXES = ("/api/contacts/", "/api/interactions/", "/api/desk/")
REFUSED = "not-your-contact"


@dataclass(frozen=True)
class Action:
    method: str
    path: str
    access: str  # the role the route requires
    gated: bool  # checks the contact rule

    def url(self, contact_id: str) -> str:
        ids = dict.fromkeys((*CONTACT_PARAMS, "id"), contact_id)
        return re.sub(r"\{([^}]+)\}", lambda m: ids.get(m.group(1), "1"), self.path)


def contact_actions(app: FastAPI) -> list[Action]:
    found = []
    for info in api_routes(app.routes):
        names = set(re.findall(r"\{([^}]+)\}", info.path))
        takes = bool(names & set(CONTACT_PARAMS)) or (
            "id" in names and info.path.startswith(CONTACT_PREFIXES)
        )
        if takes:
            access = route_access(info.route)
            assert access not in (None, "public"), info.path
            gated = _gated(info.route.dependant)
            found.extend(Action(m, info.path, access, gated) for m in sorted(info.methods - {"HEAD"}))
    return found


def _gated(dependant: Any) -> bool:
    """Whether the route's dependencies include the contact gate (routing/gate.py, desk/gate.py)."""
    pending = [dependant]
    while pending:
        current = pending.pop()
        if getattr(current.call, GATE_ATTRIBUTE, False):
            return True
        pending.extend(current.dependencies)
    return False


@asynccontextmanager
async def new_agent(app: FastAPI, admin: httpx.AsyncClient, name: str) -> AsyncIterator[httpx.AsyncClient]:
    created = await admin.post("/api/users", json={"username": name, "password": PASSWORD, "role": "agent"})
    assert created.status_code == 201, created.text
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        login = await client.post("/api/auth/login", json={"username": name, "password": PASSWORD})
        assert login.status_code == 200, login.text
        client.headers[CSRF_HEADER] = login.json()["csrf_token"]
        yield client


@dataclass
class World:
    held: str  # connected to `agent`, in queue orders
    waiting: str  # waiting in orders
    outsider: httpx.AsyncClient  # an agent of queue billing only
    colleague: httpx.AsyncClient  # an agent of queue orders, holding nothing


@pytest.fixture
async def world(
    app: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> AsyncIterator[World]:
    await make_queue(supervisor, "orders")
    await make_queue(supervisor, "billing")
    await join(supervisor, await agent_id(agent), "orders")
    async with new_agent(app, admin, "outsider") as outsider, new_agent(app, admin, "colleague") as colleague:
        await join(supervisor, await agent_id(outsider), "billing")
        await join(supervisor, await agent_id(colleague), "orders")
        await set_state(outsider, "ready")
        await set_state(agent, "ready")
        held = await new_contact(supervisor)
        assert held["state"] == "offered"
        assert (await agent.post(f"/api/contacts/{held['id']}/accept")).status_code == 200
        waiting = await new_contact(supervisor)  # the agent is busy, the colleague offline: it waits
        assert waiting["state"] == "waiting"
        yield World(held["id"], waiting["id"], outsider, colleague)


def _passes_the_gate(response: httpx.Response) -> bool:
    body = response.json() if response.content else None
    code = body.get("code") if isinstance(body, dict) else None
    return response.status_code < 500 and code != REFUSED and response.status_code != 401


def test_every_route_taking_a_contact_checks_the_contact_rule(app: FastAPI) -> None:
    """Supervisor-only routes too: their refusal of agents is the role's, but the audit is the gate's."""
    assert [a for a in contact_actions(app) if not a.gated] == []


async def test_every_contact_and_interaction_action_refuses_an_agent_outside_the_queue(
    app: FastAPI, world: World, supervisor: httpx.AsyncClient
) -> None:
    actions = contact_actions(app)
    assert len(actions) >= 20  # the contact actions, the interaction's actions, the script and offer panels
    for contact_id in (world.held, world.waiting):
        for action in actions:
            response = await world.outsider.request(action.method, action.url(contact_id), json={})
            assert response.status_code == 403, (action, response.text)
            expected = REFUSED if action.access == "agent" else "forbidden"
            assert response.json()["code"] == expected, (action, response.text)
    # Nothing happened to either contact.
    held = (await supervisor.get(f"/api/contacts/{world.held}")).json()
    waiting = (await supervisor.get(f"/api/contacts/{world.waiting}")).json()
    assert (held["state"], waiting["state"], waiting["callback"]) == ("connected", "waiting", False)


async def test_the_holder_a_queue_member_and_supervisors_pass_on_every_action(
    app: FastAPI,
    world: World,
    agent: httpx.AsyncClient,
    supervisor: httpx.AsyncClient,
    admin: httpx.AsyncClient,
) -> None:
    callers = {"agent": agent, "colleague": world.colleague, "supervisor": supervisor, "admin": admin}
    for name, client in callers.items():
        role = "agent" if name in ("agent", "colleague") else name
        for action in contact_actions(app):
            if action.access != "agent" and role == "agent":
                continue  # refused for the role already, as test_route_access checks
            for contact_id in (world.held, world.waiting):
                response = await client.request(action.method, action.url(contact_id), json={})
                assert _passes_the_gate(response), (name, action, response.text)
    audit = (await admin.get("/api/audit", params={"action": "contact.supervisor-action"})).json()
    actors = {entry["actor"] for entry in audit}
    assert "supervisor" in actors  # the admin's turn may find both contacts ended by the supervisor's
    assert actors <= {"supervisor", "admin"}
    assert {entry["target"] for entry in audit} <= {world.held, world.waiting}


async def test_an_outsider_cannot_drop_a_waiting_customer_a_queue_member_can_schedule_the_callback(
    world: World, supervisor: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    url = f"/api/contacts/{world.waiting}/callback"
    refused = await world.outsider.post(url, json={})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (refused.json()["code"], refused.json()["contact"]) == (REFUSED, world.waiting)
    assert (await world.outsider.delete(url)).json()["code"] == REFUSED
    assert (await world.outsider.get(f"/api/contacts/{world.waiting}")).json()["code"] == REFUSED
    assert (await world.outsider.get(f"/api/interactions/{world.waiting}")).json()["code"] == REFUSED

    scheduled = await world.colleague.post(url, json={})
    assert scheduled.status_code == 200, scheduled.text
    assert scheduled.json()["contact"]["callback"] is True
    assert (await world.colleague.get(f"/api/contacts/{world.waiting}")).status_code == 200
    # The interaction record stays its agent's and the supervisors': a colleague is refused as before.
    assert (await world.colleague.get(f"/api/interactions/{world.held}")).json()["code"] == "not-yours"
    cancelled = await supervisor.delete(url)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["state"] == "cancelled"
    [entry] = (await admin.get("/api/audit", params={"action": "contact.supervisor-action"})).json()
    assert (entry["actor"], entry["target"]) == ("supervisor", world.waiting)
    assert entry["details"]["request"] == "DELETE /api/contacts/{contact_id}/callback"
    assert entry["details"]["queue"] == "orders"


async def test_a_refused_action_leaves_no_audit_entry_and_reads_are_not_audited(
    world: World, supervisor: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    assert (await supervisor.get(f"/api/contacts/{world.held}")).status_code == 200
    assert (await supervisor.get(f"/api/interactions/{world.held}")).status_code == 200
    nothing = await supervisor.delete(f"/api/contacts/{world.held}/callback")
    assert nothing.json()["code"] == "no-pending-callback"
    assert (await admin.get("/api/audit", params={"action": "contact.supervisor-action"})).json() == []
    assert (await admin.get("/api/audit", params={"action": "interaction.supervisor-action"})).json() == []


async def test_an_unknown_contact_is_404_for_everyone(world: World, supervisor: httpx.AsyncClient) -> None:
    for client in (world.outsider, supervisor):
        assert (await client.get("/api/contacts/nope")).json()["code"] == "no-such-contact"
        assert (await client.post("/api/contacts/nope/callback", json={})).status_code == 404
        assert (await client.get("/api/interactions/nope")).status_code == 404
