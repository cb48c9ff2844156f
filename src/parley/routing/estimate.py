"""Wait estimates: a handle-time estimate per queue and the position-aware expected wait.

A contact at place k of a line whose agents are all busy waits for k of them to free up. With N agent slots
serving the queue and an average handle time H, slots free up at about N / H per second, so the expected
wait is k * H / N (exact for exponential handle times, the M/M/c case). H is an exponentially weighted mean
of recent handle times (talk + wrap-up) of the queue; until it has seen `PRIOR_WEIGHT` contacts it is blended
with the queue's configured default, so the first estimates of the day are not made from one call.
See docs/routing.md.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Weight of each new handle time: about the last 1/ALPHA (100) contacts count. A faster mean follows
#: the long calls that build a line, so estimates ran long (measured in the simulator, docs/simulator.md).
ALPHA = 0.01
#: How many observed contacts the configured default is worth.
PRIOR_WEIGHT = 10


@dataclass(slots=True)
class HandleTime:
    default: float
    mean: float = 0.0
    samples: int = 0

    def observe(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        if self.samples == 0:
            self.mean = seconds
        else:
            weight = max(ALPHA, 1.0 / (self.samples + 1))
            self.mean += weight * (seconds - self.mean)
        self.samples += 1

    def estimate(self) -> float:
        if self.samples >= PRIOR_WEIGHT:
            return self.mean
        seen = self.samples
        return (seen * self.mean + (PRIOR_WEIGHT - seen) * self.default) / PRIOR_WEIGHT


def expected_wait(position: int, slots: float, handle_time: float) -> float | None:
    """Seconds a contact at 1-based `position` can expect to wait; None when no agent serves the queue."""
    if slots <= 0:
        return None
    return position * handle_time / slots
