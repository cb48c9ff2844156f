"""The client address behind trusted proxies, and the key its attempts count under."""

from __future__ import annotations

import pytest

from parley.config import ConfigError, load_settings
from parley.platform.proxies import address_key, client_address, parse_networks

PROXIES = parse_networks(["10.0.0.0/8", "192.0.2.10", "fd00::/8"])


def test_no_trusted_proxy_means_the_forwarded_header_is_ignored_even_from_loopback() -> None:
    assert client_address("127.0.0.1", ["203.0.113.9"], ()) == "127.0.0.1"
    assert client_address("127.0.0.1", ["203.0.113.9"], PROXIES) == "127.0.0.1"
    assert client_address("198.51.100.1", ["203.0.113.9"], PROXIES) == "198.51.100.1"


def test_from_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() -> None:
    assert client_address("10.1.2.3", ["203.0.113.9"], PROXIES) == "203.0.113.9"
    # The left-most entries were written by the client itself: a spoofed address there changes nothing.
    spoofed = ["1.1.1.1, 203.0.113.9, 10.0.0.7", "192.0.2.10"]
    assert client_address("10.1.2.3", spoofed, PROXIES) == "203.0.113.9"
    assert client_address("fd00::1", ["2001:db8::5"], PROXIES) == "2001:db8::5"
    assert client_address("10.1.2.3", ["[2001:db8::5]:4711"], PROXIES) == "2001:db8::5"
    assert client_address("10.1.2.3", ["203.0.113.9:4711"], PROXIES) == "203.0.113.9"


def test_a_chain_of_only_proxies_or_garbage_stops_at_the_last_trusted_hop() -> None:
    assert client_address("10.1.2.3", ["10.9.9.9"], PROXIES) == "10.9.9.9"
    assert client_address("10.1.2.3", [], PROXIES) == "10.1.2.3"
    assert client_address("10.1.2.3", ["203.0.113.9, not-an-ip, 10.0.0.7"], PROXIES) == "10.0.0.7"
    assert client_address(None, ["203.0.113.9"], PROXIES) is None


def test_ipv6_counts_by_its_64_prefix_and_ipv4_by_the_whole_address() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("203.0.113.9") == "203.0.113.9"
    assert address_key("203.0.113.9") != address_key("203.0.113.10")
    assert address_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert address_key("127.0.0.2") != address_key("127.0.0.1")
    assert address_key(None) == "unknown"


def test_the_setting_takes_a_comma_list_or_json_and_refuses_what_is_not_an_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PARLEY_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
    assert load_settings().trusted_proxies == ["10.0.0.1/32", "192.168.0.0/16"]
    monkeypatch.setenv("PARLEY_TRUSTED_PROXIES", '["fd00::/8"]')
    assert load_settings().trusted_proxies == ["fd00::/8"]
    monkeypatch.delenv("PARLEY_TRUSTED_PROXIES")
    assert load_settings().trusted_proxies == []
    monkeypatch.setenv("PARLEY_TRUSTED_PROXIES", "10.0.0.1, proxy.example")
    with pytest.raises(ConfigError, match="PARLEY_TRUSTED_PROXIES"):
        load_settings()
