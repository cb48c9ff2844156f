"""The routing engine: pure, deterministic, event-driven.

Every command takes `now` (float seconds) and leaves the engine settled: no waiting contact and free agent
who could be matched remain unmatched. Timers (offer timeouts, wrap-up ends, escalations, overflows,
callbacks due, re-offer pauses) are kept in a heap; the caller wakes the engine at `next_due()` and calls
`advance(now)`. Nothing polls. What happened is collected as past-tense events for the caller to `drain()`,
with the ids of contacts and agents whose state changed, so a store can write exactly those.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parley.routing import hours as opening
from parley.routing.estimate import HandleTime, expected_wait
from parley.routing.model import (
    ATTENDED,
    CALLBACK_CAPABLE,
    DEFAULT_CHANNEL_UNITS,
    TERMINAL,
    AgentBusy,
    AgentProfile,
    AgentState,
    CallbackNotPossible,
    CallbackResult,
    Channel,
    ClosedBehaviour,
    ContactState,
    IllegalTransition,
    NewContact,
    NoSuchAgent,
    NoSuchContact,
    NoSuchOffer,
    NoSuchQueue,
    Presence,
    QueueConfig,
    RoutingEvent,
    Strategy,
    TransferMode,
    TransferRefused,
)
from parley.routing.pools import BucketKey, Line, Pool
from parley.routing.state import CONNECTED, OFFERED, WRAPPING, Agent, Contact, Timers
from parley.routing.stats import QueueCounters

DAY = 86_400.0
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


class Engine:
    def __init__(
        self,
        *,
        channel_units: dict[Channel, int] | None = None,
        max_missed_offers: int = 3,
        reoffer_pause: float = 5.0,
        seed: int = 0,
    ) -> None:
        self.now = 0.0
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

    # ---------------------------------------------------------------- configuration

    def set_queue(self, config: QueueConfig, now: float) -> None:
        self._tick(now)
        for target in (config.overflow.to_queue if config.overflow else None, config.closed_queue):
            if target is not None and target != config.id and target not in self.queues:
                raise NoSuchQueue(f"queue {config.id!r} sends contacts to unknown queue {target!r}")
        self._install_queue(config)
        for contact in self.contacts.values():
            if contact.queue_id == config.id and contact.state is ContactState.WAITING:
                self._pending_contacts.add(contact.id)
        self._pending_agents.update(self.members[config.id])
        self._settle()

    def _install_queue(self, config: QueueConfig) -> None:
        self.queues[config.id] = config
        self.lines.setdefault(config.id, Line())
        self.pools.setdefault(config.id, Pool())
        self.members.setdefault(config.id, {})
        self.counters.setdefault(config.id, QueueCounters(day=self._day(self.now)))
        self.handle_times.setdefault(
            config.id, HandleTime(config.default_aht_seconds)
        ).default = config.default_aht_seconds
        self._rr.setdefault(config.id, {})
        # Requirements and strategy may have changed: forget cached requirements, re-rank the pool.
        self._requirements[config.id] = {}
        self._fits[config.id] = {}

    def remove_queue(self, queue_id: str, now: float) -> None:
        self._tick(now)
        self._queue(queue_id)
        if any(c.queue_id == queue_id for c in self.contacts.values()):
            raise IllegalTransition(f"queue {queue_id!r} still has contacts; wait until they are handled")
        for other in self.queues.values():
            if other.id != queue_id and queue_id in (
                other.closed_queue,
                other.overflow.to_queue if other.overflow else None,
            ):
                raise IllegalTransition(f"queue {other.id!r} sends contacts to {queue_id!r}")
        for agent in self.agents.values():
            if any(m.queue_id == queue_id for m in agent.profile.memberships):
                raise IllegalTransition(f"agent {agent.id!r} is a member of {queue_id!r}; remove them first")
        del self.queues[queue_id], self.lines[queue_id], self.pools[queue_id], self.members[queue_id]
        self.counters.pop(queue_id, None)
        self.handle_times.pop(queue_id, None)
        self._rr.pop(queue_id, None)
        self._requirements.pop(queue_id, None)
        self._fits.pop(queue_id, None)

    def set_agent(self, profile: AgentProfile, now: float) -> Agent:
        self._tick(now)
        for membership in profile.memberships:
            self._queue(membership.queue_id)
        agent = self.agents.get(profile.id)
        if agent is None:
            self._seq += 1
            agent = self.agents[profile.id] = Agent(profile, self._seq, state_since=now, idle_since=now)
        else:
            self._unpool(agent)
            for queue_id, members in self.members.items():
                members.pop(agent.id, None)
                self._rr.get(queue_id, {}).pop(agent.id, None)
            self._forget_fits(agent.profile)
            agent.profile = profile
        for membership in profile.memberships:
            self.members[membership.queue_id][agent.id] = (membership.tier, membership.penalty)
        self._forget_fits(profile)
        self._mark_agent(agent)
        self._settle()
        return agent

    def remove_agent(self, agent_id: str, now: float) -> None:
        self._tick(now)
        agent = self._agent(agent_id)
        if agent.work:
            raise AgentBusy(f"agent {agent_id!r} is handling contacts")
        self._unpool(agent)
        for members in self.members.values():
            members.pop(agent_id, None)
        self._forget_fits(agent.profile)
        del self.agents[agent_id]

    def _forget_fits(self, profile: AgentProfile) -> None:
        """The agent's skills or tiers change: what was known of who fits its queues' contacts is stale."""
        for membership in profile.memberships:
            if membership.queue_id in self._fits:
                self._fits[membership.queue_id] = {}

    # ---------------------------------------------------------------- agents

    def set_presence(self, agent_id: str, presence: Presence, now: float, reason: str | None = None) -> Agent:
        self._tick(now)
        agent = self._agent(agent_id)
        if presence is Presence.OFFLINE and any(p != OFFERED for p in agent.work.values()):
            raise AgentBusy("finish your contacts (and their wrap-up) before you go offline")
        if presence is not Presence.READY:
            for contact_id, phase in list(agent.work.items()):
                if phase == OFFERED:
                    self._withdraw_offer(
                        self.contacts[contact_id], agent, "rescinded", {"why": presence.value}
                    )
        if presence is Presence.READY and agent.presence is not Presence.READY:
            agent.missed_in_row = 0
            agent.paused_until = 0.0
            if not agent.work:
                agent.idle_since = now
        agent.presence = presence
        agent.reason = reason if presence is Presence.NOT_READY else None
        self._mark_agent(agent, force_event=True)
        self._settle()
        return agent

    def accept(self, contact_id: str, agent_id: str, now: float) -> Contact:
        self._tick(now)
        contact, agent = self._offer_of(contact_id, agent_id)
        for other_id in list(contact.offers):
            if other_id != agent_id:
                self._withdraw_offer(contact, self.agents[other_id], "rescinded", {"why": "taken"})
        contact.offers.clear()
        contact.offer_expires = None
        for kind in ("offer", "escalate", "overflow"):  # answered: it no longer escalates nor overflows
            self.timers.cancel(kind, contact.id)
        contact.state = ContactState.CONNECTED
        contact.agent_id = agent_id
        contact.answered_at = now
        agent.work[contact_id] = CONNECTED
        agent.missed_in_row = 0
        self.timers.set("handle", contact.id, now + self._queue(contact.queue_id).max_handle_seconds)
        wait = now - contact.line_at
        counters = self._counters(contact.queue_id)
        counters.answered += 1
        counters.answer_wait_total += wait
        if wait <= self._queue(contact.queue_id).sl_seconds:
            counters.answered_in_target += 1
        self._emit("accepted", contact, agent_id, wait=round(wait, 3))
        self._mark_contact(contact)
        if "transfer" in contact.data:
            self._leg_answered(contact)
        self._mark_agent(agent)
        self._settle()
        return contact

    def decline(self, contact_id: str, agent_id: str, now: float) -> Contact:
        self._tick(now)
        contact, agent = self._offer_of(contact_id, agent_id)
        self._withdraw_offer(contact, agent, "declined", {})
        self._pause(agent)
        self._settle()
        return contact

    def complete(self, contact_id: str, now: float, agent_id: str | None = None, reason: str = "") -> Contact:
        """The conversation ended: the agent goes to wrap-up for the queue's wrap-up time."""
        self._tick(now)
        contact = self._contact(contact_id)
        if contact.state is not ContactState.CONNECTED or (agent_id and contact.agent_id != agent_id):
            raise IllegalTransition(f"contact {contact_id} is {contact.state.value}, not connected to you")
        self._end_talk(contact, reason)
        self._settle()
        return contact

    def end_wrap_up(self, contact_id: str, agent_id: str, now: float) -> Contact:
        """The agent is done before the wrap-up time runs out (it never ends early by itself)."""
        self._tick(now)
        contact = self._contact(contact_id)
        if contact.state is not ContactState.WRAP_UP or contact.agent_id != agent_id:
            raise IllegalTransition(f"contact {contact_id} is {contact.state.value}, not in your wrap-up")
        self._finish(contact, early=True)
        self._settle()
        return contact

    # ---------------------------------------------------------------- contacts

    def add_contact(self, new: NewContact, now: float) -> Contact:
        self._tick(now)
        if new.id in self.contacts:
            raise IllegalTransition(f"contact {new.id} exists already")
        queue = self._queue(new.queue_id)
        if new.channel not in queue.channels:
            raise IllegalTransition(f"queue {queue.id!r} does not take {new.channel.value} contacts")
        self._seq += 1
        contact = Contact(
            id=new.id,
            channel=new.channel,
            queue_id=queue.id,
            priority=queue.priority + new.priority,
            seq=self._seq,
            arrived_at=now,
            line_at=now,
            queued_at=now,
            skills=dict(new.skills),
            data=dict(new.data),
            callback=new.channel is Channel.CALLBACK,
        )
        self.contacts[contact.id] = contact
        self._enter(contact, queue, hops=0)
        self._settle()
        return contact

    def abandon(self, contact_id: str, now: float) -> Contact:
        """The customer hung up or left the chat before an agent answered."""
        self._tick(now)
        contact = self._contact(contact_id)
        if contact.state not in (ContactState.WAITING, ContactState.OFFERED) or contact.callback:
            raise IllegalTransition(f"contact {contact_id} is {contact.state.value}; it cannot be abandoned")
        self._leave_line(contact)
        waited = now - contact.line_at
        counters = self._counters(contact.queue_id)
        counters.abandoned += 1
        if waited <= self._queue(contact.queue_id).sl_seconds:
            counters.abandoned_in_target += 1
        self._close(contact, ContactState.ABANDONED, "abandoned", waited=round(waited, 3))
        self._settle()
        return contact

    def request_callback(self, contact_id: str, now: float, at: float | None = None) -> tuple[Contact, float]:
        """Turn a waiting contact into a callback: now (keeping its place) or at a time within opening hours.

        Returns the contact and the estimated time of the call."""
        self._tick(now)
        contact = self._contact(contact_id)
        queue = self._queue(contact.queue_id)
        if contact.channel not in CALLBACK_CAPABLE:
            raise CallbackNotPossible(f"a {contact.channel.value} contact cannot be called back")
        if contact.state not in (ContactState.WAITING, ContactState.SCHEDULED):
            raise IllegalTransition(f"contact {contact_id} is {contact.state.value}; too late for a callback")
        if at is not None and at > now:
            if not opening.is_open(queue.hours, at):
                nxt = opening.next_opening(queue.hours, at)
                raise CallbackNotPossible("that time is outside the queue's opening hours", next_opening=nxt)
            self._leave_line(contact)
            contact.callback = True
            self._schedule_callback(contact, at, "callback-scheduled")
            self._settle()
            return contact, at
        contact.callback = True
        if contact.state is ContactState.SCHEDULED:
            # It falls due now: in line from now (like any due callback), escalating from now.
            self.timers.cancel("callback", contact.id)
            contact.callback_at = None
            contact.line_at = contact.queued_at = now
            contact.stage = 0
            self._queue_again(contact, now)
        self._emit("callback-requested", contact, None)
        self._mark_contact(contact)
        self._settle()
        _, wait = self.position(contact.id)
        return contact, now + (wait or 0.0)

    def cancel_callback(self, contact_id: str, now: float) -> Contact:
        self._tick(now)
        contact = self._contact(contact_id)
        if not contact.callback or contact.state not in (ContactState.WAITING, ContactState.SCHEDULED):
            raise IllegalTransition(f"contact {contact_id} has no pending callback")
        self._leave_line(contact)
        self.timers.cancel("callback", contact.id)
        self._close(contact, ContactState.CANCELLED, "callback-cancelled")
        self._settle()
        return contact

    def callback_result(self, contact_id: str, agent_id: str, result: CallbackResult, now: float) -> Contact:
        """The agent dialled a callback: answered goes on as a call; otherwise retry later or give up."""
        self._tick(now)
        contact = self._contact(contact_id)
        if (
            not contact.callback
            or contact.state is not ContactState.CONNECTED
            or contact.agent_id != agent_id
        ):
            raise IllegalTransition(f"contact {contact_id} is not a callback you are dialling")
        contact.attempts += 1
        queue = self._queue(contact.queue_id)
        if result is CallbackResult.ANSWERED:
            self._emit("callback-attempt", contact, agent_id, result=result.value, attempt=contact.attempts)
            self._mark_contact(contact)
            return contact
        agent = self._agent(agent_id)
        self._release(contact, agent)
        self.timers.cancel("handle", contact.id)
        contact.agent_id = None
        contact.answered_at = None
        if contact.attempts >= queue.callback_attempts:
            self._emit("callback-attempt", contact, agent_id, result=result.value, attempt=contact.attempts)
            self._close(contact, ContactState.FAILED, "callback-failed", attempts=contact.attempts)
        else:
            due = now + queue.callback_interval_seconds
            due = opening.next_opening(queue.hours, due) or due
            self._emit("callback-attempt", contact, agent_id, result=result.value, attempt=contact.attempts)
            self._schedule_callback(contact, due, "callback-scheduled")
        self._mark_agent(agent)
        self._settle()
        return contact

    # ---------------------------------------------------------------- transfers

    def transfer(
        self,
        contact_id: str,
        agent_id: str,
        leg_id: str,
        queue_id: str,
        mode: TransferMode,
        now: float,
        note: str = "",
        priority: int = 1,
    ) -> Contact:
        """Hand a connected contact to another queue: a new contact (a leg, linked both ways) enters that
        queue, ahead of new arrivals of its priority by `priority`. Blind and whisper let the agent go to
        wrap-up at once; consult and conference keep them on the call until `hand_over` or `cancel_transfer`.
        Returns the leg."""
        self._tick(now)
        contact = self._contact(contact_id)
        if contact.state is not ContactState.CONNECTED or contact.agent_id != agent_id:
            raise IllegalTransition(f"contact {contact_id} is {contact.state.value}, not connected to you")
        if self._leg_of(contact) is not None:
            raise IllegalTransition(f"a transfer of contact {contact_id} is under way: hand over or cancel")
        if leg_id in self.contacts:
            raise IllegalTransition(f"contact {leg_id} exists already")
        queue = self._queue(queue_id)
        if contact.channel not in queue.channels:
            raise TransferRefused(f"queue {queue.id!r} does not take {contact.channel.value} contacts")
        if not opening.is_open(queue.hours, now) and queue.closed_behaviour is not ClosedBehaviour.QUEUE:
            raise TransferRefused(f"queue {queue.id!r} is closed now")
        if queue.max_size is not None and len(self.lines[queue.id]) >= queue.max_size:
            raise TransferRefused(f"queue {queue.id!r} is full")
        previous = contact.data.get("transfer") or {}
        self._seq += 1
        leg = Contact(
            id=leg_id,
            channel=contact.channel,
            queue_id=queue.id,
            priority=queue.priority + priority,
            seq=self._seq,
            arrived_at=now,
            line_at=now,
            queued_at=now,
            skills={},
            data={
                **{k: v for k, v in contact.data.items() if k != "transfer"},
                "transfer": {
                    "from": contact.id,
                    "initial": previous.get("initial", contact.id),
                    "from_agent": agent_id,
                    "from_agent_name": self._agent(agent_id).profile.name,
                    "from_queue": contact.queue_id,
                    "mode": mode.value,
                    "note": note,
                },
            },
        )
        self.contacts[leg.id] = leg
        self._counters(queue.id).entered += 1
        self._queue_again(leg, now, event="entered")
        moved = {"to": queue.id, "mode": mode.value, "leg": leg.id, **({"note": note} if note else {})}
        if mode in ATTENDED:
            under_way = {"transfer_to": leg.id, "transfer_mode": mode.value, "transfer_queue": queue.id}
            contact.detail = {**contact.detail, **under_way}
            self._emit("transfer-started", contact, agent_id, **moved)
            self._mark_contact(contact)
        else:
            self._emit("transferred", contact, agent_id, **moved)
            self._end_talk(contact, "transferred")
        self._settle()
        return leg

    def hand_over(self, contact_id: str, agent_id: str, now: float) -> Contact:
        """End a consult or conference: the first agent leaves (to wrap-up); the leg goes on without them."""
        self._tick(now)
        contact = self._contact(contact_id)
        leg = self._leg_of(contact)
        if contact.state is not ContactState.CONNECTED or contact.agent_id != agent_id or leg is None:
            raise IllegalTransition(f"contact {contact_id} has no transfer of yours under way")
        self._handed_over(contact, leg)
        self._end_talk(contact, "transferred")
        self._settle()
        return contact

    def cancel_transfer(self, contact_id: str, agent_id: str, now: float) -> Contact:
        """Take the customer back: the leg is withdrawn (or, when the target answered, their part ends)."""
        self._tick(now)
        contact = self._contact(contact_id)
        leg = self._leg_of(contact)
        if contact.state is not ContactState.CONNECTED or contact.agent_id != agent_id or leg is None:
            raise IllegalTransition(f"contact {contact_id} has no transfer of yours under way")
        self._drop_leg(contact, leg, "cancelled")
        self._settle()
        return contact

    def _leg_of(self, contact: Contact) -> Contact | None:
        leg_id = contact.detail.get("transfer_to")
        return self.contacts.get(leg_id) if isinstance(leg_id, str) else None

    def _handed_over(self, contact: Contact, leg: Contact) -> None:
        mode = contact.detail.get("transfer_mode", TransferMode.CONSULT.value)
        contact.detail = {k: v for k, v in contact.detail.items() if not k.startswith("transfer_")}
        self._emit("transferred", contact, contact.agent_id, to=leg.queue_id, mode=mode, leg=leg.id)

    def _drop_leg(self, contact: Contact, leg: Contact, why: str) -> None:
        contact.detail = {k: v for k, v in contact.detail.items() if not k.startswith("transfer_")}
        if leg.state is ContactState.CONNECTED:
            self._end_talk(leg, f"transfer {why}")
        elif leg.state in (ContactState.WAITING, ContactState.OFFERED, ContactState.SCHEDULED):
            self._leave_line(leg)
            self._close(leg, ContactState.CANCELLED, "cancelled", why=f"transfer {why}")
        self._emit("transfer-cancelled", contact, contact.agent_id, leg=leg.id, why=why)
        self._mark_contact(contact)

    def _leg_answered(self, leg: Contact) -> None:
        """Tell the first agent of a consult that the target answered."""
        origin = self.contacts.get(str((leg.data.get("transfer") or {}).get("from", "")))
        if origin is not None and origin.detail.get("transfer_to") == leg.id:
            name = self._agent(leg.agent_id or "").profile.name
            answered = {"transfer_answered_by": leg.agent_id, "transfer_answered_name": name}
            origin.detail = {**origin.detail, **answered}
            self._emit("transfer-answered", origin, origin.agent_id, leg=leg.id, by=leg.agent_id)
            self._mark_contact(origin)

    # ---------------------------------------------------------------- time

    def next_due(self) -> float | None:
        return self.timers.next_due()

    def advance(self, now: float) -> None:
        """Fire every timer due at or before `now`, in order, each at its own due time."""
        while True:
            due = self.timers.next_due()
            if due is None or due > now:
                break
            self._tick(due)
            fired = self.timers.pop_due(due)
            assert fired is not None
            self._fire(*fired)
            self._settle()
        self._tick(now)

    # ---------------------------------------------------------------- reading

    def position(self, contact_id: str) -> tuple[int | None, float | None]:
        """1-based place in its queue's line and the expected wait in seconds (None when unknown)."""
        contact = self._contact(contact_id)
        if contact.state is not ContactState.WAITING:
            return None, 0.0 if contact.state in (ContactState.OFFERED, ContactState.CONNECTED) else None
        place = self.lines[contact.queue_id].position(contact.order)
        handle = self.handle_times[contact.queue_id].estimate()
        return place, expected_wait(place, self._slots(contact.queue_id, contact.channel), handle)

    def drain(self) -> Drained:
        out, self._out = self._out, Drained()
        return out

    def waiting(self, queue_id: str) -> list[Contact]:
        return [self.contacts[entry[3]] for entry in self.lines[queue_id].entries()]

    def queue_stats(self, queue_id: str, now: float) -> dict[str, Any]:
        queue = self._queue(queue_id)
        counters = self._counters(queue_id)
        counters.roll(self._day(now))
        line = self.lines[queue_id]
        oldest = line.oldest()
        states: dict[str, int] = {}
        for agent_id in self.members[queue_id]:
            state = self.agents[agent_id].state.value
            states[state] = states.get(state, 0) + 1
        return {
            "queue_id": queue_id,
            "name": queue.name,
            "waiting": len(line),
            "longest_wait": max(0.0, now - oldest) if oldest is not None else 0.0,
            "agents": states,
            "service_level": counters.service_level(),
            "service_level_target": {"fraction": queue.sl_fraction, "seconds": queue.sl_seconds},
            "average_speed_of_answer": counters.average_speed_of_answer(),
            "entered": counters.entered,
            "answered": counters.answered,
            "abandoned": counters.abandoned,
            "refused": counters.refused,
            "overflowed": counters.overflowed,
            "completed": counters.completed,
            "handle_time": self.handle_times[queue_id].estimate(),
            "open": opening.is_open(queue.hours, now),
        }

    # ================================================================ internals: entering and leaving lines

    def _enter(self, contact: Contact, queue: QueueConfig, hops: int) -> None:
        counters = self._counters(queue.id)
        if not opening.is_open(queue.hours, self.now):
            behaviour = queue.closed_behaviour
            nxt = opening.next_opening(queue.hours, self.now)
            target = self.queues.get(queue.closed_queue or "")
            if (
                behaviour is ClosedBehaviour.OVERFLOW
                and target is not None
                and contact.channel in target.channels
                and hops < 5
            ):
                self._emit("overflowed", contact, None, to=target.id, why="closed")
                counters.overflowed += 1
                contact.queue_id = target.id
                contact.priority += target.priority - queue.priority
                self._enter(contact, target, hops + 1)
                return
            if (
                behaviour is ClosedBehaviour.CALLBACK
                and contact.channel in CALLBACK_CAPABLE
                and nxt is not None
            ):
                counters.entered += 1
                contact.callback = True
                self._schedule_callback(contact, nxt, "callback-scheduled", why="closed")
                return
            if behaviour is not ClosedBehaviour.QUEUE:
                self._refuse(contact, "closed", next_opening=nxt)
                return
        if queue.max_size is not None and len(self.lines[queue.id]) >= queue.max_size:
            self._refuse(contact, "queue-full")
            return
        counters.entered += 1
        self._queue_again(contact, self.now, event="entered")

    def _refuse(self, contact: Contact, reason: str, **data: Any) -> None:
        self._counters(contact.queue_id).refused += 1
        data["callback_possible"] = contact.channel in CALLBACK_CAPABLE
        contact.result = reason
        contact.detail = {"reason": reason, **data}
        self._close(contact, ContactState.REFUSED, "refused", reason=reason, **data)

    def _queue_again(self, contact: Contact, now: float, event: str | None = None) -> None:
        """Put a contact (back) in line, with timers for escalation and overflow counted from `queued_at`."""
        queue = self._queue(contact.queue_id)
        if event is not None:
            contact.queued_at = now
            contact.stage = 0
        contact.state = ContactState.WAITING
        self.lines[queue.id].add(self._bucket_of(contact), contact.order)
        if event is not None:
            self._emit(event, contact, None, priority=contact.priority)
        self._arm_waiting_timers(contact, queue)
        self._mark_contact(contact)
        self._pending_contacts.add(contact.id)

    def _arm_waiting_timers(self, contact: Contact, queue: QueueConfig) -> None:
        if contact.stage < len(queue.escalations):
            step = queue.escalations[contact.stage]
            self.timers.set("escalate", contact.id, contact.queued_at + step.after_seconds)
        if queue.overflow is not None:
            self.timers.set("overflow", contact.id, contact.queued_at + queue.overflow.after_seconds)

    def _leave_line(self, contact: Contact) -> None:
        if contact.state is ContactState.WAITING:
            self.lines[contact.queue_id].remove(self._bucket_of(contact), contact.order)
        elif contact.state is ContactState.OFFERED:
            for agent_id in list(contact.offers):
                self._withdraw_offer(contact, self.agents[agent_id], "rescinded", {"why": "gone"}, back=False)
        self.timers.cancel("escalate", contact.id)
        self.timers.cancel("overflow", contact.id)
        self.timers.cancel("offer", contact.id)

    def _schedule_callback(self, contact: Contact, due: float, kind: str, **data: Any) -> None:
        contact.state = ContactState.SCHEDULED
        contact.callback_at = due
        self.timers.set("callback", contact.id, due)
        self._emit(kind, contact, None, at=due, **data)
        self._mark_contact(contact)

    def _close(self, contact: Contact, state: ContactState, kind: str, **data: Any) -> None:
        contact.state = state
        contact.ended_at = self.now
        self.timers.cancel_each(("escalate", "overflow", "offer", "callback", "handle", "wrap"), contact.id)
        self._emit(kind, contact, contact.agent_id, **data)
        self._mark_contact(contact)
        self.contacts.pop(contact.id, None)

    # ================================================================ internals: offers

    def _offer(self, contact: Contact, agents: list[Agent], bucket: BucketKey | None = None) -> None:
        """Take a waiting contact out of its line (`bucket`: its bucket, when the caller has it at hand)
        and offer it to these agents."""
        queue = self.queues[contact.queue_id]  # it waits in that queue's line, so the queue exists
        self.lines[queue.id].remove(bucket or self._bucket_of(contact), contact.order)
        contact.state = ContactState.OFFERED
        contact.offer_expires = self.now + queue.offer_timeout_seconds
        if queue.strategy is Strategy.RING_ALL:
            if self._ring_started[0] != self.now:
                self._ring_started = (self.now, set())
            self._ring_started[1].add(contact.id)
        self.timers.set("offer", contact.id, contact.offer_expires)
        for agent in agents:
            self._ring(contact, agent)
        self._out.contacts[contact.id] = contact

    def _ring(self, contact: Contact, agent: Agent) -> None:
        """Offer a contact to one more agent, until the contact's offer expires."""
        self._offers += 1
        offer, agent_id, contact_id = self._offers, agent.profile.id, contact.id
        contact.offers[agent_id] = offer
        agent.work[contact_id] = OFFERED
        agent.used += self.units[contact.channel]
        self._rr[contact.queue_id][agent_id] = offer
        out = self._out
        out.events.append(
            RoutingEvent(
                self.now,
                "offered",
                contact_id,
                contact.queue_id,
                agent_id,
                {"offer": offer, "expires": contact.offer_expires},
            )
        )
        self._pending_agents.add(agent_id)  # as _mark_agent and _mark_contact do
        out.agents.add(agent_id)
        out.contacts[contact_id] = contact

    def _withdraw_offer(
        self, contact: Contact, agent: Agent, kind: str, data: dict[str, Any], back: bool = True
    ) -> None:
        """End one agent's offer of a contact; when it was the last offer, the contact goes back in line."""
        contact.offers.pop(agent.id, None)
        self._release(contact, agent)
        self._emit(kind, contact, agent.id, **data)
        self._mark_agent(agent)
        if not contact.offers:
            self.timers.cancel("offer", contact.id)
            contact.offer_expires = None
            if back:
                self._back_in_line(contact)

    def _back_in_line(self, contact: Contact) -> None:
        """Back at its own place (its time in line is kept), and overflow if it is past due meanwhile."""
        contact.state = ContactState.WAITING
        self.lines[contact.queue_id].add(self._bucket_of(contact), contact.order)
        self._mark_contact(contact)
        self._pending_contacts.add(contact.id)

    def _release(self, contact: Contact, agent: Agent) -> None:
        phase = agent.work.pop(contact.id, None)
        if phase is not None:
            agent.used -= self.units[contact.channel]
            if not agent.work and phase != OFFERED:
                # Idle from the end of real work: an offer that ended unanswered (missed, declined,
                # taken by another, abandoned) does not send the agent to the back of longest-idle.
                agent.idle_since = self.now

    def _pause(self, agent: Agent) -> None:
        if self.reoffer_pause > 0:
            agent.paused_until = self.now + self.reoffer_pause
            self.timers.set("pause", agent.id, agent.paused_until)
        self._mark_agent(agent)

    def _offer_of(self, contact_id: str, agent_id: str) -> tuple[Contact, Agent]:
        contact = self.contacts.get(contact_id)
        if contact is None or contact.state is not ContactState.OFFERED or agent_id not in contact.offers:
            raise NoSuchOffer(
                f"there is no open offer of contact {contact_id} to you (it may have timed out)"
            )
        return contact, self._agent(agent_id)

    # ================================================================ internals: talk and wrap-up

    def _end_talk(self, contact: Contact, reason: str) -> None:
        leg = self._leg_of(contact) if "transfer_to" in contact.detail else None
        if leg is not None:  # the call ended during a consult: handed over if the target answered
            if leg.state is ContactState.CONNECTED:
                self._handed_over(contact, leg)
            else:
                self._drop_leg(contact, leg, "ended")
        queue = self._queue(contact.queue_id)
        agent = self._agent(contact.agent_id or "")
        self.timers.cancel("handle", contact.id)
        contact.state = ContactState.WRAP_UP
        contact.ended_at = self.now
        agent.work[contact.id] = WRAPPING
        data: dict[str, Any] = {"talk": round(self.now - (contact.answered_at or self.now), 3)}
        if reason:
            data["reason"] = reason
        self._emit("completed", contact, agent.id, **data)
        self._counters(queue.id).completed += 1
        if queue.wrap_up_seconds <= 0:
            self._finish(contact, early=False)
            return
        contact.wrap_until = self.now + queue.wrap_up_seconds
        self.timers.set("wrap", contact.id, contact.wrap_until)
        self._mark_contact(contact)
        self._mark_agent(agent)

    def _finish(self, contact: Contact, early: bool) -> None:
        agent = self._agent(contact.agent_id or "")
        handle = self.now - (contact.answered_at or self.now)
        self.handle_times[contact.queue_id].observe(handle)
        day = self._day(self.now)
        if agent.handled_day != day:
            agent.handled_day, agent.handled_today = day, 0
        agent.handled_today += 1
        self._release(contact, agent)
        self._mark_agent(agent)
        self._close(contact, ContactState.COMPLETED, "wrap-up-ended", early=early, handle=round(handle, 3))

    # ================================================================ internals: timers

    def _fire(self, kind: str, ref: str) -> None:
        if kind == "pause":
            agent = self.agents.get(ref)
            if agent is not None:
                agent.paused_until = 0.0
                self._mark_agent(agent)
            return
        contact = self.contacts.get(ref)
        if contact is None:
            return
        if kind == "offer" and contact.state is ContactState.OFFERED:
            for agent_id in list(contact.offers):
                agent = self.agents[agent_id]
                agent.missed_in_row += 1
                self._withdraw_offer(contact, agent, "missed", {"in_row": agent.missed_in_row})
                if agent.missed_in_row >= self.max_missed_offers:
                    agent.presence = Presence.NOT_READY
                    agent.reason = "missed offers"
                    self._mark_agent(agent, force_event=True)
                else:
                    self._pause(agent)
        elif kind == "wrap" and contact.state is ContactState.WRAP_UP:
            self._finish(contact, early=False)
        elif kind == "handle" and contact.state is ContactState.CONNECTED:
            self._end_talk(contact, "handle time limit")
        elif kind == "callback" and contact.state is ContactState.SCHEDULED:
            contact.callback_at = None
            contact.line_at = self.now
            self._queue_again(contact, self.now, event="callback-due")
        elif kind == "escalate":
            self._escalate(contact)
        elif kind == "overflow":
            self._overflow(contact)

    def _escalate(self, contact: Contact) -> None:
        queue = self._queue(contact.queue_id)
        waiting = contact.state is ContactState.WAITING
        if waiting:
            self.lines[queue.id].remove(self._bucket_of(contact), contact.order)
        contact.stage += 1
        self._emit("escalated", contact, None, stage=contact.stage)
        if waiting:
            self.lines[queue.id].add(self._bucket_of(contact), contact.order)
            self._pending_contacts.add(contact.id)
        if contact.stage < len(queue.escalations):
            self.timers.set(
                "escalate", contact.id, contact.queued_at + queue.escalations[contact.stage].after_seconds
            )
        self._mark_contact(contact)

    def _overflow(self, contact: Contact) -> None:
        queue = self._queue(contact.queue_id)
        rule = queue.overflow
        if rule is None:
            return
        if contact.state is ContactState.OFFERED:
            # Not while it rings; it overflows if it comes back to the line.
            self.timers.set("overflow", contact.id, contact.offer_expires or self.now)
            return
        if contact.state is not ContactState.WAITING:
            return
        if rule.to_queue is None:
            if contact.callback or contact.channel not in CALLBACK_CAPABLE:
                return
            contact.callback = True
            self._counters(queue.id).overflowed += 1
            self._emit("overflowed", contact, None, to="callback")
            self._mark_contact(contact)
            return
        target = self._queue(rule.to_queue)
        if contact.channel not in target.channels or (
            target.max_size is not None and len(self.lines[target.id]) >= target.max_size
        ):
            self._emit("overflow-skipped", contact, None, to=target.id)
            return
        self.lines[queue.id].remove(self._bucket_of(contact), contact.order)
        self.timers.cancel("escalate", contact.id)
        self._counters(queue.id).overflowed += 1
        self._emit("overflowed", contact, None, to=target.id)
        contact.queue_id = target.id
        contact.priority += target.priority - queue.priority
        self._counters(target.id).entered += 1
        self._queue_again(contact, self.now, event="entered")

    # ================================================================ internals: matching

    def _settle(self) -> None:
        """Match until no waiting contact and free agent who fit remain: contacts in line order first."""
        pending_contacts, pending_agents = self._pending_contacts, self._pending_agents
        while pending_contacts or pending_agents:
            if pending_contacts:
                contacts = [self.contacts[c] for c in pending_contacts if c in self.contacts]
                pending_contacts.clear()
                if len(contacts) > 1:
                    contacts.sort(key=_line_order)
                for contact in contacts:
                    if contact.state is ContactState.WAITING:
                        self._match_contact(contact)
            if pending_agents:
                agents = [self.agents[a] for a in pending_agents if a in self.agents]
                pending_agents.clear()
                if len(agents) > 1:
                    agents.sort(key=_agent_seq)
                for agent in agents:
                    self._match_agent(agent)

    def _match_contact(self, contact: Contact) -> None:
        queue = self.queues[contact.queue_id]
        pool = self.pools[queue.id]
        if not pool:
            return
        bucket = self._bucket_of(contact)
        max_tier, needed = self._requirement(queue, bucket)
        units = self.units[contact.channel]
        members, agents = self.members[queue.id], self.agents
        fits = self._fits[queue.id].get(bucket)
        if fits is None:
            fits = self._fits[queue.id][bucket] = {}
        strategy = queue.strategy
        randomly = strategy is Strategy.RANDOM
        several = randomly or strategy is Strategy.RING_ALL
        chosen: list[Agent] = []
        lowest_penalty = 0
        for agent_id in pool.in_order():
            if chosen and randomly and members[agent_id][1] > lowest_penalty:
                break
            fit = fits.get(agent_id)
            if fit is None:
                fit = fits[agent_id] = members[agent_id][0] <= max_tier and _has_skills(
                    agents[agent_id], needed
                )
            if not fit:
                continue
            agent = agents[agent_id]
            if agent.profile.capacity - agent.used < units:
                continue
            if not chosen:
                lowest_penalty = members[agent_id][1]
            chosen.append(agent)
            if not several:
                break
        if strategy is Strategy.RANDOM and chosen:
            # A fresh draw for every contact: a key drawn once when the agent entered the pool would
            # keep losing agents behind the ones that just came back with a new draw.
            chosen = [self._random.choice(chosen)]
        if chosen:
            self._offer(contact, chosen, bucket)
            for agent in chosen:
                self._unpool(agent)

    def _match_agent(self, agent: Agent) -> None:
        """An agent's state changed: take the best contact it may have, or (re)enter the pools."""
        self._unpool(agent)
        self._update_state(agent)
        if not self._available(agent):
            return
        best: tuple[int, float, int, str] | None = None
        best_bucket: BucketKey | None = None
        profile = agent.profile
        free = profile.capacity - agent.used
        skills = profile.skills
        units, lines, requirements = self.units, self.lines, self._requirements
        for membership in profile.memberships:
            queue_id = membership.queue_id
            heads = lines[queue_id].heads
            if not heads or (best is not None and heads[0][0] >= best):
                continue
            known = requirements[queue_id]
            tier = membership.tier
            for entry, bucket in heads:
                if best is not None and entry >= best:
                    break  # heads come best first: nothing further in this line beats the best so far
                if units[bucket[2]] > free:  # type: ignore[index]  # a StrEnum key is found by its value
                    continue
                requirement = known.get(bucket) or self._requirement(self.queues[queue_id], bucket)
                if tier > requirement[0]:
                    continue
                for name, level in requirement[1]:
                    if skills.get(name, 0) < level:
                        break
                else:
                    best, best_bucket = entry, bucket
                    break
        if best is not None:
            contact = self.contacts[best[3]]
            if self.queues[contact.queue_id].strategy is Strategy.RING_ALL:
                self._pool(agent, free)
                self._match_contact(contact)  # ring everyone free, this agent included
                self._update_state(agent)
                return
            self._offer(contact, [agent], best_bucket)
            self._update_state(agent)
            # Offered, so not available: matching it again (as the offer marked it to be) would change
            # nothing; nothing else touches this agent before that would happen.
            self._pending_agents.discard(agent.id)
            return
        ringing = self._ringing_for(agent, free)
        if ringing is not None:
            self._ring(ringing, agent)
            self._update_state(agent)
            return
        self._pool(agent, free)

    def _ringing_for(self, agent: Agent, free: int) -> Contact | None:
        """The oldest ring-all contact that started ringing at this very moment and this agent may take.

        A ring-all contact rings every eligible agent free when it starts, also those freed at the same
        moment but matched after it (an accept frees the other ringers at once, pauses end together, a
        restart frees everyone). An agent free later waits for the next ring: a short ring would count
        as a missed offer."""
        started, ids = self._ring_started
        if started != self.now:
            return None
        tiers = {
            m.queue_id: m.tier
            for m in agent.profile.memberships
            if self.queues[m.queue_id].strategy is Strategy.RING_ALL
        }
        if not tiers:
            return None
        best: Contact | None = None
        for contact_id in ids:
            contact = self.contacts.get(contact_id)
            if contact is None or (
                contact.state is not ContactState.OFFERED
                or contact.queue_id not in tiers
                or self.units[contact.channel] > free
                or (best is not None and contact.order >= best.order)
            ):
                continue
            queue = self.queues[contact.queue_id]
            if contact.offer_expires != self.now + queue.offer_timeout_seconds:
                continue  # it started ringing before now
            max_tier, skills = self._requirement(queue, self._bucket_of(contact))
            if tiers[contact.queue_id] <= max_tier and _has_skills(agent, skills):
                best = contact
        return best

    def _pool(self, agent: Agent, free: int) -> None:
        for membership in agent.profile.memberships:
            queue = self.queues[membership.queue_id]
            if min(self.units[c] for c in queue.channels) <= free:
                self.pools[queue.id].add(agent.id, self._pool_key(agent, queue, membership.penalty))
                agent.pooled.add(queue.id)

    def _available(self, agent: Agent) -> bool:
        return (
            agent.presence is Presence.READY
            and self.now >= agent.paused_until
            and OFFERED not in agent.work.values()
            and agent.used < agent.profile.capacity
        )

    def _pool_key(self, agent: Agent, queue: QueueConfig, penalty: int) -> tuple[Any, ...]:
        strategy = queue.strategy
        if strategy is Strategy.FEWEST_HANDLED:
            handled = agent.handled_today if agent.handled_day == self._day(self.now) else 0
            return (penalty, handled, agent.idle_since, agent.seq)
        if strategy is Strategy.ROUND_ROBIN:
            return (penalty, self._rr[queue.id].get(agent.id, 0), agent.seq)
        if strategy is Strategy.BEST_SKILL:
            score = sum(agent.profile.skills.get(skill, 0) for skill in queue.skills)
            return (penalty, -score, agent.idle_since, agent.seq)
        if strategy is Strategy.RANDOM:
            return (penalty, self._random.random(), agent.seq)
        return (penalty, agent.idle_since, agent.seq)

    def _unpool(self, agent: Agent) -> None:
        if agent.pooled:
            agent_id, pools = agent.profile.id, self.pools
            for queue_id in agent.pooled:
                pool = pools.get(queue_id)
                if pool is not None:
                    pool.discard(agent_id)
            agent.pooled.clear()

    def _requirement(self, queue: QueueConfig, bucket: BucketKey) -> Requirement:
        """The highest member tier and the skills a contact of this bucket needs at its escalation stage."""
        known = self._requirements[queue.id]
        found = known.get(bucket)
        if found is None:
            stage, extra, _ = bucket
            skills = {**queue.skills, **dict(extra)}
            max_tier = 1
            for step in queue.escalations[:stage]:
                max_tier = step.max_tier if step.max_tier is not None else max_tier
                skills.update(step.skills)
            found = known[bucket] = (max_tier, tuple((k, v) for k, v in skills.items() if v > 0))
        return found

    @staticmethod
    def _bucket_of(contact: Contact) -> BucketKey:
        return (contact.stage, frozenset(contact.skills.items()), _CHANNEL_VALUES[contact.channel])

    def _slots(self, queue_id: str, channel: Channel) -> float:
        """Concurrent contacts of this channel that the queue's staffed agents can take."""
        units = self.units[channel]
        slots = 0
        for agent_id in self.members[queue_id]:
            agent = self.agents[agent_id]
            if agent.presence is Presence.READY or (agent.presence is not Presence.OFFLINE and agent.work):
                slots += agent.profile.capacity // units
        return float(slots)

    # ================================================================ internals: bookkeeping

    def _tick(self, now: float) -> None:
        if now > self.now:  # time never goes back
            day = self.now // DAY
            self.now = now
            if now // DAY != day:
                self._new_day()

    def _new_day(self) -> None:
        """Fewest-handled counts today's contacts: re-rank the agents waiting in those pools at midnight."""
        for queue in self.queues.values():
            if queue.strategy is Strategy.FEWEST_HANDLED:
                pool, members = self.pools[queue.id], self.members[queue.id]
                for agent_id in list(pool.in_order()):
                    pool.add(agent_id, self._pool_key(self.agents[agent_id], queue, members[agent_id][1]))

    def _day(self, now: float) -> int:
        return int(now // DAY)

    def _counters(self, queue_id: str) -> QueueCounters:
        counters = self.counters[queue_id]
        day = int(self.now // DAY)
        if counters.day != day:
            counters.roll(day)
        return counters

    def _emit(self, kind: str, contact: Contact, agent_id: str | None, **data: Any) -> None:
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
            raise NoSuchQueue(f"no queue {queue_id!r}")
        return queue

    def _agent(self, agent_id: str) -> Agent:
        agent = self.agents.get(agent_id)
        if agent is None:
            raise NoSuchAgent(f"no agent {agent_id!r} in routing; set your state first")
        return agent

    def _contact(self, contact_id: str) -> Contact:
        contact = self.contacts.get(contact_id)
        if contact is None:
            raise NoSuchContact(f"no active contact {contact_id}")
        return contact

    def active_contacts(self) -> Iterable[Contact]:
        return self.contacts.values()


def _has_skills(agent: Agent, needed: tuple[tuple[str, int], ...]) -> bool:
    skills = agent.profile.skills
    for name, level in needed:  # noqa: SIM110 - a plain loop: all() of a generator costs twice as much here
        if skills.get(name, 0) < level:
            return False
    return True


def _line_order(contact: Contact) -> tuple[int, float, int, str]:
    return contact.order


def _agent_seq(agent: Agent) -> int:
    return agent.seq


__all__ = ["TERMINAL", "Drained", "Engine"]
