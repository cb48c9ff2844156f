"""No edit form loses what it does not show. For each record a person edits in the product, read it, save it
with the very request its form sends with one field changed, read it again: only that field differs.

The request bodies below mirror the front end's builders, which are typed `Required<...>` over the generated
API schema so that a field the API gains cannot be left out of a form's payload (queue form `queueForm.ts`,
agent form `agentForm.ts`, customer form `customerForm.ts`; Vitest checks each builder's round trip):
- PUT replaces a record, so those forms send every field, including what they do not show (a queue's settings
  before the queue form had a picker, a customer's fields without a definition and consents the form does not
  ask about);
- PATCH (users, one's own account) changes only the fields sent;
- a script's settings are edits of its YAML text in place, so the whole source goes back with the change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from parley.scripts.library import EXAMPLES_DIR
from tests.integration.desk.helpers import start_call
from tests.integration.routing.helpers import agent_id, join

Record = dict[str, Any]
#: Fields a save changes by itself (when it happened, the draft's revision), or that follow the clock.
BOOKKEEPING = {"updated_at", "draft_revision", "draft_updated_at", "draft_updated_by"}


async def _json(response: Awaitable[httpx.Response], status: int = 200) -> Any:
    answer = await response
    assert answer.status_code == status, answer.text
    return answer.json()


async def _only_changed(
    read: Callable[[], Awaitable[Record]],
    save: Callable[[Record], Awaitable[httpx.Response]],
    changed: set[str],
    ignore: frozenset[str] = frozenset(),
) -> Record:
    before = await read()
    await _json(save(before))
    after = await read()
    skip = BOOKKEEPING | ignore
    differing = {k for k in before.keys() | after.keys() if k not in skip and before.get(k) != after.get(k)}
    assert differing == changed, {k: (before.get(k), after.get(k)) for k in differing ^ changed}
    return after


def queue_form(queue: Record) -> Record:
    """What the queue form sends (buildQueuePayload -> forUpdate): every setting, but the id and times."""
    return {k: v for k, v in queue.items() if k not in ("id", "created_at", "updated_at")}


def agent_form(agent: Record) -> Record:
    """buildProfile(profileForm(agent))"""
    return {
        "capacity": agent["capacity"],
        "skills": agent["skills"],
        "memberships": [
            {"queue_id": m["queue_id"], "tier": m["tier"], "penalty": m["penalty"]}
            for m in agent["memberships"]
        ],
    }


def customer_form(card: Record) -> Record:
    """toCustomerIn(draftOf(card, definitions)): defined and undefined fields alike, every consent flag."""
    keys = ("name", "company", "phones", "emails", "tags", "consent", "fields")
    return {k: card[k] for k in keys}


def user_form(user: Record) -> Record:
    """UserForm's PATCH: the fields it shows."""
    return {
        "display_name": user["display_name"],
        "email": user["email"],
        "role": user["role"],
        "language": user["language"],
    }


async def test_every_edit_form_changes_only_what_was_edited(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    interaction = await start_call(admin, supervisor, agent)  # a queue with a script, an agent, a call
    me = await agent_id(agent)
    await _json(supervisor.post("/api/skills", json={"name": "english", "label": "English"}), 201)
    await join(supervisor, me, "orders", skills={"english": 7})
    hours = {"timezone": "Asia/Ho_Chi_Minh", "week": {"mon": ["09:00-12:00", "13:00-18:00"]}}
    full = {
        "hours": hours,
        "skills": {"english": 2},
        "escalations": [{"after_seconds": 60, "max_tier": 2, "skills": {"english": 0}}],
        "overflow": {"after_seconds": 300, "to_queue": None},
        "max_size": 40,
        "channels": ["voice", "chat"],
    }
    queue = await _json(supervisor.get("/api/queues/orders"))
    await _json(supervisor.put("/api/queues/orders", json={**queue_form(queue), **full}))

    # The queue: its wrap-up time (this once set the script to null). The queue's script is the desk's
    # since #14, saved through the desk's own endpoint: its round trip is the desk's test.
    after = await _only_changed(
        lambda: _json(supervisor.get("/api/queues/orders")),
        lambda q: supervisor.put("/api/queues/orders", json={**queue_form(q), "wrap_up_seconds": 45}),
        {"wrap_up_seconds"},
    )
    assert after["hours"] == hours

    # An agent's profile: capacity (skills and memberships with their tier and penalty stay).
    async def agent_record() -> Record:
        agents = await _json(supervisor.get("/api/agents"))
        found: Record = next(a for a in agents if a["user_id"] == me)
        return found

    await _only_changed(
        agent_record,
        lambda a: supervisor.put(f"/api/agents/{me}", json={**agent_form(a), "capacity": 150}),
        {"capacity"},
    )

    # A skill of the catalog: its label.
    async def skill_record() -> Record:
        found: Record = next(s for s in await _json(supervisor.get("/api/skills")) if s["name"] == "english")
        return found

    await _only_changed(
        skill_record,
        lambda s: supervisor.put(
            "/api/skills/english", json={"label": "English (fluent)", "description": s["description"]}
        ),
        {"label"},
    )

    # A customer: the company; fields with and without a definition, and consents the form does not ask
    # about, stay as they were.
    card = await _json(supervisor.get("/api/customers", params={"q": "Nguyễn"}))
    customer = card[0]["id"]
    await _json(admin.post("/api/customer-fields", json={"name": "legacy_id", "label": "Old id"}), 201)
    await _json(
        admin.post("/api/customer-fields", json={"name": "orders", "label": "N", "type": "number"}), 201
    )
    extra = {
        "fields": {"address": "12 Main St", "legacy_id": "X-1", "orders": 3},
        "consent": {"email_offers": True, "sms": False},
        "tags": ["vip"],
        "emails": ["an@example.com"],
    }
    current = await _json(supervisor.get(f"/api/customers/{customer}"))
    await _json(supervisor.put(f"/api/customers/{customer}", json={**customer_form(current), **extra}))
    assert (await admin.delete("/api/customer-fields/legacy_id")).status_code == 204  # no definition now
    after = await _only_changed(
        lambda: _json(supervisor.get(f"/api/customers/{customer}")),
        lambda c: supervisor.put(
            f"/api/customers/{customer}", json={**customer_form(c), "company": "Parley Demo Store"}
        ),
        {"company"},
    )
    assert after["fields"]["legacy_id"] == "X-1"
    assert after["consent"] == {"email_offers": True, "sms": False}

    # A custom field (admin's editor, which sends the label and all the labels back): the Vietnamese label.
    async def orders_field() -> Record:
        listed = await _json(admin.get("/api/customer-fields"))
        found: Record = next(f for f in listed if f["name"] == "orders")
        return found

    await _json(admin.put("/api/customer-fields/orders", json={"label": "N", "labels": {"en": "Orders"}}))
    edited = await _only_changed(
        orders_field,
        lambda f: admin.put(
            "/api/customer-fields/orders",
            json={"label": f["label"], "labels": {**f["labels"], "vi": "Số đơn hàng"}},
        ),
        {"labels"},
    )
    assert edited["labels"] == {"en": "Orders", "vi": "Số đơn hàng"}

    # A user (admin's form, a partial update): the language.
    users = await _json(admin.get("/api/users"))
    user_id = next(u["id"] for u in users if u["username"] == "agent")
    await _json(admin.patch(f"/api/users/{user_id}", json={"email": "alex@example.com"}))
    await _only_changed(
        lambda: _json(admin.get(f"/api/users/{user_id}")),
        lambda u: admin.patch(f"/api/users/{user_id}", json={**user_form(u), "language": "vi"}),
        {"language"},
    )
    # ... and an emptied email is removed (the form sends null), not silently kept.
    await _only_changed(
        lambda: _json(admin.get(f"/api/users/{user_id}")),
        lambda u: admin.patch(f"/api/users/{user_id}", json={**user_form(u), "email": None}),
        {"email"},
    )

    # One's own account: the display name.
    await _only_changed(
        lambda: _json(admin.get(f"/api/users/{user_id}")),
        lambda _u: agent.patch("/api/auth/me", json={"display_name": "Alex A."}),
        {"display_name"},
    )

    # An interaction's notes (the desk's notes box); its durations follow the clock.
    await _only_changed(
        lambda: _json(agent.get(f"/api/interactions/{interaction}")),
        lambda _i: agent.put(f"/api/interactions/{interaction}/notes", json={"notes": "Wants a call at 5"}),
        {"notes"},
        ignore=frozenset({"durations"}),
    )

    # A script's settings: its name, edited in the text; everything else in the source is kept.
    slug = "confirm-paid-order"
    before_source = (EXAMPLES_DIR / f"{slug}.yaml").read_text(encoding="utf-8")
    assert "name: Confirm a paid order" in before_source
    after = await _only_changed(
        lambda: _json(supervisor.get(f"/api/scripts/{slug}")),
        lambda s: supervisor.put(
            f"/api/scripts/{slug}",
            json={
                "source": s["source"].replace("name: Confirm a paid order", "name: Confirm an order", 1),
                "revision": s["draft_revision"],
            },
        ),
        {"name", "source", "changed_since_publish"},
    )
    assert after["source"] == before_source.replace("name: Confirm a paid order", "name: Confirm an order", 1)


async def test_a_put_without_a_setting_is_a_replacement_and_says_so_in_the_contract(
    supervisor: httpx.AsyncClient,
) -> None:
    """PUT /api/queues/{id} replaces the queue (documented): a client that leaves a setting out resets it.
    That is why the queue form sends every setting; this pins the semantics the form relies on."""
    created = await _json(supervisor.post("/api/queues", json={"id": "c", "name": "C", "max_size": 40}), 201)
    body = queue_form(created)
    del body["max_size"]
    assert (await _json(supervisor.put("/api/queues/c", json=body)))["max_size"] is None
    contract = await _json(supervisor.get("/api/openapi.json"))
    assert "replaces" in contract["paths"]["/api/queues/{queue_id}"]["put"]["description"]
