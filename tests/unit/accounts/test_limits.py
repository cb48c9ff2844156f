"""Sign-in limits: per address, per account and address, and the slower per-account throttle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.accounts.limits import SignInGuard, SignInLimits
from parley.accounts.model import AccountLocked
from parley.platform.errors import TooManyRequests
from parley.platform.ratelimit import MemoryCounters


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _guard(clock: FakeClock, **limits: int) -> SignInGuard:
    policy = SignInLimits(**{"address_failures": 1000, "pair_failures": 5, "account_failures": 20, **limits})
    return SignInGuard(policy, MemoryCounters(clock), clock)


async def _fail(guard: SignInGuard, account: str, ip: str, times: int) -> None:
    for _ in range(times):
        await guard.admit(account, ip)
        await guard.failed(account, ip)


async def test_failures_lock_the_account_from_that_address_only() -> None:
    clock = FakeClock()
    guard = _guard(clock)
    await _fail(guard, "admin", "203.0.113.5", 4)
    assert await guard.failed("admin", "203.0.113.5")  # the fifth locks
    with pytest.raises(AccountLocked) as locked:
        await guard.admit("admin", "203.0.113.5")
    assert locked.value.extra["retry_after"] == clock.now + timedelta(minutes=15)
    await guard.admit("admin", "198.51.100.7")  # the owner, elsewhere
    await guard.admit("agent", "203.0.113.5")  # another account from the attacker's address
    clock.now += timedelta(minutes=15, seconds=1)
    await guard.admit("admin", "203.0.113.5")


async def test_an_address_over_its_limit_is_refused_whatever_the_account() -> None:
    clock = FakeClock()
    guard = _guard(clock, address_failures=3)
    for name in ("a1", "a2", "a3"):
        await _fail(guard, name, "203.0.113.5", 1)
    with pytest.raises(TooManyRequests) as refused:
        await guard.admit("a4", "203.0.113.5")
    assert refused.value.extra["retry_after_seconds"] == 60
    # IPv6: the whole /64 is one caller
    for name in ("b1", "b2", "b3"):
        await _fail(guard, name, f"2001:db8::{name[1]}", 1)
    with pytest.raises(TooManyRequests):
        await guard.admit("b4", "2001:db8::ffff")
    await guard.admit("b4", "2001:db8:0:1::1")


async def test_a_throttled_account_still_admits_an_address_without_failures_or_with_a_recent_success() -> (
    None
):
    clock = FakeClock()
    guard = _guard(clock, account_failures=10)
    await guard.succeeded("admin", "198.51.100.7")  # the owner signed in from here before
    await _fail(guard, "admin", "198.51.100.7", 1)  # and mistyped once
    for n in range(9):  # an attacker rotating through addresses: one guess each
        await _fail(guard, "admin", f"203.0.113.{n}", 1)
    with pytest.raises(TooManyRequests):
        await guard.admit("admin", "203.0.113.1")  # failed on this account lately: waits
    await guard.admit("admin", "203.0.113.200")  # never failed: may try
    await guard.admit("admin", "198.51.100.7")  # failed once, but signed in lately: not throttled
    await guard.admit("other", "203.0.113.1")  # other accounts are not throttled


async def test_a_success_clears_its_address_failures_on_the_account() -> None:
    clock = FakeClock()
    guard = _guard(clock)
    await _fail(guard, "agent", "203.0.113.5", 4)
    await guard.succeeded("agent", "203.0.113.5")
    await _fail(guard, "agent", "203.0.113.5", 4)
    await guard.admit("agent", "203.0.113.5")
