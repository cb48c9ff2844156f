"""Set-up shared by the routing API tests: skills, a queue, and an agent who belongs to it."""

from __future__ import annotations

from typing import Any

import httpx


async def make_queue(
    supervisor: httpx.AsyncClient, queue_id: str = "orders", **config: Any
) -> dict[str, Any]:
    body = {"id": queue_id, "name": queue_id.title(), "request_types": [queue_id], **config}
    response = await supervisor.post("/api/queues", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def agent_id(agent: httpx.AsyncClient) -> int:
    response = await agent.get("/api/agents/me")
    assert response.status_code == 200, response.text
    user_id: int = response.json()["user_id"]
    return user_id


async def join(
    supervisor: httpx.AsyncClient, user_id: int, *queues: str, skills: dict[str, int] | None = None
) -> dict[str, Any]:
    body = {"skills": skills or {}, "memberships": [{"queue_id": q} for q in queues]}
    response = await supervisor.put(f"/api/agents/{user_id}", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def set_state(agent: httpx.AsyncClient, state: str, reason: str | None = None) -> dict[str, Any]:
    response = await agent.put("/api/agents/me/state", json={"state": state, "reason": reason})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def new_contact(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {
        "channel": "voice",
        "from": "+84 90 123 4567",
        "subject": "Order 1001",
        "queue": "orders",
        **fields,
    }
    response = await client.post("/api/contacts", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
