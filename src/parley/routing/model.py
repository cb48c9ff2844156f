"""The routing vocabulary: queues, agents, contacts, their states, and the events routing emits.

Pure data: no framework, no clock. Times are float seconds since the epoch, passed in by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, get_args


class Channel(StrEnum):
    VOICE = "voice"
    WEBCALL = "webcall"
    CHAT = "chat"
    EMAIL = "email"
    CALLBACK = "callback"


#: Capacity units a contact of each channel takes from an agent's 100: one call, or up to three chats.
DEFAULT_CHANNEL_UNITS: dict[Channel, int] = {
    Channel.VOICE: 100,
    Channel.WEBCALL: 100,
    Channel.CALLBACK: 100,
    Channel.CHAT: 33,
    Channel.EMAIL: 25,
}
#: Channels where a customer can be called back instead of waiting.
CALLBACK_CAPABLE = frozenset({Channel.VOICE, Channel.WEBCALL, Channel.CALLBACK})


class Strategy(StrEnum):
    LONGEST_IDLE = "longest-idle"
    FEWEST_HANDLED = "fewest-handled"
    ROUND_ROBIN = "round-robin"
    BEST_SKILL = "best-skill"
    RANDOM = "random"
    RING_ALL = "ring-all"


class Presence(StrEnum):
    """What the agent chose; the state shown is derived from it and the agent's work."""

    OFFLINE = "offline"
    READY = "ready"
    NOT_READY = "not-ready"


class AgentState(StrEnum):
    OFFLINE = "offline"
    READY = "ready"
    NOT_READY = "not-ready"
    OFFERED = "offered"
    BUSY = "busy"
    WRAP_UP = "wrap-up"


class ContactState(StrEnum):
    SCHEDULED = "scheduled"  # a callback waiting for its time
    WAITING = "waiting"
    OFFERED = "offered"
    CONNECTED = "connected"
    WRAP_UP = "wrap-up"
    COMPLETED = "completed"
    ABANDONED = "abandoned"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    FAILED = "failed"


TERMINAL = frozenset(
    {
        ContactState.COMPLETED,
        ContactState.ABANDONED,
        ContactState.REFUSED,
        ContactState.CANCELLED,
        ContactState.FAILED,
    }
)


class ClosedBehaviour(StrEnum):
    REFUSE = "refuse"  # refuse with the next opening time (and a callback offer where the channel allows)
    CALLBACK = "callback"  # schedule a callback at the next opening
    OVERFLOW = "overflow"  # send to closed_queue
    QUEUE = "queue"  # accept and wait for the opening


class TransferMode(StrEnum):
    """How an agent hands a connected contact to another queue.

    blind: the agent lets go at once; the customer waits in the target queue.
    consult: the agent stays on the call and talks to whoever answers the transfer first, then hands over
        (or takes the customer back by cancelling).
    conference: as consult; once the target answers, all three talk until the first agent leaves.
    whisper: blind, with the agent's note shown to the target before they accept.
    """

    BLIND = "blind"
    CONSULT = "consult"
    CONFERENCE = "conference"
    WHISPER = "whisper"


#: Modes where the first agent stays on the call until the target answers and they hand over.
ATTENDED = frozenset({TransferMode.CONSULT, TransferMode.CONFERENCE})


class CallbackResult(StrEnum):
    ANSWERED = "answered"
    NO_ANSWER = "no-answer"
    BUSY = "busy"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Escalation:
    """After `after_seconds` of waiting, a contact may go to members up to `max_tier` and needs `skills`
    changed: a level replaces the required one, 0 drops the requirement."""

    after_seconds: float
    max_tier: int | None = None
    skills: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Overflow:
    """After `after_seconds` in this queue, move to `to_queue`, or turn into a callback when it is None."""

    after_seconds: float
    to_queue: str | None = None


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Weekly hours in a time zone: weekday (0 = Monday) -> list of (start minute, end minute) of the day."""

    timezone: str = "UTC"
    week: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QueueConfig:
    id: str
    name: str
    request_types: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = (Channel.VOICE,)
    priority: int = 0
    skills: dict[str, int] = field(default_factory=dict)
    strategy: Strategy = Strategy.LONGEST_IDLE
    sl_fraction: float = 0.8
    sl_seconds: float = 20.0
    max_size: int | None = None
    overflow: Overflow | None = None
    hours: OpeningHours | None = None  # None: always open
    closed_behaviour: ClosedBehaviour = ClosedBehaviour.REFUSE
    closed_queue: str | None = None
    wrap_up_seconds: float = 30.0
    offer_timeout_seconds: float = 20.0
    max_handle_seconds: float = 4 * 3600.0
    escalations: tuple[Escalation, ...] = ()
    default_aht_seconds: float = 180.0
    callback_attempts: int = 3
    callback_interval_seconds: float = 600.0


@dataclass(frozen=True, slots=True)
class Membership:
    queue_id: str
    tier: int = 1  # contacts reach tier 2+ only after an escalation opens it
    penalty: int = 0  # among eligible agents, lower penalty is offered first


@dataclass(frozen=True, slots=True)
class AgentProfile:
    id: str
    name: str = ""
    skills: dict[str, int] = field(default_factory=dict)
    memberships: tuple[Membership, ...] = ()
    capacity: int = 100


@dataclass(frozen=True, slots=True)
class Arrival:
    """The engine's command: a contact arrives, its id given and its queue settled (a channel sends the
    service a `parley.routing.commands.NewContact`, which becomes one of these)."""

    id: str
    channel: Channel
    queue_id: str
    priority: int = 0
    skills: dict[str, int] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


#: Every kind of event the engine emits: a closed set, so a mapping of kinds (the desk's timeline, the
#: agent's messages) that forgets one fails type checking. The values are stored in the event log and sent
#: over the WebSocket: never rename one.
RoutingEventKind = Literal[
    # a contact's way through the line
    "entered",
    "refused",
    "escalated",
    "overflowed",
    "overflow-skipped",
    "abandoned",
    # offers and talk
    "offered",
    "rescinded",
    "missed",
    "declined",
    "accepted",
    "completed",
    "wrap-up-ended",
    # callbacks
    "callback-requested",
    "callback-scheduled",
    "callback-due",
    "callback-attempt",
    "callback-cancelled",
    "callback-failed",
    # transfers (`cancelled` ends a transfer's leg that never started)
    "transfer-started",
    "transfer-answered",
    "transfer-cancelled",
    "transferred",
    "cancelled",
    # an agent's state changed (no contact)
    "agent-state",
]
ROUTING_EVENT_KINDS: frozenset[RoutingEventKind] = frozenset(get_args(RoutingEventKind))


@dataclass(slots=True)
class RoutingEvent:
    """Something that happened, past tense; feeds the event log, WebSockets and reports.

    Treat it as read-only. It is not frozen because a frozen dataclass sets each field through
    `object.__setattr__`, which made an event three times as dear to build, and routing builds a few per
    command (docs/performance.md)."""

    at: float
    kind: RoutingEventKind
    contact_id: str | None = None
    queue_id: str | None = None
    agent_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
