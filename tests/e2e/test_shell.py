"""A person signs in, sees the shell for their role, switches language, and an admin manages users."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, refusal_expected, sign_in

pytestmark = pytest.mark.e2e

AREAS = ["Designer", "Desk", "Supervisor", "Admin"]
VISIBLE = {
    "admin": {"Designer", "Desk", "Supervisor", "Admin"},
    "supervisor": {"Designer", "Desk", "Supervisor"},
    "agent": {"Desk"},
}


@pytest.mark.parametrize("role", ["admin", "supervisor", "agent"])
def test_each_role_sees_its_areas(page: Page, role: str) -> None:
    sign_in(page, role)
    nav = page.get_by_test_id("shell")
    for area in AREAS:
        link = nav.get_by_role("link", name=area, exact=True)
        if area in VISIBLE[role]:
            expect(link.first).to_be_visible()
        else:
            expect(link).to_have_count(0)
    expect(page.get_by_test_id("user-menu")).to_contain_text(role)


def test_an_agent_cannot_open_the_admin_page(page: Page) -> None:
    sign_in(page, "agent")
    page.goto("/admin/users")
    expect(page.get_by_text("You do not have access to this page")).to_be_visible()


def test_wrong_password_shows_the_reason(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    expect(page).to_have_url(re.compile(r"/login"))


def test_signed_out_visitors_are_sent_to_login(page: Page) -> None:
    page.goto("/admin/users")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_vietnamese_user_sees_the_shell_in_vietnamese_and_can_switch(page: Page) -> None:
    sign_in_vi(page)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/api/auth/me") and r.request.method == "PATCH"):
        page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # saved on the server
    page.get_by_label("Language").select_option("vi")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def sign_in_vi(page: Page) -> None:
    page.goto("/login")
    page.get_by_label(re.compile("Username|Tên đăng nhập")).fill("lan")
    page.get_by_label(re.compile("Password|Mật khẩu")).fill("agent-parley")
    page.get_by_role("button", name=re.compile("Sign in|Đăng nhập")).click()
    expect(page.get_by_test_id("shell")).to_be_visible()


def test_admin_creates_a_user_and_the_form_shows_server_errors(page: Page) -> None:
    sign_in(page, "admin")
    page.get_by_role("link", name="Admin", exact=True).first.click()
    page.get_by_role("button", name="New user").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Username").fill("newagent")
    dialog.get_by_label("Display name").fill("Minh Trần")
    dialog.get_by_label("Password", exact=True).fill("short")
    refusal_expected(422, "/api/users")
    dialog.get_by_role("button", name="Create").click()
    expect(dialog.get_by_text(re.compile("at least 10 characters"))).to_be_visible()
    dialog.get_by_label("Password", exact=True).fill("new-agent-password")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("cell", name="newagent", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("User newagent created")


def test_new_user_signs_in_and_admin_disables_them(page: Page, server: Server) -> None:
    created = server.cli(
        "users", "create", "tam", "--role", "agent", "--password-stdin", stdin="tam-sells-hats-1\n"
    )
    assert created.returncode == 0, created.stderr
    sign_in(page, "admin")
    page.goto("/admin/users")
    page.get_by_role("button", name="Disable tam").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name="tam", exact=True))
    expect(row).to_contain_text("disabled")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("tam")
    page.get_by_label("Password").fill("tam-sells-hats-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("disabled")


def test_audit_log_shows_failed_logins(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill("agent")
    page.get_by_label("Password").fill("wrong-password-x")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    sign_in(page, "admin")
    page.goto("/admin/audit")
    page.get_by_label("Action").fill("login.failed")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="login.failed").first).to_be_visible()


def test_account_page_creates_and_revokes_an_api_token(page: Page, server: Server) -> None:
    sign_in(page, "supervisor")
    page.get_by_role("link", name="My account").click()
    page.get_by_label("Token name").fill("crm")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_test_id("new-token").inner_text()
    assert token.startswith("pk_")
    answer = page.request.get(f"{server.url}/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.json()["username"] == "supervisor"
    page.get_by_role("button", name="Revoke").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("revoked")).to_be_visible()


def test_sign_out_ends_the_session(page: Page, server: Server) -> None:
    sign_in(page, "agent")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    response = page.request.get(f"{server.url}/api/auth/me")
    assert response.status == 401
