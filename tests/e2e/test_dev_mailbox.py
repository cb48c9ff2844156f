"""Email offers in the demo as `make run` serves it (no SMTP server, the development mailbox on): the agent
sees the offer rendered, formats an addition with the toolbar and sends it; the administrator reads it on the
Mailbox page, formatted, with its text part and the leaflet attached. And the author writes the template with
the designer's toolbar and previews it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server, sign_in
from tests.e2e.conftest import demo_server as start_demo_server
from tests.e2e.test_desk import api_as, open_desk

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`parley serve` as `make run` starts it: demo data, demo contacts, the development mailbox."""
    with start_demo_server(tmp_path_factory.mktemp("e2e-dev-mail"), PARLEY_DEV_MAILBOX="true") as started:
        yield started


def test_an_offer_sent_from_the_demo_desk_lands_in_the_admin_mailbox(
    browser: Browser, demo_server: Server
) -> None:
    server = demo_server
    boss, supervisor, csrf = api_as(browser, server, "supervisor")
    agent_context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    admin_context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    try:
        # The demo's invitation script on a queue of its own, the agent's only one (demo contacts go there).
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
        agent_id = next(
            a["user_id"] for a in supervisor.get("/api/agents").json() if a["username"] == "agent"
        )
        joined = supervisor.put(
            f"/api/agents/{agent_id}",
            data={"skills": {}, "memberships": [{"queue_id": "insoles"}]},
            headers=csrf,
        )
        assert joined.ok, joined.text()

        page = agent_context.new_page()
        open_desk(page)
        page.get_by_role("button", name="Ready", exact=True).click()
        expect(page.get_by_test_id("agent-state")).to_have_text("Ready")
        page.get_by_role("button", name="Create a demo contact").click()
        expect(page.get_by_test_id("offer")).to_be_visible()
        page.keyboard.press("a")

        say = page.get_by_test_id("say")
        expect(say).to_contain_text("My name is Alex Agent")
        page.get_by_role("button", name="Next").click()
        expect(say).to_contain_text("Is it convenient for you to talk now?")
        page.keyboard.press("1")
        page.get_by_label("Interest").select_option("Fitting in store")
        page.get_by_role("button", name="Save answer").click()
        expect(say).to_contain_text("I will send you the invitation by email")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Email address").fill("demo.customer@example.com")
        page.get_by_role("button", name="Save answer").click()

        # The offer shows as the customer will see it: placeholders filled, formatting rendered.
        offer = page.get_by_test_id("email-offer")
        subject = offer.get_by_label("Subject")
        expect(subject).to_have_value(re.compile(r"^[^,{}]+, your free insole fitting at Parley Demo Store$"))
        rendered = offer.frame_locator("iframe.mail-frame")
        expect(rendered.locator("strong").first).to_have_text("free fitting of orthopaedic insoles")
        expect(rendered.locator("li")).to_have_count(3)
        expect(rendered.locator("a")).to_have_attribute("href", "https://parley.example/fitting")

        # The operator adds a formatted line with the toolbar before sending.
        offer.get_by_role("tab", name="Write").click()
        body = offer.get_by_label("Message")
        body.press("ControlOrMeta+End")
        body.press("Enter")
        body.press_sequentially("Your slot: Saturday 10:00, ")
        offer.get_by_role("button", name="Bold").click()  # nothing selected: a bold word to type over
        page.keyboard.type("bring your running shoes")
        expect(body).to_have_value(
            re.compile(r"Your slot: Saturday 10:00, \*\*bring your running shoes\*\*$")
        )
        offer.get_by_role("tab", name="Preview").click()
        expect(rendered.locator("strong").last).to_have_text("bring your running shoes")
        offer.get_by_role("button", name="Send email").click()
        expect(offer).to_contain_text("Email sent to demo.customer@example.com.")
        sent_subject = subject.input_value()

        # The administrator reads it in the development mailbox.
        admin = admin_context.new_page()
        sign_in(admin, "admin")
        admin.goto("/admin/mailbox")
        table = admin.get_by_role("table", name="Caught messages")
        expect(table).to_contain_text("demo.customer@example.com")
        admin.get_by_role("button", name=f"Open the message {sent_subject}").click()
        view = admin.get_by_test_id("mail-view")
        expect(view).to_contain_text("offers@parley.example")
        mail = view.frame_locator("iframe.mail-frame")
        expect(mail.locator("strong").last).to_have_text("bring your running shoes")
        expect(mail.locator("li").first).to_contain_text("a specialist measures your feet")
        expect(mail.locator("script")).to_have_count(0)
        expect(view.get_by_role("link", name="insoles-leaflet.pdf")).to_be_visible()
        view.get_by_role("tab", name="Plain text").click()
        expect(view.locator("pre.mail-text")).to_contain_text("- a specialist measures your feet")
        expect(view.locator("pre.mail-text")).to_contain_text(
            "book a time online (https://parley.example/fitting)"
        )
    finally:
        agent_context.close()
        admin_context.close()
        boss.close()


def test_the_designer_formats_a_template_with_the_toolbar_and_previews_it(page: Page) -> None:
    sign_in(page, "supervisor")
    page.goto("/designer/insoles-invitation")
    page.get_by_role("tab", name="Graph").click()
    settings = page.get_by_test_id("settings")
    settings.get_by_role("tab", name="Email templates").click()
    body = settings.get_by_label("Body (insoles-invitation)")
    expect(body).to_have_value(re.compile(r"^Hello \{\{ customer.first_name \}\},"))
    # Select "Kind regards," and make it italic with the toolbar; the script's text follows.
    body.evaluate(
        "area => { const at = area.value.indexOf('Kind regards,'); area.focus();"
        " area.setSelectionRange(at, at + 'Kind regards,'.length); }"
    )
    settings.get_by_role("button", name="Italic").click()
    expect(body).to_have_value(re.compile(r"\*Kind regards,\*"))
    expect(page.get_by_label("Script source (YAML)")).to_have_value(re.compile(r"\*Kind regards,\*"))
    # The leaflet is attached; the attach menu offers only files in the server's folder not attached yet.
    expect(settings.get_by_role("list", name="Attachments (insoles-invitation)")).to_contain_text(
        "insoles-leaflet.pdf"
    )
    expect(settings.get_by_role("combobox", name="Attach a file (insoles-invitation)")).to_be_disabled()
    settings.get_by_role("tab", name="Preview").click()
    preview = settings.frame_locator("iframe.mail-frame")
    expect(preview.locator("em").first).to_have_text("Kind regards,")
    expect(preview.locator("a")).to_have_attribute("href", "https://parley.example/fitting")
