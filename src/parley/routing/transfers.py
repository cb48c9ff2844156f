"""Transfers: a connected contact handed to another queue, blind or attended (docs/routing.md). Pure."""

from __future__ import annotations

from parley.routing import hours as opening
from parley.routing.errors import (
    ContactExists,
    NotConnected,
    NoTransferUnderWay,
    TransferRefused,
    TransferUnderWay,
)
from parley.routing.matching import Matching
from parley.routing.model import ATTENDED, ClosedBehaviour, ContactState, TransferMode
from parley.routing.state import Contact


class Transfers(Matching):
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
            raise NotConnected(
                f"contact {contact_id} is {contact.state.value}, not connected to you",
                contact=contact_id,
                state=contact.state.value,
            )
        if self._leg_of(contact) is not None:
            raise TransferUnderWay(
                f"a transfer of contact {contact_id} is under way: hand over or cancel", contact=contact_id
            )
        if leg_id in self.contacts:
            raise ContactExists(f"contact {leg_id} exists already", contact=leg_id)
        queue = self._queue(queue_id)
        if contact.channel not in queue.channels:
            raise TransferRefused(
                f"queue {queue.id!r} does not take {contact.channel.value} contacts",
                queue=queue.id,
                channel=contact.channel.value,
                reason="channel-not-taken",
            )
        if not opening.is_open(queue.hours, now) and queue.closed_behaviour is not ClosedBehaviour.QUEUE:
            raise TransferRefused(f"queue {queue.id!r} is closed now", queue=queue.id, reason="queue-closed")
        if self._full(queue):
            raise TransferRefused(f"queue {queue.id!r} is full", queue=queue.id, reason="queue-full")
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
        contact, leg = self._under_way(contact_id, agent_id)
        self._handed_over(contact, leg)
        self._end_talk(contact, "transferred")
        self._settle()
        return contact

    def cancel_transfer(self, contact_id: str, agent_id: str, now: float) -> Contact:
        """Take the customer back: the leg is withdrawn (or, when the target answered, their part ends)."""
        self._tick(now)
        contact, leg = self._under_way(contact_id, agent_id)
        self._drop_leg(contact, leg, "cancelled")
        self._settle()
        return contact

    def _under_way(self, contact_id: str, agent_id: str) -> tuple[Contact, Contact]:
        """The agent's connected contact and the leg of its consult or conference under way."""
        contact = self._contact(contact_id)
        leg = self._leg_of(contact)
        if contact.state is not ContactState.CONNECTED or contact.agent_id != agent_id or leg is None:
            raise NoTransferUnderWay(
                f"contact {contact_id} has no transfer of yours under way", contact=contact_id
            )
        return contact, leg

    def _leg_answered(self, leg: Contact) -> None:
        """Tell the first agent of a consult that the target answered."""
        origin = self.contacts.get(str((leg.data.get("transfer") or {}).get("from", "")))
        if origin is not None and origin.detail.get("transfer_to") == leg.id:
            name = self._agent(leg.agent_id or "").profile.name
            answered = {"transfer_answered_by": leg.agent_id, "transfer_answered_name": name}
            origin.detail = {**origin.detail, **answered}
            self._emit("transfer-answered", origin, origin.agent_id, leg=leg.id, by=leg.agent_id)
            self._mark_contact(origin)


__all__ = ["Transfers"]
