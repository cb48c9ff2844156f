"""The reports' use cases: find interactions a page at a time, and export them as CSV."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk.views import interaction_out
from parley.platform.clock import Clock
from parley.platform.db import Database
from parley.reports import export, store
from parley.reports.model import InteractionFilter
from parley.reports.schemas import InteractionPage


class Reports:
    """Reads across interactions. `region` is the phone region customers' numbers are matched in."""

    def __init__(self, clock: Clock, database: Database, region: str) -> None:
        self.clock = clock
        self.database = database
        self.region = region

    async def find_interactions(
        self, db: AsyncSession, match: InteractionFilter, limit: int, offset: int
    ) -> InteractionPage:
        """How many interactions match in all, and a page of them (newest first)."""
        total, found = await store.search_interactions(db, match, self.region, limit, offset)
        now = self.clock().timestamp()
        return InteractionPage(total, [interaction_out(row, now, name, agent) for row, name, agent in found])

    async def export_csv(self, match: InteractionFilter) -> AsyncIterator[str]:
        """The matching interactions as CSV, oldest first, streamed a chunk at a time. Each chunk is read in
        a session of its own: the stream outlives the request's unit of work."""

        async def read(limit: int, after: tuple[datetime, str] | None) -> list[store.Exported]:
            async with self.database.sessions() as db:
                return await store.export_chunk(db, match, self.region, limit, after)

        return await export.csv_stream(read, self.clock().timestamp())
