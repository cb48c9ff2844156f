"""Web sites for the widget through the API, on SQLite and PostgreSQL: admins set them up (audited),
supervisors read them, agents and strangers are refused."""

from __future__ import annotations

import copy
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from parley.accounts.tables import AuditRow
from parley.channels.web import store
from tests.integration.routing.helpers import make_queue


def site_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Shop",
        "enabled": True,
        "origins": ["https://shop.example", "http://localhost:5173"],
        "topics": [
            {"label": {"en": "Order question", "vi": "Câu hỏi về đơn hàng"}, "queue": "orders"},
            {"label": {"en": "Complaint", "vi": "Khiếu nại"}, "queue": "complaints"},
        ],
        "buttons": {"chat": True, "callback": True, "call": False},
        "prechat": {"name": "required", "contact": "either"},
        "texts": {
            "en": {
                "greeting": "Hello! How can we help?",
                "offline": "We are closed.",
                "consent": "Store my data",
            },
            "vi": {
                "greeting": "Xin chào!",
                "offline": "Chúng tôi đã đóng cửa.",
                "consent": "Lưu dữ liệu của tôi",
            },
        },
        "theme": {"colour": "#1a73e8", "position": "bottom-left"},
    }
    body.update(changes)
    return body


async def _queues(supervisor: httpx.AsyncClient) -> None:
    await make_queue(supervisor, "orders")
    await make_queue(supervisor, "complaints")


async def _add(admin: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    response = await admin.post("/api/web-sites", json=site_body(**changes))
    assert response.status_code == 201, response.text
    site: dict[str, Any] = response.json()
    return site


def _settings(site: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in site.items() if k in site_body()}


async def _audit(app: FastAPI) -> list[tuple[str, str | None, dict[str, Any]]]:
    async with app.state.database.sessions() as db:
        rows = (
            await db.scalars(select(AuditRow).where(AuditRow.action.like("web-site.%")).order_by(AuditRow.id))
        ).all()
        return [(row.action, row.target, row.details) for row in rows]


async def test_every_field_round_trips_through_create_read_and_replace(
    app: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await _queues(supervisor)
    created = await _add(admin)
    assert _settings(created) == site_body()
    assert created["asks_topic"] is True
    assert len(created["key"]) >= 24
    assert created["updated_by"] == "admin"

    listed = (await admin.get("/api/web-sites")).json()
    assert [s["id"] for s in listed] == [created["id"]]
    assert listed[0] == created
    shown = await admin.get(f"/api/web-sites/{created['id']}")
    assert shown.status_code == 200
    assert shown.json() == created

    changed = site_body(
        name="Shop VN",
        enabled=False,
        origins=["https://shop.example:8443"],
        topics=[{"label": {"en": "Orders", "vi": "Đơn hàng"}, "queue": "complaints"}],
        buttons={"chat": False, "callback": True, "call": False},
        prechat={"name": "off", "contact": "phone"},
        texts={
            "en": {"greeting": "Hi\nthere", "offline": "Back at 8", "consent": "OK to keep my data"},
            "vi": {"greeting": "Chào 👋", "offline": "Quay lại lúc 8 giờ", "consent": "Đồng ý"},
        },
        theme={"colour": "#00aa55", "position": "bottom-right"},
    )
    replaced = await admin.put(f"/api/web-sites/{created['id']}", json=changed)
    assert replaced.status_code == 200, replaced.text
    after = replaced.json()
    assert _settings(after) == changed
    assert after["key"] == created["key"]  # a PUT keeps the key
    assert after["asks_topic"] is False
    assert (await admin.get(f"/api/web-sites/{created['id']}")).json() == after


async def test_origins_are_normalized(admin: httpx.AsyncClient, supervisor: httpx.AsyncClient) -> None:
    await _queues(supervisor)
    site = await _add(
        admin, origins=[" HTTPS://Shop.Example:443/ ", "http://LOCALHOST:80", "https://bücher.example"]
    )
    assert site["origins"] == ["https://shop.example", "http://localhost", "https://xn--bcher-kva.example"]


async def test_access_admins_write_supervisors_read_agents_and_strangers_are_refused(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    await _queues(supervisor)
    site = await _add(admin)
    one = f"/api/web-sites/{site['id']}"
    writes = [
        ("POST", "/api/web-sites", site_body(name="Other")),
        ("PUT", one, site_body()),
        ("POST", f"{one}/rotate-key", None),
        ("DELETE", one, None),
    ]
    reads = [("GET", "/api/web-sites", None), ("GET", one, None)]
    for method, path, body in writes + reads:
        assert (await anon.request(method, path, json=body)).status_code == 401, (method, path)
        refused = await agent.request(method, path, json=body)
        assert refused.status_code == 403, (method, path)
    for method, path, body in writes:
        assert (await supervisor.request(method, path, json=body)).status_code == 403, (method, path)
    for method, path, _ in reads:
        assert (await supervisor.request(method, path)).status_code == 200, (method, path)
    assert (await admin.get(one)).json() == site  # nothing the refused calls sent changed it


async def test_a_topic_must_route_to_an_existing_queue(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await make_queue(supervisor, "orders")
    refused = await admin.post("/api/web-sites", json=site_body())  # "complaints" does not exist
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "web-unknown-queue"
    assert refused.json()["params"] == {"queue": "complaints"}
    assert (await admin.get("/api/web-sites")).json() == []


async def test_bad_input_is_refused_with_the_field_or_the_code(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await _queues(supervisor)
    missing = site_body()
    del missing["theme"]
    cases: list[tuple[dict[str, Any], str]] = [
        (missing, "theme"),
        (site_body(origins=[]), "origins"),
        (site_body(origins=[f"https://s{i}.example" for i in range(21)]), "origins"),
        (site_body(topics=[]), "topics"),
        (site_body(name=""), "name"),
        (site_body(name="x" * 81), "name"),
        (site_body(theme={"colour": "blue", "position": "bottom-left"}), "colour"),
        (site_body(theme={"colour": "#123456", "position": "top"}), "position"),
        (site_body(prechat={"name": "maybe", "contact": "email"}), "name"),
        (site_body(prechat={"name": "off", "contact": "fax"}), "contact"),
        (site_body(surprise=1), "surprise"),
    ]
    for body, field in cases:
        response = await admin.post("/api/web-sites", json=body)
        assert response.status_code == 422, (field, response.text)
        assert field in response.text, (field, response.text)
    coded: list[tuple[dict[str, Any], str]] = [
        (site_body(origins=["https://shop.example/path"]), "web-bad-origin"),
        (site_body(origins=["https://*.shop.example"]), "web-bad-origin"),
        (site_body(origins=["http://shop.example"]), "web-insecure-origin"),
        (site_body(origins=["https://a.example", "https://A.example/"]), "web-repeated-origin"),
        (site_body(buttons={"chat": True, "callback": True, "call": True}), "web-call-button-unavailable"),
        (site_body(buttons={"chat": False, "callback": False, "call": False}), "web-no-button"),
        (site_body(name="   "), "web-bad-text"),
    ]
    for body, code in coded:
        response = await admin.post("/api/web-sites", json=body)
        assert response.status_code == 422, (code, response.text)
        assert response.json()["code"] == code, response.text
    assert (await admin.get("/api/web-sites")).json() == []
    for too_big in ("2147483648", "0"):
        assert (await admin.get(f"/api/web-sites/{too_big}")).status_code == 422


async def test_names_are_unique_and_unknown_sites_are_404(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await _queues(supervisor)
    first = await _add(admin)
    second = await _add(admin, name="Second")
    taken = await admin.put(f"/api/web-sites/{second['id']}", json=site_body(name="Shop"))
    assert taken.status_code == 409
    assert taken.json()["code"] == "web-site-name-taken"
    assert (
        await admin.put(f"/api/web-sites/{first['id']}", json=site_body())
    ).status_code == 200  # its own name
    for method in ("GET", "PUT", "DELETE"):
        body = site_body() if method == "PUT" else None
        gone = await admin.request(method, "/api/web-sites/999", json=body)
        assert gone.status_code == 404, method
        assert gone.json()["code"] == "web-site-not-found", method
    assert (await admin.post("/api/web-sites/999/rotate-key")).status_code == 404


async def test_rotating_the_key_replaces_it_and_the_old_one_is_gone(
    app: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await _queues(supervisor)
    site = await _add(admin)
    rotated = await admin.post(f"/api/web-sites/{site['id']}/rotate-key")
    assert rotated.status_code == 200, rotated.text
    new_key = rotated.json()["key"]
    assert new_key != site["key"]
    assert len(new_key) >= 24
    assert _settings(rotated.json()) == _settings(site)
    async with app.state.database.sessions() as db:
        assert await store.site_by_key(db, site["key"]) is None
        found = await store.site_by_key(db, new_key)
        assert found is not None
        assert found.id == site["id"]


async def test_delete_removes_the_site_and_every_change_is_audited(
    app: FastAPI, admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await _queues(supervisor)
    site = await _add(admin)
    target = f"web-site:{site['id']}"
    assert (await admin.put(f"/api/web-sites/{site['id']}", json=site_body(enabled=False))).status_code == 200
    assert (await admin.post(f"/api/web-sites/{site['id']}/rotate-key")).status_code == 200
    deleted = await admin.delete(f"/api/web-sites/{site['id']}")
    assert deleted.status_code == 204
    assert (await admin.get(f"/api/web-sites/{site['id']}")).status_code == 404
    assert (await admin.get("/api/web-sites")).json() == []
    audit = await _audit(app)
    assert [(action, t) for action, t, _ in audit] == [
        ("web-site.added", target),
        ("web-site.changed", target),
        ("web-site.key-rotated", target),
        ("web-site.deleted", target),
    ]
    assert audit[0][2]["origins"] == site_body()["origins"]
    assert audit[1][2]["enabled"] is False
    assert audit[3][2]["name"] == "Shop"
    assert all(site["key"] not in str(details) for _, _, details in audit)  # no key in the log


async def test_a_refused_change_leaves_the_site_as_it_was(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient
) -> None:
    await _queues(supervisor)
    site = await _add(admin)
    bad = copy.deepcopy(site_body())
    bad["topics"][0]["queue"] = "nowhere"
    assert (await admin.put(f"/api/web-sites/{site['id']}", json=bad)).status_code == 422
    assert (await admin.get(f"/api/web-sites/{site['id']}")).json() == site
