"""The demo tells one story: what `parley demo load` sets up, the demo contacts each demo agent receives and
the scripts they run, and the README's account of it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from parley.config import Settings
from parley.demo import DEMO_QUEUE_SCRIPTS, DEMO_QUEUES, load_demo
from parley.desk.tables import CustomerFieldRow
from tests.integration.conftest import signed_in

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"demo_contacts": True})


@pytest.fixture
async def demo(app: FastAPI) -> list[str]:
    async with app.state.database.transaction() as db:
        return await load_demo(db, app.state.accounts, app.state.scripts)


async def _demo_call(client: httpx.AsyncClient) -> dict[str, Any]:
    """Ready, a demo contact, accepted: the desk item of the call."""
    assert (await client.put("/api/agents/me/state", json={"state": "ready"})).status_code == 200
    created = await client.post("/api/desk/demo-contact")
    assert created.status_code == 201, created.text
    accepted = await client.post(f"/api/contacts/{created.json()['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    [item] = (await client.get("/api/desk")).json()["items"]
    assert item["interaction"]["queue_id"] == created.json()["queue_id"]
    assert item["interaction"]["direction"] == "inbound"
    result: dict[str, Any] = item
    return result


async def test_each_demo_agent_gets_an_inbound_call_that_runs_an_inbound_script_in_their_language(
    app: FastAPI, demo: list[str]
) -> None:
    async with signed_in(app, "agent") as agent:
        call = await _demo_call(agent)
        assert call["interaction"]["queue_id"] == "orders"
        view = call["run"]["view"]
        assert view["slug"] == "order-enquiry"
        assert view["text"].startswith("Thank you for calling ")  # not "I am calling from …"
        assert "my name is Agent" in view["text"]
        assert call["customer"]["tags"] == ["demo"]  # the caller is a demo customer, with a card

    lan = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with lan:
        login = await lan.post("/api/auth/login", json={"username": "lan", "password": "agent-parley"})
        assert login.status_code == 200, login.text
        lan.headers["x-csrf-token"] = login.json()["csrf_token"]
        call = await _demo_call(lan)
        assert call["interaction"]["queue_id"] == "vi-orders"
        assert call["interaction"]["subject"].startswith("Đơn hàng ")
        view = call["run"]["view"]
        assert view["slug"] == "xac-nhan-don-hang"
        assert ", em là Lan. Em có thể giúp gì cho anh/chị ạ?" in view["text"]  # her given name
        assert view["options"] == ["Hỏi về đơn hàng đã thanh toán", "Việc khác"]
        # The card's custom fields have Vietnamese labels (her card shows them, not "Delivery address").
        fields = (await lan.get("/api/customer-fields")).json()
        assert {f["name"]: f["labels"].get("vi") for f in fields} == {
            "address": "Địa chỉ giao hàng",
            "orders_count": "Số đơn hàng",
        }


async def test_loading_the_demo_again_gives_its_earlier_fields_their_vietnamese_labels(
    app: FastAPI, demo: list[str]
) -> None:
    async with app.state.database.transaction() as db:
        field = await db.get(CustomerFieldRow, "address")
        assert field is not None
        field.labels = {}  # as a demo loaded before fields had labels left it
        renamed = await db.get(CustomerFieldRow, "orders_count")
        assert renamed is not None
        renamed.label, renamed.labels = "Purchases", {}  # an admin's own label is left alone
    async with app.state.database.transaction() as db:
        again = await load_demo(db, app.state.accounts, app.state.scripts)
    assert again == ["customer field address: labels"]
    async with signed_in(app, "agent") as agent:
        fields = {f["name"]: f for f in (await agent.get("/api/customer-fields")).json()}
    assert fields["address"]["labels"] == {"vi": "Địa chỉ giao hàng"}
    assert (fields["orders_count"]["label"], fields["orders_count"]["labels"]) == ("Purchases", {})


async def test_every_demo_queue_runs_a_published_inbound_script(app: FastAPI, demo: list[str]) -> None:
    async with signed_in(app, "supervisor") as supervisor:
        scripts = {s["slug"]: s for s in (await supervisor.get("/api/scripts")).json()}
        languages = set()
        for queue_id, slug in DEMO_QUEUE_SCRIPTS.items():
            assert queue_id in {queue.id for queue in DEMO_QUEUES}
            script = scripts[slug]
            assert script["direction"] == "inbound", queue_id
            assert script["published_version"] is not None, queue_id
            languages.add(script["language"])
        assert languages == {"en", "vi"}


def _count(text: str, noun: str) -> int:
    number = "|".join([r"\d+", *NUMBERS])
    found = re.search(rf"\b({number}) (?:[\w-]+ ){{0,3}}{noun}\b", text, re.IGNORECASE)
    assert found, f"the README does not say how many {noun} the demo loads"
    word = found.group(1).lower()
    return int(word) if word.isdigit() else NUMBERS[word]


async def test_the_readme_counts_what_the_demo_loads(demo: list[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("loads demo data")
    sentence = readme[start : readme.index(")", start)]
    loaded = [item.split(" ", 1)[0] for item in demo if not item.startswith("customer field ")]
    # The integration fixture made three of the users (admin, supervisor, agent) before the demo ran.
    assert _count(sentence, "users") == loaded.count("user") + 3
    assert _count(sentence, "scripts") == loaded.count("script")
    assert _count(sentence, "queues") == loaded.count("queue")
    assert _count(sentence, "skills") == loaded.count("skill")
    assert _count(sentence, "customers") == loaded.count("customer")
