"""Two-factor sign-in in Chromium (#13 point 4): an agent sets it up on the account page (QR code, key,
recovery codes) and signs in again with a code from the key; an administrator requires it for supervisors,
and a supervisor without it is made to enroll before the app opens. Codes are computed here from the key
the page shows, as an authenticator app would."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from parley.accounts.totp import STEP_SECONDS, code_at
from tests.e2e.conftest import DEMO_PASSWORDS, Server, demo_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def two_factor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own: the policy set here must not reach the other tests' users."""
    with demo_server(tmp_path_factory.mktemp("e2e-two-factor")) as started:
        yield started


def new_page(browser: Browser, server: Server) -> Page:
    context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def password_step(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()


def shown_key(page: Page) -> str:
    key = page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    assert len(key) == 32  # 160 bits of base32
    return key


def next_code(key: str) -> str:
    """The code of the next time step: never the one just used to confirm (a used code is refused)."""
    return code_at(key, time.time() + STEP_SECONDS)


def test_an_agent_sets_up_two_factor_and_signs_in_with_a_code(
    browser: Browser, two_factor_server: Server
) -> None:
    page = new_page(browser, two_factor_server)
    password_step(page, "agent")
    expect(page.get_by_test_id("shell")).to_be_visible()
    page.goto("/account")
    section = page.get_by_role("region", name="Two-factor sign-in")
    section.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name="QR code of your two-factor key")).to_be_visible()
    key = shown_key(page)
    section.get_by_label("6-digit code").fill(code_at(key, time.time()))
    section.get_by_role("button", name="Turn on").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    expect(section.get_by_text("Recovery codes left: 10.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    password_step(page, "agent")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    expect(page.get_by_test_id("shell")).to_have_count(0)
    page.get_by_label("6-digit code").fill(next_code(key))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("shell")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_contain_text("agent")
    page.context.close()


def test_a_role_that_requires_it_enrolls_before_the_app_opens(
    browser: Browser, two_factor_server: Server
) -> None:
    admin = new_page(browser, two_factor_server)
    password_step(admin, "admin")
    expect(admin.get_by_test_id("shell")).to_be_visible()
    admin.goto("/admin/users")
    with admin.expect_response(
        lambda r: r.url.endswith("/api/security/two-factor") and r.request.method == "PUT"
    ):
        admin.get_by_role("checkbox", name="Required for supervisor").check()
    expect(admin.get_by_text("Two-factor policy saved.")).to_be_visible()
    admin.context.close()

    page = new_page(browser, two_factor_server)
    password_step(page, "supervisor")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of your two-factor key")).to_be_visible()
    expect(page.get_by_test_id("shell")).to_have_count(0)
    page.goto("/supervisor")  # nothing of the app opens meanwhile
    expect(page).to_have_url(re.compile(r"/login$"))
    password_step(page, "supervisor")
    key = shown_key(page)
    page.get_by_label("6-digit code").fill(code_at(key, time.time()))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("shell")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_contain_text("supervisor")
    page.context.close()
