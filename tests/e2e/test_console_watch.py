"""The harness's console watch: what a page logs as an error fails the test, on every context a test opens,
and only refusals a test declares are let through."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import WATCH, Server, refusal_expected, sign_in


def test_console_errors_failed_requests_and_uncaught_exceptions_are_collected(
    page: Page, browser: Browser, server: Server
) -> None:
    page.goto("/login")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert WATCH.take() == []  # the sign-in page asks who is signed in without a refused request

    page.evaluate("console.error('broken on purpose')")
    page.evaluate("fetch('/api/auth/me')")  # 401 for an anonymous caller
    page.evaluate("setTimeout(() => { throw new Error('thrown on purpose') })")
    other = browser.new_context(base_url=server.url)
    try:
        page_of_another_context = other.new_page()
        page_of_another_context.goto("/login")
        page_of_another_context.evaluate("console.error('from the second context')")
        page.wait_for_timeout(200)
        problems = WATCH.take()
    finally:
        other.close()
    assert any("broken on purpose" in problem for problem in problems), problems
    assert any("status of 401" in problem and "/api/auth/me" in problem for problem in problems), problems
    assert any("uncaught exception" in problem and "thrown on purpose" in problem for problem in problems)
    assert any("from the second context" in problem for problem in problems), problems
    assert WATCH.take() == []


def test_a_declared_refusal_is_let_through_and_no_other(page: Page) -> None:
    sign_in(page, "agent")
    assert WATCH.take() == []  # signing in and opening the home page log nothing
    refusal_expected(403, "/api/users")
    page.evaluate("fetch('/api/users')")  # agents may not list users: declared
    page.evaluate("fetch('/api/audit')")  # not declared
    page.wait_for_timeout(200)
    problems = WATCH.take()
    assert len(problems) == 1, problems
    assert "status of 403" in problems[0]
    assert "/api/audit" in problems[0]
