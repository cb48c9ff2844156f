"""What routing tells other slices: the events it publishes on the bus (platform/events.py).

`RoutingChanged` is routing's public contract. Routing publishes one per command it writes: first inside the
transaction that stores it (`bus.within`: the desk keeps its interactions in step), then after the commit
(`bus.on`: the WebSocket fan-out, and the channels and reports to come).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from parley.routing.model import RoutingEvent
from parley.routing.state import Contact


@dataclass(frozen=True, slots=True)
class RoutingChanged:
    """What one routing command did, in order: its events, the contacts it changed (by id, a finished one
    included once) and the ids of the agents whose state it changed.

    The collections are the engine's own, handed over rather than copied (this is the hot path of every
    routing decision): treat them as read-only, as the types say. A contact is the engine's live object: an
    `on` handler that runs after later commands sees it as it is then (a Redis-backed bus, #22, will carry
    a copy taken at publication instead)."""

    events: Sequence[RoutingEvent]
    contacts: Mapping[str, Contact]
    agents: Set[str]


__all__ = ["RoutingChanged"]
