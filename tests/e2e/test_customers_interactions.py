"""A supervisor keeps a customer's card, finds the customer by a differently written phone number, sees the
call an agent took in the customer's history, finds it among the interactions, reads its timeline and
exports it as CSV; an agent cannot open someone else's interaction."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, Browser, BrowserContext, Page, expect

from tests.e2e.conftest import DEMO_PASSWORDS, ROOT, Server, refusal_expected, sign_in

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "docs" / "screenshots"
NAME = "Trần Minh Khoa"
PHONE = "+84 90 777 8899"
SUBJECT = "Order 7"


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
    """The whole page, taken with a viewport as tall as the page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path: Path = SCREENSHOTS / name
    size = page.viewport_size
    assert size is not None
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def create_and_edit_customer(page: Page) -> None:
    page.get_by_test_id("shell").get_by_role("link", name="Customers", exact=True).click()
    expect(page.get_by_role("heading", name="Customers", exact=True)).to_be_visible()
    page.get_by_role("button", name="New customer").click()
    dialog = page.get_by_role("dialog", name="New customer")
    dialog.get_by_label("Name", exact=True).fill(NAME)
    dialog.get_by_label("Company").fill("Khoa Shoes")
    dialog.get_by_label("Phone numbers").fill(PHONE)
    dialog.get_by_label("Emails").fill("Khoa@Example.com")
    dialog.get_by_label("Tags").fill("vip, wholesale")
    dialog.get_by_role("checkbox", name="Agrees to email offers").check()
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status")).to_have_text(f"Customer {NAME} created.")
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()

    # found again by the same number written another way
    page.get_by_role("link", name="All customers").click()
    page.get_by_label("Search customers").fill("090-777-8899")
    expect(page.get_by_role("heading", name="Results for “090-777-8899”")).to_be_visible()
    results = page.get_by_role("table", name="Customers")
    expect(results.get_by_role("row")).to_have_count(2)  # the header and the one match
    results.get_by_role("link", name=NAME).click()
    details = page.get_by_test_id("customer-details")
    expect(details).to_contain_text("+84907778899")
    expect(details).to_contain_text("khoa@example.com")

    # a bad number: the server's reason, the input kept; then fixed
    page.get_by_role("button", name="Edit").click()
    page.get_by_label("Company").fill("Khoa Shoes Ltd")
    refusal_expected(422, "/api/customers/")
    page.get_by_label("Phone numbers").fill(f"{PHONE}, call me maybe")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("call me maybe is not a phone number.")
    expect(page.get_by_label("Company")).to_have_value("Khoa Shoes Ltd")
    page.get_by_label("Phone numbers").fill(PHONE)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text(f"Customer {NAME} saved.")
    expect(details).to_contain_text("Khoa Shoes Ltd")


def take_a_call(page: Page, browser: Browser, server: Server) -> str:
    """The supervisor (the page's session) sends a call; the agent takes it, ends it and wraps up by API."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "parley_csrf")
    supervisor = page.context.request
    context, agent, agent_csrf = api_as(browser, server, "agent")
    try:
        me = agent.get("/api/agents/me").json()["user_id"]
        # only our agent may be offered the call
        for other in supervisor.get("/api/agents").json():
            if other["user_id"] != me and other["state"] == "ready":
                supervisor.put(
                    f"/api/agents/{other['user_id']}/state",
                    data={"state": "not-ready"},
                    headers={"x-csrf-token": csrf},
                )
        ready = agent.put("/api/agents/me/state", data={"state": "ready"}, headers=agent_csrf)
        assert ready.ok, ready.text()
        call = supervisor.post(
            "/api/contacts",
            data={"channel": "voice", "from": PHONE, "subject": SUBJECT, "queue": "orders"},
            headers={"x-csrf-token": csrf},
        )
        assert call.status == 201, call.text()
        contact_id: str = call.json()["id"]
        page.wait_for_timeout(1200)  # some waiting, talking and wrapping up, for durations worth showing
        accepted = agent.post(f"/api/contacts/{contact_id}/accept", headers=agent_csrf)
        assert accepted.ok, accepted.text()
        page.wait_for_timeout(2200)
        completed = agent.post(f"/api/contacts/{contact_id}/complete", data={}, headers=agent_csrf)
        assert completed.ok, completed.text()
        page.wait_for_timeout(1200)
        wrapped = agent.post(
            f"/api/interactions/{contact_id}/wrap-up",
            data={"outcome": "confirmed", "notes": "ok"},
            headers=agent_csrf,
        )
        assert wrapped.ok, wrapped.text()
        assert wrapped.json()["phase"] == "closed"
        return contact_id
    finally:
        context.close()


def test_customer_history_interactions_and_timeline(page: Page, browser: Browser, server: Server) -> None:
    sign_in(page, "supervisor")
    create_and_edit_customer(page)
    contact_id = take_a_call(page, browser, server)

    # the customer's history shows the call
    page.reload()
    history = page.get_by_role("table", name="History")
    expect(history.get_by_test_id(f"history-{contact_id}")).to_contain_text(SUBJECT)
    # the outcome by the label its script gives it, not its id
    expect(history.get_by_test_id(f"history-{contact_id}")).to_contain_text("Order confirmed")
    expect(history.get_by_test_id(f"history-{contact_id}")).to_contain_text("Alex Agent")

    # Supervisor → Interactions finds it by its outcome
    page.get_by_test_id("shell").get_by_role("link", name="Supervisor", exact=True).click()
    page.get_by_role("link", name="Interactions", exact=True).click()
    page.get_by_label("Outcome").select_option(label="Order confirmed")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/supervisor/interactions\?outcome=confirmed"))
    row = page.get_by_test_id(f"interaction-{contact_id}")
    expect(row).to_contain_text(SUBJECT)
    expect(row).to_contain_text(NAME)
    expect(row).to_contain_text("Alex Agent")
    expect(row).to_contain_text("Orders and delivery")
    expect(row).to_contain_text("Order confirmed")

    # the CSV link downloads the same rows
    export = page.get_by_role("link", name="Export CSV")
    expect(export).to_have_attribute("href", "/api/interactions/export.csv?outcome=confirmed")
    with page.expect_download() as download_info:
        export.click()
    download = download_info.value
    assert download.suggested_filename == "interactions.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    ours = [r for r in rows if r["id"] == contact_id]
    assert len(ours) == 1
    assert (ours[0]["subject"], ours[0]["outcome"], ours[0]["customer_name"]) == (SUBJECT, "confirmed", NAME)

    # the row opens the interaction: details, durations as m:ss and the timeline in order
    row.get_by_role("cell").nth(5).click()
    expect(page.get_by_role("heading", name=SUBJECT)).to_be_visible()
    details = page.get_by_test_id("interaction-details")
    expect(details.get_by_role("link", name=NAME)).to_be_visible()
    expect(details).to_contain_text("Alex Agent")
    expect(details).to_contain_text("Order confirmed")
    durations = page.get_by_test_id("durations")
    for label in ("Wait", "Talk", "Hold", "Wrap-up", "Total"):
        expect(durations.get_by_text(label, exact=True)).to_be_visible()
    expect(durations.locator("dd").first).to_have_text(re.compile(r"^[1-9] secs?$"))  # waited about a second
    expect(durations.locator("dd").nth(1)).to_have_text(re.compile(r"^[2-9] secs$"))  # talked about two
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator(".timeline-kind")).to_have_text(
        ["Received", "Queued", "Offered to an agent", "Answered", "Conversation ended", "Wrap-up ended"]
    )
    page.evaluate("document.activeElement.blur()")
    screenshot(page, "interaction-timeline.png")

    # Back returns to the same filtered list
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_label("Outcome")).to_have_value("confirmed")
    expect(row).to_be_visible()

    # The customer box searches what is typed, without picking a suggestion.
    page.get_by_label("Outcome").select_option("")
    page.get_by_label("Customer", exact=True).fill("Minh Khoa")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"customerSearch=Minh"))
    expect(row).to_be_visible()
    page.get_by_label("Customer", exact=True).fill("nobody by that name")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("No interactions match these filters.")).to_be_visible()

    # another agent cannot open it
    other = browser.new_context(base_url=server.url)
    try:
        lan = other.new_page()
        sign_in(lan, "lan")
        refusal_expected(403, f"/api/interactions/{contact_id}")
        lan.goto(f"/customers/interactions/{contact_id}")
        expect(lan.get_by_role("alert")).to_contain_text("Chỉ giám sát viên mới mở được tương tác")
    finally:
        other.close()
