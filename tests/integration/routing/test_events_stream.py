"""`/api/events` over a real socket: offers reach agents, statistics supervisors, places customers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection

from parley.platform.clock import ManualTimers
from parley.routing.service import Router
from tests.integration.conftest import session_cookie
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


async def _next(ws: ClientConnection, wanted: str, **match: Any) -> dict[str, Any]:
    async with asyncio.timeout(5):
        while True:
            message: dict[str, Any] = json.loads(await ws.recv())
            if message["type"] == wanted and all(message.get(k) == v for k, v in match.items()):
                return message


async def test_the_offer_reaches_the_agent_and_the_supervisor_sees_the_queue(
    server: str, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    async with (
        websockets.connect(f"ws://{server}/api/events", additional_headers=session_cookie(agent)) as agent_ws,
        websockets.connect(
            f"ws://{server}/api/events", additional_headers=session_cookie(supervisor)
        ) as boss_ws,
    ):
        assert (await _next(agent_ws, "hello"))["user_id"] == me
        await _next(boss_ws, "hello")
        await set_state(agent, "ready")
        assert (await _next(agent_ws, "agent-state"))["state"] == "ready"
        created = await new_contact(supervisor, subject="Where is my order?")
        offer = await _next(agent_ws, "offer")
        assert offer["contact"]["id"] == created["id"]
        assert offer["contact"]["subject"] == "Where is my order?"
        assert offer["contact"]["offer_expires"]
        stats = await _next(boss_ws, "queue-stats", queue_id="orders")
        assert stats["entered"] == 1
        await agent_ws.send("ping")
        await _next(agent_ws, "pong")


async def test_a_waiting_customer_follows_their_place_in_line(
    server: str, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    first = await new_contact(supervisor)
    second = await new_contact(supervisor)
    async with websockets.connect(f"ws://{server}/api/events?contact={second['token']}") as customer:
        await _next(customer, "hello")
        await supervisor.post(f"/api/contacts/{first['id']}/abandon")
        moved = await _next(customer, "status", position=1)
        assert moved["state"] == "waiting"


async def test_strangers_and_other_sites_cannot_listen(server: str, agent: httpx.AsyncClient) -> None:
    for url, headers in [
        (f"ws://{server}/api/events", {}),
        (f"ws://{server}/api/events?contact=nonsense", {}),
        (f"ws://{server}/api/events?access_token=pk_nonsense", {}),
        (f"ws://{server}/api/events", {**session_cookie(agent), "Origin": "https://evil.example"}),
    ]:
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            async with websockets.connect(url, additional_headers=headers):
                pass
        assert refused.value.response.status_code == 403


async def _grace_started(timers: ManualTimers) -> None:
    """Wait for the server to handle the socket's close, which starts the grace time (not for a timer)."""
    async with asyncio.timeout(5):
        await timers.scheduled(within=0.3)


async def _state(agent: httpx.AsyncClient) -> tuple[str, str | None]:
    me = (await agent.get("/api/agents/me")).json()
    return me["state"], me.get("reason")


async def test_a_ready_agent_whose_desk_is_gone_is_set_not_ready_after_the_grace_time(
    app: FastAPI, server: str, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    router: Router = app.state.router
    router.presence_grace = 0.3
    timers = router.timers = ManualTimers()  # the grace time runs only when the test moves it
    await make_queue(supervisor)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    url = f"ws://{server}/api/events"
    async with websockets.connect(url, additional_headers=session_cookie(agent)) as ws:
        await _next(ws, "hello")
        await set_state(agent, "ready")
    await _grace_started(timers)  # the desk is gone: the grace time starts
    timers.advance(0.29)
    async with websockets.connect(
        url, additional_headers=session_cookie(agent)
    ) as ws:  # a reload: back in time
        await _next(ws, "hello")
        assert not timers.due_within(1.0)  # the reload ended the grace time
        assert timers.advance(1.0) == 0
        await router.presence_checked()
        assert (await _state(agent))[0] == "ready"
    await _grace_started(timers)  # the browser is closed for good
    assert timers.advance(0.25) == 0
    assert (await _state(agent))[0] == "ready"
    assert timers.advance(0.1) == 1
    await router.presence_checked()
    assert await _state(agent) == ("not-ready", "disconnected")

    # An agent in a call is left alone: the call goes on without the page.
    await set_state(agent, "ready")
    async with websockets.connect(url, additional_headers=session_cookie(agent)) as ws:
        await _next(ws, "hello")
        created = await new_contact(supervisor)
        await _next(ws, "offer")
        assert (await agent.post(f"/api/contacts/{created['id']}/accept")).status_code == 200
    await _grace_started(timers)
    assert timers.advance(1.0) == 1
    await router.presence_checked()
    assert (await _state(agent))[0] == "busy"
