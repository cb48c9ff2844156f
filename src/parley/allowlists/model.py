"""What the allowlists are and what they let through. Pure: the standard library only.

Two lists of networks (IPv4 or IPv6, in CIDR notation): one for staff sign-in, one for the staff API (every
other `/api` route and the staff WebSocket). An empty list allows every address. The public endpoints a
customer reaches (health, a contact's status page, the web widget) and the front end's files are never
restricted. A request is classified by its path alone, so the check runs before any work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network

#: At most this many networks in one list, each at most this long.
MAX_NETWORKS = 200
MAX_ENTRY_LENGTH = 64
#: An address (v4 dotted quad or v6 hex groups), then optionally / and a prefix length without leading zeros.
_SHAPE = re.compile(r"[0-9A-Fa-f:.]+(?:/(?:0|[1-9][0-9]{0,2}))?")

#: Paths a customer reaches without signing in: never restricted.
PUBLIC_PATHS = frozenset({"/api/health"})
PUBLIC_PREFIXES = ("/api/contact-status/", "/api/widget/")
#: The staff sign-in endpoints (the form's and the scripts' login, "am I signed in") and the paths below
#: them (a second sign-in step, such as two-factor).
SIGN_IN_PATHS = ("/api/auth/login", "/api/auth/session")
#: The staff WebSocket; with `?contact=` it is a waiting customer's status stream, which is public.
EVENTS_PATH = "/api/events"


class Surface(StrEnum):
    """Which list governs a request."""

    SIGN_IN = "sign-in"
    API = "api"
    PUBLIC = "public"


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


def _address(text: str | None) -> IPv4Address | IPv6Address | None:
    if not text:
        return None
    try:
        address = ip_address(text)
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:10.1.2.3 from a dual-stack socket is 10.1.2.3
    return address


def allows(networks: tuple[Network, ...], address: str | None) -> bool:
    """Whether a list lets `address` through: an empty list lets all; otherwise the address must be a valid
    IP address inside one of the networks (an unknown or unparsable address is refused)."""
    if not networks:
        return True
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in networks)


def surface_of(path: str, query: dict[str, str] | None = None) -> Surface:
    """Which list governs a request to `path` (with its query, for the WebSocket)."""
    if not path.startswith("/api/") and path != "/api":
        return Surface.PUBLIC  # the front end's files: a page without the API can do nothing
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return Surface.PUBLIC
    if path == EVENTS_PATH and query and query.get("contact"):
        return Surface.PUBLIC  # the stream then shows only that contact's status (routing/stream.py)
    if path in SIGN_IN_PATHS or path.startswith(tuple(f"{p}/" for p in SIGN_IN_PATHS)):
        return Surface.SIGN_IN
    return Surface.API


@dataclass(frozen=True)
class Allowlists:
    sign_in: tuple[Network, ...] = ()
    api: tuple[Network, ...] = ()

    def of(self, surface: Surface) -> tuple[Network, ...]:
        return self.sign_in if surface is Surface.SIGN_IN else self.api if surface is Surface.API else ()

    def allows(self, surface: Surface, address: str | None) -> bool:
        return surface is Surface.PUBLIC or allows(self.of(surface), address)

    def locks_out(self, address: str | None) -> Surface | None:
        """The first list that would refuse `address` (the admin making a change), or None."""
        for surface in (Surface.SIGN_IN, Surface.API):
            if not allows(self.of(surface), address):
                return surface
        return None


def as_text(networks: tuple[Network, ...]) -> list[str]:
    return [str(network) for network in networks]
