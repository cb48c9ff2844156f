"""A customer's email is one address: a list or a display name is refused, naming the field."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize(
    ("email", "code"),
    [("x,victim@example.com", "several-email-addresses"), ("An <an@example.com>", "bad-email")],
)
async def test_a_customer_email_is_one_address(supervisor: httpx.AsyncClient, email: str, code: str) -> None:
    created = await supervisor.post("/api/customers", json={"name": "An", "emails": [email]})
    assert created.status_code == 422, created.text
    assert created.json()["code"] == code
    assert created.json()["params"] == {"field": "emails", "value": email}
    kept = await supervisor.post("/api/customers", json={"name": "An", "emails": ["an@example.com"]})
    assert kept.status_code == 201
    update = {"name": "An", "emails": [email]}
    changed = await supervisor.put(f"/api/customers/{kept.json()['id']}", json=update)
    assert changed.status_code == 422
    assert changed.json()["code"] == code
