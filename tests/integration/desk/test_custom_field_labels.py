"""A custom field of customer cards has a label per UI language (`labels`), besides its default `label`;
migration 0007 adds them to fields defined before it, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from parley.platform import migrate
from parley.platform.db import make_engine
from tests.integration.conftest import _in_thread, empty_postgres_database


async def test_a_field_is_created_and_updated_with_labels_in_the_ui_languages(
    admin: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    made = await admin.post(
        "/api/customer-fields",
        json={"name": "address", "label": "Delivery address", "labels": {"vi": "Địa chỉ giao hàng"}},
    )
    assert made.status_code == 201, made.text
    assert made.json()["labels"] == {"vi": "Địa chỉ giao hàng"}
    plain = await admin.post("/api/customer-fields", json={"name": "vip", "label": "VIP", "type": "boolean"})
    assert plain.json()["labels"] == {}  # a label per language is optional
    # Every signed-in user reads them (the agent's card shows them).
    listed = {f["name"]: f for f in (await agent.get("/api/customer-fields")).json()}
    assert listed["address"]["labels"] == {"vi": "Địa chỉ giao hàng"}
    assert listed["vip"]["labels"] == {}

    # PUT replaces the label and the labels, as the admin's editor sends them; name and type stay.
    updated = await admin.put(
        "/api/customer-fields/address",
        json={"label": "Address", "labels": {"vi": "Địa chỉ", "en": "Delivery address"}},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json() == {
        **made.json(),
        "label": "Address",
        "labels": {"vi": "Địa chỉ", "en": "Delivery address"},
    }
    # A language left out has no label of its own any more.
    cleared = await admin.put("/api/customer-fields/address", json={"label": "Address"})
    assert cleared.json()["labels"] == {}
    after = {f["name"]: f for f in (await admin.get("/api/customer-fields")).json()}
    assert after["address"]["labels"] == {}
    assert after["address"]["type"] == "text"

    # Only an admin changes them; a field that does not exist is a 404 with its code.
    assert (await agent.put("/api/customer-fields/address", json={"label": "X"})).status_code == 403
    missing = await admin.put("/api/customer-fields/nothing", json={"label": "X"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "no-such-customer-field"


def _only_error(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid-request"
    [error] = response.json()["errors"]
    result: dict[str, Any] = error
    return result


@pytest.mark.parametrize("method", ["post", "put"])
async def test_labels_are_refused_in_an_unknown_language_too_long_empty_or_with_control_characters(
    admin: httpx.AsyncClient, method: str
) -> None:
    made = await admin.post("/api/customer-fields", json={"name": "address", "label": "Address"})
    assert made.status_code == 201

    async def send(labels: object) -> httpx.Response:
        if method == "post":
            return await admin.post(
                "/api/customer-fields", json={"name": "other", "label": "Other", "labels": labels}
            )
        return await admin.put("/api/customer-fields/address", json={"label": "Address", "labels": labels})

    unknown = _only_error(await send({"fr": "Adresse"}))
    assert unknown["code"] == "not-allowed"
    assert unknown["field"].startswith("labels.fr")
    assert "'en', 'vi'" in unknown["params"]["allowed"]
    too_long = _only_error(await send({"vi": "x" * 121}))
    assert (too_long["field"], too_long["code"], too_long["params"]) == (
        "labels.vi",
        "too-long",
        {"max": 120},
    )
    empty = _only_error(await send({"vi": ""}))
    assert (empty["field"], empty["code"]) == ("labels.vi", "too-short")
    for bad in ("Địa chỉ\ngiao hàng", "Địa\tchỉ"):
        control = _only_error(await send({"vi": bad}))
        assert (control["field"], control["code"]) == ("labels.vi", "control-characters")
    nul = _only_error(await send({"vi": "Địa chỉ\x00"}))  # refused before any schema (issue #13)
    assert (nul["field"], nul["code"]) == ("labels.vi", "nul-character")
    not_a_mapping = _only_error(await send(["vi", "Địa chỉ"]))
    assert (not_a_mapping["field"], not_a_mapping["code"]) == ("labels", "wrong-type")
    # the default label is held to the same rule
    label = await admin.put("/api/customer-fields/address", json={"label": "Add\nress"})
    assert _only_error(label)["code"] == "control-characters"
    # nothing of the refused requests was written
    listed = (await admin.get("/api/customer-fields")).json()
    assert [(f["name"], f["label"], f["labels"]) for f in listed] == [("address", "Address", {})]


# ------------------------------------------------------------------------------------------- migration


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables yet (the migrations are run by the test, step by step)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}"
        return
    with empty_postgres_database() as url:  # skipped without PostgreSQL, except in CI
        yield url


async def _sql(url: str, sql: str) -> list[Any]:
    """Run one statement; the rows of a SELECT."""
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(sql))
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


def _run(url: str, sql: str) -> list[Any]:
    return _in_thread(lambda: asyncio.run(_sql(url, sql)))


def test_migration_0007_gives_existing_fields_empty_labels_and_goes_back(empty_database: str) -> None:
    url = empty_database
    _in_thread(lambda: migrate.upgrade(url, "0006"))
    _run(
        url,
        "INSERT INTO customer_fields (name, label, type, created_at) "
        "VALUES ('address', 'Delivery address', 'text', CURRENT_TIMESTAMP)",
    )
    _in_thread(lambda: migrate.upgrade(url))
    [(name, labels)] = _run(url, "SELECT name, labels FROM customer_fields")
    assert (name, json.loads(labels) if isinstance(labels, str) else labels) == ("address", {})
    _run(url, """UPDATE customer_fields SET labels = '{"vi": "Địa chỉ giao hàng"}'""")
    _in_thread(lambda: migrate.downgrade(url, "0006"))
    [row] = _run(url, "SELECT * FROM customer_fields")
    assert "labels" not in row._fields
    assert row.label == "Delivery address"
    _in_thread(lambda: migrate.upgrade(url))
    assert _in_thread(lambda: asyncio.run(migrate.current_revision(url))) == migrate.head_revision()
