"""The two indexes routing decides with, so that a decision never scans everything.

`Line`: a queue's waiting contacts in buckets of equal requirements (escalation stage, extra skills, channel),
each bucket ordered by (-priority, time in line, arrival number). An agent checks one head per bucket.

`Pool`: a queue's agents who can take an offer now, ordered by the queue's strategy key. A contact takes
the first agent in that order who has the skills, the tier and the free capacity for its channel.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

from sortedcontainers import SortedList

#: (-priority, line_at, seq, contact_id): the order of a line.
LineEntry = tuple[int, float, int, str]
BucketKey = tuple[int, frozenset[tuple[str, int]], str]


class Line:
    __slots__ = ("_buckets", "_heads", "_size")

    def __init__(self) -> None:
        self._buckets: dict[BucketKey, Any] = {}
        # The first entry of every bucket, in line order: an agent reads them best-first and stops at the
        # first it may take, instead of looking at every bucket.
        self._heads: Any = SortedList()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, bucket: BucketKey, entry: LineEntry) -> None:
        found = self._buckets.get(bucket)
        if found is None:
            found = self._buckets[bucket] = SortedList()
        if not found:
            self._heads.add((entry, bucket))
        elif entry < found[0]:
            self._heads.remove((found[0], bucket))
            self._heads.add((entry, bucket))
        found.add(entry)
        self._size += 1

    def remove(self, bucket: BucketKey, entry: LineEntry) -> None:
        found = self._buckets[bucket]
        head = found[0]
        found.remove(entry)
        self._size -= 1
        if entry == head:
            self._heads.remove((head, bucket))
            if found:
                self._heads.add((found[0], bucket))
        if not found:
            del self._buckets[bucket]

    def heads(self) -> Iterator[tuple[LineEntry, BucketKey]]:
        """(first entry, bucket) of every bucket, best first."""
        return iter(self._heads)

    def entries(self) -> Iterator[LineEntry]:
        """Every waiting contact, in line order (merging the buckets)."""
        yield from sorted(entry for entries in self._buckets.values() for entry in entries)

    def position(self, entry: LineEntry) -> int:
        """1-based place in the whole line: how many entries of any bucket come first, plus one."""
        return 1 + sum(int(entries.bisect_left(entry)) for entries in self._buckets.values())

    def oldest(self) -> float | None:
        """The earliest time in line (a line is ordered by priority first, so this looks at every entry)."""
        return min((entry[1] for entries in self._buckets.values() for entry in entries), default=None)


class Pool:
    """Agents free for a queue, by strategy key; the key is fixed while an agent is in the pool."""

    __slots__ = ("_keys", "_order")

    def __init__(self) -> None:
        self._order: Any = SortedList()
        self._keys: dict[str, tuple[Hashable, ...]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, agent_id: str) -> bool:
        return agent_id in self._keys

    def add(self, agent_id: str, key: tuple[Hashable, ...]) -> None:
        if agent_id in self._keys:
            self.discard(agent_id)
        self._keys[agent_id] = key
        self._order.add((*key, agent_id))

    def discard(self, agent_id: str) -> None:
        key = self._keys.pop(agent_id, None)
        if key is not None:
            self._order.remove((*key, agent_id))

    def in_order(self) -> Iterator[str]:
        for item in self._order:
            yield item[-1]
