"""The routing engine's state and bookkeeping: what every layer of the engine reads and marks.

The engine is built in layers, each a class over the one below (all pure, no I/O):
`core` (state, events, marks) -> `flow` (lines, offers, talk, wrap-up, timers) -> `matching` (who gets
what) -> `transfers` -> `engine` (the public commands).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parley.routing.errors import NoSuchAgent, NoSuchContact, NoSuchQueue
from parley.routing.estimate import HandleTime
from parley.routing.hours import LocalDays
from parley.routing.model import (
    DEFAULT_CHANNEL_UNITS,
    AgentState,
    Channel,
    QueueConfig,
    RoutingEvent,
    RoutingEventKind,
)
from parley.routing.pools import BucketKey, Line, Pool
from parley.routing.state import Agent, Contact, Timers
from parley.routing.stats import QueueCounters

#: The highest member tier a contact may go to, and the (skill, minimum level) pairs it needs.
Requirement = tuple[int, tuple[tuple[str, int], ...]]
# An enum's `.value` is a Python-level property; these plain lookups are what the hot paths use.
_STATE_VALUES: dict[AgentState, str] = {state: state.value for state in AgentState}
_CHANNEL_VALUES: dict[Channel, str] = {channel: channel.value for channel in Channel}


@dataclass(slots=True)
class Drained:
    events: list[RoutingEvent] = field(default_factory=list)
    contacts: dict[str, Contact] = field(default_factory=dict)  # changed (terminal ones included, once)
    agents: set[str] = field(default_factory=set)


class EngineCore:
    def __init__(
        self,
        *,
        channel_units: dict[Channel, int] | None = None,
        max_missed_offers: int = 3,
        reoffer_pause: float = 5.0,
        seed: int = 0,
        timezone: str = "UTC",
    ) -> None:
        self.now = 0.0
        #: "Today" (the day's statistics, fewest handled today) is the contact center's local day.
        self.days = LocalDays(timezone)
        self.units = dict(channel_units or DEFAULT_CHANNEL_UNITS)
        self.max_missed_offers = max_missed_offers
        self.reoffer_pause = reoffer_pause
        self.queues: dict[str, QueueConfig] = {}
        self.agents: dict[str, Agent] = {}
        self.contacts: dict[str, Contact] = {}
        self.lines: dict[str, Line] = {}
        self.pools: dict[str, Pool] = {}
        self.members: dict[str, dict[str, tuple[int, int]]] = {}  # queue -> agent -> (tier, penalty)
        self.counters: dict[str, QueueCounters] = {}
        self.handle_times: dict[str, HandleTime] = {}
        self.timers = Timers()
        self._rr: dict[str, dict[str, int]] = {}
        #: queue -> bucket -> (highest member tier, (skill, level) pairs) its contacts need
        self._requirements: dict[str, dict[BucketKey, Requirement]] = {}
        #: queue -> bucket -> member -> whether its tier and skills fit that bucket's contacts, filled as
        #: contacts meet the pool; forgotten when the queue or one of its members' profile changes
        self._fits: dict[str, dict[BucketKey, dict[str, bool]]] = {}
        self._random = random.Random(seed)  # noqa: S311 - fairness, not secrecy
        self._seq = 0
        self._offers = 0
        self._out = Drained()
        self._pending_agents: set[str] = set()
        self._pending_contacts: set[str] = set()
        #: ring-all contacts that started ringing at a time (agents freed at that same moment join them)
        self._ring_started: tuple[float, set[str]] = (-1.0, set())

    @staticmethod
    def _bucket_of(contact: Contact) -> BucketKey:
        return (contact.stage, frozenset(contact.skills.items()), _CHANNEL_VALUES[contact.channel])

    def _day(self, now: float) -> int:
        return self.days.day(now)

    def _counters(self, queue_id: str) -> QueueCounters:
        counters = self.counters[queue_id]
        day = self.days.day(self.now)
        if counters.day != day:
            counters.roll(day)
        return counters

    def _emit(self, kind: RoutingEventKind, contact: Contact, agent_id: str | None, **data: Any) -> None:
        self._out.events.append(RoutingEvent(self.now, kind, contact.id, contact.queue_id, agent_id, data))

    def _mark_contact(self, contact: Contact) -> None:
        self._out.contacts[contact.id] = contact

    def _mark_agent(self, agent: Agent, force_event: bool = False) -> None:
        self._pending_agents.add(agent.id)
        self._out.agents.add(agent.id)
        if force_event:
            self._update_state(agent, force_event=True)

    def _update_state(self, agent: Agent, force_event: bool = False) -> None:
        state = agent.derived_state()
        if state is not agent.state or force_event:
            changed = state is not agent.state
            agent.state = state
            if changed:
                agent.state_since = self.now
            self._out.events.append(
                RoutingEvent(
                    self.now,
                    "agent-state",
                    None,
                    None,
                    agent.profile.id,
                    {"state": _STATE_VALUES[state], "reason": agent.reason},
                )
            )
            self._out.agents.add(agent.profile.id)

    def _queue(self, queue_id: str) -> QueueConfig:
        queue = self.queues.get(queue_id)
        if queue is None:
            raise NoSuchQueue(f"no queue {queue_id!r}", queue=queue_id)
        return queue

    def _agent(self, agent_id: str) -> Agent:
        agent = self.agents.get(agent_id)
        if agent is None:
            raise NoSuchAgent(f"no agent {agent_id!r} in routing; set your state first", agent=agent_id)
        return agent

    def _contact(self, contact_id: str) -> Contact:
        contact = self.contacts.get(contact_id)
        if contact is None:
            raise NoSuchContact(f"no active contact {contact_id}", contact=contact_id)
        return contact

    def active_contacts(self) -> Iterable[Contact]:
        return self.contacts.values()


__all__ = ["Drained", "EngineCore", "Requirement"]
