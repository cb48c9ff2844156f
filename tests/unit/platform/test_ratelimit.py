from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parley.platform.ratelimit import SlidingWindowLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_blocks_after_the_limit_and_recovers_after_the_window() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(3, timedelta(minutes=1), clock)
    for _ in range(3):
        assert not limiter.blocked("1.2.3.4")
        limiter.hit("1.2.3.4")
    assert limiter.blocked("1.2.3.4")
    assert not limiter.blocked("5.6.7.8")
    clock.now += timedelta(seconds=61)
    assert not limiter.blocked("1.2.3.4")


def test_memory_stays_bounded_under_many_keys() -> None:
    limiter = SlidingWindowLimiter(3, timedelta(minutes=1), FakeClock(), max_keys=100)
    for index in range(1000):
        limiter.hit(f"key-{index}")
    assert len(limiter._hits) <= 100
