"""What the allowlists are and what they let through. Pure: the standard library and the platform's network
parsing (`platform/networks.py`, which the configuration shares).

Two lists of networks (IPv4 or IPv6, in CIDR notation): one for staff sign-in, one for the staff API (every
other `/api` route and the staff WebSocket). An empty list allows every address. The public endpoints a
customer reaches (health, a contact's status page, the web widget) and the front end's files are never
restricted. A request is classified by its path alone, so the check runs before any work.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Address, IPv6Address, ip_address

from parley.platform.networks import Network

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
