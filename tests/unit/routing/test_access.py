"""The contact rule: offered, held, or a member of its queue; supervisors and admins everywhere, audited."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.routing.access import (
    Caller,
    ContactFacts,
    NotYourContact,
    Standing,
    admit,
    audited,
    member_queues,
    standing,
)

WAITING = ContactFacts(id="c1", queue_id="orders")
HELD = ContactFacts(id="c2", queue_id="orders", agent_id="7")
OFFERED = ContactFacts(id="c3", queue_id="orders", offered_to=frozenset({"8"}))


def agent(user_id: str, *queues: str) -> Caller:
    return Caller(user_id=user_id, oversees=False, queues=frozenset(queues))


def boss(user_id: str, *queues: str) -> Caller:
    return Caller(user_id=user_id, oversees=True, queues=frozenset(queues))


def test_an_agent_outside_the_queue_is_refused_whatever_the_contact() -> None:
    outsider = agent("9", "billing")
    for contact in (WAITING, HELD, OFFERED):
        assert standing(outsider, contact) is Standing.OUTSIDER
        with pytest.raises(NotYourContact) as refused:
            admit(outsider, contact)
        assert refused.value.code == "not-your-contact"
        assert refused.value.status == 403
        assert refused.value.extra == {"contact": contact.id}


def test_the_holder_the_offered_agent_and_queue_members_are_admitted() -> None:
    assert admit(agent("7"), HELD) is Standing.HOLDER  # held even after leaving the queue
    assert admit(agent("8"), OFFERED) is Standing.OFFERED  # a transfer's leg may reach a non-member
    assert admit(agent("9", "orders"), WAITING) is Standing.MEMBER
    assert admit(agent("9", "orders"), HELD) is Standing.MEMBER


def test_supervisors_and_admins_act_on_every_contact_audited_unless_they_hold_it() -> None:
    chief = boss("1")
    assert admit(chief, WAITING) is Standing.OVERSEER
    assert audited(chief, Standing.OVERSEER)
    assert audited(boss("1", "orders"), admit(boss("1", "orders"), WAITING))  # a member, but not holding
    assert not audited(boss("7"), admit(boss("7"), HELD))
    assert not audited(boss("8"), admit(boss("8"), OFFERED))
    assert not audited(agent("9", "orders"), admit(agent("9", "orders"), WAITING))


def test_a_contact_without_a_queue_is_only_its_holders_and_the_supervisors() -> None:
    loose = ContactFacts(id="c4", queue_id=None, agent_id="7")
    assert standing(agent("9", "orders"), loose) is Standing.OUTSIDER
    assert standing(agent("7"), loose) is Standing.HOLDER
    assert standing(boss("1"), loose) is Standing.OVERSEER


def test_member_queues_reads_stored_memberships_and_ignores_junk() -> None:
    stored = [{"queue_id": "orders", "tier": 2, "penalty": 0}, {"queue_id": "billing"}, {"tier": 1}, "x"]
    assert member_queues(stored) == frozenset({"orders", "billing"})
    assert member_queues([]) == frozenset()


queue_ids = st.sampled_from(["orders", "billing", "vip"])
user_ids = st.sampled_from(["1", "2", "3"])


@given(
    user=user_ids,
    oversees=st.booleans(),
    queues=st.frozensets(queue_ids),
    queue=st.none() | queue_ids,
    holder=st.none() | user_ids,
    offered=st.frozensets(user_ids),
)
def test_admitted_exactly_when_offered_held_member_or_overseeing(
    user: str,
    oversees: bool,
    queues: frozenset[str],
    queue: str | None,
    holder: str | None,
    offered: frozenset[str],
) -> None:
    caller = Caller(user, oversees, queues)
    contact = ContactFacts("c", queue, holder, offered)
    expected = oversees or holder == user or user in offered or (queue is not None and queue in queues)
    assert (standing(caller, contact) is not Standing.OUTSIDER) == expected
    if not oversees:
        assert not audited(caller, standing(caller, contact))
