"""Who may put a contact in line through POST /api/contacts: supervisors, admins and API tokens an
administrator gave the contacts:create right; not agents (their demo button is a separate endpoint)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from parley.config import Settings
from tests.integration.routing.helpers import agent_id, join, make_queue, set_state

CALL = {"channel": "voice", "from": "+84 90 123 4567", "subject": "Order 1001", "queue": "orders"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"demo_contacts": True})


async def _token(admin: httpx.AsyncClient, user_id: int, **body: Any) -> dict[str, Any]:
    response = await admin.post(f"/api/users/{user_id}/tokens", json={"name": "shop", **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _bearer(app: FastAPI, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {token}"},
    )


async def test_agents_may_not_create_contacts_supervisors_and_admins_may(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    refused = await agent.post("/api/contacts", json=CALL)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert (await supervisor.get("/api/contacts")).json() == []  # nothing was put in line
    for boss in (supervisor, admin):
        created = await boss.post("/api/contacts", json=CALL)
        assert created.status_code == 201, created.text


async def test_the_demo_button_still_rings_an_agent(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    await join(supervisor, await agent_id(agent), "orders")
    await set_state(agent, "ready")
    created = await agent.post("/api/desk/demo-contact")
    assert created.status_code == 201, created.text
    assert created.json()["state"] == "offered"


async def test_a_token_creates_contacts_only_with_the_right(
    app: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    integration = await agent_id(agent)  # an account with the agent role, as an integration would have
    plain = await _token(admin, integration)
    assert plain["scopes"] == []
    allowed = await _token(admin, integration, name="shop orders", scopes=["contacts:create"])
    assert allowed["scopes"] == ["contacts:create"]

    async with _bearer(app, plain["token"]) as client:
        refused = await client.post("/api/contacts", json=CALL)
        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"
    async with _bearer(app, allowed["token"]) as client:
        created = await client.post("/api/contacts", json=CALL)
        assert created.status_code == 201, created.text
        assert created.json()["state"] == "waiting"
        # The right is that one: the token is still an agent for everything else.
        assert (await client.get("/api/contacts")).status_code == 403
        assert (await client.get("/api/queues/stats")).status_code == 403

    listed = (await admin.get(f"/api/users/{integration}/tokens")).json()
    assert [(t["name"], t["scopes"]) for t in listed] == [("shop", []), ("shop orders", ["contacts:create"])]
    assert [t["name"] for t in (await agent.get("/api/auth/tokens")).json()] == ["shop", "shop orders"]

    revoked = await admin.delete(f"/api/users/{integration}/tokens/{allowed['id']}")
    assert revoked.status_code == 204
    async with _bearer(app, allowed["token"]) as client:
        assert (await client.post("/api/contacts", json=CALL)).status_code == 401
    audit = (await admin.get("/api/audit", params={"action": "token.created"})).json()
    assert {"user": "agent", "scopes": ["contacts:create"]}.items() <= audit[0]["details"].items()


async def test_only_administrators_give_tokens_rights(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    me = await agent_id(agent)
    own = await agent.post("/api/auth/tokens", json={"name": "mine", "scopes": ["contacts:create"]})
    assert own.status_code == 422  # a user's own token has no rights beyond their role
    for someone in (agent, supervisor):
        response = await someone.post(
            f"/api/users/{me}/tokens", json={"name": "x", "scopes": ["contacts:create"]}
        )
        assert response.status_code == 403
    unknown = await admin.post(f"/api/users/{me}/tokens", json={"name": "x", "scopes": ["everything"]})
    assert unknown.status_code == 422
    assert (await admin.post("/api/users/999/tokens", json={"name": "x"})).json()["code"] == "no-such-user"
    other = await admin.post(f"/api/users/{me}/tokens", json={"name": "x"})
    assert (await admin.delete(f"/api/users/1/tokens/{other.json()['id']}")).status_code == 404
