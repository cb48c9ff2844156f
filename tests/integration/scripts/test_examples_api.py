"""The example scripts through the HTTP API: imported, published, and played to every outcome."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from parley.scripts.library import EXAMPLES_DIR
from tests.unit.scripts.test_examples import CONTEXTS, MAIN_EXAMPLES, reachable_outcomes

# The shipped examples and the sample read customer.address and customer.orders_count: defined first.
pytestmark = pytest.mark.usefixtures("demo_customer_fields")

ROOT = Path(__file__).resolve().parents[3]
ORDER = ["get-past-secretary", *MAIN_EXAMPLES]  # a sub-script is published before its callers


async def test_examples_play_to_every_outcome_through_the_api(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    for slug in ORDER:
        source = (EXAMPLES_DIR / f"{slug}.yaml").read_text(encoding="utf-8")
        created = await supervisor.post("/api/scripts", json={"source": source})
        assert created.status_code == 201, created.text
        assert created.json()["diagnostics"] == []
        published = await supervisor.post(f"/api/scripts/{slug}/publish", json={"note": "example"})
        assert published.status_code == 201, published.text
    customer = CONTEXTS[0]["customer"]
    for slug in MAIN_EXAMPLES:
        for outcome, answers in reachable_outcomes(slug, CONTEXTS[:1]).items():
            run = (await agent.post("/api/runs", json={"script": slug, "customer": customer})).json()
            for answer in answers:
                response = await agent.post(f"/api/runs/{run['id']}/answer", json={"answer": answer})
                assert response.status_code == 200, (slug, outcome, response.text)
            final = (await agent.get(f"/api/runs/{run['id']}")).json()
            assert final["view"]["outcome"] == outcome, (slug, answers)


GRAPHS = ROOT / "frontend" / "src" / "designer" / "example-graphs.json"


async def test_the_designers_fixture_holds_the_servers_graph_of_every_example(
    supervisor: httpx.AsyncClient,
) -> None:
    """The designer's unit test draws these graphs: they must be what /validate serves today.
    `WRITE_FIXTURES=1` rewrites the file after a deliberate change of the graph."""
    graphs = {}
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        answer = await supervisor.post("/api/scripts/validate", json={"source": path.read_text("utf-8")})
        assert answer.status_code == 200, answer.text
        graphs[path.stem] = answer.json()["graph"]
    if os.environ.get("WRITE_FIXTURES") == "1":
        GRAPHS.write_text(json.dumps(graphs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert json.loads(GRAPHS.read_text("utf-8")) == graphs, (
        f"{GRAPHS} is out of date: WRITE_FIXTURES=1 pytest {__file__} -k fixture rewrites it"
    )
