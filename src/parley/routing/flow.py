"""How a contact moves: into a line and out, offered and withdrawn, talked to, wrapped up, and what the
timers do (offer timeouts, wrap-up ends, escalations, overflows, callbacks due). Pure."""

from __future__ import annotations

from typing import Any

from parley.routing import hours as opening
from parley.routing.core import EngineCore
from parley.routing.errors import NoSuchOffer
from parley.routing.model import (
    CALLBACK_CAPABLE,
    ClosedBehaviour,
    ContactState,
    Presence,
    QueueConfig,
    RoutingEvent,
    RoutingEventKind,
    Strategy,
    TransferMode,
)
from parley.routing.pools import BucketKey
from parley.routing.state import OFFERED, WRAPPING, Agent, Contact

#: After an overflow found its target queue full, it is tried again this much later.
OVERFLOW_RETRY_SECONDS = 30.0


class Flow(EngineCore):
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
        if self._full(queue):
            self._refuse(contact, "queue-full")
            return
        counters.entered += 1
        self._queue_again(contact, self.now, event="entered")

    def _full(self, queue: QueueConfig) -> bool:
        """The queue's line holds its maximum size (offered contacts do not count)."""
        return queue.max_size is not None and len(self.lines[queue.id]) >= queue.max_size

    def _refuse(self, contact: Contact, reason: str, **data: Any) -> None:
        self._counters(contact.queue_id).refused += 1
        data["callback_possible"] = contact.channel in CALLBACK_CAPABLE
        contact.result = reason
        contact.detail = {"reason": reason, **data}
        self._close(contact, ContactState.REFUSED, "refused", reason=reason, **data)

    def _queue_again(self, contact: Contact, now: float, event: RoutingEventKind | None = None) -> None:
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

    def _schedule_callback(self, contact: Contact, due: float, kind: RoutingEventKind, **data: Any) -> None:
        contact.state = ContactState.SCHEDULED
        contact.callback_at = due
        self.timers.set("callback", contact.id, due)
        self._emit(kind, contact, None, at=due, **data)
        self._mark_contact(contact)

    def _close(self, contact: Contact, state: ContactState, kind: RoutingEventKind, **data: Any) -> None:
        contact.state = state
        contact.ended_at = self.now
        self.timers.cancel_each(("escalate", "overflow", "offer", "callback", "handle", "wrap"), contact.id)
        self._emit(kind, contact, contact.agent_id, **data)
        self._mark_contact(contact)
        self.contacts.pop(contact.id, None)

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
        self, contact: Contact, agent: Agent, kind: RoutingEventKind, data: dict[str, Any], back: bool = True
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
            # Its free capacity grew: the pool entries it has are stale (an older contact it could not
            # take before may fit now), so it leaves the pools until matched again, agent first.
            self._unpool(agent)
            self._mark_agent(agent)
            if not agent.work and phase != OFFERED:
                # Idle from the end of real work: an offer that ended unanswered (missed, declined,
                # taken by another, abandoned) does not send the agent to the back of longest-idle.
                agent.idle_since = self.now

    def _unpool(self, agent: Agent) -> None:
        if agent.pooled:
            agent_id, pools = agent.profile.id, self.pools
            for queue_id in agent.pooled:
                pool = pools.get(queue_id)
                if pool is not None:
                    pool.discard(agent_id)
            agent.pooled.clear()

    def _pause(self, agent: Agent) -> None:
        if self.reoffer_pause > 0:
            agent.paused_until = self.now + self.reoffer_pause
            self.timers.set("pause", agent.id, agent.paused_until)
        self._mark_agent(agent)

    def _offer_of(self, contact_id: str, agent_id: str) -> tuple[Contact, Agent]:
        contact = self.contacts.get(contact_id)
        if contact is None or contact.state is not ContactState.OFFERED or agent_id not in contact.offers:
            raise NoSuchOffer(
                f"there is no open offer of contact {contact_id} to you (it may have timed out)",
                contact=contact_id,
            )
        return contact, self._agent(agent_id)

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
                    agent.reason = "missed-offers"  # a code: the UI shows it in the agent's language
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
        if contact.channel not in target.channels:
            self._emit("overflow-skipped", contact, None, to=target.id, why="channel")
            return
        if self._full(target):
            # Full for now: try again a little later rather than never.
            self._emit("overflow-skipped", contact, None, to=target.id, why="full")
            self.timers.set("overflow", contact.id, self.now + OVERFLOW_RETRY_SECONDS)
            return
        self.lines[queue.id].remove(self._bucket_of(contact), contact.order)
        self.timers.cancel("escalate", contact.id)
        self._counters(queue.id).overflowed += 1
        self._emit("overflowed", contact, None, to=target.id)
        contact.queue_id = target.id
        contact.priority += target.priority - queue.priority
        self._counters(target.id).entered += 1
        self._queue_again(contact, self.now, event="entered")


__all__ = ["Flow"]
