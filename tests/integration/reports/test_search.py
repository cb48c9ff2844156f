"""The supervisor's interaction search finds what is typed in the customer box, and its rows name their
agent."""

from __future__ import annotations

import csv
import io

import httpx

from tests.integration.desk.helpers import closed_call
from tests.integration.routing.helpers import agent_id, join, make_queue, set_state


async def test_the_customer_box_searches_what_is_typed_and_rows_name_their_agent(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor, wrap_up_seconds=300)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    await set_state(agent, "ready")
    an = await closed_call(supervisor, agent, "+84 90 123 4567", "resolved")
    binh = await closed_call(supervisor, agent, "+84 91 555 0101", "resolved")
    stranger = await closed_call(supervisor, agent, "shop-bot@example.com", None)
    card = (await supervisor.get(f"/api/interactions/{an}")).json()["customer_id"]
    await supervisor.put(
        f"/api/customers/{card}",
        json={"name": "Nguyễn Văn An", "company": "An Phát Ltd", "phones": ["+84901234567"]},
    )

    async def found(**params: str) -> list[str]:
        answer = await supervisor.get("/api/interactions", params=params)
        assert answer.status_code == 200, answer.text
        return [i["id"] for i in answer.json()]

    assert await found(customer_search="Văn An") == [an]  # part of the name, not only a picked card
    assert await found(customer_search="an phát") == [an]  # the company, in any case
    assert await found(customer_search="0901 234 567") == [an]  # the phone, however it is typed
    assert await found(customer_search="shop-bot") == [stranger]  # a caller's address
    assert set(await found(customer_search="+84")) == {an, binh}
    assert await found(customer_search="nobody at all") == []
    assert await found(customer_search="Văn An", outcome="resolved") == [an]
    exported = await supervisor.get("/api/interactions/export.csv", params={"customer_search": "Văn An"})
    assert [row["id"] for row in csv.DictReader(io.StringIO(exported.text))] == [an]

    rows = (await supervisor.get("/api/interactions")).json()
    assert {r["agent_name"] for r in rows} == {"Agent"}
    assert (await supervisor.get(f"/api/interactions/{an}")).json()["agent_name"] == "Agent"
    history = (await supervisor.get(f"/api/customers/{card}")).json()["history"]
    assert [h["agent_name"] for h in history] == ["Agent"]
