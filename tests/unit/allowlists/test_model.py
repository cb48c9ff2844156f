"""The allowlists' pure core: strict parsing, matching, and which list governs which path."""

from __future__ import annotations

import pytest

from parley.allowlists.model import (
    MAX_NETWORKS,
    Allowlists,
    BadNetwork,
    Surface,
    allows,
    parse_network,
    parse_networks,
    split_setting,
    surface_of,
)


@pytest.mark.parametrize(
    ("text", "network"),
    [
        ("10.0.0.0/8", "10.0.0.0/8"),
        (" 192.0.2.7 ", "192.0.2.7/32"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("::1", "::1/128"),
        ("0.0.0.0/0", "0.0.0.0/0"),
    ],
)
def test_a_network_or_one_address_is_read(text: str, network: str) -> None:
    assert str(parse_network(text)) == network


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10.0.0.1/8",  # host bits after the prefix: ambiguous, refused
        "10.0.0.0/33",
        "10.0.0.0/08",
        "010.0.0.1",
        "10.1",
        "167772160",
        "fe80::1%eth0/128",
        "10.0.0.0 /8",
        "example.com",
        "10.0.0.0/8,192.168.0.0/16",
        "1" * 70,
    ],
)
def test_anything_else_is_refused_naming_the_entry(text: str) -> None:
    with pytest.raises(BadNetwork) as refused:
        parse_network(text)
    assert refused.value.value == text


def test_a_list_drops_duplicates_and_stops_at_the_first_bad_entry() -> None:
    assert [str(n) for n in parse_networks(["10.0.0.0/8", "10.0.0.0/8", "::1"])] == ["10.0.0.0/8", "::1/128"]
    with pytest.raises(BadNetwork) as refused:
        parse_networks(["10.0.0.0/8", "nope", "also bad"])
    assert refused.value.value == "nope"
    with pytest.raises(BadNetwork):
        parse_networks(f"10.{i // 256}.{i % 256}.0/24" for i in range(MAX_NETWORKS + 1))


def test_a_setting_is_split_on_commas_and_spaces() -> None:
    assert split_setting(" 10.0.0.0/8,192.0.2.1  2001:db8::/32 ,") == [
        "10.0.0.0/8",
        "192.0.2.1",
        "2001:db8::/32",
    ]


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
