"""The desk page's API: offer, answer, the script with the customer's data, fields onto the card, an email
offer through a real SMTP server (once, however often it is clicked), holds, wrap-up; all restorable."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from aiosmtpd.controller import Controller

from parley.config import Settings
from parley.demo import copy_demo_attachments
from parley.scripts.library import EXAMPLES_DIR
from tests.integration.desk.helpers import answer, make_queue_with_script
from tests.integration.mailserver import start_smtp
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state


@pytest.fixture
def smtp() -> Iterator[Controller]:
    controller = start_smtp()
    yield controller
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


@pytest.fixture
def settings(settings: Settings, smtp: Controller) -> Settings:
    return settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False}
    )


async def _publish(supervisor: httpx.AsyncClient, slug: str) -> None:
    source = (EXAMPLES_DIR / f"{slug}.yaml").read_text(encoding="utf-8")
    assert (await supervisor.post("/api/scripts", json={"source": source})).status_code == 201
    assert (await supervisor.post(f"/api/scripts/{slug}/publish", json={"note": "test"})).status_code == 201


async def test_the_script_appears_fills_the_card_and_sends_the_offer_once(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, smtp: Controller, settings: Settings
) -> None:
    await _publish(supervisor, "insoles-invitation")
    await make_queue_with_script(supervisor, "insoles-invitation", wrap_up_seconds=300)
    await join(supervisor, await agent_id(agent), "orders")
    customer = await supervisor.post(
        "/api/customers", json={"name": "Nguyễn Văn An", "phones": ["0901234567"]}
    )
    assert customer.status_code == 201
    await set_state(agent, "ready")
    contact = await new_contact(supervisor, subject="Insoles")

    desk = (await agent.get("/api/desk")).json()
    assert desk["state"] == "offered"
    [offered] = desk["items"]
    assert offered["contact"]["offer_expires"]
    assert offered["customer"]["name"] == "Nguyễn Văn An"
    assert offered["run"] is None
    await agent.post(f"/api/contacts/{contact['id']}/accept")

    [item] = (await agent.get("/api/desk")).json()["items"]  # as after a reload
    assert item["run"]["view"]["text"].startswith(
        "Good morning, An! My name is Agent from Parley Demo Store."
    )
    interaction = item["interaction"]["id"]
    for reply in (None, "Yes", "Fitting in store", None):
        await answer(agent, interaction, reply)
    asked = await answer(agent, interaction, "An@Example.com")
    assert asked["placed"]["email"] == "customer.email"
    assert asked["customer"]["emails"] == ["an@example.com"]
    offer = asked["run"]["view"]["email"]
    assert offer["subject"] == "An, your free insole fitting at Parley Demo Store"

    body = {
        "to": "an@example.com",
        "subject": offer["subject"],
        "body": offer["body"] + "\nSee you soon!",
        "template": "insoles-invitation",
        "key": "click-0001",
    }
    missing = await agent.post(f"/api/interactions/{interaction}/emails", json=body)
    assert missing.status_code == 422  # the leaflet the template attaches is not on the server yet
    assert missing.json()["code"] == "attachment-missing"
    assert missing.json()["missing"] == ["insoles-leaflet.pdf"]
    assert settings.attachments_dir is not None
    copy_demo_attachments(settings.attachments_dir)
    first = await agent.post(f"/api/interactions/{interaction}/emails", json=body)
    second = await agent.post(f"/api/interactions/{interaction}/emails", json=body)  # a double click
    assert first.status_code == second.status_code == 201
    assert first.json()["status"] == "sent"
    assert second.json()["id"] == first.json()["id"]
    messages = smtp.handler.messages
    assert len(messages) == 1
    assert messages[0].rcpt_tos == ["an@example.com"]
    assert messages[0].mail_from == "offers@parley.example"
    text = (
        messages[0].content.decode() if isinstance(messages[0].content, bytes) else str(messages[0].content)
    )
    assert "Hello An," in text
    assert "See you soon!" in text
    assert 'filename="insoles-leaflet.pdf"' in text
    assert "Content-Type: application/pdf" in text
    assert first.json()["attachments"] == ["insoles-leaflet.pdf"]

    bad = await agent.post(
        f"/api/interactions/{interaction}/emails", json={**body, "to": "nope", "key": "k2-k2-k2"}
    )
    assert bad.status_code == 422
    feedback = await agent.post(
        f"/api/interactions/{interaction}/script/feedback", json={"said": "Do you ship to Hue?"}
    )
    assert feedback.status_code == 201
    listed = (await supervisor.get("/api/script-feedback", params={"script": "insoles-invitation"})).json()
    assert [(f["step"], f["said"]) for f in listed] == [(feedback.json()["step"], "Do you ship to Hue?")]

    await answer(agent, interaction, None)  # the email step goes on
    await agent.post(f"/api/contacts/{contact['id']}/complete", json={})
    closed = await agent.post(
        f"/api/interactions/{interaction}/wrap-up", json={"notes": "Booked for Saturday"}
    )
    assert closed.status_code == 200, closed.text
    record = closed.json()
    assert record["phase"] == "closed"
    assert "email-sent" in [m["kind"] for m in record["timeline"]]
    assert (await agent.get("/api/desk")).json()["items"] == []


async def test_a_failed_email_is_shown_and_can_be_retried(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, smtp: Controller
) -> None:
    await make_queue(supervisor)
    await join(supervisor, await agent_id(agent), "orders")
    await set_state(agent, "ready")
    contact = await new_contact(supervisor)
    await agent.post(f"/api/contacts/{contact['id']}/accept")
    smtp.stop()  # the mail server is down
    body = {"to": "x@example.com", "subject": "Hi", "body": "Offer", "key": "retry-key-1"}
    failed = await agent.post(f"/api/interactions/{contact['id']}/emails", json=body)
    assert failed.status_code == 201
    assert failed.json()["status"] == "failed"
    assert "could not be reached" in failed.json()["error"]
    assert (await agent.get("/api/desk")).json()["items"][0]["emails"][0]["status"] == "failed"
    back_up = Controller(smtp.handler, hostname="127.0.0.1", port=smtp.port)
    back_up.start()
    try:
        retried = await agent.post(f"/api/interactions/{contact['id']}/emails/{failed.json()['id']}/retry")
    finally:
        back_up.stop()
    assert retried.json()["status"] == "sent"
    assert retried.json()["attempts"] == 2
    assert len(smtp.handler.messages) == 1
    # No script is bound to this queue: the panel says so instead of failing obscurely.
    no_script = await agent.post(f"/api/interactions/{contact['id']}/script/answer", json={"answer": "Yes"})
    assert no_script.status_code == 409
    assert no_script.json()["code"] == "no-script-run"
