"""argon2 off the event loop, with bounded concurrency and a bounded wait."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from parley.accounts.model import SignInBusy
from parley.accounts.passwords import PasswordWork, hash_password, verify_password

HASH = hash_password("correct horse battery")


async def test_checks_run_off_the_event_loop() -> None:
    work = PasswordWork(workers=1, max_waiting=4)
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.005)

    running = asyncio.create_task(ticker())
    try:
        started = time.perf_counter()
        assert await work.verify(HASH, "correct horse battery")
        assert not await work.verify(HASH, "wrong horse battery")
        assert not await work.verify(None, "correct horse battery")  # an unknown user: the dummy hash
        elapsed = time.perf_counter() - started
    finally:
        running.cancel()
        work.close()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    # Three argon2 checks took `elapsed`; the loop kept turning meanwhile (on the loop it would stall
    # for a whole check at a time).
    assert len(ticks) > 5
    assert max(gaps) < elapsed / 3


async def test_checks_beyond_the_threads_and_the_waiting_room_are_refused_at_once() -> None:
    work = PasswordWork(workers=1, max_waiting=2)
    try:
        attempts = [asyncio.create_task(work.verify(HASH, f"guess-{n}")) for n in range(6)]
        results = await asyncio.gather(*attempts, return_exceptions=True)
    finally:
        work.close()
    refused = [r for r in results if isinstance(r, SignInBusy)]
    assert len(refused) == 3
    assert all(r.extra["retry_after_seconds"] == 1 and r.status == 503 for r in refused)
    assert [r for r in results if not isinstance(r, SignInBusy)] == [False, False, False]
    assert work.pending == 0


async def test_hashing_a_new_password_waits_its_turn_rather_than_being_refused() -> None:
    work = PasswordWork(workers=1, max_waiting=0)
    try:
        hashes = await asyncio.gather(*(work.hash(f"new-password-{n}") for n in range(3)))
    finally:
        work.close()
    assert all(verify_password(h, f"new-password-{n}") for n, h in enumerate(hashes))
    busy = PasswordWork(workers=1, max_waiting=0)
    try:
        first = asyncio.create_task(busy.verify(HASH, "a"))
        await asyncio.sleep(0)
        with pytest.raises(SignInBusy):
            await busy.verify(HASH, "b")  # a check is refused where a new hash waited
        assert not await first
    finally:
        busy.close()
