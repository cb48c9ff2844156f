"""The garbage-collection policy: survivors of a full collection are frozen (so the next one walks only what
is new), and once in a while everything is unfrozen so a full collection sees the whole heap again."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from parley.platform.gc_policy import GcPolicy


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_survivors_of_a_full_collection_are_frozen_and_the_next_walks_only_new_objects(
    unfrozen: None,
) -> None:
    now = [0.0]
    policy = GcPolicy(whole_every_s=3600, clock=lambda: now[0])
    kept = [[i] for i in range(20_000)]  # long-lived objects, as a server's connections
    gc.callbacks.append(policy.collected)
    try:
        gc.collect()
        assert policy.frozen_after == 1
        assert gc.get_freeze_count() >= len(kept)
        assert len(gc.get_objects(generation=2)) < 1_000  # a full collection now walks little
        young = [[i] for i in range(100)]
        gc.collect(0)
        gc.collect(1)
        assert policy.frozen_after == 1  # only full collections freeze
        now[0] = 3600.0
        gc.collect()  # an hour on: everything is unfrozen for the next full collection
        assert policy.wholes == 1
        assert gc.get_freeze_count() == 0
        now[0] = 3601.0
        gc.collect()
        assert policy.frozen_after == 2
        assert gc.get_freeze_count() >= len(kept) + len(young)
    finally:
        gc.callbacks.remove(policy.collected)


def test_cyclic_garbage_among_frozen_objects_is_collected_on_the_hourly_whole_collection(
    unfrozen: None,
) -> None:
    now = [0.0]
    policy = GcPolicy(whole_every_s=3600, clock=lambda: now[0])

    class Node:
        def __init__(self) -> None:
            self.me = self

    freed: list[str] = []
    node = Node()
    weakref.finalize(node, freed.append, "node")
    gc.callbacks.append(policy.collected)
    try:
        gc.collect()  # node survives and is frozen
        del node  # a cycle: only a collection can free it, and frozen objects are not collected
        gc.collect()
        assert freed == []
        now[0] = 3600.0
        gc.collect()  # unfreezes
        gc.collect()  # the whole heap: the cycle goes
        assert freed == ["node"]
    finally:
        gc.callbacks.remove(policy.collected)
