"""The CSV export of interactions streams in chunks (keyset paging, oldest first) and lets other requests run
between chunks, so a large export does not hold up the desk."""

from __future__ import annotations

import asyncio
import csv
import io

import httpx
import pytest

from parley.desk import api as desk_api
from tests.integration.routing.helpers import make_queue, new_contact


async def test_the_export_pages_through_every_row_in_order(
    supervisor: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_api, "EXPORT_CHUNK", 2)
    await make_queue(supervisor)
    created = [(await new_contact(supervisor, subject=f"Order {n}"))["id"] for n in range(5)]
    exported = await supervisor.get("/api/interactions/export.csv", params={"queue": "orders"})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"] == 'attachment; filename="interactions.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["id"] for r in rows] == created  # three chunks, oldest first, none twice or lost
    assert [r["subject"] for r in rows] == [f"Order {n}" for n in range(5)]
    assert exported.text.count("id,channel,direction") == 1  # one header


async def test_other_requests_run_between_the_chunks_of_an_export(
    supervisor: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_api, "EXPORT_CHUNK", 2)
    await make_queue(supervisor)
    for _ in range(20):
        await new_contact(supervisor)
    turns = 0
    exporting = True

    async def another_request() -> None:  # stands for the desk's requests: counts the loop's turns
        nonlocal turns
        while exporting:
            turns += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(another_request())
    await asyncio.sleep(0)
    before = turns
    exported = await supervisor.get("/api/interactions/export.csv", params={"queue": "orders"})
    during = turns - before
    exporting = False
    await other
    assert len(list(csv.DictReader(io.StringIO(exported.text)))) == 20
    assert during >= 9  # ten chunks of two: the loop turned between each (built in one go, it would not)


async def test_the_export_stops_at_its_limit(
    supervisor: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_api, "EXPORT_CHUNK", 2)
    monkeypatch.setattr(desk_api, "EXPORT_LIMIT", 3)
    await make_queue(supervisor)
    created = [(await new_contact(supervisor))["id"] for _ in range(5)]
    exported = await supervisor.get("/api/interactions/export.csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(exported.text))] == created[:3]


async def test_an_agent_may_not_export(agent: httpx.AsyncClient) -> None:
    assert (await agent.get("/api/interactions/export.csv")).status_code == 403
