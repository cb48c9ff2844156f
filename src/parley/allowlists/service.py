"""Use cases of the allowlists: read them (cached for the per-request check), replace them, clear them.

A list set in the configuration (PARLEY_STAFF_ALLOWLIST, PARLEY_API_ALLOWLIST) overrides the database's and
cannot be changed through the API or `parley access clear`. The check reads the lists from memory; the
cache is dropped when this process changes them and re-read after `ttl_seconds` otherwise (another server
process, the command line).
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from parley.allowlists import store
from parley.allowlists.errors import AllowlistLocksYouOut, AllowlistSetByConfig
from parley.allowlists.model import Allowlists, Surface
from parley.platform.clock import Clock
from parley.platform.db import Database
from parley.platform.networks import Network, as_text, parse_networks, split_setting

SETTING_OF = {Surface.SIGN_IN: "PARLEY_STAFF_ALLOWLIST", Surface.API: "PARLEY_API_ALLOWLIST"}


@dataclass(frozen=True)
class Stored:
    """The effective lists with where each comes from and who changed the database's last."""

    lists: Allowlists
    from_config: frozenset[Surface]
    updated_at: datetime | None
    updated_by: str | None


def fixed_lists(staff_allowlist: str, api_allowlist: str) -> dict[Surface, tuple[Network, ...]]:
    """The lists the configuration sets (an empty setting sets none); raises BadNetwork on a bad entry."""
    fixed: dict[Surface, tuple[Network, ...]] = {}
    for surface, text in ((Surface.SIGN_IN, staff_allowlist), (Surface.API, api_allowlist)):
        if text.strip():
            fixed[surface] = parse_networks(split_setting(text))
    return fixed


class NetworkAccess:
    def __init__(self, clock: Clock, fixed: dict[Surface, tuple[Network, ...]], ttl_seconds: float) -> None:
        self.clock = clock
        self.fixed = fixed
        self.ttl_seconds = ttl_seconds
        self._cached: Allowlists | None = None
        self._read_at = -math.inf
        self._lock = asyncio.Lock()

    def _merge(self, stored: dict[str, list[str]]) -> Allowlists:
        def one(surface: Surface) -> tuple[Network, ...]:
            if surface in self.fixed:
                return self.fixed[surface]
            return parse_networks(stored.get(surface.value, []))

        return Allowlists(sign_in=one(Surface.SIGN_IN), api=one(Surface.API))

    async def read(self, db: AsyncSession) -> Stored:
        rows = await store.rows(db)
        latest = max(rows, key=lambda row: row.updated_at, default=None)
        return Stored(
            lists=self._merge({row.name: row.networks for row in rows}),
            from_config=frozenset(self.fixed),
            updated_at=latest.updated_at if latest else None,
            updated_by=latest.updated_by if latest else None,
        )

    async def lists(self, database: Database) -> Allowlists:
        """The effective lists for the per-request check: from memory while fresh. A failed read keeps the
        last lists read; with none read yet it raises (the caller refuses the request)."""
        if len(self.fixed) == len(SETTING_OF):
            return Allowlists(sign_in=self.fixed[Surface.SIGN_IN], api=self.fixed[Surface.API])
        if self._cached is not None and time.monotonic() - self._read_at < self.ttl_seconds:
            return self._cached
        async with self._lock:
            if self._cached is not None and time.monotonic() - self._read_at < self.ttl_seconds:
                return self._cached
            try:
                async with database.sessions() as db:
                    self._cached = (await self.read(db)).lists
            except (SQLAlchemyError, OSError, TimeoutError):
                if self._cached is None:
                    raise
                return self._cached  # the database is away: keep enforcing what was last read
            self._read_at = time.monotonic()
            return self._cached

    def forget(self, db: AsyncSession) -> None:
        """Drop the cached lists now and when `db`'s transaction commits (a check meanwhile may re-read the
        rows as they were before the change)."""

        def drop(_session: object = None) -> None:
            self._read_at = -math.inf

        drop()
        event.listen(db.sync_session, "after_commit", drop, once=True)

    async def replace(self, db: AsyncSession, actor: str, address: str | None, wanted: Allowlists) -> Stored:
        """Store both lists. Refused when a list the configuration sets would change, or when the new lists
        would refuse `address`, the address of the admin making the change."""
        for surface, setting in SETTING_OF.items():
            if surface in self.fixed and wanted.of(surface) != self.fixed[surface]:
                raise AllowlistSetByConfig(
                    f"the {surface.value} list is set by {setting} in the configuration",
                    allowlist=surface.value,
                    setting=setting,
                )
        refusing = wanted.locks_out(address)
        if refusing is not None:
            raise AllowlistLocksYouOut(
                f"your address {address or 'unknown'} is not in the new {refusing.value} list; add it first",
                allowlist=refusing.value,
                address=address or "unknown",
            )
        now = self.clock()
        for surface in SETTING_OF:
            if surface not in self.fixed:
                await store.put(db, surface.value, as_text(wanted.of(surface)), now, actor)
        self.forget(db)
        return await self.read(db)

    async def clear(self, db: AsyncSession, actor: str) -> Stored:
        """Empty the database's lists (the command line's way back in); lists from the configuration stay."""
        now = self.clock()
        for surface in SETTING_OF:
            await store.put(db, surface.value, [], now, actor)
        self.forget(db)
        return await self.read(db)
