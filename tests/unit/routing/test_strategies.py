"""Which free agent a queue's strategy offers a contact to."""

from __future__ import annotations

from collections import Counter

from parley.routing.engine import Engine
from parley.routing.model import AgentState, ContactState, Presence, Strategy
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


def handle(engine: Engine, contact_id: str, agent_id: str, at: float) -> None:
    """Accept, complete and end the wrap-up of an offered contact, all at `at`."""
    engine.accept(contact_id, agent_id, at)
    engine.complete(contact_id, at)
    if contact_id in engine.contacts:
        engine.end_wrap_up(contact_id, agent_id, at)


def serve(engine: Engine, count: int, start: float) -> list[str]:
    """Contacts arrive one by one and are handled at once; the agents they were offered to, in order."""
    served = []
    for index in range(count):
        at = start + index
        engine.add_contact(contact(f"s{index}"), at)
        ((contact_id, agent_id),) = pairs(events(engine))
        assert contact_id == f"s{index}"
        assert agent_id is not None
        served.append(agent_id)
        handle(engine, contact_id, agent_id, at)
    return served


def test_longest_idle_offers_the_agent_free_the_longest() -> None:
    engine = build([queue(wrap_up_seconds=0)], [agent("a1"), agent("a2"), agent("a3")])
    engine.add_contact(contact("c1"), T0 + 1)
    engine.add_contact(contact("c2"), T0 + 1)
    handle(engine, "c2", "a2", T0 + 40)
    handle(engine, "c1", "a1", T0 + 50)  # idle since: a3 T0, a2 T0 + 40, a1 T0 + 50
    events(engine)
    assert serve(engine, 1, T0 + 60) == ["a3"]
    assert serve(engine, 3, T0 + 70) == ["a2", "a1", "a3"]


def test_an_offer_that_ends_unanswered_keeps_the_agent_idle_time() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")], ready=False, reoffer_pause=0)
    engine.set_presence("a1", Presence.READY, T0)
    engine.set_presence("a2", Presence.READY, T0 + 10)
    engine.add_contact(contact("c1"), T0 + 20)
    engine.abandon("c1", T0 + 25)  # the customer hung up while it rang for a1
    engine.add_contact(contact("c2"), T0 + 30)
    engine.decline("c2", "a1", T0 + 31)  # goes to a2
    engine.add_contact(contact("c3"), T0 + 40)
    assert pairs(events(engine)) == [("c1", "a1"), ("c2", "a1"), ("c2", "a2"), ("c3", "a1")]
    assert engine.agents["a1"].idle_since == T0


def test_fewest_handled_offers_the_agent_with_the_fewest_contacts_today() -> None:
    engine = build([queue(strategy=Strategy.FEWEST_HANDLED, wrap_up_seconds=0)], [agent("a1"), agent("a2")])
    handled = serve(engine, 3, T0 + 1)
    assert handled == ["a1", "a2", "a1"]  # a tie goes to the longest idle
    engine.set_agent(agent("a3"), T0 + 10)
    engine.set_presence("a3", Presence.READY, T0 + 10)
    events(engine)
    assert serve(engine, 3, T0 + 20) == ["a3", "a2", "a3"]
    assert [engine.agents[a].handled_today for a in ("a1", "a2", "a3")] == [2, 2, 2]


def test_fewest_handled_starts_from_zero_on_a_new_day() -> None:
    engine = build([queue(strategy=Strategy.FEWEST_HANDLED, wrap_up_seconds=0)], [agent("a1")])
    assert serve(engine, 3, T0 + 1) == ["a1", "a1", "a1"]
    engine.set_agent(agent("a2"), T0 + 10)
    engine.set_presence("a2", Presence.READY, T0 + 10)
    events(engine)
    # The next day a1's three contacts of yesterday no longer count: the tie goes to a1, idle the longest.
    assert serve(engine, 2, T0 + 86_400 + 5) == ["a1", "a2"]


def test_round_robin_goes_around_and_skips_busy_agents() -> None:
    engine = build(
        [queue(strategy=Strategy.ROUND_ROBIN, wrap_up_seconds=0)], [agent("a1"), agent("a2"), agent("a3")]
    )
    assert serve(engine, 4, T0 + 1) == ["a1", "a2", "a3", "a1"]
    engine.add_contact(contact("long"), T0 + 10)  # a2 is next and keeps it
    engine.accept("long", "a2", T0 + 10)
    assert pairs(events(engine)) == [("long", "a2")]
    assert serve(engine, 3, T0 + 20) == ["a3", "a1", "a3"]


def test_round_robin_resumes_after_the_last_one_offered_even_if_it_missed() -> None:
    engine = build(
        [queue(strategy=Strategy.ROUND_ROBIN, wrap_up_seconds=0, offer_timeout_seconds=10)],
        [agent("a1"), agent("a2"), agent("a3")],
        reoffer_pause=0,
    )
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 10)  # a1 missed: c1 goes on to a2
    engine.decline("c1", "a2", T0 + 11)  # a2 declined: to a3
    engine.accept("c1", "a3", T0 + 12)
    assert pairs(events(engine)) == [("c1", "a1"), ("c1", "a2"), ("c1", "a3")]
    engine.add_contact(contact("c2"), T0 + 13)
    assert pairs(events(engine)) == [("c2", "a1")]


def test_best_skill_offers_the_highest_level_then_the_longest_idle() -> None:
    engine = build(
        [queue(strategy=Strategy.BEST_SKILL, skills={"de": 1, "en": 1}, wrap_up_seconds=0)],
        [
            agent("a1", skills={"de": 1, "en": 1}),
            agent("a2", skills={"de": 3, "en": 2}),
            agent("a3", skills={"de": 2, "en": 3}),
            agent("a4", skills={"de": 3, "en": 3, "fr": 3}),
        ],
        ready=False,
    )
    for at, agent_id in ((T0, "a1"), (T0 + 1, "a3"), (T0 + 2, "a2"), (T0 + 3, "a4")):
        engine.set_presence(agent_id, Presence.READY, at)
    for index in range(4):
        engine.add_contact(contact(f"c{index}"), T0 + 10)
    # a4 has 6, then a3 and a2 have 5 each: a3 has been idle longer; a1 has 2.
    assert pairs(events(engine)) == [("c0", "a4"), ("c1", "a3"), ("c2", "a2"), ("c3", "a1")]


def test_random_is_deterministic_with_a_seed_and_spreads() -> None:
    def run(seed: int) -> list[str]:
        engine = build(
            [queue(strategy=Strategy.RANDOM, wrap_up_seconds=0)],
            [agent("a1"), agent("a2"), agent("a3")],
            seed=seed,
        )
        return serve(engine, 60, T0 + 1)

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first != other
    counts = Counter(first)
    assert set(counts) == {"a1", "a2", "a3"}
    assert min(counts.values()) >= 10, counts
    assert first[:12] != ["a1", "a2", "a3"] * 4
    assert len(set(first[:6])) > 1


def test_penalty_comes_before_the_strategy() -> None:
    engine = build(
        [queue(strategy=Strategy.BEST_SKILL, skills={"de": 1}, wrap_up_seconds=0)],
        [agent("expert", member("q1", penalty=1), skills={"de": 3}), agent("novice", skills={"de": 1})],
    )
    assert serve(engine, 1, T0 + 1) == ["novice"]


def test_ring_all_offers_every_eligible_agent_and_the_first_accept_wins() -> None:
    engine = build(
        [queue(strategy=Strategy.RING_ALL, skills={"de": 1})],
        [
            agent("a1", skills={"de": 1}),
            agent("a2", skills={"de": 2}),
            agent("a3", skills={"de": 1}),
            agent("no-skill"),
            agent("tier2", member("q1", tier=2), skills={"de": 1}),
        ],
    )
    engine.add_contact(contact("c1"), T0)
    assert pairs(events(engine)) == [("c1", "a1"), ("c1", "a2"), ("c1", "a3")]
    assert [engine.agents[a].state for a in ("a1", "a2", "a3")] == [AgentState.OFFERED] * 3

    engine.accept("c1", "a2", T0 + 3)
    found = events(engine, "rescinded", "accepted")
    assert [(e.kind, e.agent_id, e.data) for e in found] == [
        ("rescinded", "a1", {"why": "taken"}),
        ("rescinded", "a3", {"why": "taken"}),
        ("accepted", "a2", {"wait": 3.0}),
    ]
    assert [engine.agents[a].state for a in ("a1", "a2", "a3")] == [
        AgentState.READY,
        AgentState.BUSY,
        AgentState.READY,
    ]
    assert engine.agents["a1"].used == 0
    assert engine.agents["a3"].used == 0


def test_ring_all_keeps_ringing_the_others_when_one_declines() -> None:
    engine = build([queue(strategy=Strategy.RING_ALL)], [agent("a1"), agent("a2")])
    engine.add_contact(contact("c1"), T0)
    engine.decline("c1", "a1", T0 + 1)
    assert offered_to(engine, "c1") == ["a2"]
    assert engine.contacts["c1"].state is ContactState.OFFERED
    engine.decline("c1", "a2", T0 + 2)
    assert engine.contacts["c1"].state is ContactState.WAITING


def test_ring_all_times_out_for_everyone() -> None:
    engine = build(
        [queue(strategy=Strategy.RING_ALL, offer_timeout_seconds=10)],
        [agent("a1"), agent("a2")],
        reoffer_pause=5,
    )
    engine.add_contact(contact("c1"), T0)
    engine.advance(T0 + 10)
    assert [(e.agent_id, e.at) for e in events(engine, "missed")] == [("a1", T0 + 10), ("a2", T0 + 10)]
    assert engine.contacts["c1"].state is ContactState.WAITING
    engine.advance(T0 + 15)  # both pauses end: it rings both again
    assert sorted(pairs(events(engine))) == [("c1", "a1"), ("c1", "a2")]


def test_ring_all_rings_every_agent_freed_at_the_same_moment() -> None:
    engine = build([queue(strategy=Strategy.RING_ALL)], [agent("a1"), agent("a2"), agent("a3")])
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 1)  # everyone is ringing for c1: c2 waits
    engine.accept("c1", "a1", T0 + 2)  # a2 and a3 are free again at once: c2 rings both
    assert pairs(events(engine)) == [
        ("c1", "a1"),
        ("c1", "a2"),
        ("c1", "a3"),
        ("c2", "a2"),
        ("c2", "a3"),
    ]
    engine.set_agent(agent("a4"), T0 + 4)
    engine.set_presence("a4", Presence.READY, T0 + 4)  # c2 rings since T0 + 2: a4 waits for the next ring
    assert offered_to(engine, "c2") == ["a2", "a3"]
    assert engine.agents["a4"].state is AgentState.READY
    engine.add_contact(contact("c3"), T0 + 5)
    assert offered_to(engine, "c3") == ["a4"]
    engine.decline("c2", "a2", T0 + 6)
    engine.decline("c2", "a3", T0 + 6)
    engine.advance(T0 + 11)  # both pauses end together: c2 rings both again
    assert offered_to(engine, "c2") == ["a2", "a3"]
