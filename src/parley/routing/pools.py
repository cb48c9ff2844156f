"""The two indexes routing decides with, so that a decision never scans everything.

`Line`: a queue's waiting contacts in buckets of equal requirements (escalation stage, extra skills, channel),
each bucket ordered by (-priority, time in line, arrival number). An agent reads the buckets' heads best
first and stops at the first it may take.

`Pool`: a queue's agents who can take an offer now, ordered by the queue's strategy key. A contact takes
the first agent in that order who has the skills, the tier and the free capacity for its channel.

Sorted sets that stay small (a line's bucket heads, a queue's free agents, a bucket up to `BIG_BUCKET`
contacts) are plain lists kept in order with `bisect`, which runs in C where a `SortedList` call runs in
Python; at these sizes a list's move of pointers on insert or delete costs less than that call. A bucket
that grows past `BIG_BUCKET` becomes a `SortedList`, whose inserts and deletes stay cheap at any size.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Hashable, Iterator
from operator import itemgetter
from typing import Any

from sortedcontainers import SortedList

#: (-priority, line_at, seq, contact_id): the order of a line.
LineEntry = tuple[int, float, int, str]
BucketKey = tuple[int, frozenset[tuple[str, int]], str]
Head = tuple[LineEntry, BucketKey]
#: Past this many contacts a bucket is a `SortedList` instead of a plain list (whose delete at the head moves
#: every pointer behind it): about where a `SortedList` splits its own lists.
BIG_BUCKET = 2_000


class Line:
    __slots__ = ("_buckets", "_first", "_size", "heads")

    def __init__(self) -> None:
        #: bucket -> its entries in order: a list, or a SortedList once it grew past BIG_BUCKET
        self._buckets: dict[BucketKey, Any] = {}
        self._first: dict[BucketKey, LineEntry] = {}  # bucket -> its first entry
        #: (first entry, bucket) of every bucket, best first; read-only outside this class. An agent reads
        #: them in order and stops at the first it may take, instead of looking at every bucket. Entries are
        #: unique (they end with the contact's id), so two heads never compare by their buckets.
        self.heads: list[Head] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, bucket: BucketKey, entry: LineEntry) -> None:
        found = self._buckets.get(bucket)
        if found is None:
            self._buckets[bucket] = [entry]
            self._first[bucket] = entry
            insort(self.heads, (entry, bucket))
        else:
            if type(found) is list and len(found) >= BIG_BUCKET:
                found = self._buckets[bucket] = SortedList(found)
            if type(found) is list:
                insort(found, entry)
            else:
                found.add(entry)
            first = self._first[bucket]
            if entry < first:
                heads = self.heads
                del heads[bisect_left(heads, (first, bucket))]
                self._first[bucket] = entry
                insort(heads, (entry, bucket))
        self._size += 1

    def remove(self, bucket: BucketKey, entry: LineEntry) -> None:
        found = self._buckets[bucket]
        if entry != self._first[bucket]:
            if type(found) is list:
                index = bisect_left(found, entry)
                if index == len(found) or found[index] != entry:
                    raise ValueError(f"{entry} is not in bucket {bucket}")
                del found[index]
            else:
                found.remove(entry)
            self._size -= 1
            return
        # The head, as when a contact is offered: no search in the bucket, and its next entry, which
        # comes after it, takes a place in the heads at or after the one it leaves.
        del found[0]
        self._size -= 1
        heads = self.heads
        index = bisect_left(heads, (entry, bucket))
        del heads[index]
        if found:
            first = self._first[bucket] = found[0]
            insort(heads, (first, bucket), index)
        else:
            del self._buckets[bucket], self._first[bucket]

    def buckets(self) -> Iterator[tuple[BucketKey, list[LineEntry]]]:
        """Every bucket with its entries in order (none is empty)."""
        for bucket, entries in self._buckets.items():
            yield bucket, list(entries)

    def entries(self) -> Iterator[LineEntry]:
        """Every waiting contact, in line order (merging the buckets)."""
        yield from sorted(entry for entries in self._buckets.values() for entry in entries)

    def position(self, entry: LineEntry) -> int:
        """1-based place in the whole line: how many entries of any bucket come first, plus one."""
        return 1 + sum(
            bisect_left(entries, entry) if type(entries) is list else int(entries.bisect_left(entry))
            for entries in self._buckets.values()
        )

    def oldest(self) -> float | None:
        """The earliest time in line (a line is ordered by priority first, so this looks at every entry)."""
        return min((entry[1] for entries in self._buckets.values() for entry in entries), default=None)


class Pool:
    """Agents free for a queue, by strategy key; the key is fixed while an agent is in the pool."""

    __slots__ = ("_keys", "_order")

    def __init__(self) -> None:
        self._order: list[tuple[Any, ...]] = []  # (*key, agent_id), in order
        self._keys: dict[str, tuple[Any, ...]] = {}  # agent -> its item in _order

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, agent_id: str) -> bool:
        return agent_id in self._keys

    def add(self, agent_id: str, key: tuple[Hashable, ...]) -> None:
        if agent_id in self._keys:
            self.discard(agent_id)
        item = self._keys[agent_id] = (*key, agent_id)
        insort(self._order, item)

    def discard(self, agent_id: str) -> None:
        item = self._keys.pop(agent_id, None)
        if item is not None:
            order = self._order
            del order[bisect_left(order, item)]

    def in_order(self) -> Iterator[str]:
        """The agents, first to be offered first; do not change the pool while reading it."""
        return map(_last, self._order)


_last = itemgetter(-1)
