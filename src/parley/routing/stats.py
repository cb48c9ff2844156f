"""Per-queue counters of the day, from which live statistics are computed."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(slots=True)
class QueueCounters:
    day: int = 0
    entered: int = 0
    answered: int = 0
    answered_in_target: int = 0
    abandoned: int = 0
    abandoned_in_target: int = 0  # hung up before the target time: not held against the service level
    refused: int = 0
    overflowed: int = 0
    completed: int = 0
    answer_wait_total: float = 0.0

    def roll(self, day: int) -> None:
        if day != self.day:
            fresh = QueueCounters(day=day)
            for name in self.__slots__:
                setattr(self, name, getattr(fresh, name))

    def service_level(self) -> float | None:
        """Answered within the target over answered plus abandoned after the target (the usual definition)."""
        counted = self.answered + self.abandoned - self.abandoned_in_target
        return self.answered_in_target / counted if counted else None

    def average_speed_of_answer(self) -> float | None:
        return self.answer_wait_total / self.answered if self.answered else None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
