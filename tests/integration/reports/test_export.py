"""The CSV export of interactions streams in chunks (keyset paging, oldest first) and lets other requests run
between chunks, so a large export does not hold up the desk."""

from __future__ import annotations

import asyncio
import csv
import io

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text, update

from parley.desk.tables import InteractionRow
from parley.reports import export as reports_export
from parley.reports import store as reports_store
from tests.integration.routing.helpers import make_queue, new_contact


async def test_the_export_pages_through_every_row_in_order(
    supervisor: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports_export, "EXPORT_CHUNK", 2)
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
    monkeypatch.setattr(reports_export, "EXPORT_CHUNK", 2)
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
    monkeypatch.setattr(reports_export, "EXPORT_CHUNK", 2)
    monkeypatch.setattr(reports_export, "EXPORT_LIMIT", 3)
    await make_queue(supervisor)
    created = [(await new_contact(supervisor))["id"] for _ in range(5)]
    exported = await supervisor.get("/api/interactions/export.csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(exported.text))] == created[:3]


async def test_an_agent_may_not_export(agent: httpx.AsyncClient) -> None:
    assert (await agent.get("/api/interactions/export.csv")).status_code == 403


async def test_every_text_column_of_the_export_is_defused_against_spreadsheet_formulas(
    app: FastAPI, supervisor: httpx.AsyncClient
) -> None:
    """A cell that starts with = + - @ runs as a formula when the CSV is opened in a spreadsheet. The outcome,
    queue and request type come from scripts and wrap-up: written hostile straight into the database here,
    whatever the API would let through, the export defuses them like the subject and the notes."""
    await make_queue(supervisor)
    contact = await new_contact(
        supervisor, subject='=HYPERLINK("http://evil.example")', **{"from": "@SUM(1)"}
    )
    async with app.state.database.sessions() as db:
        await db.execute(
            update(InteractionRow)
            .where(InteractionRow.id == contact["id"])
            .values(
                outcome="=cmd|' /C calc'!A0",
                queue_id="+orders",
                request_type="-2+3",
                notes="@notes",
                channel="=x",
            )
        )
        await db.commit()
    exported = await supervisor.get("/api/interactions/export.csv")
    assert exported.status_code == 200, exported.text
    (row,) = list(csv.DictReader(io.StringIO(exported.text)))
    assert row["outcome"] == "'=cmd|' /C calc'!A0"
    assert row["queue"] == "'+orders"
    assert row["request_type"] == "'-2+3"
    assert row["subject"] == '\'=HYPERLINK("http://evil.example")'
    assert row["from"] == "'@SUM(1)"
    assert row["notes"] == "'@notes"
    assert row["channel"] == "'=x"
    hostile = [name for name, value in row.items() if value[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert hostile == []  # no column left out: numbers and ISO times cannot start so


async def test_an_export_with_a_time_without_zone_is_refused_before_any_csv(
    supervisor: httpx.AsyncClient,
) -> None:
    for name in ("since", "until"):
        refused = await supervisor.get("/api/interactions/export.csv", params={name: "2026-12-01T00:00:00"})
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert [e["code"] for e in refused.json()["errors"]] == ["needs-time-zone"]
    fine = await supervisor.get("/api/interactions/export.csv", params={"since": "2026-12-01T00:00:00+07:00"})
    assert fine.status_code == 200
    assert fine.text.startswith("id,channel")


async def test_an_export_whose_query_fails_answers_a_problem_not_an_empty_200(
    supervisor: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first chunk is read before the answer starts: a failing query becomes problem+json, not a 200
    whose body breaks off (or is empty)."""
    monkeypatch.setattr(reports_store, "_conditions", lambda *_: [text("no_such_column = 1")])
    failed = await supervisor.get("/api/interactions/export.csv")
    assert failed.status_code == 500
    assert failed.headers["content-type"] == "application/problem+json"
    assert failed.json()["code"] == "internal-error"
