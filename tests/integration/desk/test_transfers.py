"""Transfers through the API: the customer moves to another queue, both interactions record it."""

from __future__ import annotations

import httpx

from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


async def _two_queues(supervisor: httpx.AsyncClient, agent: httpx.AsyncClient) -> tuple[int, int]:
    """The agent works `orders`; the supervisor, signed in as an agent too, works `experts`."""
    await make_queue(supervisor, wrap_up_seconds=300)
    await make_queue(supervisor, "experts", wrap_up_seconds=300, max_size=1)
    me, boss = await agent_id(agent), await agent_id(supervisor)
    await join(supervisor, me, "orders")
    await join(supervisor, boss, "experts")
    await set_state(agent, "ready")
    return me, boss


async def _moments(client: httpx.AsyncClient, interaction_id: str) -> list[tuple[str, dict[str, object]]]:
    record = (await client.get(f"/api/interactions/{interaction_id}")).json()
    return [(m["kind"], m["data"]) for m in record["timeline"]]


async def test_a_consult_transfer_hands_the_customer_over_with_the_note(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    me, boss = await _two_queues(supervisor, agent)
    first = (await new_contact(supervisor, subject="Refund for order 1001"))["id"]
    assert (await agent.post(f"/api/contacts/{first}/accept")).status_code == 200

    started = await agent.post(
        f"/api/contacts/{first}/transfer",
        json={"queue": "experts", "mode": "consult", "note": "wants a refund"},
    )
    assert started.status_code == 201, started.text
    leg = started.json()
    assert leg["queue_id"] == "experts"
    assert leg["state"] == "waiting"
    assert leg["transfer"]["contact_id"] == first
    assert leg["transfer"]["mode"] == "consult"
    assert leg["transfer"]["note"] == "wants a refund"
    mine = (await agent.get(f"/api/contacts/{first}")).json()
    assert (mine["state"], mine["transfer_to"]) == ("connected", leg["id"])
    again = await agent.post(f"/api/contacts/{first}/transfer", json={"queue": "experts"})
    assert again.status_code == 409
    assert "under way" in again.json()["detail"]

    await set_state(supervisor, "ready")
    desk = (await supervisor.get("/api/desk")).json()
    offered = next(item for item in desk["items"] if item["interaction"]["id"] == leg["id"])
    assert offered["contact"]["transfer"]["note"] == "wants a refund"
    assert offered["contact"]["transfer"]["from_agent"] == str(me)
    assert (await supervisor.post(f"/api/contacts/{leg['id']}/accept")).status_code == 200
    agent_desk = (await agent.get("/api/desk")).json()
    item = next(i for i in agent_desk["items"] if i["interaction"]["id"] == first)
    assert item["contact"]["transfer_answered_by"] == str(boss)

    handed = await agent.post(f"/api/contacts/{first}/transfer/hand-over")
    assert handed.status_code == 200, handed.text
    assert handed.json()["state"] == "wrap-up"
    assert (await supervisor.get(f"/api/contacts/{leg['id']}")).json()["state"] == "connected"

    original = await _moments(agent, first)
    kinds = [kind for kind, _ in original]
    assert kinds[-4:] == ["transfer-started", "transfer-answered", "transferred", "ended"]
    assert original[kinds.index("transferred")][1] == {"to": "experts", "mode": "consult", "leg": leg["id"]}
    taken = await _moments(supervisor, leg["id"])
    assert taken[1][0] == "transferred-in"
    assert taken[1][1]["note"] == "wants a refund"
    assert taken[1][1]["from"] == first
    one = (await agent.get(f"/api/interactions/{first}")).json()
    two = (await supervisor.get(f"/api/interactions/{leg['id']}")).json()
    assert one["customer_id"] == two["customer_id"] is not None
    assert two["agent_id"] == boss
    card = (await supervisor.get(f"/api/customers/{one['customer_id']}")).json()
    linked = {h["id"]: h["transferred_from"] for h in card["history"]}
    assert linked == {leg["id"]: first, first: None}


async def test_a_blind_transfer_sends_the_agent_to_wrap_up_and_a_cancelled_consult_keeps_the_call(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await _two_queues(supervisor, agent)
    first = (await new_contact(supervisor))["id"]
    await agent.post(f"/api/contacts/{first}/accept")
    consult = await agent.post(
        f"/api/contacts/{first}/transfer", json={"queue": "experts", "mode": "consult"}
    )
    leg = consult.json()["id"]
    cancelled = await agent.post(f"/api/contacts/{first}/transfer/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["state"] == "connected"
    assert cancelled.json()["transfer_to"] is None
    gone = (await supervisor.get(f"/api/interactions/{leg}")).json()
    assert gone["phase"] == "cancelled"
    assert (await agent.post(f"/api/contacts/{first}/transfer/cancel")).status_code == 409

    blind = await agent.post(f"/api/contacts/{first}/transfer", json={"queue": "experts", "mode": "blind"})
    assert blind.status_code == 201
    assert (await agent.get(f"/api/contacts/{first}")).json()["state"] == "wrap-up"
    kinds = [kind for kind, _ in await _moments(agent, first)]
    assert kinds[-4:] == ["transfer-started", "transfer-cancelled", "transferred", "ended"]


async def test_bad_transfers_are_refused_with_a_reason_and_change_nothing(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await _two_queues(supervisor, agent)
    waiting = (await new_contact(supervisor, queue="experts"))["id"]  # experts holds one: now full
    first = (await new_contact(supervisor))["id"]
    not_yet = await agent.post(f"/api/contacts/{first}/transfer", json={"queue": "experts"})
    assert not_yet.status_code == 409  # offered, not connected yet
    await agent.post(f"/api/contacts/{first}/accept")
    cases = [
        ({"queue": "nowhere"}, 404, "no-such-queue"),
        ({"queue": "experts", "mode": "teleport"}, 422, None),
        ({"queue": "experts", "note": "x" * 501}, 422, None),
        ({"queue": "experts", "extra": 1}, 422, None),
        ({"queue": "experts"}, 409, "transfer-refused"),
    ]
    for body, code, error in cases:
        response = await agent.post(f"/api/contacts/{first}/transfer", json=body)
        assert response.status_code == code, (body, response.text)
        if error:
            assert response.json()["code"] == error
    assert (
        await supervisor.post(f"/api/contacts/{first}/transfer", json={"queue": "orders"})
    ).status_code == 409
    assert (await agent.get(f"/api/contacts/{first}")).json()["state"] == "connected"
    assert [c["id"] for c in (await supervisor.get("/api/queues/experts/waiting")).json()] == [waiting]
