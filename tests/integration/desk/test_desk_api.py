"""The desk through the API: contacts become interactions with a customer, a timeline and durations."""

from __future__ import annotations

import csv
import io

import httpx

from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


async def _ready_agent(supervisor: httpx.AsyncClient, agent: httpx.AsyncClient) -> int:
    await make_queue(supervisor, wrap_up_seconds=300)
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    await set_state(agent, "ready")
    return me


async def test_a_caller_is_matched_to_one_customer_however_the_number_is_typed(
    supervisor: httpx.AsyncClient,
) -> None:
    await make_queue(supervisor)
    first = await new_contact(supervisor, **{"from": "+84 90 123 4567", "subject": "Order 1001"})
    second = await new_contact(supervisor, **{"from": "0901234567", "subject": "Order 1002"})
    one = (await supervisor.get(f"/api/interactions/{first['id']}")).json()
    two = (await supervisor.get(f"/api/interactions/{second['id']}")).json()
    assert one["customer_id"] == two["customer_id"] is not None
    card = (await supervisor.get(f"/api/customers/{one['customer_id']}")).json()
    assert card["phones"] == ["+84901234567"]
    assert card["returning"] is True
    assert card["interactions_count"] == 2
    assert [h["subject"] for h in card["history"]] == ["Order 1002", "Order 1001"]
    found = (await supervisor.get("/api/customers", params={"q": "090-123-4567"})).json()
    assert [c["id"] for c in found] == [card["id"]]


async def test_from_offer_to_wrap_up_the_timeline_and_durations_are_recorded(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    me = await _ready_agent(supervisor, agent)
    created = await new_contact(supervisor, subject="=HYPERLINK(evil)")
    contact_id = created["id"]
    assert (await agent.post(f"/api/contacts/{contact_id}/accept")).status_code == 200
    for n in range(2):
        assert (await agent.get(f"/api/interactions/{contact_id}")).json()["hold_needs_confirmation"] is False
        assert (await agent.post(f"/api/interactions/{contact_id}/hold", json={})).json()[
            "phase"
        ] == "on-hold"
        resumed = (await agent.post(f"/api/interactions/{contact_id}/resume")).json()
        assert resumed["phase"] == "talking"
        # the interaction says beforehand that the third hold needs a yes, so the desk asks without a 409
        assert resumed["hold_needs_confirmation"] is (n == 1)
    third = await agent.post(f"/api/interactions/{contact_id}/hold", json={})
    assert third.status_code == 409
    assert third.json()["code"] == "hold-confirm-needed"
    assert (
        await agent.post(f"/api/interactions/{contact_id}/hold", json={"confirm": True})
    ).status_code == 200
    assert (await agent.post(f"/api/interactions/{contact_id}/resume")).status_code == 200
    early = await agent.post(f"/api/interactions/{contact_id}/wrap-up", json={"outcome": "confirmed"})
    assert early.status_code == 409
    assert early.json()["code"] == "not-in-wrap-up"
    await agent.put(f"/api/interactions/{contact_id}/notes", json={"notes": "Delivery on Friday"})
    assert (await agent.post(f"/api/contacts/{contact_id}/complete", json={})).json()["state"] == "wrap-up"
    done = await agent.post(
        f"/api/interactions/{contact_id}/wrap-up",
        json={"outcome": "confirmed", "then": "not-ready", "reason": "lunch"},
    )
    assert done.status_code == 200, done.text
    record = done.json()
    assert record["phase"] == "closed"
    assert record["outcome"] == "confirmed"
    assert record["notes"] == "Delivery on Friday"
    assert record["holds"] == 3
    assert record["agent_id"] == me
    kinds = [m["kind"] for m in record["timeline"]]
    assert kinds == [
        "received",
        "queued",
        "offered",
        "answered",
        *["hold", "resume"] * 3,
        "ended",
        "wrap-up-ended",
    ]
    durations = record["durations"]
    assert all(
        durations[k] is not None and durations[k] >= 0 for k in ("wait", "talk", "hold", "wrap_up", "total")
    )
    assert durations["total"] >= durations["wait"] + durations["talk"]
    me_now = (await agent.get("/api/agents/me")).json()
    assert (me_now["state"], me_now["reason"]) == ("not-ready", "lunch")

    found = await supervisor.get("/api/interactions", params={"agent": me, "outcome": "confirmed"})
    assert [i["id"] for i in found.json()] == [contact_id]
    assert found.headers["x-total-count"] == "1"
    assert found.json()[0]["customer_name"] == ""  # a new caller's card has no name yet
    assert (await supervisor.get("/api/interactions", params={"outcome": "lost"})).json() == []
    exported = await supervisor.get("/api/interactions/export.csv", params={"queue": "orders"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 1
    assert rows[0]["subject"] == "'=HYPERLINK(evil)"  # defused for spreadsheets
    assert rows[0]["holds"] == "3"
    assert rows[0]["outcome"] == "confirmed"


async def test_agents_only_work_their_own_interactions(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await make_queue(supervisor)
    created = await new_contact(supervisor)
    assert (await agent.get(f"/api/interactions/{created['id']}")).status_code == 403
    assert (await agent.post(f"/api/interactions/{created['id']}/hold", json={})).status_code == 403
    assert (await agent.get("/api/interactions/nope")).status_code == 404


async def test_customer_cards_are_validated_deduplicated_and_merged(supervisor: httpx.AsyncClient) -> None:
    bad = await supervisor.post("/api/customers", json={"name": "X", "phones": ["call me maybe"]})
    assert bad.status_code == 422
    assert "not a phone number" in bad.json()["detail"]
    assert bad.json()["field"] == "phones"
    anna = await supervisor.post(
        "/api/customers",
        json={
            "name": "Anna",
            "phones": ["+84 90 111 2222"],
            "emails": ["Anna@Example.com "],
            "tags": ["vip"],
        },
    )
    assert anna.status_code == 201, anna.text
    assert anna.json()["emails"] == ["anna@example.com"]
    twin = await supervisor.post("/api/customers", json={"name": "A.", "emails": ["anna@example.com"]})
    assert twin.status_code == 409
    assert twin.json()["code"] == "identity-taken"
    other = (
        await supervisor.post("/api/customers", json={"company": "Anna's Shop", "phones": ["0903334444"]})
    ).json()
    merged = await supervisor.post(
        f"/api/customers/{anna.json()['id']}/merge", json={"other_id": other["id"]}
    )
    assert merged.status_code == 200
    assert merged.json()["phones"] == ["+84901112222", "+84903334444"]
    assert merged.json()["company"] == "Anna's Shop"
    # The duplicate now leads to the merged card.
    assert (await supervisor.get(f"/api/customers/{other['id']}")).json()["id"] == anna.json()["id"]
    assert [
        c["name"] for c in (await supervisor.get("/api/customers", params={"q": "0903334444"})).json()
    ] == ["Anna"]


async def test_custom_field_values_must_suit_their_type(admin: httpx.AsyncClient) -> None:
    for name, kind in (
        ("orders_total", "number"),
        ("birthday", "date"),
        ("vip", "boolean"),
        ("note", "text"),
    ):
        made = await admin.post("/api/customer-fields", json={"name": name, "label": name, "type": kind})
        assert made.status_code == 201, made.text
    good = {"orders_total": 3, "birthday": "1990-02-28", "vip": True, "note": "likes mornings"}
    created = await admin.post("/api/customers", json={"name": "Bao", "fields": good})
    assert created.status_code == 201, created.text
    customer_id = created.json()["id"]
    cases = [
        ({"orders_total": "3"}, "orders_total", "takes a number"),
        ({"orders_total": True}, "orders_total", "takes a number"),
        ({"birthday": "28/02/1990"}, "birthday", "takes a date"),
        ({"birthday": "1990-02-30"}, "birthday", "takes a date"),
        ({"vip": "yes"}, "vip", "takes true or false"),
        ({"note": 5}, "note", "takes text"),
        ({"shoe_size": 42}, "shoe_size", "not a field of customer cards"),
    ]
    for fields, name, words in cases:
        answer = await admin.put(f"/api/customers/{customer_id}", json={"name": "Bao", "fields": fields})
        assert answer.status_code == 422, (fields, answer.text)
        unknown = name == "shoe_size"
        assert answer.json()["code"] == ("unknown-customer-field" if unknown else "bad-customer-field")
        assert answer.json()["params"]["name"] == name
        assert answer.json()["field"] == f"fields.{name}"
        assert words in answer.json()["detail"]
    card = (await admin.get(f"/api/customers/{customer_id}")).json()
    assert card["fields"] == good  # nothing half-written
    # A value kept as it was stays saveable after its field is removed; empty values are fine.
    assert (await admin.delete("/api/customer-fields/note")).status_code == 204
    kept = await admin.put(
        f"/api/customers/{customer_id}", json={"name": "Bao", "fields": {**good, "orders_total": None}}
    )
    assert kept.status_code == 200, kept.text
    changed = await admin.put(
        f"/api/customers/{customer_id}", json={"name": "Bao", "fields": {"note": "new"}}
    )
    assert changed.status_code == 422
