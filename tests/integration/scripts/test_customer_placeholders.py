"""`{{ customer.<name> }}` names the card's own attributes or a custom field defined on the server (#13
point 11): saving, publishing and the designer's live check refuse any other, and a custom field a script
names cannot be deleted from under it."""

from __future__ import annotations

import httpx


def _script(said: str, slug: str = "customer-fields") -> str:
    return f"""slug: {slug}
name: Customer fields
language: en
direction: inbound
start: greet
outcomes:
  done: {{label: Done, success: true}}
nodes:
  greet:
    text: "Hello {{{{ customer.name }}}}. {said}"
    next: check
  check:
    branch:
      - if: "customer.loyalty_tier"
        next: finish
      - else: finish
  finish:
    text: Thank you.
    end: done
"""


def _unknown(diagnostics: list[dict[str, object]]) -> list[dict[str, object]]:
    return [d for d in diagnostics if d["code"] in ("unknown-placeholder", "unknown-name")]


async def test_a_customer_placeholder_no_field_fills_is_refused(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    assert (
        await admin.post("/api/customer-fields", json={"name": "loyalty_tier", "label": "Tier"})
    ).is_success
    source = _script("You live at {{ customer.no_such_field }}.")
    # The designer's live check says so...
    checked = (await supervisor.post("/api/scripts/validate", json={"source": source})).json()
    assert checked["valid"] is False
    [problem] = _unknown(checked["diagnostics"])
    assert problem["code"] == "unknown-placeholder"
    assert problem["params"]["placeholder"] == "customer.no_such_field"
    assert problem["params"]["reason"] == "unknown-attribute"
    assert "loyalty_tier" in str(problem["params"]["known"])  # the defined custom field is among the known
    # ... the draft is kept with its error, and publishing it is refused (422, naming the placeholder).
    created = await supervisor.post("/api/scripts", json={"source": source})
    assert created.status_code == 201, created.text
    assert created.json()["valid"] is False
    published = await supervisor.post("/api/scripts/customer-fields/publish", json={"note": "x"})
    assert published.status_code == 422, published.text
    assert published.json()["code"] == "script-invalid"
    [refused] = published.json()["diagnostics"]
    assert refused["code"] == "unknown-placeholder"
    assert refused["params"]["placeholder"] == "customer.no_such_field"


async def test_a_custom_field_is_known_once_defined(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    source = _script("Your tier is {{ customer.loyalty_tier }}.")
    before = (await supervisor.post("/api/scripts/validate", json={"source": source})).json()
    names = {
        str(d["params"].get("placeholder") or d["params"].get("name"))
        for d in _unknown(before["diagnostics"])
    }
    assert names == {"customer.loyalty_tier"}  # the text's placeholder and the branch's condition
    assert (
        await admin.post("/api/customer-fields", json={"name": "loyalty_tier", "label": "Tier"})
    ).is_success
    created = await supervisor.post("/api/scripts", json={"source": source})
    assert created.status_code == 201, created.text
    assert created.json()["valid"] is True
    assert _unknown(created.json()["diagnostics"]) == []
    published = await supervisor.post("/api/scripts/customer-fields/publish", json={"note": "first"})
    assert published.status_code == 201, published.text


async def test_a_custom_field_a_script_names_cannot_be_deleted(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    for name in ("loyalty_tier", "unused", "in_draft"):
        assert (await admin.post("/api/customer-fields", json={"name": name, "label": name})).is_success
    source = _script("Your tier is {{ customer.loyalty_tier }}.")
    assert (await supervisor.post("/api/scripts", json={"source": source})).status_code == 201
    assert (await supervisor.post("/api/scripts/customer-fields/publish", json={})).status_code == 201
    # The published version names loyalty_tier; the draft no longer does, and names in_draft instead.
    draft = _script("Noted, {{ customer.in_draft }}.").replace('if: "customer.loyalty_tier"', 'if: "true"')
    saved = await supervisor.put("/api/scripts/customer-fields", json={"source": draft, "revision": 1})
    assert saved.status_code == 200, saved.text
    for name in ("loyalty_tier", "in_draft"):
        refused = await admin.delete(f"/api/customer-fields/{name}")
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "customer-field-in-use"
        assert refused.json()["params"] == {"name": name, "scripts": "customer-fields"}
    assert (await admin.delete("/api/customer-fields/unused")).status_code == 204
    # Archived scripts (deleted by their author) hold nothing back.
    assert (await supervisor.delete("/api/scripts/customer-fields")).status_code == 204
    assert (await admin.delete("/api/customer-fields/loyalty_tier")).status_code == 204
