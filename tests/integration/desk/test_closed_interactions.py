"""Closed means closed: wrap-up and notes cannot change a closed interaction; a supervisor corrects it."""

from __future__ import annotations

import httpx

from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


async def _closed(supervisor: httpx.AsyncClient, agent: httpx.AsyncClient) -> str:
    await make_queue(supervisor, wrap_up_seconds=300)
    await join(supervisor, await agent_id(agent), "orders")
    await set_state(agent, "ready")
    contact_id: str = (await new_contact(supervisor, subject="Order 1001"))["id"]
    assert (await agent.post(f"/api/contacts/{contact_id}/accept")).status_code == 200
    assert (await agent.post(f"/api/contacts/{contact_id}/complete", json={})).status_code == 200
    done = await agent.post(
        f"/api/interactions/{contact_id}/wrap-up", json={"outcome": "confirmed", "notes": "Friday"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["phase"] == "closed"
    return contact_id


async def test_an_agent_cannot_change_a_closed_interaction(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    contact_id = await _closed(supervisor, agent)
    again = await agent.post(
        f"/api/interactions/{contact_id}/wrap-up", json={"outcome": "lost", "notes": "rewritten"}
    )
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["code"] == "interaction-closed"
    notes = await agent.put(f"/api/interactions/{contact_id}/notes", json={"notes": "rewritten"})
    assert notes.status_code == 409
    assert notes.json()["code"] == "interaction-closed"
    record = (await agent.get(f"/api/interactions/{contact_id}")).json()
    assert (record["outcome"], record["notes"]) == ("confirmed", "Friday")
    # and an agent may not use the supervisor's correction instead
    corrected = await agent.post(
        f"/api/interactions/{contact_id}/correction", json={"outcome": "lost", "reason": "I changed my mind"}
    )
    assert corrected.status_code == 403
    assert (await agent.get(f"/api/interactions/{contact_id}")).json()["outcome"] == "confirmed"


async def test_a_supervisor_corrects_a_closed_interaction_with_a_reason_and_it_is_audited(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    contact_id = await _closed(supervisor, agent)
    url = f"/api/interactions/{contact_id}/correction"
    no_reason = await supervisor.post(url, json={"outcome": "lost"})
    assert no_reason.status_code == 422
    blank = await supervisor.post(url, json={"outcome": "lost", "reason": "   "})
    assert blank.status_code == 422
    same = await supervisor.post(url, json={"outcome": "confirmed", "reason": "checking"})
    assert same.status_code == 422
    assert same.json()["code"] == "nothing-to-correct"

    fixed = await supervisor.post(
        url, json={"outcome": "lost", "notes": "Customer cancelled on Friday", "reason": "Call review #12"}
    )
    assert fixed.status_code == 200, fixed.text
    record = fixed.json()
    assert (record["phase"], record["outcome"], record["notes"]) == (
        "closed",
        "lost",
        "Customer cancelled on Friday",
    )
    last = record["timeline"][-1]
    assert last["kind"] == "corrected"
    assert last["data"]["reason"] == "Call review #12"
    assert last["data"]["by"] == "supervisor"
    assert last["data"]["changes"] == {
        "outcome": {"from": "confirmed", "to": "lost"},
        "notes": {"from": "Friday", "to": "Customer cancelled on Friday"},
    }
    assert (await agent.get(f"/api/interactions/{contact_id}")).json()["outcome"] == "lost"

    audit = (await admin.get("/api/audit", params={"action": "interaction.corrected"})).json()
    assert len(audit) == 1
    entry = audit[0]
    assert (entry["actor"], entry["target"]) == ("supervisor", contact_id)
    assert entry["details"]["reason"] == "Call review #12"
    assert entry["details"]["changes"]["outcome"] == {"from": "confirmed", "to": "lost"}
    assert entry["details"]["changes"]["notes"] == {"from": "Friday", "to": "Customer cancelled on Friday"}


async def test_only_a_closed_interaction_is_corrected(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor, wrap_up_seconds=300)
    await join(supervisor, await agent_id(agent), "orders")
    await set_state(agent, "ready")
    contact_id = (await new_contact(supervisor))["id"]
    assert (await agent.post(f"/api/contacts/{contact_id}/accept")).status_code == 200
    live = await supervisor.post(
        f"/api/interactions/{contact_id}/correction", json={"outcome": "lost", "reason": "too early"}
    )
    assert live.status_code == 409
    assert live.json()["code"] == "interaction-not-closed"
    missing = await supervisor.post(
        "/api/interactions/no-such/correction", json={"outcome": "lost", "reason": "none"}
    )
    assert missing.status_code == 404
