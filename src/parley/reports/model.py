"""What a report asks for: plain values, no framework."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class InteractionFilter:
    """What the interaction search and the export match (every given condition)."""

    customer: int | None = None
    customer_search: str | None = None
    agent: int | None = None
    queue: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None
