"""End-to-end harness: the real server (`parley serve`) on a free port with a fresh database, driven by
Debian's Chromium through Playwright. A failing test leaves a screenshot in test-results/. Every browser
context a test opens is watched: a console error or an uncaught exception on any of its pages fails the test
that produced it, with the messages in the failure. Chromium logs every 4xx/5xx answer as a console error,
so the product must not use error statuses for what is normal (not signed in yet, a hold that needs a yes);
a test that makes the server refuse on purpose (a wrong password, a form with a mistake) says so with
`refusal_expected`."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    WebError,
    expect,
    sync_playwright,
)

from tests.conftest import IN_CI
from tests.servers import PARLEY, free_port, parley_serve

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DEMO_PASSWORDS = {
    "admin": "admin-parley",
    "supervisor": "supervisor-parley",
    "agent": "agent-parley",
    "lan": "agent-parley",
}


def _missing(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what}; in CI the end-to-end tests must run")
    pytest.skip(what)


@dataclass
class Server:
    url: str
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PARLEY), *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


@contextmanager
def demo_server(data_dir: Path, **settings: str) -> Iterator[Server]:
    """`parley serve` on a free port with a fresh database and the demo data, as `make run` starts it
    (demo contacts on), with these settings added; stopped on leaving."""
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        _missing("the front end is not built (run `make install`)")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(
        PARLEY_DATA_DIR=str(data_dir),
        PARLEY_LOG_FORMAT="json",
        PARLEY_HOST="127.0.0.1",
        PARLEY_PORT=str(port),
        PARLEY_DEMO_CONTACTS="true",  # as `make run`: the desk's "Create a demo contact" button
        **settings,
    )
    for step in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([str(PARLEY), *step], env=env, check=True, capture_output=True, timeout=120)
    log = data_dir / "server.log"
    with parley_serve(env, log, start_seconds=30) as process:
        yield Server(url=f"http://127.0.0.1:{port}", data_dir=data_dir, env=env, process=process, log=log)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with demo_server(tmp_path_factory.mktemp("e2e-data")) as started:
        yield started


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@dataclass
class ConsoleWatch:
    """What the browser's pages logged as errors (console messages of type error, which include Chromium's
    "Failed to load resource" for every 4xx/5xx answer, and uncaught exceptions) since the last `take`."""

    problems: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)
    expected: list[tuple[int, str]] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> BrowserContext:
        self.contexts.append(context)
        context.on("console", self._console)
        context.on("weberror", self._uncaught)
        context.on("close", self._closed)
        return context

    def _closed(self, context: BrowserContext) -> None:
        self.contexts.remove(context)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        refused = FAILED_LOAD.fullmatch(message.text)
        if refused and any(
            int(refused["status"]) == status and urlsplit(where).path.startswith(path)
            for status, path in self.expected
        ):
            return
        self.problems.append(f"console error: {message.text} ({where})" if where else message.text)

    def _uncaught(self, error: WebError) -> None:
        self.problems.append(f"uncaught exception: {error.error}")

    def take(self) -> list[str]:
        """The problems so far, after a round trip to every open page so that messages the browser has
        already sent are delivered (Playwright hands events over only while a call is waiting)."""
        for context in list(self.contexts):
            for open_page in context.pages:
                with contextlib.suppress(Error):  # a page that is closing has nothing more to say
                    open_page.evaluate("0")
        problems, self.problems = self.problems, []
        return problems


FAILED_LOAD = re.compile(
    r"Failed to load resource: the server responded with a status of (?P<status>\d+)\b.*"
)
WATCH = ConsoleWatch()


def refusal_expected(status: int, path: str) -> None:
    """For the rest of the current test, the server refusing a request to a path starting with `path` with
    `status` is what the test provokes (a wrong password, a form with a mistake, another agent's contact),
    not a console error. Keep it for refusals a person causes; normal work must not produce error statuses."""
    WATCH.expected.append((status, path))


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    executable = os.environ.get("PARLEY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        _missing("Debian's chromium is not installed (make browser)")
    instance = playwright_instance.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    open_context, open_page = instance.new_context, instance.new_page

    def new_context(*args: Any, **kwargs: Any) -> BrowserContext:
        return WATCH.watch(open_context(*args, **kwargs))

    def new_page(*args: Any, **kwargs: Any) -> Page:
        created = open_page(*args, **kwargs)
        WATCH.watch(created.context)
        return created

    instance.new_context = new_context  # type: ignore[method-assign]
    instance.new_page = new_page  # type: ignore[method-assign]
    yield instance
    instance.close()


FAILED = pytest.StashKey[bool]()


def _console_report(problems: list[str]) -> str:
    return "errors in the browser console:\n" + "\n".join(f"  - {problem}" for problem in problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    WATCH.take()  # what an earlier test left behind is that test's, reported at its teardown
    WATCH.expected.clear()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A test that leaves errors in the browser console fails, even when all its checks passed."""
    try:
        result = yield
    except BaseException:
        problems = WATCH.take()
        if problems:
            item.add_report_section("call", "browser console", _console_report(problems))
        raise
    problems = WATCH.take()
    if problems:
        pytest.fail(_console_report(problems), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    result = yield
    problems = WATCH.take()
    if problems:
        pytest.fail("while the test's pages were closed, " + _console_report(problems), pytrace=False)
    return result


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, None, None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.stash[FAILED] = report.failed


@pytest.fixture
def page(browser: Browser, server: Server, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 850})
    context.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    new_page = context.new_page()
    yield new_page
    if request.node.stash.get(FAILED, False):
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        new_page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()


def sign_in(page: Page, username: str, password: str | None = None) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("shell")).to_be_visible()
