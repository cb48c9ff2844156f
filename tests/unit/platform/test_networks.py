"""Lists of networks as administrators write them: strict parsing, shared by the configuration and the
allowlists."""

from __future__ import annotations

import pytest

from parley.platform.networks import MAX_NETWORKS, BadNetwork, parse_network, parse_networks, split_setting


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
