"""Who may see and act on a contact (and on the interaction that records it): the rule, framework-free.

A contact belongs to its queue. An agent may see it and act on it when it is offered to them, when they hold
it (they are, or were, its agent), or when they are a member of its queue; supervisors and administrators may
act on every contact, and what they do to one they do not hold is audited (the edge does that). Everyone
else is refused with `not-your-contact`, for reads as for actions (403, never a 404 that would pretend an
id seen in a customer's history does not exist).

Whether the action then succeeds is the state machine's business: a queue member may see a contact offered
to a colleague, but only the colleague can accept it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from parley.platform.errors import Forbidden


class NotYourContact(Forbidden):
    code = "not-your-contact"
    title = "Not your contact"


class Standing(StrEnum):
    """How a caller stands to a contact, strongest first."""

    HOLDER = "holder"  # its agent (now, or when it ended)
    OFFERED = "offered"  # offered to them now
    MEMBER = "member"  # a member of its queue
    OVERSEER = "overseer"  # a supervisor or administrator who is none of the above
    OUTSIDER = "outsider"


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the rule needs to know of a contact (or of the interaction recording it)."""

    id: str
    queue_id: str | None
    agent_id: str | None = None
    offered_to: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: str
    oversees: bool  # supervisor or administrator
    queues: frozenset[str] = frozenset()  # the queues the caller is a member of (any tier)


def standing(caller: Caller, contact: ContactFacts) -> Standing:
    if contact.agent_id is not None and contact.agent_id == caller.user_id:
        return Standing.HOLDER
    if caller.user_id in contact.offered_to:
        return Standing.OFFERED
    if contact.queue_id is not None and contact.queue_id in caller.queues:
        return Standing.MEMBER
    return Standing.OVERSEER if caller.oversees else Standing.OUTSIDER


def admit(caller: Caller, contact: ContactFacts) -> Standing:
    """The caller's standing, or `NotYourContact` when they have none."""
    found = standing(caller, contact)
    if found is Standing.OUTSIDER:
        raise NotYourContact(
            "this contact is not offered to you, not yours and not in one of your queues",
            contact=contact.id,
        )
    return found


def audited(caller: Caller, found: Standing) -> bool:
    """A supervisor's or administrator's action on a contact they do not hold (nor have on offer) is
    audited, even when they are a member of its queue."""
    return caller.oversees and found not in (Standing.HOLDER, Standing.OFFERED)


def member_queues(memberships: Iterable[object]) -> frozenset[str]:
    """The queue ids of an agent's stored memberships (`{"queue_id": ..., "tier": ..., ...}`)."""
    return frozenset(
        str(m["queue_id"]) for m in memberships if isinstance(m, dict) and m.get("queue_id") is not None
    )
