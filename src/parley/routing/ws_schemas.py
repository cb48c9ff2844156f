"""The messages of `/api/events` as schemas: the contract the front end's types are generated from.

The fan-out builds these messages as plain dictionaries on the hot path (validating each would cost more than
routing it); a unit test builds every kind of message from a real engine and validates it here, so the
schema and what is sent stay the same. `EventMessage` is the union, told apart by `type`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from parley.platform.realtime import ACCOUNT_DISABLED, ROLE_CHANGED, SIGN_IN_ENDED, TOO_SLOW
from parley.routing.model import AgentState, Channel, ContactState, RoutingEventKind, TransferMode
from parley.routing.schemas import QueueStats


def _left_out_when_unset(schema: dict[str, Any]) -> None:
    """A field with a default is one the server leaves out at times (`in_row`, `position`): without the
    default in the schema, the generated TypeScript types it as optional, as it is, not as always there."""
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra=_left_out_when_unset)


class LiveTransfer(_Message):
    """Where a transfer's leg came from, as the engine keeps it in the contact's data."""

    from_: str = Field(alias="from", description="the contact the leg was transferred from")
    initial: str = Field(description="the first contact of the chain of transfers")
    from_agent: str
    from_agent_name: str
    from_queue: str
    mode: TransferMode
    note: str


class LiveContact(_Message):
    """A contact as routing holds it now (times in ISO 8601)."""

    id: str
    channel: Channel
    queue_id: str
    state: ContactState
    priority: int
    from_: str = Field(alias="from")
    subject: str
    request_type: str | None
    arrived_at: datetime
    in_line_since: datetime
    callback: bool
    attempts: int
    offer_expires: datetime | None
    wrap_until: datetime | None
    transfer: LiveTransfer | None = Field(description="set on a transfer's leg")
    transfer_to: str | None = Field(description="the leg of a consult or conference under way")
    transfer_mode: TransferMode | None
    transfer_to_queue: str | None
    transfer_answered_by: str | None
    transfer_answered_name: str | None


class ContactRef(_Message):
    """A contact routing no longer holds: only its id."""

    id: str


class HelloMessage(_Message):
    """The first message on every socket: who it is open for (a user, or a waiting customer's contact)."""

    type: Literal["hello"]
    user_id: int | None
    contact: str | None


class PongMessage(_Message):
    """The answer to the client's `ping` (a text frame)."""

    type: Literal["pong"]


class AgentStateMessage(_Message):
    """An agent's state changed: to supervisors and to the agent."""

    type: Literal["agent-state"]
    kind: Literal["agent-state"]
    at: datetime
    contact_id: None
    queue_id: None
    agent_id: int
    state: AgentState
    reason: str | None


class RoutingEventMessage(_Message):
    """Any other routing event, to supervisors (never `agent-state`, which has its own message)."""

    type: Literal["routing-event"]
    kind: RoutingEventKind
    at: datetime
    contact_id: str | None
    queue_id: str | None
    agent_id: int | None
    data: dict[str, Any] = Field(description="what the event carries, by kind (`wait`, `to`, `why`, ...)")


class OfferMessage(_Message):
    """A contact is offered to the agent, until `expires` (seconds since the epoch)."""

    type: Literal["offer"]
    why: Literal["offered"]
    contact: LiveContact
    offer: int = Field(description="the offer's number (increasing)")
    expires: float | None


class OfferWithdrawnMessage(_Message):
    """An offer to the agent ended without an answer: rescinded (`why`: the reason), missed or declined."""

    type: Literal["offer-withdrawn"]
    why: str = Field(description="`missed`, `declined`, or why it was rescinded (`taken`, `gone`, ...)")
    contact: LiveContact | ContactRef
    in_row: int | None = Field(None, description="with `missed`: offers the agent missed in a row")


class ContactMessage(_Message):
    """One of the agent's contacts changed (`event`: the routing event's kind)."""

    type: Literal["contact"]
    event: RoutingEventKind
    contact: LiveContact | None


class StatusMessage(_Message):
    """A waiting customer's contact: its state, and while it waits its place in line and expected wait
    (seconds); when it ends, only the state."""

    type: Literal["status"]
    state: ContactState
    position: int | None = None
    expected_wait: float | None = None


class QueueStatsMessage(QueueStats):
    """A queue's statistics, to supervisors (at most every quarter second per queue)."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["queue-stats"]


class QueuesChangedMessage(_Message):
    """Queues were added, changed or removed, to supervisors: every queue's id now."""

    type: Literal["queues-changed"]
    queues: list[str]


EventMessage = Annotated[
    HelloMessage
    | PongMessage
    | AgentStateMessage
    | RoutingEventMessage
    | OfferMessage
    | OfferWithdrawnMessage
    | ContactMessage
    | StatusMessage
    | QueueStatsMessage
    | QueuesChangedMessage,
    Field(
        discriminator="type",
        description=(
            "A message on the `/api/events` WebSocket (JSON text frames), told apart by `type`. Agents get "
            "their own state, offers and contacts; supervisors every routing event, agent state and queue "
            "statistics; a customer's contact token its status. The server closes the socket with "
            f"{SIGN_IN_ENDED} (the sign-in ended: sign in again), {ACCOUNT_DISABLED} (the account is "
            f"disabled), {ROLE_CHANGED} (the role changed: reconnect), {TOO_SLOW} (the client fell behind: "
            "reconnect and reload) or 1008 (refused at connect: no sign-in, or an unknown contact token)."
        ),
    ),
]
EVENT_MESSAGE: TypeAdapter[Any] = TypeAdapter(EventMessage)

__all__ = [
    "EVENT_MESSAGE",
    "AgentStateMessage",
    "ContactMessage",
    "ContactRef",
    "EventMessage",
    "HelloMessage",
    "LiveContact",
    "LiveTransfer",
    "OfferMessage",
    "OfferWithdrawnMessage",
    "PongMessage",
    "QueueStatsMessage",
    "QueuesChangedMessage",
    "RoutingEventMessage",
    "StatusMessage",
]
