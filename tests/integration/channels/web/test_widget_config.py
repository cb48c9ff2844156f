"""The widget's configuration for a site, on SQLite and PostgreSQL: public, but only for pages on the site's
own origins (CORS without credentials), in the language asked, with each topic open or not by its queue's
opening hours, nothing internal, and limited per client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from parley.channels.web.widget import RATE_LIMIT
from parley.routing.hours import DAYS
from tests.integration.channels.web.test_sites import site_body
from tests.integration.routing.helpers import make_queue

SHOP = "https://shop.example"
CONFIG_KEYS = {"name", "language", "texts", "theme", "buttons", "prechat", "topics", "open_now"}


def _tomorrow_at_ten() -> tuple[str, datetime]:
    """A day of the week that is not today (UTC), and its next 10:00 UTC."""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    return DAYS[tomorrow.weekday()], tomorrow


async def _site(admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    day, _ = _tomorrow_at_ten()
    await make_queue(supervisor, "orders")  # no hours: always open
    await make_queue(supervisor, "complaints", hours={"timezone": "UTC", "week": {day: ["10:00-11:00"]}})
    response = await admin.post("/api/web-sites", json=site_body(**changes))
    assert response.status_code == 201, response.text
    site: dict[str, Any] = response.json()
    return site


def _url(site: dict[str, Any]) -> str:
    return f"/api/widget/sites/{site['key']}"


async def test_an_allowed_origin_gets_the_config_in_its_language_with_cors_headers(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    site = await _site(admin, supervisor)
    _, opens = _tomorrow_at_ten()
    response = await anon.get(_url(site), headers={"Origin": SHOP})
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == SHOP
    assert response.headers["vary"] == "Origin"
    assert "access-control-allow-credentials" not in response.headers
    assert response.headers["cache-control"] == "no-store"
    config = response.json()
    assert set(config) == CONFIG_KEYS
    assert config == {
        "name": "Shop",
        "language": "en",
        "texts": {"greeting": "Hello! How can we help?", "offline": "We are closed."},
        "theme": {"colour": "#1a73e8", "position": "bottom-left"},
        "buttons": {"chat": True, "callback": True, "call": False},
        "prechat": {"name": "required", "contact": "either", "asks_topic": True, "consent": "Store my data"},
        "topics": [
            {"index": 0, "label": "Order question", "open": True, "next_opening": None},
            {
                "index": 1,
                "label": "Complaint",
                "open": False,
                "next_opening": config["topics"][1]["next_opening"],
            },
        ],
        "open_now": True,
    }
    assert datetime.fromisoformat(config["topics"][1]["next_opening"]) == opens
    for topic in config["topics"]:
        assert set(topic) == {"index", "label", "open", "next_opening"}
    assert "orders" not in response.text
    assert "complaints" not in response.text
    assert site["key"] not in response.text
    assert "origins" not in response.text

    # The language: ?lang= first, then Accept-Language (weights, then order), else English.
    vi = (await anon.get(_url(site), params={"lang": "vi"}, headers={"Origin": SHOP})).json()
    assert vi["language"] == "vi"
    assert vi["texts"]["greeting"] == "Xin chào!"
    assert vi["prechat"]["consent"] == "Lưu dữ liệu của tôi"
    assert [t["label"] for t in vi["topics"]] == ["Câu hỏi về đơn hàng", "Khiếu nại"]
    for accept, language in [
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("fr-FR, en;q=0.5, vi;q=0.7", "vi"),
        ("fr, de", "en"),
        ("en-GB, vi", "en"),
    ]:
        answer = await anon.get(_url(site), headers={"Origin": SHOP, "Accept-Language": accept})
        assert answer.json()["language"] == language, accept
    asked = await anon.get(
        _url(site), params={"lang": "en"}, headers={"Origin": SHOP, "Accept-Language": "vi"}
    )
    assert asked.json()["language"] == "en"
    bad = await anon.get(_url(site), params={"lang": "fr"}, headers={"Origin": SHOP})
    assert bad.status_code == 422


async def test_origins_are_matched_as_the_site_normalizes_them(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    site = await _site(admin, supervisor)
    for sent, allowed in [
        ("https://SHOP.example:443", SHOP),
        ("http://localhost:5173", "http://localhost:5173"),
    ]:
        response = await anon.get(_url(site), headers={"Origin": sent})
        assert response.status_code == 200, sent
        assert response.headers["access-control-allow-origin"] == allowed


async def test_other_origins_and_requests_without_one_are_refused(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    site = await _site(admin, supervisor)
    for headers in [
        {},
        {"Origin": "https://evil.example"},
        {"Origin": "http://shop.example"},
        {"Origin": "https://shop.example.evil.example"},
        {"Origin": "null"},
        {"Origin": "https://shop.example/path"},
        {"Origin": "x" * 5000},
    ]:
        response = await anon.get(_url(site), headers=headers)
        assert response.status_code == 403, headers
        assert response.json()["code"] == "widget-origin-refused"
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "access-control-allow-origin" not in response.headers


async def test_unknown_and_disabled_sites_get_the_same_404(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    site = await _site(admin, supervisor)
    disabled = await admin.post("/api/web-sites", json=site_body(name="Closed shop", enabled=False))
    assert disabled.status_code == 201, disabled.text
    answers = []
    for key in ["no-such-key-at-all", disabled.json()["key"]]:
        response = await anon.get(f"/api/widget/sites/{key}", headers={"Origin": SHOP})
        assert response.status_code == 404
        assert "access-control-allow-origin" not in response.headers
        answers.append(response.json())
    assert answers[0]["code"] == "widget-site-unknown"
    for answer in answers:
        answer.pop("instance", None)
    assert answers[0] == answers[1]
    # Disabling a site turns its widget off at once; a new key turns the old one off.
    body = site_body(enabled=False)
    assert (await admin.put(f"/api/web-sites/{site['id']}", json=body)).status_code == 200
    assert (await anon.get(_url(site), headers={"Origin": SHOP})).status_code == 404
    assert (await admin.put(f"/api/web-sites/{site['id']}", json=site_body())).status_code == 200
    rotated = await admin.post(f"/api/web-sites/{site['id']}/rotate-key")
    assert rotated.status_code == 200, rotated.text
    assert (await anon.get(_url(site), headers={"Origin": SHOP})).status_code == 404
    assert (await anon.get(_url(rotated.json()), headers={"Origin": SHOP})).status_code == 200


async def test_the_preflight_is_answered_for_allowed_origins_only(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    site = await _site(admin, supervisor)
    preflight = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "content-type"}
    allowed = await anon.options(_url(site), headers={"Origin": SHOP, **preflight})
    assert allowed.status_code == 204, allowed.text
    assert allowed.headers["access-control-allow-origin"] == SHOP
    assert allowed.headers["access-control-allow-methods"] == "GET"
    assert allowed.headers["access-control-allow-headers"] == "content-type"
    assert allowed.headers["access-control-max-age"] == "600"
    assert allowed.headers["vary"] == "Origin"
    assert "access-control-allow-credentials" not in allowed.headers
    assert allowed.content == b""
    refused = await anon.options(_url(site), headers={"Origin": "https://evil.example", **preflight})
    assert refused.status_code == 403
    assert refused.json()["code"] == "widget-origin-refused"
    assert "access-control-allow-origin" not in refused.headers
    unknown = await anon.options("/api/widget/sites/nope", headers={"Origin": SHOP, **preflight})
    assert unknown.status_code == 404


async def test_a_site_whose_topics_are_all_closed_is_not_open_now(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    topic = {"label": {"en": "Complaint", "vi": "Khiếu nại"}, "queue": "complaints"}
    site = await _site(admin, supervisor, topics=[topic])
    config = (await anon.get(_url(site), headers={"Origin": SHOP})).json()
    assert config["open_now"] is False
    assert config["prechat"]["asks_topic"] is False
    assert [t["open"] for t in config["topics"]] == [False]


async def test_requests_past_the_limit_are_refused_with_retry_after(
    admin: httpx.AsyncClient, supervisor: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    site = await _site(admin, supervisor)
    for _ in range(RATE_LIMIT):
        assert (await anon.get(_url(site), headers={"Origin": SHOP})).status_code == 200
    refused = await anon.get(_url(site), headers={"Origin": SHOP})
    assert refused.status_code == 429
    assert refused.json()["code"] == "widget-rate-limited"
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert (await anon.options(_url(site), headers={"Origin": SHOP})).status_code == 429
