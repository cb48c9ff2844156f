"""A transfer on the desk: the complaint script reaches its 'expert' step, the agent consults the refund
specialists with a note, Lan (a Vietnamese-speaking agent) sees where the call comes from and answers, the
first agent hands over and wraps up, and both interactions record the transfer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server
from tests.e2e.test_desk import api_as, finish_leftovers, open_desk, screenshot

pytestmark = pytest.mark.e2e

CALLER = "+84 91 555 0199"


def test_a_consult_transfer_from_the_script_to_a_specialist(
    page: Page, browser: Browser, server: Server
) -> None:
    context, supervisor, csrf = api_as(browser, server, "supervisor")
    other = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 850})
    try:
        # Nobody else may take these calls, and nothing left waiting by other tests may ring first.
        for agent in supervisor.get("/api/agents").json():
            if agent["state"] == "ready":
                supervisor.put(
                    f"/api/agents/{agent['user_id']}/state", data={"state": "not-ready"}, headers=csrf
                )
        for waiting in supervisor.get("/api/contacts", params={"state": "waiting"}).json():
            supervisor.post(f"/api/contacts/{waiting['id']}/abandon", headers=csrf)

        open_desk(page)
        finish_leftovers(page)
        ready = page.get_by_role("button", name="Ready", exact=True)
        if ready.is_enabled():
            ready.click()
        expect(page.get_by_test_id("agent-state")).to_have_text("Ready")
        lan = other.new_page()
        open_desk(lan, "lan")
        lan.get_by_role("button", name="Sẵn sàng", exact=True).click()
        expect(lan.get_by_test_id("agent-state")).to_have_text("Sẵn sàng")

        # A complaint: only the agent has the complaints skill Lan lacks, so it rings on the agent's desk.
        call = supervisor.post(
            "/api/contacts",
            data={
                "channel": "voice",
                "from": CALLER,
                "subject": "Refund for order 2002",
                "queue": "complaints",
            },
            headers=csrf,
        )
        assert call.status == 201, call.text()
        first = call.json()["id"]
        expect(page.get_by_test_id("offer")).to_contain_text("Refund for order 2002")
        page.keyboard.press("a")

        say = page.get_by_test_id("say")
        expect(say).to_contain_text("my name is Alex Agent")
        page.get_by_role("button", name="Next").click()
        expect(say).to_contain_text("What is your order number?")
        page.get_by_label("Order number *").fill("2002")
        page.get_by_role("button", name="Save answer").click()
        expect(say).to_contain_text("What happened with the order?")
        page.get_by_label("Problem").select_option("Damaged item")
        page.get_by_role("button", name="Save answer").click()
        page.get_by_label("Details").fill("The vase arrived broken.")
        page.get_by_role("button", name="Save answer").click()
        # The customer's wish is a closed question whose answer is kept in a field: an answer button.
        page.get_by_role("button", name=re.compile(r"^\d?\s*Refund$")).click()
        page.get_by_role("button", name=re.compile("Correct")).click()
        expect(say).to_contain_text("Our refunds specialist can settle this")

        # The script's transfer step fills in the form: the refund specialists, consult.
        page.get_by_role("button", name="Transfer now").click()
        form = page.get_by_test_id("transfer-form")
        expect(form.get_by_label("To queue")).to_have_value("experts")
        expect(form.get_by_label("How")).to_have_value("consult")
        form.get_by_label("Note for whoever takes it").fill("Broken vase, order 2002: wants a refund.")
        form.get_by_role("button", name="Transfer", exact=True).click()
        under_way = page.get_by_test_id("transfer-under-way")
        expect(under_way).to_contain_text("Transferring to Refund specialists: waiting for someone to answer")
        expect(page.get_by_test_id("agent-state")).to_have_text("Busy")

        # Lan's offer says where the call comes from, with the note; she answers.
        offer = lan.get_by_test_id("offer")
        expect(offer).to_contain_text("Refund for order 2002")
        expect(lan.get_by_test_id("offer-transfer")).to_contain_text("Alex Agent")
        # ... told to her: the note is the first agent's, the mode how it reached her, in her language.
        expect(lan.get_by_test_id("offer-transfer").get_by_test_id("transfer-note")).to_have_text(
            "Từ Alex Agent: Broken vase, order 2002: wants a refund."
        )
        expect(lan.get_by_test_id("offer-transfer")).to_contain_text("tham vấn: người chuyển đã trao đổi")
        # The first agent's part is this same call: the caller is new on the offer and on the card alike.
        expect(offer).to_contain_text("Khách hàng mới")
        lan.keyboard.press("a")
        expect(lan.get_by_test_id("transferred-from")).to_contain_text(
            "Từ Alex Agent: Broken vase, order 2002"
        )
        card = lan.get_by_test_id("caller-card")
        expect(card).to_contain_text("+84915550199")
        expect(card).to_contain_text("Khách hàng mới")
        expect(card).not_to_contain_text("Khách hàng quay lại")

        expect(under_way).to_contain_text("Nguyễn Thị Lan answered the transfer to Refund specialists")
        screenshot(page, "desk-transfer.png")
        under_way.get_by_role("button", name="Hand over").click()
        wrap_up = page.get_by_test_id("wrap-up")
        expect(wrap_up).to_be_visible()
        expect(page.get_by_test_id("agent-state")).to_have_text("Wrap-up")
        # The first agent's part has an outcome already, and the form shows it: "Transferred".
        expect(wrap_up.get_by_label("Outcome")).to_have_value("transferred")
        assert supervisor.get(f"/api/interactions/{first}").json()["outcome"] == "transferred"
        wrap_up.get_by_label("Outcome").select_option("escalated")
        wrap_up.get_by_role("button", name="Done — Ready").click()
        expect(page.get_by_test_id("agent-state")).to_have_text("Ready")
        expect(lan.get_by_test_id("agent-state")).to_have_text("Đang bận")

        # Both records tell the story.
        record = supervisor.get(f"/api/interactions/{first}").json()
        kinds = [m["kind"] for m in record["timeline"]]
        assert kinds[-5:] == [
            "transfer-started",
            "transfer-answered",
            "transferred",
            "ended",
            "wrap-up-ended",
        ]
        assert record["outcome"] == "escalated"
        leg = next(m for m in record["timeline"] if m["kind"] == "transferred")["data"]["leg"]
        taken = supervisor.get(f"/api/interactions/{leg}").json()
        assert taken["phase"] == "talking"
        assert taken["customer_id"] == record["customer_id"]
        moved_in = next(m for m in taken["timeline"] if m["kind"] == "transferred-in")["data"]
        assert moved_in["note"] == "Broken vase, order 2002: wants a refund."
        assert moved_in["mode"] == "consult"
    finally:
        for person in (page, *other.pages):  # end calls still going, then nobody is left ready
            me = person.request.get("/api/agents/me")
            if not me.ok:
                continue
            for entry in person.request.get("/api/desk").json()["items"]:
                if entry["interaction"]["phase"] in ("talking", "on-hold"):
                    token = next(c["value"] for c in person.context.cookies() if c["name"] == "parley_csrf")
                    person.request.post(
                        f"/api/contacts/{entry['interaction']['id']}/complete",
                        data={},
                        headers={"x-csrf-token": token},
                    )
            if person is not page:
                supervisor.put(
                    f"/api/agents/{me.json()['user_id']}/state", data={"state": "offline"}, headers=csrf
                )
        other.close()
        context.close()
    page.get_by_role("button", name="Offline", exact=True).click()  # leave the agent as found
    expect(page.get_by_test_id("agent-state")).to_have_text("Offline")
