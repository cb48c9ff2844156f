"""A script answer is the desk's hottest request: pin how many SQL statements it takes, so that a change
which adds a round trip to every answer shows up here and not only in the benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event

from parley.scripts.library import EXAMPLES_DIR
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """Every statement the app's main engine sends while the block runs (COMMITs included)."""
    seen: list[str] = []
    engine = app.state.database.engine.sync_engine

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split())[:90])

    def on_commit(_conn: Any) -> None:
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)


async def start_call(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> str:
    source = (EXAMPLES_DIR / "confirm-paid-order.yaml").read_text(encoding="utf-8")
    assert (await supervisor.post("/api/scripts", json={"source": source})).status_code == 201
    published = await supervisor.post("/api/scripts/confirm-paid-order/publish", json={"note": "t"})
    assert published.status_code == 201
    await make_queue(supervisor, script="confirm-paid-order")
    await join(supervisor, await agent_id(agent), "orders")
    field = await admin.post("/api/customer-fields", json={"name": "address", "label": "Address"})
    assert field.status_code == 201
    customer = await supervisor.post(
        "/api/customers", json={"name": "Nguyễn Văn An", "phones": ["0901234567"]}
    )
    assert customer.status_code == 201
    await set_state(agent, "ready")
    contact = await new_contact(supervisor)
    assert (await agent.post(f"/api/contacts/{contact['id']}/accept")).status_code == 200
    [item] = (await agent.get("/api/desk")).json()["items"]
    interaction: str = item["interaction"]["id"]
    return interaction


def _sql(seen: list[str]) -> list[str]:
    return [s for s in seen if s != "COMMIT"]


async def _answer(agent: httpx.AsyncClient, interaction: str, answer: str | None) -> dict[str, Any]:
    response = await agent.post(f"/api/interactions/{interaction}/script/answer", json={"answer": answer})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_a_script_answer_takes_at_most_five_statements(
    app: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    interaction = await start_call(admin, supervisor, agent)
    app.state.accounts.cache_seconds = 3600  # the sign-in stays remembered whatever the machine's speed
    await agent.get("/api/auth/me")
    # The interaction with its customer, the run with its script, the emails, the card's history, the run's
    # UPDATE; then one COMMIT. The sign-in is remembered (PARLEY_AUTH_CACHE_SECONDS); nothing is read after
    # the commit.
    for answer in ("Yes", "Yes"):
        with statements(app) as seen:
            item = await _answer(agent, interaction, answer)
        assert len(_sql(seen)) <= 5, "\n".join(seen)
        assert not any("FROM sessions" in s or "FROM api_tokens" in s for s in seen), seen
        assert seen.count("COMMIT") == 1, "\n".join(seen)
        assert seen[-1] == "COMMIT"
        assert not any(s.startswith("SELECT") for s in seen[seen.index("COMMIT") :]), seen
        assert not any(s.startswith("UPDATE customers") for s in seen)  # nothing to place: no card write
        assert item["customer"]["name"] == "Nguyễn Văn An"
        assert item["customer"]["interactions_count"] == 1
        assert [h["id"] for h in item["customer"]["history"]] == [interaction]
        assert item["emails"] == []
    assert item["run"]["view"]["step"] == "confirm_address"

    await _answer(agent, interaction, "No")
    # Capturing a field for the card reads the custom-field definitions and writes the card, once.
    with statements(app) as seen:
        item = await _answer(agent, interaction, "12 Main St")
    assert len(_sql(seen)) <= 7, "\n".join(seen)
    assert item["placed"] == {"new_address": "customer.address"}
    assert item["customer"]["fields"] == {"address": "12 Main St"}
    with statements(app) as seen:
        item = await _answer(agent, interaction, "2026-12-01")
    assert item["placed"] == {"new_address": "customer.address", "delivery_date": "interaction"}
    assert item["interaction"]["captured"] == {"delivery_date": "2026-12-01"}

    # Later answers find the fields where they were put: nothing more is read or written for them.
    with statements(app) as seen:
        item = await _answer(agent, interaction, "Yes")
    assert len(_sql(seen)) <= 5, "\n".join(seen)
    assert item["placed"] == {"new_address": "customer.address", "delivery_date": "interaction"}
    with statements(app) as seen:
        item = await _answer(agent, interaction, None)
    assert len(_sql(seen)) <= 6, "\n".join(seen)  # the run ends: the interaction's outcome too
    assert item["run"]["view"]["finished"] is True
    assert item["interaction"]["outcome"] == item["run"]["view"]["outcome"] == "confirmed"
    assert item["customer"]["history"][0]["outcome"] == "confirmed"  # the card shows the answer's effect
    assert item["customer"]["fields"] == {"address": "12 Main St"}

    desk = (await agent.get("/api/desk")).json()  # what a reload shows is what the answer returned
    [reloaded] = desk["items"]
    assert reloaded["customer"] == item["customer"]
    assert reloaded["run"] == item["run"]
    assert reloaded["interaction"]["captured"] == item["interaction"]["captured"]
