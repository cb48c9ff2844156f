"""Routing through the API: a supervisor sets up queues and skills, contacts are offered, taken and closed."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from parley.app import create_app, shutdown
from parley.config import Settings
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


async def test_a_contact_goes_from_arrival_to_wrap_up_with_its_event_log(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    assert (
        await supervisor.post("/api/skills", json={"name": "vietnamese", "label": "Vietnamese"})
    ).status_code == 201
    await make_queue(supervisor, skills={"vietnamese": 3}, wrap_up_seconds=600)
    me = await agent_id(agent)
    profile = await join(supervisor, me, "orders", skills={"vietnamese": 5})
    assert profile["state"] == "offline"
    assert (await set_state(agent, "ready"))["state"] == "ready"

    created = await new_contact(supervisor)
    assert created["state"] == "offered"
    assert created["token"]
    mine = (await agent.get("/api/agents/me")).json()
    assert mine["state"] == "offered"
    assert mine["work"] == [{"contact_id": created["id"], "phase": "offered"}]

    accepted = await agent.post(f"/api/contacts/{created['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["state"] == "connected"
    assert accepted.json()["agent_id"] == me
    # The agent sees their contact; the stats count the answer.
    assert (await agent.get(f"/api/contacts/{created['id']}")).json()["from"] == "+84 90 123 4567"
    stats = {s["queue_id"]: s for s in (await supervisor.get("/api/queues/stats")).json()}
    assert stats["orders"]["answered"] == 1
    assert stats["orders"]["agents"] == {"busy": 1}

    done = await agent.post(f"/api/contacts/{created['id']}/complete", json={"reason": "resolved"})
    assert done.json()["state"] == "wrap-up"
    assert (await agent.get("/api/agents/me")).json()["state"] == "wrap-up"
    finished = await agent.post(f"/api/contacts/{created['id']}/wrap-up-done")
    assert finished.json()["state"] == "completed"
    assert (await agent.get("/api/agents/me")).json()["state"] == "ready"

    kinds = [e["kind"] for e in (await supervisor.get(f"/api/contacts/{created['id']}/events")).json()]
    assert kinds == ["entered", "offered", "accepted", "completed", "wrap-up-ended"]
    listed = (await supervisor.get("/api/contacts", params={"state": "completed"})).json()
    assert [c["id"] for c in listed] == [created["id"]]


async def test_offers_belong_to_their_agent_and_stale_accepts_are_refused(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    await set_state(agent, "ready")
    created = await new_contact(supervisor)
    # The supervisor is not the one it was offered to.
    refused = await supervisor.post(f"/api/contacts/{created['id']}/accept")
    assert refused.status_code == 409
    assert refused.json()["code"] == "no-such-offer"
    declined = await agent.post(f"/api/contacts/{created['id']}/decline")
    assert declined.json()["state"] == "waiting"
    again = await agent.post(f"/api/contacts/{created['id']}/accept")
    assert again.status_code == 409
    assert again.json()["code"] == "no-such-offer"


async def test_a_full_queue_refuses_with_a_reason_and_offers_a_callback(
    supervisor: httpx.AsyncClient,
) -> None:
    await make_queue(supervisor, max_size=1)
    first = await new_contact(supervisor)
    assert first["state"] == "waiting"
    assert first["position"] == 1
    second = await new_contact(supervisor)
    assert second["state"] == "refused"
    assert second["refused_reason"] == "queue-full"
    assert second["callback_possible"] is True
    chat = await supervisor.post(
        "/api/queues", json={"id": "chat", "name": "Chat", "channels": ["chat"], "max_size": 1}
    )
    assert chat.status_code == 201
    await new_contact(supervisor, queue="chat", channel="chat")
    refused_chat = await new_contact(supervisor, queue="chat", channel="chat")
    assert refused_chat["callback_possible"] is False


async def test_request_types_pick_the_queue_and_unknown_ones_are_a_clear_error(
    supervisor: httpx.AsyncClient,
) -> None:
    await make_queue(supervisor, "complaints", request_types=["complaint", "refund"])
    created = await new_contact(supervisor, queue=None, request_type="refund")
    assert created["queue_id"] == "complaints"
    response = await supervisor.post("/api/contacts", json={"channel": "voice", "request_type": "nonsense"})
    assert response.status_code == 422
    assert response.json()["code"] == "no-queue-for-request-type"
    both = await supervisor.post(
        "/api/contacts", json={"channel": "voice", "queue": "complaints", "request_type": "refund"}
    )
    assert both.status_code == 422


async def test_the_customer_sees_their_place_asks_for_a_callback_and_cancels_it(
    supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    await make_queue(supervisor, default_aht_seconds=120)
    await new_contact(supervisor)
    second = await new_contact(supervisor)
    status = await anon.get(f"/api/contact-status/{second['token']}")
    assert status.status_code == 200
    assert status.json()["position"] == 2
    assert status.json()["expected_wait"] is None  # nobody staffs the queue: no honest estimate
    callback = await anon.post(f"/api/contact-status/{second['token']}/callback", json={})
    assert callback.status_code == 200, callback.text
    assert callback.json()["contact"]["callback"] is True
    assert callback.json()["contact"]["state"] == "waiting"  # it keeps its place
    waiting = (await supervisor.get("/api/queues/orders/waiting")).json()
    assert [c["id"] for c in waiting] == [c["id"] for c in waiting]
    assert waiting[1]["id"] == second["id"]
    assert waiting[1]["callback"] is True
    cancelled = await anon.delete(f"/api/contact-status/{second['token']}/callback")
    assert cancelled.json()["state"] == "cancelled"
    assert (await anon.get("/api/contact-status/not-a-token")).status_code == 404


async def test_skills_are_edited_and_not_deleted_while_in_use(supervisor: httpx.AsyncClient) -> None:
    await supervisor.post("/api/skills", json={"name": "billing", "label": "Billing"})
    edited = await supervisor.put(
        "/api/skills/billing", json={"label": "Billing and refunds", "description": "x"}
    )
    assert edited.status_code == 200
    assert edited.json()["label"] == "Billing and refunds"
    await make_queue(supervisor, skills={"billing": 2})
    assert (await supervisor.get("/api/skills")).json()[0]["used_by_queues"] == 1
    refused = await supervisor.delete("/api/skills/billing")
    assert refused.status_code == 409
    assert refused.json()["code"] == "skill-in-use"
    assert (await supervisor.put("/api/skills/nope", json={"label": "x"})).status_code == 404


async def test_queue_input_is_checked(supervisor: httpx.AsyncClient) -> None:
    bad = [
        {"id": "Bad Id", "name": "x"},
        {"id": "q", "name": "x", "strategy": "loudest"},
        {"id": "q", "name": "x", "service_level": {"fraction": 1.5, "seconds": 20}},
        {"id": "q", "name": "x", "hours": {"timezone": "UTC", "week": {"mon": ["18:00-09:00"]}}},
        {"id": "q", "name": "x", "hours": {"timezone": "Mars/Olympus", "week": {"mon": ["09:00-18:00"]}}},
        {"id": "q", "name": "x", "escalations": [{"after_seconds": 60}, {"after_seconds": 30}]},
        {"id": "q", "name": "x", "overflow": {"after_seconds": 60, "to_queue": "nowhere"}},
        {"id": "q", "name": "x", "skills": {"klingon": 3}},
        {"id": "q", "name": "x", "surprise": True},
    ]
    for body in bad:
        response = await supervisor.post("/api/queues", json=body)
        assert 400 <= response.status_code < 500, (body, response.text)
        assert response.json()["detail"], body
    assert (await supervisor.get("/api/queues")).json() == []
    await make_queue(supervisor)
    duplicate = await supervisor.post("/api/queues", json={"id": "orders", "name": "Again"})
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "queue-exists"


async def test_queue_settings_round_trip_and_a_queue_in_use_is_not_deleted(
    supervisor: httpx.AsyncClient,
) -> None:
    config = {
        "channels": ["voice", "callback"],
        "strategy": "round-robin",
        "service_level": {"fraction": 0.9, "seconds": 30},
        "hours": {"timezone": "Asia/Ho_Chi_Minh", "week": {"mon": ["08:00-12:00", "13:00-17:30"]}},
        "closed_behaviour": "queue",
        "escalations": [{"after_seconds": 60.0, "max_tier": 2, "skills": {}}],
        "overflow": {"after_seconds": 600.0, "to_queue": None},
    }
    created = await make_queue(supervisor, **config)
    for key, value in config.items():
        assert created[key] == value, key
    updated = await supervisor.put("/api/queues/orders", json={"name": "Orders", "priority": 5})
    assert updated.json()["priority"] == 5
    assert updated.json()["hours"] is None
    await new_contact(supervisor)
    blocked = await supervisor.delete("/api/queues/orders")
    assert blocked.status_code == 409
    assert blocked.json()["code"] == "queue-not-empty"
    assert blocked.json()["params"]["queue"] == "orders"


async def test_waiting_contacts_survive_a_restart_in_the_same_order(
    app: FastAPI, settings: Settings, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    ids = [(await new_contact(supervisor, subject=f"#{n}"))["id"] for n in range(4)]
    await set_state(agent, "ready")  # the first one is offered to the agent, then the server "crashes"
    await app.state.router.close()

    restarted = create_app(settings)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=restarted), base_url="http://t"
        ) as client:
            login = await client.post(
                "/api/auth/login", json={"username": "agent", "password": "agent-password-1"}
            )
            client.headers["x-csrf-token"] = login.json()["csrf_token"]
            mine = (await client.get("/api/agents/me")).json()
            # The open offer did not survive; it is offered again from the front of the line, once.
            assert [w["contact_id"] for w in mine["work"]] == [ids[0]]
            sup = await client.post(
                "/api/auth/login", json={"username": "supervisor", "password": "supervisor-password-1"}
            )
            client.headers["x-csrf-token"] = sup.json()["csrf_token"]
            waiting = (await client.get("/api/queues/orders/waiting")).json()
            assert [c["id"] for c in waiting] == ids[1:]
            assert [c["position"] for c in waiting] == [1, 2, 3]
            # Today's statistics are rebuilt from the event log.
            stats = (await client.get("/api/queues/stats")).json()
            assert stats[0]["entered"] == 4
            assert stats[0]["waiting"] == 3
    finally:
        await shutdown(restarted)


async def test_a_supervisor_sets_an_agent_not_ready_but_cannot_log_off_a_busy_one(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    await set_state(agent, "ready")
    paused = await supervisor.put(
        f"/api/agents/{me}/state", json={"state": "not-ready", "reason": "coaching"}
    )
    assert paused.status_code == 200
    assert (paused.json()["state"], paused.json()["reason"]) == ("not-ready", "coaching")
    assert (await new_contact(supervisor))["state"] == "waiting"
    await set_state(agent, "ready")
    offered = (await agent.get("/api/agents/me")).json()["work"][0]["contact_id"]
    await agent.post(f"/api/contacts/{offered}/accept")
    refused = await supervisor.put(f"/api/agents/{me}/state", json={"state": "offline"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "contacts-open"
    listed = (await supervisor.get("/api/agents")).json()
    # Agents only: an admin or a supervisor without a routing profile is no agent (no Ready buttons for
    # them on the live board) ...
    assert [(a["username"], a["role"], a["state"]) for a in listed] == [("agent", "agent", "busy")]
    # ... unless asked for everyone, to give one a profile.
    everyone = (await supervisor.get("/api/agents", params={"everyone": "true"})).json()
    assert [(a["username"], a["role"], a["state"]) for a in everyone] == [
        ("admin", "admin", "offline"),
        ("agent", "agent", "busy"),
        ("supervisor", "supervisor", "offline"),
    ]
    unknown = await supervisor.put("/api/agents/999/state", json={"state": "offline"})
    assert unknown.status_code == 404


async def test_agents_not_yet_seen_are_listed_and_staff_with_a_profile_too(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    """A new agent is listed before their first shift; a supervisor who only opened the desk is not; one
    given queues is; the reason a supervisor sets is a code the UI translates."""
    await make_queue(supervisor)
    assert (await supervisor.get("/api/desk")).status_code == 200  # routing now knows the supervisor
    assert [a["username"] for a in (await supervisor.get("/api/agents")).json()] == ["agent"]
    boss = await agent_id(supervisor)
    await join(supervisor, boss, "orders")
    assert [a["username"] for a in (await supervisor.get("/api/agents")).json()] == ["agent", "supervisor"]
    agent_user = next(u["id"] for u in (await admin.get("/api/users")).json() if u["username"] == "agent")
    await set_state(supervisor, "ready")
    paused = await supervisor.put(f"/api/agents/{boss}/state", json={"state": "not-ready"})
    assert paused.json()["reason"] == "set-by-supervisor"
    assert (
        await supervisor.put(f"/api/agents/{agent_user}/state", json={"state": "ready"})
    ).status_code == 404
