"""The routing engine: pure, deterministic, event-driven.

Every command takes `now` (float seconds) and leaves the engine settled: no waiting contact and free agent
who could be matched remain unmatched. Timers (offer timeouts, wrap-up ends, escalations, overflows,
callbacks due, re-offer pauses) are kept in a heap; the caller wakes the engine at `next_due()` and calls
`advance(now)`. Nothing polls. What happened is collected as past-tense events for the caller to `drain()`,
with the ids of contacts and agents whose state changed, so a store can write exactly those.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from parley.routing import hours as opening
from parley.routing.core import Drained
from parley.routing.errors import (
    AgentBusy,
    CallbackNotPossible,
    CallbackOutsideHours,
    CallbackTimeOutOfRange,
    CallbackTooLate,
    CannotAbandon,
    ChannelNotTaken,
    ContactExists,
    NoPendingCallback,
    NoSuchQueue,
    NotConnected,
    NotInWrapUp,
    NotYourCallback,
    QueueHasMembers,
    QueueIsTarget,
    QueueNotEmpty,
    StillWorking,
)
from parley.routing.estimate import HandleTime, expected_wait
from parley.routing.model import (
    CALLBACK_CAPABLE,
    TERMINAL,
    AgentProfile,
    Arrival,
    CallbackResult,
    Channel,
    ContactState,
    Presence,
    QueueConfig,
)
from parley.routing.pools import Line, Pool
from parley.routing.state import CONNECTED, OFFERED, Agent, Contact
from parley.routing.stats import QueueCounters
from parley.routing.transfers import Transfers

#: A callback time may lie this far in the past (it then means "now": a clock a little off is forgiven) ...
CALLBACK_PAST_S = 86_400.0
#: ... and this far ahead; anything else (year 1, year 9999) is refused.
CALLBACK_HORIZON_S = 366 * 86_400.0


class Engine(Transfers):
    # ---------------------------------------------------------------- configuration

    def set_queue(self, config: QueueConfig, now: float) -> None:
        self._tick(now)
        for target in (config.overflow.to_queue if config.overflow else None, config.closed_queue):
            if target is not None and target != config.id and target not in self.queues:
                raise NoSuchQueue(
                    f"queue {config.id!r} sends contacts to unknown queue {target!r}", queue=target
                )
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
            raise QueueNotEmpty(
                f"queue {queue_id!r} still has contacts; wait until they are handled", queue=queue_id
            )
        for other in self.queues.values():
            if other.id != queue_id and queue_id in (
                other.closed_queue,
                other.overflow.to_queue if other.overflow else None,
            ):
                raise QueueIsTarget(
                    f"queue {other.id!r} sends contacts to {queue_id!r}", queue=queue_id, source=other.id
                )
        for agent in self.agents.values():
            if any(m.queue_id == queue_id for m in agent.profile.memberships):
                raise QueueHasMembers(
                    f"agent {agent.id!r} is a member of {queue_id!r}; remove them first",
                    queue=queue_id,
                    agent=agent.id,
                )
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
            raise AgentBusy(f"agent {agent_id!r} is handling contacts", agent=agent_id)
        self._unpool(agent)
        for members in self.members.values():
            members.pop(agent_id, None)
        self._forget_fits(agent.profile)
        del self.agents[agent_id]

    # ---------------------------------------------------------------- agents

    def set_presence(self, agent_id: str, presence: Presence, now: float, reason: str | None = None) -> Agent:
        self._tick(now)
        agent = self._agent(agent_id)
        if presence is Presence.OFFLINE and any(p != OFFERED for p in agent.work.values()):
            raise StillWorking("finish your contacts (and their wrap-up) before you go offline")
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
            raise NotConnected(
                f"contact {contact_id} is {contact.state.value}, not connected to you",
                contact=contact_id,
                state=contact.state.value,
            )
        self._end_talk(contact, reason)
        self._settle()
        return contact

    def end_wrap_up(self, contact_id: str, agent_id: str, now: float) -> Contact:
        """The agent is done before the wrap-up time runs out (it never ends early by itself)."""
        self._tick(now)
        contact = self._contact(contact_id)
        if contact.state is not ContactState.WRAP_UP or contact.agent_id != agent_id:
            raise NotInWrapUp(
                f"contact {contact_id} is {contact.state.value}, not in your wrap-up",
                contact=contact_id,
                state=contact.state.value,
            )
        self._finish(contact, early=True)
        self._settle()
        return contact

    # ---------------------------------------------------------------- contacts

    def add_contact(self, new: Arrival, now: float) -> Contact:
        self._tick(now)
        if new.id in self.contacts:
            raise ContactExists(f"contact {new.id} exists already", contact=new.id)
        queue = self._queue(new.queue_id)
        if new.channel not in queue.channels:
            raise ChannelNotTaken(
                f"queue {queue.id!r} does not take {new.channel.value} contacts",
                queue=queue.id,
                channel=new.channel.value,
            )
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
            raise CannotAbandon(
                f"contact {contact_id} is {contact.state.value}; it cannot be abandoned",
                contact=contact_id,
                state=contact.state.value,
            )
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
        if at is not None and not now - CALLBACK_PAST_S <= at <= now + CALLBACK_HORIZON_S:
            raise CallbackTimeOutOfRange(
                "a callback time is at most a day past (meaning now) and at most a year ahead",
                earliest=datetime.fromtimestamp(now - CALLBACK_PAST_S, UTC),
                latest=datetime.fromtimestamp(now + CALLBACK_HORIZON_S, UTC),
            )
        contact = self._contact(contact_id)
        queue = self._queue(contact.queue_id)
        if contact.channel not in CALLBACK_CAPABLE:
            raise CallbackNotPossible(
                f"a {contact.channel.value} contact cannot be called back", channel=contact.channel.value
            )
        if contact.state not in (ContactState.WAITING, ContactState.SCHEDULED):
            raise CallbackTooLate(
                f"contact {contact_id} is {contact.state.value}; too late for a callback",
                contact=contact_id,
                state=contact.state.value,
            )
        if at is not None and at > now:
            if not opening.is_open(queue.hours, at):
                nxt = opening.next_opening(queue.hours, at)
                raise CallbackOutsideHours("that time is outside the queue's opening hours", next_opening=nxt)
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
            raise NoPendingCallback(f"contact {contact_id} has no pending callback", contact=contact_id)
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
            raise NotYourCallback(
                f"contact {contact_id} is not a callback you are dialling", contact=contact_id
            )
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


__all__ = ["TERMINAL", "Drained", "Engine"]
