"""The CSV export of interactions: its columns, its cells (defused against spreadsheet formulas) and the
stream that reads the interactions a chunk at a time."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any

from parley.desk.views import interaction_out
from parley.reports.store import Exported

CSV_COLUMNS = (
    "id", "channel", "direction", "queue", "request_type", "subject", "from", "customer_id",
    "customer_name", "agent_id", "outcome", "received_at", "answered_at", "ended_at", "closed_at",
    "wait_s", "talk_s", "hold_s", "holds", "wrap_up_s", "total_s", "notes",
)  # fmt: skip

#: The export reads this many interactions at a time and lets other requests run in between, so a large
#: export does not hold up the desk (on SQLite statements run on the server's one thread).
EXPORT_CHUNK = 250
EXPORT_LIMIT = 100_000

#: Reads the next chunk: at most `limit` interactions after the last one sent (none: from the start).
ReadChunk = Callable[[int, tuple[datetime, str] | None], Awaitable[list[Exported]]]


async def csv_stream(read: ReadChunk, now: float) -> AsyncIterator[str]:
    """The export as CSV text, oldest first, at most EXPORT_LIMIT rows, a chunk per piece.

    The first chunk is read before this returns, so a failing query raises here (and the caller answers
    with a problem) rather than in the middle of a 200."""
    first = await read(min(EXPORT_CHUNK, EXPORT_LIMIT), None)

    async def lines() -> AsyncIterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        sent = 0
        chunk = first
        while True:
            write_rows(writer, chunk, now)
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            sent += len(chunk)
            if len(chunk) < EXPORT_CHUNK or sent >= EXPORT_LIMIT:
                return
            after = (chunk[-1][0].received_at, chunk[-1][0].id)  # keyset paging: after the last row sent
            await asyncio.sleep(0)  # the desk's requests go in between chunks
            chunk = await read(min(EXPORT_CHUNK, EXPORT_LIMIT - sent), after)

    return lines()


def write_rows(writer: Any, rows: Iterable[Exported], now: float) -> None:
    for row, name in rows:
        item = interaction_out(row, now)
        d = item.durations
        writer.writerow(
            [
                _cell(row.id), _cell(row.channel), _cell(row.direction), _cell(row.queue_id or ""),
                _cell(row.request_type or ""), _cell(row.subject), _cell(row.from_address),
                row.customer_id or "", _cell(name or ""), row.agent_id or "",
                _cell(row.outcome or ""), _iso(row.received_at), _iso(row.answered_at), _iso(row.ended_at),
                _iso(row.closed_at), _num(d.wait), _num(d.talk), _num(d.hold), item.holds, _num(d.wrap_up),
                _num(d.total), _cell(row.notes),
            ]
        )  # fmt: skip


def _cell(text: str | None) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: defuse them (CSV injection). Every text
    column goes through here (numbers and ISO times are written by the export itself and cannot start so)."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
