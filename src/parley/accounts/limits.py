"""Sign-in limits: what is refused before any password is checked, and what a failure or a success counts.

Three counts of failed sign-ins, over sliding windows (platform/ratelimit.py: in this process, or in Redis
shared by every app server):

- per address (IPv4 whole, IPv6 by /64): at most `address_failures` a minute, whatever the accounts tried;
  beyond it 429 `too-many-requests`.
- per account and address: `pair_failures` within `lockout` lock that account *from that address* (423
  `account-locked`) until the window lets one go. An attacker locks itself out, not the account's owner.
- per account, whatever the address: beyond `account_failures` within `lockout` the account is throttled:
  an address that has failed on it within the window is refused (429) unless it signed in to the account
  successfully within `remember_success`; an address with no failure on it may still try. So an attacker
  with many addresses gets one guess per address and window, and the owner signs in from their own.

A success clears its address's failures on the account and is remembered for that pair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from parley.accounts.model import AccountLocked
from parley.platform.clock import Clock
from parley.platform.errors import TooManyRequests
from parley.platform.proxies import address_key
from parley.platform.ratelimit import Counters

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class SignInLimits:
    address_failures: int = 30
    pair_failures: int = 5
    account_failures: int = 50
    lockout: timedelta = timedelta(minutes=15)
    remember_success: timedelta = timedelta(days=30)


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


class SignInGuard:
    def __init__(self, limits: SignInLimits, counters: Counters, clock: Clock) -> None:
        self.limits = limits
        self.counters = counters
        self.clock = clock

    @staticmethod
    def _keys(account: str, ip: str | None) -> tuple[str, str, str, str]:
        address = address_key(ip)
        pair = f"{account}|{address}"
        return f"ip:{address}", f"pair:{pair}", f"account:{account}", f"ok:{pair}"

    async def admit(self, account: str, ip: str | None) -> None:
        """Refuse, before any password is checked, an attempt the limits would refuse anyway."""
        by_address, by_pair, by_account, succeeded = self._keys(account, ip)
        limits = self.limits
        wait = await self.counters.wait(by_address, MINUTE, limits.address_failures)
        if wait is not None:
            raise TooManyRequests(
                "too many failed sign-ins from this address; wait a minute",
                retry_after_seconds=_seconds(wait),
            )
        wait = await self.counters.wait(by_pair, limits.lockout, limits.pair_failures)
        if wait is not None:
            raise AccountLocked(
                "too many failed attempts; try again later",
                retry_after=self.clock() + timedelta(seconds=_seconds(wait)),
            )
        wait = await self.counters.wait(by_account, limits.lockout, limits.account_failures)
        if (
            wait is not None
            and await self.counters.count(by_pair, limits.lockout) > 0
            and await self.counters.count(succeeded, limits.remember_success) == 0
        ):
            raise TooManyRequests(
                "too many failed sign-ins to this account; wait before trying again from this address",
                retry_after_seconds=_seconds(wait),
            )

    async def failed(self, account: str, ip: str | None) -> bool:
        """Count a failure; True when it locks the account from this address."""
        by_address, by_pair, by_account, _ = self._keys(account, ip)
        await self.counters.add(by_address, MINUTE)
        await self.counters.add(by_account, self.limits.lockout)
        return await self.counters.add(by_pair, self.limits.lockout) == self.limits.pair_failures

    async def succeeded(self, account: str, ip: str | None) -> None:
        _, by_pair, _, succeeded = self._keys(account, ip)
        await self.counters.clear(by_pair)
        await self.counters.add(succeeded, self.limits.remember_success)

    async def close(self) -> None:
        await self.counters.close()
