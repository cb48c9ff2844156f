"""Who is calling: the client address behind trusted proxies, and the key its attempts are counted under.
Pure: the standard library.

A forwarded header (`X-Forwarded-For`) is written by whoever sent the request, so it says nothing unless the
direct peer is a proxy the administrator listed (`PARLEY_TRUSTED_PROXIES`). Then the header is read from the
right (the hop nearest to us) and the first address that is not itself a trusted proxy is the client: an
address further left was written by that client and may be anything.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from parley.platform.networks import Network

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

#: An IPv6 host usually holds a whole /64: its attempts are counted together.
IPV6_KEY_PREFIX = 64


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR blocks (`10.0.0.1`, `10.0.0.0/8`, `fd00::/8`); raises ValueError naming a bad one."""
    networks: list[Network] = []
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"{text!r} is not an IP address or CIDR block") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    candidate = text.strip()
    if candidate.startswith("[") and "]" in candidate:  # [2001:db8::1]:443
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # 192.0.2.1:443
        candidate = candidate.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: Sequence[str], proxies: Sequence[Network]) -> str | None:
    """The client's address: the direct `peer`, unless it is a trusted proxy; then the right-most address
    of the `X-Forwarded-For` values (each may list several, comma-separated) that is not a trusted proxy.
    When every listed hop is a trusted proxy the left-most is the client; an unreadable entry ends the walk
    at the last trusted hop (whatever is left of it cannot be believed)."""
    if peer is None:
        return None
    nearest = _address(peer)
    if nearest is None or not proxies or not _trusted(nearest, proxies):
        return peer
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return str(nearest)
        if not _trusted(address, proxies):
            return str(address)
        nearest = address
    return str(nearest)


def address_key(address: str | None) -> str:
    """What one caller's attempts are counted under: an IPv4 address whole, an IPv6 address by its /64
    (one host can rotate through its prefix), anything unreadable as itself."""
    if address is None:
        return "unknown"
    parsed = _address(address)
    if parsed is None:
        return address[:100]
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_KEY_PREFIX}", strict=False))
    return str(parsed)
