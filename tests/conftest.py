"""Fixtures every test layer shares."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = os.environ.get("PARLEY_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
TEST_SECRET = "test-secret-key-0123456789-abcdefghijklmnop"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PARLEY_* variable of the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("PARLEY_") and name != "PARLEY_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)


#: Test files whose tests share costly per-process state and so run on one pytest-xdist worker (`make test`
#: runs `pytest -n 2 --dist loadgroup`): the fuzz run generates its requests once per process.
ONE_WORKER = {"test_fuzz.py": "fuzz"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop on the main thread for the rest of
    the session, which the asyncio-based tests must not meet."""
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path))
    for item in items:
        group = ONE_WORKER.get(item.path.name)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
