"""Transfers through the API: the customer moves to another queue, both interactions record it."""

from __future__ import annotations

from typing import Any

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


async def _item(client: httpx.AsyncClient, interaction_id: str) -> dict[str, Any]:
    desk = (await client.get("/api/desk")).json()
    found: dict[str, Any] = next(i for i in desk["items"] if i["interaction"]["id"] == interaction_id)
    return found


async def test_the_receiver_sees_a_new_customer_as_new_and_a_returning_one_as_returning(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    """The first agent's part of the same call is not an earlier contact: offer and card say 'new'."""
    await _two_queues(supervisor, agent)
    await set_state(supervisor, "ready")
    for phone, earlier in (("+84 90 111 2222", False), ("+84 90 333 4444", True)):
        if earlier:  # a contact of this customer some days ago, closed
            old = (await new_contact(supervisor, **{"from": phone}))["id"]
            await agent.post(f"/api/contacts/{old}/accept")
            await agent.post(f"/api/contacts/{old}/complete", json={})
            await agent.post(f"/api/interactions/{old}/wrap-up", json={"outcome": "resolved"})
        first = (await new_contact(supervisor, **{"from": phone}))["id"]
        assert (await agent.post(f"/api/contacts/{first}/accept")).status_code == 200
        leg = (
            await agent.post(f"/api/contacts/{first}/transfer", json={"queue": "experts", "mode": "blind"})
        ).json()["id"]
        offered = await _item(supervisor, leg)
        assert offered["contact"]["state"] == "offered"
        assert offered["customer"]["returning"] is earlier, phone
        assert (await supervisor.post(f"/api/contacts/{leg}/accept")).status_code == 200
        talking = await _item(supervisor, leg)
        assert talking["customer"]["returning"] is earlier
        assert talking["customer"]["interactions_count"] == (3 if earlier else 2)
        await supervisor.post(f"/api/contacts/{leg}/complete", json={})
        await supervisor.post(f"/api/interactions/{leg}/wrap-up", json={"outcome": "resolved"})
        await agent.post(f"/api/interactions/{first}/wrap-up", json={})
    # Outside a call (the customers page) the card counts every interaction.
    customer = (await supervisor.get(f"/api/interactions/{leg}")).json()["customer_id"]
    assert (await supervisor.get(f"/api/customers/{customer}")).json()["returning"] is True


async def test_the_first_agent_s_part_of_a_transferred_call_has_the_outcome_transferred(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await _two_queues(supervisor, agent)
    first = (await new_contact(supervisor))["id"]
    await agent.post(f"/api/contacts/{first}/accept")
    assert (await agent.get(f"/api/interactions/{first}")).json()["outcome"] is None
    await agent.post(f"/api/contacts/{first}/transfer", json={"queue": "experts", "mode": "blind"})
    assert (await agent.get(f"/api/interactions/{first}")).json()["outcome"] == "transferred"
    done = await agent.post(f"/api/interactions/{first}/wrap-up", json={"outcome": None})
    assert done.status_code == 200, done.text
    closed = done.json()
    assert (closed["phase"], closed["outcome"]) == ("closed", "transferred")
    found = (await supervisor.get("/api/interactions", params={"outcome": "transferred"})).json()
    assert [i["id"] for i in found] == [first]

    # The agent may still say more in the wrap-up: their outcome wins.
    second = (await new_contact(supervisor))["id"]
    await agent.post(f"/api/contacts/{second}/accept")
    await agent.post(f"/api/contacts/{second}/transfer", json={"queue": "orders", "mode": "blind"})
    chosen = await agent.post(f"/api/interactions/{second}/wrap-up", json={"outcome": "escalated"})
    assert chosen.json()["outcome"] == "escalated"
