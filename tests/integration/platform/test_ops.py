"""Health, version, the OpenAPI document and the front-end fallback."""

from __future__ import annotations

import httpx
from fastapi import FastAPI


async def test_health_checks_the_database(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_health_is_503_when_the_database_is_gone(app: FastAPI, anon: httpx.AsyncClient) -> None:
    async def broken() -> None:
        raise OSError("connection refused")

    app.state.database.ping = broken
    response = await anon.get("/api/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


async def test_version_names_the_database(agent: httpx.AsyncClient, app: FastAPI) -> None:
    body = (await agent.get("/api/version")).json()
    assert body["version"] == app.version
    assert body["database"] in ("sqlite", "postgresql")


async def test_openapi_document_is_served_and_lists_the_api(anon: httpx.AsyncClient) -> None:
    document = (await anon.get("/api/openapi.json")).json()
    assert document["info"]["title"] == "Parley"
    assert "/api/auth/login" in document["paths"]
    assert "/api/users/{user_id}" in document["paths"]


async def test_non_api_paths_explain_that_the_front_end_is_not_built(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/designer")
    assert response.status_code == 503
    assert "make install" in response.text
