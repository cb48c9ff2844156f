"""The CSV export's stream reads the interactions a chunk at a time after the last row sent (keyset paging),
stops at its limit, and defuses every text cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from parley.desk.tables import InteractionRow
from parley.reports import export
from parley.reports.store import Exported

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _row(n: int, subject: str = "") -> InteractionRow:
    return InteractionRow(
        id=f"c-{n}",
        channel="voice",
        direction="inbound",
        queue_id="orders",
        request_type=None,
        subject=subject or f"Order {n}",
        from_address="+84901234567",
        customer_id=None,
        agent_id=None,
        outcome=None,
        notes="",
        phase="received",
        timeline=[],
        captured={},
        received_at=START + timedelta(minutes=n),
    )


class FakeReads:
    """Serves `rows` as the store would (oldest first, after the key given) and records each read."""

    def __init__(self, rows: list[InteractionRow]) -> None:
        self.rows = rows
        self.reads: list[tuple[int, tuple[datetime, str] | None]] = []

    async def __call__(self, limit: int, after: tuple[datetime, str] | None) -> list[Exported]:
        self.reads.append((limit, after))
        start = 0 if after is None else next(i + 1 for i, r in enumerate(self.rows) if r.id == after[1])
        return [(row, None) for row in self.rows[start : start + limit]]


async def _exported(read: FakeReads) -> list[dict[str, str]]:
    text = "".join([piece async for piece in await export.csv_stream(read, START.timestamp())])
    return list(csv.DictReader(io.StringIO(text)))


async def test_chunks_follow_the_last_row_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_CHUNK", 2)
    rows = [_row(n) for n in range(5)]
    read = FakeReads(rows)
    exported = await _exported(read)
    assert [r["id"] for r in exported] == [f"c-{n}" for n in range(5)]
    assert read.reads == [
        (2, None),
        (2, (rows[1].received_at, "c-1")),
        (2, (rows[3].received_at, "c-3")),
    ]


async def test_the_first_chunk_is_read_before_the_stream_starts() -> None:
    read = FakeReads([_row(0)])
    stream = await export.csv_stream(read, START.timestamp())
    assert read.reads == [(export.EXPORT_CHUNK, None)]  # a failing query raises before any 200
    pieces = [piece async for piece in stream]
    assert pieces[0].startswith("id,channel,direction")


async def test_the_export_stops_at_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXPORT_CHUNK", 2)
    monkeypatch.setattr(export, "EXPORT_LIMIT", 3)
    read = FakeReads([_row(n) for n in range(5)])
    assert [r["id"] for r in await _exported(read)] == ["c-0", "c-1", "c-2"]
    assert [limit for limit, _ in read.reads] == [2, 1]


@pytest.mark.parametrize("hostile", ["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_is_defused(hostile: str) -> None:
    assert export._cell(hostile) == "'" + hostile


def test_plain_text_and_nothing_are_kept() -> None:
    assert export._cell("Order 1") == "Order 1"
    assert export._cell(None) == ""
