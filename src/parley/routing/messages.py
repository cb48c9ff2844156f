"""What routing tells the outside: an event as a WebSocket message, a contact as the desk and supervisors
see it. Plain functions of the engine's data, building plain dictionaries (this is the hot path): their
shapes are declared in `ws_schemas.py` (`AgentStateMessage`, `RoutingEventMessage`, `LiveContact`), and a
unit test keeps what is built and what is declared the same."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from parley.routing.model import RoutingEvent
from parley.routing.state import Contact


def event_message(event: RoutingEvent) -> dict[str, Any]:
    return {
        "type": "agent-state" if event.kind == "agent-state" else "routing-event",
        "kind": event.kind,
        "at": iso(event.at),
        "contact_id": event.contact_id,
        "queue_id": event.queue_id,
        "agent_id": int(event.agent_id) if event.agent_id else None,
        **({"data": event.data} if event.kind != "agent-state" else event.data),
    }


def contact_view(contact: Contact) -> dict[str, Any]:
    data = contact.data
    return {
        "id": contact.id,
        "channel": contact.channel.value,
        "queue_id": contact.queue_id,
        "state": contact.state.value,
        "priority": contact.priority,
        "from": data.get("from", ""),
        "subject": data.get("subject", ""),
        "request_type": data.get("request_type"),
        "arrived_at": iso(contact.arrived_at),
        "in_line_since": iso(contact.line_at),
        "callback": contact.callback,
        "attempts": contact.attempts,
        "offer_expires": iso(contact.offer_expires) if contact.offer_expires else None,
        "wrap_until": iso(contact.wrap_until) if contact.wrap_until else None,
        "transfer": data.get("transfer"),
        "transfer_to": contact.detail.get("transfer_to"),
        "transfer_mode": contact.detail.get("transfer_mode"),
        "transfer_to_queue": contact.detail.get("transfer_queue"),
        "transfer_answered_by": contact.detail.get("transfer_answered_by"),
        "transfer_answered_name": contact.detail.get("transfer_answered_name"),
    }


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


__all__ = ["contact_view", "event_message", "iso"]
