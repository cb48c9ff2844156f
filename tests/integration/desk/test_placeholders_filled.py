"""Every placeholder docs/script-format.md documents is filled on the desk (#13 point 11): a script naming
them all runs for a real contact, agent and customer, and the operator sees no `[name]` gap; and the names
documented are exactly those validation accepts, which are exactly those the desk fills."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from parley.scripts.context import AGENT_ATTRIBUTES, CONTACT_ATTRIBUTES, CUSTOMER_ATTRIBUTES
from parley.scripts.placeholders import GLOBAL_NAMES
from tests.integration.desk.helpers import make_queue_with_script
from tests.integration.routing.helpers import agent_id, join, new_contact, set_state

DOCS = Path(__file__).resolve().parents[3] / "docs" / "script-format.md"


def documented_placeholders() -> tuple[set[str], dict[str, set[str]]]:
    """The global names and each object's attributes, as the Placeholders section of the docs lists them."""
    section = DOCS.read_text(encoding="utf-8").split("## Placeholders", 1)[1].split("\n## ", 1)[0]
    names = " ".join(section.split("\n\n", 1)[0].split())  # the first paragraph, one line
    listed = re.findall(r"`([a-z]+)\.\*` \(`([a-z_ ]+)`", names)
    objects = {head: set(attributes.split()) for head, attributes in listed}
    globals_ = set(re.findall(r"`([a-z]+)`", names.split("customer.*", 1)[0]))
    return globals_, objects


def test_the_documented_names_are_those_the_run_context_declares() -> None:
    globals_, objects = documented_placeholders()
    assert globals_ == set(GLOBAL_NAMES)
    assert objects == {
        "customer": set(CUSTOMER_ATTRIBUTES),
        "contact": set(CONTACT_ATTRIBUTES),
        "agent": set(AGENT_ATTRIBUTES),
    }


def _script(names: list[str]) -> str:
    said = " ".join(f"{name}=<{{{{ {name} }}}}>" for name in names)
    return f"""slug: every-placeholder
name: Every placeholder
language: en
direction: inbound
start: greet
outcomes:
  done: {{label: Done, success: true}}
nodes:
  greet:
    text: "Good morning, this is {{{{ agent.name }}}} from {{{{ company }}}}. {said}"
    next: finish
  finish:
    text: Thank you.
    end: done
"""


async def test_every_documented_placeholder_is_filled_on_the_desk(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    globals_, objects = documented_placeholders()
    field = await admin.post("/api/customer-fields", json={"name": "loyalty_tier", "label": "Loyalty tier"})
    assert field.status_code == 201, field.text
    names = sorted(globals_) + [f"{head}.{attr}" for head in objects for attr in sorted(objects[head])]
    names.append("customer.loyalty_tier")  # a custom field: customer.* is the card's and the admin's fields
    created = await supervisor.post("/api/scripts", json={"source": _script(names)})
    assert created.status_code == 201, created.text
    assert [d for d in created.json()["diagnostics"] if d["severity"] == "error"] == []
    published = await supervisor.post("/api/scripts/every-placeholder/publish", json={"note": "t"})
    assert published.status_code == 201, published.text

    await make_queue_with_script(supervisor, "every-placeholder")
    me = await agent_id(agent)
    await join(supervisor, me, "orders")
    email = await admin.patch(f"/api/users/{me}", json={"email": "agent@shop.example"})
    assert email.status_code == 200, email.text
    customer = await supervisor.post(
        "/api/customers",
        json={
            "name": "Nguyễn Văn An",
            "company": "An Trading",
            "phones": ["0901234567"],
            "emails": ["an@example.com"],
            "fields": {"loyalty_tier": "gold"},
        },
    )
    assert customer.status_code == 201, customer.text
    await set_state(agent, "ready")
    contact = await new_contact(supervisor, queue=None, request_type="orders", subject="Order 1001")
    assert (await agent.post(f"/api/contacts/{contact['id']}/accept")).status_code == 200

    [item] = (await agent.get("/api/desk")).json()["items"]
    view = item["run"]["view"]
    shown = dict(re.findall(r"([a-z_.]+)=<([^>]*)>", view["text"]))
    assert sorted(shown) == sorted(names)
    unfilled = {name: value for name, value in shown.items() if value in ("", f"[{name}]")}
    assert unfilled == {}
    assert [part for part in view["parts"] if part.get("ask")] == []
    assert shown["contact.waited_seconds"].isdigit()
    assert shown["contact.id"] == contact["id"]
    assert shown["contact.queue"] == "orders"
    assert shown["contact.request_type"] == "orders"
    assert shown["contact.subject"] == "Order 1001"
    assert shown["agent.email"] == "agent@shop.example"
    assert shown["customer.first_name"] == "An"
    assert shown["customer.company"] == "An Trading"
    assert shown["customer.loyalty_tier"] == "gold"
    assert shown["company"] == "Parley Demo Store"
