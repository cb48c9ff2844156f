"""The desk's queue -> script binding: supervisors set it per queue, everyone reads it, it survives an edit
of the queue (the queue form saves the queue, then the binding), and the desk opens it on an answer."""

from __future__ import annotations

import httpx

from tests.integration.desk.helpers import start_call
from tests.integration.routing.helpers import make_queue

SCRIPT = """\
slug: short-call
name: Short call
language: en
start: hello
outcomes:
  done: {label: Done, success: true}
nodes:
  hello: {text: "Hello!", end: done}
"""


async def _publish(supervisor: httpx.AsyncClient, source: str, slug: str) -> None:
    assert (await supervisor.post("/api/scripts", json={"source": source})).status_code == 201
    published = await supervisor.post(f"/api/scripts/{slug}/publish", json={"note": "t"})
    assert published.status_code == 201, published.text


async def test_the_binding_round_trips_and_survives_an_edit_of_the_queue(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await _publish(supervisor, SCRIPT, "short-call")
    queue = await make_queue(supervisor, "orders", wrap_up_seconds=45)
    await make_queue(supervisor, "billing")
    assert (await agent.get("/api/queue-scripts")).json() == []

    bound = await supervisor.put("/api/queues/orders/script", json={"script": "short-call"})
    assert bound.status_code == 200, bound.text
    assert bound.json() == {"script": "short-call"}
    assert (await agent.get("/api/queue-scripts")).json() == [{"queue_id": "orders", "script": "short-call"}]

    # The queue form sends the whole queue back (routing's fields only): the binding stays.
    body = {k: v for k, v in queue.items() if k not in ("id", "created_at", "updated_at")}
    edited = await supervisor.put("/api/queues/orders", json={**body, "wrap_up_seconds": 60})
    assert edited.status_code == 200, edited.text
    assert (await agent.get("/api/queue-scripts")).json() == [{"queue_id": "orders", "script": "short-call"}]

    unbound = await supervisor.put("/api/queues/orders/script", json={"script": None})
    assert unbound.status_code == 200, unbound.text
    assert (await agent.get("/api/queue-scripts")).json() == []
    assert (await supervisor.put("/api/queues/orders/script", json={"script": None})).status_code == 200


async def test_the_binding_is_refused_for_an_unknown_queue_or_script_and_to_agents(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor, "orders")
    await _publish(supervisor, SCRIPT, "short-call")
    drafted = SCRIPT.replace("short-call", "only-a-draft")
    assert (await supervisor.post("/api/scripts", json={"source": drafted})).status_code == 201

    unknown_queue = await supervisor.put("/api/queues/nowhere/script", json={"script": "short-call"})
    assert unknown_queue.status_code == 404
    assert unknown_queue.json()["code"] == "no-such-queue"
    for slug in ("only-a-draft", "no-such-script"):
        refused = await supervisor.put("/api/queues/orders/script", json={"script": slug})
        assert refused.json()["code"] == "script-not-published", refused.text
        assert refused.json()["field"] == "script"
    malformed = await supervisor.put("/api/queues/orders/script", json={"script": "Not A Slug"})
    assert malformed.status_code == 422
    assert (await agent.put("/api/queues/orders/script", json={"script": "short-call"})).status_code == 403
    assert (await agent.get("/api/queue-scripts")).json() == []


async def test_the_desk_opens_the_bound_script_when_an_agent_answers(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    interaction = await start_call(admin, supervisor, agent)
    [item] = (await agent.get("/api/desk")).json()["items"]
    assert item["interaction"]["id"] == interaction
    assert item["run"]["script"] == "confirm-paid-order"  # bound by start_call through the desk
