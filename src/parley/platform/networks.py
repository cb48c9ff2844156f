"""Lists of networks as an administrator writes them (`10.0.0.0/8`, `2001:db8::/32`, one address), read
strictly. Pure: the standard library only.

Shared by the configuration (PARLEY_STAFF_ALLOWLIST, PARLEY_API_ALLOWLIST are checked at start) and the
allowlists slice. (Trusted proxies are read more leniently by `proxies.parse_networks`: host bits allowed.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Network, ip_network

Network = IPv4Network | IPv6Network

#: At most this many networks in one list, each at most this long.
MAX_NETWORKS = 200
MAX_ENTRY_LENGTH = 64
#: An address (v4 dotted quad or v6 hex groups), then optionally / and a prefix length without leading zeros.
_SHAPE = re.compile(r"[0-9A-Fa-f:.]+(?:/(?:0|[1-9][0-9]{0,2}))?")


class BadNetwork(ValueError):
    """An entry that is not one network in strict CIDR notation; `value` is the entry as given."""

    def __init__(self, value: str, why: str) -> None:
        super().__init__(f"{value!r} is not a network: {why}")
        self.value = value
        self.why = why


def parse_network(text: str) -> Network:
    """One network: `10.0.0.0/8`, `2001:db8::/32`, or one address (`192.0.2.7` means `/32`). Strict: no host
    bits after the prefix (`10.0.0.1/8`), no leading zeros, no zone (`%eth0`), no spaces inside."""
    entry = text.strip()
    if not entry or len(entry) > MAX_ENTRY_LENGTH or not _SHAPE.fullmatch(entry):
        raise BadNetwork(text, "use an address or CIDR such as 10.0.0.0/8 or 2001:db8::/32")
    try:
        return ip_network(entry, strict=True)
    except ValueError as error:
        raise BadNetwork(text, str(error)) from None


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Every entry parsed, duplicates dropped, in the order given; raises BadNetwork on the first bad one."""
    found: list[Network] = []
    for entry in entries:
        network = parse_network(entry)
        if network not in found:
            found.append(network)
    if len(found) > MAX_NETWORKS:
        raise BadNetwork(f"{len(found)} networks", f"a list holds at most {MAX_NETWORKS}")
    return tuple(found)


def split_setting(text: str) -> list[str]:
    """The entries of a setting such as PARLEY_API_ALLOWLIST: separated by commas and/or whitespace."""
    return [part for part in re.split(r"[,\s]+", text) if part]


def as_text(networks: tuple[Network, ...]) -> list[str]:
    """The networks as they are stored and shown (`10.0.0.0/8`, `192.0.2.7/32`)."""
    return [str(network) for network in networks]
