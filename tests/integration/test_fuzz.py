"""A bounded schemathesis run against the app: every operation of the OpenAPI document, fed valid and invalid
requests, anonymously and signed in as each role, on SQLite and PostgreSQL. No answer may be a server error,
and each answer's status must be one the document declares for the operation, with the declared media type
and body schema (problem+json for refusals).

The requests are generated once per document (derandomized, no example database: the same requests on every
run, so CI is stable) and sent by each caller to a fresh app holding the demo data, so that generated ids
find records; generating is most of the cost.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from parley.accounts.tables import UserRow
from parley.config import Settings
from parley.demo import load_demo
from parley.platform.deps import api_routes, route_access
from tests.integration.conftest import signed_in

#: Requests per operation, valid and invalid, each caller sends to an operation it may use (a deeper run:
#: PARLEY_FUZZ_EXAMPLES=60 pytest tests/integration/test_fuzz.py) ...
FUZZ_EXAMPLES = int(os.environ.get("PARLEY_FUZZ_EXAMPLES", "8"))
#: ... and to one it is refused (401 or 403, whatever else the request holds).
REFUSED_EXAMPLES = 2
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ["agent", "supervisor", "admin"]
#: Operations that end the fuzzing caller's own session (sign-out; a password change, which also counts a
#: wrong current password toward lockout) and would leave the rest of its run anonymous. Only the anonymous
#: run fuzzes them; their inputs are tested in tests/integration/accounts.
ENDS_OWN_SESSION = {("POST", "/api/auth/logout"), ("PUT", "/api/auth/me/password")}
BASE_URL = "http://testserver"


@dataclass(frozen=True)
class Planned:
    label: str
    method: str
    path: str
    case: Any


@dataclass
class Run:
    requests: int = 0
    findings: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


_PLANS: dict[str, list[Planned]] = {}


def _generate(operation: Any) -> list[Any]:
    cases: list[Any] = []
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )

    @hypothesis_settings(
        max_examples=FUZZ_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def collect(case: Any) -> None:
        cases.append(case)

    collect()
    return cases


def _plan(document: dict[str, Any]) -> list[Planned]:
    """Every operation's requests, generated once per document (it is the same for every app of a run)."""
    key = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    if key not in _PLANS:
        schema = schemathesis.openapi.from_dict(document)
        _PLANS[key] = [
            Planned(operation.label, operation.method.upper(), operation.path, case)
            for operation in (result.ok() for result in schema.get_all_operations())
            for case in _generate(operation)
        ]
    return _PLANS[key]


def _httpx_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """schemathesis serializes a case for `requests`; httpx calls a raw body `content`."""
    sent = {k: kwargs[k] for k in ("method", "url", "headers", "params", "json", "files") if k in kwargs}
    data = kwargs.get("data")
    if isinstance(data, bytes | str):
        sent["content"] = data
    elif data is not None:
        sent["data"] = data
    return sent


def _not_me(url: str, me: int | None, other: int) -> str:
    """An operation on a user is pointed away from the caller: disabling, demoting or resetting the password
    of "them" would end the run's session."""
    own = f"{BASE_URL}/api/users/{me}"
    if me is not None and (url == own or url.startswith(own + "/")):
        return f"{BASE_URL}/api/users/{other}" + url[len(own) :]
    return url


def _may_call(who: str, access: str) -> bool:
    return access == "public" or (who in ROLES and ROLES.index(who) >= ROLES.index(access))


async def _send_all(app: FastAPI, client: httpx.AsyncClient, who: str, me: int | None, other: int) -> Run:
    access = {
        (method, info.path): route_access(info.route) or "public"
        for info in api_routes(app.routes)
        for method in info.methods
    }
    plan = await asyncio.to_thread(_plan, app.openapi())
    sent_to: dict[str, int] = {}
    run = Run()
    for planned in plan:
        if who != "anonymous" and (planned.method, planned.path) in ENDS_OWN_SESSION:
            continue
        allowed = _may_call(who, access[planned.method, planned.path])
        if sent_to.get(planned.label, 0) >= (FUZZ_EXAMPLES if allowed else REFUSED_EXAMPLES):
            continue
        sent_to[planned.label] = sent_to.get(planned.label, 0) + 1
        kwargs = _httpx_kwargs(planned.case.as_transport_kwargs(base_url=BASE_URL))
        kwargs["url"] = _not_me(kwargs["url"], me, other)
        run.requests += 1
        try:
            response = await client.request(**kwargs)
        except Exception as error:  # raised through the transport: what a server would send as a 500
            run.findings.append(f"{planned.label}: {type(error).__name__}: {error}\n{kwargs}"[:1500])
            continue
        run.statuses[response.status_code] += 1
        try:
            planned.case.validate_response(response, checks=CHECKS)
        except FailureGroup as failed:
            run.findings.append(f"{planned.label}: {failed}"[:1500])
    return run


@asynccontextmanager
async def _caller(app: FastAPI, who: str) -> AsyncIterator[httpx.AsyncClient]:
    if who == "anonymous":
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client
    else:
        async with signed_in(app, who) as client:
            yield client


async def _user_ids(app: FastAPI, who: str) -> tuple[int | None, int]:
    async with app.state.database.transaction() as session:
        rows = (await session.execute(select(UserRow.username, UserRow.id))).all()
    ids = dict(rows)
    return ids.get(who), min(user_id for name, user_id in ids.items() if name != who)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Failed sign-ins cost an argon2 check each; past two a minute the address is refused at once (429).
    return settings.model_copy(update={"login_ip_failures_per_minute": 2, "demo_contacts": True})


@pytest.mark.parametrize("who", ["anonymous", "agent", "supervisor", "admin"])
async def test_fuzzed_requests_get_no_server_error_and_only_declared_answers(app: FastAPI, who: str) -> None:
    async with app.state.database.transaction() as db:  # records for the generated ids to find
        await load_demo(db, app.state.accounts, app.state.scripts)
    me, other = await _user_ids(app, who)
    started = time.monotonic()
    async with _caller(app, who) as client:
        run = await _send_all(app, client, who, me, other)
        if who != "anonymous":  # the caller stayed signed in throughout
            assert (await client.get("/api/auth/me")).status_code == 200
    elapsed = time.monotonic() - started
    report = "\n\n".join(run.findings[:10])
    assert not run.findings, f"{len(run.findings)} of {run.requests} failed in {elapsed:.1f}s:\n{report}"
    assert run.requests > 150, run.requests
    # The requests reach the services, not only the schema checks: some are valid and do their work.
    done = sum(n for status, n in run.statuses.items() if status < 300)
    assert done >= (3 if who == "anonymous" else 30), run.statuses
