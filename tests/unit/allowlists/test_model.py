"""The allowlists' pure core: matching, and which list governs which path."""

from __future__ import annotations

import pytest

from parley.allowlists.model import Allowlists, Surface, allows, surface_of
from parley.platform.networks import parse_networks


def test_an_empty_list_allows_all_and_a_list_only_its_networks() -> None:
    office = parse_networks(["10.1.0.0/16", "2001:db8::/32"])
    assert allows((), "203.0.113.9")
    assert allows((), None)
    assert allows(office, "10.1.2.3")
    assert allows(office, "::ffff:10.1.2.3")  # IPv4-mapped, as a dual-stack socket reports it
    assert allows(office, "2001:db8::5")
    assert not allows(office, "10.2.0.1")
    assert not allows(office, "2001:db9::1")
    assert not allows(office, None)
    assert not allows(office, "testclient")  # not an address: refused


@pytest.mark.parametrize(
    ("path", "query", "surface"),
    [
        ("/api/auth/login", None, Surface.SIGN_IN),
        ("/api/auth/session", None, Surface.SIGN_IN),
        ("/api/auth/login/second-step", None, Surface.SIGN_IN),
        ("/api/auth/session/second-step", None, Surface.SIGN_IN),
        ("/api/auth/sessions", None, Surface.API),
        ("/api/auth/logout", None, Surface.API),
        ("/api/auth/me", None, Surface.API),
        ("/api/users", None, Surface.API),
        ("/api/network-access", None, Surface.API),
        ("/api/docs", None, Surface.API),
        ("/api/events", None, Surface.API),
        ("/api/events", {"access_token": "x"}, Surface.API),
        ("/api/events", {"contact": "secret"}, Surface.PUBLIC),
        ("/api/health", None, Surface.PUBLIC),
        ("/api/contact-status/abc/callback", None, Surface.PUBLIC),
        ("/api/widget/chat", None, Surface.PUBLIC),
        ("/", None, Surface.PUBLIC),
        ("/assets/app.js", None, Surface.PUBLIC),
        ("/api/healthz", None, Surface.API),
        ("/api/contact-status", None, Surface.API),
    ],
)
def test_each_path_is_governed_by_one_list(path: str, query: dict[str, str] | None, surface: Surface) -> None:
    assert surface_of(path, query) is surface


def test_a_change_that_would_refuse_its_maker_names_the_list() -> None:
    lists = Allowlists(sign_in=parse_networks(["10.0.0.0/8"]), api=parse_networks(["192.0.2.0/24"]))
    assert lists.locks_out("10.1.1.1") is Surface.API
    assert lists.locks_out("192.0.2.1") is Surface.SIGN_IN
    assert Allowlists(api=lists.api).locks_out("192.0.2.1") is None
    assert lists.allows(Surface.PUBLIC, "203.0.113.1")
