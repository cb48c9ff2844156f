"""What `/api/events` sends over a real socket fits `EventMessage`, the schema the front end's types are
generated from: the socket's own hello and pong, routing's queues-changed and the fan-out's messages."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import websockets
from websockets.asyncio.client import ClientConnection

from parley.routing.ws_schemas import EVENT_MESSAGE
from tests.integration.conftest import session_cookie
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


async def _until(ws: ClientConnection, wanted: str, seen: list[dict[str, Any]]) -> None:
    """Reads (keeping every message) until one of type `wanted`."""
    async with asyncio.timeout(5):
        while True:
            message: dict[str, Any] = json.loads(await ws.recv())
            seen.append(message)
            if message["type"] == wanted:
                return


async def test_every_message_on_the_socket_fits_the_schema(
    server: str, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    me = await agent_id(agent)
    seen: list[dict[str, Any]] = []
    async with (
        websockets.connect(f"ws://{server}/api/events", additional_headers=session_cookie(agent)) as agent_ws,
        websockets.connect(
            f"ws://{server}/api/events", additional_headers=session_cookie(supervisor)
        ) as boss_ws,
    ):
        await _until(agent_ws, "hello", seen)
        await _until(boss_ws, "hello", seen)
        await make_queue(supervisor)
        await _until(boss_ws, "queues-changed", seen)
        await join(supervisor, me, "orders")
        await set_state(agent, "ready")
        await _until(agent_ws, "agent-state", seen)
        created = await new_contact(supervisor)
        await _until(agent_ws, "offer", seen)
        await _until(boss_ws, "queue-stats", seen)
        accepted = await agent.post(f"/api/contacts/{created['id']}/accept")
        assert accepted.status_code == 200, accepted.text
        await _until(agent_ws, "contact", seen)
        await _until(boss_ws, "routing-event", seen)
        async with websockets.connect(f"ws://{server}/api/events?contact={created['token']}") as customer:
            await _until(customer, "hello", seen)
            await supervisor.post(f"/api/contacts/{created['id']}/complete")
            await agent_ws.send("ping")
            await _until(agent_ws, "pong", seen)
    assert {m["type"] for m in seen} >= {
        "hello",
        "pong",
        "queues-changed",
        "agent-state",
        "offer",
        "queue-stats",
        "contact",
        "routing-event",
    }
    for message in seen:
        EVENT_MESSAGE.validate_python(message)
