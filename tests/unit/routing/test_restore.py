"""A restart: snapshot the engine as plain data, restore it, and nothing is lost or reordered."""

from __future__ import annotations

import json
from typing import Any

from parley.routing import restore
from parley.routing.engine import Engine
from parley.routing.model import (
    AgentState,
    Channel,
    ClosedBehaviour,
    ContactState,
    Escalation,
    OpeningHours,
    Overflow,
    Presence,
    Strategy,
)
from tests.unit.routing.builders import T0, agent, build, contact, events, member, offered_to, pairs, queue


def restart(engine: Engine, now: float, **options: Any) -> Engine:
    """Snapshot through JSON, as a store would keep it, and restore at `now`."""
    engine.drain()
    return restore.restore(json.loads(json.dumps(restore.snapshot(engine))), now, **options)


def test_waiting_contacts_come_back_in_the_same_order() -> None:
    engine = build([queue("q1"), queue("q2")], [agent("a1", "q1", "q2")], ready=False)
    for index, (queue_id, priority) in enumerate([("q1", 0), ("q2", 0), ("q1", 2), ("q1", 0), ("q2", 1)]):
        engine.add_contact(contact(f"c{index}", queue_id, priority=priority), T0 + index)
    before = {q: [c.id for c in engine.waiting(q)] for q in ("q1", "q2")}
    assert before == {"q1": ["c2", "c0", "c3"], "q2": ["c4", "c1"]}

    fresh = restart(engine, T0 + 100)
    assert {q: [c.id for c in fresh.waiting(q)] for q in ("q1", "q2")} == before
    assert [fresh.position(c)[0] for c in ("c2", "c0", "c3")] == [1, 2, 3]
    assert {c.id: c.as_dict() for c in fresh.contacts.values()} == {
        c.id: c.as_dict() for c in engine.contacts.values()
    }
    assert events(fresh, "offered") == []
    fresh.set_presence("a1", Presence.READY, T0 + 101)
    assert pairs(events(fresh)) == [("c2", "a1")]


def test_offered_contacts_wait_again_at_their_place_and_their_agents_are_free() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")], ready=False)
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 1)
    engine.add_contact(contact("c3"), T0 + 2)
    engine.set_presence("a1", Presence.READY, T0 + 3)
    assert offered_to(engine, "c1") == ["a1"]

    fresh = restart(engine, T0 + 10)
    found = events(fresh)
    assert pairs(found) == [("c1", "a1")]  # c1 is first again, and the free a1 takes it
    assert found[0].at == T0 + 10
    assert fresh.contacts["c1"].offer_expires == T0 + 30
    assert [c.id for c in fresh.waiting("q1")] == ["c2", "c3"]
    assert fresh.agents["a1"].used == 100
    assert fresh.agents["a2"].state is AgentState.OFFLINE


def test_an_offered_contact_keeps_its_place_after_a_restart_with_nobody_free() -> None:
    engine = build([queue()], [agent("a1")], ready=False)
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 1)
    engine.set_presence("a1", Presence.READY, T0 + 2)
    snapshot = json.loads(json.dumps(restore.snapshot(engine)))
    for raw in snapshot["agents"]:
        raw["presence"] = "not-ready"  # say a1 was marked not ready while the engine was down
    fresh = restore.restore(snapshot, T0 + 5)
    assert [c.id for c in fresh.waiting("q1")] == ["c1", "c2"]
    assert fresh.contacts["c1"].offers == {}
    assert fresh.agents["a1"].work == {}
    assert fresh.agents["a1"].used == 0
    assert fresh.agents["a1"].state is AgentState.NOT_READY


def test_connected_and_wrap_up_contacts_are_kept() -> None:
    engine = build([queue(wrap_up_seconds=60)], [agent("a1"), agent("a2")])
    engine.add_contact(contact("talk"), T0)
    engine.accept("talk", "a1", T0 + 1)
    engine.add_contact(contact("wrap"), T0 + 2)
    engine.accept("wrap", "a2", T0 + 3)
    engine.complete("wrap", T0 + 10)
    engine.add_contact(contact("next"), T0 + 11)

    fresh = restart(engine, T0 + 20)
    assert events(fresh, "offered") == []
    assert fresh.contacts["talk"].state is ContactState.CONNECTED
    assert fresh.contacts["wrap"].state is ContactState.WRAP_UP
    assert (fresh.agents["a1"].state, fresh.agents["a1"].work, fresh.agents["a1"].used) == (
        AgentState.BUSY,
        {"talk": "connected"},
        100,
    )
    assert (fresh.agents["a2"].state, fresh.agents["a2"].work) == (AgentState.WRAP_UP, {"wrap": "wrap-up"})
    fresh.advance(T0 + 69)
    assert fresh.contacts["wrap"].state is ContactState.WRAP_UP  # held to its end
    fresh.advance(T0 + 70)
    found = events(fresh, "wrap-up-ended", "offered")
    assert [(e.kind, e.contact_id, e.agent_id, e.at) for e in found] == [
        ("wrap-up-ended", "wrap", "a2", T0 + 70),
        ("offered", "next", "a2", T0 + 70),
    ]
    fresh.complete("talk", T0 + 80, agent_id="a1")
    assert fresh.contacts["talk"].state is ContactState.WRAP_UP


def test_a_wrap_up_that_ended_while_down_ends_at_the_restart() -> None:
    engine = build([queue(wrap_up_seconds=30)], [agent("a1")])
    engine.add_contact(contact("c1"), T0)
    engine.accept("c1", "a1", T0 + 1)
    engine.complete("c1", T0 + 10)
    engine.add_contact(contact("c2"), T0 + 11)
    fresh = restart(engine, T0 + 500)
    found = events(fresh, "wrap-up-ended", "offered")
    assert [(e.kind, e.contact_id, e.at) for e in found] == [
        ("wrap-up-ended", "c1", T0 + 500),
        ("offered", "c2", T0 + 500),
    ]


def test_scheduled_callbacks_are_kept() -> None:
    engine = build([queue()], [agent("a1")], ready=False)
    engine.add_contact(contact("cb"), T0)
    engine.request_callback("cb", T0 + 1, at=T0 + 3600)
    engine.add_contact(contact("cb2", channel=Channel.CALLBACK), T0 + 2)
    engine.request_callback("cb2", T0 + 3, at=T0 + 7200)

    fresh = restart(engine, T0 + 100)
    assert (fresh.contacts["cb"].state, fresh.contacts["cb"].callback_at) == (
        ContactState.SCHEDULED,
        T0 + 3600,
    )
    assert fresh.next_due() == T0 + 3600
    fresh.set_presence("a1", Presence.READY, T0 + 200)
    fresh.advance(T0 + 3600)
    found = events(fresh, "callback-due", "offered")
    assert [(e.kind, e.contact_id, e.at) for e in found] == [
        ("callback-due", "cb", T0 + 3600),
        ("offered", "cb", T0 + 3600),
    ]
    assert fresh.contacts["cb2"].callback_at == T0 + 7200


def test_escalation_and_overflow_times_survive_a_restart() -> None:
    engine = build(
        [
            queue("other"),
            queue(
                "q1",
                escalations=(Escalation(10, max_tier=2), Escalation(50, max_tier=3)),
                overflow=Overflow(80, "other"),
            ),
        ],
        [agent("t3", member("q1", tier=3))],
    )
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 20)
    assert engine.contacts["c1"].stage == 1
    fresh = restart(engine, T0 + 30)
    assert fresh.contacts["c1"].stage == 1
    fresh.advance(T0 + 49)
    assert fresh.contacts["c1"].state is ContactState.WAITING
    fresh.advance(T0 + 50)
    assert pairs(events(fresh)) == [("c1", "t3")]
    fresh.decline("c1", "t3", T0 + 51)
    fresh.set_presence("t3", Presence.NOT_READY, T0 + 52)
    fresh = restart(fresh, T0 + 60)
    fresh.advance(T0 + 79)
    assert fresh.contacts["c1"].queue_id == "q1"
    fresh.advance(T0 + 80)
    assert fresh.contacts["c1"].queue_id == "other"


def test_round_robin_resumes_after_a_restart() -> None:
    engine = build(
        [queue(strategy=Strategy.ROUND_ROBIN, wrap_up_seconds=0)], [agent("a1"), agent("a2"), agent("a3")]
    )
    engine.add_contact(contact("c1"), T0 + 1)
    engine.accept("c1", "a1", T0 + 2)
    engine.complete("c1", T0 + 3)
    engine.add_contact(contact("c2"), T0 + 4)
    assert pairs(events(engine)) == [("c1", "a1"), ("c2", "a2")]
    fresh = restart(engine, T0 + 5)
    # c2's offer to a2 was dropped; a1 had the last contact before it, so it is not a1's turn.
    assert pairs(events(fresh)) == [("c2", "a3")]


def test_the_strategy_decides_after_a_restart_too() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")], ready=False)
    engine.set_presence("a2", Presence.READY, T0)
    engine.set_presence("a1", Presence.READY, T0 + 50)
    engine.add_contact(contact("c1"), T0 + 60)
    assert pairs(events(engine)) == [("c1", "a2")]  # idle the longest
    fresh = restart(engine, T0 + 70)
    assert pairs(events(fresh)) == [("c1", "a2")]  # still the longest idle, though a1 comes first in order


def test_ring_all_rings_everyone_after_a_restart() -> None:
    engine = build([queue(strategy=Strategy.RING_ALL)], [agent("a1"), agent("a2"), agent("a3")])
    engine.add_contact(contact("c1"), T0)
    assert offered_to(engine, "c1") == ["a1", "a2", "a3"]
    fresh = restart(engine, T0 + 5)
    assert offered_to(fresh, "c1") == ["a1", "a2", "a3"]


def test_counters_handle_times_and_agent_days_are_kept() -> None:
    engine = build([queue(default_aht_seconds=100, wrap_up_seconds=0)], [agent("a1")])
    engine.add_contact(contact("c1"), T0)
    engine.accept("c1", "a1", T0 + 5)
    engine.complete("c1", T0 + 65)
    engine.add_contact(contact("c2"), T0 + 70)
    engine.abandon("c2", T0 + 75)
    fresh = restart(engine, T0 + 80)
    assert fresh.queue_stats("q1", T0 + 80) == engine.queue_stats("q1", T0 + 80)
    assert fresh.handle_times["q1"] == engine.handle_times["q1"]
    assert fresh.agents["a1"].handled_today == 1
    assert fresh.agents["a1"].idle_since == T0 + 65


def test_a_restore_keeps_every_queue_setting() -> None:
    config = queue(
        "q1",
        channels=(Channel.VOICE, Channel.CALLBACK),
        priority=3,
        skills={"de": 2},
        strategy=Strategy.BEST_SKILL,
        max_size=7,
        overflow=Overflow(90, "q0"),
        hours=OpeningHours("Europe/Berlin", {0: ((540, 1020),), 6: ((0, 1440),)}),
        closed_behaviour=ClosedBehaviour.OVERFLOW,
        closed_queue="q0",
        escalations=(Escalation(30, max_tier=2, skills={"de": 1}),),
        callback_attempts=5,
    )
    engine = build([queue("q0"), config])
    fresh = restart(engine, T0 + 1)
    assert fresh.queues["q1"] == config
    assert list(fresh.queues) == ["q0", "q1"]


def test_a_queue_stored_with_a_script_loads_without_it() -> None:
    """Queues stored before #14 carry the desk's script in their config: routing ignores it (the desk's
    migration copies it to its own table), and what routing writes back has none."""
    config = queue("q1", priority=2)
    stored = {**restore.queue_as_dict(config), "script": "handle-complaint"}
    assert restore.queue_from_dict(stored) == config
    assert "script" not in restore.queue_as_dict(restore.queue_from_dict(stored))


def test_the_pause_after_a_declined_offer_goes_on_after_a_restart() -> None:
    engine = build([queue()], [agent("a1")], reoffer_pause=30.0)
    engine.add_contact(contact("c1"), T0)
    engine.decline("c1", "a1", T0 + 1)  # a1 rests until T0 + 31
    fresh = restart(engine, T0 + 5, reoffer_pause=30.0)
    assert fresh.agents["a1"].paused_until == T0 + 31
    assert pairs(events(fresh)) == []
    fresh.advance(T0 + 31)
    assert pairs(events(fresh)) == [("c1", "a1")]
