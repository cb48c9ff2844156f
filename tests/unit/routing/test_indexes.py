"""The indexes routing decides with (`Line`, `Pool`) against plain models, and the engine's cache of who
fits a bucket's contacts, which a change of profile must reset."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.routing import pools
from parley.routing.model import ContactState, Strategy
from parley.routing.pools import BucketKey, Line, LineEntry, Pool
from tests.unit.routing.builders import T0, agent, build, contact, events, member, pairs, queue

BUCKETS: list[BucketKey] = [
    (0, frozenset(), "voice"),
    (0, frozenset({("fr", 1)}), "voice"),
    (1, frozenset(), "voice"),
    (0, frozenset(), "chat"),
]

#: (add?, bucket, priority, time): entries get a fresh sequence number, so they are unique as in a line.
LINE_OPERATIONS = st.lists(
    st.tuples(
        st.booleans(),
        st.integers(0, len(BUCKETS) - 1),
        st.sampled_from((0, 1, 5)),
        st.integers(0, 20).map(float),
    ),
    max_size=120,
)


@pytest.mark.parametrize("big_bucket", [3, pools.BIG_BUCKET])
@settings(max_examples=150, deadline=None)
@given(operations=LINE_OPERATIONS, picks=st.lists(st.integers(0, 10_000), min_size=120, max_size=120))
def test_a_line_keeps_each_bucket_in_order_and_its_heads_best_first(
    big_bucket: int,
    operations: list[tuple[bool, int, int, float]],
    picks: list[int],
) -> None:
    # With a tiny BIG_BUCKET, buckets turn into SortedLists and keep working the same.
    with mock.patch.object(pools, "BIG_BUCKET", big_bucket):
        play_line(operations, picks)


def play_line(operations: list[tuple[bool, int, int, float]], picks: list[int]) -> None:
    line, model = Line(), {bucket: [] for bucket in BUCKETS}
    for number, ((add, index, priority, at), pick) in enumerate(zip(operations, picks, strict=False)):
        bucket = BUCKETS[index]
        if add or not model[bucket]:
            entry: LineEntry = (-priority, at, number, f"c{number}")
            line.add(bucket, entry)
            model[bucket].append(entry)
        else:  # take the head (an offer) or any other entry (an abandon, an escalation)
            entry = sorted(model[bucket])[0 if pick % 2 else pick % len(model[bucket])]
            line.remove(bucket, entry)
            model[bucket].remove(entry)
        everything = sorted(entry for entries in model.values() for entry in entries)
        assert len(line) == len(everything)
        assert line.heads == sorted((min(entries), b) for b, entries in model.items() if entries)
        assert dict(line.buckets()) == {b: sorted(entries) for b, entries in model.items() if entries}
        assert list(line.entries()) == everything
        assert line.oldest() == min((entry[1] for entry in everything), default=None)
        for place, entry in enumerate(everything, start=1):
            assert line.position(entry) == place


def test_removing_what_a_line_does_not_hold_fails() -> None:
    line = Line()
    line.add(BUCKETS[0], (0, 1.0, 1, "c1"))
    line.add(BUCKETS[0], (0, 2.0, 2, "c2"))
    with pytest.raises(ValueError, match="not in bucket"):
        line.remove(BUCKETS[0], (0, 1.5, 3, "c3"))
    assert len(line) == 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 8), st.integers(0, 3), st.integers(0, 5)), max_size=80)
)
def test_a_pool_gives_its_agents_in_key_order(operations: list[tuple[bool, int, int, int]]) -> None:
    pool, model = Pool(), {}
    for add, number, penalty, idle in operations:
        agent_id = f"a{number}"
        if add:
            key = (penalty, float(idle), number)
            pool.add(agent_id, key)
            model[agent_id] = key
        else:
            pool.discard(agent_id)
            model.pop(agent_id, None)
        assert list(pool.in_order()) == sorted(model, key=lambda a: (*model[a], a))
        assert len(pool) == len(model)
        assert all(agent_id in pool for agent_id in model)


# ------------------------------------------------------------------------------------------ who fits


def test_a_free_agent_given_the_skill_takes_the_next_contact_that_needs_it() -> None:
    engine = build([queue(skills={"fr": 2})], [agent("a1", skills={"fr": 1})])
    engine.add_contact(contact("c1"), T0 + 1)  # a1 is free but lacks the level: c1 waits
    assert pairs(events(engine)) == []
    engine.abandon("c1", T0 + 2)
    engine.set_agent(agent("a1", skills={"fr": 2}), T0 + 3)
    engine.add_contact(contact("c2"), T0 + 4)
    assert pairs(events(engine)) == [("c2", "a1")]


def test_a_free_agent_who_lost_a_skill_is_not_offered_contacts_that_need_it() -> None:
    # Random strategy: an arrival looks at every free agent of the lowest penalty, so both are known to fit.
    config = queue(skills={"fr": 2}, strategy=Strategy.RANDOM)
    engine = build([config], [agent("a1", skills={"fr": 2}), agent("a2", skills={"fr": 2})])
    engine.add_contact(contact("c1"), T0 + 1)
    [(_, taken)] = pairs(events(engine))
    other = "a2" if taken == "a1" else "a1"
    engine.set_agent(agent(other, skills={"fr": 1}), T0 + 2)
    engine.add_contact(contact("c2"), T0 + 3)
    assert pairs(events(engine)) == []
    assert engine.contacts["c2"].state is ContactState.WAITING


def test_a_free_agent_moved_to_tier_2_waits_for_the_escalation() -> None:
    engine = build([queue()], [agent("a1")])
    engine.add_contact(contact("c1"), T0 + 1)  # a1 fits the bucket: known from now on
    engine.decline("c1", "a1", T0 + 2)  # c1 back in line, a1 paused
    engine.abandon("c1", T0 + 3)
    engine.set_agent(agent("a1", member("q1", tier=2)), T0 + 10)
    engine.drain()
    engine.add_contact(contact("c2"), T0 + 11)
    assert pairs(events(engine)) == []
    assert engine.contacts["c2"].state is ContactState.WAITING
