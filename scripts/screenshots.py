"""Takes the documentation screenshots from a running Parley: `python scripts/screenshots.py URL`."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


def sign_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("shell").wait_for()


def designer_branches(browser: Browser, url: str) -> None:
    """The canvas of a script with branches: every rule leaves its step with its condition, the else rule
    reads "otherwise", objections hang off their own node and return to the call."""
    page = browser.new_page(viewport={"width": 1500, "height": 1700}, device_scale_factor=2)
    sign_in(page, url, "supervisor", "supervisor-parley")
    page.goto(f"{url}/designer/insoles-invitation?view=graph")
    page.get_by_test_id("step-by_interest").wait_for()
    page.wait_for_timeout(500)  # fitView settles after the nodes are measured
    page.locator(".graph-wrap").screenshot(path=str(OUT / "designer-branches.png"))
    page.close()


def main(url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.goto(f"{url}/login")
        page.get_by_role("button", name="Sign in").wait_for()
        page.screenshot(path=str(OUT / "login.png"))
        sign_in(page, url, "admin", "admin-parley")
        page.screenshot(path=str(OUT / "home-admin.png"))
        page.goto(f"{url}/admin/users")
        page.get_by_role("cell", name="admin", exact=True).first.wait_for()
        page.screenshot(path=str(OUT / "admin-users.png"))
        page.goto(f"{url}/designer")
        page.get_by_role("link", name="Handle a complaint").wait_for()
        page.screenshot(path=str(OUT / "designer-list.png"))
        page.get_by_role("link", name="Handle a complaint").click()
        page.get_by_role("heading", name="Problems").wait_for()
        page.screenshot(path=str(OUT / "designer-editor.png"))
        page.get_by_role("tab", name="Graph").click()
        page.get_by_test_id("step-greet").wait_for()
        page.screenshot(path=str(OUT / "designer-graph.png"))
        designer_branches(browser, url)
        context = browser.new_context(viewport={"width": 1280, "height": 760})
        vietnamese = context.new_page()
        sign_in(vietnamese, url, "lan", "agent-parley")
        vietnamese.get_by_role("button", name="Đăng xuất").wait_for()
        vietnamese.screenshot(path=str(OUT / "home-vi.png"))
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
