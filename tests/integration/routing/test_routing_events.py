"""Routing tells other slices what it did through the event bus: `RoutingChanged`, inside its write
transaction and after the commit; and it reads queues stored before the desk took over their script."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from parley.platform.deps import bus
from parley.routing.events import RoutingChanged
from parley.routing.model import QueueConfig
from parley.routing.restore import queue_as_dict
from parley.routing.tables import ContactRow, QueueRow
from tests.integration.routing.helpers import make_queue, new_contact


class Refused(Exception):
    pass


async def test_routing_publishes_what_it_did_inside_its_transaction_and_after_the_commit(
    app: FastAPI, supervisor: httpx.AsyncClient
) -> None:
    inside: list[tuple[str, bool]] = []
    after: list[RoutingChanged] = []

    async def within(db: AsyncSession, changed: RoutingChanged) -> None:
        for event in changed.events:
            if event.kind == "entered" and event.contact_id:
                # Routing's own rows of this command are in the session already: same transaction.
                inside.append((event.contact_id, await db.get(ContactRow, event.contact_id) is not None))

    bus.of(app).within(RoutingChanged, within)
    bus.of(app).on(RoutingChanged, after.append)
    await make_queue(supervisor)
    contact = await new_contact(supervisor)
    assert inside == [(contact["id"], True)]
    entered = [c for c in after if any(e.kind == "entered" for e in c.events)]
    assert len(entered) == 1
    assert contact["id"] in entered[0].contacts
    assert entered[0].contacts[contact["id"]].queue_id == "orders"


async def test_a_follower_that_refuses_inside_the_transaction_leaves_nothing_written(
    app: FastAPI, supervisor: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)

    async def refuse(_db: AsyncSession, changed: RoutingChanged) -> None:
        if any(event.kind == "entered" for event in changed.events):
            raise Refused("no")

    bus.of(app).within(RoutingChanged, refuse)
    with pytest.raises(Refused):
        await supervisor.post("/api/contacts", json={"queue": "orders", "channel": "voice"})
    assert (await supervisor.get("/api/contacts")).json() == []


async def test_a_queue_stored_with_a_script_is_read_and_routes_without_it(
    app: FastAPI, supervisor: httpx.AsyncClient
) -> None:
    """Rows written before #14 keep `script` in their config (the desk's migration copies it to its own
    table): routing neither shows nor needs it."""
    config = {**queue_as_dict(QueueConfig(id="old", name="Old")), "script": "handle-complaint"}
    async with app.state.database.transaction() as db:  # before routing first loads its queues
        db.add(QueueRow(id="old", name="Old", config=config))
    found = await supervisor.get("/api/queues/old")
    assert found.status_code == 200, found.text
    assert "script" not in found.json()
    contact = await new_contact(supervisor, queue="old")
    assert contact["queue_id"] == "old"
