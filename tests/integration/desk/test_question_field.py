"""A closed question that stores its answer in a field: picking an answer on the desk writes the customer
card, as a typed answer does; taking it back and picking another one writes the new answer."""

from __future__ import annotations

import httpx

from tests.integration.desk.helpers import answer, make_queue_with_script
from tests.integration.routing.helpers import agent_id, join, new_contact, set_state

SCRIPT = """\
slug: delivery-preference
name: Delivery preference
language: en
start: how
fields:
  delivery_way: {type: choice, label: Delivery, choices: [Courier, Pickup point], customer_field: delivery}
  other_way: {type: text, label: Other way}
outcomes:
  done: {label: Done, success: true}
nodes:
  how:
    text: How would you like your parcels delivered?
    field: delivery_way
    options:
      - {answer: courier, next: noted}
      - {answer: Pickup point, next: noted}
      - {answer: Something else, field: other_way, next: noted}
  noted: {text: "Noted: {{ delivery_way }}.", next: bye}
  bye: {text: "Thank you, goodbye!", end: done}
"""


async def test_a_chosen_answer_goes_onto_the_customer_card(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    created = await supervisor.post("/api/scripts", json={"source": SCRIPT})
    assert created.status_code == 201, created.text
    assert [d for d in created.json()["diagnostics"] if d["severity"] == "error"] == []
    published = await supervisor.post("/api/scripts/delivery-preference/publish", json={"note": "t"})
    assert published.status_code == 201, published.text
    await make_queue_with_script(supervisor, "delivery-preference")
    await join(supervisor, await agent_id(agent), "orders")
    field = await admin.post("/api/customer-fields", json={"name": "delivery", "label": "Delivery"})
    assert field.status_code == 201, field.text
    customer = await supervisor.post(
        "/api/customers", json={"name": "Trần Thị Mai", "phones": ["0901234567"]}
    )
    assert customer.status_code == 201, customer.text
    await set_state(agent, "ready")
    contact = await new_contact(supervisor)
    assert (await agent.post(f"/api/contacts/{contact['id']}/accept")).status_code == 200
    [item] = (await agent.get("/api/desk")).json()["items"]
    interaction = item["interaction"]["id"]
    assert item["run"]["view"]["options"] == ["courier", "Pickup point", "Something else"]

    item = await answer(agent, interaction, "courier")
    assert item["placed"] == {"delivery_way": "customer.delivery"}
    assert item["customer"]["fields"] == {"delivery": "Courier"}  # the choice as the field declares it
    assert item["run"]["view"]["fields"] == {"delivery_way": "Courier"}

    back = await agent.post(f"/api/interactions/{interaction}/script/back")
    assert back.status_code == 200, back.text
    assert back.json()["run"]["view"]["step"] == "how"
    assert back.json()["run"]["view"]["fields"] == {}

    item = await answer(agent, interaction, "Pickup point")
    assert item["placed"] == {"delivery_way": "customer.delivery"}
    assert item["customer"]["fields"] == {"delivery": "Pickup point"}
    assert item["run"]["view"]["text"] == "Noted: Pickup point."
    card = await supervisor.get(f"/api/customers/{customer.json()['id']}")
    assert card.json()["fields"] == {"delivery": "Pickup point"}
