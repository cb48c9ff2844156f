"""The routing engine: queues, agents, offers, ordering, escalation and wait estimates."""

from __future__ import annotations

import pytest

from parley.routing.errors import AgentBusy, IllegalTransition, NoSuchOffer
from parley.routing.estimate import HandleTime, expected_wait
from parley.routing.model import AgentState, Channel, ContactState, Escalation, Presence
from tests.unit.routing.builders import (
    T0,
    agent,
    build,
    contact,
    events,
    member,
    offered_to,
    pairs,
    queue,
)

# ------------------------------------------------------------------------------------------------ queues


def test_a_full_queue_refuses_with_queue_full_and_a_callback_for_voice_only() -> None:
    engine = build([queue(max_size=2)], [agent("a1")], ready=False)
    engine.add_contact(contact("c1"), T0 + 1)
    engine.add_contact(contact("c2"), T0 + 2)
    refused_voice = engine.add_contact(contact("c3"), T0 + 3)
    refused_chat = engine.add_contact(contact("c4", channel=Channel.CHAT), T0 + 4)

    found = events(engine)
    assert [(e.kind, e.contact_id) for e in found] == [
        ("entered", "c1"),
        ("entered", "c2"),
        ("refused", "c3"),
        ("refused", "c4"),
    ]
    assert found[2].data == {"reason": "queue-full", "callback_possible": True}
    assert found[3].data == {"reason": "queue-full", "callback_possible": False}
    assert refused_voice.state is ContactState.REFUSED
    assert refused_chat.state is ContactState.REFUSED
    assert set(engine.contacts) == {"c1", "c2"}
    assert engine.queue_stats("q1", T0 + 4)["refused"] == 2


def test_offered_contacts_do_not_count_against_the_max_size() -> None:
    engine = build([queue(max_size=1)], [agent("a1")])
    engine.add_contact(contact("c1"), T0 + 1)  # offered to a1 at once
    engine.add_contact(contact("c2"), T0 + 2)  # waits: the line holds one
    engine.add_contact(contact("c3"), T0 + 3)  # refused
    assert [(e.kind, e.contact_id) for e in events(engine, "offered", "entered", "refused")] == [
        ("entered", "c1"),
        ("offered", "c1"),
        ("entered", "c2"),
        ("refused", "c3"),
    ]


def test_an_offer_times_out_after_the_queue_offer_timeout() -> None:
    engine = build([queue(offer_timeout_seconds=15)], [agent("a1"), agent("a2")], reoffer_pause=60)
    engine.add_contact(contact("c1"), T0 + 10)
    assert events(engine, "offered")[0].data["expires"] == T0 + 25
    assert engine.next_due() == T0 + 25

    engine.advance(T0 + 24.9)
    assert events(engine) == []
    assert offered_to(engine, "c1") == ["a1"]

    engine.advance(T0 + 25)
    found = events(engine, "missed", "offered")
    assert [(e.kind, e.contact_id, e.agent_id, e.at) for e in found] == [
        ("missed", "c1", "a1", T0 + 25),
        ("offered", "c1", "a2", T0 + 25),
    ]
    with pytest.raises(NoSuchOffer):
        engine.accept("c1", "a1", T0 + 26)


def test_wrap_up_is_held_for_its_full_time() -> None:
    engine = build([queue(wrap_up_seconds=30)], [agent("a1")])
    engine.add_contact(contact("c1"), T0 + 1)
    engine.accept("c1", "a1", T0 + 2)
    engine.complete("c1", T0 + 62)
    engine.add_contact(contact("c2"), T0 + 63)
    events(engine)
    assert engine.agents["a1"].state is AgentState.WRAP_UP
    assert engine.contacts["c1"].wrap_until == T0 + 92

    engine.advance(T0 + 91.999)
    assert events(engine) == []
    assert engine.contacts["c2"].state is ContactState.WAITING

    engine.advance(T0 + 92)
    found = events(engine)
    assert [(e.kind, e.contact_id, e.at) for e in found if e.kind != "agent-state"] == [
        ("wrap-up-ended", "c1", T0 + 92),
        ("offered", "c2", T0 + 92),
    ]
    assert found[0].data == {"early": False, "handle": 90.0}
    assert "c1" not in engine.contacts


def test_end_wrap_up_ends_it_early_and_only_for_its_agent() -> None:
    engine = build([queue(wrap_up_seconds=300)], [agent("a1"), agent("a2")])
    engine.add_contact(contact("c1"), T0 + 1)
    engine.accept("c1", "a1", T0 + 2)
    engine.complete("c1", T0 + 12, reason="solved")
    with pytest.raises(IllegalTransition):
        engine.end_wrap_up("c1", "a2", T0 + 13)
    engine.end_wrap_up("c1", "a1", T0 + 20)
    found = events(engine)
    completed = next(e for e in found if e.kind == "completed")
    ended = next(e for e in found if e.kind == "wrap-up-ended")
    assert completed.data == {"talk": 10.0, "reason": "solved"}
    assert (ended.at, ended.agent_id, ended.data) == (T0 + 20, "a1", {"early": True, "handle": 18.0})
    assert engine.agents["a1"].state is AgentState.READY
    assert engine.next_due() is None  # the wrap-up timer went with it


def test_no_wrap_up_time_frees_the_agent_at_once() -> None:
    engine = build([queue(wrap_up_seconds=0)], [agent("a1")])
    engine.add_contact(contact("c1"), T0 + 1)
    engine.add_contact(contact("c2"), T0 + 2)
    engine.accept("c1", "a1", T0 + 3)
    engine.complete("c1", T0 + 4)
    assert [e.kind for e in events(engine) if e.contact_id == "c1"][-2:] == ["completed", "wrap-up-ended"]
    assert offered_to(engine, "c2") == ["a1"]


def test_a_talk_is_ended_at_the_queue_handle_time_limit() -> None:
    engine = build([queue(max_handle_seconds=600, wrap_up_seconds=10)], [agent("a1")])
    engine.add_contact(contact("c1"), T0)
    engine.accept("c1", "a1", T0 + 5)
    engine.advance(T0 + 605)
    completed = events(engine, "completed")
    assert [(e.at, e.data["reason"]) for e in completed] == [(T0 + 605, "handle time limit")]
    assert engine.contacts["c1"].state is ContactState.WRAP_UP


# ------------------------------------------------------------------------------------------------ agents


def test_skills_with_levels_pick_the_agent_who_has_enough() -> None:
    engine = build(
        [queue(skills={"de": 2})],
        [
            agent("a1", skills={"de": 1, "billing": 3}),
            agent("a2", skills={"de": 2}),
            agent("a3", skills={"de": 3, "billing": 1}),
        ],
    )
    engine.add_contact(contact("c1"), T0 + 1)  # needs de 2: a1 cannot
    engine.add_contact(contact("c2", skills={"billing": 1}), T0 + 2)  # de 2 and billing 1: a3 only
    engine.add_contact(contact("c3", skills={"de": 3}), T0 + 3)  # a contact's level replaces the queue's
    assert pairs(events(engine)) == [("c1", "a2"), ("c2", "a3")]
    assert engine.contacts["c3"].state is ContactState.WAITING


def test_a_tier_2_member_gets_contacts_only_after_an_escalation_opens_tier_2() -> None:
    engine = build(
        [queue(escalations=(Escalation(30, max_tier=2),))],
        [agent("a1", member("q1", tier=2))],
    )
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 29.9)
    assert engine.contacts["c1"].state is ContactState.WAITING
    assert pairs(events(engine)) == []

    engine.advance(T0 + 30)
    found = events(engine, "escalated", "offered")
    assert [(e.kind, e.agent_id, e.at) for e in found] == [
        ("escalated", None, T0 + 30),
        ("offered", "a1", T0 + 30),
    ]
    assert found[0].data == {"stage": 1}


def test_a_tier_1_member_is_offered_before_tier_2_opens() -> None:
    engine = build(
        [queue(escalations=(Escalation(30, max_tier=2),))],
        [agent("a2", member("q1", tier=2)), agent("a1", member("q1", tier=1))],
    )
    engine.add_contact(contact("c1"), T0 + 1)
    assert pairs(events(engine)) == [("c1", "a1")]


def test_the_lower_penalty_is_offered_first() -> None:
    engine = build(
        [queue()],
        [
            agent("a1", member("q1", penalty=2)),
            agent("a2", member("q1", penalty=1)),
            agent("a3", member("q1", penalty=1)),
        ],
    )
    engine.add_contact(contact("c1"), T0 + 1)
    engine.add_contact(contact("c2"), T0 + 2)
    engine.add_contact(contact("c3"), T0 + 3)
    assert pairs(events(engine)) == [("c1", "a2"), ("c2", "a3"), ("c3", "a1")]


def test_capacity_takes_three_chats_but_no_call_on_top_of_a_chat() -> None:
    engine = build([queue()], [agent("a1")])
    for index in range(1, 5):
        engine.add_contact(contact(f"chat{index}", channel=Channel.CHAT), T0 + index)
        if index < 4:
            engine.accept(f"chat{index}", "a1", T0 + index)
    engine.add_contact(contact("call"), T0 + 10)
    a1 = engine.agents["a1"]
    assert sorted(a1.work) == ["chat1", "chat2", "chat3"]
    assert a1.used == 99
    assert engine.contacts["chat4"].state is ContactState.WAITING
    assert engine.contacts["call"].state is ContactState.WAITING

    engine.complete("chat1", T0 + 20)
    engine.end_wrap_up("chat1", "a1", T0 + 21)
    # The freed third goes to the waiting chat; the call still does not fit.
    assert pairs(events(engine))[-1] == ("chat4", "a1")
    assert engine.contacts["call"].state is ContactState.WAITING


def test_one_chat_already_keeps_a_call_away() -> None:
    engine = build([queue()], [agent("a1")])
    engine.add_contact(contact("chat1", channel=Channel.CHAT), T0)
    engine.accept("chat1", "a1", T0 + 1)
    engine.add_contact(contact("call"), T0 + 2)
    engine.add_contact(contact("chat2", channel=Channel.CHAT), T0 + 3)
    assert pairs(events(engine)) == [("chat1", "a1"), ("chat2", "a1")]  # the older call is skipped
    assert engine.contacts["call"].state is ContactState.WAITING
    engine.accept("chat2", "a1", T0 + 4)
    for name in ("chat1", "chat2"):
        engine.complete(name, T0 + 5)
        engine.end_wrap_up(name, "a1", T0 + 6)
    assert pairs(events(engine)) == [("call", "a1")]  # all chats done: now the call fits


def test_a_call_takes_the_whole_capacity() -> None:
    engine = build([queue()], [agent("a1"), agent("a2", capacity=66)])
    engine.add_contact(contact("call"), T0 + 1)
    engine.accept("call", "a1", T0 + 2)
    engine.add_contact(contact("chat1", channel=Channel.CHAT), T0 + 3)
    engine.add_contact(contact("call2"), T0 + 4)
    assert pairs(events(engine)) == [("call", "a1"), ("chat1", "a2")]
    assert engine.contacts["call2"].state is ContactState.WAITING  # a2 can never take a call (66 < 100)
    assert engine.agents["a1"].used == 100


def test_every_state_change_emits_an_agent_state_event_with_its_time() -> None:
    engine = build([queue(wrap_up_seconds=10)], [agent("a1")], ready=False)
    engine.set_presence("a1", Presence.READY, T0 + 1)
    engine.add_contact(contact("c1"), T0 + 2)
    engine.accept("c1", "a1", T0 + 3)
    engine.complete("c1", T0 + 4)
    engine.advance(T0 + 14)
    engine.set_presence("a1", Presence.NOT_READY, T0 + 15, reason="lunch")
    engine.set_presence("a1", Presence.OFFLINE, T0 + 16)
    changes = [(e.at, e.data["state"], e.data["reason"]) for e in events(engine, "agent-state")]
    assert changes == [
        (T0 + 1, "ready", None),
        (T0 + 2, "offered", None),
        (T0 + 3, "busy", None),
        (T0 + 4, "wrap-up", None),
        (T0 + 14, "ready", None),
        (T0 + 15, "not-ready", "lunch"),
        (T0 + 16, "offline", None),
    ]
    a1 = engine.agents["a1"]
    assert (a1.state, a1.state_since) == (AgentState.OFFLINE, T0 + 16)


def test_going_offline_while_busy_or_in_wrap_up_is_refused() -> None:
    engine = build([queue(wrap_up_seconds=10)], [agent("a1")])
    engine.add_contact(contact("c1"), T0 + 1)
    engine.accept("c1", "a1", T0 + 2)
    with pytest.raises(AgentBusy):
        engine.set_presence("a1", Presence.OFFLINE, T0 + 3)
    engine.complete("c1", T0 + 4)
    with pytest.raises(AgentBusy):
        engine.set_presence("a1", Presence.OFFLINE, T0 + 5)
    engine.set_presence("a1", Presence.NOT_READY, T0 + 6)  # allowed: no new offers, the work goes on
    assert engine.agents["a1"].state is AgentState.WRAP_UP
    engine.advance(T0 + 14)
    assert engine.agents["a1"].state is AgentState.NOT_READY
    engine.set_presence("a1", Presence.OFFLINE, T0 + 15)
    assert engine.agents["a1"].state is AgentState.OFFLINE


def test_not_ready_while_offered_rescinds_and_the_contact_keeps_its_place() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")], ready=False)
    engine.set_presence("a1", Presence.READY, T0)
    engine.add_contact(contact("c1"), T0 + 1)
    engine.add_contact(contact("c2"), T0 + 2)
    engine.set_presence("a1", Presence.NOT_READY, T0 + 3, reason="coffee")
    assert [c.id for c in engine.waiting("q1")] == ["c1", "c2"]
    engine.set_presence("a2", Presence.READY, T0 + 4)
    found = events(engine, "rescinded", "offered")
    assert [(e.kind, e.contact_id, e.agent_id, e.at) for e in found] == [
        ("offered", "c1", "a1", T0 + 1),
        ("rescinded", "c1", "a1", T0 + 3),
        ("offered", "c1", "a2", T0 + 4),
    ]
    assert found[1].data == {"why": "not-ready"}
    assert engine.agents["a1"].work == {}
    assert engine.agents["a1"].used == 0


# ------------------------------------------------------------------------------------------------ ordering


def test_priority_first_then_the_longest_waiting() -> None:
    engine = build([queue()], [agent("a1")], ready=False)
    engine.add_contact(contact("low-old"), T0 + 1)
    engine.add_contact(contact("high-new", priority=2), T0 + 2)
    engine.add_contact(contact("low-new"), T0 + 3)
    engine.add_contact(contact("mid", priority=1), T0 + 4)
    engine.add_contact(contact("high-newer", priority=2), T0 + 5)
    assert [c.id for c in engine.waiting("q1")] == ["high-new", "high-newer", "mid", "low-old", "low-new"]
    assert [engine.position(c)[0] for c in ("high-new", "mid", "low-new")] == [1, 3, 5]

    served = []
    engine.set_presence("a1", Presence.READY, T0 + 10)
    for second in range(11, 16):
        offer = engine.drain().events
        (contact_id, _), *_ = pairs(offer)
        served.append(contact_id)
        engine.accept(contact_id, "a1", T0 + second)
        engine.complete(contact_id, T0 + second)
        engine.end_wrap_up(contact_id, "a1", T0 + second)
    assert served == ["high-new", "high-newer", "mid", "low-old", "low-new"]


def test_the_queue_priority_adds_to_the_contact_priority() -> None:
    engine = build([queue("q1"), queue("vip", priority=5)], [agent("a1", "q1", "vip")], ready=False)
    engine.add_contact(contact("c1", "q1", priority=4), T0 + 1)
    engine.add_contact(contact("v1", "vip"), T0 + 2)
    assert (engine.contacts["c1"].priority, engine.contacts["v1"].priority) == (4, 5)
    engine.set_presence("a1", Presence.READY, T0 + 3)
    assert pairs(events(engine)) == [("v1", "a1")]


def test_an_escalation_to_level_0_drops_a_skill_requirement() -> None:
    engine = build(
        [queue(skills={"de": 3, "billing": 1}, escalations=(Escalation(20, skills={"de": 0}),))],
        [agent("a1", skills={"billing": 1, "de": 1})],
    )
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 19)
    assert engine.contacts["c1"].state is ContactState.WAITING
    engine.advance(T0 + 20)
    assert [(e.kind, e.at) for e in events(engine, "escalated", "offered")] == [
        ("escalated", T0 + 20),
        ("offered", T0 + 20),
    ]


def test_an_escalation_can_lower_a_skill_level_then_open_tiers() -> None:
    engine = build(
        [queue(skills={"de": 3}, escalations=(Escalation(10, skills={"de": 2}), Escalation(40, max_tier=2)))],
        [
            agent("low", skills={"de": 1}),
            agent("mid", skills={"de": 2}, capacity=0),
            agent("t2", member("q1", tier=2), skills={"de": 2}),
        ],
    )
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 10)  # de 2 now, but "mid" has no capacity left and "t2" is tier 2
    assert engine.contacts["c1"].stage == 1
    assert engine.contacts["c1"].state is ContactState.WAITING
    engine.advance(T0 + 40)
    assert pairs(events(engine)) == [("c1", "t2")]
    assert engine.contacts["c1"].stage == 2


def test_fairness_across_queues_the_longest_waiting_contact_wins_whichever_queue() -> None:
    engine = build(
        [queue("sales"), queue("support")],
        [agent("a1", "sales", "support")],
    )
    engine.add_contact(contact("first", "sales"), T0)
    engine.accept("first", "a1", T0 + 1)
    engine.add_contact(contact("s1", "support"), T0 + 2)
    engine.add_contact(contact("x1", "sales"), T0 + 3)
    engine.add_contact(contact("s2", "support"), T0 + 4)
    engine.add_contact(contact("x2", "sales", priority=1), T0 + 5)  # higher priority still goes first
    events(engine)
    served = []
    for second in (10, 11, 12, 13):
        current = next(iter(engine.agents["a1"].work))
        engine.complete(current, T0 + second)
        engine.end_wrap_up(current, "a1", T0 + second)
        ((contact_id, _),) = pairs(events(engine))
        served.append(contact_id)
        engine.accept(contact_id, "a1", T0 + second)
    assert served == ["x2", "s1", "x1", "s2"]


def test_when_an_agent_frees_up_it_takes_the_oldest_contact_it_may_take() -> None:
    engine = build(
        [queue("q1", skills={"fr": 1}), queue("q2")],
        [agent("a1", "q1", "q2"), agent("busy", "q2")],
        ready=False,
    )
    engine.add_contact(contact("french", "q1"), T0)  # a1 lacks the skill
    engine.add_contact(contact("chat", "q2", channel=Channel.CHAT), T0 + 1)
    engine.add_contact(contact("call", "q2"), T0 + 2)
    engine.set_presence("a1", Presence.READY, T0 + 3)
    assert pairs(events(engine)) == [("chat", "a1")]


# ------------------------------------------------------------------------------------------------ offers


def test_an_offer_goes_to_exactly_one_agent() -> None:
    engine = build([queue()], [agent("a1"), agent("a2"), agent("a3")])
    engine.add_contact(contact("c1"), T0 + 1)
    assert pairs(events(engine)) == [("c1", "a1")]
    assert offered_to(engine, "c1") == ["a1"]
    assert [engine.agents[a].state for a in ("a1", "a2", "a3")] == [
        AgentState.OFFERED,
        AgentState.READY,
        AgentState.READY,
    ]


def test_a_missed_offer_puts_the_contact_back_at_the_head_of_its_line() -> None:
    engine = build([queue(offer_timeout_seconds=10)], [agent("a1")], reoffer_pause=30)
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 1)
    engine.add_contact(contact("c3", priority=1), T0 + 2)
    engine.advance(T0 + 10)
    assert [c.id for c in engine.waiting("q1")] == ["c3", "c1", "c2"]  # priority still first, c1 ahead of c2
    missed = events(engine, "missed")
    assert [(e.contact_id, e.agent_id, e.data) for e in missed] == [("c1", "a1", {"in_row": 1})]
    engine.advance(T0 + 40)  # the pause ends
    assert pairs(events(engine)) == [("c3", "a1")]


def test_after_max_missed_offers_in_a_row_the_agent_becomes_not_ready() -> None:
    engine = build([queue(offer_timeout_seconds=10)], [agent("a1")], max_missed_offers=2, reoffer_pause=0)
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 10)  # missed once, offered again at once
    assert engine.agents["a1"].state is AgentState.OFFERED
    engine.advance(T0 + 20)  # missed twice
    found = events(engine, "missed", "agent-state")
    assert [(e.kind, e.at, e.data) for e in found][-2:] == [
        ("missed", T0 + 20, {"in_row": 2}),
        ("agent-state", T0 + 20, {"state": "not-ready", "reason": "missed-offers"}),
    ]
    a1 = engine.agents["a1"]
    assert (a1.presence, a1.reason, a1.state) == (Presence.NOT_READY, "missed-offers", AgentState.NOT_READY)
    assert engine.contacts["c1"].state is ContactState.WAITING
    engine.set_presence("a1", Presence.READY, T0 + 30)
    assert a1.missed_in_row == 0
    assert pairs(events(engine)) == [("c1", "a1")]


def test_an_accept_resets_the_missed_offers_count() -> None:
    engine = build([queue(offer_timeout_seconds=10)], [agent("a1")], max_missed_offers=2, reoffer_pause=0)
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 10)
    engine.accept("c1", "a1", T0 + 11)
    engine.complete("c1", T0 + 12)
    engine.end_wrap_up("c1", "a1", T0 + 13)
    engine.add_contact(contact("c2"), T0 + 14)
    engine.advance(T0 + 24)
    assert engine.agents["a1"].presence is Presence.READY
    assert engine.agents["a1"].missed_in_row == 1


def test_a_burst_of_contacts_spreads_over_the_free_agents() -> None:
    engine = build([queue()], [agent(f"a{i}") for i in range(1, 5)])
    for index in range(1, 7):
        engine.add_contact(contact(f"c{index}"), T0 + 1)
    assert pairs(events(engine)) == [("c1", "a1"), ("c2", "a2"), ("c3", "a3"), ("c4", "a4")]
    assert [c.id for c in engine.waiting("q1")] == ["c5", "c6"]


def test_a_burst_of_chats_spreads_before_doubling_up() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")])
    for index in range(1, 3):
        engine.add_contact(contact(f"c{index}", channel=Channel.CHAT), T0 + 1)
    assert pairs(events(engine)) == [("c1", "a1"), ("c2", "a2")]


def test_a_declined_offer_pauses_that_agent() -> None:
    engine = build([queue()], [agent("a1")], reoffer_pause=8)
    engine.add_contact(contact("c1"), T0)
    engine.decline("c1", "a1", T0 + 2)
    assert engine.agents["a1"].paused_until == T0 + 10
    assert engine.contacts["c1"].state is ContactState.WAITING
    engine.advance(T0 + 9.9)
    assert pairs(events(engine)) == [("c1", "a1")]  # only the first offer
    engine.advance(T0 + 10)
    found = events(engine, "offered")
    assert [(e.contact_id, e.agent_id, e.at) for e in found] == [("c1", "a1", T0 + 10)]


def test_a_declined_offer_goes_to_the_next_agent_at_once() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")])
    engine.add_contact(contact("c1"), T0)
    engine.decline("c1", "a1", T0 + 2)
    found = events(engine, "offered", "declined")
    assert [(e.kind, e.agent_id, e.at) for e in found] == [
        ("offered", "a1", T0),
        ("declined", "a1", T0 + 2),
        ("offered", "a2", T0 + 2),
    ]


def test_only_the_offered_agent_can_accept() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")])
    engine.add_contact(contact("c1"), T0)
    with pytest.raises(NoSuchOffer):
        engine.accept("c1", "a2", T0 + 1)
    engine.accept("c1", "a1", T0 + 1)
    with pytest.raises(NoSuchOffer):
        engine.accept("c1", "a1", T0 + 2)


def test_an_abandoned_offer_is_rescinded_and_frees_the_agent() -> None:
    engine = build([queue()], [agent("a1")])
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 1)
    engine.abandon("c1", T0 + 5)
    found = events(engine, "rescinded", "abandoned", "offered")
    assert [(e.kind, e.contact_id, e.agent_id) for e in found] == [
        ("offered", "c1", "a1"),
        ("rescinded", "c1", "a1"),
        ("abandoned", "c1", None),
        ("offered", "c2", "a1"),
    ]
    assert found[2].data == {"waited": 5.0}
    assert "c1" not in engine.contacts


def test_an_escalation_does_not_touch_a_contact_in_conversation() -> None:
    engine = build([queue(escalations=(Escalation(30, max_tier=2),))], [agent("a1")])
    engine.add_contact(contact("c1"), T0)
    engine.accept("c1", "a1", T0 + 5)
    engine.advance(T0 + 100)
    assert events(engine, "escalated") == []
    assert engine.contacts["c1"].stage == 0


# ------------------------------------------------------------------------------------------------ estimates


def test_the_handle_time_blends_the_default_until_enough_contacts_were_seen() -> None:
    handle = HandleTime(180)
    assert handle.estimate() == 180
    handle.observe(60)
    assert handle.estimate() == pytest.approx((60 + 9 * 180) / 10)
    for _ in range(9):
        handle.observe(60)
    assert handle.estimate() == pytest.approx(60)
    assert expected_wait(3, 2, 100) == 150
    assert expected_wait(1, 0, 100) is None


def test_position_and_expected_wait() -> None:
    engine = build([queue(default_aht_seconds=200, wrap_up_seconds=0)], [agent("a1"), agent("a2")])
    for index in range(1, 5):
        engine.add_contact(contact(f"c{index}"), T0 + index)
    engine.accept("c1", "a1", T0 + 10)
    assert engine.position("c1") == (None, 0.0)
    assert engine.position("c3") == (1, 1 * 200 / 2)
    assert engine.position("c4") == (2, 2 * 200 / 2)

    engine.complete("c1", T0 + 110)  # one handled in 100 s: (100 + 9 * 200) / 10 = 190
    assert engine.handle_times["q1"].estimate() == pytest.approx(190)
    assert engine.position("c4") == (1, pytest.approx(190 / 2))


def test_the_estimate_counts_the_slots_of_the_channel_over_working_agents() -> None:
    engine = build([queue(default_aht_seconds=300)], [agent("a1"), agent("a2", capacity=66)], ready=False)
    engine.add_contact(contact("early", channel=Channel.CHAT), T0)
    assert engine.position("early") == (1, None)  # nobody is there: no estimate
    engine.abandon("early", T0 + 1)

    engine.set_presence("a1", Presence.READY, T0 + 2)
    engine.set_presence("a2", Presence.READY, T0 + 2)
    engine.add_contact(contact("call"), T0 + 3)
    engine.accept("call", "a1", T0 + 4)
    for name in ("chat1", "chat2"):
        engine.add_contact(contact(name, channel=Channel.CHAT), T0 + 5)
        engine.accept(name, "a2", T0 + 5)
    engine.add_contact(contact("chat3", channel=Channel.CHAT), T0 + 6)
    engine.add_contact(contact("chat4", channel=Channel.CHAT), T0 + 7)
    engine.add_contact(contact("call2"), T0 + 8)
    engine.set_presence("a2", Presence.NOT_READY, T0 + 9)  # still working: its slots still count
    # Chat slots: a1 100 // 33 = 3, a2 66 // 33 = 2. Call slots: a1 only.
    assert engine.position("chat3") == (1, 1 * 300 / 5)
    assert engine.position("chat4") == (2, 2 * 300 / 5)
    assert engine.position("call2") == (3, 3 * 300 / 1)
