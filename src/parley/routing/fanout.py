"""Routing's fan-out: what a written command did goes over the WebSocket hub to those who may see it.

Every routing event to supervisors; offers, withdrawn offers, state changes and contact changes to the agent
concerned; the end of a contact to the customer who watches it. Queue statistics and places in line are
pushed at most every LIVE_PUSH_DELAY, so a burst of contacts makes one push.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Literal, assert_never

from parley.platform.realtime import Hub
from parley.routing.engine import Engine
from parley.routing.events import RoutingChanged
from parley.routing.messages import contact_view, event_message
from parley.routing.model import ROUTING_EVENT_KINDS, ContactState, RoutingEventKind

#: Statistics and places in line are pushed at most this often: a burst of contacts makes one push.
LIVE_PUSH_DELAY = 0.25
#: The message an agent gets about a routing event that concerns them: the event itself (their state), an
#: offer, the end of an offer, or a change of one of their contacts.
AgentMessage = Literal["agent-state", "offer", "offer-withdrawn", "contact"]


def agent_message(kind: RoutingEventKind) -> AgentMessage:
    """Every kind is named, so a new kind fails type checking until someone decides what agents see."""
    match kind:
        case "agent-state":
            return "agent-state"
        case "offered":
            return "offer"
        case "rescinded" | "missed" | "declined":
            return "offer-withdrawn"
        case (
            "entered"
            | "refused"
            | "escalated"
            | "overflowed"
            | "overflow-skipped"
            | "abandoned"
            | "accepted"
            | "completed"
            | "wrap-up-ended"
            | "callback-requested"
            | "callback-scheduled"
            | "callback-due"
            | "callback-attempt"
            | "callback-cancelled"
            | "callback-failed"
            | "transfer-started"
            | "transfer-answered"
            | "transfer-cancelled"
            | "transferred"
            | "cancelled"
        ):
            return "contact"
        case _:
            assert_never(kind)


#: Looked up once per event (a dictionary is cheaper than the match on the hot path).
TO_AGENT: dict[RoutingEventKind, AgentMessage] = {kind: agent_message(kind) for kind in ROUTING_EVENT_KINDS}


class Fanout:
    def __init__(self, hub: Hub, now: Callable[[], float], current: Callable[[], Engine | None]) -> None:
        self.hub = hub
        self.now = now
        self.current = current  # the live engine, if loaded (it is rebuilt after a failed write)
        self._dirty_queues: set[str] = set()
        self._flush_scheduled = False

    def publish(self, changed: RoutingChanged) -> None:
        """What a written command did, to those who may see it: supervisors, agents, watching customers.

        It follows routing's `RoutingChanged` on the bus, after each commit (the router subscribes it)."""
        hub = self.hub
        supervisors = hub.has_supervisors()
        queues: set[str] = set()
        for event in changed.events:
            if event.queue_id:
                queues.add(event.queue_id)
            message = event_message(event)
            if supervisors:
                hub.to_supervisors(message)
            if event.agent_id:
                user_id = int(event.agent_id)
                to_agent = TO_AGENT[event.kind]
                if to_agent == "agent-state":
                    hub.to_user(user_id, message)
                elif to_agent != "contact":
                    contact = changed.contacts.get(event.contact_id or "")
                    hub.to_user(
                        user_id,
                        {
                            "type": to_agent,
                            "why": event.kind,
                            "contact": contact_view(contact) if contact else {"id": event.contact_id},
                            **event.data,
                        },
                    )
                else:
                    contact = changed.contacts.get(event.contact_id or "")
                    hub.to_user(
                        user_id,
                        {
                            "type": "contact",
                            "event": event.kind,
                            "contact": contact_view(contact) if contact else None,
                        },
                    )
            if event.contact_id and event.contact_id in changed.contacts:
                contact = changed.contacts[event.contact_id]
                if contact.state in (ContactState.COMPLETED, ContactState.ABANDONED, ContactState.REFUSED):
                    hub.to_contact(contact.id, {"type": "status", "state": contact.state.value})
        if queues:
            self._dirty_queues |= queues
            if not self._flush_scheduled:
                self._flush_scheduled = True
                asyncio.get_running_loop().call_later(LIVE_PUSH_DELAY, self._flush_live)

    def _flush_live(self) -> None:
        self._flush_scheduled = False
        queues, self._dirty_queues = self._dirty_queues, set()
        engine = self.current()
        if engine is not None and queues:
            self.push_live(engine, queues)

    def push_live(self, engine: Engine, queues: set[str]) -> None:
        """Queue statistics to supervisors and places in line to waiting customers who watch."""
        now = self.now()
        if self.hub.has_supervisors():
            for queue_id in sorted(queues):
                if queue_id in engine.queues:
                    self.hub.to_supervisors({"type": "queue-stats", **engine.queue_stats(queue_id, now)})
        for contact_id in self.hub.watched_contacts():
            contact = engine.contacts.get(contact_id)
            if contact is not None and contact.queue_id in queues:
                position, wait = engine.position(contact_id)
                self.hub.to_contact(
                    contact_id,
                    {
                        "type": "status",
                        "state": contact.state.value,
                        "position": position,
                        "expected_wait": wait,
                    },
                )
