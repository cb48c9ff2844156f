"""Scripts through the HTTP API: drafts, validation, publish, versions, diff, export, roll back, runs."""

from __future__ import annotations

import httpx
import pytest
import yaml

from tests.unit.scripts.sample import SAMPLE

# The shipped examples and the sample read customer.address and customer.orders_count: defined first.
pytestmark = pytest.mark.usefixtures("demo_customer_fields")

SLUG = "sample-order"


async def create(client: httpx.AsyncClient, source: str = SAMPLE) -> dict[str, object]:
    response = await client.post("/api/scripts", json={"source": source})
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_create_validate_publish_and_list(supervisor: httpx.AsyncClient) -> None:
    created = await create(supervisor)
    assert created["valid"] is True
    assert created["diagnostics"] == []
    assert created["published_version"] is None
    published = await supervisor.post(f"/api/scripts/{SLUG}/publish", json={"note": "first"})
    assert published.status_code == 201
    assert published.json()["number"] == 1
    assert published.json()["author"] == "supervisor"
    listed = (await supervisor.get("/api/scripts")).json()
    assert listed[0]["published_version"] == 1
    assert listed[0]["changed_since_publish"] is False
    again = await supervisor.post(f"/api/scripts/{SLUG}/publish", json={})
    assert again.status_code == 409
    assert again.json()["code"] == "nothing-to-publish"


async def test_an_invalid_draft_is_saved_but_cannot_be_published(supervisor: httpx.AsyncClient) -> None:
    created = await create(supervisor, SAMPLE.replace("next: can_talk", "next: nowhere"))
    assert created["valid"] is False
    errors = [d for d in created["diagnostics"] if d["severity"] == "error"]  # type: ignore[attr-defined]
    assert [e["code"] for e in errors] == ["unknown-step"]
    refused = await supervisor.post(f"/api/scripts/{SLUG}/publish", json={})
    assert refused.status_code == 422
    assert refused.json()["code"] == "script-invalid"
    assert refused.json()["diagnostics"][0]["step"] == "greet"


async def test_unreadable_source_is_refused_with_its_line(supervisor: httpx.AsyncClient) -> None:
    response = await supervisor.post("/api/scripts", json={"source": "slug: [unclosed\n"})
    assert response.status_code == 422
    assert response.json()["code"] == "script-unreadable"
    assert (await supervisor.get("/api/scripts")).json() == []


async def test_json_source_is_accepted_and_exported_as_yaml(supervisor: httpx.AsyncClient) -> None:
    import json

    source = json.dumps(yaml.safe_load(SAMPLE))
    await create(supervisor, source)
    exported = await supervisor.get(f"/api/scripts/{SLUG}/export")
    assert exported.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(exported.text)["slug"] == SLUG


async def test_concurrent_edits_conflict(supervisor: httpx.AsyncClient, admin: httpx.AsyncClient) -> None:
    created = await create(supervisor)
    revision = created["draft_revision"]
    first = await admin.put(
        f"/api/scripts/{SLUG}",
        json={"source": SAMPLE.replace("Sample order call", "A"), "revision": revision},
    )
    assert first.status_code == 200
    second = await supervisor.put(f"/api/scripts/{SLUG}", json={"source": SAMPLE, "revision": revision})
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "draft-conflict"
    assert body["updated_by"] == "admin"
    assert "Sample order call" not in body["current_source"].split("name:")[1].split("\n")[0]


async def test_versions_diff_export_and_roll_back(supervisor: httpx.AsyncClient) -> None:
    created = await create(supervisor)
    await supervisor.post(f"/api/scripts/{SLUG}/publish", json={"note": "v1"})
    changed = SAMPLE.replace("Did I answer all your questions?", "Did I answer every question you had?")
    await supervisor.put(
        f"/api/scripts/{SLUG}", json={"source": changed, "revision": created["draft_revision"]}
    )
    assert (await supervisor.get("/api/scripts")).json()[0]["changed_since_publish"] is True
    await supervisor.post(f"/api/scripts/{SLUG}/publish", json={"note": "v2"})
    diff = (await supervisor.get(f"/api/scripts/{SLUG}/diff", params={"from": 1, "to": 2})).json()
    assert diff["changed"] == [
        {
            "step": "closing",
            "changed": ["text"],
            "before": {"text": "Did I answer all your questions?"},
            "after": {"text": "Did I answer every question you had?"},
        }
    ]
    assert (await supervisor.get(f"/api/scripts/{SLUG}/export", params={"version": 1})).text == SAMPLE
    restored = await supervisor.post(f"/api/scripts/{SLUG}/versions/1/restore", json={"note": "back to v1"})
    assert restored.json()["published"]["number"] == 3
    versions = (await supervisor.get(f"/api/scripts/{SLUG}/versions")).json()
    assert [v["number"] for v in versions] == [3, 2, 1]
    assert (await supervisor.get(f"/api/scripts/{SLUG}/versions/3")).json()["source"] == SAMPLE
    missing = await supervisor.get(f"/api/scripts/{SLUG}/versions/9")
    assert missing.json()["code"] == "no-such-version"


async def test_agents_run_published_scripts_only(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    await create(supervisor)
    unpublished = await agent.post("/api/runs", json={"script": SLUG})
    assert unpublished.status_code == 404
    assert unpublished.json()["code"] == "script-not-published"
    assert (await agent.get("/api/scripts")).status_code == 403
    await supervisor.post(f"/api/scripts/{SLUG}/publish", json={})
    assert [s["slug"] for s in (await agent.get("/api/scripts/published")).json()] == [SLUG]

    started = await agent.post(
        "/api/runs", json={"script": SLUG, "customer": {"name": "Anna", "orders_count": 3}}
    )
    assert started.status_code == 201
    run = started.json()
    assert run["view"]["text"] == "Good afternoon, this is Agent from Parley Demo Store."
    run_id = run["id"]
    for answer in (None, "Yes", "2026-12-24"):
        response = await agent.post(f"/api/runs/{run_id}/answer", json={"answer": answer})
        assert response.status_code == 200, response.text
    bad = await agent.post(f"/api/runs/{run_id}/answer", json={"answer": "ten"})
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid-answer"
    assert (await agent.post(f"/api/runs/{run_id}/back")).json()["view"]["step"] == "ask_date"
    objection = await agent.post(f"/api/runs/{run_id}/objection", json={"objection": "Too expensive"})
    assert objection.json()["view"]["step"] == "price"
    for answer in (None, "2026-12-24", "5", None, None):
        response = await agent.post(f"/api/runs/{run_id}/answer", json={"answer": answer})
        assert response.status_code == 200, response.text
    final = (await agent.get(f"/api/runs/{run_id}")).json()
    assert final["view"]["finished"] is True
    assert final["view"]["outcome"] == "confirmed"
    assert final["finished_at"] is not None
    assert final["view"]["fields"] == {"delivery_date": "2026-12-24", "rating": 5}


async def test_a_run_pins_its_version(supervisor: httpx.AsyncClient, agent: httpx.AsyncClient) -> None:
    created = await create(supervisor)
    await supervisor.post(f"/api/scripts/{SLUG}/publish", json={})
    run_id = (await agent.post("/api/runs", json={"script": SLUG})).json()["id"]
    changed = SAMPLE.replace("Good afternoon, this is", "Hello, this is")
    await supervisor.put(
        f"/api/scripts/{SLUG}", json={"source": changed, "revision": created["draft_revision"]}
    )
    await supervisor.post(f"/api/scripts/{SLUG}/publish", json={})
    pinned = (await agent.get(f"/api/runs/{run_id}")).json()
    assert pinned["version"] == 1
    assert pinned["view"]["text"].startswith("Good afternoon")
    fresh = (await agent.post("/api/runs", json={"script": SLUG})).json()
    assert fresh["version"] == 2
    assert fresh["view"]["text"].startswith("Hello")


async def test_another_agents_run_is_forbidden(
    app: object, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    await create(supervisor)
    await supervisor.post(f"/api/scripts/{SLUG}/publish", json={})
    run_id = (await admin.post("/api/runs", json={"script": SLUG})).json()["id"]
    response = await agent.get(f"/api/runs/{run_id}")
    assert response.status_code == 403
    assert (await agent.get("/api/runs/no-such-run")).json()["code"] == "no-such-run"


async def test_delete_archives_a_published_script(supervisor: httpx.AsyncClient) -> None:
    await create(supervisor)
    await supervisor.post(f"/api/scripts/{SLUG}/publish", json={})
    assert (await supervisor.delete(f"/api/scripts/{SLUG}")).status_code == 204
    assert (await supervisor.get(f"/api/scripts/{SLUG}")).status_code == 404
    recreate = await supervisor.post("/api/scripts", json={"source": SAMPLE})
    assert recreate.json()["code"] == "script-exists"


async def test_validate_returns_the_graph_for_the_designer(supervisor: httpx.AsyncClient) -> None:
    answer = (await supervisor.post("/api/scripts/validate", json={"source": SAMPLE})).json()
    graph = answer["graph"]
    assert graph["start"] == "greet"
    kinds = {node["id"]: node["kind"] for node in graph["nodes"]}
    assert kinds["can_talk"] == "question"
    assert kinds["check"] == "branch"
    assert kinds["bye"] == "end"
    edges = {(e["source"], e["target"], e["kind"], e["label"], e["index"]) for e in graph["edges"]}
    assert ("can_talk", "ask_date", "answer", "Yes", 0) in edges
    condition = "rating >= 4 and customer.orders_count > 0"
    assert ("check", "offer", "condition", condition, 0) in edges
    assert ("check", "closing", "otherwise", "else", 1) in edges
    assert ("", "price", "objection", "Too expensive", 0) in edges
    assert ("price", "return", "return", "", None) in edges
    check = next(node for node in graph["nodes"] if node["id"] == "check")
    assert check["conditions"] == [condition, None]
    broken = (await supervisor.post("/api/scripts/validate", json={"source": "slug: [\n"})).json()
    assert broken["graph"] is None
    assert broken["valid"] is False


async def test_rehearse_a_draft_from_the_start_or_any_step(supervisor: httpx.AsyncClient) -> None:
    async def act(action: str, **body: object) -> dict[str, object]:
        response = await supervisor.post(
            "/api/scripts/rehearse", json={"source": SAMPLE, "action": action, **body}
        )
        assert response.status_code == 200, response.text
        answer: dict[str, object] = response.json()
        return answer

    started = await act("start", customer={"name": "Anna", "orders_count": 2})
    assert started["view"]["text"] == "Good afternoon, this is Supervisor from Parley Demo Store."  # type: ignore[index]
    state = started["state"]
    for answer in (None, "Yes", "2026-12-24", "5"):
        state = (await act("answer", state=state, answer=answer))["state"]
    at_offer = await act("answer", state=state, answer=None)
    assert at_offer["view"]["step"] == "closing"  # type: ignore[index]
    back = await act("back", state=at_offer["state"])
    assert back["view"]["step"] == "offer"  # type: ignore[index]
    assert back["view"]["email"]["subject"] == "An offer for Anna"  # type: ignore[index]
    from_step = await act("start", at="closing")
    assert from_step["view"]["step"] == "closing"  # type: ignore[index]
    assert (await supervisor.get("/api/scripts")).json() == []  # rehearsing stores nothing


async def test_rehearse_refuses_broken_drafts_and_bad_state(supervisor: httpx.AsyncClient) -> None:
    broken = SAMPLE.replace("next: can_talk", "next: nowhere")
    refused = await supervisor.post("/api/scripts/rehearse", json={"source": broken, "action": "start"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "draft-has-errors"
    [first] = refused.json()["diagnostics"]  # the first error, for the designer to word in its language
    assert (first["code"], first["params"]) == ("unknown-step", {"target": "nowhere"})
    no_state = await supervisor.post("/api/scripts/rehearse", json={"source": SAMPLE, "action": "answer"})
    assert no_state.json()["code"] == "draft-not-runnable"
    bad_state = await supervisor.post(
        "/api/scripts/rehearse", json={"source": SAMPLE, "action": "back", "state": {"slug": 1}}
    )
    assert bad_state.status_code == 422
    unknown = await supervisor.post(
        "/api/scripts/rehearse", json={"source": SAMPLE, "action": "start", "at": "x"}
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "no-such-step"


async def test_rehearse_refuses_a_tampered_state(supervisor: httpx.AsyncClient) -> None:
    started = (
        await supervisor.post("/api/scripts/rehearse", json={"source": SAMPLE, "action": "start"})
    ).json()
    state = started["state"]
    state["history"] = [{"nonsense": True}]
    state["step"] = "no-such-step"
    for action in ("back", "answer", "objection"):
        response = await supervisor.post(
            "/api/scripts/rehearse", json={"source": SAMPLE, "action": action, "state": state, "answer": "1"}
        )
        assert response.status_code in (404, 409, 422), response.text


async def test_questions_first_adds_steps_to_the_draft_text(supervisor: httpx.AsyncClient) -> None:
    response = await supervisor.post(
        "/api/scripts/questions", json={"source": SAMPLE, "text": "Anything else?\n - Yes\n - No\n"}
    )
    assert response.status_code == 200
    assert response.json()["added"] == ["q1"]
    assert response.json()["source"].startswith(SAMPLE.rstrip("\n"))
    refused = await supervisor.post("/api/scripts/questions", json={"source": SAMPLE, "text": " - Yes"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "text"
