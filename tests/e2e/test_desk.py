"""An agent's working day on the desk: ready, an offer accepted with the keyboard, the script with the agent's
name, holds (the third one asks first), notes that survive a reload, the end of the call and the wrap-up; then
the supervisor finds the record with its times and durations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session
from playwright.sync_api import APIRequestContext, Browser, BrowserContext, Page, expect

from tests.e2e.conftest import (
    DEMO_PASSWORDS,
    ROOT,
    Server,
    demo_server,
    refusal_expected,
    sign_in,
)
from tests.servers import free_port

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "docs" / "screenshots"
CALLER = "+84 90 123 4567"


def api_as(
    browser: Browser, server: Server, username: str
) -> tuple[BrowserContext, APIRequestContext, dict[str, str]]:
    """A second, browserless session (another person) that calls the API with its CSRF header."""
    context = browser.new_context(base_url=server.url)
    answer = context.request.post(
        "/api/auth/login", data={"username": username, "password": DEMO_PASSWORDS[username]}
    )
    assert answer.ok, answer.text()
    csrf = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == "parley_csrf")
    return context, context.request, {"x-csrf-token": csrf}


def screenshot(page: Page, name: str, *, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path: Path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=full_page)


def open_desk(page: Page, username: str = "agent") -> None:
    sign_in(page, username)
    page.get_by_role("link", name=re.compile("^(Desk|Bàn làm việc)$")).first.click()
    expect(page.get_by_test_id("desk-link")).to_contain_text(re.compile("Live|Trực tiếp"))


def finish_leftovers(person: Page) -> None:
    """End whatever earlier tests left on this person's desk (a call, a wrap-up), through the API."""
    token = next(c["value"] for c in person.context.cookies() if c["name"] == "parley_csrf")
    headers = {"x-csrf-token": token}
    for entry in person.request.get("/api/desk").json()["items"]:
        interaction = entry["interaction"]["id"]
        if entry["interaction"]["phase"] in ("talking", "on-hold"):
            person.request.post(f"/api/contacts/{interaction}/complete", data={}, headers=headers)
        person.request.post(
            f"/api/interactions/{interaction}/wrap-up", data={"then": "not-ready"}, headers=headers
        )
    person.reload()


def test_an_agent_takes_a_call_from_offer_to_wrap_up(page: Page, browser: Browser, server: Server) -> None:
    open_desk(page)
    context, supervisor, csrf = api_as(browser, server, "supervisor")
    try:
        me = page.request.get("/api/agents/me").json()["user_id"]
        for other in supervisor.get("/api/agents").json():  # only our agent may be offered the call
            if other["user_id"] != me and other["state"] == "ready":
                supervisor.put(
                    f"/api/agents/{other['user_id']}/state", data={"state": "not-ready"}, headers=csrf
                )
        ready = page.get_by_role("button", name="Ready", exact=True)
        if ready.is_enabled():  # other tests may have left the agent ready
            ready.click()
        expect(page.get_by_test_id("agent-state")).to_have_text("Ready")
        expect(page.get_by_test_id("desk-idle")).to_contain_text("You are ready")

        call = supervisor.post(
            "/api/contacts",
            data={"channel": "voice", "from": CALLER, "subject": "Order 1001", "queue": "orders"},
            headers=csrf,
        )
        assert call.status == 201, call.text()
        contact_id = call.json()["id"]

        # The offer rings with who, why, the queue and a countdown, and is announced.
        offer = page.get_by_test_id("offer")
        expect(offer).to_contain_text(CALLER)
        expect(offer).to_contain_text("Order 1001")
        expect(offer).to_contain_text("Orders and delivery")
        expect(page.get_by_test_id("offer-countdown")).to_have_text(re.compile(r"^0:[0-2]\d$"))
        expect(page.get_by_test_id("offer-announcement")).to_contain_text("New contact offered")
        expect(page.get_by_role("button", name=re.compile("Accept"))).to_have_attribute(
            "aria-keyshortcuts", "A Enter"
        )
        screenshot(page, "desk-offer.png")
        page.keyboard.press("a")

        # The queue's inbound script greets the caller with the shop's and the agent's name; the caller card
        # says who it is (a demo customer with two orders and an address on the card).
        say = page.get_by_test_id("say")
        expect(say).to_contain_text("Thank you for calling")
        expect(say).to_contain_text("my name is Alex Agent. How can I help you?")
        expect(page.get_by_test_id("agent-state")).to_have_text("Busy")
        card = page.get_by_test_id("caller-card")
        expect(card).to_contain_text(re.compile("New customer|Returning customer"))
        expect(card).to_contain_text("+84901234567")
        expect(page.get_by_test_id("waited")).to_have_text(re.compile(r"^\d+ (sec|min)"))
        page.keyboard.press("1")  # "About a paid order"
        expect(say).to_contain_text("Am I speaking with Nguyễn Văn An?")
        page.get_by_role("button", name=re.compile("Yes")).click()
        expect(say).to_contain_text("Thank you for ordering from us again")
        page.get_by_role("button", name="Next").click()
        expect(say).to_contain_text("Your order will go to")
        page.keyboard.press("2")  # "No": the address is wrong
        expect(say).to_contain_text("Please tell me the address")
        page.get_by_label("New delivery address").fill("12 Lê Lợi, District 1")
        page.get_by_role("button", name="Save answer").click()
        expect(say).to_contain_text("On which day would you like to receive the order?")
        expect(page.get_by_test_id("captured")).to_contain_text("12 Lê Lợi, District 1")
        page.get_by_text("Delivery terms").click()  # the knowledge-base note opens
        expect(page.get_by_text("Courier delivery within the city")).to_be_visible()

        # Two holds; a third one asks first (and is cancelled here).
        for n in (1, 2):
            page.get_by_role("button", name="Hold", exact=False).click()
            expect(page.get_by_test_id("hold-timer")).to_contain_text(re.compile(r"On hold 0:0\d"))
            page.get_by_role("button", name="Resume").click()
            expect(page.get_by_text("Thank the customer for waiting.")).to_be_visible()
            expect(page.get_by_test_id("hold-count")).to_have_text(f"Holds: {n}")
        page.get_by_role("button", name="Hold", exact=False).click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("Put the customer on hold a third time?")
        dialog.get_by_role("button", name="Cancel").click()
        expect(page.get_by_test_id("hold-count")).to_have_text("Holds: 2")
        expect(page.get_by_test_id("hold-timer")).to_have_count(0)

        notes = page.get_by_test_id("notes")
        notes.fill("Customer asked for a morning delivery.")
        expect(page.get_by_test_id("notes-status")).to_have_text("Saved")
        page.get_by_label("Delivery date *").fill("2026-12-24")
        page.get_by_label("Delivery date *").blur()
        screenshot(page, "desk-script.png", full_page=True)
        page.get_by_role("button", name="Save answer").click()
        expect(say).to_contain_text("Shall I add a pair?")  # one matching offer, once
        page.keyboard.press("2")  # "No, thank you"
        expect(say).to_contain_text("To sum up: delivery on 24 December 2026")  # read out, not ISO

        # A reload in the middle of typing: the same step, holds and notes come back.
        notes.fill("Customer asked for a morning delivery. Ring twice.")
        page.reload()
        expect(page.get_by_test_id("say")).to_contain_text("To sum up: delivery on 24 December 2026")
        expect(page.get_by_test_id("hold-count")).to_have_text("Holds: 2")
        expect(page.get_by_test_id("notes")).to_have_value(
            "Customer asked for a morning delivery. Ring twice."
        )
        expect(page.get_by_test_id("notes-status")).to_have_text("Saved")
        expect(page.get_by_test_id("captured")).to_contain_text("2026-12-24")

        page.keyboard.press("1")  # "Yes": send the order
        expect(say).to_contain_text("Did I answer all your questions?")
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_test_id("outcome")).to_contain_text("Order confirmed")

        # End, wrap up with the script's outcome, and go ready again.
        page.get_by_role("button", name="End conversation").click()
        page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
        wrap_up = page.get_by_test_id("wrap-up")
        expect(wrap_up).to_contain_text(re.compile(r"Wrap-up ends in 0:[0-2]\d"))
        expect(page.get_by_test_id("agent-state")).to_have_text("Wrap-up")
        expect(wrap_up.get_by_label("Outcome")).to_have_value("confirmed")
        wrap_up.get_by_role("button", name="Done — Ready").click()
        expect(page.get_by_test_id("agent-state")).to_have_text("Ready")
        expect(page.get_by_test_id("desk-idle")).to_be_visible()

        # The supervisor finds the record with its timestamps and durations.
        found = supervisor.get("/api/interactions", params={"agent": me, "limit": 50})
        assert found.ok, found.text()
        record = next(r for r in found.json() if r["id"] == contact_id)
        assert record["phase"] == "closed"
        assert record["outcome"] == "confirmed"
        assert record["holds"] == 2
        assert record["notes"] == "Customer asked for a morning delivery. Ring twice."
        for moment in ("answered_at", "ended_at", "closed_at"):
            assert record[moment], moment
        for name in ("wait", "talk", "hold", "wrap_up", "total"):
            assert record["durations"][name] is not None, name
            assert record["durations"][name] >= 0, name
        kinds = [m["kind"] for m in record["timeline"]]
        assert kinds.count("hold") == 2
        assert kinds[-2:] == ["ended", "wrap-up-ended"]

        # ... and can open it read-only on the desk, as anyone's interaction.
        boss = context.new_page()
        boss.goto(f"/desk/interactions/{contact_id}")
        view = boss.get_by_test_id("interaction-view")
        expect(view).to_contain_text(CALLER)
        expect(view).to_contain_text("Ring twice.")
        expect(boss.get_by_role("heading", name="Timeline")).to_be_visible()
    finally:
        context.close()
    page.get_by_role("button", name="Offline", exact=True).click()  # leave the agent as found
    expect(page.get_by_test_id("agent-state")).to_have_text("Offline")

    # Another agent (in Vietnamese) may not open this interaction: the desk says why.
    other = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 850})
    try:
        lan = other.new_page()
        open_desk(lan, "lan")
        expect(lan.get_by_test_id("desk-state")).to_contain_text("Trạng thái của tôi")
        refusal_expected(403, f"/api/interactions/{contact_id}")
        lan.goto(f"/desk/interactions/{contact_id}")
        expect(lan.get_by_role("alert")).to_contain_text("thuộc về nhân viên khác")
    finally:
        other.close()


# ----------------------------------------------------------------------------------- an email offer over SMTP


def test_lan_takes_a_demo_call_from_the_vietnamese_queue_in_vietnamese(page: Page) -> None:
    open_desk(page, "lan")
    finish_leftovers(page)
    ready = page.get_by_role("button", name="Sẵn sàng", exact=True)
    if ready.is_enabled():
        ready.click()
    expect(page.get_by_test_id("agent-state")).to_have_text("Sẵn sàng")
    page.get_by_role("button", name="Tạo liên hệ mẫu").click()
    offer = page.get_by_test_id("offer")
    expect(offer).to_contain_text("Đơn hàng (tiếng Việt)")
    expect(offer).to_contain_text("Đơn hàng 10")  # why the demo customer calls, in Vietnamese
    page.keyboard.press("a")
    # The card's custom fields under their Vietnamese labels (not "Orders", "Delivery address").
    card = page.get_by_test_id("caller-card")
    expect(card).to_contain_text("Số đơn hàng")
    expect(card).not_to_contain_text("Orders")

    # The Vietnamese script: the shop's name and her given name, then the caller's name from the card.
    say = page.get_by_test_id("say")
    expect(say).to_contain_text(re.compile(r"xin chào, em là Lan\. Em có thể giúp gì cho anh/chị ạ\?$"))
    script = page.get_by_test_id("script")
    expect(script.get_by_role("button", name=re.compile("Hỏi về đơn hàng đã thanh toán"))).to_be_visible()
    expect(script).to_contain_text("xac-nhan-don-hang")
    page.evaluate("document.activeElement.blur()")
    screenshot(page, "desk-script-vi.png")
    page.keyboard.press("1")
    expect(say).to_contain_text(re.compile(r"có phải em đang nói chuyện với anh/chị \S.+ không ạ\?"))
    expect(say.locator("mark.say-ask")).to_have_count(0)  # a demo caller's name is on the card

    page.get_by_role("button", name="Kết thúc trò chuyện").click()
    page.get_by_role("dialog").get_by_role("button", name="Xác nhận").click()
    page.get_by_test_id("wrap-up").get_by_role("button", name="Xong — Chưa sẵn sàng").click()
    page.get_by_role("button", name="Ngoại tuyến", exact=True).click()  # leave Lan as found
    expect(page.get_by_test_id("agent-state")).to_have_text("Ngoại tuyến")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Envelope] = []

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Inbox]]:
    """A second `parley serve` (fresh demo data) that sends mail to a local SMTP server the test reads."""
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        with demo_server(
            tmp_path_factory.mktemp("e2e-mail"),
            PARLEY_SMTP_HOST="127.0.0.1",
            PARLEY_SMTP_PORT=str(smtp.port),
            PARLEY_SMTP_STARTTLS="false",
        ) as server:
            yield server, inbox
    finally:
        smtp.stop()


def test_an_email_offer_from_the_script_is_sent_once(
    browser: Browser, mail_server: tuple[Server, Inbox]
) -> None:
    server, inbox = mail_server
    boss, supervisor, csrf = api_as(browser, server, "supervisor")
    agent_context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 850})
    errors: list[str] = []
    try:
        agent_id = next(
            a["user_id"] for a in supervisor.get("/api/agents").json() if a["username"] == "agent"
        )
        queue = supervisor.post(
            "/api/queues",
            data={"id": "insoles", "name": "Insoles", "channels": ["voice"]},
            headers=csrf,
        )
        assert queue.status == 201, queue.text()
        bound = supervisor.put(
            "/api/queues/insoles/script", data={"script": "insoles-invitation"}, headers=csrf
        )
        assert bound.ok, bound.text()
        joined = supervisor.put(
            f"/api/agents/{agent_id}",
            data={"skills": {}, "memberships": [{"queue_id": "insoles"}]},
            headers=csrf,
        )
        assert joined.ok, joined.text()
        # the caller is one of the demo customers
        [customer] = supervisor.get("/api/customers", params={"q": CALLER}).json()
        assert customer["name"] == "Nguyễn Văn An"

        page = agent_context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_desk(page)
        page.get_by_role("button", name="Ready", exact=True).click()
        expect(page.get_by_test_id("agent-state")).to_have_text("Ready")
        call = supervisor.post(
            "/api/contacts",
            data={"channel": "voice", "from": CALLER, "subject": "Insoles", "queue": "insoles"},
            headers=csrf,
        )
        assert call.status == 201, call.text()
        expect(page.get_by_test_id("offer")).to_contain_text("Nguyễn Văn An")
        page.keyboard.press("a")

        say = page.get_by_test_id("say")
        expect(say).to_contain_text("Good morning, An! My name is Alex Agent")
        page.get_by_role("button", name="Next").click()
        expect(say).to_contain_text("Is it convenient for you to talk now?")
        page.keyboard.press("1")
        expect(say).to_contain_text("We invite you to a free fitting")
        page.get_by_label("Interest").select_option("Fitting in store")
        page.get_by_role("button", name="Save answer").click()
        expect(say).to_contain_text("I will send you the invitation by email")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Email address").fill("nope")
        page.get_by_role("button", name="Save answer").click()
        expect(page.get_by_text("Enter an email address")).to_be_visible()  # checked in the browser first
        page.get_by_label("Email address").fill("An@Example.com")
        page.get_by_role("button", name="Save answer").click()
        expect(page.get_by_text("Saved to the customer card: Email")).to_be_visible()
        expect(page.get_by_test_id("caller-card")).to_contain_text("an@example.com")

        offer = page.get_by_test_id("email-offer")
        expect(offer.get_by_label("To")).to_have_value("an@example.com")
        expect(offer.get_by_label("Subject")).to_have_value(
            "An, your free insole fitting at Parley Demo Store"
        )
        expect(offer).to_contain_text("insoles-leaflet.pdf")
        offer.get_by_role("tab", name="Write").click()  # the offer opens on the rendered email
        body = offer.get_by_label("Message")
        body.fill(body.input_value() + "\nSee you on Saturday!")
        offer.get_by_role("button", name="Send email").dblclick()  # a double click sends once
        expect(offer).to_contain_text("Email sent to an@example.com.")
        expect(page.get_by_role("region", name="Emails on this interaction")).to_contain_text("sent")
        assert len(inbox.messages) == 1
        message = inbox.messages[0]
        assert message.rcpt_tos == ["an@example.com"]
        assert message.mail_from == "offers@parley.example"
        content = message.content.decode() if isinstance(message.content, bytes) else str(message.content)
        assert "See you on Saturday!" in content
        assert 'filename="insoles-leaflet.pdf"' in content  # the template's leaflet, from the demo data

        page.get_by_role("button", name="Next").click()
        expect(say).to_contain_text("Did I answer all your questions?")
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_test_id("outcome")).to_contain_text("Booked a fitting")
        page.get_by_role("button", name="End conversation").click()
        page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
        expect(page.get_by_test_id("wrap-up").get_by_label("Outcome")).to_have_value("interested")
        page.get_by_role("button", name="Done — Ready").click()
        expect(page.get_by_test_id("desk-idle")).to_be_visible()
        record = supervisor.get(f"/api/interactions/{call.json()['id']}").json()
        assert record["outcome"] == "interested"
        assert "email-sent" in [m["kind"] for m in record["timeline"]]
    finally:
        agent_context.close()
        boss.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
