"""Timers come in as an argument: the loop's real ones, or manual ones a test moves forward."""

from __future__ import annotations

import asyncio

from parley.platform.clock import LOOP_TIMERS, ManualTimers


def test_manual_timers_run_what_falls_due_in_order_and_skip_the_cancelled() -> None:
    timers = ManualTimers(start=10.0)
    ran: list[str] = []
    timers.call_later(2.0, ran.append, "late")
    timers.call_later(1.0, ran.append, "early")
    timers.call_later(1.5, ran.append, "cancelled").cancel()
    assert timers.due_within(1.5) == 1
    assert timers.advance(0.99) == 0
    assert ran == []
    assert timers.advance(1.01) == 2
    assert ran == ["early", "late"]
    assert timers.monotonic() == 12.0
    assert timers.due_within(1000) == 0


def test_a_callback_due_at_once_runs_on_the_next_advance_even_of_nothing() -> None:
    timers = ManualTimers()
    ran: list[int] = []
    timers.call_later(-1.0, ran.append, 1)  # a delay already over, as for an expired sign-in
    assert timers.advance(0) == 1
    assert ran == [1]


async def test_a_test_can_wait_until_the_code_schedules_a_timer() -> None:
    timers = ManualTimers()
    waiting = asyncio.create_task(timers.scheduled(within=5))
    await asyncio.sleep(0)
    assert not waiting.done()
    timers.call_later(60, print)  # not within the time asked about
    await asyncio.sleep(0)
    assert not waiting.done()
    timers.call_later(5, print)
    async with asyncio.timeout(1):
        await waiting


async def test_the_loop_timers_are_the_event_loop_s() -> None:
    fired = asyncio.Event()
    start = LOOP_TIMERS.monotonic()
    handle = LOOP_TIMERS.call_later(0, fired.set)
    LOOP_TIMERS.call_later(0, print).cancel()
    async with asyncio.timeout(1):
        await fired.wait()
    assert isinstance(handle, asyncio.TimerHandle)
    assert LOOP_TIMERS.monotonic() >= start
