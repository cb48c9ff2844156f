"""Outcomes come with the labels scripts give them (the UI translates the common ones)."""

from __future__ import annotations

import httpx
import pytest

from parley.scripts.library import EXAMPLES_DIR
from tests.integration.desk.helpers import closed_call
from tests.integration.routing.helpers import agent_id, join, make_queue, set_state

# The shipped examples and the sample read customer.address and customer.orders_count: defined first.
pytestmark = pytest.mark.usefixtures("demo_customer_fields")


async def test_outcomes_come_with_the_labels_scripts_give_them(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    source = (EXAMPLES_DIR / "confirm-paid-order.yaml").read_text(encoding="utf-8")
    assert (await supervisor.post("/api/scripts", json={"source": source})).status_code == 201
    drafts_only = await agent.get("/api/interactions/outcomes")  # every signed-in user may read them
    assert drafts_only.json() == []  # a draft's outcomes are not offered
    await supervisor.post("/api/scripts/confirm-paid-order/publish", json={"note": "t"})
    await make_queue(supervisor, wrap_up_seconds=300)
    await join(supervisor, await agent_id(agent), "orders")
    await set_state(agent, "ready")
    await closed_call(supervisor, agent, "+84 90 123 4567", "done with it")  # typed at wrap-up

    labels = {o["id"]: o["label"] for o in (await agent.get("/api/interactions/outcomes")).json()}
    assert labels == {
        "callback": "Call back later",
        "cancelled": "Order cancelled",
        "confirmed": "Order confirmed",
        "wrong-number": "Wrong number",
        "done with it": None,
    }
