"""What the desk's integration tests share: a call taken with a script, and a script answer."""

from __future__ import annotations

from typing import Any

import httpx

from parley.scripts.library import EXAMPLES_DIR
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


async def make_queue_with_script(
    supervisor: httpx.AsyncClient, script: str, queue_id: str = "orders", **config: Any
) -> dict[str, Any]:
    """A queue (routing's) whose contacts open `script` on the desk when answered (the desk's binding)."""
    queue = await make_queue(supervisor, queue_id, **config)
    bound = await supervisor.put(f"/api/queues/{queue_id}/script", json={"script": script})
    assert bound.status_code == 200, bound.text
    return queue


async def start_call(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> str:
    # The script reads customer.address and customer.orders_count: the custom fields come before it is saved.
    for name, kind in (("address", "text"), ("orders_count", "number")):
        field = await admin.post("/api/customer-fields", json={"name": name, "label": name, "type": kind})
        assert field.status_code == 201, field.text
    source = (EXAMPLES_DIR / "confirm-paid-order.yaml").read_text(encoding="utf-8")
    assert (await supervisor.post("/api/scripts", json={"source": source})).status_code == 201
    published = await supervisor.post("/api/scripts/confirm-paid-order/publish", json={"note": "t"})
    assert published.status_code == 201, published.text
    await make_queue_with_script(supervisor, "confirm-paid-order")
    await join(supervisor, await agent_id(agent), "orders")
    customer = await supervisor.post(
        "/api/customers", json={"name": "Nguyễn Văn An", "phones": ["0901234567"]}
    )
    assert customer.status_code == 201
    await set_state(agent, "ready")
    contact = await new_contact(supervisor)
    assert (await agent.post(f"/api/contacts/{contact['id']}/accept")).status_code == 200
    [item] = (await agent.get("/api/desk")).json()["items"]
    interaction: str = item["interaction"]["id"]
    return interaction


async def answer(agent: httpx.AsyncClient, interaction: str, reply: str | None) -> dict[str, Any]:
    """A script answer that must succeed; the desk item it returns."""
    response = await agent.post(f"/api/interactions/{interaction}/script/answer", json={"answer": reply})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def closed_call(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, phone: str, outcome: str | None
) -> str:
    """A call from `phone` that the agent took, finished and wrapped up with `outcome`."""
    contact = (await new_contact(supervisor, **{"from": phone}))["id"]
    assert (await agent.post(f"/api/contacts/{contact}/accept")).status_code == 200
    await agent.post(f"/api/contacts/{contact}/complete", json={})
    done = await agent.post(f"/api/interactions/{contact}/wrap-up", json={"outcome": outcome})
    assert done.status_code == 200, done.text
    return contact
