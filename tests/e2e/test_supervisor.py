"""A supervisor watches queues and agents live, manages queues, agents' profiles and the skill catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, Browser, BrowserContext, Page, expect

from tests.e2e.conftest import DEMO_PASSWORDS, ROOT, Server, refusal_expected, sign_in

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "docs" / "screenshots"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


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


def screenshot(page: Page, name: str) -> None:
    """The whole page, taken with a viewport as tall as the page so sticky parts sit where they belong."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path: Path = SCREENSHOTS / name
    size = page.viewport_size
    assert size is not None
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": height})
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def open_live_board(page: Page) -> None:
    sign_in(page, "supervisor")
    page.get_by_role("link", name="Supervisor", exact=True).first.click()
    expect(page.get_by_test_id("link-status")).to_have_text("Live")


def test_supervisor_sees_the_queues_and_creates_and_edits_a_queue(page: Page) -> None:
    open_live_board(page)
    expect(page.get_by_role("article", name="Orders and delivery")).to_be_visible()
    expect(page.get_by_role("article", name="Complaints")).to_be_visible()

    page.get_by_role("link", name="Queues", exact=True).click()
    expect(page.get_by_test_id("queue-row-orders")).to_contain_text("Longest idle agent")
    page.get_by_role("link", name="New queue").click()
    page.get_by_label("Name", exact=True).fill("VIP customers")
    page.get_by_label("Identifier").fill("vip")
    page.get_by_label("Request types").fill("vip, gold-card")
    page.get_by_role("checkbox", name="Chat").check()
    page.get_by_label("How an agent is chosen").select_option("best-skill")
    page.get_by_role("button", name="Required skills: Add skill").click()
    page.get_by_label("Required skills: skill 1").select_option("english")
    page.get_by_label("Required skills: level of skill 1").fill("7")
    page.get_by_role("checkbox", name="Always open").uncheck()
    refusal_expected(422, "/api/queues")
    page.get_by_label("Time zone").fill("Mars/Olympus")
    for day in WEEKDAYS:
        page.get_by_label(day).fill("08:00-12:00, 13:00-17:30")
    page.get_by_label("Saturday").fill("9 to 12")
    page.get_by_role("button", name="Create").click()
    # checked in the browser first: the bad range is marked, nothing is sent
    expect(page.get_by_text("Use ranges like 09:00-18:00, separated by commas.")).to_be_visible()
    page.get_by_label("Saturday").fill("9:00-12:00")
    page.get_by_role("button", name="Create").click()
    # then the server's reason, next to the form, with the input kept
    expect(page.get_by_role("alert")).to_have_text(
        "Unknown time zone Mars/Olympus; use a name such as Asia/Ho_Chi_Minh."
    )
    expect(page.get_by_label("Name", exact=True)).to_have_value("VIP customers")
    expect(page.get_by_label("Monday")).to_have_value("08:00-12:00, 13:00-17:30")
    page.get_by_label("Time zone").fill("Asia/Ho_Chi_Minh")
    page.get_by_role("button", name="Create").click()

    expect(page.get_by_role("status")).to_have_text("Queue VIP customers saved.")
    row = page.get_by_test_id("queue-row-vip")
    expect(row).to_contain_text("VIP customers")
    expect(row).to_contain_text("Mon–Fri 08:00-12:00, 13:00-17:30")
    expect(row).to_contain_text("Sat 09:00-12:00")
    expect(row).to_contain_text("english ≥ 7")
    expect(row).to_contain_text("Best skill match")

    page.get_by_role("link", name="Edit VIP customers").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("VIP customers")
    expect(page.get_by_label("Required skills: level of skill 1")).to_have_value("7")
    page.get_by_label("Name", exact=True).fill("VIP lounge")
    page.get_by_label("Service level target (%)").fill("90")
    page.get_by_role("radio", name="To another queue").check()
    page.get_by_label("After waiting (seconds)").fill("120")
    page.get_by_label("Overflow queue").select_option("orders")
    page.get_by_role("button", name="Add escalation").click()
    escalation = page.get_by_role("group", name="Escalation 1")
    escalation.get_by_label("After (seconds in line)").fill("45")
    escalation.get_by_label("Open tiers up to").fill("2")
    escalation.get_by_role("button", name=re.compile("Add skill")).click()
    escalation.get_by_label("Escalation 1, Skill changes: skill 1").select_option("english")
    escalation.get_by_label("Escalation 1, Skill changes: level of skill 1").fill("5")
    page.evaluate("document.activeElement.blur()")
    screenshot(page, "supervisor-queue.png")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_have_text("Queue VIP lounge saved.")
    expect(row).to_contain_text("VIP lounge")
    expect(row).to_contain_text("90% in 20 s")
    page.get_by_role("link", name="Edit VIP lounge").click()
    expect(page.get_by_role("radio", name="To another queue")).to_be_checked()
    expect(page.get_by_label("Overflow queue")).to_have_value("orders")
    expect(
        page.get_by_role("group", name="Escalation 1").get_by_label("After (seconds in line)")
    ).to_have_value("45")


def script_of(boss: APIRequestContext, queue_id: str) -> str | None:
    """The script the desk opens for the queue's contacts (GET /api/queue-scripts lists bound queues)."""
    bound = {b["queue_id"]: b["script"] for b in boss.get("/api/queue-scripts").json()}
    return bound.get(queue_id)


def test_editing_the_wrap_up_time_keeps_the_queue_s_script(
    page: Page, browser: Browser, server: Server
) -> None:
    """Saving the queue form once set the script to null (the form had no script field); now it has a picker
    of the published scripts, and the script survives an edit of something else."""
    context, boss, csrf = api_as(browser, server, "supervisor")
    try:
        made = boss.post("/api/queues", data={"id": "returns", "name": "Returns"}, headers=csrf)
        assert made.status == 201, made.text()
        # The queue's script is the desk's binding (routing knows no scripts).
        bound = boss.put("/api/queues/returns/script", data={"script": "handle-complaint"}, headers=csrf)
        assert bound.status == 200, bound.text()
        open_live_board(page)
        page.get_by_role("link", name="Queues", exact=True).click()
        page.get_by_role("link", name="Edit Returns").click()
        picker = page.get_by_label("Script", exact=True)
        expect(picker).to_have_value("handle-complaint")
        expect(picker.locator("option:checked")).to_have_text(re.compile(r"· English · Inbound$"))
        page.get_by_label("Wrap-up (seconds)").fill("45")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_have_text("Queue Returns saved.")
        assert boss.get("/api/queues/returns").json()["wrap_up_seconds"] == 45
        assert script_of(boss, "returns") == "handle-complaint"

        # The picker changes the script, and "No script" removes it.
        page.get_by_role("link", name="Edit Returns").click()
        picker.select_option("confirm-paid-order")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_have_text("Queue Returns saved.")
        assert script_of(boss, "returns") == "confirm-paid-order"
        page.get_by_role("link", name="Edit Returns").click()
        picker.select_option(label="No script")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_have_text("Queue Returns saved.")
        assert (script_of(boss, "returns"), boss.get("/api/queues/returns").json()["wrap_up_seconds"]) == (
            None,
            45,
        )
    finally:
        boss.delete("/api/queues/returns", headers=csrf)
        context.close()


def test_live_board_follows_agents_and_contacts_without_reload(
    page: Page, browser: Browser, server: Server
) -> None:
    open_live_board(page)
    orders = page.get_by_test_id("queue-orders")
    expect(orders.get_by_test_id("stat-entered")).to_have_text(re.compile(r"^\d+$"))
    entered = int(orders.get_by_test_id("stat-entered").inner_text())
    alex = page.get_by_test_id("agent-agent")
    state = alex.locator(".agent-state")

    context, agent, csrf = api_as(browser, server, "agent")
    # Contacts come from channels and integrations: the supervisor's session puts them in line here.
    boss_context, boss, boss_csrf = api_as(browser, server, "supervisor")
    try:
        assert agent.put("/api/agents/me/state", data={"state": "ready"}, headers=csrf).ok
        expect(state).to_have_text("Ready")

        call = boss.post(
            "/api/contacts",
            data={"channel": "voice", "from": "+84901234567", "subject": "Order 1001", "queue": "orders"},
            headers=boss_csrf,
        )
        assert call.status == 201, call.text()
        expect(state).to_have_text(re.compile("Offered|Busy"))
        expect(orders.get_by_test_id("stat-entered")).to_have_text(str(entered + 1))

        contact_id = call.json()["id"]
        assert agent.post(f"/api/contacts/{contact_id}/accept", headers=csrf).ok
        expect(state).to_have_text("Busy")

        # nobody is free: the next contact waits, and the line shows it with its place
        chat = boss.post(
            "/api/contacts",
            data={
                "channel": "chat",
                "from": "mai@example.com",
                "subject": "Where is my parcel?",
                "queue": "orders",
            },
            headers=boss_csrf,
        )
        assert chat.status == 201, chat.text()
        line = page.get_by_role("table", name="Waiting contacts")
        waiting = line.get_by_role("row").filter(has_text="Where is my parcel?")
        expect(waiting).to_contain_text("mai@example.com")
        expect(waiting).to_contain_text("Chat")
        expect(orders.get_by_test_id("stat-waiting")).to_have_text("1")
        expect(orders.get_by_test_id("stat-entered")).to_have_text(str(entered + 2))
        page.wait_for_timeout(2100)  # let the clocks tick for the picture
        waited = waiting.get_by_role("cell").filter(has_text=re.compile(r"^\d+ secs?$"))
        expect(waited).not_to_have_text("0 secs")  # the time waited, in words, ticks
        screenshot(page, "supervisor-live.png")

        # the API's reason when a busy agent cannot be set offline
        refusal_expected(409, "/api/agents/")
        alex.get_by_role("button", name="Offline Alex Agent").click()
        expect(page.get_by_role("alert")).to_contain_text("finish them before going offline")

        # leave the agent not ready with the call finished, for the other tests
        assert agent.put(
            "/api/agents/me/state", data={"state": "not-ready", "reason": "lunch"}, headers=csrf
        ).ok
        assert agent.post(f"/api/contacts/{contact_id}/complete", data={}, headers=csrf).ok
        expect(state).to_have_text("Wrap-up")
    finally:
        context.close()
        boss_context.close()


def test_supervisor_sets_an_agent_not_ready_from_the_board(page: Page) -> None:
    open_live_board(page)
    lan = page.get_by_test_id("agent-lan")
    lan.get_by_role("button", name="Not ready Nguyễn Thị Lan").click()
    expect(lan.locator(".agent-state")).to_have_text("Not ready")
    expect(lan).to_contain_text("Set by a supervisor")  # the reason's label, not its code
    # Admins and supervisors without a routing profile are no agents: no row, no Ready buttons for them.
    expect(page.get_by_test_id("agent-admin")).to_have_count(0)
    expect(page.get_by_test_id("agent-supervisor")).to_have_count(0)
    expect(lan.get_by_role("button", name="Not ready Nguyễn Thị Lan")).to_be_disabled()
    page.reload()
    expect(page.get_by_test_id("agent-lan").locator(".agent-state")).to_have_text("Not ready")


def test_agent_profiles_and_the_skill_catalog(page: Page) -> None:
    open_live_board(page)
    page.get_by_role("link", name="Agents and skills").click()
    page.get_by_role("button", name="Edit Nguyễn Thị Lan").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Skills: Add skill").click()
    dialog.get_by_label("Skills: skill 4").select_option("complaints")
    dialog.get_by_label("Skills: level of skill 4").fill("2")
    dialog.get_by_label("Capacity").fill("200")
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_have_text("Profile of Nguyễn Thị Lan saved.")
    profile = page.get_by_test_id("profile-lan")
    expect(profile).to_contain_text("Handling complaints 2")
    expect(profile).to_contain_text("200")

    page.get_by_label("Identifier").fill("japanese")
    page.get_by_label("Label").fill("Japanese")
    page.get_by_role("button", name="Add skill").click()
    expect(page.get_by_test_id("skill-japanese")).to_contain_text("Japanese")
    refusal_expected(409, "/api/skills/english")
    page.get_by_role("button", name="Delete English").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("remove it there first")
    page.get_by_role("button", name="Delete Japanese").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("skill-japanese")).to_have_count(0)
