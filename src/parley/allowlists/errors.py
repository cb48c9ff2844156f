"""The allowlists' refusals, each with a stable code."""

from __future__ import annotations

from parley.platform.errors import Conflict, Forbidden


class AddressNotAllowed(Forbidden):
    """The caller's address is not in the list that governs this request (sign-in or API)."""

    code = "address-not-allowed"
    title = "Address not allowed"


class AllowlistLocksYouOut(Conflict):
    """The change would refuse the address of the admin making it: refused, so nobody locks themselves out."""

    code = "allowlist-locks-you-out"
    title = "The change would lock you out"


class AllowlistSetByConfig(Conflict):
    """The list is fixed by the server's configuration (PARLEY_STAFF_ALLOWLIST / PARLEY_API_ALLOWLIST)."""

    code = "allowlist-set-by-config"
    title = "Set by the configuration"
