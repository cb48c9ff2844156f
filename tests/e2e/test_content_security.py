"""#13 point 10 in Chromium: the API docs work under the app's CSP with nothing from a CDN, and
connect-src 'self' lets the page's WebSocket reach its own server while refusing any other host."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import WATCH, sign_in

OPEN_SOCKET = """async (url) => {
  const violations = [];
  document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
  let outcome;
  try {
    const socket = new WebSocket(url);
    outcome = await new Promise((resolve) => {
      socket.onopen = () => { socket.close(); resolve("open"); };
      socket.onerror = () => resolve("error");
      setTimeout(() => resolve("timeout"), 5000);
    });
  } catch (error) {
    outcome = "refused: " + error.name;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { outcome, violations };
}"""


def test_the_api_docs_render_under_the_csp(page: Page) -> None:
    response = page.goto("/api/docs")
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Parley")
    expect(page.locator(".opblock").first).to_be_visible()
    # Any CSP refusal (a script, a style, a font) is a console error, which fails the test on its own.


def test_websockets_reach_the_own_origin_and_no_other(page: Page) -> None:
    sign_in(page, "agent")
    own = page.evaluate(OPEN_SOCKET, _events(page.url))
    assert own == {"outcome": "open", "violations": []}
    other = page.evaluate(OPEN_SOCKET, "ws://localhost:9/api/events")
    assert other["violations"] == ["connect-src"]
    refused = WATCH.take()  # Chromium reports the refusal in the console: that one is what this test provokes
    assert refused
    assert all("connect-src" in problem for problem in refused), refused


def _events(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest.split('/', 1)[0]}/api/events"
