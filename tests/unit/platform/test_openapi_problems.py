"""The OpenAPI document declares each operation's refusals as problem+json, derived from its route."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parley.app import create_app
from parley.config import Settings
from parley.platform.deps import api_routes, route_access
from parley.platform.openapi_problems import PROBLEM_REF, refusals
from parley.platform.problems import PROBLEM_JSON


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    app = create_app(Settings(data_dir=Path(tmp_path_factory.mktemp("openapi"))))
    found: dict[str, Any] = app.openapi()
    found["x-access"] = {
        f"{method} {info.path}": route_access(info.route)
        for info in api_routes(app.routes)
        for method in info.methods
    }
    return found


#: Refusals a route answers with a body of its own: health's 503 is its report of what is down.
OWN_BODIES = {"/api/health": {503}}


def _resolved(document: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in response:
        return response
    prefix = "#/components/responses/"
    assert response["$ref"].startswith(prefix)
    found: dict[str, Any] = document["components"]["responses"][response["$ref"].removeprefix(prefix)]
    return found


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_declares_its_refusals_as_problems(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        access = document["x-access"][f"{method} {path}"]
        declared = {int(status) for status in operation["responses"] if int(status) >= 400}
        assert refusals(access, method, operation) <= declared, (method, path)
        assert {422, 503} <= declared, (method, path)
        if access != "public":
            assert {401, 403} <= declared, (method, path)
        if "{" in path:
            assert 404 in declared, (method, path)
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            assert 409 in declared, (method, path)
        if "requestBody" in operation:
            assert {400, 413} <= declared, (method, path)
        for status in declared - OWN_BODIES.get(path, set()):
            content = _resolved(document, operation["responses"][str(status)])["content"]
            assert content == {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}, (method, path, status)


def test_public_operations_declare_no_sign_in_refusals_they_cannot_give(document: dict[str, Any]) -> None:
    health = document["paths"]["/api/health"]["get"]["responses"]
    assert "401" not in health
    assert "403" not in health
    # The staff sign-in is public, but the allowlists may refuse the caller's address.
    sign_in = document["paths"]["/api/auth/session"]["post"]["responses"]
    assert "401" not in sign_in
    assert "403" in sign_in


def test_the_login_declares_its_own_lockout_and_rate_limit(document: dict[str, Any]) -> None:
    responses = document["paths"]["/api/auth/login"]["post"]["responses"]
    assert {"401", "403", "423", "429"} <= set(responses)
    assert "retry_after_seconds" in _resolved(document, responses["429"])["description"]


def test_the_problem_schema_matches_what_the_handlers_send(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    problem = schemas["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert {"params", "errors", "instance", "retry_after_seconds"} <= set(problem["properties"])
    assert problem["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/ProblemField"}
    assert set(schemas["ProblemField"]["required"]) == {"field", "message", "code", "params"}
    # FastAPI's default validation body is not what Parley sends, and is no longer referenced.
    assert "HTTPValidationError" not in schemas
