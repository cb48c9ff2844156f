"""A script answer is the desk's hottest request: pin how many SQL statements it takes, so that a change
which adds a round trip to every answer shows up here and not only in the benchmark."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.integration.conftest import statements
from tests.integration.desk.helpers import answer, start_call


def _sql(seen: list[str]) -> list[str]:
    return [s for s in seen if s != "COMMIT"]


async def test_a_script_answer_takes_at_most_five_statements(
    app: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    interaction = await start_call(admin, supervisor, agent)
    app.state.accounts.cache_seconds = 3600  # the sign-in stays remembered whatever the machine's speed
    await agent.get("/api/auth/me")
    # The interaction with its customer, the run with its script, the emails, the card's history, the run's
    # UPDATE; then one COMMIT. The sign-in is remembered (PARLEY_AUTH_CACHE_SECONDS); nothing is read after
    # the commit.
    for reply in ("Yes", "Yes"):
        with statements(app) as seen:
            item = await answer(agent, interaction, reply)
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

    await answer(agent, interaction, "No")
    # Capturing a field for the card reads the custom-field definitions and writes the card, once.
    with statements(app) as seen:
        item = await answer(agent, interaction, "12 Main St")
    assert len(_sql(seen)) <= 7, "\n".join(seen)
    assert item["placed"] == {"new_address": "customer.address"}
    assert item["customer"]["fields"] == {"address": "12 Main St"}
    with statements(app) as seen:
        item = await answer(agent, interaction, "2026-12-01")
    assert item["placed"] == {"new_address": "customer.address", "delivery_date": "interaction"}
    assert item["interaction"]["captured"] == {"delivery_date": "2026-12-01"}

    # Later answers find the fields where they were put: nothing more is read or written for them.
    with statements(app) as seen:
        item = await answer(agent, interaction, "Yes")
    assert len(_sql(seen)) <= 5, "\n".join(seen)
    assert item["placed"] == {"new_address": "customer.address", "delivery_date": "interaction"}
    with statements(app) as seen:
        item = await answer(agent, interaction, None)
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
