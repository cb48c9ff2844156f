from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parley.platform.ratelimit import MAX_HITS_PER_KEY, MemoryCounters

MINUTE = timedelta(minutes=1)


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_counts_within_the_window_and_says_how_long_until_under_the_limit() -> None:
    clock = FakeClock()
    counters = MemoryCounters(clock)
    for second in range(3):
        assert await counters.wait("1.2.3.4", MINUTE, 3) is None
        clock.now += timedelta(seconds=10 * second)
        assert await counters.add("1.2.3.4", MINUTE) == second + 1
    # hits at 0, 10 and 30 s; now 30 s: under the limit of 3 again when the first goes, at 60 s
    assert await counters.wait("1.2.3.4", MINUTE, 3) == 30
    assert await counters.wait("1.2.3.4", MINUTE, 2) == 40  # below 2 once the second goes, at 70 s
    assert await counters.wait("5.6.7.8", MINUTE, 3) is None
    clock.now += timedelta(seconds=31)
    assert await counters.count("1.2.3.4", MINUTE) == 2
    assert await counters.wait("1.2.3.4", MINUTE, 3) is None
    await counters.clear("1.2.3.4")
    assert await counters.count("1.2.3.4", MINUTE) == 0


async def test_memory_stays_bounded_under_many_keys_and_many_hits() -> None:
    counters = MemoryCounters(FakeClock(), max_keys=100)
    for index in range(1000):
        await counters.add(f"key-{index}", MINUTE)
    assert len(counters._hits) <= 100
    for _ in range(MAX_HITS_PER_KEY + 50):
        await counters.add("busy", MINUTE)
    assert await counters.count("busy", MINUTE) == MAX_HITS_PER_KEY
