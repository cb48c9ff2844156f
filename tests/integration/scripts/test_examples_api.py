"""The example scripts through the HTTP API: imported, published, and played to every outcome."""

from __future__ import annotations

import httpx

from parley.scripts.library import EXAMPLES_DIR
from tests.unit.scripts.test_examples import CONTEXTS, MAIN_EXAMPLES, reachable_outcomes

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
