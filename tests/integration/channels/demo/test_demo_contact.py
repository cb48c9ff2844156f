"""The demo contact button (on with PARLEY_DEMO_CONTACTS, as `make run` does): a call rings the agent; off,
the button is refused."""

from __future__ import annotations

import httpx
import pytest

from parley.config import Settings
from tests.integration.routing.helpers import agent_id, join, make_queue, set_state


class TestOn:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"demo_contacts": True})

    async def test_a_demo_contact_rings_the_agent_with_a_named_caller(
        self, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
    ) -> None:
        await make_queue(supervisor)
        await join(supervisor, await agent_id(agent), "orders")
        await set_state(agent, "ready")
        desk = (await agent.get("/api/desk")).json()
        assert desk["demo_contacts"] is True
        created = await agent.post("/api/desk/demo-contact")
        assert created.status_code == 201, created.text
        assert created.json()["state"] == "offered"
        [item] = (await agent.get("/api/desk")).json()["items"]
        assert item["contact"]["id"] == created.json()["id"]
        assert item["customer"]["name"]  # the demo caller has a name on the card


async def test_demo_contacts_are_off_unless_the_server_says_so(agent: httpx.AsyncClient) -> None:
    response = await agent.post("/api/desk/demo-contact")
    assert response.status_code == 403
    assert response.json()["code"] == "demo-contacts-off"
